"""The projection reads stored events through a table of the event classes' fields
(ccc.projections.decode), not through the classes. It must read every event exactly as the
classes do, and it must read every event ccc writes the table's way (or it saves nothing)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccc.domain import stored_shapes, topics
from ccc.domain.base import DomainEvent
from ccc.domain.record import RecordFacts
from ccc.errors import StoreError
from ccc.projections import decode, rows
from ccc.store.events import PydanticMapper
from ccc.store.integrity import with_prev
from tests.conftest import ROOT
from tests.projections.conftest import synthetic_store
from tests.reliability.conftest import FULL, trials

TABLE = json.loads((ROOT / "ccc" / "data" / stored_shapes.SHAPES_FILE).read_text("utf-8"))


def test_the_table_is_the_one_the_event_classes_give():
    assert topics.shape_table() == TABLE, (
        "ccc/data/event-shapes.json is not what the event classes give: run "
        "`python -m ccc.domain.topics > ccc/data/event-shapes.json`"
    )


def test_the_fields_every_record_shares_are_the_classes():
    common = {*DomainEvent.model_fields, *RecordFacts.model_fields, "originator_topic", "record_id"}
    assert decode.common_fields() == common


def test_the_table_allows_and_requires_the_members_the_classes_do():
    """`verify` checks each stored state's members against the table, the classes
    unloaded; they must be the members each class allows and requires."""
    # ccc's own classes (another test's process may have registered a later version's)
    shipped = {t for t, cls in topics.events().items() if cls.__module__.startswith("ccc.")}
    assert set(stored_shapes.table()["topics"]) == shipped
    for topic in shipped:
        assert stored_shapes.keys(topic) == topics.fields(topic), topic
    assert stored_shapes.aggregates() == set(topics.AGGREGATES)


@pytest.fixture(scope="module")
def register_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_store(tmp_path_factory.mktemp("register"), 600, register=True)


def _stored(store: Path) -> list[tuple[int, str, int, str, bytes]]:
    with sqlite3.connect(store / "events.db") as connection:
        return connection.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"
        ).fetchall()


@pytest.mark.parametrize("name", ["register_store", "amended"])
def test_every_event_ccc_wrote_is_read_the_tables_way_as_its_class_reads_it(name, request):
    stored = _stored(request.getfixturevalue(name))
    seen = set()
    for event in stored:
        fast = decode.from_table(event[3], event[4])
        assert fast is not None, event  # ccc's own events never need the classes
        assert fast == decode.through_classes(*event), event
        seen.add(event[3])
    assert len(seen) >= 12  # many kinds: the register, the dialogue, cases, amendments


# -- every topic, with random facts (Hypothesis) -------------------------------------------

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)  # control characters,
# quotes, any script: the details and facts columns must be the classes' bytes
SIMPLE = {
    "str": TEXT,
    "bool": st.booleans() | st.sampled_from([0, 1, "true"]),  # what pydantic coerces, too
    "int": st.integers(-(2**40), 2**40) | st.just(2.0),
    "date": st.dates().map(str) | st.just("2025-02-30") | st.just("2025-03-01T00:00:00"),
    "datetime": st.datetimes(timezones=st.just(UTC)).map(
        lambda moment: moment.isoformat().replace("+00:00", "Z")
    ) | st.datetimes(timezones=st.just(UTC)).map(str),
    "uuid": st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper()),
    "object": st.dictionaries(st.sampled_from(["occurred", "summary", "restricted"]),
                              TEXT | st.booleans() | st.none(), max_size=3),
}  # fmt: skip


def _value(field: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = field["type"]
    if kind == "one-of":
        one = st.sampled_from(field["values"]) | st.just("not one of them")
    elif kind in SIMPLE:
        one = SIMPLE[kind]
    else:
        one = _object(TABLE["models"][kind])
    if field.get("many"):
        one = st.lists(one, max_size=3)
    return st.none() | one if field.get("optional") else one


def _object(fields: list[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Every field without a default, and any of those with one (left out: filled in)."""
    return st.fixed_dictionaries(
        {f["name"]: _value(f) for f in fields if "default" not in f},
        optional={f["name"]: _value(f) for f in fields if "default" in f},
    )


