"""Every record event becomes one row of `records`, plus its links to cases and parties.

Insert-only: a record's row is written once, when its event is first read. Case events
also give the case its row in `cases`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ccc.domain.base import DomainEvent
from ccc.domain.case import Case
from ccc.domain.record import RecordFacts

# Fields every record shares; the rest of an event's fields are its kind's own `details`.
COMMON_FIELDS = {
    *DomainEvent.model_fields,
    *RecordFacts.model_fields,
    "originator_topic",
    "record_id",
}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class Rows:
    """Rows produced by a page of events, written together."""

    records: list[dict[str, Any]] = field(default_factory=list)
    record_cases: list[dict[str, Any]] = field(default_factory=list)
    record_parties: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    touched_cases: set[str] = field(default_factory=set)

    def add(self, position: int, event: Any) -> None:
        """Project one event (a record of any kind; other events are ignored)."""
        if not (isinstance(event, RecordFacts) and isinstance(event, DomainEvent)):
            return
        record_id = getattr(event, "record_id", None) or event.originator_id
        key = record_id.hex
        parties = event.involved_parties()
        self.records.append(
            {
                "id": key,
                "short_id": key[:8],
                "kind": event.kind,
                "occurred": event.occurred,
                "earliest": event.earliest.isoformat() if event.earliest else None,
                "latest": event.latest.isoformat() if event.latest else None,
                "sort_day": (event.earliest or event.latest or _never()).isoformat(),
                "recorded_at": event.timestamp.isoformat(),
                "recorded_by": event.recorded_by,
                "summary": event.summary,
                "source": event.source,
                "restricted": int(event.restricted),
                "parties": _json([party.label for party in parties]),
                "cases": _json(list(event.cases)),
                # pydantic writes the kind's fields in declaration order: deterministic.
                "details": event.model_dump_json(exclude=COMMON_FIELDS),
                "position": position,
            }
        )
        for reference in event.cases:
            self.record_cases.append({"record_id": key, "case_ref": reference})
            self.touched_cases.add(reference)
        for party in parties:
            self.record_parties.append(
                {"record_id": key, "party": party.label, "party_kind": party.kind}
            )
        if isinstance(event, Case.Opened):
            self.cases.append(
                {
                    "reference": event.reference,
                    "case_id": event.originator_id.hex,
                    "title": event.title,
                    "states": _json(list(event.states)),
                    "articles": _json(list(event.articles)),
                    "origin": event.origin,
                    "opened_record": key,
                }
            )


def _never() -> Any:
    raise AssertionError("a record has at least one bound; parse_occurred ensures it")
