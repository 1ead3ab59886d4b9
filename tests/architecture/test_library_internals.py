"""The views keep their position in eventsourcing's tracking table with the library's own
statements, copied into projections/tracking.py (loading the library's SQLite module cost
catching up one record more than projecting it). An upgrade of the pinned library that
changes the table or the statements fails here, before catch-up disagrees with it."""

from __future__ import annotations

import sqlite3

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
