"""The web view's database (`ccc serve`): the views rewritten for people, for Datasette.

`views.db` is built for queries: JSON columns, alpha-3 codes, every record, restricted or
not. The site database holds what a reader should see: one row per record and per case,
States by name, dates as days and years for facets, a full-text index on summaries, the
records of each case linked to it (so a case's page lists its history), each case's
dossier, the treaty deadlines. The public site leaves every restricted record out, and
every reply to a restricted letter (its sender would say whom the letter went to); the
`withheld` table counts what was left out, by kind and year. Restricted cases are left out
whole. `--restricted` builds a second file with everything.

The file is rebuilt when the log has moved since it was built, and written beside the
views: it is as disposable as they are.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain.convention import status_in_words
from ccc.domain.dates import count_of_days
from ccc.domain.disclosure import RESTRICTED, concealed
from ccc.projections.board import board, log_head
from ccc.projections.clocks import as_they_stood
from ccc.projections.codec import RECORD_COLUMNS
from ccc.projections.trail import Withheld
from ccc.reports import words

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow

PLUGINS = os.path.join(os.path.dirname(__file__), "datasette_plugins")  # cell rendering
SITE_VERSION = "13"  # bump when what the site's rows say changes: the file is then rebuilt
TEMPLATES = os.path.join(os.path.dirname(__file__), "datasette_templates")  # the pages


_PICTURE = re.compile(r"!\[[^\]]*\]\(data:[^)]*\)")  # a picture inside Markdown
_TO_CASE = ("case", "cases", "reference")
_TO_RECORD = ("record", "records", "id")
# The site's tables: columns, primary key, foreign keys (Datasette links rows by them).
TABLES: dict[str, tuple[dict[str, type], Any, list[tuple[str, str, str]]]] = {
    "records": (
        {
            "id": str, "ref": str, "day": str, "year": int, "occurred": str, "when": str,
            "kind": str,
            "summary": str, "parties": str, "states": str, "articles": str, "cases": str,
            "status": str, "restricted": str, "recorded_at": str, "recorded_by": str,
            "source": str, "position": int,
        },
        "id",
        [],
    ),
    "cases": (
        {
            "reference": str, "title": str, "states": str, "articles": str, "status": str,
            "origin": str, "last_activity": str, "awaiting_reply": str, "records": int,
            "restricted_records": int, "history": str, "status_sentence": str,
            "last_activity_in_words": str,
        },
        "reference",
        [],
    ),
    "record_cases": (
        {"record": str, "case": str, "day": str}, ("case", "record"), [_TO_RECORD, _TO_CASE]
    ),
    "dossiers": (
        {"case": str, "html": str, "timeline": str, "markdown": str}, "case", [_TO_CASE]
    ),
    # a case's States, for the links from its page to theirs
    "case_states": ({"case": str, "code": str, "name": str}, ("case", "code"), [_TO_CASE]),
    # a page per State: its membership as the register holds it, and what the log holds
    "states": (
        {"code": str, "name": str, "standing": str, "signed": str, "instrument": str,
         "deposited": str, "in_force": str, "withdrawal_received": str,
         "withdrawal_effective": str, "records": int},
        "code",
        [],
    ),
    # what a State's page says beyond its membership (obligations.party_dossier, as
    # `ccc party show` says it): every obligation with its status, its seats on the
    # Committee, and each reply to a letter with the days it took
    "state_obligations": (
        {"code": str, "article": str, "obligation": str, "due": str, "status": str,
         "met_by": str, "met_on": str, "days_out": int},
        None,
        [],
    ),
    "seats": ({"code": str, "period": str, "chair": str, "record": str}, None, []),
    "replies": (
        {"code": str, "letter": str, "sent": str, "reply": str, "received": str, "days": int,
         "days_most": int, "sent_in_words": str, "received_in_words": str},
        None,
        [],
    ),
    "amendments": (
        {"id": str, "record": str, "kind": str, "reason": str, "recorded_at": str,
         "recorded_by": str},
        "id",
        [_TO_RECORD],
    ),
    "deadlines": (
        {"state": str, "article": str, "obligation": str, "due": str, "status": str,
         "days": int},
        ("state", "article", "obligation", "due"),
        [],
    ),
    "withheld": ({"kind": str, "year": int, "records": int}, ("kind", "year"), []),
}  # fmt: skip


# The lists people ask for: view -> (title, description, SQL, in its order: Datasette
# pages through a view in the order its SQL gives).
VIEWS: dict[str, tuple[str, str, str]] = {
    "awaiting_reply": (
        "Cases awaiting a reply",
        "The cases awaiting a reply to a letter of the Committee, and from whom.",
        "SELECT reference, title, awaiting_reply, last_activity FROM cases "
        "WHERE status = 'awaiting reply' ORDER BY last_activity",
    ),
    "overdue_obligations": (
        "Overdue obligations",
        "Treaty obligations past their deadline, as `ccc deadlines --overdue` lists them: "
        "only what the log tracks.",
        "SELECT state, article, obligation, due, days FROM deadlines"
        f" WHERE status = '{status_in_words('overdue')}' ORDER BY due, state",
    ),
    "case_history": (
        "A case's history",
        "The records of one case in order of occurrence: add ?reference=REFERENCE.",
        'SELECT record_cases."case" AS reference, records.day, records."when", records.kind, '
        "records.summary, records.status, records.id FROM record_cases "
        'JOIN records ON records.id = record_cases.record ORDER BY record_cases."case", '
        "records.day, records.position",
    ),
    "changes": (
        "What was recorded or changed",
        "Every record and every correction or retraction by the time it was recorded: add "
        "?recorded_at__gte=2025-09-01 for what changed since a day, and "
        "&recorded_at__lt=2025-10-01 for a period.",
        "SELECT recorded_at, 'recorded' AS change, id AS record, summary AS what "
        "FROM records UNION ALL SELECT recorded_at, kind, record, reason FROM amendments "
        "ORDER BY recorded_at",
    ),
}


def _shape() -> str:
    """The site's tables and columns, as a short digest: a site built with other columns
    is rebuilt, never updated (an update would write columns its tables lack)."""
    import hashlib

    tables = sorted((name, sorted(columns)) for name, (columns, _pk, _fk) in TABLES.items())
    return hashlib.sha256(repr(tables).encode()).hexdigest()[:8]


def site_path(views_db: str, restricted: bool) -> str:
    folder = os.path.dirname(views_db)
    return os.path.join(folder, "site-restricted.db" if restricted else "site-public.db")


def _names(labels: list[str]) -> str:
    return "; ".join(words.state(label) for label in labels)


def _state_codes(labels: list[str]) -> list[str]:
    """The labels among a record's parties that name a State (a group's or an
    organisation's label is its own name)."""
    return [label for label in labels if words.state(label) != label]


