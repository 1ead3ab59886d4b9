"""The write side: the Secretariat application and its unit of work.

Every write goes through a `Batch`: commands check the log's rules against what is stored
and what the batch already holds, and `commit()` saves everything in one transaction. One
record from the CLI is a batch of one; an import file is one batch, so one bad record
means nothing is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast
from urllib.parse import quote
from uuid import UUID
from weakref import WeakKeyDictionary

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import Mapper, RecordConflictError, StoredEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder

from ccc.domain import kinds
from ccc.domain.case import Case
from ccc.domain.record import Record, record_class
from ccc.errors import RuleViolation
from ccc.store.events import PydanticMapper, make_append_only, settings
from ccc.store.integrity import content_id, digest
from ccc.store.paths import APPLICATION_NAME, Store


class Secretariat(Application[UUID]):
    name = APPLICATION_NAME
    mapper: PydanticMapper

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper()

    def remember_head(self, aggregate_id: UUID) -> None:
        """Note the digest of an aggregate's newest stored event, to chain the next one."""
        [last] = self.recorder.select_events(aggregate_id, desc=True, limit=1)
        self.mapper.heads[aggregate_id] = (
            last.originator_version,
            digest(last.originator_id, last.originator_version, last.topic, last.state),
        )

    def new_batch(self, *, empty: bool | None = None) -> Batch:
        # An application serves one batch after another (see open_secretariat): the heads
        # an earlier batch knew may be stale now that others have written.
        self.mapper.heads.clear()
        return Batch(self, empty)


