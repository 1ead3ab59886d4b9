"""How view rows are stored and read back: which columns hold JSON, what a record
shows, and the conversions both ways. Standard library, and orjson to read many rows. The
projection writes with these and the queries read with them, so the two cannot disagree.
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from ccc.store.paths import Store

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow

RECORD_JSON = ("parties", "cases", "details")


STATUS_JSON = ("last_contact", "awaiting")


# What a record shows, kept as first recorded and after each amendment (see rows.py).
SHOWN = (
    "occurred",
    "earliest",
    "latest",
    "sort_day",
    "summary",
    "source",
    "restricted",
    "as_written",
    "said_in",
    "placed",
    "parties",
    "cases",
    "details",
    "retracted",
)


# Kept in the views (or added on reading), never shown by queries.
HIDDEN = ("facts", "original", "short_id", "restricted_now")

# The columns queries read: all but `facts` (the whole event, for the projection alone),
# which is the largest column of the table.
RECORD_COLUMNS = ", ".join(
    f"records.{name}"
    for name in (
        "id", "short_id", "kind", "occurred", "earliest", "latest", "sort_day",
        "recorded_at", "recorded_by", "summary", "source", "restricted", "as_written",
        "said_in", "placed", "parties", "cases", "details", "original", "retracted",
        "amendments", "position",
    )
)  # fmt: skip


def connect(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{store.views_db}?mode=ro", uri=True)


def in_chunks(values: Iterable[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """Values for `IN (...)`, a few hundred at a time (SQLite limits a statement's
    variables): each chunk, sorted, with its placeholders."""
    wanted = sorted(values)
    for start in range(0, len(wanted), size):
        chunk = wanted[start : start + size]
        yield chunk, ", ".join("?" * len(chunk))


def dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    with bulk():
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@contextmanager
def bulk() -> Iterator[None]:
    """Many rows become many small objects at once: the cyclic garbage collector, which
    would walk them again and again while they are made, waits until they are done (it
    took half the time of reading 100,000 records)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decode_record(row: dict[str, Any], loads: Any = json.loads) -> RecordRow:
    for name in RECORD_JSON:
        row[name] = loads(row[name])
    row["restricted"] = bool(row["restricted"])
    row["as_written"] = bool(row["as_written"])
    row["retracted"] = bool(row["retracted"])
    return cast("RecordRow", row)


def decode_records(rows: list[dict[str, Any]]) -> list[RecordRow]:
    """Many records at once: orjson reads their JSON in a third of json's time (imported
    here, not on the fast path, where the board is one small document)."""
    import orjson

    with bulk():
        return [decode_record(row, orjson.loads) for row in rows]


def in_order(record: RecordRow) -> tuple[str, int]:
    """Order of occurrence, then of recording."""
    return (record["sort_day"], record["position"])


def encode_status(
    row: dict[str, Any], case: Mapping[str, Any], opening: Mapping[str, Any]
) -> dict[str, Any]:
    """A case_status row: its columns, and the whole board row as one JSON document (one
    decoding per case is what keeps `ccc status` quick). `opening`: the record that
    opened the case, as it now stands."""
    encoded = {k: json.dumps(v, sort_keys=True) if k in STATUS_JSON else v for k, v in row.items()}
    keep = ("reference", "title", "states", "articles", "origin")
    board = {**{k: case[k] for k in keep}, **row, "opened_day": opening["sort_day"]}
    encoded["board"] = json.dumps(board, sort_keys=True, ensure_ascii=False)
    encoded["opened_restricted"] = int(opening["restricted"])
    encoded["opened_earliest"] = opening["earliest"]
    encoded["opened_day"] = opening["sort_day"]
    return encoded


def snapshot(row: dict[str, Any]) -> str:
    """What a record shows, as queries decode it (kept as first recorded and after each
    amendment, for queries on the record-time clock)."""
    shown = {name: row[name] for name in SHOWN}
    for name in RECORD_JSON:
        shown[name] = json.loads(shown[name])
    shown["restricted"] = bool(shown["restricted"])
    shown["as_written"] = bool(shown["as_written"])
    shown["retracted"] = bool(shown["retracted"])
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)
