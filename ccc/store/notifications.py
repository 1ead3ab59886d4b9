"""The log as the read side reads it: stored events in order of position, as plain tuples
(position, originator id, version, topic, state), never as domain events (the projection
reads their JSON: ccc.projections.decode).

SQLite's events table is read with the standard library, read-only, with the query
eventsourcing's own recorder makes (`select_notifications`): loading the library's
persistence module cost catching up one record about 20 ms (issue 24), and the table is
the library's, whose shape tests/architecture/test_library_internals.py pins.
PostgreSQL's is read through the library's recorder: psycopg is loaded there anyway.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote
from uuid import UUID

from ccc.store.paths import LOCK_TIMEOUT, Store
from ccc.store.postgres import TABLE, PostgresStore

Stored = tuple[int, str, int, str, bytes]  # position, originator id, version, topic, state
_CANONICAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _id(stored: str) -> str:
    """An originator id as the library's recorder reads it (str of a UUID)."""
    return stored if _CANONICAL_ID.fullmatch(stored) else str(UUID(stored))


class LogReader:
    """The stored events after a position, a page at a time (opened read-only: a read
    creates no file or folder and installs nothing; the write application does both)."""

    def __init__(self, store: Store) -> None:
        self.recorder: Any = None
        self.connection: sqlite3.Connection | None = None
        if isinstance(store, PostgresStore):
            from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

            datastore = PostgresDatastore(
                store.dbname, store.host, store.port, store.user, store.password
            )
            self.recorder = PostgresApplicationRecorder(datastore, events_table_name=TABLE)
        else:
            self.connection = sqlite3.connect(
                f"file:{quote(store.events_db)}?mode=ro", uri=True, timeout=LOCK_TIMEOUT
            )

    def head(self) -> int:
        """The position of the newest event (0 when the log is empty)."""
        if self.connection is None:
            return int(self.recorder.max_notification_id() or 0)
        row = self.connection.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
        return int(row[0] or 0)

    def pages(self, after: int, size: int, until: int | None = None) -> Iterator[list[Stored]]:
        """The stored events after position `after` (up to `until`), `size` at a time."""
        while page := self._page(after, size, until):
            yield page
            after = page[-1][0]

    def _page(self, after: int, size: int, until: int | None) -> list[Stored]:
        if self.connection is None:
            return [
                (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
                for n in self.recorder.select_notifications(
                    start=after, limit=size, stop=until, inclusive_of_start=False
                )
            ]
        stop = "AND rowid <= ? " if until is not None else ""
        rows = self.connection.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            f"WHERE rowid > ? {stop}ORDER BY rowid LIMIT ?",
            (after, until, size) if until is not None else (after, size),
        )
        return [(row[0], _id(row[1]), row[2], row[3], row[4]) for row in rows]

    def close(self) -> None:
        if self.connection is None:
            self.recorder.datastore.close()
        else:
            self.connection.close()
