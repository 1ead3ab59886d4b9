"""Where a store lives and how far its views have read. Standard library only.

A store is a folder holding `events.db` (the eventsourcing SQLite event store: the log) and
`views.db` (the read models, disposable). Read commands start here: when the views have
read every event, they answer without importing the write side at all.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator

from ccc.errors import InvalidInput, StoreError

APPLICATION_NAME = "Secretariat"  # the eventsourcing Application's name; tracking uses it
VIEWS_SCHEMA_VERSION = 18  # bump when view tables change: views are then rebuilt


LOCK_TIMEOUT = 30  # seconds a writer waits for another's transaction (CCC_LOCK_TIMEOUT)


def lock_timeout() -> int:
    """How long a writer waits for another's lock: CCC_LOCK_TIMEOUT seconds, else 30."""
    value = os.environ.get("CCC_LOCK_TIMEOUT", "").strip()
    if not value:
        return LOCK_TIMEOUT
    if not value.isdigit() or not 0 < int(value) <= 3600:
        raise InvalidInput(f"CCC_LOCK_TIMEOUT '{value}' is not a number of seconds from 1 to 3600.")
    return int(value)


class Store:
    """A store's folder and files. Paths are strings: pathlib and dataclasses would add a
    fifth to the start-up of every read command (see bench/README.md). A log kept in
    PostgreSQL is a subclass (ccc.store.postgres), whose folder holds only its views."""

    backend = "sqlite"
    read_only = False  # --read-only: nothing is written, the views included

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = os.fspath(root)
        self.events_db = os.path.join(self.root, "events.db")
        self.views_db = os.path.join(self.root, "views.db")
        self.lock_file = os.path.join(self.root, "views.lock")

    def __repr__(self) -> str:
        return f"Store({self.root!r})"

    def event_rows(self, order: str = "position") -> Iterator[tuple[int, str, int, str, bytes]]:
        """(position, originator id as 32 hex digits, version, topic, state), in log order
        (`position`) or by aggregate (`aggregate`: only aggregates with several events),
        read 10,000 at a time."""
        if order == "position":
            sql = (
                "SELECT rowid, originator_id, originator_version, topic, state FROM "
                "stored_events ORDER BY rowid"
            )
        else:
            sql = (
                "SELECT rowid, originator_id, originator_version, topic, state FROM "
                "stored_events WHERE originator_id IN (SELECT originator_id FROM "
                "stored_events WHERE originator_version > 1) "
                "ORDER BY originator_id, originator_version"
            )
        try:
            connection = _read_only(self.events_db)
            cursor = connection.execute(sql)
        except sqlite3.Error as error:
            raise StoreError(f"{self.events_db} cannot be read as SQLite ({error}).") from error
        try:
            while batch := cursor.fetchmany(10_000):
                yield from batch
        finally:
            connection.close()

    def where(self) -> str:
        """Where the log is, for people: the folder (a URL for PostgreSQL)."""
        return self.root

    def event_digest(self, position: int) -> str | None:
        """The digest of the event at `position` (None when the log has none there)."""
        from ccc.store.integrity import digest

        with _read_only(self.events_db) as connection:
            row = connection.execute(
                "SELECT originator_id, originator_version, topic, state FROM stored_events"
                " WHERE rowid = ?",
                (position,),
            ).fetchone()
        return digest(row[0], row[1], row[2], row[3]) if row else None

    def head(self) -> tuple[int, str | None]:
        """The position of the newest event (0 when empty), and the log's id: what tells
        it from any other log, read without hashing (its first event's aggregate id and
        recorded time, as stored; None while the log is empty)."""
        try:
            with _read_only(self.events_db) as connection:
                row = connection.execute(
                    "SELECT MAX(rowid), (SELECT originator_id || '@' || json_extract("
                    "CAST(state AS TEXT), '$.timestamp') FROM stored_events WHERE rowid = 1)"
                    " FROM stored_events"
                ).fetchone()
        except sqlite3.Error as error:
            raise StoreError(
                f"{self.events_db} is not a readable ccc event store ({error})."
            ) from error
        return int(row[0] or 0), row[1]

    def last_position(self) -> int:
        """The notification id of the newest event in the log (0 when empty)."""
        return self.head()[0]

    def exists(self) -> bool:
        """Whether the log has been created (an empty events.db is one a first write
        was creating when it stopped: nothing is in it)."""
        try:
            return os.path.getsize(self.events_db) > 0
        except OSError:
            return False

    def size(self) -> int:
        """Bytes used by the store's files."""
        return sum(entry.stat().st_size for entry in os.scandir(self.root) if entry.is_file())

    def refuse_foreign(self) -> None:
        """Refuse to write into an events.db that another program made (ccc would add its
        tables to someone else's database)."""
        if not os.path.isfile(self.events_db) or os.path.getsize(self.events_db) == 0:
            return
        try:
            with _read_only(self.events_db) as connection:
                tables = {
                    row[0]
                    for row in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    )
                }
        except sqlite3.Error as error:
            raise StoreError(f"{self.events_db} is not a ccc event store ({error}).") from error
        if tables and "stored_events" not in tables:
            raise StoreError(
                f"{self.events_db} belongs to another program (it has no stored_events table); "
                "give ccc a folder of its own with --store."
            )

    def make_private(self) -> None:
        """Create the folder and its database files readable by their owner alone (0700,
        0600) before SQLite opens them: SQLite gives its -wal and -shm files the
        database's permissions. Files that exist already are left as they are."""
        os.makedirs(self.root, mode=0o700, exist_ok=True)
        for path in (self.events_db, self.views_db):
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def refuse_output(self, path: str, what: str = "output") -> None:
        """Refuse a file the user named (an export, a report, a key) that has no name, or
        that lies in the store: a path inside its folder, or a link to one of its files,
        would destroy the log or the views."""
        if not path.strip():
            raise InvalidInput(f"the {what} needs a file name; give a path outside the store.")
        root = os.path.realpath(self.root)
        target = os.path.realpath(path)
        inside = os.path.commonpath([root, target]) == root
        if not inside and os.path.exists(target) and os.path.isdir(root):
            stat = os.stat(target)
            inside = any(
                os.path.samestat(stat, entry.stat())
                for entry in os.scandir(root)
                if entry.is_file(follow_symlinks=False)
            )
        if inside:
            raise StoreError(
                f"{path} is inside the store {self.root} (or one of its files); write the "
                f"{what} to a path outside it."
            )

    def refuse_writing(self) -> None:
        """Refuse a write in a read-only session (--read-only), before anything is done."""
        if self.read_only:
            raise StoreError(
                f"the store {self.where()} was opened read-only (--read-only), so nothing was "
                "written; run the command without --read-only to write."
            )

    def require(self) -> None:
        """Refuse to read a store that does not exist (a mistyped --store, usually)."""
        if not self.exists():
            raise StoreError(
                f"there is no ccc store at {self.root}; give the right --store (or CCC_STORE), "
                "or create one by recording or importing."
            )


