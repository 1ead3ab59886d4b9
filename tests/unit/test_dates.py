from datetime import date

import pytest

from ccc.domain.dates import parse_day, parse_occurred
from ccc.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2025-03-17", date(2025, 3, 17), date(2025, 3, 17)),
        ("2025-06-17/2025-06-20", date(2025, 6, 17), date(2025, 6, 20)),
        ("2025-09", date(2025, 9, 1), date(2025, 9, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-07-20?", date(2025, 7, 20), date(2025, 7, 20)),
        ("2025-11~", date(2025, 11, 1), date(2025, 11, 30)),
        ("../2025-12-01", None, date(2025, 12, 1)),
        ("/2025-12-01", None, date(2025, 12, 1)),
        ("2025-12-01/..", date(2025, 12, 1), None),
        ("2025-01-01/", date(2025, 1, 1), None),
    ],
)
def test_a_date_keeps_its_precision_as_earliest_and_latest_days(text, earliest, latest):
    occurred = parse_occurred(text)
    assert (occurred.edtf, occurred.earliest, occurred.latest) == (text, earliest, latest)


def test_an_open_start_sorts_by_its_end():
    assert parse_occurred("../2025-12-01").sort_day == date(2025, 12, 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-30", "not a valid date"),
        ("2025-13", "not a valid date"),
        ("17 March 2025", "not a valid date"),
        ("", "empty"),
        ("2025-06-20/2025-06-17", "ends before it starts"),
        ("../..", "neither a start nor an end"),
    ],
)
def test_an_unusable_date_is_refused_with_the_reason(text, reason):
    with pytest.raises(InvalidInput, match=reason):
        parse_occurred(text)


def test_a_date_after_today_is_refused_but_an_end_after_today_is_not():
    today = date(2025, 11, 27)
    with pytest.raises(InvalidInput, match="after today"):
        parse_occurred("2025-11-28", not_after=today)
    assert parse_occurred("2025-11-27", not_after=today).latest == today
    # "on or before 1 December", recorded on 27 November: it has happened.
    assert parse_occurred("../2025-12-01", not_after=today).latest == date(2025, 12, 1)
    assert parse_occurred("2025-11", not_after=today).earliest == date(2025, 11, 1)


def test_a_query_day_must_be_a_calendar_day():
    assert parse_day("2025-07-30") == date(2025, 7, 30)
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_day("30/07/2025", "--as-of")


AGREEMENT = [
    "2025",
    "2025-02",
    "2024-02",
    "2025-12",
    "2025-03-17",
    "2024-02-29",
    "2025?",
    "2025-11~",
    "2025-07-20?",
    "2025-07-20%",
    "2025-06-17/2025-06-20",
    "2025-07~/2025-08",
    "2025-06-17/2025-06-20?",
    "2025/2026",
    "../2025-12-01",
    "/2025-12-01",
    "2025-12-01/..",
    "2025-01-01/",
    "2025-06?/2025-07-02~",
    "1999-03-01",
]


@pytest.mark.parametrize("text", AGREEMENT)
def test_the_fast_path_gives_the_edtf_librarys_bounds(text):
    from ccc.domain.dates import _fast_bounds, _library_bounds

    assert _fast_bounds(text) is not None  # these are the forms it exists for
    assert _fast_bounds(text) == _library_bounds(text)


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13", "2025-00", "2023-02-29", "2025-04-31"])
def test_both_paths_refuse_an_impossible_day(text):
    from ccc.domain.dates import _library_bounds

    with pytest.raises(InvalidInput):
        _library_bounds(text)
    with pytest.raises(InvalidInput, match="not a valid date"):
        parse_occurred(text)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [("2025-21", date(2025, 3, 1), date(2025, 5, 31)), ("2025-XX", date(2025, 1, 1), None)],
)
def test_other_edtf_forms_go_to_the_library(text, earliest, latest):
    occurred = parse_occurred(text)
    assert occurred.earliest == earliest
    if latest:
        assert occurred.latest == latest
