"""The read side reads the log with the query eventsourcing's own recorder makes, without
loading the library (ccc.store.notifications): it must read exactly what the library
reads, page by page, on both backends."""

from __future__ import annotations

from typing import Any

import pytest

from ccc.store.notifications import LogReader
from ccc.store.postgres import TABLE, PostgresStore
from ccc.store.where import locate

pytestmark = pytest.mark.both_backends


def _library(store: Any) -> Any:
    """The library's own recorder of the store's events."""
    if isinstance(store, PostgresStore):
        from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

        datastore = PostgresDatastore(
            store.dbname, store.host, store.port, store.user, store.password
        )
        return PostgresApplicationRecorder(datastore, events_table_name=TABLE)
    from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

    return SQLiteApplicationRecorder(SQLiteDatastore(store.events_db))


def test_the_log_reads_as_the_librarys_recorder_reads_it(seeded, store):
    where = locate(str(store), None)
    ours, library = LogReader(where), _library(where)
    try:
        head = library.max_notification_id()
        assert head > 20 and ours.head() == head
        for after, until in ((0, None), (5, None), (3, 17), (head, None)):
            pages = list(ours.pages(after, 7, until))
            assert all(len(page) <= 7 for page in pages)
            theirs = library.select_notifications(
                start=after, limit=head + 1, stop=until, inclusive_of_start=False
            )
            assert [event for page in pages for event in page] == [
                (n.id, str(n.originator_id), n.originator_version, n.topic, bytes(n.state))
                for n in theirs
            ]
    finally:
        ours.close()
        library.datastore.close()
