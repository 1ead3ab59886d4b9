"""Exports: every record as a line of canonical JSON, a manifest beside them, and the
check of an export by itself (`ccc verify FILE`). docs/export-format.md specifies it for
auditors with their own tools. Standard library and orjson; streamed, so memory stays
flat.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson

from ccc import __version__
from ccc.audit.verify import (
    Anchor,
    Report,
    anchors_by_position,
    check_anchor,
    check_readable,
    content,
    note_coverage,
    report_uncovered,
)
from ccc.errors import InvalidInput, StoreError
from ccc.store.files import read_text
from ccc.store.integrity import (
    ZERO,
    canonical,
    chained,
    envelope,
    extend,
    prev_of,
    topic_bytes,
)
from ccc.store.paths import Store

FORMAT = "ccc-export/1"


def manifest_path(path: str) -> str:
    return f"{path}.manifest.json"


def export(store: Store, path: str, withheld: Collection[str] | None = None) -> dict[str, Any]:
    """Write every record as a line of canonical JSON, then the manifest beside it. A
    failed write (a full disk, /dev/full) is one sentence, and a file it created is
    removed, so no half export is left to be mistaken for a whole one.

    `withheld` (a public export): the aggregates (32 hex digits) whose events it leaves out. A
    withheld event's line carries only its digest (`{"digest":D,"withheld":true}`), so the
    running digest still chains to the log's, and to its checkpoints."""
    store.require()
    created = [p for p in (path, manifest_path(path)) if not os.path.exists(p)]
    try:
        manifest = _write_export(store, path, withheld)
    except OSError as error:
        for made in created:
            if os.path.isfile(made):
                os.remove(made)
        raise InvalidInput(
            f"cannot write {error.filename or path}: {error.strerror}; nothing was exported. "
            "Give a path in a folder you can write to, with room for the export."
        ) from error
    return manifest


