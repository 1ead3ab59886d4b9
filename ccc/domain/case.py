"""Cases: compliance matters, addressed by reference, opened, closed and reopened.

A case's id is derived from its reference, so the event store itself refuses a second
case with the same reference. Each lifecycle event is also a record: it carries the
common record facts and a content-derived `record_id`, like every other record, and is
corrected or retracted through the case.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from ccc.domain import kinds
from ccc.domain.base import Aggregate
from ccc.domain.record import BASE_FIELDS, Amendable, Correction, RecordFacts, Retraction
from ccc.errors import RuleViolation

Origin = Literal["allegation", "committee-initiative", "self-report", "article-8.2-request"]
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{1,63}$")


class CaseClosedError(RuleViolation):
    pass


class CaseOpenError(RuleViolation):
    pass


class Case(Aggregate, Amendable):
    """A compliance matter: a reference, a title, the States and Articles concerned.

    Its opening, closures and reopenings are records; each can be corrected, and closures
    and reopenings retracted (the case's state then follows the records that stand).
    """

    TOPIC = "ccc.Case"

    @staticmethod
    def create_id(reference: str, **_: Any) -> UUID:
        return uuid5(NAMESPACE_URL, f"/ccc/cases/{reference.casefold()}")

    class Event(Aggregate.Event):  # its own: see Record.Event
        pass

    class Opened(Event, Aggregate.Created, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Case.Opened"
        kind: ClassVar[str] = kinds.CASE_OPEN
        record_id: UUID
        reference: str
        title: str
        states: tuple[str, ...] = ()
        articles: tuple[int, ...] = ()
        origin: Origin = "committee-initiative"

        party_fields: ClassVar[tuple[str, ...]] = ("states",)

        def apply(self, aggregate: Any) -> None:
            aggregate.add_record(self)

    class Closed(Event, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Case.Closed"
        kind: ClassVar[str] = kinds.CASE_CLOSE
        record_id: UUID
        outcome: str

        def apply(self, aggregate: Any) -> None:
            aggregate.add_record(self)

    class Reopened(Event, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Case.Reopened"
        kind: ClassVar[str] = kinds.CASE_REOPEN
        record_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.add_record(self)

    class Corrected(Event, Correction):
        TOPIC: ClassVar[str] = "ccc.Case.Corrected"

        def apply(self, aggregate: Any) -> None:
            aggregate.records[self.target]["facts"].update(self.changes)
            aggregate.record_ids.add(self.record_id)

    class Retracted(Event, Retraction):
        TOPIC: ClassVar[str] = "ccc.Case.Retracted"

        def apply(self, aggregate: Any) -> None:
            aggregate.records[self.target]["retracted"] = True
            aggregate.record_ids.add(self.record_id)

    def __init__(self, reference: str, **_: Any) -> None:
        self.reference = reference
        # record id -> {"kind", "facts", "retracted"}, in the order recorded
        self.records: dict[UUID, dict[str, Any]] = {}
        self.record_ids: set[UUID] = set()  # its records and amendments: idempotent import

    def add_record(self, event: Any) -> None:
        facts = event.model_dump(mode="json", exclude=BASE_FIELDS)
        self.records[event.record_id] = {"kind": event.kind, "facts": facts, "retracted": False}
        self.record_ids.add(event.record_id)

    @property
    def is_closed(self) -> bool:
        """Whether the latest closure or reopening that stands is a closure."""
        steps = [
            r["kind"]
            for r in self.records.values()
            if r["kind"] in (kinds.CASE_CLOSE, kinds.CASE_REOPEN) and not r["retracted"]
        ]
        return bool(steps) and steps[-1] == "case-close"

    @classmethod
    def open(cls, **facts: Any) -> Case:
        """Record that a case was opened."""
        reference = facts["reference"]
        if not REFERENCE_PATTERN.match(reference):
            raise RuleViolation(
                f"case reference '{reference}' is not usable; use 2 to 64 letters, digits, "
                "dots, dashes, slashes or underscores, starting with a letter or digit "
                "(for example ukraine-art1-2025)."
            )
        return cls._create(cls.Opened, **facts)

    def close(self, **facts: Any) -> None:
        """Record that the case was closed, with its outcome."""
        if self.is_closed:
            raise CaseClosedError(
                f"case {self.reference} is already closed; reopen it first if it needs "
                "closing again."
            )
        self.trigger_event(self.Closed, **facts)

    def reopen(self, **facts: Any) -> None:
        """Record that a closed case was reopened, and why."""
        if not self.is_closed:
            raise CaseOpenError(
                f"case {self.reference} is open; only a closed case can be reopened."
            )
        self.trigger_event(self.Reopened, **facts)

    def _target(self, target: UUID) -> dict[str, Any]:
        record = self.records.get(target)
        if record is None:
            raise RuleViolation(
                f"record {target.hex[:8]} is not a record of case {self.reference}."
            )
        self._refuse_if_retracted(target, record["retracted"])
        return record

    def correct(self, target: UUID, **amendment: Any) -> None:
        """Record that facts of one of the case's records were wrong, and why."""
        self._target(target)
        if "reference" in amendment["changes"]:
            raise RuleViolation(
                f"a case's reference cannot change; open a new case and close "
                f"{self.reference} with an outcome that says why."
            )
        self.trigger_event(self.Corrected, target=target, **amendment)

    def retract(self, target: UUID, **amendment: Any) -> None:
        """Record that a closure or reopening should not have been recorded, and why."""
        record = self._target(target)
        if record["kind"] == kinds.CASE_OPEN:
            raise RuleViolation(
                f"the opening of case {self.reference} cannot be retracted; close the case "
                "with an outcome that says it was opened in error."
            )
        self.trigger_event(self.Retracted, target=target, **amendment)