@st.composite
def events(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    topic = draw(st.sampled_from(sorted(TABLE["topics"])))
    facts = draw(_object(TABLE["topics"][topic]["fields"]))
    if draw(st.integers(0, 9)) == 0:
        facts["a_field_no_class_declares"] = "x"
    return topic, facts


def _both(topic: str, state: bytes) -> tuple[Any, Any]:
    def read(how: Any) -> Any:
        try:
            return how()
        except StoreError as error:
            return type(error)

    event = (7, "0b6a2d2e-4f43-4a54-9f3f-8f6a1c0e2b11", 1, topic, state)
    return read(lambda: decode.decode(*event)), read(lambda: decode.through_classes(*event))


@settings(
    max_examples=trials(600, 150),
    deadline=None,
    derandomize=not FULL,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(events())
def test_any_stored_event_is_read_as_its_class_reads_it(event):
    topic, facts = event
    fast, classes = _both(topic, with_prev(facts, None))
    assert fast == classes
    if isinstance(classes, decode.Decoded):  # what the class writes, the table reads itself
        assert decode.from_table(topic, with_prev(classes.facts, None)) == classes
        # and the views' JSON of its facts and details are the bytes pydantic writes
        stored = SimpleNamespace(topic=topic, state=with_prev(facts, None))
        model = PydanticMapper().to_domain_event(stored)  # type: ignore[arg-type]
        assert rows._compact(fast.facts) == model.model_dump_json()
        details = {k: v for k, v in fast.facts.items() if k not in decode.common_fields()}
        assert rows._compact(details) == model.model_dump_json(exclude=decode.common_fields())


NOTE = {
    "originator_id": "0b6a2d2e-4f43-4a54-9f3f-8f6a1c0e2b11", "originator_version": 1,
    "timestamp": "2025-01-01T10:00:00Z", "originator_topic": "ccc.Record",
    "occurred": "2025", "earliest": "2025-01-01", "latest": "2025-12-31",
    "summary": "A note.", "recorded_by": "tester",
}  # fmt: skip


def test_a_note_with_its_defaults_left_out_reads_with_them_filled_in():
    event = (1, NOTE["originator_id"], 1, "ccc.Record.NoteRecorded", with_prev(NOTE, None))
    fast = decode.from_table(event[3], event[4])
    assert fast is not None
    assert fast == decode.through_classes(*event)
    assert fast.facts["restricted"] is False and fast.facts["cases"] == []


def test_an_older_version_of_a_class_is_left_to_the_class_to_upcast():
    state = with_prev({**NOTE, "class_version": 2}, None)
    assert decode.from_table("ccc.Record.NoteRecorded", state) is None
    assert decode.from_table("ccc.Record.NoteRecorded", with_prev(NOTE, None)) is not None


def test_an_escaped_surrogate_is_left_to_the_class_which_refuses_it():
    state = with_prev(NOTE, None).replace(b"A note.", b"A \\ud800 note.")
    event = (1, NOTE["originator_id"], 1, "ccc.Record.NoteRecorded", state)
    assert decode.from_table(event[3], state) is None
    with pytest.raises(StoreError, match="cannot read"):
        decode.decode(*event)


def test_an_integer_beyond_64_bits_is_written_as_pydantic_writes_it():
    facts = json.dumps({**NOTE, "state": "CHL", "year": 2**70}, separators=(",", ":"))
    state = b'{"_prev":null,' + facts[1:].encode()  # ccc itself cannot write it (orjson)
    fast = decode.from_table("ccc.Record.Article7Report", state)
    model = PydanticMapper().to_domain_event(
        SimpleNamespace(topic="ccc.Record.Article7Report", state=state)  # type: ignore[arg-type]
    )
    assert fast is not None and rows._compact(fast.facts) == model.model_dump_json()
