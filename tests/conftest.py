"""Shared fixtures: every test gets its own store (CCC_STORE) and actor (CCC_ACTOR)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ccc.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "2025-activities.yaml"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module marked `both_backends` runs each of its tests on SQLite and on PostgreSQL."""
    if metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(autouse=True)
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str) -> Iterator[Path | str]:
    """The test's store: a folder, or (backend postgresql) a new database's URL, its
    views in a folder of the test's."""
    monkeypatch.setenv("CCC_ACTOR", "tester")
    if backend == "postgresql":
        from tests import pg

        with pg.database() as url:
            monkeypatch.setenv("CCC_STORE", url)
            monkeypatch.setenv("CCC_VIEWS", str(tmp_path / "views"))
            yield url
        return
    path = tmp_path / "store"
    monkeypatch.setenv("CCC_STORE", str(path))
    yield path


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


@pytest.fixture
def restricted_seed(seeded: Ccc) -> Ccc:
    """The 2025 example and, in its Article 9 case, two restricted records as a secretariat
    might keep them (fictional: the Committee's paper names no State): a letter to Angola
    and Angola's reply."""
    letter = seeded.ok(
        "record", "letter", "--to", "Angola", "--subject", "Article 9 legislation",
        "--summary", "Letter to Angola on its Article 9 legislation.", "--case",
        "article9-2025", "--occurred", "2025-06-10", "--restricted",
    ).strip()  # fmt: skip
    seeded.ok(
        "record", "communication", "--from", "Angola", "--in-reply-to", letter, "--summary",
        "Angola described its draft law.", "--case", "article9-2025", "--occurred",
        "2025-07-01",
    )  # fmt: skip
    return seeded


def signed(name: str) -> str:
    """recorded_by as the log stores it: on PostgreSQL the session's role follows the name."""
    import os
    from urllib.parse import urlsplit

    url = os.environ.get("CCC_STORE", "")
    if url.startswith("postgresql://"):
        return f"{name} [{urlsplit(url).username}]"
    return name


def log_digest(store: Path | str) -> str:
    """A digest of every stored event, read with raw SQL: equal digests, unchanged log."""
    if isinstance(store, str):
        from tests import pg

        return pg.log_digest(store)
    events = store / "events.db"
    if not events.exists():
        return "no log"
    with sqlite3.connect(events) as connection:
        rows = connection.execute("SELECT rowid, * FROM stored_events ORDER BY rowid").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def event_count(store: Path | str) -> int:
    if isinstance(store, str):
        from tests import pg

        return pg.event_count(store)
    with sqlite3.connect(store / "events.db") as connection:
        return int(connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])


@contextmanager
def views_busy() -> Iterator[None]:
    """Another process updating the test store's views (their lock held), as when another
    officer's command is catching up: a write meanwhile leaves the views behind the log
    for the next read, as a write by another officer, with views of their own, does."""
    from ccc.store.locks import exclusive
    from ccc.store.where import locate

    with exclusive(locate(None, os.environ.get("CCC_VIEWS")).lock_file, 0):
        yield


def written_by_another(ccc: Ccc, *args: str) -> str:
    """`ccc ARGS` (a write) leaving the views behind the log (see views_busy)."""
    with views_busy():
        return ccc.ok(*args)
