"""`ccc deadlines` reads the letters still awaiting a reply from the reply spans the views
keep; what it says is what the definition (every letter and communication read and
matched, `derived=True`) says, on every day that matters, in public and in full."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from ccc.projections.obligations import deadlines


def days_that_matter(connection: sqlite3.Connection) -> list[date]:
    """Each letter's and communication's first and last day, and the days either side."""
    days: set[date] = set()
    sql = "SELECT earliest, latest FROM records WHERE kind IN ('letter', 'communication')"
    for earliest, latest in connection.execute(sql):
        for text in (earliest, latest):
            if text:
                day = date.fromisoformat(text)
                days.update({day - timedelta(days=1), day, day + timedelta(days=1)})
    ordered = sorted(days)
    return [*ordered[:: max(len(ordered) // 80, 1)], date(1990, 1, 1), date(2100, 1, 1)]


@pytest.mark.parametrize("which", ["synthetic", "amended"])
@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
def test_open_deadlines_on_any_day_are_those_derived_from_every_letter(which, public, request):
    store = request.getfixturevalue(which)
    with sqlite3.connect(store / "views.db") as connection:
        letters = 0
        for day in days_that_matter(connection):
            read = deadlines(connection, day, None, public=public)
            assert read == deadlines(connection, day, None, public=public, derived=True), day
            overdue = deadlines(connection, day, None, overdue=True, public=public)
            assert overdue == [row for row in read if row["status"] == "overdue"]
            letters += sum(1 for row in read if row["article"] == "letter")
    assert letters > 20  # the days compared had letters awaiting replies


def test_open_deadlines_leave_out_only_what_was_met(amended):
    with sqlite3.connect(amended / "views.db") as connection:
        day = date(2025, 12, 31)
        everything = deadlines(connection, day, None, everything=True)
        still_open = deadlines(connection, day, None)
    statuses = {row["status"] for row in everything}
    assert {"met_on_time", "overdue"} <= statuses
    assert still_open == [r for r in everything if r["status"] not in ("met_on_time", "met_late")]
