"""The views' answers to what the write side asks (application.writing.Lookups): a
record's full id from the short id people type, a computed group's members on a day.

The command layer hands one to the write side. It connects, and brings the views up to
date, only when first asked: recording that names no short id and no computed group never
touches the views.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from ccc.errors import InvalidInput
from ccc.projections.codec import connect
from ccc.projections.obligations import register_on
from ccc.projections.resolve import record_case, resolve_record
from ccc.store.paths import Store, views_are_current


class ViewLookups:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._connection: sqlite3.Connection | None = None

    def _views(self) -> sqlite3.Connection:
        if self._connection is None:
            self.store.require()
            if not views_are_current(self.store):
                from ccc.projections.catch_up import catch_up

                catch_up(self.store)
            self._connection = connect(self.store)
        return self._connection

    def record(self, text: str) -> tuple[str, str | None]:
        connection = self._views()
        full = resolve_record(connection, text)
        return full, record_case(connection, full)

    def group(self, name: str, on: date) -> tuple[str, list[str]]:
        from ccc.projections.treaty_register import GROUPS, computed_group

        if name not in GROUPS:
            raise InvalidInput(
                f"'{name}' is not a computed group; use one of: {', '.join(GROUPS)}."
            )
        return computed_group(name, register_on(self._views(), on))
