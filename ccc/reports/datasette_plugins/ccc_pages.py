"""A Datasette plugin that ccc serve loads (--plugins-dir): pages for people, in words.

- `/`: what the site is, the cases by last activity, the States, links to search and data.
- `/case/REFERENCE`: the case's title, a status sentence, its States (linked to their
  pages) and Articles, its timeline and its history as a list; the dossier as a page, and
  as a Word document (`/case/REFERENCE/dossier.docx`).
- `/state/CODE`: what `ccc party show` says of a State: its membership, its obligations
  counted by status (those not yet met listed), its seats on the Committee, its replies
  to letters with the days they took, its cases and its records.
- `/search?q=WORDS`: the records that hold every word, the most relevant first (or the
  newest first), a page of 20 at a time, each word found marked.
- `/records/years`: how many records each year holds, in the order of the years.

While it serves, a thread keeps the site as current as the log (`ccc serve --refresh`): it
looks at the log's head every few seconds and, when the log has moved (or the day has
changed: statuses count days), runs `ccc serve --build-only`, which updates the file in
place, in one transaction; the next page reads the new site.

Each page is one or two indexed queries on the site database (ccc.reports.site builds it),
rendered by the templates in ccc/reports/datasette_templates/, which Datasette escapes.
Datasette keeps its own table, JSON, CSV and SQL pages for the data.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from typing import Any

from datasette import hookimpl  # type: ignore[import-untyped]
from datasette.utils.asgi import (  # type: ignore[import-untyped]
    AsgiFileDownload,
    NotFound,
    Response,
)
from markupsafe import Markup, escape

from ccc.domain import kinds
from ccc.domain.convention import STATUS_WORDS


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


async def _site(datasette: Any) -> dict[str, Any]:
    """What every page's frame says of the site (restricted or not, the log it was built
    from, how many records it shows), from its meta table: a handful of rows, read on
    each page because `ccc serve` updates the site while it serves it."""
    rows = await _rows(datasette, "SELECT key, value FROM meta")
    meta = {r["key"]: r["value"] for r in rows}
    return {
        "database": _db(datasette).name,
        "restricted": meta.get("public") == "no",
        "position": meta.get("position", ""),
        "digest": meta.get("digest", ""),
        "built_on": meta.get("built_on", ""),
        "records": int(meta.get("records") or 0),
    }


@hookimpl  # type: ignore[untyped-decorator]
def extra_template_vars(datasette: Any) -> Any:
    async def inner() -> dict[str, Any]:
        return {"ccc_site": await _site(datasette)}

    return inner


def _articles(value: str) -> str:
    """["Article 1", "Article 8"] as "Articles 1, 8"."""
    numbers = [str(item).removeprefix("Article ") for item in json.loads(value or "[]")]
    if not numbers:
        return "none named"
    label = "Article" if len(numbers) == 1 else "Articles"
    return f"{label} {', '.join(numbers)}"


HOME_CASES = 50  # the home page lists the most recently active; the cases table has all


async def home(datasette: Any, request: Any) -> Response:
    cases = await _rows(
        datasette,
        "SELECT reference, title, status_sentence AS sentence, last_activity_in_words"
        f" FROM cases ORDER BY last_activity DESC, reference LIMIT {HOME_CASES}",
    )
    states = await _rows(
        datasette,
        "SELECT code, name, records FROM states WHERE records > 0 ORDER BY name",
    )
    all_cases = (await _rows(datasette, "SELECT count(*) AS n FROM cases"))[0]["n"]
    html = await datasette.render_template(
        "ccc_home.html",
        {
            "cases": cases,
            "case_count": all_cases,
            "states": states,
            "record_count": (await _site(datasette))["records"],
        },
        request=request,
    )
    return Response.html(html)


async def case_page(datasette: Any, request: Any) -> Response:
    reference = request.url_vars["reference"]
    case = await _one(datasette, "SELECT * FROM cases WHERE reference = ?", reference, "case")
    case["sentence"] = case["status_sentence"]  # in words, made with the site
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


# The site's obligation tables hold each status in words (ccc.domain.convention).
_MET = tuple(STATUS_WORDS[s] for s in ("met_on_time", "met_late", "met"))
_NOT_YET_MET = ", ".join("?" * (len(_MET) + 1))  # the met ones, and those not tracked


def _day(value: Any) -> str:
    """A date as the pages say it ("2 July 2025", "July 2023"): ccc's own words for it."""
    from ccc.domain.dates import in_words

    return in_words(str(value)) if value else ""


@hookimpl  # type: ignore[untyped-decorator]
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["day"] = _day
    env.filters["kind_words"] = kinds.in_words


