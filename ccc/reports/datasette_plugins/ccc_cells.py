"""A Datasette plugin that ccc serve loads (--plugins-dir): cells for people. A case's
reference links its page and its `history` column its history; a dossier's HTML and
timeline (a page's worth each) are links to the pages that show them. Values are escaped."""

from typing import Any

from datasette import hookimpl  # type: ignore[import-untyped]
from markupsafe import Markup, escape


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(row: Any, value: Any, column: str, table: str | None) -> Markup | None:
    history = table == "cases" and column == "history" and isinstance(value, str)
    if history and value.startswith("/") and "?reference=" in value:
        return Markup(f'<a href="{escape(value)}">history</a>')
    if table == "cases" and column == "reference" and isinstance(value, str):
        return Markup(f'<a href="/case/{escape(value)}">{escape(value)}</a>')
    if table == "dossiers" and column in ("html", "timeline"):
        what = "the dossier" if column == "html" else "the case's page, with its timeline"
        target = "/dossier" if column == "html" else ""
        return Markup(f'<a href="/case/{escape(row["case"])}{target}">{what}</a>')
    return None
