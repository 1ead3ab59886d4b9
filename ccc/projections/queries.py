"""The questions the CLI asks of the views. Standard library only (sqlite3 and json):
a query on an up-to-date store imports nothing else, which keeps `ccc status` fast.

Two clocks (DESIGN.md section 1, auditors):
- `as_of` (a day, world time): what had happened by then, by each record's EDTF bounds; a
  record whose dates straddle the day is kept and marked uncertain in lists, and counted
  apart on the board (`happened_by`).
- `known_at` (an instant, record time): what the log contained then. Records recorded
  later are left out, and each record shows what it said after the amendments recorded by
  then (the views keep a snapshot of a record as first recorded and after each amendment).
Without either, the board is read from rows the projection keeps up to date.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from ccc.domain import kinds
from ccc.errors import InvalidInput
from ccc.projections.case_status import Replies, derive, happened_by
from ccc.store.paths import Store

RECORD_JSON = ("parties", "cases", "details")
STATUS_JSON = ("last_contact", "awaiting")
# What a record shows, kept as first recorded and after each amendment (see records.py).
SHOWN = (
    "occurred",
    "earliest",
    "latest",
    "sort_day",
    "summary",
    "source",
    "restricted",
    "parties",
    "cases",
    "details",
    "retracted",
)
HIDDEN = ("facts", "original", "short_id")  # kept in the views, not shown by queries


def connect(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{store.views_db}?mode=ro", uri=True)


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _record(row: dict[str, Any]) -> dict[str, Any]:
    for name in RECORD_JSON:
        row[name] = json.loads(row[name])
    row["restricted"] = bool(row["restricted"])
    row["retracted"] = bool(row["retracted"])
    return row


def _order(record: dict[str, Any]) -> tuple[str, int]:
    """Order of occurrence, then of recording."""
    return (record["sort_day"], record["position"])


def case_row(connection: sqlite3.Connection, reference: str) -> dict[str, Any] | None:
    rows = _dicts(connection.execute("SELECT * FROM cases WHERE reference = ?", (reference,)))
    if not rows:
        return None
    case = rows[0]
    case["states"] = json.loads(case["states"])
    case["articles"] = json.loads(case["articles"])
    return case


def case_records(connection: sqlite3.Connection, reference: str) -> list[dict[str, Any]]:
    """A case's records as they now stand (for the projection's case_status)."""
    cursor = connection.execute(
        "SELECT records.* FROM records JOIN record_cases ON record_cases.record_id = records.id"
        " WHERE record_cases.case_ref = ? ORDER BY sort_day, position",
        (reference,),
    )
    return [_record(row) for row in _dicts(cursor)]


def encode_status(row: dict[str, Any], case: dict[str, Any], opened: str) -> dict[str, Any]:
    """A case_status row: its columns, and the whole board row as one JSON document (one
    decoding per case is what keeps `ccc status` quick)."""
    encoded = {k: json.dumps(v, sort_keys=True) if k in STATUS_JSON else v for k, v in row.items()}
    keep = ("reference", "title", "states", "articles", "origin")
    board = {**{k: case[k] for k in keep}, **row, "opened_day": opened}
    encoded["board"] = json.dumps(board, sort_keys=True, ensure_ascii=False)
    return encoded


# -- resolving what people type ----------------------------------------------------------


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


def record_case(connection: sqlite3.Connection, record_id: str) -> str | None:
    """The case a record belongs to as one of its own (opening, closure, reopening)."""
    row = connection.execute("SELECT kind, cases FROM records WHERE id = ?", (record_id,))
    kind, cases = row.fetchone()
    return str(json.loads(cases)[0]) if kind in kinds.LIFECYCLE else None


def party_is_known(connection: sqlite3.Connection, label: str) -> bool:
    """Whether some record names this party label exactly (saves resolving the name)."""
    row = connection.execute(
        "SELECT 1 FROM record_parties WHERE party = ? LIMIT 1", (label,)
    ).fetchone()
    return row is not None


def parse_known_at(text: str) -> str:
    """An instant as the views store them (UTC, microseconds). A day alone means the end of
    that day in UTC; a time without a zone is taken as UTC."""
    text = text.strip()
    try:
        if len(text) == 10:
            instant = datetime.combine(date.fromisoformat(text), datetime.max.time(), UTC)
        else:
            instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidInput(
            f"--known-at '{text}' is not a day or an instant; use YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS][+HH:MM], for example 2025-09-01T12:00Z."
        ) from error
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


# -- records as they stood -----------------------------------------------------------------


def _amendments(
    connection: sqlite3.Connection, targets: list[str], known_at: str | None
) -> dict[str, list[dict[str, Any]]]:
    """Each target's corrections and retractions recorded by `known_at`, in order."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(targets), 500):
        chunk = targets[start : start + 500]
        sql = f"SELECT * FROM amendments WHERE target IN ({','.join('?' * len(chunk))})"
        params: list[str] = list(chunk)
        if known_at:
            sql += " AND recorded_at <= ?"
            params.append(known_at)
        for row in _dicts(connection.execute(sql + " ORDER BY position", params)):
            row["changes"] = json.loads(row["changes"])
            row["after"] = json.loads(row["after"])
            found[row["target"]].append(row)
    return found


