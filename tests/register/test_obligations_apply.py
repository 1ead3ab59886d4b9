"""Obligations as they really apply: who Articles 4 and 5 bind, what the log
tracks, how long a State was out of compliance, and deadlines given only as a month, a
year, or not at all.

Worked examples use the rule vector of Article 17 (deposit 2005-12-27, entry into force
2006-06-01: Ukraine, whose dates are those of the UN depositary's table) and the public
record of Ukraine's Article 5 deadline. Its original deadline, 1 June 2016, passed
without an extension request: Landmine Monitor's Ukraine profiles of 2016 and 2017 say
"Deadline missed without extension request—Ukraine is in violation of the Mine Ban
Treaty" (http://the-monitor.org/en-gb/reports/2016/ukraine/mine-action.aspx,
http://www.the-monitor.org/en-gb/reports/2017/ukraine/mine-action.aspx). The extension to
1 June 2021 was granted at the 17th Meeting of the States Parties (Geneva, 26-30 November
2018; https://canadianlandmine.org/updates-from-the-anti-personnel-mine-ban-convention-
ukraine-bosnia-and-more/); the decision's day is given here as the Meeting's days.
Only `test_a_deadline_that_lapsed_before_the_decision_is_a_period_out_of_compliance`
follows that record; the other decisions below are fictional, to exercise the rules.
"""

import json
from datetime import date

import pytest

from tests.conftest import event_count, log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


@pytest.fixture
def registered(ccc):
    ccc.ok("register", "load")
    return ccc


def grant(ccc, new_deadline, occurred, meeting="17MSP"):
    """An Article 5 extension for Ukraine decided at a Meeting; its record's short id."""
    return ccc.ok(
        "record", "article5-extension-granted", "--state", "Ukraine", "--meeting", meeting,
        "--new-deadline", new_deadline, "--occurred", occurred,
    ).strip()  # fmt: skip


def rows(ccc, party, day, article=None, *flags):
    found = ccc.json("deadlines", "--party", party, "--as-of", day, "--all", *flags)
    return [r for r in found if article is None or r["article"] == article]


def test_a_declared_stockpile_makes_article4_bind_with_nothing_else_recorded(registered, store):
    ccc = registered
    assert rows(ccc, "UKR", "2025-01-01", "4") == []  # no record: Article 4 is not known to bind
    ccc.ok(
        "record",
        "stockpile-declared",
        "--state",
        "Ukraine",
        "--number",
        "6000000",
        "--occurred",
        "2006-11",
        "--source",
        "initial Article 7 report",
    )
    [stock] = rows(ccc, "UKR", "2025-01-01", "4")
    # Entry into force 2006-06-01 + 4 years; nothing meets it, so it is overdue, and it is
    # tracked although no coverage was recorded: the declaration is enough.
    assert (stock["due"], stock["status"], stock["tracked"]) == ("2010-06-01", "overdue", True)
    assert stock["days"] == (date(2025, 1, 1) - date(2010, 6, 1)).days
    [period] = stock["out_of_compliance"]["periods"]
    assert (period["from"], period["until"], period["ended_by"]) == (
        "2010-06-02",
        None,
        "still running",
    )
    assert stock["out_of_compliance"]["days"] == stock["days"]
    # The open list and the computed group both see it.
    open_rows = ccc.json("deadlines", "--as-of", "2025-01-01", "--overdue")
    assert any(r["party"] == "UKR" and r["article"] == "4" for r in open_rows)
    ccc.ok(
        "record",
        "letter",
        "--to",
        "computed:outstanding-article4",
        "--subject",
        "Article 4",
        "--occurred",
        "2025-01-01",
        "--summary",
        "To the States with outstanding Article 4 obligations.",
    )
    [letter] = ccc.json("log", "--kind", "letter")
    assert letter["details"]["recipients"][0]["members"] == ["UKR"]
    before = event_count(store)
    assert "greater than or equal to 1" in ccc.refuses(
        "record", "stockpile-declared", "--state", "Ukraine", "--number", "0", "--occurred", "2006"
    )
    assert event_count(store) == before


