"""The layout is the architecture: layers only point down, nothing imports in a circle,
and a read never goes through the write side (docs/architecture.md)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_in_pyproject_hold():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "import-linter is installed with the test extras"
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_module_of_ccc_imports_itself_in_a_circle():
    graph = grimp.build_graph("ccc")
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for module in ("a", "b", "c"):
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_domain_imports_nothing_of_ccc_but_its_errors():
    graph = grimp.build_graph("ccc")
    outside = {
        imported
        for module in graph.find_children("ccc.domain")
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("ccc.") and not imported.startswith("ccc.domain")
    }
    assert outside <= {"ccc.errors"}


def test_a_read_opens_no_write_application(seeded, store):
    """Reads go through a read-only reader: they install nothing in the event store, even
    when they bring the views up to date (the write application would reinstall the
    append-only triggers)."""
    seeded.ok("record", "note", "--occurred", "2025-01-02", "--summary", "Not yet in the views.")
    with sqlite3.connect(store / "events.db") as connection:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            connection.execute(f"DROP TRIGGER {name}")
    notes = seeded.json("log", "--kind", "note")  # brings the views up to date
    assert [n["summary"] for n in notes] == ["Not yet in the views."]
    seeded.ok("status")
    with sqlite3.connect(store / "events.db") as connection:
        triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchall() == []
    seeded.ok("record", "note", "--occurred", "2025-01-03", "--summary", "A write.")
    with sqlite3.connect(store / "events.db") as connection:
        triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {name for (name,) in triggers}
    assert {"stored_events_no_update", "stored_events_no_delete"} <= names  # put back


def test_a_read_of_a_store_that_does_not_exist_creates_nothing(ccc, tmp_path):
    missing = tmp_path / "nowhere"
    for command in (["status"], ["log"], ["history", "x"], ["verify"], ["members"]):
        ccc.refuses("--store", str(missing), *command)
    assert not missing.exists()
