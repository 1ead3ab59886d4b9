"""The case board (`ccc status`, `ccc case show`) and the store's figures (`ccc info`).
Standard library only. Without a clock the board is read from the rows the projection
keeps up to date; on either clock it is derived from the records known then.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from ccc.domain import kinds
from ccc.domain.disclosure import RESTRICTED, hidden
from ccc.domain.status import derive
from ccc.errors import InvalidInput
from ccc.projections.clocks import records_known, when
from ccc.projections.codec import RECORD_COLUMNS, decode_record, dicts

if TYPE_CHECKING:
    from ccc.domain.shapes import CaseFacts, CaseOpenedDetails, RecordRow


def board(
    connection: sqlite3.Connection,
    *,
    today: date,
    as_of: date | None = None,
    known_at: str | None = None,
    reference: str | None = None,
    public: bool = False,
    derived: bool = False,
    open_only: bool = False,
    limit: int = 0,
) -> list[dict[str, Any]]:
    """The case board: one row per case (or the one named), now or on either clock.
    `public`: a restricted case is counted, never named; a restricted record names no
    one on another case's row (see _public). On one clock the board is read from the
    case timelines the projection keeps (timelines.py), one row per case; on both at
    once, publicly on the record clock, or with `derived`, it is derived from the
    records, which is the definition the timelines are tested against.

    `open_only`: only the cases not closed. `limit` (0: all): only that many, those last
    active most recently, newest first (otherwise rows come by reference). Now, both are
    asked of SQL, so the board costs what it shows; on a clock, of the board made."""
    if derived or (as_of and known_at) or (known_at and public):
        rows = _board_derived(connection, today, as_of, known_at, reference, public)
    elif known_at is not None:
        rows = _board_known(connection, today, known_at, reference)
    elif as_of is not None:
        rows = _board_as_of(connection, as_of, reference, public)
    else:
        rows = _board_now(connection, today, reference, public, open_only, limit)
    return _picked(rows, open_only, limit)


def _picked(rows: list[dict[str, Any]], open_only: bool, limit: int) -> list[dict[str, Any]]:
    """The rows asked for (see `board`), without the day each was last active."""
    if open_only:
        rows = [row for row in rows if row["status"] != "closed"]
    if limit:
        rows = sorted(rows, key=lambda row: row["reference"])
        rows.sort(key=lambda row: row["_day"] or "", reverse=True)  # stable: by reference
        rows = rows[:limit]
    for row in rows:
        row.pop("_day", None)
    return rows


def _board_derived(
    connection: sqlite3.Connection,
    today: date,
    as_of: date | None,
    known_at: str | None,
    reference: str | None,
    public: bool,
) -> list[dict[str, Any]]:
    # The records that may have happened by the day (a filter on the table, which is
    # cheaper than picking the cases' records out through their links).
    records = records_known(connection, known_at=known_at, by_day=as_of)
    seats = committee_seats([r for r in records if when(r, as_of)])
    by_case: dict[str, list[RecordRow]] = defaultdict(list)
    for record in records:
        for ref in record["cases"]:
            by_case[ref].append(record)
    rows = []
    for record in records:
        if record["kind"] != kinds.CASE_OPEN or (reference and record["cases"] != [reference]):
            continue
        if when(record, as_of) is False:
            continue  # opened after that day
        details = cast("CaseOpenedDetails", record["details"])
        case: CaseFacts = {
            "reference": record["cases"][0],
            "title": details["title"],
            "states": details["states"],
            "articles": details["articles"],
            "origin": details["origin"],
            "opened_day": record["sort_day"],
        }
        seen = [(r, when(r, as_of)) for r in by_case[case["reference"]]]
        status = derive(case, [r for r, known in seen if known])
        if public:
            status = _public(case, status, [r for r, known in seen if known])
        on = as_of or today
        row = _board_row(case, status, on, _on_committee(case, status, seats, on))
        if hidden(record, public):
            row = _masked_case(row)
        if as_of is not None:
            row["as_of"] = as_of.isoformat()
            row["uncertain_records"] = sum(
                1 for r, known in seen if known is None and not r["retracted"]
            )
        if known_at is not None:
            row["known_at"] = known_at
        rows.append(row)
    return sorted(rows, key=lambda row: row["reference"])


def _seats(
    connection: sqlite3.Connection, as_of: date | None, known_at: str | None
) -> list[tuple[set[str], str, str]]:
    """The Committee's compositions, on either clock (a handful of records)."""
    committee = records_known(
        connection, known_at=known_at, kinds=[kinds.COMMITTEE_CONSTITUTED], by_day=as_of
    )
    return committee_seats([r for r in committee if when(r, as_of)])


def _shown(status: dict[str, Any], public: bool) -> dict[str, Any]:
    """A stored status, with what a public board may say of it (see CaseFold.state)."""
    return {**status, **status["public"]} if public else status