def test_an_initial_report_can_carry_both_declarations(registered):
    ccc = registered
    ccc.ok(
        "record",
        "article7-report",
        "--state",
        "Ukraine",
        "--initial",
        "--stockpile",
        "6000000",
        "--mined-areas",
        "--occurred",
        "2006-11-28",
    )
    found = {r["article"]: r for r in rows(ccc, "UKR", "2017-01-01")}
    assert found["4"]["status"] == "overdue" and found["4"]["tracked"]
    assert (found["5"]["due"], found["5"]["status"]) == ("2016-06-01", "overdue")
    assert found["7.1"]["status"] == "met_on_time"  # the same report meets Article 7(1)


def test_with_nothing_tracked_nothing_is_overdue_and_deadlines_says_so(registered, store):
    ccc = registered
    before = log_digest(store)
    result = ccc("deadlines", "--as-of", "2025-06-01")
    assert result.exit_code == 0
    assert "Not tracked: " in result.stdout and "ccc record coverage" in result.stdout
    assert len([line for line in result.stdout.splitlines() if line.strip()]) <= 3
    assert ccc.json("deadlines", "--overdue", "--as-of", "2025-06-01") == []
    untracked = ccc.json("deadlines", "--not-tracked", "--as-of", "2025-06-01")
    assert len(untracked) > 4000 and {r["status"] for r in untracked} == {"not_tracked"}
    assert {r["article"] for r in untracked} == {"7.1", "7.2"}
    assert log_digest(store) == before  # asking writes nothing


def test_coverage_tracks_obligations_falling_due_in_its_span_and_can_be_corrected(registered):
    ccc = registered
    coverage = ccc.ok("record", "coverage", "--article", "7", "--from", "2025-01-01").strip()
    ukraine = {r["obligation"]: r for r in rows(ccc, "UKR", "2025-06-01", "7.2")}
    # Due 30 April 2025: inside the span, nothing meets it: overdue. Due 2024: not tracked.
    assert ukraine["annual report covering 2024"]["status"] == "overdue"
    assert ukraine["annual report covering 2023"]["status"] == "not_tracked"
    assert ukraine["annual report covering 2023"]["out_of_compliance"]["periods"] == []
    overdue = ccc.json("deadlines", "--overdue", "--as-of", "2025-06-01")
    assert {r["article"] for r in overdue} == {"7.2"}
    assert len({r["party"] for r in overdue}) == len(overdue)  # one year: one row per State
    # A record meeting an untracked obligation still says when it was met.
    ccc.ok("record", "article7-report", "--state", "UKR", "--year", "2022", "--occurred", "2023-06")
    [y2022] = [r for r in rows(ccc, "UKR", "2025-06-01", "7.2") if r["obligation"].endswith("2022")]
    assert y2022["status"] == "met_late" and not y2022["tracked"]
    # Corrected like any record: tracking from 2024 brings the 2023 report into view.
    ccc.ok("correct", coverage, "--set", "from=2024-01-01", "--reason", "Tracked since 2024.")
    ukraine = {r["obligation"]: r for r in rows(ccc, "UKR", "2025-06-01", "7.2")}
    assert ukraine["annual report covering 2023"]["status"] == "overdue"


def test_coverage_refusals_write_nothing(registered, store):
    ccc = registered
    before = log_digest(store)
    assert "Article 8" in ccc.refuses(
        "record", "coverage", "--article", "8", "--from", "2025-01-01"
    )
    assert "before --from" in ccc.refuses(
        "record", "coverage", "--article", "7", "--from", "2025-01-01", "--to", "2024-01-01"
    )
    assert log_digest(store) == before


