"""The two clocks an auditor asks on, and the readers of records. Standard library only.

- `as_of` (a day, world time): what had happened by then, by each record's EDTF bounds; a
  record whose dates straddle the day is kept and marked uncertain in lists, and counted
  apart on the board (`happened_by`).
- `known_at` (an instant, record time): what the log contained then. Records recorded
  later are left out, and each record shows what it said after the amendments recorded by
  then (the views keep a snapshot of a record as first recorded and after each amendment).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, cast

from ccc.domain.status import happened_by
from ccc.errors import InvalidInput
from ccc.projections.codec import (
    RECORD_COLUMNS,
    bulk,
    decode_records,
    dicts,
    in_chunks,
    in_order,
)

if TYPE_CHECKING:
    from ccc.domain.shapes import CaseRow, RecordRow


def parse_known_at(text: str) -> str:
    """An instant as the views store them (UTC, microseconds). A day alone means the end of
    that day in UTC; a time without a zone is taken as UTC."""
    text = text.strip()
    try:
        if len(text) == 10:
            instant = datetime.combine(date.fromisoformat(text), datetime.max.time(), UTC)
        else:
            instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        return instant.astimezone(UTC).isoformat(timespec="microseconds")
    except (ValueError, OverflowError) as error:
        raise InvalidInput(
            f"--known-at '{text}' is not a day or an instant; use YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS][+HH:MM], for example 2025-09-01T12:00Z."
        ) from error


def amendments_of(
    connection: sqlite3.Connection, targets: Collection[str], known_at: str | None
) -> dict[str, list[dict[str, Any]]]:
    """Each target's corrections and retractions recorded by `known_at` (None: all), in
    order, with what they changed and what the target showed after each, decoded."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for chunk, marks in in_chunks(targets):
        sql = f"SELECT * FROM amendments WHERE target IN ({marks})"
        params: list[str] = list(chunk)
        if known_at:
            sql += " AND recorded_at <= ?"
            params.append(known_at)
        for row in dicts(connection.execute(sql + " ORDER BY position", params)):
            row["changes"] = json.loads(row["changes"])
            row["after"] = json.loads(row["after"])
            found[row["target"]].append(row)
    return found


def as_they_stood(
    connection: sqlite3.Connection, rows: list[dict[str, Any]], known_at: str | None
) -> list[RecordRow]:
    """Decode rows; each shows what it said at `known_at` (None: now), with the amendments
    recorded by then in `amended_by`, and `original` (what it first said) when amended."""
    amended = amendments_of(connection, [r["id"] for r in rows if r["amendments"]], known_at)
    out = []
    for record in decode_records(rows):
        record["restricted_now"] = record["restricted"]  # a later restriction hides all
        original = json.loads(record["original"]) if record["original"] else None
        steps = amended.get(record["id"], [])
        if original is not None:
            if known_at and len(steps) < record["amendments"]:
                record.update(steps[-1]["after"] if steps else original)
            record["original"] = original if steps else None
        record["amendments"] = len(steps)
        record["amended_by"] = steps
        out.append(record)
    return out


def records_known(
    connection: sqlite3.Connection,
    *,
    known_at: str | None = None,
    reference: str | None = None,
    kinds: Collection[str] = (),
    party: str | None = None,
    by_day: date | None = None,
) -> list[RecordRow]:
    """Every record the log held at `known_at` (None: now), as it then stood, in order.
    With `reference`, only the records that then belonged to that case. With `kinds`
    and/or `party`, only records of those kinds or naming that party (read through the
    kind and party indexes; a kind never changes, and a record amended since may have
    named the party then, so it is read too and the caller keeps what it needs). With
    `by_day`, only records that may have happened by that day (amended ones too: their
    dates may have changed)."""
    where: list[str] = []
    params: list[Any] = []
    if known_at:
        where.append("recorded_at <= ?")
        params.append(known_at)
    elif reference:  # now: the link table says which records belong
        where.append("id IN (SELECT record_id FROM record_cases WHERE case_ref = ?)")
        params.append(reference)
    chosen: list[str] = []
    if kinds:
        chosen.append(f"kind IN ({', '.join('?' * len(kinds))})")
        params.extend(kinds)
    if party:
        chosen.append("id IN (SELECT record_id FROM record_parties WHERE party = ?)")
        params.append(party)
    if party and known_at:
        chosen.append("amendments > 0")
    if chosen:
        where.append(f"({' OR '.join(chosen)})")
    if by_day is not None:
        amended = " OR amendments > 0" if known_at else ""
        where.append(f"(earliest IS NULL OR earliest <= ?{amended})")
        params.append(by_day.isoformat())
    sql = f"SELECT {RECORD_COLUMNS} FROM records" + (
        f" WHERE {' AND '.join(where)}" if where else ""
    )
    records = as_they_stood(connection, dicts(connection.execute(sql, params)), known_at)
    if reference:
        records = [r for r in records if reference in r["cases"]]
    return sorted(records, key=in_order)


def when(record: RecordRow, as_of: date | None) -> bool | None:
    """Whether a record belongs in an answer as of a day: True, None (uncertain), False."""
    return happened_by(record, as_of) if as_of else True


def records_by_id(connection: sqlite3.Connection, ids: Collection[str]) -> list[RecordRow]:
    """The records with these ids, as they now stand (by the primary key, 500 at a time)."""
    rows: list[dict[str, Any]] = []
    for chunk, marks in in_chunks(ids):
        sql = f"SELECT {RECORD_COLUMNS} FROM records WHERE id IN ({marks})"
        rows.extend(dicts(connection.execute(sql, chunk)))
    return as_they_stood(connection, rows, None)


