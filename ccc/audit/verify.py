"""Checking the log without trusting whoever runs it: verify a store or an export, write an
export. Standard library only; it reads the SQLite files directly, never through the
application, and streams: memory stays flat however long the log.

What `verify` checks (docs/export-format.md says how to check the same by hand):
- every record's digest, recomputed from its stored bytes (ccc.store.integrity);
- recorded times along the log: none more than the recording window before an earlier
  record's (a backdated record, or one inserted out of order, breaks this);
- positions 1..N with no gap (a removed record leaves one);
- in a store, each record's `_prev` link to the previous event of its aggregate (the
  records are read a second time, in aggregate order, so memory stays flat);
- the running digest, against what the views recorded when they read each record (in a
  store), against the manifest (in an export), against an earlier export's manifest
  (`since`) and against a signed checkpoint.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import orjson

from ccc.domain import stored_shapes
from ccc.errors import StoreError
from ccc.store.integrity import (
    RECORDING_WINDOW_HOURS,
    ZERO,
    canonical,
    chained,
    digest,
    envelope,
    prev_of,
)
from ccc.store.paths import Store

WINDOW = timedelta(hours=RECORDING_WINDOW_HOURS)
Row = tuple[int, str, int, str, bytes]  # position, originator_id (hex), version, topic, state


@dataclass
class Anchor:
    """A running digest someone recorded earlier at a position (views, manifest, note)."""

    what: str  # "the earlier export's manifest", "the signed checkpoint", ...
    records: int
    running: str  # hex


@dataclass
class Report:
    records: int = 0
    running: str = ZERO.hex()
    problems: list[tuple[int, str]] = field(default_factory=list)  # (position, sentence)
    anchors_checked: list[str] = field(default_factory=list)
    views_compared: int = 0
    notes: list[str] = field(default_factory=list)  # what was not checked, and why
    latest: tuple[datetime, int] | None = None  # the latest recorded time so far, where

    def recorded(self, position: int, data: dict[str, Any]) -> None:
        """Check a record's recorded time (its decoded state's) against the latest one
        before it."""
        try:
            when = datetime.fromisoformat(data["timestamp"])
        except (ValueError, KeyError, TypeError):
            self.problem(position, f"record {position} has no readable recorded time")
            return
        if when.tzinfo is None:
            self.problem(
                position,
                f"record {position}'s recorded time ({str(data['timestamp'])[:32]}) has no "
                "time zone, so it cannot be placed on the log's clock",
            )
            return
        if self.latest and when < self.latest[0] - WINDOW:
            days = (self.latest[0] - when).days
            self.problem(
                position,
                f"record {position} says it was recorded at {when:%Y-%m-%d %H:%M} UTC, "
                f"{days} day(s) before record {self.latest[1]} was ("
                f"{self.latest[0]:%Y-%m-%d %H:%M} UTC): it was backdated or inserted out of "
                "order",
            )
        if self.latest is None or when > self.latest[0]:
            self.latest = (when, position)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, position: int, sentence: str) -> None:
        self.problems.append((position, sentence))

    def first(self) -> str:
        return min(self.problems)[1]


def _uuid(hex_id: str) -> str:
    return str(UUID(hex_id))


def connect_read_only(path: str) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.execute("SELECT 1 FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be read as SQLite ({error}).") from error
    return connection


def _view_chain(store: Store) -> Iterator[tuple[int, str, int, str, str]]:
    """What the views recorded of each record when they read it (nothing if no views)."""
    if not os.path.isfile(store.views_db):
        return
    try:
        connection = connect_read_only(store.views_db)
        cursor = connection.execute(
            "SELECT position, originator_id, originator_version, digest, running FROM chain "
            "ORDER BY position"
        )
    except (sqlite3.Error, StoreError):
        return
    while batch := cursor.fetchmany(10_000):
        yield from batch


def _skipped_by_views(report: Report, store: Store) -> None:
    """The records the views skipped because ccc could not read them (a field of the
    wrong type, say), unless already named."""
    named = {position for position, _ in report.problems}
    try:
        connection = connect_read_only(store.views_db)
        rows = connection.execute("SELECT position, why FROM unreadable").fetchall()
    except (sqlite3.Error, StoreError):
        return
    for position, why in rows:
        if position not in named:
            report.problem(position, f"record {position} cannot be read by ccc: {why}")


def verify_store(store: Store, anchors: Sequence[Anchor] = ()) -> Report:
    """Recompute every digest and link of a store; compare with its views and `anchors`."""
    store.require()
    report = Report()
    running = ZERO
    views = _view_chain(store)
    seen = next(views, None)
    due = anchors_by_position(anchors)
    expected = 1
    for position, hex_id, version, topic, state in store.event_rows("position"):
        if position != expected:
            missing = (
                f"record {expected} is"
                if position == expected + 1
                else f"records {expected} to {position - 1} are"
            )
            report.problem(
                expected,
                f"{missing} missing: the log jumps from position {expected - 1} to "
                f"{position} (a removed record leaves a gap)",
            )
        expected = position + 1
        if version == 1 and not state.startswith(b'{"_prev":null,'):
            report.problem(
                position,
                f"record {position} is the first event of aggregate "
                f"{_uuid(hex_id)} but does not begin with an empty link",
            )
        hashed, running = chained(running, envelope(hex_id, version, topic, state))
        record_digest = hashed.hex()
        data = content(report, position, topic, state)
        report.recorded(position, data)
        while seen is not None and seen[0] < position:
            seen = next(views, None)  # the views read a record that is no longer there
        if seen is not None and seen[0] == position:
            _compare_with_views(report, position, hex_id, version, record_digest, seen)
            report.views_compared += 1
            seen = next(views, None)
        for anchor in due.pop(position, ()):
            check_anchor(report, anchor, running)
        report.records = position
    report.running = running.hex()
    if seen is not None:
        report.problem(
            seen[0],
            f"the views read {seen[0]} or more records but the log now ends at "
            f"{report.records}: records were removed from its end",
        )
    _skipped_by_views(report, store)
    report_uncovered(report, due, "log")
    note_coverage(report, anchors)
    if report.views_compared < report.records:
        first = report.views_compared + 1
        report.notes.append(
            f"records {first} to {report.records} were not checked against the views"
            + (
                " (there are none: they were deleted or never built)"
                if not report.views_compared
                else " (the views have not read them yet)"
            )
        )
    # The events of aggregates with more than one, in aggregate order (single events were
    # checked in the first pass).
    _check_links(report, store.event_rows("aggregate"))
    return report


def content(
    report: Report, position: int, topic: str, state: bytes, readable: bool = True
) -> dict[str, Any]:
    """A stored state, decoded, after checking what an outside verifier checks of it (that
    it is canonical JSON, docs/export-format.md) and, if `readable`, that ccc can read it:
    its type and its fields are ccc's own."""
    try:
        data = orjson.loads(state)
    except orjson.JSONDecodeError:
        report.problem(position, f"record {position} is not JSON")
        return {}
    if canonical(data) != state:
        report.problem(
            position,
            f"record {position} is not stored in canonical JSON (RFC 8785), so an outside "
            "verifier computes another digest for it",
        )
    if readable:
        check_readable(report, position, topic, data)
    return data if isinstance(data, dict) else {}


