"""A case's audit trail (`ccc history`) and the log of records (`ccc log`), on either
clock, public or not. Standard library only.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from ccc.projections.clocks import records_known, when
from ccc.projections.codec import HIDDEN, SHOWN
from ccc.projections.public import hidden, mask


def shape(record: dict[str, Any], public: bool) -> dict[str, Any]:
    """The record as queries return it: `id` is the short id people type, `uuid` the full."""
    shaped = {"id": record["short_id"], "uuid": record["id"]}
    shaped.update((k, v) for k, v in record.items() if k not in HIDDEN and k != "id")
    shaped["amended_by"] = [a["short_id"] for a in record.get("amended_by", ())]
    return mask(shaped) if hidden(record, public) else shaped


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
        known = when(record, as_of)
        if known is False:
            continue
        steps = record["amended_by"]
        entry = shape(record, public)
        first = record["original"]
        if first is not None:  # show it as first recorded, then its amendments
            entry["current"] = {k: entry[k] for k in SHOWN if entry[k] != first[k]}
            entry.update(first)
            if hidden(record, public):
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
                "cases": record["cases"],
                "restricted": record["restricted"],
                "position": step["position"],
            }
            out.append(mask(amendment) if hidden(record, public) else amendment)
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
        if party and (party not in record["parties"] or hidden(record, public)):
            continue  # a public answer never shows whom a restricted record involves
        if since and (record["latest"] or "9999-12-31") < since.isoformat():
            continue
        known = when(record, as_of)
        if known is False:
            continue
        shaped = shape(record, public)
        if as_of:
            shaped["uncertain"] = known is None
        out.append(shaped)
        if limit and len(out) == limit:
            break
    return out