async def dossier_word(datasette: Any, request: Any) -> Response:
    """The dossier as a Word document, laid out on request from its Markdown (a few tens
    of milliseconds; kept as Markdown, the site stays small)."""
    from ccc.reports.docx_paper import document

    reference = request.url_vars["reference"]
    sql = "SELECT markdown FROM dossiers WHERE [case] = ?"
    dossier = await _one(datasette, sql, reference, "case")
    return Response(
        document(dossier["markdown"], submitted=False),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"content-disposition": f'attachment; filename="{reference}.docx"'},
    )


async def state_page(datasette: Any, request: Any) -> Response:
    """A State's page: what `ccc party show` says, each part one indexed query on the
    site (the obligations counted by status; those not yet met, and the latest replies,
    a page's worth each, with links to every row)."""
    code = request.url_vars["code"].upper()
    state = await _one(datasette, "SELECT * FROM states WHERE code = ?", code, "State")
    cases = await _rows(
        datasette,
        "SELECT cases.reference, cases.title, cases.status FROM case_states JOIN cases"
        " ON cases.reference = case_states.[case] WHERE case_states.code = ?"
        " ORDER BY cases.last_activity DESC",
        [code],
    )
    counts = {
        row["status"]: row["n"]
        for row in await _rows(
            datasette,
            "SELECT status, count(*) AS n FROM state_obligations WHERE code = ? GROUP BY status",
            [code],
        )
    }
    unmet = await _rows(
        datasette,
        "SELECT article, obligation, due, status, days_out FROM state_obligations"
        f" WHERE code = ? AND status NOT IN ({_NOT_YET_MET}) ORDER BY due LIMIT 50",
        [code, *_MET, STATUS_WORDS["not_tracked"]],
    )
    seats = await _rows(
        datasette,
        "SELECT seats.period, seats.chair, records.id FROM seats LEFT JOIN records"
        " ON records.ref = seats.record WHERE seats.code = ? ORDER BY seats.period",
        [code],
    )
    replied = (
        await _rows(
            datasette,
            "SELECT count(*) AS n, avg(days) AS mean, avg(days_most) AS mean_most,"
            " max(days_most) AS most FROM replies"
            " WHERE code = ?",
            [code],
        )
    )[0]
    replies = await _rows(
        datasette,
        "SELECT replies.sent_in_words AS sent, replies.received_in_words AS received,"
        " replies.days, replies.days_most,"
        " letter.id AS letter_id,"
        " letter.summary AS letter_summary, reply.id AS reply_id FROM replies"
        " LEFT JOIN records AS letter ON letter.ref = replies.letter"
        " LEFT JOIN records AS reply ON reply.ref = replies.reply"
        " WHERE replies.code = ? ORDER BY replies.received DESC LIMIT 20",
        [code],
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
        {
            "state": state,
            "cases": cases,
            "counts": [
                (words, counts[words]) for words in STATUS_WORDS.values() if words in counts
            ],
            "known": sum(counts.values()),
            "met": sum(counts.get(words, 0) for words in _MET),
            "untracked": counts.get(STATUS_WORDS["not_tracked"], 0),
            "unmet": unmet,
            "seats": seats,
            "replied": replied,
            "replies": replies,
            "records": records,
        },
        request=request,
    )
    return Response.html(html)


def fts_query(typed: str) -> str:
    """What a person typed, as an FTS5 query in which every word must appear: each word,
    or each "quoted phrase", becomes a quoted string, so nothing typed is read as FTS5's
    own syntax (AND, NEAR, a column name, a stray quote); a word ending in * matches what
    begins with it ("Ukrain*"). Empty when nothing searchable was typed."""
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"?|(\S+)', typed):
        text = (phrase or word).replace('"', " ")
        prefix = bool(word) and text.endswith("*") and len(text.strip("* ")) > 0
        text = text.strip("* ") if prefix else text.strip()
        if re.search(r"\w", text):  # punctuation alone finds nothing and is not a term
            terms.append(f'"{text}"' + ("*" if prefix else ""))
    return " ".join(terms)


SEARCH_PAGE = 20
# Ranking scores every record found (bm25, about 1 µs each): at a million records a word
# in a third of them ("letter", 339,563) took 0.35 s. Beyond this many, where a word says
# little of any one record, the newest come first (0.09 s) and the page says why.
RANKED_AT_MOST = 100_000
# Down the index of days, keeping what the search found: 0.09 s at most on a million
# records, where sorting a third of them by day took 0.3 s (and their marked summaries,
# made before the sort, 0.9 s). A late page is read from the oldest end (ASC).
_BY_DAY = (
    "SELECT rowid FROM records INDEXED BY idx_records_day WHERE rowid IN"
    " (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)"
    " ORDER BY day {} LIMIT ? OFFSET ?"
)
_ORDERS = {  # how a search lists what it found: in words, and the page's rowids in order
    # FTS5 orders by bm25 itself, scoring each record found
    "relevance": (
        "the most relevant first",
        "SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
    ),
    "newest": ("the newest first", _BY_DAY.format("DESC")),
}


