"""The questions the CLI asks of the views. Standard library only (sqlite3 and json):
a query on an up-to-date store imports nothing else, which keeps `ccc status` fast."""

from __future__ import annotations

import difflib
import json
import sqlite3
from datetime import date
from typing import Any

from ccc.errors import InvalidInput
from ccc.projections.status import derive, happened_by
from ccc.store import Store

RECORD_JSON = ("parties", "cases", "details")
STATUS_JSON = ("last_contact", "awaiting")
ORDER = "sort_day, position"  # order of occurrence, then of recording


def connect(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{store.views_db}?mode=ro", uri=True)


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _record(row: dict[str, Any]) -> dict[str, Any]:
    for name in RECORD_JSON:
        row[name] = json.loads(row[name])
    row["restricted"] = bool(row["restricted"])
    return row


def case_row(connection: sqlite3.Connection, reference: str) -> dict[str, Any] | None:
    rows = _dicts(connection.execute("SELECT * FROM cases WHERE reference = ?", (reference,)))
    if not rows:
        return None
    case = rows[0]
    case["states"] = json.loads(case["states"])
    case["articles"] = json.loads(case["articles"])
    return case


def case_records(connection: sqlite3.Connection, reference: str) -> list[dict[str, Any]]:
    cursor = connection.execute(
        "SELECT records.* FROM records JOIN record_cases ON record_cases.record_id = records.id"
        f" WHERE record_cases.case_ref = ? ORDER BY {ORDER}",
        (reference,),
    )
    return [_record(row) for row in _dicts(cursor)]


def encode_status(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, sort_keys=True) if k in STATUS_JSON else v for k, v in row.items()}


def resolve_case(connection: sqlite3.Connection, text: str) -> str:
    """The reference of the case the user means; refuse an unknown one with suggestions."""
    references = [row[0] for row in connection.execute("SELECT reference FROM cases")]
    for reference in references:
        if reference.casefold() == text.strip().casefold():
            return str(reference)
    close = difflib.get_close_matches(text, references, n=3, cutoff=0.5)
    hint = f"closest: {', '.join(close)}" if close else "`ccc status` lists the cases"
    raise InvalidInput(f"there is no case '{text}' ({hint}).")


def resolve_record(connection: sqlite3.Connection, text: str) -> str:
    """The full id of the record whose id starts with `text` (at least 4 characters)."""
    prefix = text.strip().lower().replace("-", "")
    if len(prefix) < 4 or any(ch not in "0123456789abcdef" for ch in prefix):
        raise InvalidInput(
            f"'{text}' is not a record id; give the id `ccc record` printed (8 characters, "
            "for example 3f9c2a71), or at least its first 4."
        )
    rows = connection.execute(
        "SELECT id FROM records WHERE id >= ? AND id < ? LIMIT 5", (prefix, prefix + "g")
    ).fetchall()
    if not rows:
        raise InvalidInput(f"there is no record with id '{text}'; `ccc log` lists the records.")
    if len(rows) > 1:
        shown = ", ".join(row[0][: len(prefix) + 4] for row in rows)
        raise InvalidInput(f"record id '{text}' is ambiguous ({shown}); give more characters.")
    return str(rows[0][0])


def _public(record: dict[str, Any]) -> dict[str, Any]:
    """What a public view shows of a restricted record: that it exists, and when."""
    if record["restricted"]:
        record.update(summary="[restricted]", parties=[], details={}, source=None)
    return record


def _shape(record: dict[str, Any], public: bool) -> dict[str, Any]:
    """The record as queries return it: `id` is the short id people type, `uuid` the full."""
    full, short = record.pop("id"), record.pop("short_id")
    shaped = {"id": short, "uuid": full, **record}
    return _public(shaped) if public else shaped