def _states(labels: list[str]) -> list[str]:
    """The States among a record's parties, by name."""
    return [words.state(code) for code in _state_codes(labels)]


def _stamp(connection: sqlite3.Connection, today: date) -> dict[str, str]:
    """What a site is built from, as its meta table keeps it: the site's version, the log's
    position and running digest, and the day (statuses count days). The pages show the
    last three."""
    position, digest = log_head(connection)
    return {
        "version": f"{SITE_VERSION}-{_shape()}",
        "position": str(position),
        "digest": digest,
        "built_on": today.isoformat(),
    }


def is_current(connection: sqlite3.Connection, path: str, today: date) -> bool:
    """Whether the site database at `path` was built from the log as it now stands."""
    return _built_from(_built_at(path), _stamp(connection, today))


def _built_from(meta: dict[str, str] | None, stamp: dict[str, str]) -> bool:
    return meta is not None and all(meta.get(key) == value for key, value in stamp.items())


def build(connection: sqlite3.Connection, path: str, *, restricted: bool, today: date) -> str:
    """Bring the site database at `path` up to the log: "current" (it was built from the
    log as it now stands), "updated" (only new records to add, in place: see `_updated`)
    or "built" (made whole). The file is changed in place, each change one transaction in
    WAL mode, so that a server reading it (`ccc serve` keeps it current while it runs)
    sees the old site or the new, never a mix. Readable by its owner only, like the
    store: the restricted site holds every restricted record."""
    stamp, meta = _stamp(connection, today), _built_at(path)
    if _built_from(meta, stamp):
        os.chmod(path, 0o600)  # a site built by an earlier ccc may be readable by others
        return "current"
    public = not restricted
    if _updated(connection, path, meta, stamp, public, today):
        return "updated"
    partial = f"{path}.partial"
    try:
        # Made empty and private first: SQLite keeps the mode of the file it opens,
        # and gives its journal the same.
        with suppress(FileNotFoundError):
            os.remove(partial)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        _fill(connection, partial, _db_name(path), stamp, public, today)
        _install(partial, path)
    finally:  # a failed build leaves no partial file behind
        with suppress(OSError):
            os.remove(partial)
    return "built"


