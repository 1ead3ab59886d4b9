"""Every clock of the Convention, from its rule vectors and its edge cases."""

from datetime import date

import pytest

from ccc.domain import convention


def test_rule_vector_deposit_2005_12_27():
    in_force, basis = convention.entry_into_force(date(2005, 12, 27))
    assert in_force == date(2006, 6, 1)
    assert "Article 17(2)" in basis
    assert convention.initial_report_due(in_force) == date(2006, 11, 28)
    assert convention.stockpile_deadline(in_force) == date(2010, 6, 1)
    assert convention.clearance_deadline(in_force) == date(2016, 6, 1)


def test_rule_vector_deposit_2003_09_03():
    assert convention.entry_into_force(date(2003, 9, 3))[0] == date(2004, 3, 1)


@pytest.mark.parametrize(
    ("deposited", "in_force"),
    [
        (date(1997, 12, 3), date(1999, 3, 1)),  # among the first forty
        (date(1998, 9, 16), date(1999, 3, 1)),  # the fortieth itself
        (date(1998, 9, 21), date(1999, 3, 1)),  # the forty-first: 1 March too (by formula)
        (date(1998, 10, 31), date(1999, 4, 1)),
        (date(2025, 6, 25), date(2025, 12, 1)),  # Tonga
        (date(2025, 7, 31), date(2026, 1, 1)),  # across the year end
    ],
)
def test_entry_into_force_by_article_17(deposited, in_force):
    assert convention.entry_into_force(deposited)[0] == in_force


def test_rule_vector_withdrawal_effective_six_months_after_receipt():
    assert convention.withdrawal_effective(date(2025, 7, 10)) == date(2026, 1, 10)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
    ],
)
def test_adding_months_clamps_to_the_end_of_the_month(start, months, end):
    assert convention.add_months(start, months) == end


def test_annual_report_due_30_april_after_the_year_it_covers():
    assert convention.annual_report_due(2024) == date(2025, 4, 30)


def test_article_8_2_counts_28_days_from_receipt_not_sending():
    assert convention.clarification_due(date(2025, 8, 1)) == date(2025, 8, 29)


DUE = date(2010, 6, 1)


@pytest.mark.parametrize(
    ("on", "met", "expected"),
    [
        (date(2010, 5, 31), None, ("due", None)),
        (date(2010, 6, 1), None, ("due", None)),  # "not later than D": D itself on time
        (date(2010, 6, 2), None, ("overdue", 1)),  # overdue starts the day after
        (date(2012, 6, 1), (date(2010, 6, 1), date(2010, 6, 1)), ("met_on_time", None)),
        (date(2012, 6, 1), (date(2010, 6, 11), date(2010, 6, 11)), ("met_late", 10)),
        # A completion dated "2010-06" is uncertain against a deadline of 1 June 2010...
        (date(2012, 6, 1), (date(2010, 6, 1), date(2010, 6, 30)), ("uncertain", None)),
        # ... and one dated "2010-05" is on time.
        (date(2012, 6, 1), (date(2010, 5, 1), date(2010, 5, 31)), ("met_on_time", None)),
    ],
)
def test_standing_on_a_day(on, met, expected):
    result = convention.standing(DUE, on, met)
    assert (result.status, result.days) == expected


def test_an_obligation_whose_clock_has_not_started_is_not_due():
    assert convention.standing(DUE, date(2005, 1, 1), started=date(2006, 6, 1)).status == "not_due"


# -- deadlines given as a period, and periods out of compliance ----------------
# Worked examples: the rule vector's Article 5 deadline, 1 June 2016 (Ukraine's, from
# entry into force on 1 June 2006), and a new deadline given only as a month, as Meetings'
# decisions sometimes do ("until December 2023").

DECEMBER = (date(2023, 12, 1), date(2023, 12, 31))


@pytest.mark.parametrize(
    ("on", "met", "expected"),
    [
        (date(2023, 11, 30), None, ("due", None)),
        (date(2023, 12, 1), None, ("due", None)),  # the month's first day may be the deadline
        (date(2023, 12, 15), None, ("uncertain", None)),  # it may or may not have passed
        (date(2023, 12, 31), None, ("uncertain", None)),
        (date(2024, 1, 1), None, ("overdue", 1)),  # every day of December has passed
        (date(2024, 6, 1), (date(2023, 11, 20), date(2023, 11, 20)), ("met_on_time", None)),
        (date(2024, 6, 1), (date(2023, 12, 10), date(2023, 12, 10)), ("uncertain", None)),
        (date(2024, 6, 1), (date(2024, 2, 1), date(2024, 2, 29)), ("met_late", 32)),
    ],
)
def test_a_deadline_given_as_a_month(on, met, expected):
    result = convention.standing(DECEMBER, on, met)
    assert (result.status, result.days) == expected


def test_a_deadline_not_stated_is_never_overdue():
    assert convention.standing(None, date(2040, 1, 1)).status == "uncertain"
    assert convention.standing(None, date(2040, 1, 1)).why == "the deadline is not known"
    met = convention.standing(None, date(2040, 1, 1), (date(2030, 1, 1), date(2030, 1, 1)))
    assert (met.status, met.days) == ("met", None)  # met; on time or not, nobody can say


LAPSED = (date(2016, 6, 1), date(2016, 6, 1))


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        # A decision on a known day: the days from 2 June 2016 up to it.
        ((date(2016, 12, 2), date(2016, 12, 2)), (184, 184)),
        # The decision given as the Meeting's days, 28 November to 1 December 2016.
        ((date(2016, 11, 28), date(2016, 12, 1)), (180, 183)),
        # A completion given only as the year 2017.
        ((date(2017, 1, 1), date(2017, 12, 31)), (214, 578)),
        # Met on the deadline itself, or before: never out of compliance.
        ((date(2016, 6, 1), date(2016, 6, 1)), None),
        ((date(2016, 5, 1), date(2016, 5, 31)), None),
        # A completion dated "June 2016": out of compliance for up to 29 days, perhaps none.
        ((date(2016, 6, 1), date(2016, 6, 30)), (0, 29)),
    ],
)
def test_days_out_of_compliance(end, expected):
    assert convention.days_late(LAPSED, end) == expected


def test_days_out_of_compliance_from_a_deadline_given_as_a_month():
    # Deadline "December 2023", met on 10 January 2024: 10 to 40 days late.
    assert convention.days_late(DECEMBER, (date(2024, 1, 10), date(2024, 1, 10))) == (10, 40)
