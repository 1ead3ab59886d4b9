"""Cases: compliance matters, addressed by reference, opened, closed and reopened.

A case's id is derived from its reference, so the event store itself refuses a second
case with the same reference. Each lifecycle event is also a record: it carries the
common record facts and a content-derived `record_id`, like every other record.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from ccc.domain.base import Aggregate, Party
from ccc.domain.record import RecordFacts
from ccc.errors import RuleViolation

Origin = Literal["allegation", "committee-initiative", "self-report", "article-8.2-request"]
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{1,63}$")


class CaseClosedError(RuleViolation):
    pass


class CaseOpenError(RuleViolation):
    pass


class Case(Aggregate):
    """A compliance matter: a reference, a title, the States and Articles concerned."""

    TOPIC = "ccc.Case"

    @staticmethod
    def create_id(reference: str, **_: Any) -> UUID:
        return uuid5(NAMESPACE_URL, f"/ccc/cases/{reference.casefold()}")

    class Opened(Aggregate.Created, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Case.Opened"
        kind: ClassVar[str] = "case-open"
        record_id: UUID
        reference: str
        title: str
        states: tuple[str, ...] = ()
        articles: tuple[int, ...] = ()
        origin: Origin = "committee-initiative"

        def kind_parties(self) -> tuple[Party, ...]:
            return tuple(Party(kind="state", name=code) for code in self.states)

    class Closed(Aggregate.Event, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Case.Closed"
        kind: ClassVar[str] = "case-close"
        record_id: UUID
        outcome: str

        def apply(self, aggregate: Any) -> None:
            aggregate.is_closed = True
            aggregate.record_ids.add(self.record_id)

    class Reopened(Aggregate.Event, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Case.Reopened"
        kind: ClassVar[str] = "case-reopen"
        record_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.is_closed = False
            aggregate.record_ids.add(self.record_id)

    def __init__(self, reference: str, record_id: UUID, **_: Any) -> None:
        self.reference = reference
        self.is_closed = False
        self.record_ids: set[UUID] = {record_id}  # for idempotent import

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
