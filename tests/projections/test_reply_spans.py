"""`ccc deadlines` reads the letters still awaiting a reply from the reply spans the views
keep; what it says is what the definition (every letter and communication read and
matched, `derived=True`) says, on every day that matters, in public and in full. `ccc
check` on a period reads that period and says what the whole check says about it."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from ccc.cli import cli
from ccc.projections import obligations
from ccc.projections.catch_up import rebuild
from ccc.store.paths import Store
from tests.projections.conftest import days_that_matter
from tests.projections.test_catch_up import dump


def deadlines(*args, **kwargs):
    return obligations.deadlines(*args, **kwargs)[0]


@pytest.mark.parametrize("which", ["synthetic", "amended"])
@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
def test_open_deadlines_on_any_day_are_those_derived_from_every_letter(which, public, request):
    store = request.getfixturevalue(which)
    with sqlite3.connect(store / "views.db") as connection:
        letters = 0
        for day in days_that_matter(connection, ("letter", "communication")):
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
    assert still_open == [r for r in everything if not r["met"] and r["status"] != "not_tracked"]
    assert all(r["status"] not in ("met_on_time", "met_late") for r in still_open)


def run_check(store, *args):
    result = CliRunner().invoke(cli, ["check", "--json", *args], env={"CCC_STORE": str(store)})
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "window", [("2005-01-01", "2015-12-31"), ("2016-03-01", "2016-04-30"), ("2030-01-01", None)]
)
def test_check_on_a_period_finds_what_the_whole_check_finds_about_that_period(synthetic, window):
    start, end = window
    whole = run_check(synthetic, "--as-of", "2026-01-01")
    period = ["--from", start, *(["--to", end] if end else [])]
    found = run_check(synthetic, "--as-of", "2026-01-01", *period)
    with sqlite3.connect(synthetic / "views.db") as connection:
        sql = "SELECT short_id, COALESCE(earliest, ''), COALESCE(latest, '9') FROM records"
        days = {row[0]: row[1:] for row in connection.execute(sql)}
    last = end or "9999-12-31"

    def about_the_period(finding):  # an open bound may fall in any period
        earliest, latest = days[finding["records"][0]]
        return latest >= start and earliest <= last

    assert found == [f for f in whole if about_the_period(f)]
    if start == "2005-01-01":  # the comparison has something to compare
        assert {f["check"] for f in found} >= {"reply-overdue", "likely-duplicate"}
        assert 0 < len(found) < len(whole)


def test_replies_kept_write_by_write_are_the_ones_a_rebuild_finds(ccc, store):
    """Letters and replies recorded one command at a time, in any order of dates (open
    starts, months, replies naming their letter or none), corrected and retracted, with
    the views catching up now and then: the reply rows are those a rebuild makes, and
    deadlines read from them are the definition's."""
    rng = random.Random(5)
    sent: list[str] = []
    replies: list[str] = []
    for step in range(60):
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 200))
        when = rng.choice([day.isoformat(), day.isoformat(), day.strftime("%Y-%m"),
                           f"../{day.isoformat()}"])  # fmt: skip
        party = rng.choice(["UKR", "KHM"])
        roll = rng.random()
        if roll < 0.4 or not sent:
            sent.append(ccc.json("record", "letter", "--to", party, "--subject", "Questions",
                                 "--occurred", when, "--summary", f"Letter {step}.",
                                 "--reply-requested-by", (day + timedelta(days=30)).isoformat(),
                                 )["id"])  # fmt: skip
        elif roll < 0.8:
            naming = ["--in-reply-to", rng.choice(sent)] if rng.random() < 0.4 else []
            replies.append(ccc.json("record", "communication", "--from", party, "--occurred",
                                    when, "--summary", f"Reply {step}.", *naming,
                                    )["id"])  # fmt: skip
        elif roll < 0.9:
            target = rng.choice(sent + replies)
            later = (day + timedelta(days=rng.randint(1, 40))).isoformat()
            ccc.ok("correct", target, "--set", f"occurred={later}", "--reason", "Checked.")
        elif replies:
            ccc.ok("retract", replies.pop(rng.randrange(len(replies))), "--reason", "Not one.")
        if step % 4 == 0:
            ccc.ok("status")  # the views catch up with what came since
    ccc.ok("status")
    incremental = dump(store)
    assert incremental["letter_replies"] and incremental["communications"]
    rebuild(Store(store))
    assert dump(store) == incremental
    with sqlite3.connect(store / "views.db") as connection:
        for day in days_that_matter(connection, ("letter", "communication")):
            assert deadlines(connection, day, None) == deadlines(
                connection, day, None, derived=True
            ), day