def records_dated(
    connection: sqlite3.Connection, first: date, last: date, kinds: Collection[str]
) -> list[RecordRow]:
    """The records of these kinds whose first day (sort_day) falls in first..last, as
    they now stand, in order (the kind-and-day index)."""
    marks = ", ".join("?" * len(kinds))
    rows = dicts(
        connection.execute(
            f"SELECT {RECORD_COLUMNS} FROM records WHERE kind IN ({marks})"
            " AND sort_day BETWEEN ? AND ?",
            [*kinds, first.isoformat(), last.isoformat()],
        )
    )
    return sorted(as_they_stood(connection, rows, None), key=in_order)


def records_counted(
    connection: sqlite3.Connection, first: date, last: date, kinds: Collection[str]
) -> list[RecordRow]:
    """The records of these kinds that stand (not retracted) and whose first day
    (sort_day) falls in first..last, as they now stand, read for counting: their id,
    kind, first day, summary, restriction and details, nothing else (records_dated reads
    them whole; a year's summary at a million records counts 14,500 of them, and
    decoding their parties, cases and amendments too took two thirds of its time). From
    the kind-and-day index, in no particular order."""
    import orjson

    marks = ", ".join("?" * len(kinds))
    cursor = connection.execute(
        "SELECT id, kind, sort_day, summary, restricted, details FROM records"
        f" WHERE kind IN ({marks}) AND sort_day BETWEEN ? AND ? AND retracted = 0",
        [*kinds, first.isoformat(), last.isoformat()],
    )
    with bulk():
        return [
            cast(
                "RecordRow",
                {
                    "id": record_id,
                    "kind": kind,
                    "sort_day": sort_day,
                    "summary": summary,
                    "restricted": bool(restricted),
                    "retracted": False,
                    "details": orjson.loads(details),
                },
            )
            for record_id, kind, sort_day, summary, restricted, details in cursor.fetchall()
        ]


def records_on_cases(
    connection: sqlite3.Connection, references: Collection[str], kind: str
) -> list[RecordRow]:
    """The records of one kind on these cases, as they now stand (by the case links).

    From whichever side holds fewer rows: the records of the kind, each looked up among
    its links (openings and allegations, about one a case), or the cases' links, each
    looked up among the records. SQLite chose a third way, every record of the kind
    against every case (0.3 s for a year's openings at a million records; 34 ms now)."""
    found = connection.execute("SELECT value FROM counts WHERE name = ?", (f"kind:{kind}",))
    of_kind = (found.fetchone() or (0,))[0]
    rows: list[dict[str, Any]] = []
    for chunk, marks in in_chunks(references):
        links = connection.execute(
            f"SELECT count(*) FROM record_cases WHERE case_ref IN ({marks})", chunk
        ).fetchone()[0]
        if of_kind <= links:  # CROSS JOIN keeps the order; + keeps case_ref off the index
            sql = (
                f"SELECT DISTINCT {RECORD_COLUMNS} FROM records CROSS JOIN record_cases"
                " ON record_cases.record_id = records.id WHERE records.kind = ?"
                f" AND +record_cases.case_ref IN ({marks})"
            )
            arguments = [kind, *chunk]
        else:
            sql = (
                f"SELECT DISTINCT {RECORD_COLUMNS} FROM record_cases CROSS JOIN records"
                " ON records.id = record_cases.record_id"
                f" WHERE record_cases.case_ref IN ({marks}) AND records.kind = ?"
            )
            arguments = [*chunk, kind]
        rows.extend(dicts(connection.execute(sql, arguments)))
    return as_they_stood(connection, rows, None)


def overlaps(record: RecordRow, start: date, end: date) -> bool:
    """Whether the record's dates may overlap start..end (records_in_window's test)."""
    return (record["latest"] is None or record["latest"] >= start.isoformat()) and (
        record["earliest"] is None or record["earliest"] <= end.isoformat()
    )


def records_in_window(connection: sqlite3.Connection, start: date, end: date) -> list[RecordRow]:
    """The records, as they now stand, whose dates may overlap start..end (a superset that
    callers narrow with their own test), and the letters that those records reply to, in
    order: what a paper on one period needs, read from the `latest` index instead of the
    whole log."""
    rows = dicts(
        connection.execute(
            f"SELECT {RECORD_COLUMNS} FROM records WHERE (latest >= ? OR latest IS NULL)"
            " AND (earliest <= ? OR earliest IS NULL)",
            (start.isoformat(), end.isoformat()),
        )
    )
    records = as_they_stood(connection, rows, None)
    have = {r["id"] for r in records}
    answered = (
        {(r["details"].get("in_reply_to") or "").replace("-", "") for r in records} - have - {""}
    )
    if answered:
        marks = ", ".join("?" * len(answered))
        more = dicts(
            connection.execute(
                f"SELECT {RECORD_COLUMNS} FROM records WHERE id IN ({marks})", list(answered)
            )
        )
        records += as_they_stood(connection, more, None)
    return sorted(records, key=in_order)


def case_row(connection: sqlite3.Connection, reference: str) -> CaseRow | None:
    rows = dicts(connection.execute("SELECT * FROM cases WHERE reference = ?", (reference,)))
    if not rows:
        return None
    case = rows[0]
    case["states"] = json.loads(case["states"])
    case["articles"] = json.loads(case["articles"])
    return cast("CaseRow", case)


def case_records(connection: sqlite3.Connection, reference: str) -> list[RecordRow]:
    """A case's records as they now stand (for the projection's case_status)."""
    cursor = connection.execute(
        f"SELECT {RECORD_COLUMNS} FROM records"
        " JOIN record_cases ON record_cases.record_id = records.id"
        " WHERE record_cases.case_ref = ? ORDER BY records.sort_day, records.position",
        (reference,),
    )
    return decode_records(dicts(cursor))
