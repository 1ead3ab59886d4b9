"""The views' file and their tracking position: one SQLite connection, and the tracking
table of eventsourcing's SQLiteTrackingRecorder (single-row tracking: one row per
application, whose position only moves forward), kept with the library's own statements.

Not through the library's recorder: importing eventsourcing's SQLite module, with its
persistence and domain modules, cost catching up one record about 30 ms, more than
projecting the record (issue 24), and its public API moves the position only inside its
projection runner, which needs subscriptions its SQLite recorder does not offer (ccc used
two of its private methods for that). What catch-up needs of it is the table and two
statements; tests/architecture/test_library_internals.py fails when the pinned library's
statements differ from these, before catch-up could disagree with it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ccc.errors import StoreError

CREATE_TRACKING = (
    "CREATE TABLE IF NOT EXISTS tracking ("
    "application_name TEXT, "
    "notification_id INTEGER, "
    "PRIMARY KEY "
    "(application_name)) "
    "WITHOUT ROWID"
)
MOVE_TRACKING = (
    "INSERT INTO tracking "
    "VALUES (:application_name, :notification_id) "
    "ON CONFLICT (application_name) DO UPDATE "
    "SET notification_id = :notification_id "
    "WHERE tracking.notification_id < :notification_id "
    "RETURNING notification_id"
)
# The library marks a tracking table it creates as single-row with this row.
MIGRATION = "__migration__"


class ViewsFile:
    """A views file, opened as the library opens an SQLite database (write-ahead log,
    rows by name), with its tracking table."""

    def __init__(self, path: str, lock_timeout: int) -> None:
        self.connection = sqlite3.connect(
            path, isolation_level=None, timeout=lock_timeout, check_same_thread=False
        )
        self.connection.row_factory = sqlite3.Row
        if self.connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.connection.execute("PRAGMA journal_mode=WAL")
        # Views are rebuilt from the log at will, so their commits need not wait for the
        # disk: in WAL mode, synchronous=NORMAL still keeps the file consistent after a
        # power cut (it may lose the last transactions, and their tracking position with
        # them, so catch-up redoes them).
        self.connection.execute("PRAGMA synchronous=NORMAL")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed at the end, rolled back on any error."""
        self.connection.execute("BEGIN")
        try:
            yield self.connection
        except BaseException:
            self.connection.rollback()
            raise
        self.connection.commit()

    def create_tracking(self, connection: sqlite3.Connection) -> None:
        """The tracking table, as the library creates it (in this transaction)."""
        exists = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tracking'"
        ).fetchone()
        connection.execute(CREATE_TRACKING)
        if not exists:
            self.track(connection, MIGRATION, 1)

    def track(self, connection: sqlite3.Connection, application: str, position: int) -> None:
        """Move the tracked position in this transaction; refused if it does not move
        forward (a page projected twice fails instead of doubling its rows)."""
        moved = connection.execute(
            MOVE_TRACKING, {"application_name": application, "notification_id": position}
        ).fetchone()
        if moved is None:
            raise StoreError(
                f"the views have already read up to position {position} or beyond: another "
                "process projected the same events; run the command again."
            )

    def position(self, application: str) -> int | None:
        """How far the views have read for this application (None: not at all)."""
        row = self.connection.execute(
            "SELECT MAX(notification_id) FROM tracking WHERE application_name = ?",
            (application,),
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def close(self) -> None:
        self.connection.close()