def check_readable(report: Report, position: int, topic: str, data: Any) -> None:
    """That ccc can read a state: its type, the aggregate an opening names, and its
    members are ccc's own. Asked of the table of stored shapes first, which answers for
    every state ccc writes without loading the domain's classes; anything it does not
    answer (a topic it lacks, a state that is not an object, an unknown aggregate) is
    worded by ccc.domain.topics, from the classes."""
    members = stored_shapes.keys(topic)
    if members is not None and type(data) is dict:
        originator = data.get("originator_topic")
        if originator is None or originator in stored_shapes.aggregates():
            if "class_version" in data:
                return  # an older version's fields, which its class upcasts
            why = stored_shapes.keys_problem(*members, tuple(data))
            if why:
                report.problem(position, f"record {position} cannot be read by ccc: {why}")
            return
    from ccc.domain import topics  # the domain's classes: loaded only for such a record

    _check_type(report, position, topic, data, topics)
    why = topics.shape_problem(topic, data)
    if why:
        report.problem(position, f"record {position} cannot be read by ccc: {why}")


def _check_type(report: Report, position: int, topic: str, data: Any, topics: Any) -> None:
    """A record's type, and the type of aggregate an opening names, must be ccc's own: no
    ccc can read another (and none imports what a stored row names; domain/topics.py)."""
    originator = data.get("originator_topic") if isinstance(data, dict) else None
    if topic in topics.events() and (originator is None or originator in topics.AGGREGATES):
        return  # every record ccc wrote: no sentence to make
    for what, name, known in (
        ("is of type", topic, topics.events()),
        ("opens an aggregate of type", originator, topics.AGGREGATES),
    ):
        if name is not None and name not in known:
            shown = name if len(name) <= 80 else name[:77] + "..."
            report.problem(
                position,
                f"record {position} {what} {shown!r}, which ccc does not know: it was "
                "written by another program or a newer ccc, so every reader skips it",
            )


