"""The read side's typed record (ccc/domain/shapes.py) agrees with the events it is made
from: mypy checks the keys the board, the register and the papers read against these
types, so a type that drifted from its event would let a misspelt key through."""

from __future__ import annotations

import types
import typing
from datetime import date
from uuid import UUID

import pytest

from ccc.domain import shapes
from ccc.domain.base import Party
from ccc.domain.record import Priority, every_kind
from ccc.domain.topics import CASE_KINDS
from ccc.projections.codec import RECORD_COLUMNS
from ccc.projections.decode import common_fields

EVENT_CLASSES = {**every_kind(), **CASE_KINDS}
COMMON_FIELDS = common_fields()


def _members(annotation: typing.Any) -> set[typing.Any]:
    """The types a union admits (a single type: itself); a Literal of names is text."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return set().union(*map(_members, typing.get_args(annotation)))
    if typing.get_origin(annotation) is typing.Literal:
        return {str}
    if (
        typing.get_origin(annotation) is list
        and typing.get_origin(typing.get_args(annotation)[0]) is typing.Literal
    ):
        return {list[str]}
    return {annotation}


def _json_form(annotation: typing.Any) -> typing.Any:
    """What an event field's type becomes in a row's details (JSON form)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(_json_form(a) for a in typing.get_args(annotation))]  # noqa: UP007
    if origin is tuple:
        return list[_json_form(typing.get_args(annotation)[0])]  # type: ignore[misc]
    if origin is typing.Literal:
        return annotation
    return {
        date: str,
        UUID: str,
        Party: shapes.PartyJson,
        Priority: shapes.PriorityJson,
    }.get(annotation, annotation)


def _event_fields(kind: str) -> dict[str, typing.Any]:
    cls = EVENT_CLASSES[kind]
    cls.model_rebuild()
    return {
        name: _json_form(info.annotation)
        for name, info in cls.model_fields.items()
        if name not in COMMON_FIELDS
    }


def test_every_kind_of_record_has_a_details_type():
    assert set(shapes.DETAILS) == set(EVENT_CLASSES)


@pytest.mark.parametrize("kind", sorted(EVENT_CLASSES))
def test_a_kinds_details_type_has_exactly_its_events_fields_in_json_form(kind):
    hints = typing.get_type_hints(shapes.DETAILS[kind])
    fields = _event_fields(kind)
    assert set(hints) == set(fields)
    for name, annotation in fields.items():
        # A Literal of names (nature, instrument, ...) may be read as plain text.
        assert _members(hints[name]) == _members(annotation), (kind, name)


def test_details_admits_every_kinds_value_of_every_field():
    merged = typing.get_type_hints(shapes.Details)
    fields: dict[str, set[typing.Any]] = {}
    for details in shapes.DETAILS.values():
        for name, annotation in typing.get_type_hints(details).items():
            fields.setdefault(name, set()).update(_members(annotation))
    assert set(merged) == set(fields)
    for name, admitted in fields.items():
        assert admitted <= _members(merged[name]), name


def test_a_record_row_has_exactly_the_columns_queries_read():
    columns = {column.removeprefix("records.") for column in RECORD_COLUMNS.split(", ")}
    optional = {"restricted_now", "amended_by"}
    assert set(typing.get_type_hints(shapes.RecordRow)) == columns | optional
