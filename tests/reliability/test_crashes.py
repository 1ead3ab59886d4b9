"""kill -9 at a random moment of an import, a catch-up or a rebuild: the store opens,
`verify` passes, importing again completes without duplicates, and the views say what a
clean import's say."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import trials

RECORDS = 600


def start(store: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, CCC_STORE=str(store), CCC_ACTOR="officer")
    return subprocess.Popen(
        [sys.executable, "-m", "ccc", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def ccc(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    process = start(store, *args)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture(scope="module")
def import_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    entries = [
        {"kind": "case-open", "reference": "crash-case", "title": "Crash", "state": "UKR",
         "occurred": "2025-01-02", "label": "case"},
        *[
            {"kind": "letter", "to": "Ukraine", "subject": f"Letter {n}", "case": "crash-case",
             "occurred": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", "summary": f"Letter {n}."}
            for n in range(RECORDS // 2)
        ],
        *[
            {"kind": "note", "occurred": "2025-03-04", "summary": f"Note {n}."}
            for n in range(RECORDS // 2)
        ],
    ]  # fmt: skip
    path = folder / "records.json"
    path.write_text(json.dumps(entries))
    return path


@pytest.fixture(scope="module")
def clean(tmp_path_factory, import_file) -> dict[str, object]:
    """What a clean import gives: the records and the board, without the recorded times."""
    store = tmp_path_factory.mktemp("clean") / "store"
    started = time.monotonic()
    assert ccc(store, "import", str(import_file)).returncode == 0
    duration = time.monotonic() - started
    return {"answer": answer(store), "duration": duration}


def answer(store: Path) -> dict[str, object]:
    log = json.loads(ccc(store, "log", "--json").stdout)
    board = json.loads(ccc(store, "status", "--json").stdout)
    return {
        "records": sorted((r["uuid"], r["kind"], r["summary"]) for r in log),
        "board": board,
    }


def events(store: Path) -> int:
    with sqlite3.connect(store / "events.db") as connection:
        return int(connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])


def kill_at_random(process: subprocess.Popen[str], within: float, rng: random.Random) -> None:
    time.sleep(rng.uniform(0, within))
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)


def check_after_a_crash(store: Path, import_file: Path, clean: dict[str, object]) -> None:
    # An empty events.db is a first write killed before it wrote anything: no store yet
    # (Store.exists), which `verify` says in one sentence; the import below makes it.
    events_db = store / "events.db"
    if events_db.exists() and events_db.stat().st_size > 0:
        verified = ccc(store, "verify")
        assert verified.returncode == 0, verified.stderr
    again = ccc(store, "import", str(import_file))
    assert again.returncode == 0, again.stderr
    assert events(store) == RECORDS + 1  # each record once
    assert answer(store) == clean["answer"]
    assert ccc(store, "verify").returncode == 0


@pytest.mark.parametrize("trial", range(trials(30, 3)))
def test_kill_during_import(tmp_path, import_file, clean, trial, figures):
    rng = random.Random(trial)
    store = tmp_path / "store"
    kill_at_random(start(store, "import", str(import_file)), clean["duration"] * 1.2, rng)
    figures("Crashes (kill -9)", "during import", 1, 0)
    check_after_a_crash(store, import_file, clean)
    figures("Crashes (kill -9)", "during import", 0, 1)


@pytest.mark.parametrize("command", ["catch-up", "rebuild"])
@pytest.mark.parametrize("trial", range(trials(30, 2)))
def test_kill_while_the_views_are_written(tmp_path, import_file, clean, trial, command, figures):
    rng = random.Random(1000 + trial)
    store = tmp_path / "store"
    assert ccc(store, "import", str(import_file)).returncode == 0
    (store / "views.db").unlink(missing_ok=True)
    words = ["status"] if command == "catch-up" else ["rebuild", "--force"]
    started = time.monotonic()
    ccc(store, *words)
    duration = time.monotonic() - started
    (store / "views.db").unlink(missing_ok=True) if command == "catch-up" else None
    kill_at_random(start(store, *words), duration * 1.2, rng)
    figures("Crashes (kill -9)", f"during {command}", 1, 0)
    check_after_a_crash(store, import_file, clean)
    figures("Crashes (kill -9)", f"during {command}", 0, 1)