def _install(partial: str, path: str) -> None:
    """The whole site built at `partial` takes the place of the one at `path`: copied into
    it in one transaction (SQLite's backup), so that a server reading it sees the new site
    on its next query; a file replaced under it would be read as it was, for ever."""
    if not os.path.exists(path):
        for stale in (f"{path}-wal", f"{path}-shm"):  # of a site removed by hand: SQLite
            with suppress(FileNotFoundError):  # would replay its pages onto the new one
                os.remove(stale)
        os.replace(partial, path)
        return
    os.chmod(path, 0o600)
    with closing(sqlite3.connect(partial)) as source, closing(sqlite3.connect(path)) as site:
        source.backup(site)
        site.execute("PRAGMA journal_mode = WAL")  # kept, whatever the copy's header said


def _built_at(path: str) -> dict[str, str] | None:
    """The meta table of the site at `path`, or None when there is none to read."""
    if not os.path.isfile(path):
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as old:
            return dict(old.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return None


def _updated(
    connection: sqlite3.Connection,
    path: str,
    meta: dict[str, str] | None,
    stamp: dict[str, str],
    public: bool,
    today: date,
) -> bool:
    """Bring the site at `path` (its meta table: `meta`) up to the log in place, in one
    transaction, when all the log added since it was built are records that change
    nothing already on it: no correction or retraction, nothing restricted, no party that
    any restricted record involves (its records' disclosure could change), the same day
    (statuses count days). True when done; False, writing nothing, when a whole build is
    needed. The work is the new records' and their cases': a new record reaches the site
    in well under a second, where the whole build takes about 20 s at 100,000 records."""
    from ccc.projections.codec import decode_records
    from ccc.projections.obligations import DEADLINE_INPUT

    if (
        not meta
        or meta.get("public") != ("yes" if public else "no")
        or any(meta.get(key) != stamp[key] for key in ("version", "built_on"))
    ):
        return False
    since = int(meta.get("position") or -1)
    chained = connection.execute("SELECT running FROM chain WHERE position = ?", (since,))
    if (chained.fetchone() or [None])[0] != meta.get("digest"):  # another log since
        return False
    if connection.execute("SELECT 1 FROM amendments WHERE position > ?", (since,)).fetchone():
        return False
    rows = connection.execute(
        f"SELECT {RECORD_COLUMNS} FROM records WHERE position > ? ORDER BY position", (since,)
    )
    names = [column[0] for column in rows.description]
    new = decode_records([dict(zip(names, row, strict=True)) for row in rows])
    exposed = {
        party
        for (party,) in connection.execute("SELECT party FROM party_exposure WHERE restricted > 0")
    }
    secrets = Withheld(connection).read(new) if public else None
    for record in new:
        if record["restricted"] or concealed(record, public, secrets):
            return False
        in_restricted_case = bool(secrets and secrets.cases & set(record["cases"]))
        if public and (exposed & set(record["parties"]) or in_restricted_case):
            return False
    database = _db_name(path)
    touched = sorted({ref for r in new for ref in r["cases"]})
    cases = {  # each case the new records are filed in, made again
        reference: _case_pages(
            connection, board(connection, today=today, public=public, reference=reference),
            database, today, public,
        )
        for reference in touched
    }  # fmt: skip
    named = {code for record in new for code in _state_codes(record["parties"])}
    new_refs = {r["short_id"] for r in new}
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as before:
        # A register record naming no State (what the log tracks, from when) moves every
        # State's obligations: each State's facts are made again, not only the named ones.
        if any(r["kind"] in DEADLINE_INPUT and not _state_codes(r["parties"]) for r in new):
            named.update(code for (code,) in before.execute("SELECT code FROM states"))

        def on_site(ref: str) -> bool:  # one indexed look-up a seat, not every id read
            return ref in new_refs or _shows(before, "ref", ref)

        facts = _state_facts(connection, sorted(named), today, public, on_site)
    moves_deadlines = any(record["kind"] in DEADLINE_INPUT for record in new)
    deadlines = _deadlines(connection, today, public) if moves_deadlines else None
    site = sqlite3.connect(path, isolation_level=None)  # transactions as written below
    try:
        site.execute("PRAGMA busy_timeout = 10000")  # a checkpoint by a reader: wait
        site.execute("BEGIN IMMEDIATE")
        _insert(site, "records", [_record_row(r, r["cases"], public) for r in new])
        site.execute(  # the search index, for the new rows only
            "INSERT INTO records_fts (rowid, summary, parties, cases) SELECT rowid, summary, "
            "parties, cases FROM records WHERE position > ?",
            (since,),
        )
        _insert(
            site,
            "record_cases",
            [
                {"record": r["id"], "case": ref, "day": r["sort_day"]}
                for r in new
                for ref in r["cases"]
            ],
        )
        for reference, (case_rows, dossiers, case_states) in cases.items():
            for table, column in (
                ("cases", "reference"),
                ("dossiers", "case"),
                ("case_states", "case"),
            ):
                site.execute(f"DELETE FROM {table} WHERE [{column}] = ?", (reference,))
            _insert(site, "cases", case_rows)
            _insert(site, "dossiers", dossiers)
            _insert(site, "case_states", case_states)
        # how many shown records involve each State: as the site counted, with the new ones
        involved = Counter(dict(site.execute("SELECT code, records FROM states").fetchall()))
        for record in new:
            involved.update(_state_codes(record["parties"]))
        site.execute("DELETE FROM states")
        _insert(site, "states", _state_rows(connection, today, involved))
        for table, state_rows in facts.items():  # the States the new records name, anew
            site.executemany(f"DELETE FROM {table} WHERE code = ?", [(c,) for c in named])
            _insert(site, table, state_rows)
        if deadlines is not None:  # else they stand as built
            site.execute("DELETE FROM deadlines")
            _insert(site, "deadlines", deadlines)
        shown = int(meta["records"]) + len(new)  # the site's count, and what it adds
        for key, value in {**stamp, "records": str(shown)}.items():
            site.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        site.execute("COMMIT")
    except BaseException:
        if site.in_transaction:
            site.execute("ROLLBACK")
        raise
    finally:
        site.close()
    return True


def _insert(site: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Rows into a table of the site, inside the caller's transaction (sqlite-utils'
    insert_all commits as it goes, and an update must be one transaction)."""
    if rows:
        columns = list(rows[0])
        site.executemany(
            f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [tuple(row[c] for c in columns) for row in rows],
        )


def _writing(partial: str) -> Any:
    """sqlite-utils on the site file being made at `partial`, which takes the site's place
    only when complete (`_install`): no journal and no waiting for the disk
    between chunks (they took 30 of the 78 s at 100,000 records); a crash leaves a
    .partial that the next build removes."""
    import sqlite_utils

    db = sqlite_utils.Database(partial)
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    return db


def _written(db: Any, partial: str) -> None:
    """Commit the file being made, in WAL mode (a server reads it while it is updated),
    and have it on disk before it takes the site's place."""
    db.conn.commit()
    db.conn.execute("PRAGMA journal_mode = WAL")
    with open(partial, "rb+") as written:
        os.fsync(written.fileno())
    db.close()


PAGE = 5_000  # records decoded at a time by a whole build


def _fill(
    connection: sqlite3.Connection,
    partial: str,
    database: str,
    stamp: dict[str, str],
    public: bool,
    today: date,
) -> None:
    """Write every table of the site into the empty file `partial`, from the views (its
    pages link one another under the name Datasette will serve it by, `database`).

    Written as it is read, a case, a State or a page of records at a time: held whole,
    the site of a million records took 5.7 GB to build."""
    db = _writing(partial)
    # Every table made first, with its columns, so that an empty one (a log with no case
    # yet) still answers its pages and lists; then the rows.
    for name, (columns, pk, foreign) in TABLES.items():
        if public:  # officers' login names are the secretariat's, not the public's
            columns = {k: v for k, v in columns.items() if k != "recorded_by"}
        db.table(name).create(columns, pk=pk, foreign_keys=foreign)
    site = db.conn
    on_site: set[str] = set()  # the cases shown
    for case in board(connection, today=today, public=public):
        case_rows, dossiers, case_states = _case_pages(connection, [case], database, today, public)
        on_site.update(row["reference"] for row in case_rows)
        _insert(site, "cases", case_rows)
        _insert(site, "dossiers", dossiers)  # a large case's is megabytes: one at a time
        _insert(site, "case_states", case_states)
    secrets = Withheld(connection) if public else None
    withheld: Counter[tuple[str, int]] = Counter()
    involved: Counter[str] = Counter()  # shown records by State (code)
    shown = 0
    for page in _record_pages(connection):
        if secrets is not None:
            secrets.read(page)  # the restricted letters this page's replies answer
        rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        for record in page:
            year = int((record["sort_day"] or "0000")[:4])
            if concealed(record, public, secrets):
                withheld[(record["kind"], year)] += 1
                continue
            filed = secrets.open_cases(record["cases"]) if secrets else record["cases"]
            rows.append(_record_row(record, filed, public))
            involved.update(_state_codes(record["parties"]))
            links.extend(
                {"record": record["id"], "case": reference, "day": record["sort_day"]}
                for reference in filed
                if reference in on_site
            )
        _insert(site, "records", rows)
        _insert(site, "record_cases", links)
        shown += len(rows)
    # The site's own records answer which record is shown (by id, by ref: indexed first).
    db.table("records").create_index(["ref"])
    _insert(site, "amendments", list(_amendments(connection, site, public)))
    states = _state_rows(connection, today, involved)
    _insert(site, "states", states)

    for state in states:  # a busy State's replies are thousands of rows: one at a time
        facts = _state_facts(
            connection, [state["code"]], today, public, lambda ref: _shows(site, "ref", ref)
        )
        for table, rows in facts.items():
            _insert(site, table, rows)
    _insert(site, "deadlines", _deadlines(connection, today, public))
    _insert(
        site,
        "withheld",
        [{"kind": k, "year": y, "records": n} for (k, y), n in sorted(withheld.items())],
    )
    # A facet's value, then the day: a list filtered by kind, year or status comes newest
    # first by reading the index, not by sorting every row it holds (1.6 s for the
    # letters of a million records); each also counts its facet.
    db.table("records").create_index(["day"])
    for column in ("kind", "year", "status"):
        db.table("records").create_index([column, "day"])
    db.table("record_cases").create_index(["record"])
    db.table("record_cases").create_index(["case", "day"])
    db.table("records").create_index(["recorded_at"])
    db.table("amendments").create_index(["recorded_at"])
    db.table("case_states").create_index(["code"])
    db.table("cases").create_index(["last_activity"])
    db.table("state_obligations").create_index(["code", "due"])
    db.table("seats").create_index(["code"])
    db.table("replies").create_index(["code", "received"])
    for view, (_title, _about, sql) in VIEWS.items():
        db.create_view(view, sql)
    db.table("records").enable_fts(["summary", "parties", "cases"], create_triggers=False)
    # how many records it shows: the home page says so without counting them each time
    meta = {**stamp, "public": "yes" if public else "no", "records": str(shown)}
    db.table("meta").insert_all([{"key": k, "value": v} for k, v in meta.items()], pk="key")
    _written(db, partial)


def _shows(site: sqlite3.Connection, column: str, value: str) -> bool:
    """Whether the site holds the record whose `column` (id or ref, both indexed) is
    `value`: one look-up, not a set of every record shown."""
    found = site.execute(f"SELECT 1 FROM records WHERE [{column}] = ?", (value,)).fetchone()
    return found is not None


def _record_pages(connection: sqlite3.Connection) -> Iterator[list[RecordRow]]:
    """Every record as it now stands, in order of occurrence then of recording (the
    views' index), PAGE at a time."""
    rows = connection.execute(f"SELECT {RECORD_COLUMNS} FROM records ORDER BY sort_day, position")
    names = [column[0] for column in rows.description]
    while page := rows.fetchmany(PAGE):
        yield as_they_stood(connection, [dict(zip(names, row, strict=True)) for row in page], None)


def _record_row(record: RecordRow, filed: list[str], public: bool) -> dict[str, Any]:
    """A record as the site shows it (`filed`: the cases of its shown on the site); who
    recorded it only on the restricted site (officers' login names are the
    secretariat's, not the public's)."""
    details = record["details"]
    articles = sorted(set(details.get("articles") or []))
    return {
        # Keyed by the full id: two of 100,000 records share their first 8 digits.
        "id": record["id"],
        "ref": record["short_id"],  # what people type
        "day": record["sort_day"],
        "year": int((record["sort_day"] or "0000")[:4]),
        "occurred": record["occurred"],
        "when": words.span(record["earliest"], record["latest"], record["occurred"]),
        "kind": record["kind"],
        "summary": record["summary"],
        "parties": _names(record["parties"]),
        "states": json.dumps(_states(record["parties"]), ensure_ascii=False),
        # in words, as the facet shows them and its filter compares them (numbers stored
        # in JSON were compared as text: the facet led to empty tables)
        "articles": json.dumps([f"Article {a}" for a in articles]),
        "cases": "; ".join(filed),
        "status": "retracted"
        if record["retracted"]
        else "corrected"
        if record.get("amended_by")
        else "as recorded",
        "restricted": "yes" if record["restricted"] else "",
        "recorded_at": record["recorded_at"],
        **({} if public else {"recorded_by": record["recorded_by"]}),
        "source": record["source"] or "",
        "position": record["position"],
    }


def _case_pages(
    connection: sqlite3.Connection,
    rows: list[dict[str, Any]],
    database: str,
    today: date,
    public: bool,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The cases' rows, dossiers and States for the site, from their board rows."""
    case_rows: list[dict[str, Any]] = []
    dossiers: list[dict[str, Any]] = []
    case_states: list[dict[str, Any]] = []
    for row in rows:
        if row["reference"] == RESTRICTED:
            continue
        case_rows.append(
            {
                "reference": row["reference"],
                "title": row["title"],
                "states": json.dumps([words.state(s) for s in row["states"]], ensure_ascii=False),
                "articles": json.dumps([f"Article {a}" for a in row["articles"]]),
                "status": row["status"],
                "origin": row["origin"],
                "last_activity": row["last_activity"],
                "awaiting_reply": "; ".join(
                    f"{words.state(a['party'])} ({count_of_days(a['days'])})"
                    for a in row["awaiting_reply"]
                ),
                "records": row["records"],
                "restricted_records": row["restricted_records"],
                "history": f"/{database}/case_history?reference={row['reference']}",
                "status_sentence": _status_sentence(row, today),
                "last_activity_in_words": _in_words(row["last_activity"]),
            }
        )
        dossiers.append({"case": row["reference"], **_dossier(connection, row, today, public)})
        case_states.extend(
            {"case": row["reference"], "code": code, "name": words.state(code)}
            for code in row["states"]
        )
    return case_rows, dossiers, case_states


def _in_words(edtf: str | None) -> str:
    """A date as the pages say it ("on or before 4 June 2025"), or "not recorded"."""
    from ccc.domain.dates import in_words

    return in_words(edtf) if edtf else "not recorded"


def _status_sentence(row: dict[str, Any], today: date) -> str:
    """A case's status in words, as its page and the home page say it: "Awaiting a reply
    from Ukraine to the letter of 2 July 2025, requested by 1 August 2025: 124 days
    overdue." (overdue only past the day the letter asked for), else its status ("In
    dialogue."); then how many restricted records are withheld."""
    from ccc.domain.dates import in_words

    status = str(row["status"])
    sentences = [status[:1].upper() + status[1:] + "."]
    waits = []
    for wait in row["awaiting_reply"]:
        said = (
            f"a reply from {words.state(wait['party'])} to the letter of {in_words(wait['sent'])}"
        )
        requested = wait.get("reply_requested_by")
        if requested:
            said += f", requested by {in_words(requested)}"
            late = (today - date.fromisoformat(requested)).days
            if late > 0:
                said += f": {late:,} day{'s' if late != 1 else ''} overdue"
        waits.append(said)
    if waits:
        sentences = [f"Awaiting {'; and '.join(waits)}."]
    withheld = int(row["restricted_records"] or 0)
    if withheld:
        sentences.append(f"{withheld} restricted record{'s' if withheld != 1 else ''} withheld.")
    return " ".join(sentences)


def _db_name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _amendments(
    connection: sqlite3.Connection, site: sqlite3.Connection, public: bool
) -> Iterator[dict[str, Any]]:
    """Corrections and retractions of the records the site shows (`site`: its records
    table; a restricted record's are not), who recorded them only on the restricted
    site."""
    for amendment_id, target, kind, reason, recorded_at, recorded_by in connection.execute(
        "SELECT id, target, kind, reason, recorded_at, recorded_by FROM amendments"
        " ORDER BY position"
    ):
        if not _shows(site, "id", target):
            continue
        yield {
            "id": amendment_id,
            "record": target,
            "kind": kind,
            "reason": reason,
            "recorded_at": recorded_at,
            **({} if public else {"recorded_by": recorded_by}),
        }


def _deadlines(connection: sqlite3.Connection, on: date, public: bool) -> list[dict[str, Any]]:
    """The treaty obligations with a clock still open on the day, as `ccc deadlines`
    lists them (only those the log tracks can be overdue)."""
    from ccc.projections.obligations import deadlines

    rows, _untracked = deadlines(connection, on, None, public=public)
    return [
        {
            "state": words.state(row["party"]),
            "article": row["article"],
            "obligation": row["obligation"],
            "due": row["due"],
            "status": status_in_words(row["status"]),
            "days": row["days"],
        }
        for row in rows
    ]


def _dossier(
    connection: sqlite3.Connection, row: dict[str, Any], on: date, public: bool
) -> dict[str, str]:
    """The case's dossier (`ccc report case`) as the HTML page the case page links, and
    its timeline (SVG, drawn by ccc from the records, every text escaped) for the case
    page itself."""
    from ccc.reports import dossier
    from ccc.reports.templating import render

    context = dossier.dossier(connection, row["reference"], on, public=public)
    context["position"], context["digest"] = log_head(connection)
    return {
        "html": render("case.html.j2", context),
        "timeline": context["svg"],
        # for the Word download (docx_paper lays it out on request): its picture of the
        # timeline is on the page and in the HTML, not kept twice
        "markdown": _PICTURE.sub("![Timeline](timeline)", render("case.md.j2", context)),
    }


def _state_rows(
    connection: sqlite3.Connection, on: date, involved: Counter[str]
) -> list[dict[str, Any]]:
    """A row per State the register or the shown records name (`involved`: how many shown
    records involve each State, by code): its membership in words."""
    from ccc.projections.obligations import members

    register = {m["state"]: m for m in members(connection, on, None)["states"]}
    rows = []
    for code in sorted(set(register) | set(involved)):
        m = register.get(code, {})
        rows.append(
            {
                "code": code,
                "name": words.state(code),
                "standing": m.get("standing") or "no register record",
                "signed": m.get("signed") or "",
                "instrument": m.get("instrument") or "",
                "deposited": m.get("deposited") or "",
                "in_force": m.get("entry_into_force") or "",
                "withdrawal_received": m.get("withdrawal_received") or "",
                "withdrawal_effective": m.get("withdrawal_effective") or "",
                "records": involved[code],
            }
        )
    return rows


def _state_facts(
    connection: sqlite3.Connection,
    codes: list[str],
    on: date,
    public: bool,
    shown: Callable[[str], bool],
) -> dict[str, list[dict[str, Any]]]:
    """The rows of `state_obligations`, `seats` and `replies` for the States `codes`, from
    what `ccc party show` says of each (about 0.2 s for a State with 1,000 letters);
    `shown`: whether the site shows the record of a short id (a seat is listed by the
    record that names it, and only when the site shows that record)."""
    from ccc.domain.dates import in_words
    from ccc.projections.obligations import party_dossier

    facts: dict[str, list[dict[str, Any]]] = {"state_obligations": [], "seats": [], "replies": []}
    for code in codes:
        dossier = party_dossier(connection, code, on, None, public=public)
        facts["state_obligations"].extend(
            {
                "code": code,
                "article": row["article"],
                "obligation": row["obligation"],
                "due": row["due"] or "",
                "status": status_in_words(row["status"]),
                "met_by": row["met_by"] or "",
                "met_on": row["met_on"] or "",
                "days_out": row["out_of_compliance"]["days"],
            }
            for row in dossier["obligations"]
        )
        facts["seats"].extend(
            {"code": code, "period": seat["period"], "chair": "yes" if seat["chair"] else "",
             "record": seat["record"]}
            for seat in dossier["committee"]
            if shown(seat["record"])
        )  # fmt: skip
        facts["replies"].extend(
            {
                "code": code,
                **reply,
                "sent_in_words": in_words(reply["sent"]),
                "received_in_words": in_words(reply["received"]),
            }
            for reply in dossier["replies"]
        )
    return facts


def metadata(path: str, restricted: bool) -> dict[str, Any]:
    """Datasette's metadata: titles, descriptions, sources, facets, the lists (VIEWS)."""
    name = _db_name(path)
    which = "restricted version: every record" if restricted else "public version"
    return {
        "title": f"Committee on Cooperative Compliance: the log ({which})",
        "description": (
            "The allegation and dialogue log of the Committee on Cooperative Compliance of the "
            "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of "
            "Anti-Personnel Mines and on their Destruction (the Anti-Personnel Mine Ban "
            "Convention): every letter, meeting, allegation and treaty record, as recorded, "
            "with the cases they belong to. Drafted by ccc from the log."
            + (
                ""
                if restricted
                else " Restricted records are withheld: the table 'withheld' counts them."
            )
        ),
        "license": "Not stated: ask the Committee's secretariat before reusing the data",
        "source": "The Committee's log (ccc); States Parties from the UN depositary",
        "source_url": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26",
        "databases": {
            name: {
                "tables": {
                    "records": {
                        "title": "Records",
                        "description": "Every record, newest first: its day, kind, "
                        "summary, the parties it names and the cases it belongs to.",
                        "sort_desc": "day",  # newest first, search results too
                        # no facet unless asked for (the page links "count these records
                        # by kind, year, status"): each took 0.1 s on a million records,
                        # on indexed columns; the States and Articles facets (json_each
                        # over every row) 0.5 s a page at 100,000; ?_facet_array=states
                        # still works
                        "facets": [],
                        "label_column": "summary",
                    },
                    "cases": {
                        "title": "Cases",
                        "description": "Each case with its status; its page lists its records "
                        "(record_cases) and its dossier.",
                        "facets": ["status", "origin", {"array": "states"}, {"array": "articles"}],
                        "label_column": "title",
                    },
                    "record_cases": {
                        "title": "Records by case",
                        "description": "Which records belong to which case.",
                    },
                    "dossiers": {
                        "title": "Case dossiers",
                        "description": "Each case's dossier, as `ccc report case --format "
                        "html` writes it, and its timeline; each opens as a page.",
                    },
                    "amendments": {
                        "title": "Corrections and retractions",
                        "description": "Every correction and retraction, with its reason.",
                    },
                    "deadlines": {
                        "title": "Treaty deadlines",
                        "description": "Obligations with a clock still open, by State and "
                        "Article, as `ccc deadlines` lists them. Only obligations the log "
                        "tracks are here: one the secretariat has not recorded (an Article 7 "
                        "report before it began tracking them, say) is not tracked, and never "
                        "called overdue.",
                        "facets": ["state", "article", "status"],
                    },
                    "state_obligations": {
                        "title": "Obligations by State",
                        "description": "Every obligation of each State the log knows of, as "
                        "`ccc party show` lists them: met (on time or late), not yet due, "
                        "due, overdue, uncertain, or not tracked (the log does not follow it, "
                        "so it is never called overdue); days_out counts the days it was out "
                        "of compliance.",
                        "facets": ["status", "article"],
                    },
                    "seats": {
                        "title": "Seats on the Committee",
                        "description": "Each State's seats on the Committee, by the record "
                        "of the Committee's composition that names it.",
                    },
                    "replies": {
                        "title": "Replies to letters",
                        "description": "Each reply a State sent to a letter, with the days "
                        "between the letter and the reply.",
                    },
                    "withheld": {
                        "title": "Withheld",
                        "description": "Restricted records left out of this site, counted by "
                        "kind and year.",
                    },
                    "meta": {"hidden": True},
                    **{
                        view: {"title": title, "description": about}
                        for view, (title, about, _sql) in VIEWS.items()
                    },
                },
                # Lists people ask for, as views: Datasette pages through a view like a
                # table (a canned query stopped at 1,000 rows), filters it by any of its
                # columns (?reference=..., ?recorded_at__gte=...) and shows no SQL.
            }
        },
    }
