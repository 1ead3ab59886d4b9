"""The event store: how events are stored (a mapper for pydantic events), the settings of
eventsourcing's SQLite store and the append-only triggers (the read side reads the log
through ccc.store.notifications).

eventsourcing 9.5.6 has no pydantic mapper (its `eventsourcing.pydantic` package is not
released yet), so this one follows the library's examples: pydantic writes and reads the
JSON, and the library's own `class_version` / `upcast_vN_vN+1` convention is kept for when
an event class changes. States are stored in canonical form with their chain link, for
tamper evidence (ccc.store.integrity).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Mapper,
    ProgrammingError,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic
from pydantic import BaseModel

from ccc.domain import topics  # the event classes, by the topics stored
from ccc.errors import StoreError
from ccc.store.integrity import RECORDING_WINDOW_HOURS, digest, with_prev, without_prev
from ccc.store.paths import Store, lock_timeout
from ccc.store.postgres import PostgresStore


def write_locked(store: Store) -> bool:
    """Whether another program holds the store's write lock right now (SQLite; on
    PostgreSQL a writer waits for the table lock up to CCC_LOCK_TIMEOUT seconds)."""
    if store.backend != "sqlite":
        return False
    connection = sqlite3.connect(store.events_db, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        return "locked" in str(error)  # a read-only store is not waited for: it says so
    finally:
        connection.close()


# The library never updates or deletes a stored event; the database refuses to, too.
APPEND_ONLY = [
    f"CREATE TRIGGER IF NOT EXISTS stored_events_no_{verb.lower()} BEFORE {verb} ON "
    f"stored_events BEGIN SELECT RAISE(ABORT, 'stored events are append-only: ccc never "
    f"updates or deletes one; record a correction instead'); END"
    for verb in ("UPDATE", "DELETE")
] + [
    # An insert goes after the last event (not into a gap, not before it)...
    "CREATE TRIGGER IF NOT EXISTS stored_events_at_the_head AFTER INSERT ON stored_events "
    "WHEN NEW.rowid < (SELECT MAX(rowid) FROM stored_events) BEGIN SELECT RAISE(ABORT, "
    "'stored events are append-only: a new event goes after the last one'); END"
]
# ...and is recorded now, not backdated (left out while an export is loaded as it was).
RECORDED_NOW = (
    "CREATE TRIGGER IF NOT EXISTS stored_events_recorded_now AFTER INSERT ON stored_events "
    "WHEN abs(julianday(json_extract(CAST(NEW.state AS TEXT), '$.timestamp')) - "
    f"julianday('now')) > {RECORDING_WINDOW_HOURS}.0 / 24 BEGIN SELECT RAISE(ABORT, "
    "'a new event must be recorded now: its recorded time is not the clock''s'); END"
)


def settings(store: Store) -> dict[str, str]:
    """The eventsourcing Application's environment for a store's event store."""
    if isinstance(store, PostgresStore):
        return store.settings(lock_timeout())
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": store.events_db,
        "SQLITE_LOCK_TIMEOUT": str(lock_timeout()),
    }


def make_append_only(recorder: Any, store: Store) -> None:
    """Install the triggers that refuse UPDATE and DELETE on stored events, and an insert
    anywhere but after the last event or with a recorded time that is not the clock's
    (on PostgreSQL, ccc.store.postgres's own)."""
    if isinstance(store, PostgresStore):
        with recorder.datastore.transaction(commit=True) as cursor:
            store.install(cursor)
        return
    with recorder.datastore.transaction(commit=True) as cursor:
        for statement in [*APPEND_ONLY, RECORDED_NOW]:
            cursor.execute(statement)


class _UnusedTranscoder(Transcoder):
    """The Mapper base class wants a transcoder; pydantic does the encoding instead."""

    def encode(self, obj: Any) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError


class PydanticMapper(Mapper[UUID]):
    """Stores each event as canonical JSON that starts with `_prev`, the digest of the
    previous event of its aggregate (see ccc.store.integrity). `heads` holds, per aggregate, the
    version and digest of its newest event: the application fills it when it loads an
    aggregate, and writing an event moves it on."""

    def __init__(self) -> None:
        super().__init__(transcoder=_UnusedTranscoder())
        self.heads: dict[UUID, tuple[int, str]] = {}

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        assert isinstance(domain_event, BaseModel)
        data = domain_event.model_dump(mode="json")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:  # same convention as the library's own mapper
            data["class_version"] = class_version
        originator_id = domain_event.originator_id
        version = domain_event.originator_version
        prev = None
        if version > 1:
            head = self.heads.get(originator_id)
            if head is None or head[0] != version - 1:
                raise ProgrammingError(f"the digest of {originator_id} v{version - 1} is unknown")
            prev = head[1]
        state = with_prev(data, prev)
        topic = get_topic(type(domain_event))
        self.heads[originator_id] = (version, digest(originator_id, version, topic, state))
        return StoredEvent(
            originator_id=originator_id, originator_version=version, topic=topic, state=state
        )

    def to_stored_first(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        """A new aggregate's first event, stored, without keeping its head: a batch of a
        million new records keeps their stored form only (a tenth of their events' size),
        and reads a head back (`remember`) for the rare one it goes on to amend."""
        stored = self.to_stored_event(domain_event)
        del self.heads[domain_event.originator_id]
        return stored

    def remember(self, stored: StoredEvent) -> None:
        """Keep the head of the aggregate whose newest event is `stored`."""
        self.heads[UUID(str(stored.originator_id))] = (
            stored.originator_version,
            digest(stored.originator_id, stored.originator_version, stored.topic, stored.state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        position = getattr(stored_event, "id", None)  # a notification knows its position
        where = f" at position {position}" if position is not None else ""
        cls: Any = topics.event_class(stored_event.topic, where)
        target = getattr(cls, "class_version", 1)
        try:
            state = without_prev(stored_event.state)
            if target == 1:
                event = cls.model_validate_json(state)
            else:
                data = json.loads(state)
                version = data.pop("class_version", 1)
                while version < target:
                    getattr(cls, f"upcast_v{version}_v{version + 1}")(data)
                    version += 1
                event = cls.model_validate(data)
        except (ValueError, TypeError) as error:  # pydantic's ValidationError is a ValueError
            raise StoreError(
                f"the log holds an event{where} that ccc cannot read ({_why(error)}): it was "
                "not written by ccc. `ccc verify` names it."
            ) from error
        originator_topic = getattr(event, "originator_topic", None)
        if originator_topic is not None:  # the library imports it to make the aggregate
            topics.aggregate_class(originator_topic, where)
        return event  # type: ignore[no-any-return]


def _why(error: Exception) -> str:
    """What is wrong with a stored event, in a few words."""
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ())) or "its content"
        return f"{field}: {str(first.get('msg', 'not valid')).lower()}"
    return str(error).splitlines()[0][:200]
