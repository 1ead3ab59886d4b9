"""A log kept in PostgreSQL: recorded, read, verified, exported and
moved between backends through the CLI, as officers use it; the database itself refuses
to change a stored event, and positions have no gaps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from ccc.projections.catch_up import table_digests
from tests.conftest import SEED

Result = subprocess.CompletedProcess[str]


def run(
    *args: str, env: dict[str, str] | None = None, ok: bool = True
) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "ccc", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CCC_ACTOR": "officer", **(env or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr
    if ok:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def pg(pg_url: str, tmp_path: Path) -> list[str]:
    """The global options that name the PostgreSQL store and its views."""
    return ["--store", pg_url, "--views", str(tmp_path / "views")]


def events(url: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT notification_id, originator_id, originator_version, state "
            "FROM secretariat_events ORDER BY notification_id"
        ).fetchall()


def test_a_log_in_postgresql_answers_as_a_log_in_sqlite(pg, pg_url, tmp_path):
    local = ["--store", str(tmp_path / "local")]
    for where in (pg, local):
        run(*where, "import", str(SEED))
    assert json.loads(run(*pg, "status", "--json").stdout) == json.loads(
        run(*local, "status", "--json").stdout
    )
    paper = ("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--public")
    strip = lambda text: text.rsplit("Drafted by ccc", 1)[0]  # noqa: E731 (the digests differ)
    assert strip(run(*pg, *paper).stdout) == strip(run(*local, *paper).stdout)
    info = json.loads(run(*pg, "info", "--json").stdout)
    assert info["backend"] == "postgresql" and info["store"].startswith("postgresql://")
    assert info["views"] == str(tmp_path / "views") and info["records"] == 25
    assert "Verified 25 records" in run(*pg, "verify").stdout
    assert "every table matches" in run(*pg, "rebuild", "--check").stdout
    assert len(events(pg_url)) == 25
    # Signed checkpoints hold on it as on a file.
    key = tmp_path / "keys" / "ccc"
    key.parent.mkdir()
    run(*pg, "keygen", "example.org/ccc", "--out", str(key))
    run(*pg, "checkpoint", "--key", f"{key}.key", "--out", str(tmp_path / "cp.txt"))
    run(*pg, "record", "note", "--occurred", "2025-09-30", "--summary", "Later.")
    checked = run(*pg, "verify", "--checkpoint", str(tmp_path / "cp.txt"), "--pubkey",
                  f"{key}.pub").stdout  # fmt: skip
    assert "every digest holds" in checked and "came after the checkpoint" in checked


def test_the_database_refuses_to_change_a_stored_event(pg, pg_url):
    run(*pg, "import", str(SEED))
    before = events(pg_url)
    for statement in (
        "UPDATE secretariat_events SET topic = 'x'",
        "DELETE FROM secretariat_events WHERE originator_version = 1",
        "TRUNCATE secretariat_events",
    ):
        with psycopg.connect(pg_url) as connection, pytest.raises(psycopg.Error) as refused:
            connection.execute(statement)
        assert "append-only" in str(refused.value)
    # Backdating an event is refused too, and leaves no gap in the positions.
    backdated = re.sub(rb'"timestamp":"\d{4}', b'"timestamp":"2020', bytes(before[0][3]))
    with psycopg.connect(pg_url) as connection, pytest.raises(psycopg.Error) as refused:
        connection.execute(
            "INSERT INTO secretariat_events (originator_id, originator_version, topic, state) "
            "SELECT originator_id, 1, topic, %s FROM secretariat_events LIMIT 1",
            (backdated,),
        )
    assert "recorded now" in str(refused.value)
    assert events(pg_url) == before
    run(*pg, "record", "note", "--occurred", "2025-12-01", "--summary", "After the refusals.")
    positions = [row[0] for row in events(pg_url)]
    assert positions == list(range(1, len(before) + 2))  # no gap where the refusals were
    assert "every digest holds" in run(*pg, "verify").stdout


def test_moving_a_log_between_backends_keeps_every_view(pg, pg_url, tmp_path):
    local = ["--store", str(tmp_path / "local")]
    run(*local, "import", str(SEED))
    run(*local, "record", "note", "--occurred", "2025-12-02", "--summary", "A note.")
    run(*local, "status")
    out = tmp_path / "log.jsonl"
    run(*local, "export", "--full", str(out))
    run(*pg, "import", str(out))
    run(*pg, "status")
    assert table_digests(str(tmp_path / "views" / "views.db")) == table_digests(
        str(tmp_path / "local" / "views.db")
    )
    # And back: PostgreSQL to a new SQLite store, the same final digest.
    back = tmp_path / "back.jsonl"
    run(*pg, "export", "--full", str(back))
    manifests = [json.loads(Path(f"{p}.manifest.json").read_text()) for p in (out, back)]
    assert manifests[0]["final_digest"] == manifests[1]["final_digest"]
    again = ["--store", str(tmp_path / "again")]
    run(*again, "import", str(back))
    assert "every digest holds" in run(*again, "verify").stdout
    # An export loads only into an empty log, on PostgreSQL too; nothing is written.
    refused = run(*pg, "import", str(out), ok=False)
    assert refused.returncode != 0 and "empty store" in refused.stderr
    assert len(events(pg_url)) == 26


def test_an_unreachable_server_is_one_sentence(tmp_path):
    result = run(
        "--store", "postgresql://postgres@127.0.0.1:1/nowhere", "--views", str(tmp_path),
        "status", ok=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "could not connect to the PostgreSQL store" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_officers_recording_to_one_case_at_once_lose_nothing(pg, pg_url):
    """Four processes record letters on the same case at the same moment: each stored
    once, none lost; a conflict, if any, is one sentence; the log verifies afterwards."""
    from concurrent.futures import ThreadPoolExecutor

    run(*pg, "import", str(SEED))

    def officer(n: int) -> list[Result]:
        return [
            run(
                *pg, "record", "letter", "--to", "Ukraine", "--subject", f"Letter {n}.{k}",
                "--occurred", "2025-11-03", "--case", "ukraine-art1-2025", "--summary",
                f"Letter {n}.{k}.", "--json", ok=False,
            )
            for k in range(5)
        ]  # fmt: skip

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [r for batch in pool.map(officer, range(4)) for r in batch]
    stored = {json.loads(r.stdout)["uuid"] for r in results if r.returncode == 0}
    for result in results:
        if result.returncode:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert len(stored) == sum(r.returncode == 0 for r in results) >= 16
    ids = [row[1].hex for row in events(pg_url)]
    assert all(ids.count(uuid) == 1 for uuid in stored)  # every letter stored, once
    positions = [row[0] for row in events(pg_url)]
    assert positions == list(range(1, len(positions) + 1))
    assert "every digest holds" in run(*pg, "verify").stdout
