"""The tampering matrix: each way of altering the log, its views, an export or a
manifest, and which documented check catches it: `verify` alone, or `verify` with a
signed checkpoint (or an earlier manifest) kept outside the store. Every alteration must
be caught by at least one (docs/export-format.md says what an auditor must keep)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.test_forgery import BACKDATED, INSERT, forged_retraction


def sql(store: Path, *statements: str, params: tuple = ()) -> None:
    with sqlite3.connect(store / "events.db") as connection:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'"):
            connection.execute(f"DROP TRIGGER {name}")  # as an insider with the file would
        for statement in statements:
            connection.execute(statement, params) if params else connection.execute(statement)


EDIT = (
    "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
    '\'"summary":"\', \'"summary":"X\') AS BLOB) WHERE rowid = {}'
)


def edit(store):
    sql(store, EDIT.format(7))


def delete(store):
    sql(store, "DELETE FROM stored_events WHERE rowid = 9")


def truncate(store):
    sql(store, "DELETE FROM stored_events WHERE rowid >= 24")


def reorder(store):
    sql(store, "UPDATE stored_events SET rowid = -1 WHERE rowid = 3",
        "UPDATE stored_events SET rowid = 3 WHERE rowid = 4",
        "UPDATE stored_events SET rowid = 4 WHERE rowid = -1")  # fmt: skip


def insert_backdated(store):
    sql(store, INSERT, params=forged_retraction(store, BACKDATED))


def edit_then_delete_views(store):
    edit(store)
    for name in ("views.db", "views.db-wal", "views.db-shm"):
        (store / name).unlink(missing_ok=True)


def truncate_then_delete_views(store):
    truncate(store)
    for name in ("views.db", "views.db-wal", "views.db-shm"):
        (store / name).unlink(missing_ok=True)


def edit_views(store):
    with sqlite3.connect(store / "views.db") as connection:
        connection.execute("UPDATE records SET summary = 'Nothing.' WHERE rowid = 2")


def delete_views_rows(store):
    with sqlite3.connect(store / "views.db") as connection:
        connection.execute("DELETE FROM case_status")


STORE_ATTACKS: dict[str, Callable[[Path], None]] = {
    "edit a stored event": edit,
    "delete a stored event": delete,
    "truncate the tail": truncate,
    "reorder two events": reorder,
    "insert a backdated event": insert_backdated,
    "edit an event, delete the views": edit_then_delete_views,
    "truncate the tail, delete the views": truncate_then_delete_views,
    "edit the views": edit_views,
    "delete rows of the views": delete_views_rows,
}


@pytest.fixture
def kept(seeded, store, tmp_path):
    """A seeded store whose views are current, and what an auditor kept of it."""
    seeded.ok("status")
    seeded.ok("keygen", "example.org/log", "--out", str(tmp_path / "k"))
    seeded.ok("checkpoint", "--key", str(tmp_path / "k.key"), "--out", str(tmp_path / "note"))
    seeded.ok("export", "--full", str(tmp_path / "old.jsonl"))
    anchors = ["--checkpoint", str(tmp_path / "note"), "--pubkey", str(tmp_path / "k.pub")]
    return seeded, anchors


@pytest.mark.parametrize("attack", STORE_ATTACKS, ids=list(STORE_ATTACKS))
def test_every_alteration_of_a_store_is_caught(kept, store, attack, figures):
    ccc, anchors = kept
    STORE_ATTACKS[attack](store)
    alone = ccc("verify").exit_code != 0
    anchored = ccc("verify", *anchors).exit_code != 0
    figures("Tampering: the store", f"{attack}: caught by verify alone", 1, int(alone))
    figures("Tampering: the store", f"{attack}: caught with a checkpoint", 1, int(anchored))
    assert alone or anchored
    if attack not in ("insert a backdated event", "edit the views", "delete rows of the views"):
        assert anchored  # a checkpoint catches every change to the records it covers


def rewrite_line(path: Path, number: int, change: Callable[[bytes], bytes]) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    lines[number - 1] = change(lines[number - 1])
    path.write_bytes(b"".join(lines))


def recompute(path: Path) -> None:
    """Make the export consistent again: every line's digest and the manifest's."""
    from ccc.audit.exports import parse_line
    from ccc.store.integrity import ZERO, canonical, digest, extend

    running, lines = ZERO, []
    for line in path.read_bytes().splitlines():
        if line.endswith(b'"withheld":true}'):  # a public export's: its digest only
            lines.append(line + b"\n")
            running = extend(running, json.loads(line)["digest"])
            continue
        _, originator, version, topic, stored, raw = parse_line(line)
        new = digest(originator, version, topic, stored)
        lines.append(b'{"digest":"%s","record":%s}\n' % (new.encode(), raw))
        running = extend(running, new)
    path.write_bytes(b"".join(lines))
    manifest_path = Path(f"{path}.manifest.json")
    manifest = json.loads(manifest_path.read_text())
    manifest.update(records=len(lines), final_digest=running.hex())
    manifest_path.write_bytes(canonical(manifest))


def export_edit(path):
    rewrite_line(path, 7, lambda line: line.replace(b'"summary":"', b'"summary":"X', 1))


def export_edit_consistently(path):
    export_edit(path)
    recompute(path)


def export_delete(path):
    rewrite_line(path, 9, lambda line: b"")


def export_delete_consistently(path):
    export_delete(path)
    recompute(path)


def export_truncate_consistently(path):
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-2]))
    recompute(path)


def export_reorder_consistently(path):
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2], lines[3] = lines[3], lines[2]
    path.write_bytes(b"".join(lines))
    recompute(path)


def manifest_edit(path):
    manifest_path = Path(f"{path}.manifest.json")
    manifest = json.loads(manifest_path.read_text())
    manifest["records"] -= 1
    manifest_path.write_text(json.dumps(manifest))


EXPORT_ATTACKS: dict[str, Callable[[Path], None]] = {
    "edit a line": export_edit,
    "edit a line, recompute every digest": export_edit_consistently,
    "delete a line": export_delete,
    "delete a line, recompute every digest": export_delete_consistently,
    "truncate the tail, recompute every digest": export_truncate_consistently,
    "reorder two lines, recompute every digest": export_reorder_consistently,
    "edit the manifest": manifest_edit,
}


@pytest.mark.parametrize("attack", EXPORT_ATTACKS, ids=list(EXPORT_ATTACKS))
def test_every_alteration_of_an_export_is_caught(kept, tmp_path, attack, figures):
    ccc, anchors = kept
    path = tmp_path / "old.jsonl"
    EXPORT_ATTACKS[attack](path)
    alone = ccc("verify", str(path)).exit_code != 0
    anchored = ccc("verify", str(path), *anchors).exit_code != 0
    figures("Tampering: an export", f"{attack}: caught by verify alone", 1, int(alone))
    figures("Tampering: an export", f"{attack}: caught with a checkpoint", 1, int(anchored))
    assert anchored


def _state_change(path: Path, number: int, old: bytes, new: bytes) -> None:
    """Change a record's state on one line, then make every digest consistent again."""
    rewrite_line(path, number, lambda line: line.replace(old, new, 1))
    recompute(path)


