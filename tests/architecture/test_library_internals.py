"""The views keep their position in eventsourcing's tracking table with the library's own
statements, copied into projections/tracking.py (loading the library's SQLite module cost
catching up one record more than projecting it). An upgrade of the pinned library that
changes the table or the statements fails here, before catch-up disagrees with it."""

from __future__ import annotations

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


# ccc.cli puts a loader of its own in the place of pydantic's plugin loader while plugins
# are disabled (importing the library's loader imports importlib.metadata: 30 ms of every
# write). These checks fail if an upgrade of pydantic stops asking that module.
PROBE = """\
import json, os, sys
sys.argv = ["ccc", *sys.argv[1:]]
from ccc.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
from pydantic.plugin import _schema_validator
print(json.dumps({
    "metadata": "importlib.metadata" in sys.modules,
    "loader": getattr(sys.modules.get("pydantic.plugin._loader"), "__doc__", None),
}), file=sys.stderr)
sys.exit(code)
"""


def _write_a_note(store, env):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--store", str(store), "record", "note", "--occurred",
         "2025-02-03", "--summary", "A fictional note.", "--as", "tester"],
        env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_pydantic_asks_the_plugin_loader_that_ccc_replaces():
    import inspect

    from pydantic.plugin import _loader, _schema_validator

    assert "from ._loader import get_plugins" in inspect.getsource(_schema_validator)
    assert "PYDANTIC_DISABLE_PLUGINS" in inspect.getsource(_loader.get_plugins)


@pytest.mark.parametrize("setting", [None, "__all__", "some-plugin"])
def test_a_write_with_plugins_disabled_skips_the_librarys_loader(tmp_path, monkeypatch, setting):
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    found = _write_a_note(
        tmp_path / "store", {"PYDANTIC_DISABLE_PLUGINS": setting} if setting else {}
    )
    if setting == "some-plugin":  # plugins disabled in part: pydantic's own loader decides
        assert found["metadata"] and "ccc" not in (found["loader"] or "")
    else:
        assert not found["metadata"] and "ccc" in found["loader"]
    with sqlite3.connect(tmp_path / "store" / "events.db") as log:
        states = [json.loads(row[0]) for row in log.execute("SELECT state FROM stored_events")]
    assert [s["summary"] for s in states] == ["A fictional note."]  # and the note was written
