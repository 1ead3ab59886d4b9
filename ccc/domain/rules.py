"""What a record may say, whoever records it: the rules across a record's fields that the
Convention or the Committee's practice fix. Each is written once, here; the input models
(application/inputs.py) call them as they validate what people type or import, so a
command and an import file are refused with the same sentence. Each raises InvalidInput,
which is also a ValueError, so pydantic reports it against the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ccc.domain import convention
from ccc.domain.dates import parse_occurred
from ccc.errors import InvalidInput


def exact_day(occurred: str, what: str) -> date:
    """The one day a record's date names: a deposit, a signature, the receipt of an
    instrument of withdrawal each have one (Articles 15-17 and 20 count from it)."""
    when = parse_occurred(occurred)
    if when.earliest is None or when.earliest != when.latest:
        raise InvalidInput(f"{what} needs an exact day (YYYY-MM-DD), not '{occurred}'.")
    return when.earliest


def meeting_on_margins(format: str | None, margins_of: str | None) -> None:
    """A meeting on the margins of another names that meeting, and only such a one does."""
    if margins_of and format != "margins":
        raise InvalidInput("margins-of goes with format 'margins'; drop one of them.")
    if format == "margins" and not margins_of:
        raise InvalidInput("format 'margins' needs margins-of: the meeting it was held at.")


def entry_into_force_override(override: date | None, reason: str | None) -> None:
    """Entry into force is Article 17's day unless given otherwise, with the reason (a
    succession from independence)."""
    if (override is None) != (reason is None):
        raise InvalidInput(
            "an entry-into-force override needs its reason, and a reason its override: "
            "give both --entry-into-force and --entry-into-force-reason, or neither."
        )


def report_year(year: int | None, initial: bool) -> None:
    """Article 7(2): an annual update covers a calendar year; the initial report, 7(1),
    need not."""
    if year is None and not initial:
        raise InvalidInput(
            "an annual report needs --year (the calendar year it covers); "
            "an initial report takes --initial."
        )


def coverage(articles: Iterable[int], tracked_from: date, tracked_to: date | None) -> None:
    """What the log can track: only obligations whose records could go unrecorded (those
    of Articles 4, 5, 7 and 9), over a span that runs forward."""
    other = sorted(set(articles) - set(convention.TRACKABLE))
    if other:
        raise InvalidInput(
            f"Article {other[0]} has no obligation whose records could go untracked; "
            "coverage is for Articles 4, 5, 7 and 9."
        )
    if tracked_to is not None and tracked_to < tracked_from:
        raise InvalidInput(
            f"--to ({tracked_to}) is before --from ({tracked_from}); "
            "give the first day tracked, then the last."
        )


def extension_deadline(value: object) -> str | None:
    """Article 5(6): the deadline a Meeting's decision gives, as EDTF (a day, a month or a
    year), or None when the decision does not state it."""
    if value is None or str(value).strip().casefold() in ("unknown", "not stated", ""):
        return None
    forms = "give a day (2029-12-31), a month (2029-12), a year (2029) or 'unknown'"
    try:
        when = parse_occurred(str(value))
    except InvalidInput as error:
        raise InvalidInput(f"'{value}' is not a deadline; {forms}.") from error
    if when.earliest is None or when.latest is None:
        raise InvalidInput(f"'{value}' leaves the deadline open; {forms}.")
    return when.edtf
