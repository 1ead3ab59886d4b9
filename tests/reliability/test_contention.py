"""Several processes writing at once: nothing confirmed is lost, nothing is stored twice,
and a refusal never removes what another process wrote."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROUNDS = int(os.environ.get("CCC_RELIABILITY_ROUNDS", "6"))


def ccc(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CCC_STORE=str(store), CCC_ACTOR="officer")
    return subprocess.run(
        [sys.executable, "-m", "ccc", *args], env=env, capture_output=True, text=True
    )


def stored_ids(store: Path) -> set[str]:
    with sqlite3.connect(store / "events.db") as connection:
        rows = connection.execute("SELECT originator_id FROM stored_events").fetchall()
    return {row[0].replace("-", "") for row in rows}


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_first_writes_racing_a_refusal_lose_nothing(tmp_path, round_):
    """Four notes and one refused record (an unknown case) start together on a store that
    does not exist yet: every note that printed its id is in the log afterwards."""
    store = tmp_path / "store"
    commands = [
        ("record", "note", "--occurred", "2025-01-02", "--summary", f"Note {n}.", "--json")
        for n in range(4)
    ]
    refused = ("record", "note", "--occurred", "2025-01-02", "--summary", "x", "--case", "nope")
    with ThreadPoolExecutor(max_workers=5) as pool:
        futures = [pool.submit(ccc, store, *c) for c in (*commands[:2], refused, *commands[2:])]
        results = [f.result() for f in futures]
    refusal = results[2]
    assert refusal.returncode == 1 and "no case 'nope'" in refusal.stderr
    assert "Traceback" not in refusal.stderr
    confirmed = set()
    for result in results[:2] + results[3:]:
        assert "Traceback" not in result.stderr, result.stderr
        if result.returncode == 0:
            import json

            confirmed.add(json.loads(result.stdout)["uuid"])
    assert confirmed, "at least one note was written"
    assert confirmed <= stored_ids(store)
    assert ccc(store, "verify").returncode == 0


def test_a_refusal_on_a_new_store_creates_nothing(tmp_path):
    store = tmp_path / "store"
    result = ccc(
        store, "record", "note", "--occurred", "2025-01-02", "--summary", "x", "--case", "x"
    )
    assert result.returncode == 1
    assert not store.exists()
