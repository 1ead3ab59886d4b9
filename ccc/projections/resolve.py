"""Resolving what people type: a case reference, a record id or its prefix, a party; and,
for the write side (application.writing.Lookups), a computed group's members on a day.
Standard library only.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from ccc.domain import kinds
from ccc.domain.names import key
from ccc.errors import InvalidInput
from ccc.projections.codec import connect
from ccc.store.paths import Store, views_are_current

if TYPE_CHECKING:  # reads stay light: the domain's pydantic models load only to write
    from ccc.domain.base import Party


def resolve_case(connection: sqlite3.Connection, text: str, public: bool = False) -> str:
    """The reference of the case the user means; refuse an unknown one with suggestions.
    `public`: a restricted case is not there (it is answered as an unknown one is, and
    never suggested), so its reference cannot be confirmed by guessing."""
    sql = "SELECT reference FROM case_status"
    if public:
        sql += " WHERE NOT opened_restricted"
    references = [row[0] for row in connection.execute(sql)]
    for reference in references:
        if reference.casefold() == text.strip().casefold():
            return str(reference)
    close = difflib.get_close_matches(text, references, n=3, cutoff=0.5)
    hint = f"closest: {', '.join(close)}" if close else "`ccc status` lists the cases"
    raise InvalidInput(f"there is no case '{text}' ({hint}).")


def resolve_record(connection: sqlite3.Connection, text: str) -> str:
    """The full id of the record whose id starts with `text` (at least 4 characters)."""
    prefix = text.strip().lower().replace("-", "")
    if len(prefix) < 4 or any(ch not in "0123456789abcdef" for ch in prefix):
        raise InvalidInput(
            f"'{text}' is not a record id; give the id `ccc record` printed (8 characters, "
            "for example 3f9c2a71), or at least its first 4."
        )
    rows = connection.execute(
        "SELECT id FROM records WHERE id >= ? AND id < ? LIMIT 5", (prefix, prefix + "g")
    ).fetchall()
    if not rows:
        raise InvalidInput(f"there is no record with id '{text}'; `ccc log` lists the records.")
    if len(rows) > 1:
        shown = ", ".join(row[0][: len(prefix) + 4] for row in rows)
        raise InvalidInput(f"record id '{text}' is ambiguous ({shown}); give more characters.")
    return str(rows[0][0])


def record_case(connection: sqlite3.Connection, record_id: str) -> str | None:
    """The case a record belongs to as one of its own (opening, closure, reopening)."""
    row = connection.execute("SELECT kind, cases FROM records WHERE id = ?", (record_id,))
    kind, cases = row.fetchone()
    return str(json.loads(cases)[0]) if kind in kinds.LIFECYCLE else None


def party_is_known(connection: sqlite3.Connection, label: str) -> bool:
    """Whether some record names this party label exactly (saves resolving the name)."""
    row = connection.execute(
        "SELECT 1 FROM record_parties WHERE party = ? LIMIT 1", (label,)
    ).fetchone()
    return row is not None


class ViewLookups:
    """The views' answers to what the write side asks. The command layer hands one to the
    write side; it connects, and brings the views up to date, only when first asked:
    recording that names no short id and no computed group never touches the views."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._connection: sqlite3.Connection | None = None
        self.notes: list[str] = []  # what the user should know about the answers given
        self._added: dict[str, Party] | None = None  # spelling -> a party `party add` added

    def _views(self) -> sqlite3.Connection:
        if self._connection is None:
            self.store.require()
            if not views_are_current(self.store):
                from ccc.projections.catch_up import catch_up

                catch_up(self.store)
            self._connection = connect(self.store)
        return self._connection

    def record(self, text: str) -> tuple[str, str | None]:
        if not self.store.exists():
            raise InvalidInput(
                f"there is no record '{text}': the log is empty; name a record of the same "
                "file by its label instead."
            )
        connection = self._views()
        full = resolve_record(connection, text)
        return full, record_case(connection, full)

    def party(self, text: str) -> Party | None:
        if self._added is None:  # read once: an import may ask for many names
            self._added = {}
            if self.store.exists():
                from ccc.domain.base import Party

                for (details,) in self._views().execute(
                    "SELECT details FROM records WHERE kind = ? AND retracted = 0",
                    (kinds.PARTY_ADDED,),
                ):
                    added = json.loads(details)
                    party = Party(kind=added["party_kind"], name=added["name"])
                    for label in (added["name"], *added.get("aliases", ())):
                        self._added.setdefault(key(label), party)
        return self._added.get(key(text))

    def group(self, name: str, on: date) -> tuple[str, list[str]]:
        from ccc.domain.register import GROUPS, computed_group
        from ccc.projections.obligations import register_on

        if name not in GROUPS:
            raise InvalidInput(
                f"'{name}' is not a computed group; use one of: {', '.join(GROUPS)}."
            )
        label, members, left_out = computed_group(name, register_on(self._views(), on))
        article = {"missing-article7": "7", "outstanding-article9": "9"}.get(
            name, name.removeprefix("outstanding-article")
        )
        if left_out and not members:
            raise InvalidInput(
                f"the group computed:{name} on {on.isoformat()} cannot be known: the log "
                f"does not track Article {article} for the {left_out} States Parties it could "
                "include; record what it tracks with "
                f"`ccc record coverage --article {article} --from DAY`."
            )
        if left_out:
            self.notes.append(
                f"computed:{name} left out {left_out} States Parties whose Article {article} "
                "obligations the log does not track on that day."
            )
        return label, members
