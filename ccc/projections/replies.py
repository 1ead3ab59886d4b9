"""Replies per letter, kept by the projection: which communications can answer each letter
that asked for a reply by a day, so that `ccc deadlines` finds the letters still awaiting
a reply on a day with one interval query (issue 12). Standard library only.

The rule is case_status.Replies: a letter to a party is answered by the first
communication from that party naming it, else by the first one naming no letter dated on
or after the letter. On a day D only the communications that may have happened by D
count (earliest day <= D, or an open start). As D grows, the answer changes only when the
first one in order starts to count; before that, only open-start ones (no earliest day)
can answer. So four ids per letter and party give the answer on any day:
`named` / `general` (the first in order) and `named_open` / `general_open` (the first
with an open start). The row's span, in the R*Tree `reply_spans`, runs from the letter's
first possible day to the day before the first one becomes certain to have happened:
on every other day the letter certainly has its answer, or has not been sent.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections.abc import Collection
from datetime import date
from typing import Any

from ccc.domain import kinds
from ccc.projections.case_status import certain_day, happened_by

FOREVER = 2**31 - 1  # the last day ordinal an rtree_i32 holds: no answer yet
SLOTS = 1024  # span ids: the letter's position * SLOTS + the recipient's place in its list


CORRESPONDENCE = (kinds.LETTER, kinds.COMMUNICATION)


def correspondents(kind: str, details: dict[str, Any]) -> set[str]:
    """The parties whose reply rows a letter or communication affects."""
    if kind == kinds.LETTER:
        return {r["name"] for r in details.get("recipients", ()) if r["kind"] != "group"}
    if kind == kinds.COMMUNICATION:
        return {details["sender"]["name"]}
    return set()


def awaited(letter: dict[str, Any]) -> list[str]:
    """The named recipients a letter awaits a reply from by a day (each once)."""
    if not letter["details"].get("reply_requested_by"):
        return []
    names = (r["name"] for r in letter["details"]["recipients"] if r["kind"] != "group")
    return list(dict.fromkeys(names))


def _target(communication: dict[str, Any]) -> str:
    return (communication["details"].get("in_reply_to") or "").replace("-", "")


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def party_rows(
    party: str, letters: list[dict[str, Any]], communications: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The reply rows of every letter awaiting `party`'s reply, from the party's letters
    and communications as they now stand (retracted ones do not count), in order."""
    sent = [c for c in communications if not c["retracted"]]
    sent.sort(key=lambda c: (c["sort_day"], c["position"]))
    naming: dict[str, list[dict[str, Any]]] = {}
    general: list[dict[str, Any]] = []
    for communication in sent:
        target = _target(communication)
        if target:
            naming.setdefault(target, []).append(communication)
        else:
            general.append(communication)
    general_days = [c["sort_day"] for c in general]
    open_general = [c for c in general if c["earliest"] is None]
    open_days = [c["sort_day"] for c in open_general]
    rows = []
    for letter in letters:
        if letter["retracted"] or party not in awaited(letter):
            continue
        named = naming.get(letter["id"], [])
        first_general = bisect_left(general_days, letter["sort_day"])
        first_open = bisect_left(open_days, letter["sort_day"])
        answers = {
            "named": named[0] if named else None,
            "named_open": next((c for c in named if c["earliest"] is None), None),
            "general": general[first_general] if first_general < len(general) else None,
            "general_open": open_general[first_open] if first_open < len(open_general) else None,
        }
        settling = answers["named"] or answers["general"]
        last = FOREVER if settling is None else _ordinal(certain_day(settling) or "0001-01-01") - 1
        first = _ordinal(letter["earliest"]) if letter["earliest"] else 0
        rows.append(
            {
                "letter_id": letter["id"],
                "party": party,
                "span": letter["position"] * SLOTS + awaited(letter).index(party),
                "first": first,
                "last": last,
                **{name: answer["id"] if answer else None for name, answer in answers.items()},
            }
        )
    return rows


def answer_on(row: dict[str, Any], records: dict[str, dict[str, Any]], on: date) -> Any:
    """The communication answering the row's letter as things stood on `on`, if any
    (`records` holds the row's communications by id)."""

    def counts(name: str) -> dict[str, Any] | None:
        record = records.get(row[name]) if row[name] else None
        return record if record is not None and happened_by(record, on) is not False else None

    return counts("named") or counts("named_open") or counts("general") or counts("general_open")


def unanswered(connection: sqlite3.Connection, letters: Collection[str]) -> set[tuple[str, str]]:
    """(letter id, party) of these letters' awaited replies that no communication in the
    log answers, whatever its date (by the letter index, 500 at a time)."""
    wanted = sorted(letters)
    found: set[tuple[str, str]] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            connection.execute(
                "SELECT letter_id, party FROM letter_replies WHERE named IS NULL"
                f" AND general IS NULL AND letter_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        )
    return found
