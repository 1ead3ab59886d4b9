"""What a writer with plain SQL could do to a log in PostgreSQL, refused by the database:
a temporary table that shadows the log must not choose the next position, and holding a
transaction open must not widen the window a recorded time may lie in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from ccc.store.integrity import RECORDING_WINDOW_HOURS


def _ccc(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CCC_ACTOR="officer", CCC_STORE=url)
    return subprocess.run(
        [sys.executable, "-m", "ccc", *args], env=env, capture_output=True, text=True, timeout=120
    )


def _state(when: datetime) -> bytes:
    """A note's stored state as a writer with plain SQL might append it."""
    data = {
        "_prev": None, "originator_id": str(uuid.uuid4()), "originator_version": 1,
        "originator_topic": "ccc.Record", "timestamp": when.isoformat(),
        "occurred": "2025-01-01", "earliest": "2025-01-01", "latest": "2025-01-01",
        "summary": "Written by SQL.", "recorded_by": "intruder [postgres]",
    }  # fmt: skip
    return json.dumps(data, separators=(",", ":")).encode()


def _insert(connection: psycopg.Connection, when: datetime) -> None:
    connection.execute(
        "INSERT INTO public.secretariat_events (originator_id, originator_version, topic, state)"
        " VALUES (%s, 1, 'ccc.Record.NoteRecorded', %s)",
        (uuid.uuid4(), _state(when)),
    )


@pytest.fixture
def log(pg_url: str) -> str:
    result = _ccc(pg_url, "record", "note", "--occurred", "2025-01-01", "--summary", "First.")
    assert result.returncode == 0, result.stderr
    return pg_url


def test_a_temporary_table_of_the_same_name_does_not_choose_the_position(log):
    with psycopg.connect(log) as connection:
        [(last,)] = connection.execute("SELECT max(notification_id) FROM secretariat_events")
        connection.execute("CREATE TEMP TABLE secretariat_events (notification_id bigint)")
        connection.execute("INSERT INTO secretariat_events VALUES (100000)")
        _insert(connection, datetime.now(UTC))
        connection.commit()
    with psycopg.connect(log) as connection:
        positions = [row[0] for row in connection.execute(
            "SELECT notification_id FROM public.secretariat_events ORDER BY 1")]  # fmt: skip
    assert positions == list(range(1, last + 2))  # the next position, no gap, no jump


def test_holding_a_transaction_open_does_not_widen_the_recording_window(log):
    with psycopg.connect(log) as connection:
        [(started,)] = connection.execute("SELECT now()")
        time.sleep(3)
        # Within the window of the transaction's start, outside it by the clock.
        backdated = started - timedelta(hours=RECORDING_WINDOW_HOURS) + timedelta(seconds=1)
        with pytest.raises(psycopg.errors.RaiseException, match="recorded now"):
            _insert(connection, backdated)
    with psycopg.connect(log) as connection:
        _insert(connection, datetime.now(UTC))  # a time the clock agrees with still goes in


def test_functions_installed_by_an_earlier_ccc_are_replaced_by_the_owners_next_write(log):
    with psycopg.connect(log) as connection:
        connection.execute(  # what ccc 0.1 installed: the transaction's start, unqualified
            "CREATE OR REPLACE FUNCTION ccc_recorded_now() RETURNS trigger LANGUAGE plpgsql"
            " AS $$ BEGIN RETURN NEW; END $$"
        )
        connection.commit()
    result = _ccc(log, "record", "note", "--occurred", "2025-01-02", "--summary", "Second.")
    assert result.returncode == 0, result.stderr
    with psycopg.connect(log) as connection:
        [(source,)] = connection.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = 'ccc_recorded_now'"
        )
    assert "clock_timestamp()" in source


def test_one_views_folder_given_for_two_logs_is_refused_for_the_second(tmp_path):
    from tests import pg

    views = tmp_path / "views"
    with pg.database() as first, pg.database() as second:
        for url, summary in ((first, "In the first log."), (second, "In the second log.")):
            env = dict(os.environ, CCC_ACTOR="officer", CCC_STORE=url, CCC_VIEWS=str(views))
            subprocess.run(
                [sys.executable, "-m", "ccc", "record", "note", "--occurred", "2025-01-01",
                 "--summary", summary], env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            result = subprocess.run(
                [sys.executable, "-m", "ccc", "log", "--json"],
                env=env,
                capture_output=True,
                text=True,
            )
            if url == first:
                assert result.returncode == 0, result.stderr
                continue
            assert result.returncode == 1, result.stdout  # not the first log's records
            assert "not built from this log" in result.stderr
            assert "Traceback" not in result.stderr


def test_an_import_cut_short_leaves_the_log_with_every_trigger(tmp_path, pg_url):
    """Loading an export turns the recorded-time check off inside its one transaction, so
    a kill -9 during the load leaves every trigger in place (it left three of five)."""
    from tests.projections.conftest import synthetic_store

    source = synthetic_store(tmp_path, 3_000, register=True)
    export = tmp_path / "log.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "ccc", "--store", str(source), "export", "--full", str(export)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    env = dict(os.environ, CCC_ACTOR="officer", CCC_STORE=pg_url, CCC_VIEWS=str(tmp_path / "v"))
    loading = subprocess.Popen(
        [sys.executable, "-m", "ccc", "import", str(export)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    with psycopg.connect(pg_url, autocommit=True) as connection:
        while time.monotonic() < deadline and loading.poll() is None:
            [(table,)] = connection.execute("SELECT to_regclass('secretariat_events')")
            if table is not None:  # the log exists: the load is about to run, or running
                time.sleep(0.2)
                break
            time.sleep(0.02)
        loading.kill()
        loading.wait()
        triggers = {row[0] for row in connection.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'secretariat_events'::regclass"
            " AND NOT tgisinternal")}  # fmt: skip
    from ccc.store.postgres import TRIGGERS

    assert triggers == set(TRIGGERS)
