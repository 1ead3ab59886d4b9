"""ccc uses a few private names of eventsourcing (projections/tracking.py, and only
there). An upgrade of the pinned library that renames or reshapes one fails here, before
catch-up fails for a user."""

from __future__ import annotations

import inspect
import sqlite3

from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore

from ccc.projections import tracking

# The private methods used, with the parameters ccc passes them.
EXPECTED = {
    "_create_table": ["self", "c"],
    "_insert_tracking": ["self", "c", "tracking"],
    "_create_connection": ["self"],
}


def test_every_private_name_ccc_uses_is_listed_and_has_the_shape_ccc_calls():
    used = {name for names in tracking.PRIVATE.values() for name in names}
    assert used == set(EXPECTED)
    for owner, names in tracking.PRIVATE.items():
        for name in names:
            method = getattr(owner, name)
            assert list(inspect.signature(method).parameters) == EXPECTED[name], name


def test_the_tracking_position_only_moves_forward_and_the_pragma_is_set(tmp_path):
    path = str(tmp_path / "views.db")
    datastore = tracking.disposable_datastore(path, lock_timeout=5)
    recorder = tracking.TrackingRecorder(datastore)
    with datastore.transaction(commit=True) as c:
        recorder.create_tables(c)
        recorder.track(c, "app", 3)
        assert isinstance(c, SQLiteCursor)
        c.execute("PRAGMA synchronous")
        assert c.fetchone()[0] == 1  # NORMAL
    assert recorder.max_tracking_id("app") == 3
    try:
        with datastore.transaction(commit=True) as c:
            recorder.track(c, "app", 3)
    except Exception as error:  # the library's IntegrityError
        assert "IntegrityError" in type(error).__name__
    else:
        raise AssertionError("tracking the same position twice was accepted")
    assert recorder.max_tracking_id("app") == 3
    datastore.close()
    assert isinstance(datastore, SQLiteDatastore)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT max(notification_id) FROM tracking").fetchone() == (3,)
