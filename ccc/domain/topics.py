"""Every topic the log may hold, and the class each names: ccc's own table.

A stored event names its class by a topic. eventsourcing's `resolve_topic` imports
whatever module a topic names, so a row a database writer chose ("this:x") would choose
code every reader imports. ccc reads topics through this table instead: a topic it does
not hold is refused in one sentence, and nothing is imported.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from typing import Any

from ccc.domain.case import Case
from ccc.domain.record import KIND_CLASSES, Record, every_kind
from ccc.errors import StoreError

AGGREGATES: dict[str, type] = {Case.TOPIC: Case, Record.TOPIC: Record}
# The topics of the classes loaded so far. A topic not among them loads the rest of the
# domain (the treaty register's kinds: domain/register_kinds.py) before it is refused.
_EVENTS: dict[str, type] = {}
_EVERY = [False]  # whether every module of the domain is loaded into _EVENTS


def _add_loaded() -> None:
    """Add the event classes loaded so far (one `register` put in stays)."""
    classes: list[Any] = [
        *KIND_CLASSES.values(),
        Case.Opened,
        Case.Closed,
        Case.Reopened,
        Case.Corrected,
        Case.Retracted,
        Record.Corrected,
        Record.Retracted,
    ]
    register_kinds = sys.modules.get("ccc.domain.register_kinds")
    if register_kinds is not None:
        classes += [register_kinds.StateRecord, register_kinds.Article82Step]
    for cls in classes:
        _EVENTS.setdefault(cls.TOPIC, cls)


_add_loaded()


def events() -> dict[str, type]:
    """Every topic ccc writes, and its class (every module of the domain loaded)."""
    if not _EVERY[0]:
        every_kind()
        _add_loaded()
        _EVERY[0] = True
    return _EVENTS


def register(cls: type) -> None:
    """Add an event class the table does not hold (a later version's, in its tests)."""
    events()[cls.TOPIC] = cls  # type: ignore[attr-defined]
    fields.cache_clear()
    _keys_problem.cache_clear()


def event_class(topic: str, where: str = "") -> type:
    """The event class a stored topic names, its module loaded if it was not; a topic
    ccc does not know is refused."""
    cls = _EVENTS.get(topic) or events().get(topic)
    if cls is None:
        raise StoreError(_unknown("an event", topic, where))
    return cls


def aggregate_class(topic: str, where: str = "") -> type:
    """The aggregate class an opening event names (`originator_topic`)."""
    cls = AGGREGATES.get(topic)
    if cls is None:
        raise StoreError(_unknown("an aggregate", topic, where))
    return cls


def _unknown(what: str, topic: str, where: str) -> str:
    shown = topic if len(topic) <= 80 else topic[:77] + "..."
    return (
        f"the log holds {what}{where} of type {shown!r}, which ccc does not know (written by "
        "another program or a newer ccc). `ccc verify` names it."
    )


@cache  # asked for every record `verify` reads: a few dozen topics, each worked out once
def fields(topic: str) -> tuple[frozenset[str], frozenset[str]]:
    """The members a stored state of this topic may hold, and those it must hold, as ccc
    writes them (its fields, the chain link `_prev`, and the time it was recorded)."""
    cls: Any = event_class(topic)
    model = cls.model_fields
    allowed = {*model, "_prev"}
    required = {name for name, info in model.items() if info.is_required()}
    if getattr(cls, "class_version", 1) > 1:
        allowed.add("class_version")
    return frozenset(allowed), frozenset({*required, "_prev", "timestamp", "recorded_by"})


def shape_problem(topic: str, state: Any) -> str | None:
    """What keeps ccc from reading a stored state of this topic, in a few words (None: it
    has the shape ccc writes). The database checks the same on PostgreSQL
    (ccc.store.postgres); ccc verify checks it everywhere."""
    if topic not in events():
        return None  # named separately: an unknown type
    if not isinstance(state, dict):
        return "its content is not a JSON object"
    if "class_version" in state:
        return None  # an older version's fields, which the class upcasts
    return _keys_problem(topic, tuple(state))


@lru_cache(maxsize=4096)  # `verify` asks for every record; those of a kind share keys
def _keys_problem(topic: str, keys: tuple[str, ...]) -> str | None:
    allowed, required = fields(topic)
    present = set(keys)
    extra = sorted(present - allowed)
    missing = sorted(required - present)
    if extra:
        return f"it has a field ccc does not write ({', '.join(extra)[:80]})"
    if missing:
        return f"it lacks {', '.join(missing)[:80]}"
    return None
