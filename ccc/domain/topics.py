"""Every topic the log may hold, and the class each names: ccc's own table.

A stored event names its class by a topic. eventsourcing's `resolve_topic` imports
whatever module a topic names, so a row a database writer chose ("this:x") would choose
code every reader imports. ccc reads topics through this table instead: a topic it does
not hold is refused in one sentence, and nothing is imported.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import Any

from ccc.domain import stored_shapes
from ccc.domain.case import Case
from ccc.domain.record import KIND_CLASSES, Record, every_kind, record_class
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
    return frozenset(allowed), frozenset(required | stored_shapes.ALWAYS)


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


def _keys_problem(topic: str, keys: tuple[str, ...]) -> str | None:
    return stored_shapes.keys_problem(*fields(topic), keys)


# A case's own records: their kinds and classes (a record kind's: record.record_class).
CASE_KINDS: dict[str, type] = {cls.kind: cls for cls in (Case.Opened, Case.Closed, Case.Reopened)}


def kind_class(kind: str) -> Any:
    """The event class of the records of `kind` (a case's own, or a record kind's)."""
    found = CASE_KINDS.get(kind) or record_class(kind)
    assert found is not None, kind
    return found


# The table of stored shapes (ccc/data/event-shapes.json), which lets the projection read
# the stored JSON of every event, and `verify` check it, without loading these classes
# (ccc.domain.stored_shapes reads it; ccc.projections.decode, ccc.audit.verify use it).
# Written from the classes by `python -m ccc.domain.topics`; a test fails when it differs.


def shape_table() -> dict[str, Any]:
    """Each topic's kind, role, party fields and fields in declaration order, with each
    field's type (as the projection checks it) and default, in JSON form."""
    from ccc.domain.base import DomainEvent
    from ccc.domain.record import Amendment, RecordFacts

    models: dict[str, Any] = {}
    table: dict[str, Any] = {}
    for topic, cls in sorted(events().items()):
        if getattr(cls, "class_version", 1) > 1 or not issubclass(cls, DomainEvent):
            continue  # upcast by the class itself: read through it
        role = (
            "record" if issubclass(cls, RecordFacts) else
            "amendment" if issubclass(cls, Amendment) else "other"
        )  # fmt: skip
        table[topic] = {
            "kind": getattr(cls, "kind", None) if role != "other" else None,
            "role": role,
            "party_fields": list(getattr(cls, "party_fields", ())),
            "fields": _fields(cls, models),
        }
    # The fields every record shares; the rest are its kind's own `details`.
    common = [*DomainEvent.model_fields, *RecordFacts.model_fields, "originator_topic", "record_id"]
    return {
        "common": list(dict.fromkeys(common)),
        "aggregates": sorted(AGGREGATES),  # an opening event's `originator_topic`
        "topics": table,
        "models": models,
    }


def _fields(cls: Any, models: dict[str, Any]) -> list[dict[str, Any]]:
    from pydantic import TypeAdapter
    from pydantic_core import PydanticUndefined

    fields = []
    for name, info in cls.model_fields.items():
        field = {"name": name, **_type(info.annotation, models)}
        if info.default is not PydanticUndefined:
            field["default"] = TypeAdapter(info.annotation).dump_python(info.default, mode="json")
        fields.append(field)
    return fields


def _type(annotation: Any, models: dict[str, Any]) -> dict[str, Any]:
    """A field's type as the projection checks it: `type` (str, bool, int, date, datetime,
    uuid, object, one-of, or a model's name), `many` (a list of them), `optional` (or
    null), `values` (one-of's). A type outside these stops the table being written."""
    import types
    import typing
    from datetime import date, datetime
    from uuid import UUID

    from pydantic import BaseModel

    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args and len(args) == 2:
        return {**_type(next(a for a in args if a is not type(None)), models), "optional": True}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        inner = _type(args[0], models)
        assert "many" not in inner and "optional" not in inner, annotation
        return {**inner, "many": True}
    if origin is typing.Literal:
        return {"type": "one-of", "values": list(args)}
    if origin is dict and args == (str, Any):
        return {"type": "object"}
    simple = {str: "str", bool: "bool", int: "int", date: "date", datetime: "datetime",
              UUID: "uuid"}  # fmt: skip
    if annotation in simple:
        return {"type": simple[annotation]}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        name = annotation.__name__
        if name not in models:
            models[name] = []  # before its fields: a model that names itself stops here
            models[name] = _fields(annotation, models)
        return {"type": name}
    raise TypeError(f"ccc.projections.decode cannot check a field of type {annotation}")


if __name__ == "__main__":
    print(json.dumps(shape_table(), indent=1, ensure_ascii=False))
