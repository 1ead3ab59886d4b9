"""Appends are checked as well as edits: a forged, backdated record is refused by the
store, and caught by `verify` if someone gets it in anyway; edits to the views are caught
by `verify` too, and what it could not check it says."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest

from ccc.domain.record import Record
from ccc.store.integrity import canonical, digest, with_prev
from tests.conftest import log_digest, written_by_another


@pytest.fixture
def audited(seeded):
    seeded.ok("status")
    return seeded


def triggers(store):
    with sqlite3.connect(store / "events.db") as connection:
        return [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")]  # fmt: skip


def forged_retraction(store, when: datetime):
    """A well-formed retraction of the first note-like record, chained to it, signed by
    another officer, timed `when`: what an insider with the file could write."""
    with sqlite3.connect(store / "events.db") as connection:
        originator, version, topic, state = connection.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events "
            "WHERE topic = 'ccc.Record.LetterSent' ORDER BY rowid LIMIT 1"
        ).fetchone()
    target = uuid.UUID(originator)
    event = Record.Retracted(
        originator_id=target,
        originator_version=version + 1,
        timestamp=when,
        record_id=uuid.uuid4(),
        target=target,
        reason="Recorded in error.",
        recorded_by="another-officer",
    )
    state = with_prev(event.model_dump(mode="json"), digest(originator, version, topic, state))
    return (target.hex, version + 1, Record.Retracted.TOPIC, state)


INSERT = (
    "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
    "VALUES (?, ?, ?, ?)"
)
BACKDATED = datetime(2025, 3, 1, tzinfo=UTC)


def test_the_store_refuses_a_backdated_insert(audited, store):
    before = log_digest(store)
    row = forged_retraction(store, BACKDATED)
    with (
        pytest.raises(sqlite3.IntegrityError, match="recorded now"),
        sqlite3.connect(store / "events.db") as connection,
    ):
        connection.execute(INSERT, row)
    assert log_digest(store) == before


def test_the_store_refuses_an_insert_before_the_last_event(audited, store):
    before = log_digest(store)
    row = forged_retraction(store, datetime.now(UTC))
    at_zero = INSERT.replace("(originator_id", "(rowid, originator_id").replace("(?,", "(0, ?,")
    with (
        pytest.raises(sqlite3.IntegrityError, match="goes after the last one"),
        sqlite3.connect(store / "events.db") as connection,
    ):
        connection.execute(at_zero, row)
    assert log_digest(store) == before


def test_verify_names_a_backdated_record_that_got_in(audited, store):
    with sqlite3.connect(store / "events.db") as connection:
        for name in triggers(store):  # as an insider with the file would
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute(INSERT, forged_retraction(store, BACKDATED))
    result = audited("verify")
    assert result.exit_code == 1
    assert "Record 26 says it was recorded at 2025-03-01" in result.stderr
    assert "backdated or inserted out of order" in result.stderr


def test_a_backdated_line_in_an_export_is_named(audited, store, tmp_path):
    """Appended with its digest and a manifest recomputed to match."""
    from ccc.store.integrity import ZERO, envelope, extend

    path = tmp_path / "log.jsonl"
    audited.ok("export", "--full", str(path))
    originator, version, topic, state = forged_retraction(store, BACKDATED)
    record = envelope(originator, version, topic, state)
    line = b'{"digest":"%s","record":%s}\n' % (
        digest(originator, version, topic, state).encode(),
        record,
    )
    with open(path, "ab") as handle:
        handle.write(line)
    running = ZERO
    for text in path.read_bytes().splitlines():
        running = extend(running, json.loads(text)["digest"])
    manifest = json.loads((tmp_path / "log.jsonl.manifest.json").read_text())
    manifest.update(records=26, final_digest=running.hex())
    (tmp_path / "log.jsonl.manifest.json").write_bytes(canonical(manifest))
    result = audited("verify", str(path))
    assert result.exit_code == 1
    assert "Record 26 says it was recorded at 2025-03-01" in result.stderr


def test_verify_compares_the_views_with_the_log(audited, store):
    assert "a fresh rebuild of the views (25 records)" in audited.ok("verify")
    with sqlite3.connect(store / "views.db") as connection:
        connection.execute("UPDATE records SET summary = 'Nothing happened.' WHERE rowid = 3")
    result = audited("verify")
    assert result.exit_code == 1
    assert "views differ from a fresh rebuild of the first 25 records in records" in (result.stderr)
    assert "Views differ" not in audited.ok("verify", "--log-only")


def test_verify_says_what_it_could_not_check(audited, store):
    (store / "views.db").unlink()
    out = audited.ok("verify")
    assert "Not checked: records 1 to 25 were not checked against the views (there are none" in out
    audited.ok("status")
    written_by_another(audited, "record", "note", "--occurred", "2025-01-02", "--summary",
                       "After the views.")  # fmt: skip
    out = audited.ok("verify")
    assert (
        "Not checked: records 26 to 26 were not checked against the views (the views have not"
        in out
    )
