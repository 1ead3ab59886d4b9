"""A hostile environment: a read-only store, a full disk, a held lock, damaged or
vanishing views, no HOME, an ASCII terminal. Each ends in one clear sentence, and nothing
already stored is lost."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import SEED, log_digest


def run(store: Path, *args: str, env: dict[str, str] | None = None, limit_bytes: int = 0):
    environment = dict(os.environ, CCC_STORE=str(store), CCC_ACTOR="officer")
    environment.update(env or {})
    for key in [k for k, v in environment.items() if v is None]:
        del environment[key]

    def limit() -> None:
        if limit_bytes:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "ccc", *args],
        env=environment,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )


def one_sentence(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture
def stored(tmp_path):
    store = tmp_path / "store"
    assert run(store, "import", str(SEED)).returncode == 0
    assert run(store, "status").returncode == 0
    return store


NOTE = ["record", "note", "--occurred", "2025-01-02", "--summary", "One more."]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_store(stored):
    for path in [stored, *stored.iterdir()]:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        one_sentence(run(stored, *NOTE))
    finally:
        for path in [stored, *stored.iterdir()]:
            path.chmod(0o700 if path.is_dir() else 0o600)


def test_a_full_disk_loses_nothing(stored, tmp_path):
    """The file size limit stands for a full disk: a large import cannot grow the log."""
    before = log_digest(stored)
    size = (stored / "events.db").stat().st_size
    big = tmp_path / "big.yaml"
    big.write_text(
        "".join(
            f"- kind: note\n  occurred: 2025-01-02\n  summary: Note {n} {'x' * 400}\n"
            for n in range(3000)
        )
    )
    result = run(stored, "import", str(big), limit_bytes=size + 64 * 1024)
    one_sentence(result)
    assert log_digest(stored) == before
    assert run(stored, "verify", "--log-only").returncode == 0


def test_a_write_lock_held_by_another_program(stored):
    """Another program holds the write lock longer than ccc waits: one sentence, and the
    record can be written once the lock is released."""
    holder = sqlite3.connect(stored / "events.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        result = run(stored, *NOTE, env={"CCC_LOCK_TIMEOUT": "2"})
        assert time.monotonic() - started < 30
        waited, refused = result.stderr.strip().splitlines()
        assert waited.startswith("Waiting up to 2 s for another program")
        assert "locked" in refused and "Traceback" not in result.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run(stored, *NOTE).returncode == 0


def test_views_that_are_not_a_database_are_rebuilt(stored):
    (stored / "views.db").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (stored / f"views.db{suffix}").unlink(missing_ok=True)
    result = run(stored, "status", "--json")
    assert result.returncode == 0, result.stderr
    assert "ukraine-art1-2025" in result.stdout


def test_views_deleted_during_reads(stored):
    stop = threading.Event()

    def delete() -> None:
        while not stop.is_set():
            for name in ("views.db", "views.db-wal", "views.db-shm"):
                (stored / name).unlink(missing_ok=True)
            time.sleep(0.01)

    deleter = threading.Thread(target=delete)
    deleter.start()
    try:
        results = [run(stored, "log", "--json") for _ in range(6)]
    finally:
        stop.set()
        deleter.join()
    for result in results:
        assert "Traceback" not in result.stderr, result.stderr
        if result.returncode:
            one_sentence(result)
    assert run(stored, "verify").returncode == 0


def test_no_home(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "CCC_STORE", "XDG_DATA_HOME")}
    result = subprocess.run(
        [sys.executable, "-m", "ccc", "status"], env=env, capture_output=True, text=True
    )
    assert "Traceback" not in result.stderr
    if result.returncode:
        one_sentence(result)


def test_an_ascii_terminal(stored):
    assert (
        run(
            stored, "record", "note", "--occurred", "2025-01-03", "--summary", "Türkiye – café"
        ).returncode
        == 0
    )
    for words in (["log", "--kind", "note"], ["log", "--kind", "note", "--json"], ["status"]):
        result = run(stored, *words, env={"PYTHONIOENCODING": "ascii"})
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert (
        "T\\xfcrkiye"
        in run(stored, "log", "--kind", "note", env={"PYTHONIOENCODING": "ascii"}).stdout
    )


def test_control_characters_stored_earlier_never_reach_the_terminal(ccc, store):
    """Records written before ccc refused control characters print them escaped."""
    from ccc.application.secretariat import open_secretariat
    from ccc.store.paths import Store

    batch = open_secretariat(Store(store)).new_batch()
    facts = {"occurred": "2025-01-02", "earliest": "2025-01-02", "latest": "2025-01-02",
             "summary": "Clear\x1b[2J the screen\x07\x9b."}  # fmt: skip
    batch.add_record("note", facts, "officer")
    batch.commit()
    for words in (
        ["log"],
        ["log", "--json"],
        ["log", "--csv"],
        ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31"],
    ):
        out = ccc.ok(*words)
        assert not [c for c in "\x1b\x07\x9b" if c in out], words
    assert "\\x1b[2J" in ccc.ok("log")


def test_a_store_on_a_read_only_mount_is_read_and_says_why_it_cannot_be_written(seeded, tmp_path):
    """A copy of a store on a read-only bind mount (root on Linux can make one; elsewhere
    the test cannot run and says so): every read works, a write is one sentence."""
    import shutil
    import subprocess

    seeded.ok("status")
    source, mount = tmp_path / "source", tmp_path / "mount"
    shutil.copytree(tmp_path / "store", source)
    mount.mkdir()
    made = subprocess.run(["mount", "--bind", str(source), str(mount)], capture_output=True)
    if made.returncode:
        pytest.skip(f"cannot make a bind mount here: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
        where = ("--store", str(mount))
        assert "ukraine-art1-2025" in seeded.ok(*where, "status")
        assert "every digest holds" in seeded.ok(*where, "verify", "--log-only")
        refusal = seeded.refuses(*where, "record", "note", "--occurred", "2025-01-01",
                                 "--summary", "No.")  # fmt: skip
        assert "is read-only here" in refusal and "nothing was written" in refusal
    finally:
        # lazily: this process may still hold a view file open
        subprocess.run(["umount", "--lazy", str(mount)], check=False)
