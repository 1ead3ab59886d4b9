"""`party show` a page at a time: what it reads from the link tables and the reply rows is
the whole dossier cut to the page. The whole is read from every record naming the State
(the path `--known-at` takes); asked as known at the log's last record, it is the answer
now, so the two must agree on every list, count and row, on any day."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from ccc.projections.obligations import party_dossier
from tests.projections.conftest import days_that_matter, run, synthetic_store


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bench/generate.py's log of 2,000 records and the register: treaty obligations,
    letters asking for replies, replies naming a letter or none, corrections and
    retractions, dates to the month, ranges and open starts."""
    return synthetic_store(tmp_path_factory.mktemp("dossier"), 2000, register=True)


def states(connection: sqlite3.Connection) -> list[str]:
    """The States the log's records name most, and two it names least."""
    named = [
        row[0]
        for row in connection.execute(
            "SELECT party FROM record_parties WHERE party_kind = 'state'"
            " GROUP BY party ORDER BY count(*) DESC, party"
        )
    ]
    return [*named[:6], *named[-2:]]


def compare(store: Path, days: list[date], limits: tuple[int, ...]) -> int:
    """Page against whole for each State, day and limit; how many pages were compared."""
    compared = 0
    with sqlite3.connect(f"file:{store / 'views.db'}?mode=ro", uri=True) as connection:
        now = connection.execute(  # the last record or amendment
            "SELECT MAX(recorded_at) FROM (SELECT recorded_at FROM records"
            " UNION ALL SELECT recorded_at FROM amendments)"
        ).fetchone()[0]
        for state in states(connection):
            for day in days:
                for limit in limits:
                    page = party_dossier(connection, state, day, None, limit=limit)
                    whole = party_dossier(connection, state, day, now, limit=limit)
                    assert page == whole, (state, day, limit)
                    compared += 1
    return compared


def test_a_page_is_the_whole_cut_to_it_on_a_synthetic_log(registered):
    with sqlite3.connect(registered / "views.db") as connection:
        days = days_that_matter(connection, ("letter", "communication"))[::8]
    assert compare(registered, [*days, date(2025, 12, 31)], (1, 3, 20)) >= 100
    with sqlite3.connect(registered / "views.db") as connection:
        busiest = states(connection)[0]
    page = party_dossier(connection_for(registered), busiest, date(2025, 12, 31), None, limit=3)
    # The synthetic log gives its busiest State something in every list.
    assert all(page["listed_of"][name] > 3 for name in ("obligations", "correspondence"))
    assert page["listed_of"]["replies"] > 0 and page["cases"]


def test_a_page_is_the_whole_cut_to_it_after_corrections_and_retractions(amended):
    """The 2025 example with letters awaiting replies: a reply with an open start, one
    dated by month naming no letter, one retracted; a meeting moved, records restricted."""
    with sqlite3.connect(amended / "views.db") as connection:
        days = days_that_matter(connection)
    assert compare(amended, days, (1, 2, 20)) >= 100


def test_a_retraction_leaves_the_pages_counts(tmp_path):
    """A retracted letter is no longer counted or listed by `party show`: its link rows
    and reply rows say so."""
    store = tmp_path / "store"
    run(store, "case", "open", "tst-1", "--title", "Test", "--state", "Peru",
        "--occurred", "2025-01-02")  # fmt: skip
    letter = run(store, "record", "letter", "--to", "Peru", "--case", "tst-1", "--subject",
                 "Asked", "--occurred", "2025-02-01", "--reply-requested-by", "2025-03-01",
                 "--summary", "A letter.").strip()  # fmt: skip

    def page() -> dict:
        shown = run(store, "party", "show", "Peru", "--as-of", "2025-06-01", "--limit", "5",
                    "--json")  # fmt: skip
        return json.loads(shown)

    before = page()
    assert before["listed_of"] == {"obligations": 1, "correspondence": 1, "replies": 0}
    assert [o["status"] for o in before["obligations"]] == ["overdue"]
    run(store, "retract", letter, "--reason", "Sent in error.")
    after = page()
    assert after["listed_of"] == {"obligations": 0, "correspondence": 0, "replies": 0}
    assert after["correspondence"] == after["obligations"] == []
    assert after["cases"] == ["tst-1"]  # the case's opening still names Peru


def connection_for(store: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{store / 'views.db'}?mode=ro", uri=True)
