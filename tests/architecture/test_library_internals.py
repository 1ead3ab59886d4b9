"""The views keep their position in eventsourcing's tracking table with the library's own
statements, copied into projections/tracking.py (loading the library's SQLite module cost
catching up one record more than projecting it). An upgrade of the pinned library that
changes the table or the statements fails here, before catch-up disagrees with it."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from ccc.errors import StoreError
from ccc.projections import tracking
from tests.architecture.test_startup_modules import COUNT


def test_the_tracking_statements_are_the_librarys(tmp_path):
    recorder = SQLiteTrackingRecorder(SQLiteDatastore(str(tmp_path / "library.db")))
    assert tracking.CREATE_TRACKING in recorder.construct_create_table_statements()
    assert recorder.insert_tracking_statement == tracking.MOVE_TRACKING
    assert recorder.table_migration_identifier == tracking.MIGRATION


def test_a_table_made_here_is_read_by_the_library_and_one_made_there_here(tmp_path):
    ours = str(tmp_path / "ours.db")
    views = tracking.ViewsFile(ours, lock_timeout=5)
    with views.transaction() as connection:
        views.create_tracking(connection)
        views.track(connection, "app", 3)
    views.close()
    library = SQLiteTrackingRecorder(SQLiteDatastore(ours))
    library.create_table()  # finds the table the library would have made: nothing to migrate
    assert library.max_tracking_id("app") == 3
    library.insert_tracking(Tracking("app", 5))
    library.datastore.close()
    views = tracking.ViewsFile(ours, lock_timeout=5)
    assert views.position("app") == 5
    with sqlite3.connect(ours) as connection:
        rows = connection.execute("SELECT * FROM tracking ORDER BY 1").fetchall()
    assert rows == [(tracking.MIGRATION, 1), ("app", 5)]
    views.close()


def test_the_tracking_position_only_moves_forward_and_the_pragmas_are_set(tmp_path):
    path = str(tmp_path / "views.db")
    views = tracking.ViewsFile(path, lock_timeout=5)
    with views.transaction() as connection:
        views.create_tracking(connection)
        views.track(connection, "app", 3)
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert views.position("app") == 3
    with (
        pytest.raises(StoreError, match="already read up to position 3"),
        views.transaction() as connection,
    ):
        connection.execute("CREATE TABLE rolled_back (x)")
        views.track(connection, "app", 3)
    assert views.position("app") == 3
    views.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT max(notification_id) FROM tracking").fetchone() == (3,)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "rolled_back" not in tables  # the whole transaction went


# ccc.domain.base puts a loader of its own in the place of pydantic's plugin loader while
# plugins are disabled (importing the library's loader imports importlib.metadata: 30 ms
# of every write). These checks fail if an upgrade of pydantic stops asking that module.


def _write_a_note(store, env):
    """The modules a new process loaded to write a note (tests/architecture's COUNT)."""
    done = subprocess.run(
        [sys.executable, "-c", COUNT, "--store", str(store), "record", "note", "--occurred",
         "2025-02-03", "--summary", "A fictional note.", "--as", "tester"],
        env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _source(module: str) -> str:
    """A module's source as pydantic ships it (read from its file: in this process the
    module may be ccc's stand-in)."""
    origin = importlib.util.find_spec(module).origin
    with open(origin, encoding="utf-8") as source:
        return source.read()


def test_pydantic_asks_the_plugin_loader_that_ccc_replaces():
    assert "from ._loader import get_plugins" in _source("pydantic.plugin._schema_validator")
    loader = _source("pydantic.plugin._loader")
    assert "def get_plugins()" in loader and "PYDANTIC_DISABLE_PLUGINS" in loader
    assert "from importlib.metadata import" in loader  # what ccc spares a write


@pytest.mark.parametrize("setting", [None, "__all__", "some-plugin"])
def test_a_write_with_plugins_disabled_skips_the_librarys_loader(tmp_path, monkeypatch, setting):
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    loaded = _write_a_note(
        tmp_path / "store", {"PYDANTIC_DISABLE_PLUGINS": setting} if setting else {}
    )
    assert "pydantic.plugin._loader" in loaded  # asked, by the library or ccc's stand-in
    # Plugins disabled in part ("some-plugin"): pydantic's own loader decides, and loads.
    assert ("importlib.metadata" in loaded) == (setting == "some-plugin")
    with sqlite3.connect(tmp_path / "store" / "events.db") as log:
        states = [json.loads(row[0]) for row in log.execute("SELECT state FROM stored_events")]
    assert [s["summary"] for s in states] == ["A fictional note."]  # and the note was written