def scratch_secretariat() -> Secretariat:
    """An application on an empty store in memory: a batch meant for a store that does not
    exist yet is checked here first, so that a refusal creates no file at all."""
    return Secretariat(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


# The application opened on each store, for a process that writes more than once (a
# writer that serves many records, the tests): opening it connects, learns the database's
# types and installs the triggers, which on PostgreSQL was four fifths of each write.
_opened: WeakKeyDictionary[Store, Secretariat] = WeakKeyDictionary()


def open_secretariat(store: Store, *, fresh: bool = False) -> Secretariat:
    """The application on the store's event store (created on first use, with every
    trigger); opened once per store object and kept while the store is. `fresh`: open it
    again (a log that did not exist when it was last opened)."""
    store.refuse_writing()
    app = None if fresh else _opened.get(store)
    if app is None:
        store.refuse_foreign()
        store.make_private()
        app = _opened[store] = Secretariat(env=settings(store))
        make_append_only(app.recorder, store)
    return app


@dataclass(frozen=True)
class Outcome:
    """What a command did: wrote a new record, or found the same record already there."""

    record_id: UUID
    kind: str
    status: Literal["recorded", "present"]
    position: int  # 1-based position in the batch
    case: str | None = None  # the case, for a case's own records (open, close, reopen)


@dataclass(frozen=True)
class Target:
    """A record to amend: its kind, its facts as they now stand, and where it lives."""

    record_id: UUID
    kind: str
    facts: dict[str, Any]
    case: Case | None  # the case, when the record is one of a case's own
    aggregate: Case | Record


SPOOL_AFTER = 5_000  # events a batch holds in memory; beyond, it spools them to disk


class Batch:
    """Commands checked against the store plus what this batch has done so far."""

    def __init__(self, app: Secretariat, empty: bool | None = None) -> None:
        """`empty`: whether the log holds no record, when the caller knows (asked of the
        log otherwise); False is always safe: look-ups then ask the log."""
        self.app = app
        self._cases: dict[str, Case | None] = {}  # by casefolded reference
        self._records: dict[UUID, Record] = {}  # records amended in this batch
        self._from_store: set[UUID] = set()  # those of them the store held before
        # Records created in this batch, as they will be stored: an import of a million
        # records held their pydantic events, some 18 GB, until its commit.
        self._new: dict[UUID, StoredEvent] = {}
        # What the command being applied touched: an aggregate, or a new record's event.
        self._pending: dict[UUID, Case | Record | StoredEvent] = {}
        # The events of the commands applied so far, stored, in the order they were made.
        self._held: list[StoredEvent] = []
        # What this batch will save beyond SPOOL_AFTER events, in order, on disk (see
        # _spool_held): a large import holds a few thousand events, never all.
        self._spool: sqlite3.Connection | None = None
        self._made = 0  # commands applied: the next outcome's position
        self._store_is_empty = not app.recorder.max_notification_id() if empty is None else empty
        self._reader: sqlite3.Connection | None = None  # see _stored

    # -- looking things up -------------------------------------------------------------
    def case(self, reference: str) -> Case | None:
        key = reference.casefold()
        if key not in self._cases:
            self._cases[key] = self._load(Case.create_id(reference))
        return self._cases[key]

    def known_case(self, reference: str) -> Case:
        case = self.case(reference)
        if case is None:
            raise RuleViolation(
                f"there is no case '{reference}'; open it first with "
                f"`ccc case open {reference} ...`, or check the reference with `ccc status`."
            )
        return case

    def record_exists(self, record_id: UUID) -> bool:
        if record_id in self._new or record_id in self._records:
            return True
        if self._in_spool(record_id):
            return True
        if self._store_is_empty:
            return False
        return self._stored(record_id)

    def _stored(self, record_id: UUID) -> bool:
        """Whether the log holds record `record_id`. On SQLite, one look-up in the primary
        key on a read-only connection of the batch's own: the library's select_events
        opens a transaction and reads the whole event, which was a third of an import's
        time (an import asks for every record it holds)."""
        recorder = self.app.recorder
        if not isinstance(recorder, SQLiteAggregateRecorder):
            return bool(recorder.select_events(record_id, limit=1))
        if self._reader is None:
            path = quote(recorder.datastore.pool.db_name)
            self._reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        found = self._reader.execute(
            "SELECT EXISTS (SELECT 1 FROM stored_events WHERE originator_id = ?)",
            (record_id.hex,),
        ).fetchone()
        return bool(found[0])

    def _load(self, case_id: UUID) -> Case | None:
        if self._store_is_empty:
            return None
        try:
            case: Case = self.app.repository.get(case_id)
        except AggregateNotFoundError:
            return None
        self.app.remember_head(case.id)
        return case

    # -- commands ----------------------------------------------------------------------
    def add_record(
        self,
        kind: str,
        facts: Mapping[str, Any],
        recorded_by: str,
        inherited: Mapping[str, Any] | None = None,
    ) -> Outcome:
        """Record that something happened (a letter, a meeting, ...). `inherited`: facts
        it takes from what it follows (a restriction); the same record written before
        they were inherited is found, not written again."""
        event_class = record_class(kind)
        assert event_class is not None, kind
        facts = event_class.derive(dict(facts))
        facts["cases"] = [self.known_case(ref).reference for ref in facts.get("cases", ())]
        if inherited:
            written_before = content_id(kind, facts)  # by a ccc that did not inherit
            if self.record_exists(written_before):
                return self._outcome(written_before, kind, "present")
            facts.update(inherited)
        record_id = content_id(kind, facts)
        if event_class.identity:  # the same fact, however else it is described
            if self.record_exists(record_id):  # recorded before identities existed
                return self._outcome(record_id, kind, "present")
            record_id = content_id(kind, {key: facts[key] for key in event_class.identity})
        if self.record_exists(record_id):
            return self._outcome(record_id, kind, "present")
        reply_to = facts.get("in_reply_to")
        if reply_to is not None and not self.record_exists(UUID(str(reply_to))):
            raise RuleViolation(
                f"there is no record {reply_to} to reply to; give the id that "
                "`ccc record` printed or that `ccc log` shows."
            )
        # The event alone, not Record._create(): building the aggregate is only needed if
        # this batch amends the record (see target()), and costs a tenth of a big import.
        created = event_class(
            originator_id=record_id,
            originator_version=Record.INITIAL_VERSION,
            originator_topic=Record.TOPIC,
            recorded_by=recorded_by,
            **facts,
        )
        stored = self.app.mapper.to_stored_first(created)
        self._new[record_id] = stored
        self._pending[record_id] = stored
        return self._outcome(record_id, kind, "recorded")

    def open_case(self, facts: Mapping[str, Any], recorded_by: str) -> Outcome:
        """Record that a case was opened."""
        facts = dict(facts, cases=[facts["reference"]])
        record_id = content_id(kinds.CASE_OPEN, facts)
        existing = self.case(facts["reference"])
        if existing is not None:
            if record_id in existing.record_ids:
                return self._outcome(record_id, kinds.CASE_OPEN, "present", existing.reference)
            raise RuleViolation(
                f"case {existing.reference} already exists; choose another reference, or "
                f"see it with `ccc case show {existing.reference}`."
            )
        case = Case.open(record_id=record_id, recorded_by=recorded_by, **facts)
        self._cases[case.reference.casefold()] = case
        self._pending[case.id] = case
        return self._outcome(record_id, kinds.CASE_OPEN, "recorded", case.reference)

    def close_case(self, facts: Mapping[str, Any], recorded_by: str) -> Outcome:
        """Record that a case was closed, with its outcome."""
        return self._lifecycle(kinds.CASE_CLOSE, facts, recorded_by)

    def reopen_case(self, facts: Mapping[str, Any], recorded_by: str) -> Outcome:
        """Record that a closed case was reopened."""
        return self._lifecycle(kinds.CASE_REOPEN, facts, recorded_by)

    def _lifecycle(self, kind: str, facts: Mapping[str, Any], recorded_by: str) -> Outcome:
        facts = dict(facts)
        case = self.known_case(facts.pop("reference"))
        facts["cases"] = [case.reference]
        record_id = content_id(kind, {"reference": case.reference, **facts})
        if record_id in case.record_ids:
            return self._outcome(record_id, kind, "present", case.reference)
        command = case.close if kind == kinds.CASE_CLOSE else case.reopen
        command(record_id=record_id, recorded_by=recorded_by, **facts)
        self._pending[case.id] = case
        return self._outcome(record_id, kind, "recorded", case.reference)

    @staticmethod
    def derived(kind: str, facts: dict[str, Any]) -> dict[str, Any]:
        """The facts a record of `kind` stores, given these (see RecordFacts.derive)."""
        event_class = record_class(kind)
        return event_class.derive(facts) if event_class else facts

    # -- amending ----------------------------------------------------------------------
    def target(self, record_id: UUID, case: str | None = None) -> Target:
        """The record to correct or retract: a record of its own, or one of `case`'s."""
        if case is not None:
            owner = self.known_case(case)
            if record_id in owner.records:
                entry = owner.records[record_id]
                return Target(record_id, entry["kind"], entry["facts"], owner, owner)
        record = self._records.get(record_id) or self._materialise(record_id)
        record = record or self._load_record(record_id)
        if record is None:
            raise RuleViolation(
                f"there is no record {record_id.hex[:8]} to amend; give the id that "
                "`ccc record` printed or that `ccc log` shows."
            )
        return Target(record_id, record.kind, record.facts, None, record)

    def _materialise(self, record_id: UUID) -> Record | None:
        """The aggregate of a record created in this batch, from its events (held, or
        spooled), to read or amend it. Kept (in `_records`) only once amended, and only
        until its events are spooled: every reply reads its letter, and an import of a
        million records kept them all."""
        record: Any = None
        for stored in self._history(record_id):
            event = cast(Record.Event, self.app.mapper.to_domain_event(stored))
            record = event.mutate(record)
        return cast(Record | None, record)

    def _history(self, record_id: UUID) -> list[StoredEvent]:
        """The stored events of a record created in this batch, in order (none for any
        other): its first, still held; or all of them, spooled."""
        if record_id in self._new:
            return [self._new[record_id]]
        return self._spooled(record_id)

    def _load_record(self, record_id: UUID) -> Record | None:
        if self._store_is_empty:
            return None
        try:
            record: Record = self.app.repository.get(record_id)
        except AggregateNotFoundError:
            return None
        return record

    def _keep(self, record: Record) -> None:
        """Keep a record this batch amends, with the digest of its newest stored event
        (its next event's link): later amendments in the batch build on it."""
        if record.id in self._records:
            return
        history = self._history(record.id)
        if history:
            self.app.mapper.remember(history[-1])
        else:  # a record of the store: kept until the commit (see _spool_held)
            self.app.remember_head(record.id)
            self._from_store.add(record.id)
        self._records[record.id] = record

    def correct(
        self,
        target: Target,
        requested: dict[str, Any],
        changes: dict[str, Any],
        reason: str,
        recorded_by: str,
    ) -> Outcome:
        """Record that facts of a record were wrong: their right values, and why.

        `requested` is what the user set (its id derives from it, so the same correction
        asked twice is found, not refused); `changes` is what that actually changes."""
        ident = {"target": target.record_id.hex, "set": requested, "reason": reason}
        if "cases" in changes:
            changes["cases"] = [self.known_case(ref).reference for ref in changes["cases"]]
        return self._amend(kinds.CORRECTION, target, ident, recorded_by, changes=changes)

    def retract(self, target: Target, reason: str, recorded_by: str) -> Outcome:
        """Record that a record should not have been made, and why."""
        ident = {"target": target.record_id.hex, "reason": reason}
        return self._amend(kinds.RETRACTION, target, ident, recorded_by)

    def _amend(
        self,
        kind: str,
        target: Target,
        ident: dict[str, Any],
        recorded_by: str,
        **facts: Any,
    ) -> Outcome:
        record_id = content_id(kind, ident)
        aggregate = target.aggregate
        known = aggregate.record_ids if isinstance(aggregate, Case) else aggregate.amendments
        case = target.case.reference if target.case else None
        if record_id in known:
            return self._outcome(record_id, kind, "present", case)
        if kind == kinds.CORRECTION and not facts["changes"]:
            raise RuleViolation(
                f"nothing to correct: record {target.record_id.hex[:8]} already says that."
            )
        if isinstance(aggregate, Record):
            self._keep(aggregate)
        command = aggregate.correct if kind == kinds.CORRECTION else aggregate.retract
        command(
            target=target.record_id,
            record_id=record_id,
            reason=ident["reason"],
            recorded_by=recorded_by,
            **facts,
        )
        self._pending.setdefault(aggregate.id, aggregate)
        return self._outcome(record_id, kind, "recorded", case)

    def _outcome(
        self,
        record_id: UUID,
        kind: str,
        status: Literal["recorded", "present"],
        case: str | None = None,
    ) -> Outcome:
        self._made += 1
        self._held.extend(self._collected())  # each command's events, in the order made
        self._pending.clear()
        if len(self._held) >= SPOOL_AFTER:
            self._spool_held()
        return Outcome(record_id, kind, status, self._made, case)

    # -- the spool ---------------------------------------------------------------------
    def _collected(self) -> list[StoredEvent]:
        """The events the command being applied made, stored (a new record's event, then
        any amendment made to it)."""
        events: list[StoredEvent] = []
        to_stored = self.app.mapper.to_stored_event  # this batch's mapper knows the heads
        for key, pending in self._pending.items():
            aggregate: Case | Record | None
            if isinstance(pending, StoredEvent):
                events.append(pending)
                aggregate = self._records.get(key)
            else:
                aggregate = pending
            if aggregate is not None:
                events.extend(map(to_stored, aggregate.collect_events()))
        return events

    def _spool_held(self) -> None:
        """Move the events this batch holds to its spool: a private SQLite database on
        disk that SQLite deletes when it is closed (none of it in the store, nothing
        left behind). Aggregates the batch still needs (cases, records of the store it
        amended) stay in memory; their later events are spooled after."""
        if self._spool is None:
            self._spool = sqlite3.connect("")  # "": a temporary file, removed on close
            self._spool.execute(
                "CREATE TABLE spool (seq INTEGER PRIMARY KEY, originator_id TEXT,"
                " originator_version INTEGER, topic TEXT, state BLOB)"
            )
            self._spool.execute("CREATE INDEX spool_ids ON spool (originator_id)")
        self._spool.executemany(
            "INSERT INTO spool (originator_id, originator_version, topic, state)"
            " VALUES (?, ?, ?, ?)",
            [
                (UUID(str(e.originator_id)).hex, e.originator_version, e.topic, e.state)
                for e in self._held
            ],
        )
        self._held.clear()
        self._new.clear()
        # The records created in this batch and amended are read again from the spool
        # when amended again (_materialise); those of the store stay, with their heads.
        for key in [key for key in self._records if key not in self._from_store]:
            del self._records[key]
            self.app.mapper.heads.pop(key, None)

    def _in_spool(self, record_id: UUID) -> bool:
        if self._spool is None:
            return False
        found = self._spool.execute(
            "SELECT EXISTS (SELECT 1 FROM spool WHERE originator_id = ?)", (record_id.hex,)
        ).fetchone()
        return bool(found[0])

    def _spooled(self, record_id: UUID) -> list[StoredEvent]:
        """The events of record `record_id` this batch spooled, in order."""
        if self._spool is None:
            return []
        rows = self._spool.execute(
            "SELECT originator_version, topic, state FROM spool WHERE originator_id = ?"
            " ORDER BY seq",
            (record_id.hex,),
        )
        return [
            StoredEvent(originator_id=record_id, originator_version=v, topic=t, state=state)
            for v, t, state in rows
        ]

    # -- saving ------------------------------------------------------------------------
    def commit(self, into: Secretariat | None = None) -> int:
        """Save every new event in one transaction; returns how many were written.

        `into`: another application's store (a batch checked on a scratch store, for a
        store that did not exist; its optimistic concurrency still refuses an aggregate
        that another process created meanwhile)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        target = (into or self.app).recorder
        try:
            # The recorder directly, not Application.save(): save() checks every object
            # against runtime protocols (about 25 us each on Python 3.11, a sixth of a large
            # import) to find aggregates, and does nothing else we use: no snapshots, no
            # aggregate cache, no subscribers.
            self._held.extend(self._collected())
            self._pending.clear()
            if self._spool is None:
                if self._held:
                    target.insert_events(self._held)
                written = len(self._held)
            else:
                written = self._unspool(target)
        except RecordConflictError as error:
            raise RuleViolation(
                "someone else wrote to the same case or record at the same moment; nothing "
                "was written, so run the command again."
            ) from error
        finally:
            if self._spool is not None:
                self._spool.close()
                self._spool = None
        self._held.clear()
        return written

    def _unspool(self, target: Any) -> int:
        """Save the spool and what the batch still holds, in one transaction: on SQLite
        read and written a page at a time; on PostgreSQL by its recorder's one insert."""
        assert self._spool is not None
        self._spool_held()
        rows = self._spool.execute(
            "SELECT originator_id, originator_version, topic, state FROM spool ORDER BY seq"
        )
        written = 0
        if isinstance(target, SQLiteAggregateRecorder):
            with target.datastore.transaction(commit=True) as cursor:
                while page := rows.fetchmany(SPOOL_AFTER):
                    cursor.executemany(target.insert_events_statement, page)
                    written += len(page)
            return written
        events = [
            StoredEvent(originator_id=UUID(hex_id), originator_version=v, topic=t, state=s)
            for hex_id, v, t, s in rows
        ]
        target.insert_events(events)
        return len(events)
