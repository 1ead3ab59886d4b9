"""Where the views lean on eventsourcing's internals: every private name of the pinned
library (9.5.6) that ccc uses is used here, and only here.

eventsourcing offers the tracking table (a position that only moves forward) through
`SQLiteTrackingRecorder`, but its public API creates and moves it only inside the
library's own projection runner, which needs subscriptions that its SQLite recorder does
not offer. Catch-up therefore calls the recorder's own `_create_table` and
`_insert_tracking` inside its transactions, and sets a pragma on each new connection of
its pool. `tests/architecture/test_library_internals.py` fails when an upgrade of the
library renames or reshapes any of these.
"""

from __future__ import annotations

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import (
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteTrackingRecorder,
)

# The private names used below, for the test that checks them against the library.
PRIVATE = {
    SQLiteTrackingRecorder: ("_create_table", "_insert_tracking"),
    SQLiteConnectionPool: ("_create_connection",),
}


class TrackingRecorder(SQLiteTrackingRecorder):
    """A tracking recorder whose table and position ccc's catch-up moves itself."""

    def create_tables(self, c: SQLiteCursor) -> None:
        """Create the tracking table and the views in this transaction."""
        self._create_table(c)

    def _create_table(self, c: SQLiteCursor) -> None:  # also called by create_table()
        super()._create_table(c)
        self.create_views(c)

    def create_views(self, c: SQLiteCursor) -> None:
        """What a subclass keeps beside the tracking table (created with it)."""

    def track(self, c: SQLiteCursor, application: str, position: int) -> None:
        """Move the tracked position in this transaction; refused if it does not move
        forward (a page projected twice fails instead of doubling its rows)."""
        self._insert_tracking(c, Tracking(application, position))


class _DisposablePool(SQLiteConnectionPool):
    """Views are rebuilt from the log at will, so their commits need not wait for the
    disk: in WAL mode, synchronous=NORMAL still keeps the file consistent after a power cut
    (it may lose the last transactions, and their tracking position with them, so
    catch-up redoes them). The pragma cannot be set inside a transaction, hence a pool
    that sets it on each new connection (the library offers no hook)."""

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection.cursor().execute("PRAGMA synchronous=NORMAL")
        return connection


def disposable_datastore(path: str, lock_timeout: int) -> SQLiteDatastore:
    """A datastore for files rebuilt at will (see _DisposablePool)."""
    datastore = SQLiteDatastore(path, lock_timeout=lock_timeout)
    datastore.pool = _DisposablePool(db_name=path, lock_timeout=lock_timeout)
    return datastore