def _read_only(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def last_event_position(store: Store) -> int:
    """The notification id of the newest event in the log (0 when empty)."""
    return store.last_position()


def views_position(store: Store) -> int | None:
    """How far the views have read, or None when they must be (re)built."""
    return _views_read(store)[0]


def _views_read(store: Store) -> tuple[int | None, str | None]:
    """How far the views have read (None: they must be (re)built), and the id of the log
    they read (Store.head; kept by catch-up, None in views made before they kept it)."""
    if not os.path.isfile(store.views_db):
        return None, None
    try:
        with _read_only(store.views_db) as connection:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("schema_version") != str(VIEWS_SCHEMA_VERSION):
                return None, None  # older, or a rebuild that did not finish
            row = connection.execute(
                "SELECT notification_id FROM tracking WHERE application_name = ?",
                (APPLICATION_NAME,),
            ).fetchone()
    except sqlite3.Error:
        return None, None  # missing tables: an unfinished or foreign file; rebuild it
    return (int(row[0]) if row else 0), meta.get("log_id")


def views_are_current(store: Store) -> bool:
    """Whether the views have read the whole log; views that read another log (or a log
    that changed under them) are refused in one sentence, never read."""
    (position, known), (head, log_id) = _views_read(store), store.head()
    try:
        if position and known is None:  # views made before they kept the log's id
            _refuse_another_log(store, position, head)
        elif position and known != log_id:
            raise StoreError(_another_log(store, 1))
    except StoreError:
        if not getattr(store, "own_views", False) or store.read_only:
            raise
        discard_views(store)  # ccc's own cache (a log made again): rebuilt from this log
        return False
    return position == head


def discard_views(store: Store) -> None:
    """Remove a store's views files (they are rebuilt from the log)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(store.views_db + suffix)


def _another_log(store: Store, position: int) -> str:
    return (
        f"the views in {store.root} were not built from this log: at position {position} they "
        "read another record. Give this log's own views folder (--views, CCC_VIEWS), or "
        "check the log with `ccc verify` and rebuild its views with `ccc rebuild`."
    )


def _refuse_another_log(store: Store, position: int, head: int) -> None:
    """The views keep the digest of each event they read (`chain`): the log's event at
    the views' position must have it. Views past the log's end are compared at its end:
    the same event there means records were removed from the end (catch-up says so)."""
    at = min(position, head)
    if at == 0:
        return  # an empty log: catch-up says what became of its records
    try:
        with _read_only(store.views_db) as connection:
            row = connection.execute(
                "SELECT digest FROM chain WHERE position = ?", (at,)
            ).fetchone()
    except sqlite3.Error:
        return  # no chain to compare: an unfinished file, rebuilt when next read
    if row is None or store.event_digest(at) == row[0]:
        return
    raise StoreError(_another_log(store, at))
