"""Glue between pydantic and eventsourcing: frozen values, events and the aggregate base.

eventsourcing 9.5.6 ships no pydantic integration; this follows the pattern of its
`examples/aggregate8` (events are frozen pydantic models that mix in the library's
`CanMutateAggregate` / `CanInitAggregate`), with explicit topics so that stored events
never depend on where a class lives in the code.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from types import ModuleType
from typing import Any, ClassVar, Literal
from uuid import UUID, uuid4


def _no_pydantic_plugins() -> None:
    """With pydantic's plugins disabled (`ccc` disables them: ccc.cli.main), its plugin
    loader finds none, but importing it imports importlib.metadata (and email, zipfile,
    csv, ...) when the first model is built: 30 ms of every write's 200 (issue 24). So
    while plugins are disabled in full, ccc puts in the loader's place, before any model
    is built, a module whose `get_plugins` gives what the loader would give: nothing.
    tests/architecture/test_library_internals.py checks that the pinned pydantic still
    asks that module."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return  # pydantic's own loader decides
    name = "pydantic.plugin._loader"
    if name not in sys.modules:
        loader = ModuleType(name, "ccc: pydantic's plugins are disabled (ccc.domain.base).")
        loader.get_plugins = tuple  # type: ignore[attr-defined]  # () every time
        sys.modules[name] = loader


_no_pydantic_plugins()  # before the first model below is built

from eventsourcing.domain import (  # noqa: E402
    BaseAggregate,
    CanInitAggregate,
    CanMutateAggregate,
    datetime_now_with_tzinfo,
)
from pydantic import BaseModel, ConfigDict, Field  # noqa: E402


class Frozen(BaseModel):
    """Every value and event: immutable, and no field that the class does not declare."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class DomainEvent(Frozen):
    originator_id: UUID
    originator_version: int
    # recorded_at: when the log received the event, in UTC, set by the system.
    timestamp: datetime = Field(default_factory=datetime_now_with_tzinfo)


class Aggregate(BaseAggregate[UUID]):
    """Base for ccc's aggregates; subclasses give each event class an explicit TOPIC."""

    @staticmethod
    def create_id(*_: Any, **__: Any) -> UUID:
        return uuid4()

    class Event(DomainEvent, CanMutateAggregate[UUID]):
        TOPIC: ClassVar[str] = "ccc.Aggregate.Event"

    class Created(Event, CanInitAggregate[UUID]):
        TOPIC: ClassVar[str] = "ccc.Aggregate.Created"
        originator_topic: str


class Party(Frozen):
    """A State (alpha-3 code), an organisation (registry name), a group of States, or a
    party the log itself added (`ccc party add`): an organisation, an armed group, a
    mechanism (an international monitoring body) or a State not party."""

    kind: Literal["state", "organisation", "group", "armed-group", "mechanism", "state-not-party"]
    name: str
    count: int | None = None  # groups only: how many, when known
    members: tuple[str, ...] = ()  # groups only: alpha-3 codes, when known

    @property
    def label(self) -> str:
        """How the party appears in lists: code, registry name, or group name."""
        return self.name
