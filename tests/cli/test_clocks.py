"""Two clocks: --as-of (world time, by EDTF bounds) and --known-at (record time)."""

import time
from datetime import UTC, datetime

import pytest

from tests.terminal import at_terminal

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def now():
    time.sleep(0.01)  # recorded_at has microseconds: step clear of the last record
    instant = datetime.now(UTC).isoformat(timespec="microseconds")
    time.sleep(0.01)
    return instant


def case_ct(rows):
    return {row["reference"]: row for row in rows}["cambodia-thailand-2025"]


def test_what_we_knew_about_a_day_before_and_after_a_meeting_date_was_corrected(seeded):
    [meeting] = [
        r
        for r in seeded.json("log", "--kind", "meeting", "--party", "KHM")
        if r["occurred"] == "2025-07-20"
    ]
    before = now()
    seeded.ok(
        "correct",
        meeting["id"],
        "--set",
        "occurred=2025-07-24",
        "--reason",
        "Held the day after the allegation.",
    )
    after = now()

    # On 21 July, as the log stood before the correction: two meetings of 20 July.
    then = case_ct(seeded.json("status", "--as-of", "2025-07-21", "--known-at", before))
    assert then["records"] == 2
    assert then["last_contact"] == {"KHM": "2025-07-20", "THA": "2025-07-20"}
    # ... and as it stands after it: the meeting with Cambodia had not happened yet.
    now_known = case_ct(seeded.json("status", "--as-of", "2025-07-21", "--known-at", after))
    assert now_known["records"] == 1
    assert now_known["last_contact"] == {"THA": "2025-07-20"}
    current = case_ct(seeded.json("status", "--as-of", "2025-07-21"))
    assert current == {k: v for k, v in now_known.items() if k != "known_at"}

    old = seeded.json("history", "cambodia-thailand-2025", "--known-at", before)
    assert [e["entry"] for e in old].count("correction") == 0
    assert {e["id"]: e["occurred"] for e in old}[meeting["id"]] == "2025-07-20"
    new = seeded.json("history", "cambodia-thailand-2025", "--known-at", after)
    assert [e["entry"] for e in new].count("correction") == 1
    assert [
        r["occurred"] for r in seeded.json("log", "--known-at", before) if r["id"] == meeting["id"]
    ] == ["2025-07-20"]
    assert [
        r["occurred"] for r in seeded.json("log", "--known-at", after) if r["id"] == meeting["id"]
    ] == ["2025-07-24"]


def test_known_at_leaves_out_what_was_recorded_later(seeded):
    cut = now()
    seeded.ok("case", "open", "later-2025", "--title", "Opened later", "--occurred", "2025-10-01")
    assert "later-2025" not in [r["reference"] for r in seeded.json("status", "--known-at", cut)]
    assert "later-2025" in [r["reference"] for r in seeded.json("status")]
    assert seeded.json("log", "--known-at", cut, "--kind", "case-open") == [
        r for r in seeded.json("log", "--kind", "case-open") if r["cases"] != ["later-2025"]
    ]
    day = cut[:10]  # a day alone: the end of that day, so everything recorded today
    assert "later-2025" in [r["reference"] for r in seeded.json("status", "--known-at", day)]


def test_a_record_straddling_the_as_of_day_is_marked_uncertain(seeded):
    rows = seeded.json("log", "--as-of", "2025-06-18", "--kind", "observations")
    assert [(r["occurred"], r["uncertain"]) for r in rows] == [("2025-06-17/2025-06-20", True)]
    assert seeded.json("log", "--as-of", "2025-06-16", "--kind", "observations") == []
    done = seeded.json("log", "--as-of", "2025-06-20", "--kind", "observations")
    assert [r["uncertain"] for r in done] == [False]


def test_case_show_and_history_take_both_clocks(seeded):
    # The opening and the allegations are dated "on or before 18 February 2025".
    march = seeded.json("case", "show", "ukraine-art1-2025", "--as-of", "2025-03-01")
    assert march["records_by_kind"] == {"case-open": 1, "allegation": 2, "meeting": 1}
    assert (march["uncertain_records"], march["last_contact"]) == (0, {"UKR": "2025-02-18"})
    early = seeded.json("case", "show", "ukraine-art1-2025", "--as-of", "2025-02-10")
    assert (early["records_by_kind"], early["uncertain_records"]) == ({}, 3)
    history = seeded.json("history", "ukraine-art1-2025", "--as-of", "2025-02-10")
    assert [(e["kind"], e["uncertain"]) for e in history] == [
        ("case-open", True),
        ("allegation", True),
        ("allegation", True),
    ]


def test_a_bad_instant_is_refused(seeded):
    assert "is not a day or an instant" in seeded.refuses("status", "--known-at", "yesterday")


def test_an_empty_board_on_a_clock_says_which_clock(ccc):
    ccc.ok("case", "open", "c-1", "--title", "A case", "--occurred", "2025-03-01")
    code, said = at_terminal("status", "--as-of", "2025-01-01", columns=100)
    assert code == 0 and "No case had been opened by 1 January 2025." in said
    code, said = at_terminal("status", "--known-at", "2020-01-01T00:00:00Z", columns=100)
    assert "No case was known at 2020-01-01T00:00:00Z (recorded by then)." in said
    assert "No cases yet" not in said
