"""Precision kept in what is shown: a fact dated by month prints as the month,
never as its first day; a status that a record dated across the day may change says so
in the table, not only in JSON."""

import pytest

from ccc.domain.dates import shown

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def test_dates_in_tables_keep_their_precision():
    assert shown("2023-07") == "July 2023"
    assert shown("2015") == "2015"
    assert shown("2023-08/2023-10") == "August–October 2023"
    assert shown("2025-06-01/2025-06-30") == "June 2025"
    assert shown("2016-11-28/2016-12-01") == "28 November–1 December 2016"
    assert shown("../2025-12-01") == "on or before 1 December 2025"
    assert shown("2025-03-17") == "2025-03-17"  # a day is compact, and is what it says


def test_a_month_dated_letter_is_shown_as_its_month_and_its_wait_as_a_range(ccc):
    ccc.ok(
        "case", "open", "x-2023", "--title", "Test case", "--state", "Peru",
        "--occurred", "2023-06",
    )  # fmt: skip
    ccc.ok(
        "record", "letter", "--to", "Peru", "--subject", "Info", "--occurred", "2023-07",
        "--case", "x-2023", "--summary", "Letter to Peru.", "--reply-requested-by", "2023-09-30",
    )  # fmt: skip
    ccc.ok(
        "record", "communication", "--from", "Peru", "--occurred", "2023-08/2023-10",
        "--case", "x-2023", "--summary", "Reply.",
    )  # fmt: skip
    history = ccc.ok("history", "x-2023")
    assert "July 2023" in history and "August–October 2023" in history
    assert "2023-07-01" not in history and "2023-07-31" not in history
    board = ccc.ok("status", "--as-of", "2023-09-15", "--csv")
    # The reply may have come by then: the status says it is uncertain, in the table.
    assert "awaiting reply (uncertain: 1 record dated across" in board
    assert "PER (46–76 days)" in board  # from 31 July, or from 1 July
    [row] = ccc.json("status", "--as-of", "2023-09-15")
    assert row["uncertain_records"] == 1
    assert row["awaiting_reply"][0]["sent"] == "2023-07"  # JSON keeps the EDTF
    assert (row["awaiting_reply"][0]["days"], row["awaiting_reply"][0]["days_most"]) == (46, 76)
    shown_case = ccc.ok("case", "show", "x-2023", "--as-of", "2023-09-15")
    assert "uncertain" in shown_case