def _as_they_stood(
    connection: sqlite3.Connection, rows: list[dict[str, Any]], known_at: str | None
) -> list[dict[str, Any]]:
    """Decode rows; each shows what it said at `known_at` (None: now), with the amendments
    recorded by then in `amended_by`, and `original` (what it first said) when amended."""
    amended = _amendments(connection, [r["id"] for r in rows if r["amendments"]], known_at)
    out = []
    for row in rows:
        record = _record(row)
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
) -> list[dict[str, Any]]:
    """Every record the log held at `known_at` (None: now), as it then stood, in order.
    With `reference`, only the records that then belonged to that case."""
    sql, params = "SELECT * FROM records", []
    if known_at:
        sql += " WHERE recorded_at <= ?"
        params.append(known_at)
    elif reference:  # now: the link table says which records belong
        sql += " WHERE id IN (SELECT record_id FROM record_cases WHERE case_ref = ?)"
        params.append(reference)
    records = _as_they_stood(connection, _dicts(connection.execute(sql, params)), known_at)
    if reference:
        records = [r for r in records if reference in r["cases"]]
    return sorted(records, key=_order)


def _shape(record: dict[str, Any], public: bool) -> dict[str, Any]:
    """The record as queries return it: `id` is the short id people type, `uuid` the full."""
    shaped = {"id": record["short_id"], "uuid": record["id"]}
    shaped.update((k, v) for k, v in record.items() if k not in HIDDEN and k != "id")
    shaped["amended_by"] = [a["short_id"] for a in record.get("amended_by", ())]
    if public and record["restricted"]:  # counted, never named
        shaped.update(summary="[restricted]", parties=[], details={}, source=None)
    return shaped


def _when(record: dict[str, Any], as_of: date | None) -> bool | None:
    """Whether a record belongs in an answer as of a day: True, None (uncertain), False."""
    return happened_by(record, as_of) if as_of else True


# -- the questions -------------------------------------------------------------------------


def board(
    connection: sqlite3.Connection,
    *,
    today: date,
    as_of: date | None = None,
    known_at: str | None = None,
    reference: str | None = None,
) -> list[dict[str, Any]]:
    """The case board: one row per case (or the one named), now or on either clock."""
    if as_of is None and known_at is None:
        return _board_now(connection, today, reference)
    records = records_known(connection, known_at=known_at)
    seats = committee_seats([r for r in records if _when(r, as_of)])
    by_case: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        for ref in record["cases"]:
            by_case[ref].append(record)
    rows = []
    for record in records:
        if record["kind"] != kinds.CASE_OPEN or (reference and record["cases"] != [reference]):
            continue
        if _when(record, as_of) is False:
            continue  # opened after that day
        details = record["details"]
        case = {
            "reference": record["cases"][0],
            "title": details["title"],
            "states": details["states"],
            "articles": details["articles"],
            "origin": details["origin"],
            "opened_day": record["sort_day"],
        }
        seen = [(r, _when(r, as_of)) for r in by_case[case["reference"]]]
        status = derive(case, [r for r, known in seen if known])
        on = as_of or today
        row = _board_row(case, status, on, _on_committee(case, status, seats, on))
        if as_of is not None:
            row["as_of"] = as_of.isoformat()
            row["uncertain_records"] = sum(
                1 for r, known in seen if known is None and not r["retracted"]
            )
        if known_at is not None:
            row["known_at"] = known_at
        rows.append(row)
    return sorted(rows, key=lambda row: row["reference"])


