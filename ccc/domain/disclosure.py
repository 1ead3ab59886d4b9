"""What a public answer may say of a restricted record: that it exists, its kind and its
date; never its summary, parties, details, source, cases or who recorded it.

One rule (`concealed`) decides which records a public answer masks: a record restricted
(now, or by a later correction), one answering a restricted letter (its sender would say
whom the letter went to), and one whose words name a party that only restricted records
involve (`Secrets`). A public record filed in a restricted case is shown without that
case's reference (`Secrets.open_cases`). Follow-up records are restricted like what they
follow when they are written, unless the officer says otherwise.

A record counts as restricted if it is restricted now, even when a query on the record
clock (`--known-at`) shows it as it stood before a later correction restricted it: the
restriction hides its earlier text too. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow

RESTRICTED = "[restricted]"


def hidden(record: RecordRow, public: bool) -> bool:
    """Whether a public answer must hide this record's content."""
    return public and bool(record.get("restricted") or record.get("restricted_now"))


def mask(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry with everything that could name or describe a restricted record removed."""
    entry.update(
        summary=RESTRICTED,
        parties=[],
        details={},
        source=None,
        cases=[],
        recorded_by=RESTRICTED,
        restricted=True,
    )
    for key in ("current", "original", "changes", "reason"):
        if key in entry:
            entry[key] = RESTRICTED if key == "reason" else {}
    return entry


def restricted_letters(records: Iterable[RecordRow]) -> set[str]:
    """The ids of the restricted letters among these records."""
    return {
        r["id"]
        for r in records
        if r["kind"] == "letter" and (r.get("restricted") or r.get("restricted_now"))
    }


@dataclass
class Secrets:
    """What a public answer hides besides restricted records: `letters`, the ids of
    restricted letters; `cases`, the references of restricted cases; `parties`, the labels
    of parties that only restricted records involve (a State's alpha-3 code)."""

    letters: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)

    def open_cases(self, cases: list[str]) -> list[str]:
        return [ref for ref in cases if ref not in self.cases]

    def names_a_secret_party(self, record: RecordRow) -> bool:
        """Whether the record's words (its summary, its details' text) name a party that
        only restricted records involve."""
        if not self.parties:
            return False
        pattern = _names_pattern(frozenset(self.parties))
        details = record.get("details") or {}
        text = " ".join(
            [record.get("summary") or "", *(v for v in details.values() if isinstance(v, str))]
        )
        return pattern is not None and pattern.search(text) is not None


@cache
def _names_pattern(parties: frozenset[str]) -> re.Pattern[str] | None:
    """Every way the log's words may name these parties: a State by its code, its
    depositary name and its name in running text; anything else by its label."""
    from ccc.domain.names import state_spellings

    names: set[str] = set()
    for label in parties:
        names.add(label)
        if len(label) == 3 and label.isupper():
            names.update(state_spellings(label))
    names.discard("")
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def concealed(record: RecordRow, public: bool, secrets: Secrets | None) -> bool:
    """Whether a public answer must hide this record: it is restricted, it answers a
    restricted letter (naming its sender would say whom the letter went to), or its words
    name a party only restricted records involve. `ccc check` flags a public reply to a
    restricted letter (reveals-restricted) so that it can be restricted too."""
    if not public:
        return False
    if hidden(record, public):
        return True
    if secrets is None:
        return False
    answered = (record.get("details", {}).get("in_reply_to") or "").replace("-", "")
    return answered in secrets.letters or secrets.names_a_secret_party(record)
