"""When things happened: EDTF strings and the earliest and latest days they allow.

Parsing is the `edtf` library's (imported on first use: it costs a quarter of a second),
with a fast path for the common forms (see `_fast_bounds`). What we add is the policy the
library leaves open:

- an open or unknown side of an interval (`../2025-12-01`, `/2025-12-01`, `2025-01-01/..`)
  has no bound (None). The library gives infinities or invents a ten-year window; we never
  invent precision;
- an interval that ends before it starts is refused;
- a record cannot have happened after today: its earliest possible day must not be in the
  future.
"""

from __future__ import annotations

import math
import re
import time
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from ccc.errors import InvalidInput


class Occurred(NamedTuple):
    """An EDTF string with the earliest and latest days it allows (None: unknown)."""

    edtf: str
    earliest: date | None
    latest: date | None

    @property
    def sort_day(self) -> date:
        """The day to sort by: the earliest bound, else the latest (open start)."""
        day = self.earliest or self.latest
        assert day is not None  # parse_occurred refuses two unknown bounds
        return day


def today() -> date:
    """Today's date in UTC, the clock every record's `recorded_at` uses."""
    return datetime.now(UTC).date()


def _bound(value: object) -> date | None:
    if isinstance(value, float):  # edtf gives +-inf for an open side
        assert math.isinf(value)
        return None
    assert isinstance(value, time.struct_time)
    return date(value.tm_year, value.tm_mon, value.tm_mday)


def parse_occurred(text: str, *, not_after: date | None = None) -> Occurred:
    """Parse an EDTF date; refuse it if invalid, reversed, or after `not_after` (today)."""
    occurred = _parse_edtf(str(text).strip())
    if not_after is not None and occurred.earliest is not None and occurred.earliest > not_after:
        raise InvalidInput(
            f"'{text}' is after today ({not_after.isoformat()}); the log records what has "
            "happened, so give a date on or before today."
        )
    return occurred


# The forms nearly every record uses: YYYY, YYYY-MM or YYYY-MM-DD, optionally qualified
# (? ~ %), alone or as the ends of an interval, either end open (.. or empty).
_SIMPLE = r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?[?~%]?"  # months 21-41: seasons
_FAST = re.compile(rf"^(?:{_SIMPLE}|(?:{_SIMPLE}|\.\.)?/(?:{_SIMPLE}|\.\.)?)$")


def _simple_bounds(year: str, month: str | None, day: str | None) -> tuple[date, date]:
    y = int(year)
    if day is not None:
        exact = date(y, int(month or 0), int(day))
        return exact, exact
    if month is not None:
        m = int(month)
        first = date(y, m, 1)
        return first, date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return date(y, 1, 1), date(y, 12, 31)


def _fast_bounds(text: str) -> tuple[date | None, date | None] | None:
    """Bounds of the common forms without the edtf parser, which takes milliseconds per
    string (a pyparsing grammar): an import of 100,000 records would spend minutes in it.
    Any other form goes to the library. tests/unit/test_dates.py checks both agree."""
    match = _FAST.match(text)
    if match is None:
        return None
    groups = match.groups()
    try:
        if groups[0] is not None:
            return _simple_bounds(*groups[0:3])
        start = _simple_bounds(*groups[3:6])[0] if groups[3] else None
        end = _simple_bounds(*groups[6:9])[1] if groups[6] else None
    except ValueError:
        raise InvalidInput(f"'{text}' is not a valid date; {_HINT}.") from None
    return start, end


_HINT = (
    "use EDTF: a day (2025-03-17), a range (2025-06-17/2025-06-20), a month (2025-09), "
    "uncertain (2025-07-20?), approximate (2025-11~) or open-ended (../2025-12-01)"
)