def _board_now(
    connection: sqlite3.Connection, today: date, reference: str | None
) -> list[dict[str, Any]]:
    """The board from the rows the projection keeps: the fast path of `ccc status`."""
    where, params = (" WHERE reference = ?", [reference]) if reference else ("", [])
    rows = [
        json.loads(row[0])
        for row in connection.execute("SELECT board FROM case_status" + where, params)
    ]
    committee = _dicts(
        connection.execute("SELECT * FROM records WHERE kind = 'committee-constituted'")
    )
    seats = committee_seats([_record(r) for r in committee]) if committee else []
    board = []
    for row in sorted(rows, key=lambda r: r["reference"]):
        board.append(_board_row(row, row, today, _on_committee(row, row, seats, today)))
    return board


def _on_committee(
    case: dict[str, Any], status: dict[str, Any], seats: list[Any], on: date
) -> list[str]:
    """The case's States that sat on the Committee while the case was open (DOMAIN.md: a
    member can be a party to a case, and the log should make that visible)."""
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


def _board_row(
    case: dict[str, Any], status: dict[str, Any], on: date, committee: list[str]
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
        "awaiting_reply": [
            {**item, "days": (on - date.fromisoformat(item["since"])).days}
            for item in status["awaiting"]
        ],
        "next_deadline": status["next_deadline"],
        "records": status["records"],
        "restricted_records": status["restricted_records"],
        "committee_members_concerned": committee,
    }


def history(
    connection: sqlite3.Connection,
    reference: str,
    *,
    as_of: date | None = None,
    known_at: str | None = None,
    public: bool = False,
) -> list[dict[str, Any]]:
    """A case's audit trail, in order of occurrence then of recording: each record as it
    was first recorded, then each correction or retraction of it (who, when, why, what
    changed). A record that was amended says so (`status`) and shows where it now stands
    (`current`)."""
    out = []
    for record in records_known(connection, known_at=known_at, reference=reference):
        known = _when(record, as_of)
        if known is False:
            continue
        steps = record["amended_by"]
        entry = _shape(record, public)
        first = record["original"]
        if first is not None:  # show it as first recorded, then its amendments
            entry["current"] = {k: entry[k] for k in SHOWN if entry[k] != first[k]}
            entry.update(first)
            if public and record["restricted"]:
                entry.update(summary="[restricted]", parties=[], details={}, source=None)
        entry["entry"] = "record"
        entry["status"] = (
            "retracted" if record["retracted"] else "corrected" if steps else "as recorded"
        )
        if as_of:
            entry["uncertain"] = known is None
        out.append(entry)
        for step in steps:
            hidden = public and record["restricted"]
            out.append(
                {
                    "id": step["short_id"],
                    "uuid": step["id"],
                    "entry": step["kind"],
                    "kind": step["kind"],
                    "target": record["short_id"],
                    "occurred": record["occurred"],
                    "earliest": record["earliest"],
                    "latest": record["latest"],
                    "recorded_at": step["recorded_at"],
                    "recorded_by": step["recorded_by"],
                    "summary": "[restricted]" if hidden else step["reason"],
                    "reason": "[restricted]" if hidden else step["reason"],
                    "changes": {} if hidden else step["changes"],
                    "parties": [] if hidden else record["parties"],
                    "cases": record["cases"],
                    "restricted": record["restricted"],
                    "position": step["position"],
                }
            )
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
    as_of: date | None = None,
    known_at: str | None = None,
) -> list[dict[str, Any]]:
    """Every record, newest first, filtered (on the record as it stood at `known_at`)."""
    records = records_known(connection, known_at=known_at, reference=case)
    out = []
    for record in reversed(records):
        if kinds and record["kind"] not in kinds:
            continue
        if party and party not in record["parties"]:
            continue
        if since and (record["latest"] or "9999-12-31") < since.isoformat():
            continue
        known = _when(record, as_of)
        if known is False:
            continue
        shaped = _shape(record, public)
        if as_of:
            shaped["uncertain"] = known is None
        out.append(shaped)
        if limit and len(out) == limit:
            break
    return out


def case_detail(
    connection: sqlite3.Connection,
    reference: str,
    *,
    today: date,
    as_of: date | None = None,
    known_at: str | None = None,
) -> dict[str, Any]:
    """One case: its board row, and how many records of each kind it has (not counting
    retracted ones)."""
    rows = board(connection, today=today, as_of=as_of, known_at=known_at, reference=reference)
    if not rows:
        raise InvalidInput(f"case {reference} had not been opened by then.")
    counts: dict[str, int] = {}
    for record in records_known(connection, known_at=known_at, reference=reference):
        if not record["retracted"] and _when(record, as_of):
            counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    return {**rows[0], "records_by_kind": counts}