def _a_later_version(path: Path) -> int:
    """The line number of the first event that is not its aggregate's first."""
    lines = path.read_bytes().splitlines()
    return next(n for n, line in enumerate(lines, 1) if b'"_prev":"' in line)


def _shift_time(path: Path, number: int, hours: int) -> None:
    from datetime import datetime, timedelta

    line = path.read_bytes().splitlines()[number - 1]
    stamp = json.loads(line)["record"]["state"]["timestamp"]
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00")) - timedelta(hours=hours)
    _state_change(path, number, stamp.encode(), when.strftime("%Y-%m-%dT%H:%M:%S.%fZ").encode())


AGREEMENT_ATTACKS: dict[str, Callable[[Path], None]] = {
    "nothing (an untouched export)": lambda path: None,
    **EXPORT_ATTACKS,
    "a space in a state, every digest recomputed": lambda path: _state_change(
        path, 5, b'"summary":"', b'"summary": "'
    ),
    "a recorded time without its zone, every digest recomputed": lambda path: _state_change(
        path, 6, b'Z","', b'","'
    ),
    "a link to another version, every digest recomputed": lambda path: _state_change(
        path, _a_later_version(path), b'"_prev":"', b'"_prev":"0'
    ),
    "a record backdated two hours, every digest recomputed": lambda path: _shift_time(path, 20, 2),
}


def documented_verifier(tmp_path: Path) -> Path:
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "export-format.md").read_text(encoding="utf-8")
    script = doc.split("## Checking an export by hand", 1)[1].split("```python", 1)[1]
    verifier = tmp_path / "verifier.py"
    verifier.write_text(script.split("```", 1)[0], encoding="utf-8")
    return verifier


@pytest.mark.parametrize("public", [False, True], ids=["full export", "public export"])
@pytest.mark.parametrize("attack", AGREEMENT_ATTACKS, ids=list(AGREEMENT_ATTACKS))
def test_ccc_verify_and_the_documented_verifier_agree(seeded, tmp_path, attack, public, figures):
    import subprocess
    import sys

    seeded.ok("record", "note", "--occurred", "2025-02-01", "--summary", "Restricted.",
              "--restricted")  # fmt: skip
    note = seeded.ok("record", "note", "--occurred", "2025-02-02", "--summary", "Publc.")
    seeded.ok("correct", note.strip(), "--set", "summary=Public.", "--reason", "A typo.")
    path = tmp_path / "old.jsonl"
    seeded.ok("export", "--public" if public else "--full", str(path))
    if public:
        assert b'"withheld":true' in path.read_bytes()
    AGREEMENT_ATTACKS[attack](path)
    ours = seeded("verify", str(path))
    assert "Traceback" not in ours.stderr, ours.stderr
    theirs = subprocess.run(
        [sys.executable, str(documented_verifier(tmp_path)), str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Traceback" not in theirs.stderr, theirs.stderr
    assert (ours.exit_code == 0) == (theirs.returncode == 0), (ours.stderr, theirs.stderr)
    if attack.startswith("nothing"):
        assert ours.exit_code == 0, ours.stderr
    elif attack not in EXPORT_ATTACKS:  # what neither digest nor manifest shows, caught alone
        assert ours.exit_code == 1, ours.stdout
    figures(
        "Tampering: ccc verify and the documented verifier",
        f"{attack} ({'public' if public else 'full'} export): the same verdict",
        1, 1,
    )  # fmt: skip
