"""Queries cost what their answer costs: the SQL behind `ccc log` reads the records in the
index's order and stops at the limit, whatever its filters (EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from ccc.projections.trail import log_query

FILTERS = [
    {},
    {"kinds": ("letter",)},
    {"kinds": ("letter", "meeting"), "since": date(2025, 6, 1)},
    {"party": "UKR"},
    {"party": "UKR", "public": True},
    {"case": "ukraine-art1-2025"},
    {"as_of": date(2025, 5, 1)},
    {"kinds": ("note",), "party": "KHM", "case": "x", "since": date(2025, 1, 1),
     "as_of": date(2025, 12, 31)},
]  # fmt: skip


def plan(connection: sqlite3.Connection, sql: str, params: list) -> list[str]:
    return [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_log_never_scans_or_sorts_the_whole_records_table(seeded, store, filters):
    seeded.ok("status")
    arguments = {"kinds": (), "party": None, "case": None, "since": None, "as_of": None,
                 "public": False, **filters}  # fmt: skip
    sql, params = log_query(**arguments)
    with sqlite3.connect(store / "views.db") as connection:
        steps = plan(connection, sql, params)
    assert not [s for s in steps if s.startswith("SCAN records") and "INDEX" not in s], steps
    assert not [s for s in steps if "TEMP B-TREE FOR ORDER BY" in s], steps


def test_the_plan_check_catches_a_full_scan(seeded, store):
    seeded.ok("status")
    with sqlite3.connect(store / "views.db") as connection:
        steps = plan(connection, "SELECT * FROM records ORDER BY summary", [])
    assert any("TEMP B-TREE FOR ORDER BY" in s for s in steps)
