"""Events become rows: one per record (with its current values), one per amendment, one
per event in the chain of digests.

A record's row is written when its event is first read. A correction rewrites the row with
the corrected values (keeping, in `original`, what was first recorded) and adds a row to
`amendments` saying what changed, who, when and why; a retraction marks the row. The
`chain` table keeps every event's digest and the log's running digest (ccc.store.integrity).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from ccc.domain import kinds
from ccc.errors import StoreError
from ccc.projections.codec import snapshot
from ccc.projections.decode import Decoded, common_fields, corrected
from ccc.projections.replies import CORRESPONDENCE
from ccc.store.integrity import chained, envelope
from ccc.store.notifications import Stored


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _compact(value: Any) -> str:
    """JSON as pydantic's model_dump_json writes it (the order given, no spaces, text as
    UTF-8, control characters escaped): orjson's bytes (tests/projections/test_decode.py
    compares them with pydantic's), three times faster than the json module's."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:  # an integer beyond 64 bits (ccc never writes one): the json module
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _hex(uuid: str) -> str:
    """A UUID's 32 hex digits (what UUID.hex gives) from its JSON form."""
    return uuid.replace("-", "")


def _recorded_at(timestamp: str) -> str:
    """The time an event was recorded, as the views keep it (microseconds, +00:00)."""
    return datetime.fromisoformat(timestamp).isoformat(timespec="microseconds")