def test_a_deadline_that_lapsed_before_the_decision_is_a_period_out_of_compliance(registered):
    ccc = registered
    ccc.ok("record", "mined-areas-declared", "--state", "Ukraine", "--occurred", "2006-11")
    grant(ccc, "2021-06-01", "2018-11-26/2018-11-30")
    [clear] = rows(ccc, "UKR", "2019-01-01", "5")
    assert (clear["due"], clear["status"]) == ("2021-06-01", "due")
    [lapse] = clear["out_of_compliance"]["periods"]
    # From 2 June 2016 to the decision, some day from 26 to 30 November 2018, both counted.
    assert lapse["from"] == "2016-06-02" and lapse["ended_by"] == "extension granted at the 17MSP"
    lapsed = date(2016, 6, 2)
    shortest = (date(2018, 11, 26) - lapsed).days + 1
    longest = (date(2018, 11, 30) - lapsed).days + 1
    assert (lapse["days"], lapse["days_range"]) == (None, [shortest, longest])
    assert "no day within is assumed" in lapse["assumption"]
    assert clear["history"][-1]["previous_deadline_lapsed"] is True
    # A completion given only as a year: met late by a range of days, never one chosen day.
    ccc.ok("record", "article5-completed", "--state", "Ukraine", "--occurred", "2022")
    [done] = rows(ccc, "UKR", "2023-06-01", "5")
    assert done["status"] == "met_late" and done["days"] == 214  # at least: 1 January 2022
    spans = done["out_of_compliance"]
    assert spans["days_range"] == [shortest + 214, longest + 578]  # 2022-12-31: 578 days
    assert len(spans["periods"]) == 2 and spans["days"] is None


def test_a_new_deadline_given_as_a_month_or_not_stated(registered, store):
    """Fictional decisions (no Meeting gave Ukraine these deadlines), for the rules."""
    ccc = registered
    ccc.ok("record", "mined-areas-declared", "--state", "Ukraine", "--occurred", "2006-11")
    decision = grant(ccc, "2023-12", "2016-12-01")
    during = rows(ccc, "UKR", "2023-12-15", "5")[0]
    assert (during["due"], during["due_range"]) == ("2023-12", ["2023-12-01", "2023-12-31"])
    assert during["status"] == "uncertain" and "may not have passed" in during["uncertain_because"]
    after = rows(ccc, "UKR", "2024-01-01", "5")[0]
    assert (after["status"], after["days"]) == ("overdue", 1)
    assert after["out_of_compliance"]["periods"][-1]["days_range"] == [1, 31]
    table = ccc.ok("deadlines", "--party", "UKR", "--as-of", "2024-01-01")
    assert "December 2023" in table and "2023-12-01" not in table
    # Not stated at all: accepted, shown as unknown, never overdue.
    ccc.ok("correct", decision, "--set", "new_deadline=unknown", "--reason", "Not in the decision.")
    unknown = rows(ccc, "UKR", "2030-01-01", "5")[0]
    assert (unknown["due"], unknown["status"]) == ("unknown", "uncertain")
    assert unknown["uncertain_because"] == "the deadline is not known"
    before = log_digest(store)
    assert "leaves the deadline open" in ccc.refuses(
        "record",
        "article5-extension-granted",
        "--state",
        "Ukraine",
        "--meeting",
        "15MSP",
        "--new-deadline",
        "2023-12/..",
        "--occurred",
        "2016-12-01",
    )
    refusal = ccc.refuses(
        "record", "article5-extension-granted", "--state", "Ukraine", "--meeting", "15MSP",
        "--new-deadline", "soon", "--occurred", "2016-12-01",
    )  # fmt: skip
    assert "is not a deadline" in refusal and "'unknown'" in refusal
    assert log_digest(store) == before


def test_an_undertaking_is_a_tracked_deadline_met_by_the_record_that_says_so(registered, store):
    ccc = registered
    undertaking = ccc.ok(
        "record",
        "undertaking",
        "--state",
        "Peru",
        "--undertook",
        "provide information before the next Intersessional Meetings",
        "--due",
        "2026-06-15",
        "--occurred",
        "2025-11-20",
    ).strip()
    [row] = rows(ccc, "PER", "2026-06-16", "undertaking")
    assert (row["status"], row["days"], row["tracked"]) == ("overdue", 1, True)
    assert row in ccc.json("deadlines", "--overdue", "--as-of", "2026-06-16")
    before = log_digest(store)
    assert "no record with id '00000000'" in ccc.refuses(
        "record", "undertaking-met", "--undertaking", "00000000", "--occurred", "2026-06-20"
    )
    letter = ccc.ok(
        "record", "note", "--occurred", "2026-06-01", "--summary", "Not an undertaking."
    ).strip()
    before = log_digest(store)
    assert f"Record {letter} is not an undertaking" in ccc.refuses(
        "record", "undertaking-met", "--undertaking", letter, "--occurred", "2026-06-20"
    )
    assert log_digest(store) == before
    ccc.ok(
        "record",
        "undertaking-met",
        "--undertaking",
        undertaking,
        "--occurred",
        "2026-07-01",
        "--summary",
        "Peru provided the information.",
    )
    [met] = rows(ccc, "PER", "2026-07-02", "undertaking")
    assert (met["status"], met["days"], met["met"]) == ("met_late", 16, True)
    assert met["out_of_compliance"]["days"] == 16


