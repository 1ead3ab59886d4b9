"""Replies per letter, kept by the projection: which communications can answer each letter
that asked for a reply by a day, so that `ccc deadlines` finds the letters still awaiting
a reply on a day with one interval query. Standard library only.

The rule is domain.status.Replies: a letter to a party is answered by the first
communication from that party naming it, else by the first one naming no letter dated on
or after the letter. On a day D only the communications that may have happened by D
count (earliest day <= D, or an open start). As D grows, the answer changes only when the
first one in order starts to count; before that, only open-start ones (no earliest day)
can answer. So four ids per letter and party give the answer on any day:
`named` / `general` (the first in order) and `named_open` / `general_open` (the first
with an open start). The row's span, in the R*Tree `reply_spans`, runs from the letter's
first possible day to the day before the first one becomes certain to have happened:
on every other day the letter certainly has its answer, or has not been sent.

Each letter's rows are found with indexed look-ups in `communications` (one row per
communication standing), so that a new letter or reply costs the letters it can change,
never all of a busy State's correspondence (`letters_affected`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain import convention, kinds
from ccc.domain.status import (
    answer_key,
    awaited,
    certain_day,
    happened_by,
    recipients,
    reply_key,
    sender_of,
)
from ccc.projections.clocks import records_by_id
from ccc.projections.codec import dicts, in_chunks

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow

FOREVER = 2**31 - 1  # the last day ordinal an rtree_i32 holds: no answer yet
SLOTS = 1024  # span ids: the letter's position * SLOTS + the recipient's place in its list


CORRESPONDENCE = (kinds.LETTER, kinds.COMMUNICATION)
ANSWERS = ("named", "named_open", "general", "general_open")  # letter_replies' columns


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def communication_row(record: RecordRow) -> dict[str, Any] | None:
    """A communication's row in `communications` (None for anything else, or retracted):
    who sent it, the letter it names, and where it falls in order."""
    if record["kind"] != kinds.COMMUNICATION or record["retracted"]:
        return None
    details = record["details"]
    named = (details.get("in_reply_to") or "").replace("-", "") or None
    return {
        "id": record["id"],
        # A reply naming its letter is found by its sender; one naming none by whose reply
        # to whom it is (status.answer_key).
        "party": sender_of(record) if named else answer_key(record),
        "named": named,
        "sort_day": record["sort_day"],
        "position": record["position"],
        "open_start": int(record["earliest"] is None),
        "certain_day": certain_day(record),
    }


# The first communication of each kind that can answer a letter, in order of occurrence.
_FIRST = {
    "named": "named = :letter",
    "named_open": "named = :letter AND open_start = 1",
    "general": "named IS NULL AND sort_day >= :day",
    "general_open": "named IS NULL AND open_start = 1 AND sort_day >= :day",
}


def letter_rows(
    connection: sqlite3.Connection, letter: RecordRow, only: str | None = None
) -> list[dict[str, Any]]:
    """The reply rows of a letter (as it now stands), one per named recipient (or only
    for the party `only`), awaited or not: four indexed look-ups in `communications` each,
    and for an awaited reply that has come, one by id for its answer's dates."""
    if letter["retracted"]:
        return []
    rows = []
    asked = set(awaited(letter))
    by = letter["details"].get("reply_requested_by")
    for place, party in enumerate(recipients(letter)):
        if only is not None and party != only:
            continue
        found: dict[str, tuple[str, str, str, int] | None] = {}
        key = reply_key(letter, party)
        for name, condition in _FIRST.items():
            found[name] = connection.execute(
                "SELECT id, certain_day, sort_day, open_start FROM communications"
                f" WHERE party = :party AND {condition} ORDER BY sort_day, position LIMIT 1",
                {
                    "party": party if name.startswith("named") else key,
                    "letter": letter["id"],
                    "day": letter["sort_day"],
                },
            ).fetchone()
        settling = found["named"] or found["general"]
        certain = settling[1] if settling else None
        settles = None
        if by and party in asked:
            settles = "never" if settling is None else _settles(connection, by, settling[0])
        # The first day one of them may have happened by (answer_on counts it from then).
        starts = [0 if answer[3] else _ordinal(answer[2]) for answer in found.values() if answer]
        rows.append(
            {
                "letter_id": letter["id"],
                "party": party,
                "key": key,
                "letter_day": letter["sort_day"],
                "span": letter["position"] * SLOTS + place,
                "awaited": int(party in asked),
                "due": by if party in asked else None,
                "settles": settles,
                "first": _ordinal(letter["earliest"]) if letter["earliest"] else 0,
                # certain always, if it has no dates at all: never awaited
                "last": FOREVER if settling is None else (_ordinal(certain) - 1 if certain else -1),
                "answer_first": min(starts) if starts else None,
                **{name: answer[0] if answer else None for name, answer in found.items()},
            }
        )
    return rows


