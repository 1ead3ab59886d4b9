"""The Convention's clocks, as small functions. Standard library only.

Each function cites the Article it applies (UN Treaty Series vol. 2056, p. 211). Dates are
calendar dates. "Not later than D" means D itself is on time; lateness starts the day
after. Adding months or years clamps to the month's end (31 August + 6 months = 28 or 29
February; 29 February + 4 years = 28 February when that year is not a leap year).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Article 17(1): the Convention entered into force on 1 March 1999 for the States whose
# instruments were among the first forty; the fortieth was deposited on 16 September 1998.
GENERAL_ENTRY_INTO_FORCE = date(1999, 3, 1)
FORTIETH_INSTRUMENT = date(1998, 9, 16)

INITIAL_REPORT_DAYS = 180  # Article 7(1)
ANNUAL_REPORT_DAY = (4, 30)  # Article 7(2): not later than 30 April, for the last calendar year
STOCKPILE_YEARS = 4  # Article 4
CLEARANCE_YEARS = 10  # Article 5(1)
CLARIFICATION_DAYS = 28  # Article 8(2)
# The Articles whose obligations the secretariat may or may not keep records of (`ccc record
# coverage`); obligations the log itself creates (8(2) requests, letters) are always kept.
TRACKABLE = (4, 5, 7, 9)
WITHDRAWAL_MONTHS = 6  # Article 20(3)


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the last day of the month reached."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def entry_into_force(deposited: date) -> tuple[date, str]:
    """Article 17: for an instrument deposited after the fortieth, the first day of the
    sixth month after the month of deposit; for the first forty, 1 March 1999."""
    if deposited <= FORTIETH_INSTRUMENT:
        return GENERAL_ENTRY_INTO_FORCE, "Article 17(1): among the first 40 instruments"
    first = date(deposited.year, deposited.month, 1)
    return add_months(first, 6), (
        f"Article 17(2): deposited {deposited.isoformat()}; first day of the sixth month after"
    )


def withdrawal_effective(received: date) -> date:
    """Article 20(3): six months after the Depositary receives the instrument."""
    return add_months(received, WITHDRAWAL_MONTHS)


def initial_report_due(in_force: date) -> date:
    """Article 7(1): as soon as practicable, and not later than 180 days after entry into
    force for that State."""
    return in_force + timedelta(days=INITIAL_REPORT_DAYS)


def annual_report_due(year: int) -> date:
    """Article 7(2): the update covering calendar year `year` is due by 30 April after it."""
    return date(year + 1, *ANNUAL_REPORT_DAY)


def stockpile_deadline(in_force: date) -> date:
    """Article 4: destroy stockpiles not later than four years after entry into force.
    There is no extension."""
    return add_months(in_force, 12 * STOCKPILE_YEARS)


def clearance_deadline(in_force: date) -> date:
    """Article 5(1): clear mined areas not later than ten years after entry into force
    (extended only by a Meeting's decision, Article 5(3)-(6))."""
    return add_months(in_force, 12 * CLEARANCE_YEARS)


def clarification_due(received: date) -> date:
    """Article 8(2): the requested State answers within 28 days of receiving the request."""
    return received + timedelta(days=CLARIFICATION_DAYS)


# An obligation's status in words, for people (tables, pages); JSON keeps the codes. In
# the order a State's page counts them: what is wrong first.
STATUS_WORDS = {
    "overdue": "overdue",
    "due": "due",
    "uncertain": "uncertain",
    "not_due": "not yet due",
    "met_on_time": "met on time",
    "met_late": "met late",
    "met": "met",  # its deadline not known, so neither is lateness
    "not_tracked": "not tracked",
}


def status_in_words(status: str) -> str:
    """An obligation's status as people read it ("met late" for met_late)."""
    return STATUS_WORDS.get(status, status)


@dataclass(frozen=True)
class Standing:
    status: str  # not_due, due, met_on_time, met_late, met, overdue, uncertain
    days: int | None = None  # late by (met_late), overdue by (overdue): the least it can be
    why: str | None = None  # for uncertain: what leaves it open


Bounds = tuple[date | None, date | None]


def standing(
    due: date | tuple[date, date] | None,
    on: date,
    met: Bounds | None = None,
    *,
    started: date | None = None,
) -> Standing:
    """Where an obligation due on `due` stands on day `on`.

    `due`: a day, or the first and last days of a deadline given as a month or a year
    (a day is late only once every day it may mean has passed), or None when the deadline
    is not known. `met`: the earliest and latest days of the record that met it (None: not
    met by `on`). `started`: the day its clock starts (not_due before it). An obligation
    met on `due` itself is on time; one unmet on `due` is still `due`; overdue starts the
    day after.
    """
    if started is not None and on < started:
        return Standing("not_due")
    if due is None:
        if met is not None:
            return Standing("met", why="the deadline is not known, so neither is lateness")
        return Standing("uncertain", why="the deadline is not known")
    first, last = due if isinstance(due, tuple) else (due, due)
    if met is not None:
        earliest, latest = met
        if latest is not None and latest <= first:
            return Standing("met_on_time")
        if earliest is not None and earliest > last:
            return Standing("met_late", (earliest - last).days)
        return Standing("uncertain", why="the date it was met spans the deadline")
    if on <= first:
        return Standing("due")
    if on > last:
        return Standing("overdue", (on - last).days)
    return Standing("uncertain", why="the deadline, given as a period, may not have passed")


def days_late(due: tuple[date, date], end: tuple[date, date]) -> tuple[int, int] | None:
    """The least and the most days an obligation due within `due` was out of compliance
    when the State came back into compliance within `end` (met, or a new deadline decided):
    from the day after the deadline to that day. None when it was certainly on time."""
    least = max(0, (end[0] - due[1]).days)
    most = (end[1] - due[0]).days
    return None if most <= 0 else (least, most)
