"""Catch-up and rebuild: new events -> view rows + tracking position, in one transaction.

eventsourcing's ProjectionRunner needs subscriptions, which its SQLite recorder does not
offer, so views are pulled up to date here: read the notifications after the tracked
position, project a page of them, and commit the rows with the new position. A crash
leaves the previous page's state, and the next catch-up redoes the page: nothing doubles.

The views keep their position in eventsourcing's tracking table (projections/tracking.py),
whose single row only moves forward, so projecting a page twice fails instead of doubling
rows. A lock file also lets one process at a time update the views (see `_writer`):
commands started together on a stale store wait for the first, then find nothing left to
do. Stored events are read as stored (store/notifications.py) and their facts through a
table of the event classes' fields (projections/decode.py), not through the classes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

from ccc.domain import kinds
from ccc.errors import StoreError
from ccc.projections import replies, schema, timelines
from ccc.projections.clocks import amendments_of, case_records, case_row, records_by_id
from ccc.projections.codec import RECORD_COLUMNS, decode_record, encode_status
from ccc.projections.decode import Decoded, decode
from ccc.projections.rows import Rows
from ccc.projections.tracking import ViewsFile
from ccc.store.integrity import ZERO
from ccc.store.locks import LockTimeout, exclusive
from ccc.store.notifications import LogReader, Stored
from ccc.store.paths import (
    APPLICATION_NAME,
    VIEWS_SCHEMA_VERSION,
    Store,
    discard_views,
    views_position,
)

if TYPE_CHECKING:
    from ccc.domain.shapes import CaseRow, RecordRow

PAGE_SIZE = 1000
# Catching up reads pages ten times larger: each page is one transaction that refreshes
# every case it touches, so another officer's 10,000 records refreshed each of their cases
# ten times and committed ten times (10.6 s at 100,000 records). A crash still loses
# nothing: the page and its tracking position commit together.
CATCH_UP_PAGE = 10 * PAGE_SIZE
LOCK_TIMEOUT = 120  # seconds: a rebuild of a million events takes about this long
Progress = Callable[[int], None]  # called with how many more events were projected


class Views(ViewsFile):
    """The read models and their tracking position, in one SQLite file."""

    def create_tables(self, connection: Any, *, deferred: bool = False) -> None:
        """The tracking table and the views, in this transaction (`deferred`: a
        rebuild's, whose indexes only queries need are made after loading)."""
        self.create_tracking(connection)
        if not schema.is_current(connection):  # sqlite-utils only to create
            schema.create(_database(connection), deferred=deferred)

    def project(self, page: Sequence[Stored]) -> None:
        """Project a page of stored events and move tracking, in one transaction."""
        with self.transaction() as connection:
            self.track(connection, APPLICATION_NAME, page[-1][0])
            rows = Rows(connection, _running(connection))
            for stored in page:
                rows.add(stored, _read(stored))
            _write(connection, rows)
            _refresh_status(connection, rows.touched_cases)
            _refresh_replies(connection, rows)


def _read(stored: Stored) -> Decoded | StoreError:
    """A stored event, read; one ccc cannot read comes as the StoreError that says why (the
    views skip it and say so; `ccc verify` names it), never as a traceback."""
    try:
        return decode(*stored)
    except StoreError as error:
        return error


def _database(connection: Any) -> Any:
    """sqlite-utils on the transaction's own connection (>= 4.2 nests with SAVEPOINTs), to
    create the tables. Imported only then: it loads numpy where matplotlib installed it,
    which would triple the cost of catching up one record."""
    import sqlite_utils

    return sqlite_utils.Database(connection, recursive_triggers=False, execute_plugins=False)


def _running(connection: Any) -> bytes:
    """The running digest of everything projected so far."""
    row = connection.execute("SELECT running FROM chain ORDER BY position DESC LIMIT 1").fetchone()
    return bytes.fromhex(row[0]) if row else ZERO


def _insert(
    connection: Any, table: str, rows: Sequence[dict[str, Any]], verb: str = "INSERT"
) -> None:
    """Plain executemany, not sqlite-utils' insert_all: the latter inspects and converts
    every cell, and took two thirds of a 100,000-event rebuild."""
    if rows:
        columns = list(schema.TABLES[table]["columns"])
        placeholders = ", ".join(f":{column}" for column in columns)
        connection.executemany(
            f"{verb} INTO [{table}] ({', '.join(columns)}) VALUES ({placeholders})", rows
        )


def _write(connection: Any, rows: Rows) -> None:
    for key in rows.relinked:
        for table in ("record_cases", "record_parties", "party_cases"):
            connection.execute(f"DELETE FROM {table} WHERE record_id = ?", (key,))
    _insert(connection, "records", list(rows.records.values()), "INSERT OR REPLACE")
    cases: list[dict[str, Any]] = []
    parties: list[dict[str, Any]] = []
    both: list[dict[str, Any]] = []
    for key, (references, named) in rows.links.items():
        record = rows.records[key]
        place = {"sort_day": record["sort_day"], "position": record["position"]}
        state = {"earliest": record["earliest"], "retracted": record["retracted"]}
        cases.extend({"record_id": key, "case_ref": ref, **place} for ref in references)
        parties.extend(
            {"record_id": key, "party": p, "party_kind": k, "kind": record["kind"]} | place | state
            for p, k in named
        )
        both.extend(
            {"party": p, "case_ref": ref, "record_id": key, **state}
            for p, _ in named
            for ref in references
        )
    _insert(connection, "record_cases", cases)
    _insert(connection, "record_parties", parties)
    _insert(connection, "party_cases", both)
    _insert(connection, "cases", list(rows.cases.values()), "INSERT OR REPLACE")
    _insert(connection, "amendments", rows.amendments)
    _insert(connection, "chain", rows.chain)
    _insert(connection, "unreadable", rows.unreadable)
    connection.executemany(
        "INSERT INTO party_exposure (party, open, restricted) VALUES (?, ?, ?) ON CONFLICT"
        " (party) DO UPDATE SET open = open + excluded.open,"
        " restricted = restricted + excluded.restricted",
        [
            (party, 0 if restricted else n, n if restricted else 0)
            for (party, restricted), n in rows.exposure.items()
            if n
        ],
    )
    counts = [(f"kind:{kind}", count) for kind, count in rows.created.items()]
    counts.append(("amendments", len(rows.amendments)))
    connection.executemany(
        "INSERT INTO counts (name, value) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
        counts,
    )


def _refresh_status(connection: Any, references: set[str], *, fresh: bool = False) -> None:
    """Each touched case's status now, and its timelines on both clocks (timelines.py).
    `fresh`: a rebuild's, whose timeline tables hold no row of these cases yet."""
    board = []
    for reference in sorted(references):
        case = case_row(connection, reference)
        if case is None:  # a record naming a case never opened: the rules forbid it
            continue
        records = case_records(connection, reference)
        row = _refresh_timelines(connection, case, records, fresh)
        opening = next(r for r in records if r["id"] == case["opened_record"])
        board.append(encode_status(row, case, opening))
    _insert(connection, "case_status", board, "INSERT OR REPLACE")


def _refresh_timelines(
    connection: Any, case: CaseRow, records: list[RecordRow], fresh: bool
) -> dict[str, Any]:
    """The case's rows on both clocks, in place of those it had; returns its status now
    (status.derive's, from the fold of its days: the same records)."""
    reference = case["reference"]
    days, now = timelines.day_rows(case, records)
    if not fresh:
        connection.execute("DELETE FROM case_days WHERE reference = ?", (reference,))
        connection.executemany(  # by id: a condition on `reference` would scan the tree
            "DELETE FROM case_spans WHERE id = ?",
            [(timelines.span_id(r, reference),) for r in records],
        )
        connection.execute("DELETE FROM case_known WHERE reference = ?", (reference,))
    _insert(connection, "case_days", days)
    connection.executemany(
        "INSERT INTO case_spans (id, first, last, reference) VALUES (?, ?, ?, ?)",
        timelines.span_rows(reference, records),
    )
    amended = amendments_of(connection, [r["id"] for r in records if r["amendments"]], None)
    amendments = [step for steps in amended.values() for step in steps]
    _insert(connection, "case_known", timelines.known_rows(reference, records, amendments))
    return now


def _refresh_replies(connection: Any, rows: Rows, *, letters: bool = True) -> None:
    """The page's letters and communications into `communications`, then (unless a
    rebuild does them all at its end) the reply rows of the letters they can change."""
    current = [decode_record(dict(rows.records[key])) for key in rows.mail]
    previous = [decode_record(dict(row)) for row in rows.mail.values() if row is not None]
    connection.executemany("DELETE FROM communications WHERE id = ?", [(k,) for k in rows.mail])
    standing = [replies.communication_row(record) for record in current]
    _insert(connection, "communications", [row for row in standing if row is not None])
    affected: set[str] = set()
    for version in [*current, *previous] if letters else []:  # against the table now
        if version["kind"] == kinds.LETTER:
            affected.add(version["id"])
        elif version["kind"] == kinds.COMMUNICATION:
            affected |= replies.letters_affected(connection, version)
    # A letter new in this page has no reply rows yet; the others' go, then every
    # letter's new rows are written together: two statements for the page, not four for
    # each letter. (The four look-ups per letter remain: issue 24.)
    stale = [(key,) for key in affected if rows.mail.get(key, False) is not None]
    connection.executemany(
        "DELETE FROM reply_spans WHERE id IN (SELECT span FROM letter_replies WHERE letter_id = ?)",
        stale,
    )
    connection.executemany("DELETE FROM letter_replies WHERE letter_id = ?", stale)
    found = [
        row
        for letter in records_by_id(connection, affected)
        if letter["kind"] == kinds.LETTER
        for row in replies.letter_rows(connection, letter)
    ]
    _insert_reply_rows(connection, found)


def _insert_reply_rows(connection: Any, found: list[dict[str, Any]]) -> None:
    _insert(connection, "letter_replies", found)
    connection.executemany(
        "INSERT INTO reply_spans (id, first, last) VALUES (?, ?, ?)",
        [
            (r["span"], r["first"], r["last"])
            for r in found
            if r["awaited"] and r["last"] >= r["first"]
        ],
    )


def _all_reply_rows(connection: Any) -> None:
    """Every letter's reply rows, at the end of a rebuild: party by party, each party's
    letters in order of their days, so that the look-ups walk the communications index
    in order (a page of letters at a time)."""
    parties = [row[0] for row in connection.execute(
        "SELECT DISTINCT party FROM record_parties WHERE party_kind != 'group'")]  # fmt: skip
    for party in parties:
        cursor = connection.execute(
            f"SELECT {RECORD_COLUMNS} FROM record_parties"
            " JOIN records ON records.id = record_parties.record_id"
            " WHERE record_parties.party = ? AND record_parties.kind = ?"
            " ORDER BY record_parties.sort_day, record_parties.position",
            (party, kinds.LETTER),
        )
        names = [column[0] for column in cursor.description]
        while page := cursor.fetchmany(1000):
            letters = [decode_record(dict(zip(names, row, strict=True))) for row in page]
            found = [
                r for letter in letters for r in replies.letter_rows(connection, letter, party)
            ]
            _insert_reply_rows(connection, found)


def open_views(store: Store) -> Views:
    views = Views(store.views_db, LOCK_TIMEOUT)
    with views.transaction() as connection:
        views.create_tables(connection)
    return views


@contextmanager
def _writer(store: Store, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """One process at a time updates a store's views (a lock file beside them).

    Without it, several commands started together on a stale store would each rebuild the
    views and fail on SQLite's write lock. Whoever waits re-checks the position after it
    gets the lock, and usually finds nothing left to do.
    """
    try:
        with exclusive(store.lock_file, timeout):
            yield
    except LockTimeout as error:
        raise StoreError(
            f"another ccc process has been updating the views of {store.root} for over "
            f"{LOCK_TIMEOUT} seconds; try again when it has finished."
        ) from error


def _discard_damaged_views(store: Store) -> None:
    """Views are disposable: a views.db that is not an SQLite database (damaged, or
    overwritten) is removed, to be rebuilt from the log."""
    try:
        with open(store.views_db, "rb") as handle:
            header = handle.read(16)
    except FileNotFoundError:
        return
    if header and header != b"SQLite format 3\x00":
        discard_views(store)


def catch_up(
    store: Store, progress: Progress | None = None, wait: bool = True, build: bool = True
) -> int:
    """Project every event not yet in the views; returns how many were projected.
    `wait=False`: if another process is updating the views, StoreError at once.
    `build=False`: views missing (or damaged, or of an older schema) are left as they are
    instead of being built from the whole log."""
    with _writer(store, LOCK_TIMEOUT if wait else 0):
        _discard_damaged_views(store)
        if views_position(store) is None:
            return _rebuild(store, progress) if build else 0
        log = LogReader(store)
        views = open_views(store)
        processed = 0
        try:
            position = views.position(APPLICATION_NAME) or 0
            head = log.head()
            if position > head:  # never rebuild over the evidence: say so
                raise StoreError(
                    f"the views have read {position} records but the log holds {head}: records "
                    "were removed from the log; run `ccc verify` (and `ccc rebuild --force` "
                    "only once you know why)."
                )
            for page in log.pages(position, CATCH_UP_PAGE):
                views.project(page)
                processed += len(page)
                if progress:
                    progress(len(page))
            with views.transaction() as connection:
                _note_log(connection, store)
            return processed
        finally:
            views.close()
            log.close()


AFTER_A_WRITE = 1000  # events a write projects itself; more are left to the next read


def catch_up_after_write(store: Store) -> int:
    """For a command that has just written: project what the views lack now, while the
    libraries the projection needs are loaded, so that the next command answers at once
    (it would spend 0.1-0.2 s loading them, more than the projection). Never waits for
    another process updating the views, never builds them whole and never projects more
    than AFTER_A_WRITE events: what it leaves (views missing, far behind, locked, of
    another log) the next read does, and says why. Returns how many it projected."""
    from ccc.errors import CccError
    from ccc.store.paths import last_event_position, views_are_current

    try:
        position = views_position(store)
        if position is None or last_event_position(store) - position > AFTER_A_WRITE:
            return 0
        if views_are_current(store):
            return 0
        return catch_up(store, wait=False, build=False)
    except CccError:
        return 0


def _note_log(connection: Any, store: Store) -> None:
    """Note in the views, once, which log they read (store.paths.views_are_current checks
    it against Store.head)."""
    noted = connection.execute("SELECT 1 FROM meta WHERE key = 'log_id'").fetchone()
    if noted is None and (log_id := store.head()[1]) is not None:
        connection.execute("INSERT INTO meta (key, value) VALUES ('log_id', ?)", (log_id,))


def rebuild(store: Store, progress: Progress | None = None) -> int:
    """Recreate every view from the whole log; returns how many events were projected."""
    with _writer(store):
        _discard_damaged_views(store)
        return _rebuild(store, progress)


BATCH_PAGES = 5  # a rebuild commits every 5,000 events, with the tracking position
CASES_PER_COMMIT = 200  # and then the cases' statuses and timelines, 200 cases at a time


def _rebuild(
    store: Store, progress: Progress | None, path: str | None = None, until: int | None = None
) -> int:
    """Recreate every view in batches of BATCH_PAGES pages, each committed with the
    tracking position, so that memory and the write-ahead log stay the size of a batch
    whatever the size of the log. Until the last batch the views are marked unfinished
    (their schema version reads 'rebuilding'), so a rebuild cut short by a crash starts
    again instead of being caught up from. Readers wait meanwhile: every query catches
    up first, under the same lock. `path` builds them into another file instead, from the
    events up to `until` (to compare them with the live views)."""
    log = LogReader(store)
    views = Views(path or store.views_db, LOCK_TIMEOUT)
    processed = 0
    try:
        with views.transaction() as c:
            for name in [*schema.TABLES, *schema.VIRTUAL]:
                c.execute(f"DROP TABLE IF EXISTS [{name}]")
            c.execute("DROP TABLE IF EXISTS tracking")
            views.create_tables(c, deferred=True)
            c.execute("UPDATE meta SET value = 'rebuilding' WHERE key = 'schema_version'")
        references: set[str] = set()
        running = ZERO
        pages = log.pages(0, PAGE_SIZE, until)
        while batch := list(islice(pages, BATCH_PAGES)):
            with views.transaction() as connection:
                for page in batch:
                    rows = Rows(connection, running)
                    for stored in page:
                        rows.add(stored, _read(stored))
                    _write(connection, rows)
                    running = rows.running
                    references |= rows.touched_cases
                    _refresh_replies(connection, rows, letters=False)
                    processed += len(page)
                    if progress:
                        progress(len(page))
                views.track(connection, APPLICATION_NAME, batch[-1][-1][0])
        with views.transaction() as c:
            schema.create_indexes(_database(c))
        cases = sorted(references)
        for start in range(0, len(cases), CASES_PER_COMMIT):
            with views.transaction() as c:
                chunk = set(cases[start : start + CASES_PER_COMMIT])
                _refresh_status(c, chunk, fresh=True)
        with views.transaction() as c:
            _all_reply_rows(c)
            c.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'",
                (str(VIEWS_SCHEMA_VERSION),),
            )
            _note_log(c, store)
    finally:
        views.close()
        log.close()
    return processed


def table_digests(path: str) -> dict[str, str]:
    """A SHA-256 of each view table's rows in primary-key order (for `rebuild --check` and
    `verify`). The rows are hashed as they are read, a batch at a time, so memory stays
    flat however large the views (issue 24: reading each whole table into memory took
    2.7 GB at a million records)."""
    import hashlib
    import sqlite3

    def hashed(rows: sqlite3.Cursor) -> str:
        digest = hashlib.sha256()
        while batch := rows.fetchmany(1_000):
            digest.update(repr(batch).encode())
        return digest.hexdigest()

    digests = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        for table, spec in [*schema.TABLES.items(), ("tracking", {"pk": "application_name"})]:
            pk = spec["pk"] if isinstance(spec["pk"], str) else ", ".join(spec["pk"])
            digests[table] = hashed(connection.execute(f"SELECT * FROM [{table}] ORDER BY {pk}"))
        for table, sql in schema.VIRTUAL_DIGESTS.items():
            digests[table] = hashed(connection.execute(sql))
    return digests


def compare_with_log(
    store: Store, progress: Progress | None = None
) -> tuple[int, dict[str, tuple[str, str]]] | None:
    """Rebuild the views from the events they have read, into a scratch file, and compare
    them table by table with the live views: (how many events, the tables that differ as
    (live, fresh) digests), or None when there are no views. Nothing is caught up: a log
    that does not verify must not be read into the views."""
    import os
    import tempfile

    with _writer(store):
        position = views_position(store)
        if not position:
            return None
        handle, fresh = tempfile.mkstemp(prefix="ccc-views-check-", suffix=".db")
        os.close(handle)
        try:
            _rebuild(store, progress, fresh, until=position)
            live, rebuilt = table_digests(store.views_db), table_digests(fresh)
        finally:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(fresh + suffix):
                    os.remove(fresh + suffix)
    differ = {
        table: (live[table], rebuilt[table]) for table in live if live[table] != rebuilt[table]
    }
    return position, differ


def check(store: Store, progress: Progress | None = None) -> dict[str, tuple[str, str]]:
    """Bring the views up to date, then compare them with a fresh rebuild (see
    compare_with_log). Returns the tables that differ: (live, fresh)."""
    catch_up(store)
    compared = compare_with_log(store, progress)
    return compared[1] if compared else {}
