"""An import file's labels: which record of the file has each, and the id it was given.

A later record of the file names an earlier one by its label (`in_reply_to: L-12`, a
correction's `id`). Every label must therefore be kept until the file is done: in memory
up to SPILL_AFTER labels, then in a private SQLite database on disk that SQLite deletes
when it is closed (the spool's way, secretariat.Batch). A million labels held as Python
objects took half a gigabyte; now an import's memory does not grow with its file.
"""

from __future__ import annotations

import sqlite3

SPILL_AFTER = 50_000  # labels held in memory; beyond, they go to disk

# A label's entry: the position of its record in the file, then (once written) the
# record's id (hex) and the case whose own record it is (an opening, a closure), if any.
Entry = tuple[int, str | None, str | None]


class Labels:
    def __init__(self) -> None:
        self._held: dict[str, Entry] = {}
        self._waiting: dict[int, str] = {}  # position -> label, until its record is written
        self._disk: sqlite3.Connection | None = None

    def claim(self, label: str, position: int) -> int | None:
        """Give `label` to the record at `position`; if another record already has it,
        nothing changes and that record's position is returned."""
        found = self._find(label)
        if found is not None:
            return found[0]
        self._held[label] = (position, None, None)
        self._waiting[position] = label
        if len(self._held) >= SPILL_AFTER:
            self._spill()
        return None

    def written(self, position: int, record_id: str, case: str | None) -> None:
        """The record at `position` was written (or found) with this id: its label, if
        it has one, now names it."""
        label = self._waiting.pop(position, None)
        if label is None:
            return
        if label in self._held:
            self._held[label] = (position, record_id, case)
        else:
            assert self._disk is not None
            self._disk.execute(
                "UPDATE labels SET record_id = ?, case_ref = ? WHERE label = ?",
                (record_id, case, label),
            )

    def record(self, label: str) -> tuple[str, str | None] | None:
        """The id of the record `label` names and its case, once that record is written."""
        found = self._find(label)
        if found is None or found[1] is None:
            return None
        return found[1], found[2]

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
            self._disk = None

    def _find(self, label: str) -> Entry | None:
        found = self._held.get(label)
        if found is None and self._disk is not None:
            found = self._disk.execute(
                "SELECT position, record_id, case_ref FROM labels WHERE label = ?", (label,)
            ).fetchone()
        return found

    def _spill(self) -> None:
        if self._disk is None:
            self._disk = sqlite3.connect("")  # "": a temporary file, removed on close
            self._disk.execute(
                "CREATE TABLE labels (label TEXT PRIMARY KEY, position INTEGER,"
                " record_id TEXT, case_ref TEXT) WITHOUT ROWID"
            )
        self._disk.executemany(
            "INSERT INTO labels VALUES (?, ?, ?, ?)",
            [(label, *entry) for label, entry in self._held.items()],
        )
        self._held.clear()