@dataclass
class Rows:
    """The rows a page of events produces, written together (see catch_up._write)."""

    connection: sqlite3.Connection  # the views, for records amended in a later page
    running: bytes  # the running digest before this page
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, tuple[list[str], list[tuple[str, str]]]] = field(default_factory=dict)
    loaded: set[str] = field(default_factory=set)  # rows read from the views
    relinked: set[str] = field(default_factory=set)  # rows whose old links must go
    amendments: list[dict[str, Any]] = field(default_factory=list)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    chain: list[dict[str, Any]] = field(default_factory=list)
    touched_cases: set[str] = field(default_factory=set)
    # Letters and communications this page wrote, with their row before it (None: new):
    # their reply rows may change (catch_up._refresh_replies).
    mail: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    created: Counter[str] = field(default_factory=Counter)  # new records of each kind
    unreadable: list[dict[str, Any]] = field(default_factory=list)  # skipped, with why
    # Changes to party_exposure: (party, restricted) -> records added (or, < 0, removed).
    exposure: Counter[tuple[str, int]] = field(default_factory=Counter)

    def add(self, stored: Stored, event: Decoded | StoreError) -> None:
        """Project one stored event (read by ccc.projections.decode)."""
        position, originator_id, version, topic, state = stored
        hashed, self.running = chained(self.running, envelope(originator_id, version, topic, state))
        record_digest = hashed.hex()
        self.chain.append(
            {
                "position": position,
                "originator_id": originator_id,
                "originator_version": version,
                "digest": record_digest,
                "running": self.running.hex(),
            }
        )
        if isinstance(event, StoreError):  # not written by ccc: kept in the chain, skipped
            self.unreadable.append({"position": position, "why": str(event)})
        elif event.role == "record":
            self._record(position, event)
        elif event.role == "amendment":
            self._amend(position, event)

    def _record(self, position: int, event: Decoded) -> None:
        facts = event.facts
        # A case's records carry their own id; a record's id is its aggregate's.
        key = _hex(facts.get("record_id") or facts["originator_id"])
        assert event.kind is not None
        self.created[event.kind] += 1
        self._put(key, event, position, _recorded_at(facts["timestamp"]))

    def _put(self, key: str, event: Decoded, position: int, recorded_at: str) -> dict[str, Any]:
        """Write the row of record `key` from an event holding its (current) facts."""
        facts = event.facts
        parties = kinds.involved(facts, event.party_fields)
        before = self.records.get(key, {})
        common = common_fields()
        row = {
            "id": key,
            "short_id": key[:8],
            "kind": event.kind,
            "occurred": facts["occurred"],
            "earliest": facts["earliest"],
            "latest": facts["latest"],
            "sort_day": facts["earliest"] or facts["latest"],
            "recorded_at": before.get("recorded_at", recorded_at),
            "recorded_by": facts["recorded_by"],
            "summary": facts["summary"],
            "source": facts["source"],
            "restricted": int(facts["restricted"]),
            "as_written": int(facts["as_written"]),
            "said_in": _hex(facts["said_in"]) if facts["said_in"] else None,
            "placed": facts["placed"],
            "parties": _json([party["name"] for party in parties]),
            "cases": _json(facts["cases"]),
            # in the order the kind's class declares its fields: deterministic.
            "details": _compact({k: v for k, v in facts.items() if k not in common}),
            "facts": _compact(facts),
            "original": before.get("original"),
            "retracted": before.get("retracted", 0),
            "amendments": before.get("amendments", 0),
            "position": before.get("position", position),
        }
        # States and organisations are named; a group ("States Parties with outstanding
        # Article 9 obligations") describes, and its words are no one's secret.
        if before:  # its parties were counted as it stood: count it as it now stands
            for label, kind in self._parties_of(key):
                if kind != "group":
                    self.exposure[(label, int(before["restricted"]))] -= 1
        for party in parties:
            if party["kind"] != "group":
                self.exposure[(party["name"], int(facts["restricted"]))] += 1
        self.records[key] = row
        self.links[key] = (list(facts["cases"]), [(p["name"], p["kind"]) for p in parties])
        if key in self.loaded:
            self.relinked.add(key)
        self.touched_cases.update(facts["cases"])
        if event.kind in CORRESPONDENCE:
            self.mail.setdefault(key, dict(before) if before else None)
        if event.kind == kinds.CASE_OPEN:
            self.cases[facts["reference"]] = {
                "reference": facts["reference"],
                "case_id": _hex(facts["originator_id"]),
                "title": facts["title"],
                "states": _json(facts["states"]),
                "articles": _json(facts["articles"]),
                "origin": facts["origin"],
                "opened_record": key,
            }
        return row

    def _parties_of(self, key: str) -> list[tuple[str, str]]:
        """(label, kind) of each party of record `key` as it stands before this event."""
        if key in self.links:
            return self.links[key][1]
        return self.connection.execute(
            "SELECT party, party_kind FROM record_parties WHERE record_id = ?", (key,)
        ).fetchall()

    def _row(self, key: str) -> dict[str, Any]:
        """The current row of record `key`, from this page or from the views."""
        if key not in self.records:
            cursor = self.connection.execute("SELECT * FROM records WHERE id = ?", (key,))
            names = [column[0] for column in cursor.description]
            self.records[key] = dict(zip(names, cursor.fetchone(), strict=True))
            self.loaded.add(key)
        return self.records[key]

    def _amend(self, position: int, event: Decoded) -> None:
        facts = event.facts
        key = _hex(facts["target"])
        row = self._row(key)
        shown_before = snapshot(row)
        self.touched_cases.update(json.loads(row["cases"]))
        if row["kind"] in CORRESPONDENCE:
            self.mail.setdefault(key, dict(row))
        changes: dict[str, Any] = {}
        if event.kind == kinds.CORRECTION:
            now = json.loads(row["facts"])
            changes = {
                name: {"from": now.get(name), "to": value}
                for name, value in facts["changes"].items()
            }
            now.update(facts["changes"])
            row = self._put(key, corrected(row["kind"], now), row["position"], row["recorded_at"])
        else:
            row["retracted"] = 1
            # Its link rows say it is retracted too (`party show` counts from them).
            self.links[key] = (json.loads(row["cases"]), self._parties_of(key))
            if key in self.loaded:
                self.relinked.add(key)
        row["original"] = row["original"] or shown_before
        row["amendments"] += 1
        self.amendments.append(
            {
                "id": _hex(facts["record_id"]),
                "short_id": _hex(facts["record_id"])[:8],
                "target": key,
                "kind": event.kind,
                "reason": facts["reason"],
                "changes": _json(changes),
                "after": snapshot(row),
                "recorded_at": _recorded_at(facts["timestamp"]),
                "recorded_by": facts["recorded_by"],
                "position": position,
            }
        )
