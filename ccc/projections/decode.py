"""Stored events as the projection reads them: each event's fields in JSON form, in the
order its class declares them, its defaults filled in. That is what the event class's
`model_dump(mode="json")` gives, read here without loading the classes (issue 24: loading
pydantic and the domain's classes was most of what catching up one record cost).

The table ccc/data/event-shapes.json, written from the classes (`python -m
ccc.domain.topics`), gives each topic's kind, role, party fields, and fields with their
types and defaults. A stored state is read through it when every value has exactly the
form ccc writes: the declared JSON type, and dates, times and ids as pydantic writes them.
Anything else (a value pydantic would coerce or refuse, a field the class does not
declare, an older class version to upcast, a topic the table lacks) is read through the
classes (ccc.store.events.PydanticMapper), which coerce, upcast or refuse it as before.
So the table can only send an event the slower way, never read one differently:
tests/projections/test_decode.py reads every kind both ways and compares.

Standard library only (json is enough: the states are small).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from ccc.domain.stored_shapes import aggregates, table
from ccc.store.integrity import prev_of

Check = Callable[[Any], Any]  # a value as stored -> its JSON form, or _Unsure
Reader = Callable[[Any], dict[str, Any]]  # an object as stored -> its fields' JSON form


class _Unsure(Exception):
    """The value is not in the form ccc writes: the classes must read it."""


class Decoded:
    """One stored event, read: its kind (None for an event that is not a record's or an
    amendment's), its role ('record', 'amendment' or 'other'), the fields naming its
    parties, and its facts (the JSON form of every field, in declaration order)."""

    __slots__ = ("facts", "kind", "party_fields", "role")

    def __init__(
        self, kind: str | None, role: str, party_fields: tuple[str, ...], facts: dict[str, Any]
    ) -> None:
        self.kind = kind
        self.role = role
        self.party_fields = party_fields
        self.facts = facts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decoded) and all(
            getattr(self, name) == getattr(other, name) for name in self.__slots__
        )

    def __repr__(self) -> str:
        return f"Decoded({self.kind!r}, {self.role!r}, {self.party_fields!r}, {self.facts!r})"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# pydantic writes a time in UTC with "Z", and its fraction of a second only when it has one.
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z")
# A UTF-16 surrogate written as an escape (ccc writes text as UTF-8, escaping only control
# characters).
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _exactly(kind: type) -> Check:
    """The check of a JSON value of this type (not one pydantic would coerce into it)."""

    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise _Unsure
        return value

    return check


def _date(value: Any) -> Any:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise _Unsure
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _Unsure from None
    return value


def _datetime(value: Any) -> Any:
    if type(value) is not str or not (found := _DATETIME.fullmatch(value)):
        raise _Unsure
    if found.group(1) == ".000000":  # pydantic would write it without the fraction
        raise _Unsure
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _Unsure from None
    return value


def _uuid(value: Any) -> Any:
    if type(value) is not str or not _UUID.fullmatch(value):
        raise _Unsure
    return value


_SIMPLE: dict[str, Check] = {
    "str": _exactly(str),
    "bool": _exactly(bool),
    "int": _exactly(int),
    "date": _date,
    "datetime": _datetime,
    "uuid": _uuid,
    "object": _exactly(dict),
}


def _one_of(values: list[Any]) -> Check:
    allowed = frozenset(values)

    def check(value: Any) -> Any:
        if type(value) is not str or value not in allowed:
            raise _Unsure
        return value

    return check


def _field_check(field: dict[str, Any], models: dict[str, Any]) -> Check:
    """The check of one field's value: its type, a list of it, or null too."""
    kind = field["type"]
    if kind == "one-of":
        one = _one_of(field["values"])
    elif kind in _SIMPLE:
        one = _SIMPLE[kind]
    else:
        one = _model(kind, models)
    check = one
    if field.get("many"):

        def check(value: Any) -> Any:
            if type(value) is not list:
                raise _Unsure
            return [one(item) for item in value]

    if field.get("optional"):
        inner = check

        def check(value: Any) -> Any:
            return None if value is None else inner(value)

    return check


_NONE = object()


def _reader(fields: list[dict[str, Any]], models: dict[str, Any]) -> Reader:
    """A reader of an object with these fields: each checked, in declaration order,
    defaults filled in; a member it does not declare, or lacks without a default, is
    _Unsure."""
    plan = [
        (field["name"], _field_check(field, models), field.get("default", _NONE))
        for field in fields
    ]
    names = frozenset(field["name"] for field in fields)

    def read(value: Any) -> dict[str, Any]:
        if type(value) is not dict or not names.issuperset(value):
            raise _Unsure
        facts = {}
        for name, check, default in plan:
            if name in value:
                facts[name] = check(value[name])
            elif default is _NONE:
                raise _Unsure
            else:  # a copy: a list default is not shared between events
                facts[name] = list(default) if type(default) is list else default
        return facts

    return read


_MODELS: dict[str, Check] = {}


def _model(name: str, models: dict[str, Any]) -> Check:
    if name not in _MODELS:
        _MODELS[name] = _reader(models[name], models)
    return _MODELS[name]


_AGGREGATE = "ccc.Record"


@cache
def common_fields() -> frozenset[str]:
    """The fields every record shares; the rest of its fields are its kind's `details`."""
    return frozenset(table()["common"])


@cache
def _topic(topic: str) -> tuple[str | None, str, tuple[str, ...], Reader] | None:
    shape = table()["topics"].get(topic)
    if shape is None:
        return None
    reader = _reader(shape["fields"], table()["models"])
    return shape["kind"], shape["role"], tuple(shape["party_fields"]), reader


@cache
def topic_of_kind(kind: str) -> str | None:
    """The topic of a record kind's events (a correction re-reads the facts through it)."""
    for topic, shape in table()["topics"].items():
        if shape["kind"] == kind and shape["role"] == "record":
            return str(topic)
    return None


def corrected(kind: str, facts: dict[str, Any]) -> Decoded:
    """A record of `kind` as a correction leaves it: `facts` (its facts before, in JSON form,
    updated with the correction's changes) read as its kind's event."""
    topic = topic_of_kind(kind)
    shape = _topic(topic) if topic else None
    if shape is not None:
        try:
            return Decoded(shape[0], shape[1], shape[2], shape[3](facts))
        except _Unsure:
            pass
    from ccc.domain.topics import kind_class

    cls: Any = kind_class(kind)
    event = cls.model_validate(facts)
    return Decoded(kind, "record", tuple(cls.party_fields), event.model_dump(mode="json"))


def decode(position: int, originator_id: str, version: int, topic: str, state: bytes) -> Decoded:
    """A stored event, read (ccc.errors.StoreError when ccc cannot read it: see the
    module's text)."""
    return from_table(topic, state) or through_classes(
        position, originator_id, version, topic, state
    )


def from_table(topic: str, state: bytes) -> Decoded | None:
    """A stored event read through the table, or None when the classes must read it."""
    shape = _topic(topic)
    if shape is None:
        return None
    try:
        prev_of(state)  # it begins with its chain link, as ccc writes it
        if b"\\u" in state and _SURROGATE.search(state):
            return None  # json reads a lone one; pydantic refuses it, ccc never writes one
        data = json.loads(state)
        if type(data) is not dict or "class_version" in data:
            return None
        if data.get("originator_topic", _AGGREGATE) not in aggregates():
            return None  # an aggregate ccc does not know: its class refuses it
        del data["_prev"]
        return Decoded(shape[0], shape[1], shape[2], shape[3](data))
    except (ValueError, TypeError, _Unsure):
        return None


def through_classes(
    position: int, originator_id: str, version: int, topic: str, state: bytes
) -> Decoded:
    """A stored event read through its class, which upcasts, coerces or refuses it."""
    from types import SimpleNamespace

    from ccc.domain.base import DomainEvent
    from ccc.domain.record import Amendment, RecordFacts
    from ccc.store.events import PydanticMapper

    stored = SimpleNamespace(
        id=position, originator_id=originator_id, originator_version=version, topic=topic,
        state=state,
    )  # fmt: skip
    event: Any = PydanticMapper().to_domain_event(stored)  # type: ignore[arg-type]
    cls = type(event)
    if isinstance(event, RecordFacts) and isinstance(event, DomainEvent):
        role = "record"
    elif isinstance(event, Amendment) and isinstance(event, DomainEvent):
        role = "amendment"
    else:
        role = "other"
    kind = getattr(cls, "kind", None) if role != "other" else None
    parties = tuple(getattr(cls, "party_fields", ()))
    return Decoded(kind, role, parties, event.model_dump(mode="json"))
