"""What a public answer may say of a restricted record: that it exists, its kind and its
date; never its summary, parties, details, source, cases or who recorded it.

A record counts as restricted if it is restricted now, even when a query on the record
clock (`--known-at`) shows it as it stood before a later correction restricted it: the
restriction hides its earlier text too. Standard library only.
"""

from __future__ import annotations

from typing import Any

RESTRICTED = "[restricted]"


def hidden(record: dict[str, Any], public: bool) -> bool:
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
