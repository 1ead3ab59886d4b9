"""Doors a careless officer or a hostile writer could open: a mistyped store URL, an event
of a type ccc does not know written into the log by another program, site files others
could read. Each ends in one sentence, writes nothing it should not, and imports nothing a
database row names."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import SEED, log_digest

DOORS = "Doors: a careless officer, a hostile writer"


def run(cwd: Path, *args: str, store: str | Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CCC_ACTOR="officer")
    env.pop("CCC_STORE", None)
    if store is not None:
        env["CCC_STORE"] = str(store)
    return subprocess.run(
        [sys.executable, "-m", "ccc", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize(
    "url",
    [
        "postgressql://officer@127.0.0.1:5432/ccc",  # a typo of the scheme
        "mysql://officer@localhost/ccc",
        "sqlite:///tmp/ccc",
        "postgresql://officer@127.0.0.1:99999/ccc",  # port out of range
        "postgresql://officer@127.0.0.1:abc/ccc",  # port not a number
        "postgresql://officer@[::1/ccc",  # an unclosed IPv6 bracket
        "postgresql://officer:secret@127.0.0.1:0/ccc",  # port 0
    ],
)
def test_a_mistyped_store_url_is_one_sentence_and_creates_nothing(tmp_path, url, figures):
    for command in (["record", "note", "--occurred", "2025-01-01", "--summary", "x"], ["status"]):
        line = one_sentence(run(tmp_path, "--store", url, *command))
        assert "--store" in line and "secret" not in line
    assert list(tmp_path.iterdir()) == []  # no local folder named after the URL
    figures(DOORS, "a mistyped or unusable store URL: one sentence, nothing created", 2, 2)


@pytest.fixture
def read_store(tmp_path: Path) -> Path:
    """The 2025 example imported, its views built."""
    store = tmp_path / "store"
    assert run(tmp_path, "import", str(SEED), store=store).returncode == 0
    assert run(tmp_path, "status", store=store).returncode == 0
    return store


def _note(**changes: object) -> dict[str, object]:
    """A note's stored state as another program might append it, with `changes` (a field
    set to None is left out)."""
    state: dict[str, object] = {
        "_prev": None, "originator_id": "f" * 32, "originator_version": 1,
        "originator_topic": "ccc.Record", "timestamp": datetime.now(UTC).isoformat(),
        "occurred": "2025-01-01", "earliest": "2025-01-01", "latest": "2025-01-01",
        "summary": "Written by SQL.", "recorded_by": "intruder",
    }  # fmt: skip
    state.update(changes)
    return {key: value for key, value in state.items() if key == "_prev" or value is not None}


def _append_raw(store: Path, topic: str, state: dict[str, object]) -> None:
    """What another program with write access to events.db could append."""
    with sqlite3.connect(store / "events.db") as connection:
        connection.execute(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state)"
            " VALUES (?, 1, ?, ?)",
            ("f" * 32, topic, json.dumps(state, separators=(",", ":"), sort_keys=True).encode()),
        )


def warned(result: subprocess.CompletedProcess[str]) -> str:
    """A read that skipped a record: it answers (exit 0) and warns in one line."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    [line] = [x for x in result.stderr.splitlines() if x.startswith("Warning:")]
    return line


@pytest.mark.parametrize(
    ("topic", "originator_topic"),
    [
        ("this:x", "ccc.Record"),  # `import this` prints the Zen of Python
        ("ccc.Record.NoteRecorded", "this:x"),  # a known event naming an unknown aggregate
    ],
)
def test_an_event_naming_a_module_imports_nothing_and_is_skipped_with_a_warning(
    tmp_path, read_store, topic, originator_topic, figures
):
    store = read_store
    _append_raw(store, topic, _note(originator_topic=originator_topic))
    before = log_digest(store)
    for command in (["status"], ["log", "--limit", "1"], ["rebuild"], ["status"]):
        result = run(tmp_path, *command, store=store)
        assert "Beautiful is better than ugly" not in result.stdout + result.stderr
        if command != ["rebuild"]:
            line = warned(result)
            assert "does not know" in line and "26" in line, line  # which record, and why
    assert log_digest(store) == before
    verdict = one_sentence(run(tmp_path, "verify", store=store))
    assert "does not know" in verdict, verdict  # verify names the record nobody can read
    figures(
        DOORS,
        "an event of a type ccc does not know, appended by SQL: status, log and rebuild "
        "import nothing, answer, and warn naming it; verify names it",
        4, 4,
    )  # fmt: skip


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_site_databases_are_readable_by_their_owner_only(tmp_path, read_store, figures):
    store = read_store
    for extra in ([], ["--restricted"]):
        result = run(tmp_path, "serve", "--build-only", *extra, store=store)
        assert result.returncode == 0, result.stderr
        site = Path(result.stdout.strip())
        assert _mode(site) == 0o600
        assert _mode(Path(f"{site}.metadata.json")) == 0o600
        figures(DOORS, "a site database and its metadata, public and restricted: mode 0600", 1, 1)


