"""Identities and roles on a log in PostgreSQL: `ccc roles setup` makes
a recorder that may append and an auditor that may only read; who wrote a record carries
the session's database role, which an officer cannot forge."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.conftest import SEED
from tests.pg import admin as _admin
from tests.postgres.test_postgres_store import events, run


@pytest.fixture
def roles(pg_url):
    """Two new role names; afterwards their privileges in the test's database are
    dropped, then the roles (roles belong to the whole server)."""
    suffix = uuid.uuid4().hex[:8]
    names = (f"ccc_rec_{suffix}", f"ccc_aud_{suffix}")
    yield names
    with psycopg.connect(pg_url, autocommit=True) as connection:
        for name in names:
            if connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                connection.execute(f"DROP OWNED BY {name}")
    database = urlsplit(pg_url).path.strip("/")
    with _admin() as admin:
        for name in names:
            admin.execute(f'REVOKE ALL ON DATABASE "{database}" FROM {name}')
            admin.execute(f"DROP ROLE IF EXISTS {name}")


def as_role(url: str, role: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{role}@{parts.netloc.split('@')[-1]}"))


def notes(where: list[str]) -> dict[str, str]:
    rows = json.loads(run(*where, "log", "--kind", "note", "--json").stdout)
    return {row["summary"]: row["recorded_by"] for row in rows}


def test_a_recorder_appends_an_auditor_only_reads(pg_url, tmp_path, roles):
    recorder, auditor = roles
    owner = ["--store", pg_url, "--views", str(tmp_path / "owner")]
    as_recorder = ["--store", as_role(pg_url, recorder), "--views", str(tmp_path / "rec")]
    as_auditor = ["--store", as_role(pg_url, auditor), "--views", str(tmp_path / "aud")]
    run(*owner, "import", str(SEED))
    out = run(*owner, "roles", "setup", "--recorder", recorder, "--auditor", auditor).stdout
    assert f"Created the role {recorder}." in out
    assert f"lets {recorder} read and append to the log, and {auditor} only read it" in out
    # The recorder records; recorded_by names the officer and the session's role, and
    # the brackets an officer types are theirs: the last ones are the session's.
    for summary, name in (("By the recorder.", "A. Officer"), ("Forged?", f"M. [{auditor}]")):
        run(*as_recorder, "record", "note", "--occurred", "2025-02-02", "--summary", summary,
            "--as", name)  # fmt: skip
    seen = notes(as_auditor)
    assert seen["By the recorder."] == f"A. Officer [{recorder}]"
    assert seen["Forged?"] == f"M. [{auditor}] [{recorder}]"
    # A record naming another role than the session's is refused by the database.
    state = bytes(events(pg_url)[-1][3]).replace(
        f"[{recorder}]".encode(), f"[{auditor}]-x".encode()
    )
    recording = psycopg.connect(as_role(pg_url, recorder))
    with recording as connection, pytest.raises(psycopg.Error) as refused:
        connection.execute(
            "INSERT INTO secretariat_events (originator_id, originator_version, topic, state)"
            " SELECT originator_id, originator_version, topic, %s FROM secretariat_events"
            " ORDER BY notification_id DESC LIMIT 1",
            (state,),
        )
    assert "must name the database role" in str(refused.value)
    # The auditor reads and verifies, and cannot write: one sentence, nothing written.
    before = events(pg_url)
    refused_write = run(*as_auditor, "record", "note", "--occurred", "2025-02-04",
                        "--summary", "By the auditor.", ok=False)  # fmt: skip
    assert refused_write.returncode == 1 and "may not do that" in refused_write.stderr
    assert len(refused_write.stderr.strip().splitlines()) == 1
    assert events(pg_url) == before
    assert "every digest holds" in run(*as_auditor, "verify").stdout
    # The recorder cannot update or delete: by privilege, or by trigger.
    for statement in ("UPDATE secretariat_events SET topic = 'x'",
                      "DELETE FROM secretariat_events", "TRUNCATE secretariat_events"):  # fmt: skip
        recording = psycopg.connect(as_role(pg_url, recorder))
        with recording as connection, pytest.raises(psycopg.Error):
            connection.execute(statement)
    assert events(pg_url) == before
    # Neither may set up roles: one sentence, nothing granted (PostgreSQL would only warn).
    for session in (as_recorder, as_auditor):
        refused = run(*session, "roles", "setup", "--recorder", recorder, "--auditor",
                      auditor, ok=False)  # fmt: skip
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        assert "Only the log's owner can set up its roles" in refused.stderr, refused.stderr


def test_a_role_without_grants_is_told_in_one_sentence(pg_url, tmp_path, roles):
    """A login role the owner never granted anything: every command one sentence."""
    recorder, auditor = roles
    run("--store", pg_url, "--views", str(tmp_path / "owner"), "import", str(SEED))
    stranger = ["--store", as_role(pg_url, recorder), "--views", str(tmp_path / "s")]
    with psycopg.connect(pg_url, autocommit=True) as connection:
        for role in (recorder, auditor):
            connection.execute(f'CREATE ROLE "{role}" LOGIN')
    before = events(pg_url)
    for command in (["status"], ["log"], ["verify"], ["rebuild"],
                    ["export", "--full", str(tmp_path / "x.jsonl")],
                    ["record", "note", "--occurred", "2025-01-01", "--summary", "x"]):  # fmt: skip
        refused = run(*stranger, *command, ok=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
        [line] = refused.stderr.strip().splitlines()
        assert f"role {recorder} may not do that to the log" in line and "roles setup" in line
    assert events(pg_url) == before


def test_roles_are_for_postgresql(ccc):
    assert "Roles are for a log kept in PostgreSQL" in ccc.refuses("roles", "setup")


def test_a_recorder_makes_no_table_and_its_lock_is_one_sentence_not_a_hang(pg_url, tmp_path, roles):
    import os
    import subprocess
    import sys
    import time

    recorder, auditor = roles
    owner = ["--store", pg_url, "--views", str(tmp_path / "owner")]
    run(*owner, "import", str(SEED))
    run(*owner, "roles", "setup", "--recorder", recorder, "--auditor", auditor)
    for statement in ("CREATE TEMP TABLE secretariat_events (notification_id bigint)",
                      "CREATE TABLE public.ccc_other (x int)"):  # fmt: skip
        recording = psycopg.connect(as_role(pg_url, recorder))
        with recording as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(statement)
    # The recorder may lock the table (the library's append needs the privilege that
    # allows it); a reader then waits CCC_LOCK_TIMEOUT seconds and says so.
    holder = psycopg.connect(as_role(pg_url, recorder))
    try:
        holder.execute("LOCK TABLE secretariat_events IN ACCESS EXCLUSIVE MODE")
        env = dict(os.environ, CCC_LOCK_TIMEOUT="2", CCC_ACTOR="officer")
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "ccc", "--store", as_role(pg_url, auditor), "--views",
             str(tmp_path / "aud"), "status"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        waited = time.monotonic() - started
    finally:
        holder.close()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "held the log" in line and "locked" in line, line
    assert waited < 30
