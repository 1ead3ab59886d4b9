"""`ccc verify FILE` reads a canonical line in one parse (the whole record written again
gives its bytes) and anything else part by part, where it words what is wrong (issue
24: the part-by-part reading was most of a verify's time). The two readings must find
the same problems, link the same versions and take the same recorded times, for every
line of a real export and for lines changed in the ways a hand or another program
changes them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from ccc.audit import exports
from ccc.audit.exports import _check_record
from ccc.audit.verify import Report
from tests.conftest import SEED
from tests.projections.conftest import run, synthetic_store


def _line(record: bytes) -> bytes:
    """An export line for a record, its digest made to match (as a forger would)."""
    return b'{"digest":"%s","record":%s}\n' % (hashlib.sha256(record).hexdigest().encode(), record)


def _sorted(value: Any, **options: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), **options).encode()


def _with(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], bytes]:
    def made(record: dict[str, Any]) -> bytes:
        copy = json.loads(json.dumps(record))
        change(copy)
        return _sorted(copy, ensure_ascii=False)

    return made


CHANGES: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "as exported": lambda r: _sorted(r, ensure_ascii=False),
    "keys unsorted": lambda r: json.dumps(
        dict(reversed(list(r.items()))), separators=(",", ":"), ensure_ascii=False
    ).encode(),
    "spaces": lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False).encode(),
    "escaped text": lambda r: _sorted(r, ensure_ascii=True),
    "id in capitals": _with(lambda r: r.update(originator_id=r["originator_id"].upper())),
    "id without dashes": _with(
        lambda r: r.update(originator_id=r["originator_id"].replace("-", ""))
    ),
    "version as text": _with(lambda r: r.update(originator_version=str(r["originator_version"]))),
    "version 0": _with(lambda r: r.update(originator_version=0)),
    "a later version": _with(lambda r: r.update(originator_version=r["originator_version"] + 1)),
    "an unknown topic": _with(lambda r: r.update(topic="somewhere.Else")),
    "an unknown aggregate": _with(lambda r: r["state"].update(originator_topic="x.Y")),
    "a field ccc does not write": _with(lambda r: r["state"].update(extra=1)),
    "no recorded time": _with(lambda r: r["state"].pop("timestamp")),
    "a recorded time without zone": _with(
        lambda r: r["state"].update(timestamp="2025-01-01T00:00:00")
    ),
    "a link not first": _with(lambda r: r["state"].update(__a=1)),
    "a broken link": _with(lambda r: r["state"].update(_prev="0" * 64)),
    "no link": _with(lambda r: r["state"].pop("_prev")),
    "a state that is a list": _with(lambda r: r.update(state=[1])),
    "a fifth key": _with(lambda r: r.update(zz=1)),
    "a key missing": _with(lambda r: r.pop("topic")),
    "an older class version": _with(lambda r: r["state"].update(class_version=1)),
    "a number beyond 64 bits": _with(lambda r: r["state"].update(summary=2**70)),
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The lines of an export of the register, 300 synthetic records and the 2025
    example: every kind of record, cases, corrections and retractions."""
    root = tmp_path_factory.mktemp("lines")
    store = synthetic_store(root, 300, register=True)
    run(store, "import", str(SEED))
    run(store, "export", "--full", str(root / "log.jsonl"))
    return (root / "log.jsonl").read_bytes().splitlines(keepends=True)


def _check_parts(*args: Any) -> None:
    """`_check_record` reading the line part by part (its one-parse reading turned off)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exports, "_canonical_record", lambda record: None)
        _check_record(*args)


def _read(check: Callable[..., None], line: bytes, links: dict[bytes, Any], readable: bool):
    report = Report()
    mine = dict(links)
    check(report, 7, line, hashlib.sha256(line[86:-2]).digest(), mine, readable)
    return report.problems, mine, report.latest


@pytest.mark.parametrize("readable", [False, True], ids=["verify", "before an import"])
def test_one_parse_and_part_by_part_find_the_same(exported, readable):
    links: dict[bytes, Any] = {}
    kinds_seen = set()
    for number, original in enumerate(exported, start=1):
        record = json.loads(original)["record"]
        kinds_seen.add(record["topic"])
        changes = CHANGES if number % 50 == 1 else {"as exported": CHANGES["as exported"]}
        for name, change in changes.items():
            line = _line(change(record))
            fast = _read(_check_record, line, links, readable)
            parts = _read(_check_parts, line, links, readable)
            assert fast == parts, (number, name)
            if name == "as exported":
                assert fast[0] == [], (number, fast[0])  # the export as written is sound
        _check_record(Report(), number, original, hashlib.sha256(original[86:-2]).digest(),
                      links, readable)  # fmt: skip
    assert len(kinds_seen) > 20  # the register's kinds and the Committee's, cases, amendments
