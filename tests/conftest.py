"""Shared fixtures: every test gets its own store (CCC_STORE) and actor (CCC_ACTOR)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ccc.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "2025-activities.yaml"


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store"
    monkeypatch.setenv("CCC_STORE", str(path))
    monkeypatch.setenv("CCC_ACTOR", "tester")
    return path


class Ccc:
    """Drives the real CLI in-process, as a user would type it."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(cli, list(args), env=env)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, result.output
        return result.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def refuses(self, *args: str) -> str:
        """Run a command that must be refused; return its one-sentence error."""
        result = self(*args)
        assert result.exit_code != 0, result.output
        assert isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        message = result.stderr.strip()
        assert message.startswith("Error: "), message
        assert "\n" not in message, message
        return message.removeprefix("Error: ")


@pytest.fixture
def ccc() -> Ccc:
    return Ccc()


@pytest.fixture
def seeded(ccc: Ccc) -> Ccc:
    ccc.ok("import", str(SEED))
    return ccc


def log_digest(store: Path) -> str:
    """A digest of every stored event, read with raw SQL: equal digests, unchanged log."""
    events = store / "events.db"
    if not events.exists():
        return "no log"
    with sqlite3.connect(events) as connection:
        rows = connection.execute("SELECT rowid, * FROM stored_events ORDER BY rowid").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def event_count(store: Path) -> int:
    with sqlite3.connect(store / "events.db") as connection:
        return int(connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])
