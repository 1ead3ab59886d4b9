"""Shell completion of case references, record ids and party names, through click's own
completion (`eval "$(_CCC_COMPLETE=bash_source ccc)"`; zsh_source and fish_source too).

Each function reads the views read-only, by index, and offers at most LIMIT values. A
restricted case's reference and a restricted record's id are never offered: completion
prints to any terminal. Completion reads the views as the last command left them (a tab
press never waits for them to catch up); without them, nothing is offered.
Standard library and click only.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import click
from click.shell_completion import CompletionItem

LIMIT = 200


def _views(ctx: click.Context) -> sqlite3.Connection | None:
    from ccc.commands.common import Context
    from ccc.errors import CccError

    try:
        store = Context(ctx.find_root().params.get("store")).store
    except CccError:
        return None
    if not os.path.isfile(store.views_db):
        return None
    return sqlite3.connect(f"file:{store.views_db}?mode=ro", uri=True)


def _query(ctx: click.Context, sql: str, incomplete: str) -> list[CompletionItem]:
    connection = _views(ctx)
    if connection is None:
        return []
    try:
        rows = connection.execute(sql, (incomplete.replace("%", ""), LIMIT)).fetchall()
    except sqlite3.Error:  # views of an older schema, being rebuilt: offer nothing
        return []
    finally:
        connection.close()
    return [CompletionItem(value) for (value,) in rows]


def cases(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Case references, restricted cases left out."""
    return _query(
        ctx,
        "SELECT reference FROM case_status WHERE reference LIKE ? || '%'"
        " AND opened_restricted = 0 ORDER BY reference LIMIT ?",
        incomplete,
    )


def records(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """Record ids as people type them (the short id), restricted records left out."""
    return _query(
        ctx,
        "SELECT short_id FROM records WHERE short_id LIKE lower(?) || '%'"
        " AND restricted = 0 ORDER BY short_id LIMIT ?",
        incomplete,
    )


def parties(ctx: click.Context, param: Any, incomplete: str) -> list[CompletionItem]:
    """The States that joined, by the depositary's name and by alpha-3 code."""
    from ccc.domain.names import depositary_names

    typed = incomplete.casefold()
    found = sorted(
        value
        for code, name in depositary_names().items()
        for value in (name, code)
        if value.casefold().startswith(typed)
    )
    return [CompletionItem(value) for value in found[:LIMIT]]
