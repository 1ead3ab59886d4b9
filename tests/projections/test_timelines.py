"""The board on either clock, read from the case timelines the projection keeps, is the
board derived from the records (the definition, `board(..., derived=True)`), on every day
and instant that matters: on a synthetic log with imprecise dates, restricted records,
corrections and retractions, and on the 2025 example amended."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest

from ccc.projections.board import board
from tests.projections.conftest import days_that_matter

TODAY = date(2026, 12, 1)


def instants_that_matter(connection: sqlite3.Connection) -> list[str]:
    """Each event's recorded time, and the microsecond before it."""
    times = {
        row[0]
        for row in connection.execute(
            "SELECT recorded_at FROM records UNION SELECT recorded_at FROM amendments"
        )
    }
    out: set[str] = set()
    for text in times:
        instant = datetime.fromisoformat(text)
        out.update({text, (instant - timedelta(microseconds=1)).isoformat()})
    ordered = sorted(out)
    return [*ordered[:: max(len(ordered) // 60, 1)], ordered[-1], "1990-01-01T00:00:00+00:00"]


@pytest.mark.parametrize("which", ["synthetic", "amended"])
@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
def test_the_board_as_of_any_day_is_the_board_derived_from_the_records(which, public, request):
    store = request.getfixturevalue(which)
    with sqlite3.connect(store / "views.db") as connection:
        days = days_that_matter(connection)
        compared = 0
        for day in days:
            read = board(connection, today=TODAY, as_of=day, public=public)
            derived = board(connection, today=TODAY, as_of=day, public=public, derived=True)
            assert read == derived, day
            compared += len(read)
    assert compared > 100  # most days have cases to compare


@pytest.mark.parametrize("which", ["synthetic", "amended"])
def test_the_board_as_known_at_any_instant_is_the_board_derived_from_the_records(which, request):
    store = request.getfixturevalue(which)
    with sqlite3.connect(store / "views.db") as connection:
        for instant in instants_that_matter(connection):
            read = board(connection, today=TODAY, known_at=instant)
            assert read == board(connection, today=TODAY, known_at=instant, derived=True), instant


@pytest.mark.parametrize("which", ["synthetic", "amended"])
def test_the_public_board_now_is_the_one_derived_from_the_records(which, request):
    store = request.getfixturevalue(which)
    with sqlite3.connect(store / "views.db") as connection:
        read = board(connection, today=TODAY, public=True)
        assert read == board(connection, today=TODAY, public=True, derived=True)
        assert any(row["reference"] == "[restricted]" for row in read) == (which == "amended")


def test_one_case_on_either_clock_is_its_row_of_the_whole_board(synthetic):
    with sqlite3.connect(synthetic / "views.db") as connection:
        whole = board(connection, today=TODAY, as_of=date(2025, 6, 30))
        known = board(connection, today=TODAY, known_at="2100-01-01T00:00:00+00:00")
        for row in whole[:3]:
            day = date(2025, 6, 30)
            one = board(connection, today=TODAY, as_of=day, reference=row["reference"])
            assert one == [row]
        for row in known[:3]:
            assert board(connection, today=TODAY, known_at=known[0]["known_at"],
                         reference=row["reference"]) == [row]  # fmt: skip


def test_the_comparison_sees_a_difference(amended):
    """The check above can fail: a day before a correction's new date and after its old
    one gives another board than the day after both."""
    with sqlite3.connect(amended / "views.db") as connection:
        before = board(connection, today=TODAY, as_of=date(2025, 3, 1))
        after = board(connection, today=TODAY, as_of=date(2025, 12, 31))
    assert before != after
