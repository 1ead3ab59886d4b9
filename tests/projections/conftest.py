"""Stores shared by the tests that compare what the views keep with what the records say."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccc.cli import cli
from tests.conftest import ROOT, SEED


def days_that_matter(connection: sqlite3.Connection, kinds: tuple[str, ...] = ()) -> list[date]:
    """About 80 of the days on which records (of these kinds) begin or end, and the days
    either side of them, and two days before and after everything."""
    days: set[date] = set()
    where = f" WHERE kind IN ({', '.join('?' * len(kinds))})" if kinds else ""
    for earliest, latest in connection.execute(
        f"SELECT earliest, latest FROM records{where}", kinds
    ):
        for text in (earliest, latest):
            if text:
                day = date.fromisoformat(text)
                days.update({day - timedelta(days=1), day, day + timedelta(days=1)})
    ordered = sorted(days)
    return [*ordered[:: max(len(ordered) // 80, 1)], date(1990, 1, 1), date(2100, 1, 1)]


def run(store: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env={"CCC_STORE": str(store), "CCC_ACTOR": "t"})
    assert result.exit_code == 0, result.output
    return result.stdout


def synthetic_store(folder: Path, count: int, *, register: bool = False) -> Path:
    """A store of bench/generate.py's log of `count` records (and the register), with its
    views built."""
    data = folder / "log.json"
    subprocess.run([sys.executable, ROOT / "bench" / "generate.py", str(count), data], check=True)
    store = folder / "store"
    if register:
        run(store, "register", "load")
    run(store, "import", str(data))
    run(store, "status")  # the views
    return store


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_store(tmp_path_factory.mktemp("synthetic"), 1500)


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2025 example, with letters awaiting replies (one restricted), then a meeting's
    date moved, a meeting and a case restricted, an allegation retracted."""
    store = tmp_path_factory.mktemp("amended") / "store"
    run(store, "import", str(SEED))
    letters = []
    for day, extra in (("2025-03-03", ["--restricted"]), ("2025-04-04", []),
                       ("2025-05-05", []), ("2025-06", [])):  # fmt: skip
        letters.append(json.loads(run(
            store, "record", "letter", "--case", "ukraine-art1-2025", "--to", "UKR",
            "--subject", "Clarification", "--occurred", day, "--summary", f"Letter of {day}.",
            "--reply-requested-by", "2025-07-01", "--json", *extra))["id"])  # fmt: skip
    # Replies: one naming a letter with an open start, one naming none dated by month, and
    # one naming a letter that a retraction takes back.
    for day, extra in (("../2025-04-20", ["--in-reply-to", letters[1]]), ("2025-05", []),
                       ("2025-06-10", ["--in-reply-to", letters[2]])):  # fmt: skip
        reply = json.loads(run(
            store, "record", "communication", "--from", "UKR", "--case", "ukraine-art1-2025",
            "--occurred", day, "--summary", f"Reply of {day}.", "--json", *extra
        ))["id"]  # fmt: skip
    run(store, "retract", reply, "--reason", "Not a reply.")
    ukraine = json.loads(run(store, "history", "ukraine-art1-2025", "--json"))
    cambodia = json.loads(run(store, "history", "cambodia-thailand-2025", "--json"))
    meetings = [e["id"] for e in ukraine if e["kind"] == "meeting"]
    allegation = next(e["id"] for e in cambodia if e["kind"] == "allegation")
    opening = next(e["id"] for e in cambodia if e["kind"] == "case-open")
    run(store, "correct", meetings[1], "--set", "occurred=2025-10-02", "--reason", "Minutes.")
    run(store, "correct", meetings[2], "--set", "restricted=true", "--reason", "Confidential.")
    run(store, "correct", opening, "--set", "restricted=true", "--reason", "Confidential.")
    run(store, "retract", allegation, "--reason", "Recorded in error.")
    run(store, "status")
    return store