def _compare_with_views(
    report: Report, position: int, hex_id: str, version: int, record_digest: str, seen: Any
) -> None:
    _, seen_id, seen_version, seen_digest, _ = seen
    if (seen_id.replace("-", ""), seen_version) != (hex_id, version):
        report.problem(
            position,
            f"record {position} is aggregate {_uuid(hex_id)} v{version}, but when the views "
            f"read position {position} it was {seen_id} v{seen_version}: records were "
            "moved, inserted or removed",
        )
    elif seen_digest != record_digest:
        report.problem(
            position,
            f"record {position} (aggregate {_uuid(hex_id)} v{version}) no longer has the "
            f"digest the views took when they read it ({seen_digest[:16]}..., now "
            f"{record_digest[:16]}...): its stored content was changed",
        )


def anchors_by_position(anchors: Sequence[Anchor]) -> dict[int, list[Anchor]]:
    due: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        due.setdefault(anchor.records, []).append(anchor)
    return due


def report_uncovered(report: Report, due: dict[int, list[Anchor]], what: str) -> None:
    for anchors in due.values():
        for anchor in anchors:
            report.problem(
                report.records + 1,
                f"{anchor.what} covers {anchor.records} records but the {what} holds only "
                f"{report.records}: records were removed",
            )


def note_coverage(report: Report, anchors: Sequence[Anchor]) -> None:
    """Say which records no anchor covers: an anchor vouches only for the records up to
    its position."""
    for anchor in anchors:
        if anchor.records < report.records:
            report.notes.append(
                f"records {anchor.records + 1} to {report.records} came after {anchor.what} "
                "and are not covered by it"
            )


def check_anchor(report: Report, anchor: Anchor, running: bytes) -> None:
    if running.hex() != anchor.running:
        report.problem(
            anchor.records,
            f"the first {anchor.records} records do not give the running digest that "
            f"{anchor.what} holds ({anchor.running[:16]}..., now {running.hex()[:16]}...): "
            "history up to there was rewritten",
        )
    else:
        report.anchors_checked.append(anchor.what)


def _check_links(report: Report, rows: Iterator[Row]) -> None:
    """Rows in aggregate order: each event's `_prev` is the digest of the one before."""
    previous: tuple[str, int, str] | None = None  # originator, version, digest
    for position, hex_id, version, topic, state in rows:
        try:
            claimed = prev_of(state)
        except ValueError:
            report.problem(position, f"record {position} is not stored in canonical form")
            previous = None
            continue
        if version == 1:
            wanted: str | None = None
        elif previous and previous[0] == hex_id and previous[1] == version - 1:
            wanted = previous[2]
        else:
            report.problem(
                position,
                f"record {position} is version {version} of aggregate {_uuid(hex_id)} but "
                f"version {version - 1} is missing",
            )
            wanted = claimed
        if claimed != wanted:
            report.problem(
                position,
                f"record {position} (aggregate {_uuid(hex_id)} v{version}) links to a "
                "previous version that is not the one stored: one of them was changed",
            )
        previous = (hex_id, version, digest(hex_id, version, topic, state))
