"""A Datasette plugin that ccc serve loads (--plugins-dir): the `history` column of a case
as a link to its history, and a dossier as preformatted text. Values are escaped."""

from typing import Any

from datasette import hookimpl  # type: ignore[import-untyped]
from markupsafe import Markup, escape


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(value: Any, column: str, table: str | None) -> Markup | None:
    history = table == "cases" and column == "history" and isinstance(value, str)
    if history and value.startswith("/") and "?reference=" in value:
        return Markup(f'<a href="{escape(value)}">history</a>')
    if table == "dossiers" and column == "dossier" and isinstance(value, str):
        return Markup(f'<pre style="white-space: pre-wrap">{escape(value)}</pre>')
    return None