def _marked(text: str) -> Markup:
    """The summary with each word found in <mark>: FTS5 marks the words with two control
    characters (which no summary holds: the log refuses control characters in what an
    officer types), the rest is escaped, then the marks become tags."""
    safe = str(escape(text))
    return Markup(safe.replace("\x01", "<mark>").replace("\x04", "</mark>"))


async def search_page(datasette: Any, request: Any) -> Response:
    """The records that hold every word typed, a page of 20, with how many there are.

    Ranked by FTS5's bm25 (the words' weight in the summary, the parties and the cases),
    or the newest first. The count reads the search index alone; the page's records are
    found in order, then read with their words marked, 20 of them."""
    typed = (request.args.get("q") or "").strip()
    order = request.args.get("order") if request.args.get("order") in _ORDERS else "relevance"
    try:
        page = max(1, int(request.args.get("page") or 1))
    except ValueError:
        page = 1
    query = fts_query(typed)
    found: list[dict[str, Any]] = []
    count, pages, unranked = 0, 0, False
    if query:
        count = (
            await _rows(
                datasette,
                "SELECT count(*) AS n FROM records_fts WHERE records_fts MATCH ?",
                [query],
            )
        )[0]["n"]
        pages = -(-count // SEARCH_PAGE)
        page = min(page, max(1, pages))
        if count > RANKED_AT_MOST and order == "relevance":
            order, unranked = "newest", True
        # The page's records in order first, then those alone with their words marked.
        first = (page - 1) * SEARCH_PAGE
        if order == "newest" and first > count // 2:  # a late page: from the oldest end
            take = min(SEARCH_PAGE, count - first)
            sql = _BY_DAY.format("ASC")
            found_rows = await _rows(datasette, sql, [query, take, count - first - take])
            ordered = [row["rowid"] for row in reversed(found_rows)]
        else:
            found_rows = await _rows(datasette, _ORDERS[order][1], [query, SEARCH_PAGE, first])
            ordered = [row["rowid"] for row in found_rows]
        marks = ", ".join("?" * len(ordered))
        rows = await _rows(
            datasette,
            "SELECT records.rowid, records.id, records.[when], records.kind, records.parties,"
            " records.cases, records.status,"
            " highlight(records_fts, 0, char(1), char(4)) AS marked"
            " FROM records_fts JOIN records ON records.rowid = records_fts.rowid"
            f" WHERE records_fts MATCH ? AND records_fts.rowid IN ({marks})",
            [query, *ordered],
        )
        by_rowid = {row["rowid"]: row for row in rows}
        found = [by_rowid[rowid] for rowid in ordered if rowid in by_rowid]
        for row in found:
            row["marked"] = _marked(row["marked"] or "")
    html = await datasette.render_template(
        "ccc_search.html",
        {
            "typed": typed,
            "searched": bool(query),
            "order": order,
            "unranked": unranked,
            "ranked_at_most": RANKED_AT_MOST,
            "orders": {key: words for key, (words, _sql) in _ORDERS.items()},
            "found": found,
            "count": count,
            "page": page,
            "per_page": SEARCH_PAGE,
            "first": (page - 1) * SEARCH_PAGE + 1,
            "pages": pages,
        },
        request=request,
    )
    return Response.html(html)


async def years_page(datasette: Any, request: Any) -> Response:
    """How many records each year holds, the latest year first (the records table's own
    count by year puts the largest count first), each linked to its records."""
    years = await _rows(
        datasette,
        "SELECT year, count(*) AS n FROM records GROUP BY year ORDER BY year DESC",
    )
    html = await datasette.render_template("ccc_years.html", {"years": years}, request=request)
    return Response.html(html)


_PLAIN_SEARCH = {"_search", "_sort", "_sort_desc"}


@hookimpl  # type: ignore[untyped-decorator]
def asgi_wrapper(datasette: Any) -> Any:
    """A plain search of the records table as a page (`/DB/records?_search=WORDS`, as its
    search box and older links ask) goes to the search page: Datasette counts and sorts
    every record found, 1 s for a common word on a million records, where /search takes
    0.1 s. Its JSON and CSV, and a search with filters, stay Datasette's."""
    from urllib.parse import parse_qsl, urlencode

    def wrap(app: Any) -> Any:
        async def redirected(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http" and scope["path"].endswith("/records"):
                args = parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"))
                given = dict(args)
                if given.get("_search") and {k for k, _ in args} <= _PLAIN_SEARCH:
                    order = "newest" if given.get("_sort_desc") == "day" else "relevance"
                    where = "/search?" + urlencode({"q": given["_search"], "order": order})
                    headers = [[b"location", where.encode("utf-8")]]
                    await send({"type": "http.response.start", "status": 302, "headers": headers})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)

        return redirected

    return wrap


EXPORT = "CCC_SERVE_EXPORT"  # where `ccc serve` keeps the public export it links
_EXPORTING = threading.Lock()  # one export written at a time, whoever asks


def _exported(path: str, digest: str) -> None:
    """Have the public export of the log at `path` (and its manifest beside it), written
    by `ccc export --public` unless the one there ends at the running digest `digest`:
    written once per state of the log, whatever the number of downloads."""
    with _EXPORTING:
        try:
            with open(f"{path}.manifest.json", encoding="utf-8") as manifest:
                if json.load(manifest).get("final_digest") == digest:
                    return
        except (OSError, ValueError):
            pass
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        new = f"{path}.new"
        command = [sys.executable, "-m", "ccc", "export", "--public", new]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip() or "ccc export --public failed")
        os.replace(new, path)  # the lines first: the manifest says they are current
        os.replace(f"{new}.manifest.json", f"{path}.manifest.json")