def info(connection: sqlite3.Connection) -> dict[str, Any]:
    counts = dict(connection.execute("SELECT kind, COUNT(*) FROM records GROUP BY kind"))
    cases = connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    amendments = connection.execute("SELECT COUNT(*) FROM amendments").fetchone()[0]
    return {
        "records": sum(counts.values()),
        "records_by_kind": counts,
        "amendments": amendments,
        "cases": cases,
    }


# -- the treaty register -------------------------------------------------------------------


def register_on(connection: sqlite3.Connection, on: date, known_at: str | None = None) -> Any:
    """The register as it stood on `on`, from the records known at `known_at`."""
    from ccc.projections.treaty_register import Register

    return Register.build(records_known(connection, known_at=known_at), on)


def members(connection: sqlite3.Connection, on: date, known_at: str | None) -> dict[str, Any]:
    """The States Parties bound on `on`, and those between deposit and entry into force or
    whose withdrawal is pending."""
    register = register_on(connection, on, known_at)
    standings = {s: m.standing(on) for s, m in register.memberships.items()}
    bound = register.members()
    return {
        "as_of": on.isoformat(),
        "count": len(bound),
        "members": bound,
        "not_yet_in_force": sorted(s for s, v in standings.items() if v.startswith("deposited")),
        "withdrawn": sorted(s for s, v in standings.items() if v == "withdrawn"),
        "withdrawal_pending": sorted(
            s
            for s, m in register.memberships.items()
            if m.withdrawal_received and standings[s] == "bound"
        ),
        "states": [register.memberships[s].as_dict(on) for s in sorted(register.memberships)],
    }


def deadlines(
    connection: sqlite3.Connection,
    on: date,
    known_at: str | None,
    party: str | None = None,
    overdue: bool = False,
) -> list[dict[str, Any]]:
    from ccc.projections import treaty_register as register_module

    rows = register_module.deadlines(register_on(connection, on, known_at), party)
    if overdue:
        rows = [row for row in rows if row["status"] == "overdue"]
    return rows


def party_dossier(
    connection: sqlite3.Connection, state: str, on: date, known_at: str | None
) -> dict[str, Any]:
    """One State: membership, obligations, Committee seats, cases, correspondence."""
    from ccc.projections import treaty_register as register_module

    records = records_known(connection, known_at=known_at)
    register = register_module.Register.build(records, on)
    membership = register.memberships.get(state)
    involved = [
        r
        for r in records
        if state in r["parties"] and not r["retracted"] and happened_by(r, on) is not False
    ]
    letters = [r for r in involved if r["kind"] == kinds.LETTER]
    answers = Replies(involved)
    replies = [
        {
            "letter": letter["short_id"],
            "sent": letter["occurred"],
            "reply": reply["short_id"],
            "received": reply["occurred"],
            "days": (
                date.fromisoformat(reply["sort_day"])
                - date.fromisoformat(letter["latest"] or letter["sort_day"])
            ).days,
        }
        for letter in letters
        for reply in [answers.to(letter, state)]
        if reply is not None
    ]
    cases = sorted({ref for r in involved for ref in r["cases"]})
    return {
        "state": state,
        "as_of": on.isoformat(),
        "membership": membership.as_dict(on) if membership else None,
        "committee": [
            {
                "period": r["details"].get("period") or r["occurred"],
                "chair": r["details"].get("chair") == state,
                "record": r["short_id"],
            }
            for r in records
            if r["kind"] == kinds.COMMITTEE_CONSTITUTED
            and state in r["details"]["members"]
            and not r["retracted"]
        ],
        "obligations": register_module.deadlines(register, state),
        "cases": cases,
        "correspondence": [
            _shape(r, public=False) for r in involved if r["kind"] in kinds.DIALOGUE
        ],
        "replies": replies,
    }


def committee_seats(records: list[dict[str, Any]]) -> list[tuple[set[str], str, str]]:
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


def log_head(connection: sqlite3.Connection) -> tuple[int, str]:
    """The position and running digest of the last event the views have read."""
    row = connection.execute(
        "SELECT position, running FROM chain ORDER BY position DESC LIMIT 1"
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "0" * 64)