def _board_as_of(
    connection: sqlite3.Connection, as_of: date, reference: str | None, public: bool
) -> list[dict[str, Any]]:
    """Per case opened by the day, its status on the latest day on or before it, and how
    many of its records straddle the day (an interval query on the R*Tree)."""
    day = as_of.isoformat()
    where, params = (" AND c.reference = ?", [reference]) if reference else ("", [])
    cursor = connection.execute(
        "SELECT c.reference, c.title, c.states, c.articles, c.origin, s.opened_day,"
        " s.opened_restricted, d.status FROM cases c JOIN case_status s USING (reference)"
        " JOIN case_days d ON d.reference = c.reference AND d.day ="
        "  (SELECT MAX(day) FROM case_days WHERE reference = c.reference AND day <= ?)"
        " WHERE (s.opened_earliest IS NULL OR s.opened_earliest <= ?)"
        + where
        + " ORDER BY c.reference",
        [day, day, *params],
    )
    cases = cursor.fetchall()
    ordinal = as_of.toordinal()
    where = " AND reference = ?" if reference else ""
    uncertain = dict(
        connection.execute(
            "SELECT reference, COUNT(*) FROM case_spans WHERE first <= ? AND last >= ?"
            + where
            + " GROUP BY reference",
            [ordinal, ordinal, *params],
        )
    )
    seats = _seats(connection, as_of, None)
    rows = []
    for ref, title, states, articles, origin, opened, restricted, stored in cases:
        case = {
            "reference": ref,
            "title": title,
            "states": json.loads(states),
            "articles": json.loads(articles),
            "origin": origin,
            "opened_day": opened,
        }
        status = _shown(json.loads(stored), public)
        row = _board_row(case, status, as_of, _on_committee(case, status, seats, as_of))
        if public and restricted:
            row = _masked_case(row)
        row["as_of"] = day
        row["uncertain_records"] = uncertain.get(ref, 0)
        rows.append(row)
    return sorted(rows, key=lambda row: row["reference"])


def _board_known(
    connection: sqlite3.Connection, today: date, known_at: str, reference: str | None
) -> list[dict[str, Any]]:
    """Per case, its board fields after the latest event that touched it recorded by
    `known_at` (a case opened later has none)."""
    where, params = (" WHERE c.reference = ?", [reference]) if reference else ("", [])
    cursor = connection.execute(
        "SELECT k.board FROM cases c JOIN case_known k ON k.rowid ="
        " (SELECT rowid FROM case_known WHERE reference = c.reference AND recorded_at <= ?"
        "  ORDER BY recorded_at DESC, position DESC LIMIT 1)" + where,
        [known_at, *params],
    )
    stored = [json.loads(row[0]) for row in cursor]
    seats = _seats(connection, None, known_at)
    rows = []
    for status in stored:
        row = _board_row(status, status, today, _on_committee(status, status, seats, today))
        row["known_at"] = known_at
        rows.append(row)
    return sorted(rows, key=lambda row: row["reference"])


def _public(case: CaseFacts, status: dict[str, Any], records: list[RecordRow]) -> dict[str, Any]:
    """A case's status for a public board: whom we wait on and when we last spoke with
    each State come from its unrestricted records only."""
    restricted = {r["short_id"] for r in records if hidden(r, True)}
    open_records = [r for r in records if r["short_id"] not in restricted]
    awaiting = [a for a in status["awaiting"] if a["record"] not in restricted]
    undertakings = [u for u in status.get("undertakings", []) if u["record"] not in restricted]
    deadlines = [a["reply_requested_by"] for a in awaiting if a["reply_requested_by"]]
    deadlines += [u["due"] for u in undertakings]
    return {
        **status,
        "awaiting": awaiting,
        "undertakings": undertakings,
        "last_contact": derive(case, open_records)["last_contact"],
        "next_deadline": min(deadlines) if deadlines else None,
    }


def _masked_case(row: dict[str, Any]) -> dict[str, Any]:
    """A restricted case on a public board: counted, never named."""
    return {
        **row,
        "reference": RESTRICTED,
        "title": RESTRICTED,
        "states": [],
        "articles": [],
        "outcome": RESTRICTED if row["outcome"] else None,
        "last_contact": {},
        "awaiting_reply": [],
        "undertakings": [],
        "next_deadline": None,
        "committee_members_concerned": [],
    }


def _board_now(
    connection: sqlite3.Connection,
    today: date,
    reference: str | None,
    public: bool,
    open_only: bool = False,
    limit: int = 0,
) -> list[dict[str, Any]]:
    """The board from the rows the projection keeps: the fast path of `ccc status`. The
    cases asked for are picked in SQL, and only their stored boards are read."""
    import orjson  # a few thousand stored statuses: a third of json's time

    conditions: list[str] = []
    params: list[str | int] = []
    if reference:
        conditions.append("reference = ?")
        params.append(reference)
    if open_only:
        conditions.append("status != 'closed'")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    if limit:  # those last active most recently (a case with no activity yet: last)
        where = (
            f" WHERE reference IN (SELECT reference FROM case_status{where}"
            " ORDER BY coalesce(last_activity_day, '') DESC, reference LIMIT ?)"
        )
        params.append(limit)
    rows = connection.execute(
        "SELECT board, opened_restricted FROM case_status" + where, params
    ).fetchall()
    committee = dicts(
        connection.execute(
            f"SELECT {RECORD_COLUMNS} FROM records WHERE kind = 'committee-constituted'"
        )
    )
    seats = committee_seats([decode_record(r) for r in committee]) if committee else []
    board = []
    for stored, restricted in rows:
        status = _shown(orjson.loads(stored), public)
        row = _board_row(status, status, today, _on_committee(status, status, seats, today))
        board.append(_masked_case(row) if public and restricted else row)
    return sorted(board, key=lambda row: row["reference"])


