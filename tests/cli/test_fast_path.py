"""A query on an up-to-date store must not pay for the write side: it imports neither
eventsourcing, pydantic, edtf, pycountry, sqlite-utils nor rich (see BENCHMARKS.md)."""

import json
import subprocess
import sys

from tests.conftest import written_by_another

HEAVY = ["eventsourcing", "pydantic", "edtf", "pycountry", "sqlite_utils", "rich", "yaml"]
PROBE = """
import json, sys
from ccc.cli import cli
cli.main(sys.argv[1:], standalone_mode=False)
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def every_module_loaded_by(*args):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


def modules_loaded_by(*args):
    """The top-level packages a command loads."""
    return sorted({name.split(".")[0] for name in every_module_loaded_by(*args)})


def test_status_json_on_an_up_to_date_store_imports_nothing_heavy(seeded):
    seeded.ok("status")  # bring the views up to date
    loaded = modules_loaded_by("status", "--json")
    assert [name for name in HEAVY if name in loaded] == []


def test_history_log_and_case_show_json_stay_light_too(seeded):
    seeded.ok("status")
    for args in (
        ["history", "ukraine-art1-2025", "--json"],
        ["log", "--json"],
        ["log", "--limit", "5", "--party", "UKR", "--json"],
        ["case", "show", "ukraine-art1-2025", "--json"],
    ):
        assert [name for name in HEAVY if name in modules_loaded_by(*args)] == []


def test_a_stale_store_catches_up_first(seeded):
    seeded.ok("status")
    written_by_another(seeded, "record", "note", "--occurred", "2025-01-01", "--summary", "New.")
    stale = every_module_loaded_by("log", "--json")
    assert "ccc.projections.catch_up" in stale
    # It reads the stored JSON of what it catches up: neither the write side's libraries
    # nor the domain's models (ccc.projections.decode).
    assert [name for name in HEAVY if name in {m.split(".")[0] for m in stale}] == []
    assert "ccc.projections.catch_up" not in every_module_loaded_by("log", "--json")


def test_a_read_after_ones_own_write_finds_the_views_current(seeded, store):
    """The write brings the views up to date itself, while what that needs is loaded: the
    next command loads none of the write side, and shows the record."""
    seeded.ok("status")
    seeded.ok("record", "note", "--occurred", "2025-01-01", "--summary", "Mine.")
    loaded = modules_loaded_by("log", "--limit", "1", "--json")
    assert [name for name in HEAVY if name in loaded] == []
    shown = subprocess.run([sys.executable, "-m", "ccc", "log", "--json"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "Mine." in {row["summary"] for row in json.loads(shown)}


def test_a_write_never_waits_for_the_views_nor_builds_them(seeded, store):
    """Views being updated by another process: the write is done at once and leaves them
    to the next read. No views yet: the write does not build them (a rebuild of a large
    log is minutes); the next read does, with its progress bar."""
    from ccc.store.paths import Store, last_event_position, views_position

    seeded.ok("status")
    written_by_another(seeded, "record", "note", "--occurred", "2025-01-01", "--summary", "A.")
    assert views_position(Store(str(store))) == last_event_position(Store(str(store))) - 1
    assert "A." in {row["summary"] for row in seeded.json("log")}  # the read catches up
    for name in ("views.db", "views.db-wal", "views.db-shm"):
        (store / name).unlink(missing_ok=True)
    seeded.ok("record", "note", "--occurred", "2025-01-02", "--summary", "B.")
    assert views_position(Store(str(store))) is None
    assert "B." in {row["summary"] for row in seeded.json("log")}
    (store / "views.db").write_bytes(b"not a database at all")  # damaged: discarded
    seeded.ok("record", "note", "--occurred", "2025-01-03", "--summary", "C.")
    assert views_position(Store(str(store))) is None  # and not built by the write
    assert "C." in {row["summary"] for row in seeded.json("log")}


def test_views_far_behind_are_left_to_the_next_read(seeded, store, monkeypatch):
    """More than AFTER_A_WRITE events behind (another officer's import): the write does
    not make its own caller wait for them."""
    from ccc.projections import catch_up
    from ccc.store.paths import Store, views_position

    seeded.ok("status")
    written_by_another(seeded, "record", "note", "--occurred", "2025-01-01", "--summary", "A.")
    monkeypatch.setattr(catch_up, "AFTER_A_WRITE", 1)
    before = views_position(Store(str(store)))
    seeded.ok("record", "note", "--occurred", "2025-01-02", "--summary", "B.")
    assert views_position(Store(str(store))) == before
    monkeypatch.setattr(catch_up, "AFTER_A_WRITE", 3)  # now 3 behind: the write projects them
    seeded.ok("record", "note", "--occurred", "2025-01-03", "--summary", "C.")
    assert views_position(Store(str(store))) == before + 3


def test_an_import_brings_the_views_up_to_date_with_what_it_wrote(seeded, store, tmp_path):
    """Every write command projects what it wrote (up to AFTER_A_WRITE events): a small
    import too, and loading the register again."""
    from ccc.store.paths import Store, last_event_position, views_position

    seeded.ok("status")
    path = tmp_path / "two.yaml"
    path.write_text(
        "- {kind: note, occurred: 2025-01-01, summary: One.}\n"
        "- {kind: note, occurred: 2025-01-02, summary: Two.}\n",
        encoding="utf-8",
    )
    assert "Imported 2 new record(s)" in seeded.ok("import", str(path))
    assert views_position(Store(str(store))) == last_event_position(Store(str(store)))
    seeded.ok("register", "load")
    assert views_position(Store(str(store))) == last_event_position(Store(str(store)))
