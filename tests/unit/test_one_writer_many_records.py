"""A process that writes many records through one store object (a writer that serves an
office, bench/shared.py's officers) opens the log once and keeps it: what it writes
must be what a command a record writes, with other officers writing in between."""

from __future__ import annotations

import os

import pytest

from ccc.application.writing import validate, write
from ccc.errors import CccError
from ccc.store.where import locate
from tests.conftest import event_count, log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

ON = ("--occurred", "2025-03-01")


def _writer():  # type: ignore[no-untyped-def]
    return locate(os.environ["CCC_STORE"], os.environ.get("CCC_VIEWS"))


def _one(store, kind: str, **values: object):  # type: ignore[no-untyped-def]
    [outcome] = write(store, [validate(kind, values, cli=True)], "long-lived writer")
    return outcome


def test_a_case_amended_by_another_officer_in_between_keeps_its_chain(ccc):
    writer = _writer()
    _one(writer, "case-open", reference="c-1", title="A case", occurred="2025-03-01")
    # Another officer, in a process of their own, closes the case each time: the writer's
    # next event on it must link to that officer's event, not to the last it wrote itself.
    for month in ("04", "05"):
        ccc.ok("case", "close", "c-1", "--outcome", f"answered {month}", *ON)
        _one(writer, "case-reopen", reference="c-1", reason=month, occurred=f"2025-{month}-01")
    ccc.ok("record", "note", "--summary", "Between.", "--case", "c-1", *ON)
    _one(writer, "case-close", reference="c-1", outcome="settled", occurred="2025-06-01")

    assert "verified" in ccc.ok("verify", "--log-only").lower()
    kinds = [entry["kind"] for entry in ccc.json("history", "c-1")]
    assert (kinds.count("case-close"), kinds.count("case-reopen")) == (3, 2)
    shown = ccc.json("case", "show", "c-1")
    assert (shown["status"], shown["outcome"], shown["records"]) == ("closed", "settled", 7)


def test_a_refused_record_in_between_writes_nothing_and_spoils_nothing(ccc, store):
    writer = _writer()
    _one(writer, "note", summary="First.", occurred="2025-03-01")
    before = log_digest(store)
    with pytest.raises(CccError, match="no case 'nope'"):
        _one(writer, "note", summary="Into no case.", cases=["nope"], occurred="2025-03-02")
    assert log_digest(store) == before
    _one(writer, "note", summary="Second.", occurred="2025-03-03")
    ccc.ok("record", "note", "--summary", "By another.", *ON)
    _one(writer, "note", summary="Third.", occurred="2025-03-04")
    assert event_count(store) == 4
    assert "verified" in ccc.ok("verify", "--log-only").lower()
    summaries = {entry["summary"] for entry in ccc.json("log")}
    assert {"First.", "Second.", "By another.", "Third."} <= summaries


def test_the_same_record_written_twice_is_found_the_second_time(ccc, store):
    writer = _writer()
    first = _one(writer, "note", summary="Once.", occurred="2025-03-01")
    again = _one(writer, "note", summary="Once.", occurred="2025-03-01")
    assert (first.status, again.status) == ("recorded", "present")
    assert first.record_id == again.record_id
    assert event_count(store) == 1
