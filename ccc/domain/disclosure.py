"""What a public answer may say of a restricted record: that it exists, its kind and its
date; never its summary, parties, details, source, cases or who recorded it.

A record counts as restricted if it is restricted now, even when a query on the record
clock (`--known-at`) shows it as it stood before a later correction restricted it: the
restriction hides its earlier text too. Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def concealed(record: RecordRow, public: bool, secret_letters: set[str]) -> bool:
    """Whether a public answer must hide this record: it is restricted, or it answers one
    of `secret_letters` (naming its sender would say whom the restricted letter went to).
    `ccc check` flags such a reply (reveals-restricted) so that it can be restricted too."""
    answered = (record.get("details", {}).get("in_reply_to") or "").replace("-", "")
    return hidden(record, public) or (public and answered in secret_letters)