def _on_committee(
    case: Mapping[str, Any], status: dict[str, Any], seats: list[Any], on: date
) -> list[str]:
    """The case's States that sat on the Committee while the case was open (a
    member can be a party to a case, and the log makes that visible)."""
    start = case["opened_day"]
    end = status["last_activity_day"] if status["status"] == "closed" else on.isoformat()
    return sorted(
        {
            state
            for members, first, last in seats
            for state in case["states"]
            if state in members and first <= (end or start) and last >= start
        }
    )


def _waiting(item: dict[str, Any], on: date) -> dict[str, Any]:
    """Whom we wait on, for how many days: counted from the last day the letter may have
    been sent (`days`), and from the first (`days_most`) when it is dated by a month or a
    range."""
    waited = {key: value for key, value in item.items() if key != "sent_earliest"}
    waited["days"] = (on - date.fromisoformat(item["since"])).days
    earliest = item.get("sent_earliest")
    waited["days_most"] = (on - date.fromisoformat(earliest)).days if earliest else None
    return waited


def _board_row(
    case: Mapping[str, Any], status: dict[str, Any], on: date, committee: list[str]
) -> dict[str, Any]:
    return {
        "reference": case["reference"],
        "title": case["title"],
        "states": case["states"],
        "articles": case["articles"],
        "origin": case["origin"],
        "status": status["status"],
        "outcome": status["outcome"],
        "last_activity": status["last_activity"],
        "last_contact": status["last_contact"],
        "awaiting_reply": [_waiting(item, on) for item in status["awaiting"]],
        "undertakings": [
            {key: item[key] for key in ("party", "record", "due")}
            for item in status.get("undertakings", [])
        ],
        "next_deadline": status["next_deadline"],
        "records": status["records"],
        "restricted_records": status["restricted_records"],
        "committee_members_concerned": committee,
        "_day": status.get("last_activity_day"),  # for `board`'s --limit; removed there
    }


def case_detail(
    connection: sqlite3.Connection,
    reference: str,
    *,
    today: date,
    as_of: date | None = None,
    known_at: str | None = None,
    public: bool = False,
) -> dict[str, Any]:
    """One case: its board row, and how many records of each kind it has (not counting
    retracted ones)."""
    rows = board(
        connection,
        today=today,
        as_of=as_of,
        known_at=known_at,
        reference=reference,
        public=public,
    )
    if not rows:
        raise InvalidInput(f"case {reference} had not been opened by then.")
    counts: dict[str, int] = {}
    opened = None
    for record in records_known(connection, known_at=known_at, reference=reference):
        if not record["retracted"] and when(record, as_of):
            counts[record["kind"]] = counts.get(record["kind"], 0) + 1
            if record["kind"] == kinds.CASE_OPEN and opened is None:
                opened = record["occurred"]  # as given (EDTF)
    return {**rows[0], "opened": opened, "records_by_kind": counts}


def committee_seats(records: list[RecordRow]) -> list[tuple[set[str], str, str]]:
    """(members, first day, last day) of each Committee composition recorded."""
    from ccc.domain.dates import parse_occurred

    seats = []
    for record in records:
        if record["kind"] != kinds.COMMITTEE_CONSTITUTED or record["retracted"]:
            continue
        period = parse_occurred(record["details"].get("period") or record["occurred"])
        first = (period.earliest or period.latest or date.min).isoformat()
        last = (period.latest or date.max).isoformat()
        seats.append((set(record["details"]["members"]), first, last))
    return seats


def info(connection: sqlite3.Connection) -> dict[str, Any]:
    """The log's figures, from the counts the projection keeps (not by counting)."""
    kept = dict(connection.execute("SELECT name, value FROM counts"))
    counts = {
        name.removeprefix("kind:"): value
        for name, value in sorted(kept.items())
        if name.startswith("kind:")
    }
    cases = connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    amendments = kept.get("amendments", 0)
    return {
        "records": sum(counts.values()),
        "records_by_kind": counts,
        "amendments": amendments,
        "cases": cases,
    }


def log_head(connection: sqlite3.Connection) -> tuple[int, str]:
    """The position and running digest of the last event the views have read."""
    row = connection.execute(
        "SELECT position, running FROM chain ORDER BY position DESC LIMIT 1"
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "0" * 64)
