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
from typing import Any

from eventsourcing.persistence import Notification

from ccc.domain.base import DomainEvent
from ccc.domain.case import Case
from ccc.domain.record import Amendment, Correction, RecordFacts, record_class
from ccc.errors import StoreError
from ccc.projections.codec import snapshot
from ccc.projections.replies import CORRESPONDENCE
from ccc.store.integrity import digest, extend

# Fields every record shares; the rest of an event's fields are its kind's own `details`.
COMMON_FIELDS = {
    *DomainEvent.model_fields,
    *RecordFacts.model_fields,
    "originator_topic",
    "record_id",
}
CASE_EVENTS: dict[str, type[RecordFacts]] = {
    cls.kind: cls for cls in (Case.Opened, Case.Closed, Case.Reopened)
}


def event_class(kind: str) -> type[RecordFacts]:
    """The event class of a record of `kind` (a record's, or a case's own)."""
    found = CASE_EVENTS.get(kind) or record_class(kind)
    assert found is not None, kind
    return found


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


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

    def add(self, notification: Notification, event: Any) -> None:
        """Project one stored event."""
        record_digest = digest(
            notification.originator_id,
            notification.originator_version,
            notification.topic,
            notification.state,
        )
        self.running = extend(self.running, record_digest)
        self.chain.append(
            {
                "position": notification.id,
                "originator_id": str(notification.originator_id),
                "originator_version": notification.originator_version,
                "digest": record_digest,
                "running": self.running.hex(),
            }
        )
        if isinstance(event, StoreError):  # not written by ccc: kept in the chain, skipped
            self.unreadable.append({"position": notification.id, "why": str(event)})
        elif isinstance(event, RecordFacts) and isinstance(event, DomainEvent):
            self._record(notification.id, event)
        elif isinstance(event, Amendment) and isinstance(event, DomainEvent):
            self._amend(notification.id, event)

    def _record(self, position: int, event: Any) -> None:
        own_id = getattr(event, "record_id", None)  # a case's records carry their own id
        key = (own_id or event.originator_id).hex
        self.created[event.kind] += 1
        self._put(key, event, position, event.timestamp.isoformat(timespec="microseconds"))

    def _put(self, key: str, event: Any, position: int, recorded_at: str) -> dict[str, Any]:
        """Write the row of record `key` from an event holding its (current) facts."""
        parties = event.involved_parties()
        before = self.records.get(key, {})
        row = {
            "id": key,
            "short_id": key[:8],
            "kind": event.kind,
            "occurred": event.occurred,
            "earliest": event.earliest.isoformat() if event.earliest else None,
            "latest": event.latest.isoformat() if event.latest else None,
            "sort_day": (event.earliest or event.latest).isoformat(),
            "recorded_at": before.get("recorded_at", recorded_at),
            "recorded_by": event.recorded_by,
            "summary": event.summary,
            "source": event.source,
            "restricted": int(event.restricted),
            "as_written": int(event.as_written),
            "said_in": event.said_in.hex if event.said_in else None,
            "placed": event.placed,
            "parties": _json([party.label for party in parties]),
            "cases": _json(list(event.cases)),
            # pydantic writes the kind's fields in declaration order: deterministic.
            "details": event.model_dump_json(exclude=COMMON_FIELDS),
            "facts": event.model_dump_json(),
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
            if party.kind != "group":
                self.exposure[(party.label, int(event.restricted))] += 1
        self.records[key] = row
        self.links[key] = (list(event.cases), [(p.label, p.kind) for p in parties])
        if key in self.loaded:
            self.relinked.add(key)
        self.touched_cases.update(event.cases)
        if event.kind in CORRESPONDENCE:
            self.mail.setdefault(key, dict(before) if before else None)
        if isinstance(event, Case.Opened):
            self.cases[event.reference] = {
                "reference": event.reference,
                "case_id": event.originator_id.hex,
                "title": event.title,
                "states": _json(list(event.states)),
                "articles": _json(list(event.articles)),
                "origin": event.origin,
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

    def _amend(self, position: int, event: Any) -> None:
        key = event.target.hex
        row = self._row(key)
        shown_before = snapshot(row)
        self.touched_cases.update(json.loads(row["cases"]))
        if row["kind"] in CORRESPONDENCE:
            self.mail.setdefault(key, dict(row))
        changes: dict[str, Any] = {}
        if isinstance(event, Correction):
            facts = json.loads(row["facts"])
            changes = {
                name: {"from": facts.get(name), "to": value}
                for name, value in event.changes.items()
            }
            facts.update(event.changes)
            corrected = event_class(row["kind"]).model_validate(facts)
            row = self._put(key, corrected, row["position"], row["recorded_at"])
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
                "id": event.record_id.hex,
                "short_id": event.record_id.hex[:8],
                "target": key,
                "kind": event.kind,
                "reason": event.reason,
                "changes": _json(changes),
                "after": snapshot(row),
                "recorded_at": event.timestamp.isoformat(timespec="microseconds"),
                "recorded_by": event.recorded_by,
                "position": position,
            }
        )