@lru_cache(maxsize=65536)  # imports repeat the same days
def _parse_edtf(text: str) -> Occurred:
    if not text:
        raise InvalidInput(f"the date is empty; {_HINT}.")
    fast = _fast_bounds(text)
    if fast is None and "/" not in text and not any(c.isdigit() for c in text):
        # a word ("unknown", a new deadline not yet set): no date, and no reason to load
        # the library (a tenth of a second) to learn it
        raise InvalidInput(f"'{text}' is not a valid date; {_HINT}.")
    earliest, latest = fast if fast is not None else _library_bounds(text)
    if earliest is None and latest is None:
        raise InvalidInput(f"'{text}' has neither a start nor an end; give at least one bound.")
    if earliest and latest and earliest > latest:
        raise InvalidInput(f"'{text}' ends before it starts; put the earlier day first.")
    return Occurred(edtf=text, earliest=earliest, latest=latest)


def _library_bounds(text: str) -> tuple[date | None, date | None]:
    from edtf import parse_edtf  # deferred: see module docstring

    try:
        parsed = parse_edtf(text)
        # The grammar lets 29 February through in any year; the conversion catches it.
        earliest = _bound(parsed.lower_strict())
        latest = _bound(parsed.upper_strict())
    except Exception as error:  # the library raises several types for bad input
        raise InvalidInput(f"'{text}' is not a valid date; {_HINT}.") from error
    if "/" in text:
        start, _, end = text.partition("/")
        if start in ("", ".."):
            earliest = None
        if end in ("", ".."):
            latest = None
    return earliest, latest


def parse_day(text: str, what: str = "the day") -> date:
    """Parse an ISO calendar day (YYYY-MM-DD) given for an option such as --as-of."""
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError as error:
        raise InvalidInput(
            f"{what} '{text}' is not a calendar day; use YYYY-MM-DD, for example 2025-07-30."
        ) from error


# -- dates in words, keeping their precision (reports, summaries and tables share these) ------


def day_in_words(value: date) -> str:
    """17 March 2025 (United Nations style: day, month in words, year)."""
    return f"{value.day} {value:%B %Y}"


def _month_end(first: date) -> date:
    import calendar

    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def span_in_words(first: date | None, last: date | None, edtf: str) -> str:
    """A date in words at the precision it was given: "17 March 2025", "17–20 June 2025",
    "June 2025", "2015", "on or before 1 December 2025", "20 July 2025 (uncertain)"."""
    qualifier = {"?": " (uncertain)", "~": " (approximately)", "%": " (uncertain, approximately)"}
    note = qualifier.get(edtf[-1:], "") if "/" not in edtf else ""
    if first is None and last is not None:
        return f"on or before {day_in_words(last)}"
    if last is None and first is not None:
        return f"from {day_in_words(first)}"
    assert first is not None and last is not None
    if first == last:
        return day_in_words(first) + note
    whole = "/" not in edtf
    if whole and first == date(first.year, 1, 1) and last == date(first.year, 12, 31):
        return f"{first.year}{note}"
    if first.day == 1 and last == _month_end(last):  # whole months: "August–October 2023"
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%B %Y}{note}"
        if first.year == last.year:
            return f"{first:%B}\u2013{last:%B %Y}{note}"
        return f"{first:%B %Y}\u2013{last:%B %Y}{note}"
    if first.year == last.year and first.month == last.month:
        return f"{first.day}\u2013{last.day} {last:%B %Y}{note}"
    if first.year == last.year:
        return f"{first.day} {first:%B}\u2013{last.day} {last:%B %Y}{note}"
    return f"{day_in_words(first)}\u2013{day_in_words(last)}{note}"


def in_words(edtf: str) -> str:
    """An EDTF date in words at its precision ("July 2023", "15 June 2026")."""
    when = parse_occurred(edtf)
    return span_in_words(when.earliest, when.latest, edtf)


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def shown(edtf: str | None) -> str:
    """A date for a table: an exact day as it is (2025-03-17), anything less precise in
    words ("July 2023", "2015", "August–October 2023", "on or before 1 December 2025"),
    never as a day it does not name."""
    if not edtf or _DAY.match(edtf):
        return edtf or ""
    try:
        return in_words(edtf)
    except InvalidInput:  # not a date (a free text stored before EDTF was required)
        return edtf


def count_of_days(count: int) -> str:
    """A number of days for people: '1 day', '2 days', '1,282 days'."""
    return f"{count:,} day" + ("" if count == 1 else "s")