def test_a_read_only_session_builds_no_site(tmp_path, read_store, figures):
    store = read_store
    files = sorted(p.name for p in store.iterdir())
    line = one_sentence(run(tmp_path, "--read-only", "serve", "--build-only", store=store))
    assert "--read-only" in line
    assert sorted(p.name for p in store.iterdir()) == files
    # Built once without --read-only, the site is served (here: its path printed) as it is.
    assert run(tmp_path, "serve", "--build-only", store=store).returncode == 0
    result = run(tmp_path, "--read-only", "serve", "--build-only", store=store)
    assert result.returncode == 0, result.stderr
    figures(DOORS, "--read-only serve: writes nothing, serves only a site already built", 1, 1)


def test_views_of_another_log_are_refused_not_read(tmp_path, figures):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(tmp_path, "import", str(SEED), store=first).returncode == 0
    assert run(tmp_path, "status", store=first).returncode == 0
    for note in ("One.", "Two."):
        result = run(tmp_path, "record", "note", "--occurred", "2025-01-01", "--summary", note,
                     store=second)  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert run(tmp_path, "status", store=second).returncode == 0
    # The second log's views swapped for the first's (a folder mixed up, a copy gone wrong).
    for name in ("views.db", "views.db-wal", "views.db-shm"):
        if (first / name).exists():
            (second / name).write_bytes((first / name).read_bytes())
    for command in (["status"], ["log", "--limit", "3"]):
        line = one_sentence(run(tmp_path, *command, store=second))
        assert "not built from this log" in line, line
        figures(DOORS, "views of another log: refused in one sentence, never read", 1, 1)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"recorded_by": None}, "recorded_by"),  # removed below
        ({"smuggled": "x"}, "smuggled"),  # a field no ccc event has
        ({"timestamp": "now "}, "timestamp"),  # a time PostgreSQL reads and Python does not
        ({"restricted": "perhaps"}, "restricted"),  # every field there, one of the wrong type
    ],
)
def test_an_event_ccc_cannot_read_is_skipped_with_a_warning_and_named_by_verify(
    tmp_path, read_store, change, why, figures
):
    store = read_store
    state = _note(**change)
    if why == "timestamp":  # the SQLite trigger reads the time: give it one it accepts,
        state["timestamp"] = datetime.now(UTC).isoformat() + "x"  # which Python does not
    _append_raw(store, "ccc.Record.NoteRecorded", state)
    for command in (["status"], ["log", "--limit", "1", "--json"]):
        result = run(tmp_path, *command, store=store)
        line = warned(result)
        assert "cannot read" in line and "26" in line and why in line, line
        assert "Written by SQL" not in result.stdout
    verdict = run(tmp_path, "verify", store=store)
    assert verdict.returncode == 1 and "Traceback" not in verdict.stderr, verdict.stderr
    assert "record 26" in verdict.stderr.lower(), verdict.stderr
    figures(
        DOORS,
        "an event ccc cannot decode, appended by SQL: reads answer and warn naming it; verify "
        "names it",
        3, 3,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        ("naive", "no time zone"),
        ("not canonical", "canonical JSON"),
    ],
)
def test_verify_names_what_an_outside_verifier_would_reject(tmp_path, read_store, tamper, says):
    store = read_store
    state = _note(originator_id="ffffffff-ffff-ffff-ffff-ffffffffffff")
    raw = json.dumps(dict(sorted(state.items())), separators=(",", ":"))
    if tamper == "naive":
        raw = raw.replace("+00:00", "")
    else:
        raw = raw.replace('"summary":', '"summary": ')
    with sqlite3.connect(store / "events.db") as connection:
        connection.execute(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state)"
            " VALUES (?, 1, 'ccc.Record.NoteRecorded', ?)",
            ("f" * 32, raw.encode()),
        )
    result = run(tmp_path, "verify", store=store)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert says in result.stderr, result.stderr


def test_serve_that_cannot_listen_is_one_sentence_and_builds_nothing(tmp_path, read_store, figures):
    import socket

    store = read_store
    files = sorted(p.name for p in store.iterdir())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        line = one_sentence(run(tmp_path, "serve", "--port", port, store=store))
        assert port in line and "--port" in line
    line = one_sentence(run(tmp_path, "serve", "--host", "not a host!", store=store))
    assert "--host" in line
    assert sorted(p.name for p in store.iterdir()) == files
    figures(DOORS, "serve on a port in use or a host that is none: one sentence", 2, 2)
