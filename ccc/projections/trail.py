"""A case's audit trail (`ccc history`) and the log of records (`ccc log`), on either
clock, public or not. Standard library only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain.disclosure import Secrets, concealed, mask
from ccc.domain.kinds import CASE_OPEN, COMMUNICATION
from ccc.projections.clocks import as_they_stood, records_known, when
from ccc.projections.codec import HIDDEN, RECORD_COLUMNS, SHOWN, in_chunks

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow


class Withheld(Secrets):
    """disclosure.Secrets read from the views for one public answer, in proportion to it:
    the restricted cases once, by the kind index; the parties only restricted records
    involve, from their counts (`party_exposure`); the restricted letters its replies
    answer, by id, as each page of records is read (`read`)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        super().__init__()
        self.connection = connection
        openings = "SELECT cases FROM records WHERE kind = ? AND restricted = 1"
        for (cases,) in connection.execute(openings, (CASE_OPEN,)):
            self.cases.update(json.loads(cases))
        exposure = "SELECT party FROM party_exposure WHERE open = 0 AND restricted > 0"
        self.parties.update(party for (party,) in connection.execute(exposure))

    def read(self, records: list[RecordRow]) -> Withheld:
        """Add the restricted letters these records answer."""
        answered = {
            (r["details"].get("in_reply_to") or "").replace("-", "")
            for r in records
            if r["kind"] == COMMUNICATION
        } - {""}
        for chunk, marks in in_chunks(answered - self.letters):
            sql = f"SELECT id FROM records WHERE id IN ({marks}) AND restricted = 1"
            self.letters.update(row[0] for row in self.connection.execute(sql, chunk))
        return self


def shape(record: RecordRow, public: bool, withheld: Withheld | None = None) -> dict[str, Any]:
    """The record as queries return it: `id` is the short id people type, `uuid` the full.
    `withheld`: what else a public answer hides (see Withheld)."""
    shaped: dict[str, Any] = {"id": record["short_id"], "uuid": record["id"]}
    shaped.update((k, v) for k, v in record.items() if k not in HIDDEN and k != "id")
    shaped["amended_by"] = [a["short_id"] for a in record.get("amended_by", ())]
    if public and withheld is not None:
        shaped["cases"] = withheld.open_cases(shaped["cases"])
    return mask(shaped) if concealed(record, public, withheld) else shaped


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
    records = records_known(connection, known_at=known_at, reference=reference)
    withheld = Withheld(connection).read(records) if public else None
    for record in records:
        known = when(record, as_of)
        if known is False:
            continue
        steps = record["amended_by"]
        hide = concealed(record, public, withheld)
        entry = shape(record, public, withheld)
        if hide:
            mask(entry)
        first = record["original"]
        if first is not None and withheld is not None:  # no restricted case named either
            first = {**first, "cases": withheld.open_cases(first["cases"])}
        if first is not None:  # show it as first recorded, then its amendments
            entry["current"] = {k: entry[k] for k in SHOWN if entry[k] != first[k]}
            entry.update(first)
            if hide:
                mask(entry)
        entry["entry"] = "record"
        entry["status"] = (
            "retracted" if record["retracted"] else "corrected" if steps else "as recorded"
        )
        if as_of:
            entry["uncertain"] = known is None
        out.append(entry)
        for step in steps:
            amendment = {
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
                "summary": step["reason"],
                "reason": step["reason"],
                "changes": step["changes"],
                "parties": record["parties"],
                "cases": withheld.open_cases(record["cases"]) if withheld else record["cases"],
                "restricted": record["restricted"],
                "position": step["position"],
            }
            out.append(mask(amendment) if hide else amendment)
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
    if known_at is None:
        return list(_log_now(connection, kinds, party, case, since, limit, public, as_of))
    records = records_known(connection, known_at=known_at, reference=case)
    withheld = Withheld(connection).read(records) if public else None
    out = []
    for record in reversed(records):
        if kinds and record["kind"] not in kinds:
            continue
        if party and (party not in record["parties"] or concealed(record, public, withheld)):
            continue  # a public answer never shows whom a restricted record involves
        if since and (record["latest"] or "9999-12-31") < since.isoformat():
            continue
        known = when(record, as_of)
        if known is False:
            continue
        shaped = shape(record, public, withheld)
        if as_of:
            shaped["uncertain"] = known is None
        out.append(shaped)
        if limit and len(out) == limit:
            break
    return out


def log_query(
    kinds: tuple[str, ...],
    party: str | None,
    case: str | None,
    since: date | None,
    as_of: date | None,
    public: bool,
) -> tuple[str, list[Any]]:
    """The SQL of `ccc log` now: every filter in the query, the rows read newest first
    from an index (of the case's, the party's or the kind's records, or of all), so that
    reading stops at the limit (tests check its plan)."""
    where: list[str] = []
    params: list[Any] = []
    if case:  # the case's links, in the log's order, lead
        source, order = "record_cases AS link JOIN records ON records.id = link.record_id", "link"
        where.append("link.case_ref = ?")
        params.append(case)
        if party:
            where.append("records.id IN (SELECT record_id FROM record_parties WHERE party = ?)")
            params.append(party)
    elif party:  # the party's links lead
        source, order = "record_parties AS link JOIN records ON records.id = link.record_id", "link"
        where.append("link.party = ?")
        params.append(party)
    else:
        source, order = "records", "records"
    if party and public:  # a public answer never shows whom a restricted record involves
        where.append("records.restricted = 0")
    if kinds:  # one kind: its index leads; several: the log's order leads (no sorting), and
        # the unary + keeps SQLite from merging the kinds' indexes through a sort
        column = "records.kind" if len(kinds) == 1 or source != "records" else "+records.kind"
        where.append(f"{column} IN ({', '.join('?' * len(kinds))})")
        params.extend(kinds)
    if since:
        where.append("(records.latest IS NULL OR records.latest >= ?)")
        params.append(since.isoformat())
    if as_of:  # certainly after the day: left out (straddling records are kept, uncertain)
        where.append("(records.earliest IS NULL OR records.earliest <= ?)")
        params.append(as_of.isoformat())
    sql = f"SELECT {RECORD_COLUMNS} FROM {source}" + (
        f" WHERE {' AND '.join(where)}" if where else ""
    )
    return sql + f" ORDER BY {order}.sort_day DESC, {order}.position DESC", params


def _log_now(
    connection: sqlite3.Connection,
    kinds: tuple[str, ...],
    party: str | None,
    case: str | None,
    since: date | None,
    limit: int,
    public: bool,
    as_of: date | None,
) -> Iterator[dict[str, Any]]:
    """`ccc log` without the record clock: streamed from the index, a page at a time."""
    sql, params = log_query(kinds, party, case, since, as_of, public)
    withheld = Withheld(connection) if public else None
    cursor = connection.execute(sql, params)
    names = [column[0] for column in cursor.description]
    count = 0
    while page := cursor.fetchmany(min(limit, 500) if limit else 500):
        rows = [dict(zip(names, row, strict=True)) for row in page]
        records = as_they_stood(connection, rows, None)
        if withheld is not None:
            withheld.read(records)
        for record in records:
            if party and concealed(record, public, withheld):
                continue  # a masked record in a State's list would say it involves them
            shaped = shape(record, public, withheld)
            if as_of:
                shaped["uncertain"] = when(record, as_of) is None
            yield shaped
            count += 1
            if limit and count == limit:
                return
