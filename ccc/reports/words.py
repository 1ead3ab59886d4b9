"""How reports write dates, numbers, lists and names (the templates call these as filters)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from ccc.domain.dates import day_in_words as in_words_day
from ccc.domain.dates import span_in_words

if TYPE_CHECKING:
    pass

NUMBERS = (
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty",
)  # fmt: skip


def number(n: int) -> str:
    """Numbers up to twenty in words, as UN documents write them; larger ones in figures."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def day(value: date) -> str:
    return in_words_day(value)


def span(earliest: str | None, latest: str | None, edtf: str) -> str:
    """A record's date in words, keeping its precision (ccc.domain.dates.span_in_words)."""
    return span_in_words(
        date.fromisoformat(earliest) if earliest else None,
        date.fromisoformat(latest) if latest else None,
        edtf,
    )


def on(text: str) -> str:
    """ "on 17 March 2025", "in June 2025", "on or before ..." as a phrase of time."""
    if text.startswith(("on or before", "from")):
        return text
    if text[:1].isdigit():
        return f"on {text}"
    return f"in {text}"


def listing(items: list[str], conjunction: str = "and") -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _numbered(numbers: list[int], one: str, several: str) -> str:
    """ "Article 7", "Articles 3, 4 and 5": each number once, in order."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    return f"{one if len(ordered) == 1 else several} {listing([str(n) for n in ordered])}"


def articles(numbers: list[int]) -> str:
    return _numbered(numbers, "Article", "Articles")


def actions(numbers: list[int]) -> str:
    text = _numbered(numbers, "Action", "Actions")
    return f"{text} of the Siem Reap-Angkor Action Plan" if text else ""


def party(value: Mapping[str, Any]) -> str:
    """A party's full name: a State's, an organisation's title, a group with its count."""
    from ccc.domain.names import organisations, state_in_text

    if value["kind"] == "state":
        return state_in_text(value["name"])
    if value["kind"] == "organisation":
        entry = organisations().get(value["name"])
        if entry is None:
            return str(value["name"])
        return ("the " if entry.get("definite", True) else "") + str(entry["title"])
    name = _AS_OF.sub(lambda m: f"as of {day(date.fromisoformat(m[1]))}", str(value["name"]))
    count = value.get("count")
    if count:
        return f"{number(count)} {name}"
    return name


_AS_OF = re.compile(r"as of (\d{4}-\d{2}-\d{2})")  # a computed group's day, in prose in words


def parties(values: Sequence[Mapping[str, Any]]) -> str:
    return listing([party(v) for v in values])


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def state(code: str) -> str:
    """A State's name from its alpha-3 code."""
    return party({"kind": "state", "name": code})


def several(values: list[dict[str, Any]] | dict[str, Any]) -> bool:
    """Whether a party, or any of a list of parties, stands for more than one (a group)."""
    items = values if isinstance(values, list) else [values]
    return any((item.get("count") or 1) > 1 for item in items)


# Abbreviations a paper spells out at first use, as United Nations documents do: the full
# name followed by the abbreviation in brackets, then the abbreviation alone.
ABBREVIATIONS = {
    "SRAAP": r"Siem Reap-Angkor Action Plan(?: 2025-2029)?",
    "ISU": r"Implementation Support Unit",
    "HRW": r"Human Rights Watch",
    "ICBL": r"International Campaign to Ban Landmines",
}


class Abbreviations:
    """Spells each abbreviation out where a paper first uses it, in the order the paper's
    sentences are written (`spell` is called once per sentence, first to last): the first
    mention, full or short, becomes "full name (ABBR)"; later full names become the
    abbreviation. A template that does not call it prints sentences as they are."""

    def __init__(self) -> None:
        self.introduced: set[str] = set()
        self._patterns = {
            abbr: re.compile(rf"(?:the )?\b({full})(?: \({abbr}\))?|\b{abbr}\b")
            for abbr, full in ABBREVIATIONS.items()
        }

    def spell(self, text: str) -> str:
        from markupsafe import Markup

        plain = str(text)
        for abbr, pattern in self._patterns.items():
            # A sentence naming neither the abbreviation nor the name's first word is left
            # alone without a regular expression: most sentences, a fifth of a year's paper.
            if abbr not in plain and ABBREVIATIONS[abbr].split(" ", 1)[0] not in plain:
                continue
            plain = pattern.sub(partial(self._one, abbr), plain)
        # Only the fixed names above were put in: HTML stays as safe as it was.
        return Markup(plain) if isinstance(text, Markup) else plain

    def _one(self, abbr: str, match: re.Match[str]) -> str:
        found = match[0]
        lead = "the " if found.startswith("the ") else ""
        if abbr in self.introduced:
            return f"{lead}{abbr}" if match[1] else found
        self.introduced.add(abbr)
        if match[1]:  # the full name: keep it as written, add the abbreviation
            return f"{lead}{match[1]} ({abbr})"
        full = re.sub(r"\(\?:.*?\)\?", "", ABBREVIATIONS[abbr])  # the name without options
        return f"{full} ({abbr})"