def board(
    connection: sqlite3.Connection,
    *,
    today: date,
    as_of: date | None = None,
    reference: str | None = None,
) -> list[dict[str, Any]]:
    """The case board: one row per case (or the one named), current or as of a day."""
    sql, params = "SELECT * FROM cases", [] if reference is None else [reference]
    if reference is not None:
        sql += " WHERE reference = ?"
    cases = _dicts(connection.execute(sql + " ORDER BY reference", params))
    current: dict[str, dict[str, Any]] = {}
    if as_of is None:  # one query for every case's precomputed row
        current = {
            row["reference"]: row
            for row in _dicts(
                connection.execute(
                    "SELECT * FROM case_status" + (" WHERE reference = ?" if reference else ""),
                    params,
                )
            )
        }
    rows = []
    for case in cases:
        case["states"] = json.loads(case["states"])
        case["articles"] = json.loads(case["articles"])
        uncertain = 0
        if as_of is None:
            status = current[case["reference"]]
            for name in STATUS_JSON:
                status[name] = json.loads(status[name])
        else:
            records = case_records(connection, case["reference"])
            seen = {r["id"]: happened_by(r, as_of) for r in records}
            if seen.get(case["opened_record"]) is False:
                continue  # opened after that day
            uncertain = sum(1 for known in seen.values() if known is None)
            status = derive(case, [r for r in records if seen[r["id"]]])
        on = as_of or today
        awaiting = [
            {**item, "days": (on - date.fromisoformat(item["since"])).days}
            for item in status["awaiting"]
        ]
        row = {
            "reference": case["reference"],
            "title": case["title"],
            "states": case["states"],
            "articles": case["articles"],
            "origin": case["origin"],
            "status": status["status"],
            "outcome": status["outcome"],
            "last_activity": status["last_activity"],
            "last_contact": status["last_contact"],
            "awaiting_reply": awaiting,
            "next_deadline": status["next_deadline"],
            "records": status["records"],
            "restricted_records": status["restricted_records"],
        }
        if as_of is not None:
            row["as_of"] = as_of.isoformat()
            row["uncertain_records"] = uncertain
        rows.append(row)
    return rows


def history(
    connection: sqlite3.Connection, reference: str, *, as_of: date | None, public: bool
) -> list[dict[str, Any]]:
    """Every record of a case in order of occurrence, then of recording."""
    out = []
    for record in case_records(connection, reference):
        known = happened_by(record, as_of) if as_of else True
        if known is False:
            continue
        if as_of:
            record["uncertain"] = known is None
        out.append(_shape(record, public))
    return out


def log(
    connection: sqlite3.Connection,
    *,
    kinds: tuple[str, ...] = (),
    party: str | None = None,
    case: str | None = None,
    since: date | None = None,
    limit: int = 0,
    public: bool = False,
) -> list[dict[str, Any]]:
    """Every record, newest first, filtered."""
    where: list[str] = []
    params: list[str] = []
    if kinds:
        where.append(f"kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    if party:
        where.append("id IN (SELECT record_id FROM record_parties WHERE party = ?)")
        params.append(party)
    if case:
        where.append("id IN (SELECT record_id FROM record_cases WHERE case_ref = ?)")
        params.append(case)
    if since:
        where.append("COALESCE(latest, '9999-12-31') >= ?")
        params.append(since.isoformat())
    sql = "SELECT * FROM records"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY sort_day DESC, position DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_shape(_record(row), public) for row in _dicts(connection.execute(sql, params))]


def case_detail(
    connection: sqlite3.Connection, reference: str, *, today: date, as_of: date | None
) -> dict[str, Any]:
    """One case: its board row, and how many records of each kind it has."""
    rows = board(connection, today=today, as_of=as_of, reference=reference)
    if not rows:
        raise InvalidInput(f"case {reference} had not been opened by {as_of}.")
    counts: dict[str, int] = {}
    for record in history(connection, reference, as_of=as_of, public=False):
        counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    return {**rows[0], "records_by_kind": counts}


def info(connection: sqlite3.Connection) -> dict[str, Any]:
    counts = dict(connection.execute("SELECT kind, COUNT(*) FROM records GROUP BY kind"))
    cases = connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    return {"records": sum(counts.values()), "records_by_kind": counts, "cases": cases}


def party_is_known(connection: sqlite3.Connection, label: str) -> bool:
    """Whether some record names this party label exactly (saves resolving the name)."""
    row = connection.execute(
        "SELECT 1 FROM record_parties WHERE party = ? LIMIT 1", (label,)
    ).fetchone()
    return row is not None
