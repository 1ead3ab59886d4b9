"""What a record may say, whoever records it: the rules across a record's fields that the
Convention or the Committee's practice fix. Each is written once, here; the input models
(application/inputs/) call them as they validate what people type or import, so a
command and an import file are refused with the same sentence. Each raises InvalidInput,
which is also a ValueError, so pydantic reports it against the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from ccc.domain import convention
from ccc.domain.dates import parse_occurred
from ccc.domain.disclosure import RESTRICTED
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
    for day in (tracked_from, tracked_to):
        if day is not None and day.year > LAST_YEAR:
            raise InvalidInput(
                f"{day.isoformat()} is past {LAST_YEAR}: no obligation falls due then; give "
                "the first day tracked, such as today."
            )
    if tracked_to is not None and tracked_to < tracked_from:
        raise InvalidInput(
            f"--to ({tracked_to}) is before --from ({tracked_from}); "
            "give the first day tracked, then the last."
        )


# Sizes a record's text may have: a summary of 10,000 characters is a long paragraph; a
# name or a title of 300 (a party, a case, who records) is already more than a line. More
# is a pasting slip.
TEXT_LIMIT = 10_000
NAME_LIMIT = 300

# Article 5 deadlines fall from 1 March 2009 (ten years after the Convention entered into
# force); ccc accepts any day from its entry into force, and none from 2100 on.
LAST_YEAR = 2099
_PLAIN_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def extension_deadline(value: object) -> str | None:
    """Article 5(6): the deadline a Meeting's decision gives (a day, a month or a year), or
    None when the decision does not state it ('unknown')."""
    forms = "give a day (2029-12-31), a month (2029-12), a year (2029) or 'unknown'"
    if value is None or str(value).strip().casefold() in ("unknown", "not stated"):
        return None
    text = str(value).strip()
    if not text:
        raise InvalidInput(f"the new deadline is empty; {forms}.")
    try:
        when = parse_occurred(text)
    except InvalidInput as error:
        raise InvalidInput(f"'{text}' is not a deadline; {forms}.") from error
    if when.earliest is None or when.latest is None:
        raise InvalidInput(f"'{text}' leaves the deadline open; {forms}.")
    if not _PLAIN_DATE.match(text):  # an interval, an uncertain or approximate date
        raise InvalidInput(f"'{text}' is not one deadline; {forms}.")
    if when.latest < convention.GENERAL_ENTRY_INTO_FORCE or when.earliest.year > LAST_YEAR:
        raise InvalidInput(
            f"'{text}' cannot be an Article 5 deadline; give one from "
            f"{convention.GENERAL_ENTRY_INTO_FORCE.year} (the Convention's entry into force) "
            f"to {LAST_YEAR}."
        )
    return when.edtf


def due_after(occurred: str, due: str) -> None:
    """An undertaking is due after it was given: a day it names is not before its own."""
    given, by = parse_occurred(occurred), parse_occurred(due)
    if by.latest is not None and given.earliest is not None and by.latest < given.earliest:
        raise InvalidInput(
            f"--due {due} is before the undertaking itself ({occurred}); give the day (or "
            "month) by which the State undertook to act."
        )


def new_party_names(name: str, aliases: Iterable[str]) -> None:
    """A party the log adds: a name that is not the public mask, and aliases other than
    its name."""
    for label in (name, *aliases):
        if label.strip().casefold() == RESTRICTED:  # the mask of public answers
            raise InvalidInput(
                f"'{label}' is what public answers show in place of a restricted record; "
                "give the party's own name."
            )
    for alias in aliases:
        if alias.strip().casefold() == name.strip().casefold():
            raise InvalidInput(
                f"the alias '{alias}' is the party's name itself; give another name, or none."
            )