def _settles(connection: sqlite3.Connection, due: str, answer: str) -> str:
    """How a reply deadline stands once its answer has certainly come (convention.standing):
    on time, late, or uncertain (the answer's dates span the day asked). `party show`
    lists the uncertain ones first, with those not yet met, and the others, newest due
    first, from the index."""
    bounds = connection.execute(
        "SELECT earliest, latest FROM records WHERE id = ?", (answer,)
    ).fetchone()
    met = tuple(date.fromisoformat(day) if day else None for day in bounds)
    return convention.standing(date.fromisoformat(due), date.max, met).status  # type: ignore[arg-type]


def letters_affected(connection: sqlite3.Connection, communication: RecordRow) -> set[str]:
    """The letters whose answers a communication (a version of one, added or gone) can
    change: the letter it names, or the letters to its sender dated after the previous
    reply naming no letter (of its kind: with an open start or not) and up to it."""
    row = communication_row({**communication, "retracted": False})
    assert row is not None
    if row["named"]:
        return {row["named"]}
    open_only = " AND open_start = 1" if row["open_start"] else ""
    previous = connection.execute(
        "SELECT MAX(sort_day) FROM communications WHERE party = ? AND named IS NULL"
        f" AND sort_day < ?{open_only}",
        (row["party"], row["sort_day"]),
    ).fetchone()[0]
    letters = connection.execute(
        "SELECT letter_id FROM letter_replies WHERE key = ? AND letter_day > ? AND letter_day <= ?",
        (row["party"], previous or "", row["sort_day"]),
    )
    return {letter for (letter,) in letters}


def answer_on(row: dict[str, Any], records: dict[str, RecordRow], on: date) -> RecordRow | None:
    """The communication answering the row's letter as things stood on `on`, if any
    (`records` holds the row's communications by id)."""

    def counts(name: str) -> RecordRow | None:
        record = records.get(row[name]) if row[name] else None
        return record if record is not None and happened_by(record, on) is not False else None

    return counts("named") or counts("named_open") or counts("general") or counts("general_open")


def answers(
    connection: sqlite3.Connection, letters: Collection[str], on: date
) -> dict[tuple[str, str], RecordRow | None]:
    """(letter id, party) of these letters' awaited replies -> the communication that
    answers it as things stood on `on` (None: none had arrived), from the reply rows (by
    the letter index) and the communications they name (by id)."""
    rows: list[dict[str, Any]] = []
    for chunk, marks in in_chunks(letters):
        rows += dicts(
            connection.execute(
                f"SELECT * FROM letter_replies WHERE letter_id IN ({marks}) AND awaited = 1", chunk
            )
        )
    by_id = records_of(connection, rows, letters=False)
    return {(row["letter_id"], row["party"]): answer_on(row, by_id, on) for row in rows}


def records_of(
    connection: sqlite3.Connection, rows: list[dict[str, Any]], *, letters: bool = True
) -> dict[str, RecordRow]:
    """By id: the communications that may answer these reply rows' letters (`answer_on`
    needs them), and the letters themselves unless the caller holds them."""
    wanted = {row[name] for row in rows for name in ANSWERS if row[name]}
    if letters:
        wanted |= {row["letter_id"] for row in rows}
    return {record["id"]: record for record in records_by_id(connection, wanted)}
