"""What a writer with plain SQL could do to a log in PostgreSQL, refused by the database:
a temporary table that shadows the log must not choose the next position, and holding a
transaction open must not widen the window a recorded time may lie in."""

from __future__ import annotations

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


REMOVE = object()


def _state(when: datetime, originator: uuid.UUID, **change: object) -> bytes:
    """A note's stored state as a writer with plain SQL might append it: as ccc writes
    one (canonical JSON), with `change` applied (REMOVE removes a member)."""
    from ccc.store.integrity import canonical

    data = {
        "_prev": None, "originator_id": str(originator), "originator_version": 1,
        "originator_topic": "ccc.Record", "timestamp": when.isoformat(),
        "occurred": "2025-01-01", "earliest": "2025-01-01", "latest": "2025-01-01",
        "summary": "Written by SQL.", "recorded_by": "intruder [postgres]",
    }  # fmt: skip
    data.update(change)
    return canonical({k: v for k, v in data.items() if v is not REMOVE})


def _insert(
    connection: psycopg.Connection,
    when: datetime,
    topic: str = "ccc.Record.NoteRecorded",
    state: bytes | None = None,
    **change: object,
) -> None:
    originator = uuid.uuid4()
    connection.execute(
        "INSERT INTO public.secretariat_events (originator_id, originator_version, topic, state)"
        " VALUES (%s, 1, %s, %s)",
        (originator, topic, state or _state(when, originator, **change)),
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


def _not_canonical(when: datetime) -> bytes:
    originator = uuid.uuid4()
    return _state(when, originator).replace(b'"summary":', b'"summary": ')


# A row as a recorder with plain SQL might append it, and what the database says.
SHAPES = {
    "a type ccc does not know": ({"topic": "this:x"}, "does not know events of type"),
    "a type of another program": ({"topic": "other.Event"}, "does not know events of type"),
    "no recorded_by": ({"recorded_by": REMOVE}, "must have the fields ccc writes"),
    "a field ccc does not write": ({"extra": 1}, "must have the fields ccc writes"),
    "no summary": ({"summary": REMOVE}, "must have the fields ccc writes"),
    "not canonical JSON": ({"state": "not canonical"}, "canonical JSON"),
    "not JSON": ({"state": b"{not json"}, "must be JSON"),
    "a JSON array": ({"state": b"[1]"}, "must be a JSON object"),
    "another aggregate's id": ({"originator_id": str(uuid.uuid4())}, "its own id"),
    "a time PostgreSQL reads and Python does not": ({"timestamp": "now "}, "time zone"),
    "a time without a time zone": ({"timestamp": "2026-01-01T10:00:00"}, "time zone"),
}


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_the_database_takes_only_rows_ccc_can_read(log, shape):
    change, says = SHAPES[shape]
    now = datetime.now(UTC)
    if change.get("timestamp") == "2026-01-01T10:00:00":
        change = {"timestamp": now.replace(tzinfo=None).isoformat()}
    kwargs: dict = {k: v for k, v in change.items() if k not in ("topic", "state")}
    if "topic" in change:
        kwargs["topic"] = change["topic"]
    if change.get("state") == "not canonical":
        kwargs["state"] = _not_canonical(now)
    elif "state" in change:
        kwargs["state"] = change["state"]
    with psycopg.connect(log) as connection:
        [(before,)] = connection.execute("SELECT count(*) FROM secretariat_events")
        with pytest.raises(psycopg.Error, match=says):
            _insert(connection, now, **kwargs)
    with psycopg.connect(log) as connection:
        [(after,)] = connection.execute("SELECT count(*) FROM secretariat_events")
    assert after == before
    assert _ccc(log, "status").returncode == 0
    assert _ccc(log, "verify").returncode == 0


def test_a_row_as_ccc_writes_it_is_taken_and_read(log):
    with psycopg.connect(log) as connection:
        _insert(connection, datetime.now(UTC))
    result = _ccc(log, "log", "--json")
    assert result.returncode == 0, result.stderr
    assert "Written by SQL." in result.stdout
    assert _ccc(log, "verify").returncode == 0


def test_a_database_made_again_under_its_name_gets_views_of_its_own(tmp_path):
    """ccc's own cache folder is keyed by the log's id: a database dropped and made again
    (or another server reached by the same name) never reads the first log's views."""
    from tests import pg

    env = dict(os.environ, CCC_ACTOR="officer", XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("CCC_VIEWS", None)

    def ccc(url: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ccc", "--store", url, *args],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    with pg.database() as url:
        note = ("record", "note", "--occurred", "2025-01-01", "--summary")
        assert ccc(url, *note, "In the first log.").returncode == 0
        assert "In the first log." in ccc(url, "log", "--json").stdout
        name = url.rsplit("/", 1)[1]
        with pg.admin() as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        assert ccc(url, *note, "In the second log.").returncode == 0
        result = ccc(url, "log", "--json")
        assert result.returncode == 0, result.stderr
        assert "In the second log." in result.stdout
        assert "In the first log." not in result.stdout
    folders = list((tmp_path / "cache" / "ccc").iterdir())
    assert len(folders) >= 2, folders  # one per log


def test_a_table_of_the_logs_name_that_is_not_a_log_is_one_sentence(pg_url):
    with psycopg.connect(pg_url) as connection:
        connection.execute("CREATE TABLE secretariat_events (id int, note text)")
        connection.execute("INSERT INTO secretariat_events VALUES (1, 'theirs')")
    for command in (["status"], ["log"], ["verify"],
                    ["record", "note", "--occurred", "2025-01-01", "--summary", "x"]):  # fmt: skip
        result = _ccc(pg_url, *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        [line] = result.stderr.strip().splitlines()
        assert "is not a ccc log" in line, line
    with psycopg.connect(pg_url) as connection:
        assert connection.execute("SELECT note FROM secretariat_events").fetchall() == [("theirs",)]


def test_the_databases_canonical_json_is_ccc_s_for_every_value_ccc_stores(log):
    """ccc_canonical (the shape trigger's) and ccc.store.integrity.canonical agree on
    random values of what ccc stores (text without NUL, which jsonb cannot hold)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ccc.store.integrity import canonical

    keys = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True)
    text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
    scalars = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | text
    values = st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=20,
    )
    with psycopg.connect(log, autocommit=True) as connection:

        @settings(max_examples=300, deadline=None, derandomize=True)
        @given(values)
        def agree(value):
            written = canonical(value).decode()
            [(rebuilt,)] = connection.execute(
                "SELECT public.ccc_canonical(%s::jsonb)", (written,)
            ).fetchall()
            assert rebuilt == written

        agree()