def _write_export(store: Store, path: str, withheld: Collection[str] | None) -> dict[str, Any]:
    running = ZERO
    count = left_out = 0
    with open(path, "wb") as out:
        for position, hex_id, version, topic, state in store.event_rows("position"):
            if position != count + 1:
                raise StoreError(
                    f"the log has no record {count + 1}; run `ccc verify` before exporting."
                )
            record = envelope(hex_id, version, topic, state)
            hashed, running = chained(running, record)
            record_digest = hashed.hex()
            if withheld and hex_id.replace("-", "") in withheld:
                out.write(_HEAD + record_digest.encode() + _WITHHELD)
                left_out += 1
            else:
                out.write(b'{"digest":"%s","record":%s}\n' % (record_digest.encode(), record))
            count = position
    manifest = {
        "format": FORMAT,
        "records": count,
        "final_digest": running.hex(),
        "tool": f"ccc {__version__}",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if withheld is not None:
        manifest.update(
            public=True,
            withheld=left_out,
            note=(
                f"A public export: {left_out} restricted records (and replies to restricted "
                "letters) are withheld; each keeps its line and digest, so the running "
                "digest is the log's."
            ),
        )
    with open(manifest_path(path), "wb") as out:
        out.write(canonical(manifest) + b"\n")
    return manifest


def withheld_in_public(connection: Any) -> set[str]:
    """What a public export withholds, as aggregate ids (32 hex digits): every record a
    public answer conceals (domain/disclosure.py: restricted as it now stands, a reply to a
    restricted letter, words naming a party only restricted records involve), every record
    filed in a restricted case (its stored event names the case, and an export cannot
    leave the name out), and every restricted case; their corrections and retractions are
    events of the same aggregates, so they are withheld with them."""
    from ccc.domain.disclosure import concealed
    from ccc.projections.clocks import records_known
    from ccc.projections.trail import Withheld

    records = records_known(connection)
    secrets = Withheld(connection).read(records)
    hidden = {
        r["id"] for r in records if concealed(r, True, secrets) or set(r["cases"]) & secrets.cases
    }
    cases = connection.execute("SELECT case_id, opened_record FROM cases").fetchall()
    return hidden | {case_id.replace("-", "") for case_id, opened in cases if opened in hidden}


def read_manifest(path: str) -> dict[str, Any]:
    try:
        manifest = json.loads(read_text(path, "manifest", 1 << 20))
    except (ValueError, RecursionError) as error:
        raise InvalidInput(f"{path} is not a ccc export manifest (not JSON).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(f"{path} is not a {FORMAT} manifest.")
    records, final = manifest.get("records"), manifest.get("final_digest")
    if not (isinstance(records, int) and records >= 0) or not (
        isinstance(final, str) and len(final) == 64 and set(final) <= set("0123456789abcdef")
    ):
        raise InvalidInput(
            f"the manifest {path} is damaged: it needs `records` (a count) and "
            "`final_digest` (64 hex digits)."
        )
    return manifest


_HEAD = b'{"digest":"'
_WITHHELD = b'","withheld":true}\n'
_MIDDLE = b'","record":'
_ID = b'{"originator_id":"'
_VERSION = b'","originator_version":'
_STATE = b',"state":'


def parse_line(line: bytes) -> tuple[str, str, int, str, bytes, bytes]:
    """(claimed digest, originator id, version, topic, state, record bytes) of one line.

    Lines are canonical JSON, so the fields sit at known places; anything else is refused.
    """
    line = line.rstrip(b"\n")
    if not (line.startswith(_HEAD) and line[75:86] == _MIDDLE and line.endswith(b"}")):
        raise ValueError("not a ccc export line")
    claimed = line[11:75].decode("ascii")
    record = line[86:-1]
    if not (record.startswith(_ID) and record[54:77] == _VERSION and record.endswith(b"}")):
        raise ValueError("not a ccc record")
    originator = record[18:54].decode("ascii")
    version_end = record.index(_STATE, 77)
    written = record[77:version_end]
    version = int(written)
    topic_start = record.rindex(b',"topic":')
    state = record[version_end + len(_STATE) : topic_start]
    topic = _topic(record[topic_start + 9 : -1])
    # The record is its envelope (integrity.envelope) when each part is written as the
    # envelope writes it: checked part by part, not by writing the record again (a
    # million records: a second of the verify).
    if not (_UUID.fullmatch(record, 18, 54) and str(version).encode() == written):
        raise ValueError("not in canonical form")
    return claimed, originator, version, topic, state, record


# What the envelope writes for an id: 36 lower-case hex digits and dashes.
_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_UUID_TEXT = re.compile(_UUID.pattern.decode())


@lru_cache(maxsize=256)  # a log has a few dozen topics
def _topic(written: bytes) -> str:
    """The topic a record names, refused unless written as the envelope writes it."""
    topic = json.loads(written)
    if not isinstance(topic, str) or topic_bytes(topic) != written:
        raise ValueError("not in canonical form")
    return topic


def _lines(path: str) -> Iterator[tuple[int, bytes]]:
    """(line number, line) of an export, streamed."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the with below)
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}.") from error
    with handle:
        yield from enumerate(handle, start=1)


def export_rows(path: str) -> Iterator[tuple[int, str, str, int, str, bytes, bytes]]:
    """(line number, claimed digest, id, version, topic, state, record) for each line."""
    for number, line in _lines(path):
        try:
            yield (number, *parse_line(line))
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidInput(
                f"line {number} of {path} is not a record of a ccc export ({error})."
            ) from error


def _changed(number: int, line: bytes) -> str:
    try:
        claimed, originator, version, *_ = parse_line(line)
    except (ValueError, UnicodeDecodeError):
        return f"record {number} is not in canonical form, so it cannot match its digest"
    return (
        f"record {number} (aggregate {originator} v{version}) does not match the digest on "
        f"its line ({claimed[:16]}...): the record was changed"
    )


def _check_record(
    report: Report,
    number: int,
    line: bytes,
    hashed: bytes,
    links: dict[bytes, tuple[int, bytes]],
    readable: bool,
) -> None:
    """What the documented verifier checks of a line besides its digest: canonical JSON,
    a state ccc can read, its link to the previous event of its aggregate (kept as the
    first 16 bytes of each aggregate's last digest: memory grows by about 230 bytes an
    aggregate, 240 MB at a million records), and its recorded time."""
    read = _canonical_record(line[86:-2])
    if read is not None:
        originator, version, topic, data, prev_at = read
        if readable:
            check_readable(report, number, topic, data)
        state = line[prev_at:]  # the state, then the rest of the line: its link comes first
        data = data if type(data) is dict else {}
    else:  # something is off: found and worded part by part
        try:
            _, originator, version, topic, state, _ = parse_line(line)
        except (ValueError, UnicodeDecodeError):
            report.problem(number, f"record {number} is not in canonical form")
            return
        data = content(report, number, topic, state, readable)
    report.recorded(number, data)
    _check_link(report, number, state, originator, version, hashed, links)


_ENVELOPE_KEYS = ["originator_id", "originator_version", "state", "topic"]


def _canonical_record(record: bytes) -> tuple[str, int, str, Any, int] | None:
    """(originator id, version, topic, state, where the state begins in the line) of a
    record that is its own envelope in canonical form, read in one parse: the whole
    record written again with sorted keys gives its bytes, so its state is canonical too.
    None for anything else (then `_check_record` reads the line part by part, and says
    what is wrong)."""
    try:
        read = orjson.loads(record)
    except orjson.JSONDecodeError:
        return None
    if type(read) is not dict or list(read) != _ENVELOPE_KEYS:
        return None
    originator, version, topic = read["originator_id"], read["originator_version"], read["topic"]
    if not (
        type(originator) is str
        and _UUID_TEXT.fullmatch(originator)
        and type(version) is int
        and type(topic) is str
        and _orjson_topic(topic)
        and orjson.dumps(read, option=orjson.OPT_SORT_KEYS) == record
    ):
        return None
    # The line: {"digest":"<64>","record":{"originator_id":"<36>","originator_version":V,"state":
    prev_at = 86 + 18 + 36 + len(_VERSION) + len(str(version)) + len(_STATE)
    return originator, version, topic, read["state"], prev_at


@lru_cache(maxsize=256)  # a log has a few dozen topics
def _orjson_topic(topic: str) -> bool:
    """Whether orjson writes the topic as the envelope does (integrity.topic_bytes)."""
    return orjson.dumps(topic) == topic_bytes(topic)


def _check_link(
    report: Report,
    number: int,
    state: bytes,
    originator: str,
    version: int,
    hashed: bytes,
    links: dict[bytes, tuple[int, bytes]],
) -> None:
    """A record's `_prev` link (read from the start of its `state`) against the digest
    of the export's previous version of its aggregate."""
    key = bytes.fromhex(originator.replace("-", ""))
    last = links.get(key)
    try:
        claimed = prev_of(state)
    except ValueError:
        claimed = "?"
    if version == 1 and last is None:
        wanted = None
    elif last is not None and last[0] == version - 1:
        wanted = last[1].hex()
        claimed = claimed[:32] if claimed else claimed
    else:
        wanted = "?"
        report.problem(
            number,
            f"record {number} is version {version} of aggregate {originator} but the export "
            f"holds {'no earlier version' if last is None else f'version {last[0]} before it'}",
        )
    if wanted != "?" and claimed != wanted:
        report.problem(
            number,
            f"record {number} (aggregate {originator} v{version}) links to a previous "
            "version that is not the one before it: one of them was changed",
        )
    links[key] = (version, hashed[:16])


def verify_export(path: str, anchors: Sequence[Anchor] = (), readable: bool = False) -> Report:
    """Recompute every digest of an export and its running digest; compare with its own
    manifest and with `anchors` (an earlier export's manifest, a signed checkpoint). This
    checks what docs/export-format.md's verifier checks; `readable` (before an import)
    also that ccc can read every record.

    Lines are canonical, so a record's digest is the SHA-256 of its bytes as they stand in
    the line; a line that is not canonical cannot match its digest and is reported."""
    if not os.path.isfile(path):
        raise InvalidInput(f"there is no export at {path}; give the file `ccc export` wrote.")
    manifest = read_manifest(manifest_path(path))
    report = Report()
    running = ZERO
    due = anchors_by_position(anchors)
    withheld = 0
    links: dict[bytes, tuple[int, bytes]] = {}  # per aggregate: its last version, digest
    for number, line in _lines(path):
        if line[:11] == _HEAD and line[75:] == _WITHHELD:  # a public export's: the digest only
            withheld += 1
            running = extend(running, line[11:75].decode())
            report.records = number
            for anchor in due.pop(number, ()):
                check_anchor(report, anchor, running)
            continue
        if line[:11] != _HEAD or line[75:86] != _MIDDLE or line[-2:] != b"}\n":
            raise InvalidInput(f"line {number} of {path} is not a record of a ccc export.")
        hashed, running = chained(running, line[86:-2])
        if hashed.hex().encode() != line[11:75]:
            report.problem(number, _changed(number, line))
        _check_record(report, number, line, hashed, links, readable)
        if due:
            for anchor in due.pop(number, ()):
                check_anchor(report, anchor, running)
        report.records = number
    report.running = running.hex()
    if withheld != manifest.get("withheld", 0):
        report.problem(
            report.records,
            f"the export withholds {withheld} records but its manifest says "
            f"{manifest.get('withheld', 0)}",
        )
    if withheld:
        report.notes.append(
            f"{withheld} records are withheld (a public export): their digests chain, their "
            "content cannot be checked here"
        )
    report_uncovered(report, due, "export")
    note_coverage(report, anchors)
    if manifest["records"] != report.records:
        report.problem(
            min(manifest["records"], report.records) + 1,
            f"the manifest counts {manifest['records']} records but the export holds "
            f"{report.records}: records were added or removed",
        )
    elif manifest["final_digest"] != report.running:
        report.problem(
            report.records,
            "the records do not give the manifest's final digest: records were changed, "
            "reordered or replaced",
        )
    return report
