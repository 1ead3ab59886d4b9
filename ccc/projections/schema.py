"""The read models' tables, created with sqlite-utils. Bump VIEWS_SCHEMA_VERSION (ccc.store.paths)
whenever a table changes: views are disposable and are then rebuilt from the log."""

from __future__ import annotations

import sqlite3
from typing import Any

from ccc.store.paths import VIEWS_SCHEMA_VERSION

# Views keep JSON in TEXT columns; lists of codes are also split into link tables so that
# filters (`log --party`, `history REF`) use indexes.
TABLES: dict[str, dict[str, Any]] = {
    "records": {
        "columns": {
            "id": str,  # full record id (uuid hex)
            "short_id": str,  # its first 8 characters: what people type
            "kind": str,
            "occurred": str,  # EDTF as recorded
            "earliest": str,  # ISO day or NULL (open / unknown)
            "latest": str,
            "sort_day": str,  # earliest, else latest
            "recorded_at": str,  # UTC, ISO 8601
            "recorded_by": str,
            "summary": str,
            "source": str,
            "restricted": int,
            "as_written": int,  # the summary is the Committee's sentence (papers print it)
            "said_in": str,  # the record (id) whose sentence in papers says this one too
            "placed": str,  # the phrase that places it in papers instead of its date
            "parties": str,  # JSON list of labels (alpha-3 / registry / group names)
            "cases": str,  # JSON list of case references
            "details": str,  # JSON object: the kind's own fields
            "facts": str,  # JSON object: the whole event as it now stands
            "original": str,  # JSON: what it showed when first recorded (NULL: unamended)
            "retracted": int,
            "amendments": int,  # how many corrections and retractions name it
            "position": int,  # notification id in the log
        },
        "pk": "id",
        # (sort_day, position): the log's order, so `ccc log` reads only what it prints.
        "indexes": [
            ["short_id"],
            ["sort_day", "position"],
            ["kind", "sort_day", "position"],
            ["position"],
            ["latest"],  # a period's records (`report activities`)
        ],
    },
    "amendments": {
        "columns": {
            "id": str,  # the correction's or retraction's own record id
            "short_id": str,
            "target": str,  # the record it amends
            "kind": str,  # correction | retraction
            "reason": str,
            "changes": str,  # JSON {field: {"from": old, "to": new}}
            "after": str,  # JSON: what the target showed after it (see records.SHOWN)
            "recorded_at": str,
            "recorded_by": str,
            "position": int,
        },
        "pk": "id",
        "indexes": [["target"], ["short_id"]],
    },
    "chain": {
        "columns": {
            "position": int,  # notification id: every event of the log, in order
            "originator_id": str,
            "originator_version": int,
            "digest": str,  # the event's digest (ccc.store.integrity)
            "running": str,  # the log's running digest after it
        },
        "pk": "position",
        "indexes": [],
    },
    # The link tables carry the record's place in the log's order, so that a case's or a
    # party's records are read newest first from an index, a page at a time.
    "record_cases": {
        "columns": {"record_id": str, "case_ref": str, "sort_day": str, "position": int},
        "pk": ("case_ref", "record_id"),
        "indexes": [["record_id"], ["case_ref", "sort_day", "position"]],
    },
    # A party's link rows also say what `party show` counts and pages without reading
    # the records: the record's kind, its earliest day, whether it is retracted.
    "record_parties": {
        "columns": {
            "record_id": str,
            "party": str,
            "party_kind": str,
            "sort_day": str,
            "position": int,
            "kind": str,
            "earliest": str,
            "retracted": int,
        },
        "pk": ("party", "record_id"),
        "indexes": [
            ["record_id"],
            ["party", "sort_day", "position"],
            ["party", "kind", "retracted", "earliest"],  # counts read the index alone
        ],
    },
    # Each (party, case) a record links, with the record's earliest day: the cases a
    # party is involved in (`party show`) from one index, not one look-up per record.
    "party_cases": {
        "columns": {
            "party": str,
            "case_ref": str,
            "record_id": str,
            "earliest": str,
            "retracted": int,
        },
        "pk": ("party", "case_ref", "record_id"),
        "indexes": [["record_id"], ["party", "retracted", "case_ref", "earliest"]],
    },
    "cases": {
        "columns": {
            "reference": str,
            "case_id": str,
            "title": str,
            "states": str,  # JSON list of alpha-3
            "articles": str,  # JSON list of ints
            "origin": str,
            "opened_record": str,
        },
        "pk": "reference",
        "indexes": [],
    },
    "case_status": {
        "columns": {
            "reference": str,
            "status": str,
            "outcome": str,
            "last_activity": str,  # EDTF of the latest record
            "last_activity_day": str,
            "last_contact": str,  # JSON {alpha-3: EDTF}
            "awaiting": str,  # JSON [{party, since, record, reply_requested_by}]
            "next_deadline": str,
            "records": int,
            "restricted_records": int,
            "board": str,  # JSON: the case's whole board row, for `ccc status` to read at once
            # The record that opened it: restricted (1: the case is, whole), its first
            # possible day and its day. Kept here so that the board, on any day, and a
            # public look-up read no record: at a million records the look-up of each
            # case's opening took five times the rest of the board's query.
            "opened_restricted": int,
            "opened_earliest": str,
            "opened_day": str,
        },
        "pk": "reference",
        "indexes": [],
    },
    # A case's status on both clocks (timelines.py): as of each day, after each event.
    "case_days": {
        "columns": {"reference": str, "day": str, "status": str},
        "pk": ("reference", "day"),
        "indexes": [],
    },
    "case_known": {
        "columns": {"reference": str, "position": int, "recorded_at": str, "board": str},
        "pk": ("reference", "position"),
        "indexes": [["reference", "recorded_at", "position"]],
    },
    # Which communications can answer each letter, one row per named recipient
    # (replies.py); those awaited by a day have their span in reply_spans.
    "letter_replies": {
        "columns": {
            "letter_id": str,
            "party": str,  # the recipient
            "key": str,  # whose reply to whom answers it (case_status.reply_key)
            "letter_day": str,  # the letter's sort_day
            "span": int,  # its row in reply_spans (awaited rows only)
            "awaited": int,  # 1: the letter asked this recipient for a reply by a day
            "due": str,  # that day (reply_requested_by), or NULL
            # awaited rows: how it stands once answered for certain (met_on_time,
            # met_late, uncertain), or "never" (no answer in the log); else NULL
            "settles": str,
            "first": int,  # day ordinals: the letter's first possible day...
            "last": int,  # ...to the day before its answer is certain (replies.FOREVER)
            "answer_first": int,  # the first day on which it may have an answer (NULL: none)
            "named": str,
            "named_open": str,
            "general": str,
            "general_open": str,
        },
        "pk": ("party", "letter_id"),
        "indexes": [
            ["span"],
            ["letter_id"],
            ["key", "letter_day"],
            # `party show`: a State's replies newest first, and how many; its reply
            # deadlines, how many, and those met, the latest due first.
            ["party", "letter_day", "span"],
            ["party", "answer_first", "first"],
            ["party", "settles", "due", "letter_day", "span", "first", "last"],
        ],
    },
    # Every communication standing (not retracted): who sent it, the letter it names, its
    # place in order. The reply rows are found here by index (replies.letter_rows).
    "communications": {
        "columns": {
            "id": str,
            "party": str,  # the sender; naming no letter, its answer key (sender→addressee)
            "named": str,  # the letter it says it answers, or NULL
            "sort_day": str,
            "position": int,
            "open_start": int,  # 1: no earliest day (it counts on any day)
            "certain_day": str,  # from when it certainly happened (case_status.certain_day)
        },
        "pk": "id",
        "indexes": [
            ["party", "named", "sort_day", "position"],
            ["party", "open_start", "named", "sort_day", "position"],
        ],
    },
    # How many records of each kind the log holds ("kind:NAME"), and amendments: `ccc info`
    # reads these instead of counting the log.
    "counts": {"columns": {"name": str, "value": int}, "pk": "name", "indexes": []},
    "meta": {"columns": {"key": str, "value": str}, "pk": "key", "indexes": []},
    # How many records, open and restricted, involve each party: a party only restricted
    # records involve is one a public answer never names (domain/disclosure.py).
    "party_exposure": {
        "columns": {"party": str, "open": int, "restricted": int},
        "pk": "party",
        "indexes": [],
    },
    # Events ccc could not read (written by another program): skipped, with why; every
    # read command warns of them and `ccc verify` names them.
    "unreadable": {"columns": {"position": int, "why": str}, "pk": "position", "indexes": []},
}


