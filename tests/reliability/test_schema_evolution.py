"""Stored events outlive the code that wrote them: every topic ever stored still names
its class, events stored by ccc 0.1 still read, and a class that gains a field reads
its older events through an upcaster (the library's `class_version` convention)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import register_topic

import ccc.domain.case  # noqa: F401  (registers the case events' topics)
from ccc.domain import topics
from ccc.domain.record import Record
from ccc.store.events import PydanticMapper
from ccc.store.integrity import with_prev

FIXTURES = Path(__file__).parent / "fixtures"


def test_no_stored_topic_changes_or_disappears():
    """Topics are stored with every event: renaming or removing one would orphan them.
    Read as ccc reads them, through its own table (domain/topics.py), which loads the
    module of a class not yet loaded (the treaty register's kinds load on first use).
    A class may move between modules of the domain: its TOPIC is what is stored."""
    stored = json.loads((FIXTURES / "topics.json").read_text())
    for topic, where in stored.items():
        cls = topics.AGGREGATES.get(topic) or topics.event_class(topic)
        assert f"{cls.__module__}.{cls.__qualname__}" == where, topic
        assert getattr(cls, "TOPIC", topic) == topic


def test_events_stored_by_ccc_0_1_still_read():
    mapper = PydanticMapper()
    lines = (FIXTURES / "events-0.1.jsonl").read_text().splitlines()
    assert len(lines) >= 14
    for line in lines:
        stored = json.loads(line)
        event = mapper.to_domain_event(
            StoredEvent(
                originator_id=UUID(stored["originator_id"]),
                originator_version=stored["originator_version"],
                topic=stored["topic"],
                state=stored["state"].encode(),
            )
        )
        assert event.originator_id == UUID(stored["originator_id"])
        assert stored["topic"] == type(event).TOPIC


class EvolvedNote(Record.Created):
    """A note as a later version would write it: it gained `language` (version 2)."""

    TOPIC: ClassVar[str] = "ccc.tests.EvolvedNote"
    kind: ClassVar[str] = "note"
    class_version: ClassVar[int] = 2
    language: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["language"] = "en"  # every note before version 2 was in English


register_topic(EvolvedNote.TOPIC, EvolvedNote)
topics.register(EvolvedNote)  # ccc reads topics through its own table


def _stored(data: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(data["originator_id"]),
        originator_version=1,
        topic=EvolvedNote.TOPIC,
        state=with_prev(data, None),
    )


def test_an_older_event_reads_through_its_upcaster():
    older = {  # what version 1 stored: no `language`, no `class_version`
        "originator_id": str(uuid4()),
        "originator_version": 1,
        "originator_topic": Record.TOPIC,
        "timestamp": datetime(2025, 5, 1, tzinfo=UTC).isoformat(),
        "occurred": "2025-05-01",
        "earliest": "2025-05-01",
        "latest": "2025-05-01",
        "summary": "Written by version 1.",
        "recorded_by": "officer",
    }
    event = PydanticMapper().to_domain_event(_stored(older))
    assert isinstance(event, EvolvedNote)
    assert event.language == "en" and event.summary == "Written by version 1."


def test_a_newer_event_round_trips_with_its_version():
    mapper = PydanticMapper()
    event = EvolvedNote(
        originator_id=uuid4(),
        originator_version=1,
        originator_topic=Record.TOPIC,
        occurred="2025-05-02",
        earliest="2025-05-02",
        latest="2025-05-02",
        summary="Written by version 2.",
        recorded_by="officer",
        language="fr",
    )
    stored = mapper.to_stored_event(event)
    assert b'"class_version":2' in stored.state
    again = mapper.to_domain_event(stored)
    assert isinstance(again, EvolvedNote) and again.language == "fr"
