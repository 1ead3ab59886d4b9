"""A Datasette plugin that ccc serve loads (--plugins-dir): pages for people, in words.

- `/`: what the site is, the cases by last activity, the States, links to search and data.
- `/case/REFERENCE`: the case's title, a status sentence, its States (linked to their
  pages) and Articles, its timeline and its history as a list; the dossier as a page.
- `/state/CODE`: a State's membership, open obligations, cases and records.

Each page is one or two indexed queries on the site database (ccc.reports.site builds it),
rendered by the templates in ccc/reports/datasette_templates/, which Datasette escapes.
Datasette keeps its own table, JSON, CSV and SQL pages for the data.
"""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl  # type: ignore[import-untyped]
from datasette.utils.asgi import NotFound, Response  # type: ignore[import-untyped]


def _db(datasette: Any) -> Any:
    return datasette.get_database()


async def _rows(datasette: Any, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    result = await _db(datasette).execute(sql, params)
    return [dict(row) for row in result.rows]


async def _one(datasette: Any, sql: str, key: str, what: str) -> dict[str, Any]:
    """The one row `sql` finds for `key`, or the site's 404 page naming what is missing."""
    found = await _rows(datasette, sql, [key])
    if not found:
        raise NotFound(f"No {what} {key} on this site.")
    return found[0]


_SITES: dict[int, dict[str, Any]] = {}  # per Datasette: its file is served immutable


async def _site(datasette: Any) -> dict[str, Any]:
    """What every page's frame says of the site (restricted or not, the log it was built
    from): read from its meta table once, not on every page."""
    if id(datasette) not in _SITES:
        rows = await _rows(datasette, "SELECT key, value FROM meta")
        meta = {r["key"]: r["value"] for r in rows}
        _SITES[id(datasette)] = {
            "database": _db(datasette).name,
            "restricted": meta.get("public") == "no",
            "position": meta.get("position", ""),
            "digest": meta.get("digest", ""),
            "built_on": meta.get("built_on", ""),
        }
    return _SITES[id(datasette)]


@hookimpl  # type: ignore[untyped-decorator]
def extra_template_vars(datasette: Any) -> Any:
    async def inner() -> dict[str, Any]:
        return {"ccc_site": await _site(datasette)}

    return inner


def _status_sentence(case: dict[str, Any]) -> str:
    """The case's status in one sentence, from its row."""
    status = str(case["status"])
    sentence = status[:1].upper() + status[1:]
    if case["awaiting_reply"]:
        sentence += f"; awaiting a reply from {case['awaiting_reply']}"
    sentence += "."
    withheld = int(case["restricted_records"] or 0)
    if withheld:
        sentence += f" {withheld} restricted record{'s' if withheld != 1 else ''} withheld."
    return sentence


def _articles(value: str) -> str:
    """["Article 1", "Article 8"] as "Articles 1, 8"."""
    numbers = [str(item).removeprefix("Article ") for item in json.loads(value or "[]")]
    if not numbers:
        return "none named"
    label = "Article" if len(numbers) == 1 else "Articles"
    return f"{label} {', '.join(numbers)}"


async def home(datasette: Any, request: Any) -> Response:
    cases = await _rows(
        datasette,
        "SELECT reference, title, status, last_activity, awaiting_reply, restricted_records"
        " FROM cases ORDER BY last_activity DESC, reference",
    )
    for case in cases:
        case["sentence"] = _status_sentence(case)
    states = await _rows(
        datasette,
        "SELECT code, name, records FROM states WHERE records > 0 ORDER BY name",
    )
    counts = (await _rows(datasette, "SELECT count(*) AS n FROM records"))[0]["n"]
    html = await datasette.render_template(
        "ccc_home.html",
        {"cases": cases, "states": states, "record_count": counts},
        request=request,
    )
    return Response.html(html)


async def case_page(datasette: Any, request: Any) -> Response:
    reference = request.url_vars["reference"]
    case = await _one(datasette, "SELECT * FROM cases WHERE reference = ?", reference, "case")
    case["sentence"] = _status_sentence(case)
    case["articles_in_words"] = _articles(case["articles"])
    states = await _rows(
        datasette, "SELECT code, name FROM case_states WHERE [case] = ? ORDER BY name", [reference]
    )
    history = await _rows(
        datasette,
        "SELECT records.id, records.ref, records.[when], records.kind, records.summary,"
        " records.status, records.source FROM record_cases JOIN records"
        " ON records.id = record_cases.record WHERE record_cases.[case] = ?"
        " ORDER BY record_cases.day, records.position",
        [reference],
    )
    dossier = await _rows(datasette, "SELECT timeline FROM dossiers WHERE [case] = ?", [reference])
    html = await datasette.render_template(
        "ccc_case.html",
        {
            "case": case,
            "states": states,
            "history": history,
            # drawn by ccc (svg_timeline), every text in it escaped when it was drawn
            "timeline": dossier[0]["timeline"] if dossier else "",
        },
        request=request,
    )
    return Response.html(html)


async def dossier_page(datasette: Any, request: Any) -> Response:
    reference = request.url_vars["reference"]
    sql = "SELECT html FROM dossiers WHERE [case] = ?"
    dossier = await _one(datasette, sql, reference, "case")
    return Response.html(dossier["html"])  # rendered by ccc with autoescape on


async def state_page(datasette: Any, request: Any) -> Response:
    code = request.url_vars["code"].upper()
    state = await _one(datasette, "SELECT * FROM states WHERE code = ?", code, "State")
    cases = await _rows(
        datasette,
        "SELECT cases.reference, cases.title, cases.status FROM case_states JOIN cases"
        " ON cases.reference = case_states.[case] WHERE case_states.code = ?"
        " ORDER BY cases.last_activity DESC",
        [code],
    )
    obligations = await _rows(
        datasette,
        "SELECT article, obligation, due, status, days FROM deadlines WHERE state = ? ORDER BY due",
        [state["name"]],
    )
    records = await _rows(
        datasette,
        "SELECT records.id, records.ref, records.[when], records.kind, records.summary"
        " FROM records_fts JOIN records ON records.rowid = records_fts.rowid"
        " WHERE records_fts MATCH ? ORDER BY records.day DESC LIMIT 50",
        [f"parties : {json.dumps(state['name'])}"],
    )
    html = await datasette.render_template(
        "ccc_state.html",
        {"state": state, "cases": cases, "obligations": obligations, "records": records},
        request=request,
    )
    return Response.html(html)


async def databases(datasette: Any, request: Any) -> Response:
    """Datasette's list of databases without where each file lies on the server: a
    public site says what it serves, not the server's folders."""
    listed = [
        {"name": db.name, "is_mutable": db.is_mutable, "size": db.size}
        for db in datasette.databases.values()
        if db.name != "_internal"
    ]
    return Response.json(listed)


@hookimpl  # type: ignore[untyped-decorator]
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/databases(\.json)?$", databases),
        (r"^/$", home),
        (r"^/case/(?P<reference>[^/]+)/dossier$", dossier_page),
        (r"^/case/(?P<reference>[^/]+)$", case_page),
        (r"^/state/(?P<code>[A-Za-z]{3})$", state_page),
    ]