# Tables sqlite-utils cannot create: R*Trees of day ordinals, for interval queries. In
# case_spans, the days on which each record's happening is uncertain (timelines.span_rows:
# `status --as-of` counts them in one query); in reply_spans, the days on which a letter
# may still await its answer (replies.py: `deadlines`).
# Row ids are the record's position * 1024 + its place in a list, so a case's or a party's
# rows can be replaced without scanning the tree.
VIRTUAL = {
    "case_spans": "CREATE VIRTUAL TABLE case_spans USING rtree_i32(id, first, last, +reference)",
    "reply_spans": "CREATE VIRTUAL TABLE reply_spans USING rtree_i32(id, first, last)",
}
# How `rebuild --check` compares them (their node pages depend on the order of writing).
VIRTUAL_DIGESTS = {name: f"SELECT * FROM {name} ORDER BY id" for name in VIRTUAL}


def is_current(connection: Any) -> bool:
    """Whether the views' tables exist at this schema version (plain SQL: no sqlite-utils)."""
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:  # no meta table yet
        return False
    return row is not None and row[0] == str(VIEWS_SCHEMA_VERSION)


# The indexes a rebuild needs while it reads the log (a record's links, found by its id
# when it is amended); it makes the others once every record is in (create_indexes).
KEPT_WHILE_LOADING = (
    ("record_cases", ("record_id",)),
    ("record_parties", ("record_id",)),
    ("party_cases", ("record_id",)),
)


def create(db: Any, *, deferred: bool = False) -> None:
    """Create every view table (sqlite_utils.Database) and stamp the schema version.
    `deferred`: without the indexes that only queries need (a rebuild makes them after
    loading: an index built from sorted rows is written once, where one kept up while
    random ids arrive rewrites its pages again and again)."""
    for name, spec in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(spec["columns"], pk=spec["pk"])
            for columns in spec["indexes"]:
                if not deferred or (name, tuple(columns)) in KEPT_WHILE_LOADING:
                    table.create_index(columns)
    for name, sql in VIRTUAL.items():
        if not db[name].exists():
            db.execute(sql)
    db["meta"].upsert({"key": "schema_version", "value": str(VIEWS_SCHEMA_VERSION)}, pk="key")


def create_indexes(db: Any) -> None:
    """The indexes `create(deferred=True)` left out, made now."""
    for name, spec in TABLES.items():
        for columns in spec["indexes"]:
            db[name].create_index(columns, if_not_exists=True)
