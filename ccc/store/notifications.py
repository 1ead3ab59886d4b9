"""The log as the read side reads it: stored events in order of position, as plain tuples
(position, originator id, version, topic, state), never as domain events (the projection
reads their JSON: ccc.projections.decode).

Each table is read with the query eventsourcing's own recorder makes
(`select_notifications`): SQLite's with the standard library, read-only, PostgreSQL's with
psycopg on ccc's own connection (ccc.store.postgres). Loading the library's persistence
module cost catching up one record about 20 ms (issue 24). The tables are the library's
(its writers take a table lock, so positions commit in order and a reader never sees a gap
filled later); tests/projections/test_notifications.py reads both through the library
too, and compares.
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


_HEX_ID = re.compile(r"[0-9a-f]{32}")


def _id(stored: str) -> str:
    """An originator id as the library's recorder reads it (str of a UUID). SQLite keeps
    its 32 hex digits, dashed here by slicing: building a UUID for each took a twentieth
    of a rebuild."""
    if _HEX_ID.fullmatch(stored):
        return f"{stored[:8]}-{stored[8:12]}-{stored[12:16]}-{stored[16:20]}-{stored[20:]}"
    return stored if _CANONICAL_ID.fullmatch(stored) else str(UUID(stored))


class LogReader:
    """The stored events after a position, a page at a time (opened read-only: a read
    creates no file or folder and installs nothing; the write application does both)."""

    def __init__(self, store: Store) -> None:
        self.connection: Any
        self.postgres = isinstance(store, PostgresStore)
        if isinstance(store, PostgresStore):
            self.connection = store.connect()
            self.connection.autocommit = True
            self.connection.read_only = True
        else:
            self.connection = sqlite3.connect(
                f"file:{quote(store.events_db)}?mode=ro", uri=True, timeout=LOCK_TIMEOUT
            )

    def head(self) -> int:
        """The position of the newest event (0 when the log is empty)."""
        sql = f"SELECT MAX(notification_id) FROM {TABLE}" if self.postgres else (
            "SELECT MAX(rowid) FROM stored_events"
        )  # fmt: skip
        return int(self.connection.execute(sql).fetchone()[0] or 0)

    def pages(self, after: int, size: int, until: int | None = None) -> Iterator[list[Stored]]:
        """The stored events after position `after` (up to `until`), `size` at a time."""
        while page := self._page(after, size, until):
            yield page
            after = page[-1][0]

    def _page(self, after: int, size: int, until: int | None) -> list[Stored]:
        params = (after, until, size) if until is not None else (after, size)
        if self.postgres:
            stop = "AND notification_id <= %s " if until is not None else ""
            rows = self.connection.execute(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                f"FROM {TABLE} WHERE notification_id > %s {stop}"
                "ORDER BY notification_id LIMIT %s",
                params,
            )
            return [(row[0], str(row[1]), row[2], row[3], bytes(row[4])) for row in rows]
        stop = "AND rowid <= ? " if until is not None else ""
        rows = self.connection.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            f"WHERE rowid > ? {stop}ORDER BY rowid LIMIT ?",
            params,
        )
        return [(row[0], _id(row[1]), row[2], row[3], row[4]) for row in rows]

    def close(self) -> None:
        self.connection.close()