async def export_file(datasette: Any, request: Any) -> Any:
    """The log's public export (`ccc export --public`) and its manifest, which verify what
    the site shows: its final digest is the log's running digest the pages name."""
    import asyncio

    path = os.environ.get(EXPORT)
    if not path:
        raise NotFound("This server keeps no export; `ccc export --public` writes one.")
    site = await _site(datasette)
    try:
        await asyncio.get_running_loop().run_in_executor(None, _exported, path, site["digest"])
    except RuntimeError as error:
        return Response.text(f"The export could not be written: {error}", status=503)
    if request.url_vars["file"] == "public.jsonl":
        return AsgiFileDownload(path, filename="public.jsonl", content_type="application/jsonl")
    return AsgiFileDownload(
        f"{path}.manifest.json", filename="public.jsonl.manifest.json",
        content_type="application/json",
    )  # fmt: skip


async def databases(datasette: Any, request: Any) -> Response:
    """Datasette's list of databases without where each file lies on the server: a
    public site says what it serves, not the server's folders."""
    listed = [
        {"name": db.name, "is_mutable": db.is_mutable, "size": db.size}
        for db in datasette.databases.values()
        if db.name != "_internal"
    ]
    return Response.json(listed)


# What `ccc serve` hands the server to keep its site current (see `startup`).
REFRESH = "CCC_SERVE_REFRESH"  # seconds between looks at the log
BUILD = "CCC_SERVE_BUILD"  # the command that brings the site up to the log, as JSON


@hookimpl  # type: ignore[untyped-decorator]
def startup(datasette: Any) -> None:
    if os.environ.get(REFRESH):
        command = json.loads(os.environ[BUILD])
        every = float(os.environ[REFRESH])
        path = _db(datasette).path
        keeper = threading.Thread(
            target=_keep_current, args=(path, command, every), name="ccc-site", daemon=True
        )
        keeper.start()


def _keep_current(path: str, command: list[str], every: float) -> None:
    """Run `command` (`ccc serve --build-only`) whenever the log's head or the day is not
    what the site at `path` was built from: the look costs a query of the log, the build
    a new process (a whole build takes many seconds of CPU, which the server's own
    threads should not share). Its sentence ("Updated the site ...", or why it could not)
    goes to the server's log, each new one once."""
    from ccc.domain.dates import today
    from ccc.store.where import locate

    store, said = None, ""
    while True:
        time.sleep(every)
        try:
            store = store or locate(None)  # CCC_STORE and CCC_VIEWS, as serve was given
            head, _log_id = store.head()
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as site:
                meta = dict(site.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("position") == str(head) and meta.get("built_on") == str(today()):
                continue
        except Exception:  # the build below says what is wrong, in words
            store = None
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        sentence = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        if sentence and sentence != said and not sentence.startswith("Using"):
            print(f"ccc: {sentence}", file=sys.stderr, flush=True)
        said = sentence


@hookimpl  # type: ignore[untyped-decorator]
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/databases(\.json)?$", databases),
        (r"^/-/export/(?P<file>public\.jsonl(\.manifest\.json)?)$", export_file),
        (r"^/$", home),
        (r"^/case/(?P<reference>[^/]+)/dossier$", dossier_page),
        (r"^/case/(?P<reference>[^/]+)/dossier\.docx$", dossier_word),
        (r"^/case/(?P<reference>[^/]+)$", case_page),
        (r"^/state/(?P<code>[A-Za-z]{3})$", state_page),
        (r"^/search$", search_page),
        (r"^/records/years$", years_page),
    ]