def test_check_names_an_undertaking_past_its_day_until_a_record_says_it_was_met(registered):
    ccc = registered
    undertaking = ccc.ok(
        "record",
        "undertaking",
        "--state",
        "Peru",
        "--undertook",
        "provide information",
        "--due",
        "2026-06",
        "--occurred",
        "2025-11-20",
    ).strip()
    result = ccc("check", "--json")
    codes = [f["check"] for f in json.loads(result.stdout)]
    assert "undertaking-overdue" in codes  # June 2026 has passed (today is later)
    ccc.ok("record", "undertaking-met", "--undertaking", undertaking, "--occurred", "2026-07-01")
    result = ccc("check", "--json")
    assert "undertaking-overdue" not in [f["check"] for f in json.loads(result.stdout)]


def test_an_undertaking_on_a_case_shows_on_the_board_until_met(registered):
    ccc = registered
    ccc.ok(
        "case", "open", "per-9", "--title", "Peru, Article 9", "--state", "Peru",
        "--occurred", "2025-01-01",
    )  # fmt: skip
    undertaking = ccc.ok(
        "record", "undertaking", "--state", "Peru", "--undertook", "provide information",
        "--due", "2026-06", "--occurred", "2025-11-20", "--case", "per-9",
    ).strip()  # fmt: skip
    [row] = ccc.json("status")
    assert row["undertakings"] == [{"party": "PER", "record": undertaking, "due": "2026-06"}]
    assert row["next_deadline"] == "2026-06"
    assert "PER (undertook, by June 2026)" in ccc.ok("status")
    ccc.ok("record", "undertaking-met", "--undertaking", undertaking, "--occurred", "2026-05-20")
    [row] = ccc.json("status")
    assert row["undertakings"] == [] and row["next_deadline"] is None
    # The fulfilment joined the undertaking's case without being told.
    assert [r["kind"] for r in ccc.json("history", "per-9")][-1] == "undertaking-met"
    # As of a day before it was met, the board still shows it.
    [before] = ccc.json("status", "--as-of", "2026-05-01")
    assert before["next_deadline"] == "2026-06"


def test_a_restricted_undertaking_stays_out_of_public_deadlines(registered):
    ccc = registered
    ccc.ok(
        "record", "undertaking", "--state", "Peru", "--undertook", "provide information",
        "--due", "2026-06-15", "--occurred", "2025-11-20", "--restricted",
    )  # fmt: skip
    assert rows(ccc, "PER", "2026-06-16", "undertaking")[0]["status"] == "overdue"
    public = ccc.json("deadlines", "--as-of", "2026-06-16", "--public", "--all")
    assert [r for r in public if r["article"] == "undertaking"] == []
    shown = ccc.json("party", "show", "Peru", "--as-of", "2026-06-16", "--public")
    assert [r for r in shown["obligations"] if r["article"] == "undertaking"] == []


def test_check_judges_an_undertaking_as_things_stood_on_the_day_checked(registered):
    ccc = registered
    undertaking = ccc.ok(
        "record", "undertaking", "--state", "Peru", "--undertook", "provide information",
        "--due", "2026-06-15", "--occurred", "2025-11-20",
    ).strip()  # fmt: skip
    ccc.ok("record", "undertaking-met", "--undertaking", undertaking, "--occurred", "2026-07-10")
    then = json.loads(ccc("check", "--json", "--as-of", "2026-07-05").stdout)
    assert [f["records"] for f in then if f["check"] == "undertaking-overdue"] == [
        [undertaking]
    ]  # met on 10 July: on 5 July it was still overdue
    after = json.loads(ccc("check", "--json", "--as-of", "2026-07-20").stdout)
    assert "undertaking-overdue" not in [f["check"] for f in after]
