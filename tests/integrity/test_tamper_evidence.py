"""Append-only storage, tamper evidence, exports an auditor verifies offline, checkpoints."""

import json
import sqlite3
from pathlib import Path

import pytest
import rfc8785

from ccc.domain.case import Case
from ccc.domain.record import Record, every_kind
from ccc.store.integrity import canonical
from tests.conftest import event_count, log_digest
from tests.projections.test_catch_up import dump


def raw_sql(store: Path, *statements: str, drop_triggers: bool = False) -> None:
    with sqlite3.connect(store / "events.db") as connection:
        if drop_triggers:  # as an attacker with the file would
            connection.execute("DROP TRIGGER IF EXISTS stored_events_no_update")
            connection.execute("DROP TRIGGER IF EXISTS stored_events_no_delete")
        for statement in statements:
            connection.execute(statement)


@pytest.fixture
def audited(seeded):
    seeded.ok("status")  # the views read (and keep the digest of) every record
    return seeded


def test_the_store_refuses_update_and_delete(audited, store):
    before = log_digest(store)
    for statement in (
        "UPDATE stored_events SET topic = 'x' WHERE rowid = 1",
        "DELETE FROM stored_events WHERE rowid = 1",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw_sql(store, statement)
    assert log_digest(store) == before


def test_an_untouched_store_verifies(audited):
    report = json.loads(audited.ok("verify", "--json"))
    assert (report["ok"], report["records"], report["views_compared"]) == (True, 25, 25)
    assert "Verified 25 records in the store" in audited.ok("verify")


EDIT = (
    "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
    '\'"summary":"\', \'"summary":"X\') AS BLOB) WHERE rowid = {}'
)


@pytest.mark.parametrize(
    ("attack", "position", "says"),
    [
        ([EDIT.format(7)], 7, "its stored content was changed"),
        (["DELETE FROM stored_events WHERE rowid = 9"], 9, "record 9 is missing"),
        (
            [
                "UPDATE stored_events SET rowid = -1 WHERE rowid = 3",
                "UPDATE stored_events SET rowid = 3 WHERE rowid = 4",
                "UPDATE stored_events SET rowid = 4 WHERE rowid = -1",
            ],
            3,
            "were moved",
        ),
        (["DELETE FROM stored_events WHERE rowid = 25"], 25, "removed from its end"),
    ],
    ids=["edit a byte", "delete a row", "swap two rows", "delete the last row"],
)
def test_tampering_is_detected_and_the_first_altered_record_named(
    audited, store, attack, position, says
):
    raw_sql(store, *attack, drop_triggers=True)
    result = audited("verify")
    assert result.exit_code == 1
    assert says in result.stderr.lower()
    report = json.loads(audited("verify", "--json").stdout)
    assert report["ok"] is False
    assert min(p["position"] for p in report["problems"]) == position


def test_an_edited_case_event_also_breaks_its_aggregate_chain(audited, store):
    [opening] = audited.json("log", "--kind", "case-open", "--case", "ukraine-art1-2025")
    position = opening["position"]
    audited.ok(
        "case", "close", "ukraine-art1-2025", "--outcome", "done", "--occurred", "2025-12-05"
    )
    audited.ok("status")
    raw_sql(store, EDIT.format(position), drop_triggers=True)
    problems = json.loads(audited("verify", "--json").stdout)["problems"]
    assert any(
        "links to a previous version that is not the one stored" in p["problem"] for p in problems
    )


def test_views_are_not_rebuilt_over_the_evidence(audited, store):
    raw_sql(store, EDIT.format(5), drop_triggers=True)
    assert "the log does not verify" in audited.refuses("rebuild").lower()
    assert audited("verify").exit_code == 1  # the evidence is still there
    audited.ok("rebuild", "--force")
    raw_sql(store, "DELETE FROM stored_events WHERE rowid = 25", drop_triggers=True)
    assert "records were removed from the log" in audited.refuses("status")


def export(ccc, tmp_path, name="log.jsonl"):
    path = tmp_path / name
    ccc.ok("export", "--full", str(path))
    return path


def test_an_export_verifies_offline_and_reimports_to_identical_views(audited, store, tmp_path):
    audited.ok(
        "correct",
        audited.json("log", "--kind", "workshop")[0]["id"],
        "--set",
        "format=hybrid",
        "--reason",
        "It was hybrid.",
    )
    audited.ok("status")
    path = export(audited, tmp_path)
    manifest = json.loads(Path(f"{path}.manifest.json").read_text())
    assert (manifest["records"], manifest["format"]) == (26, "ccc-export/1")
    assert "every digest holds" in audited.ok("verify", str(path))
    lines = path.read_bytes().splitlines()
    assert all(line == rfc8785.dumps(json.loads(line)) for line in lines)  # canonical
    other = tmp_path / "restored"
    audited.ok("--store", str(other), "import", str(path))
    audited.ok("--store", str(other), "status")
    assert dump(other) == dump(store)


def test_an_export_is_refused_into_a_store_that_holds_records(audited, tmp_path):
    path = export(audited, tmp_path)
    assert "only be imported into an empty store" in audited.refuses("import", str(path))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda lines: [lines[0].replace(b"Belgium", b"Belgique"), *lines[1:]], "record 2 "),
        (lambda lines: lines[:-1], "the manifest counts 25 records but the export holds 24"),
        (lambda lines: [lines[1], lines[0], *lines[2:]], "give the manifest's final digest"),
    ],
    ids=["edit a record", "drop the last line", "swap two lines"],
)
def test_a_changed_export_does_not_verify(audited, tmp_path, change, says):
    path = export(audited, tmp_path)
    lines = path.read_bytes().splitlines()
    if says == "record 2 ":  # the focal point record names Belgium: find it
        index = next(
            i for i, line in enumerate(lines) if b"Belgium as the Committee's gender" in line
        )
        lines[index] = lines[index].replace(b"Belgium as the", b"Belgique as the")
        says = f"record {index + 1} "
    else:
        lines = change(lines)
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = audited("verify", str(path))
    assert result.exit_code == 1 and says in result.stderr.lower(), result.stderr


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda record: record.replace(record[18:26], record[18:26].upper(), 1),  # id's case
        lambda record: record.replace(b'"originator_version":1,', b'"originator_version":01,'),
        lambda record: record.replace(b',"topic":"ccc.', b',"topic":"\\u0063cc.'),  # escaped
        lambda record: record + b" ",  # a space after the record
    ],
    ids=["upper-case id", "version 01", "escaped topic", "trailing space"],
)
def test_a_record_not_written_canonically_is_not_read_as_one(audited, tmp_path, rewrite):
    """An export line's record is its envelope only when each part is written as the
    envelope writes it; the same record written otherwise is refused, not parsed."""
    from ccc.audit.exports import parse_line
    from ccc.store.integrity import envelope

    line = export(audited, tmp_path).read_bytes().splitlines()[0]
    _, originator, version, topic, state, record = parse_line(line)
    assert envelope(originator, version, topic, state) == record
    changed = line.replace(record, rewrite(record))
    assert changed != line
    with pytest.raises(ValueError, match=r"canonical|not a ccc"):
        parse_line(changed)


def test_an_export_extends_an_earlier_one_or_says_history_was_rewritten(audited, tmp_path):
    first = export(audited, tmp_path, "first.jsonl")
    audited.ok("record", "note", "--occurred", "2025-12-05", "--summary", "Later.")
    second = export(audited, tmp_path, "second.jsonl")
    old = f"{first}.manifest.json"
    assert "the earlier export's manifest" in audited.ok(
        "verify", str(second), "--since-manifest", old
    )
    rewritten = tmp_path / "rewritten.jsonl"
    lines = second.read_bytes().splitlines()
    rewritten.write_bytes(b"\n".join([lines[1], lines[0], *lines[2:]]) + b"\n")
    Path(f"{rewritten}.manifest.json").write_bytes(Path(f"{second}.manifest.json").read_bytes())
    error = audited.refuses("verify", str(rewritten), "--since-manifest", old)
    assert "history up to there was rewritten" in error


def test_a_signed_checkpoint_is_checked_against_the_store_and_an_export(audited, store, tmp_path):
    keys = tmp_path / "keys" / "committee"
    keys.parent.mkdir()
    audited.ok("keygen", "example.org/ccc-log", "--out", str(keys))
    note = tmp_path / "checkpoint.txt"
    audited.ok("checkpoint", "--key", f"{keys}.key", "--out", str(note))
    text = note.read_text()
    assert text.startswith("example.org/ccc-log\n25\n")
    assert "\n\n\u2014 example.org/ccc-log " in text
    pub = ["--checkpoint", str(note), "--pubkey", f"{keys}.pub"]
    assert "the checkpoint signed for example.org/ccc-log" in audited.ok("verify", *pub)
    path = export(audited, tmp_path)
    assert "the checkpoint signed for" in audited.ok("verify", str(path), *pub)
    private = Path(f"{keys}.key").read_text().strip().removeprefix("PRIVATE+KEY+").split("+", 2)[2]
    for place in (*store.iterdir(), path, Path(f"{path}.manifest.json")):
        assert private.encode() not in place.read_bytes()
    altered = tmp_path / "altered.txt"
    altered.write_text(text.replace("\n25\n", "\n24\n"))
    assert "does not verify" in audited.refuses(
        "verify", "--checkpoint", str(altered), "--pubkey", f"{keys}.pub"
    )
    audited.ok("keygen", "example.org/other", "--out", str(tmp_path / "other"))
    assert "is not signed by the key" in audited.refuses(
        "verify", "--checkpoint", str(note), "--pubkey", str(tmp_path / "other.pub")
    )
    raw_sql(store, EDIT.format(3), drop_triggers=True)
    assert "does not verify" in audited.refuses("checkpoint", "--key", f"{keys}.key")


def test_keys_are_never_written_inside_the_store(audited, store):
    assert "is inside the store" in audited.refuses(
        "keygen", "example.org/log", "--out", str(store / "key")
    )


def test_a_fresh_rebuild_matches_the_live_views_table_by_table(audited, store):
    assert "every table matches" in audited.ok("rebuild", "--check")
    with sqlite3.connect(store / "views.db") as connection:
        connection.execute("UPDATE records SET summary = 'edited' WHERE rowid = 1")
    error = audited.refuses("rebuild", "--check")
    assert "differs from the live views in: records" in error
    audited.ok("rebuild")
    assert "every table matches" in audited.ok("rebuild", "--check")


def test_canonical_json_is_rfc8785_for_every_kind_of_stored_event(audited, store):
    with sqlite3.connect(store / "events.db") as connection:
        states = [row[0] for row in connection.execute("SELECT state FROM stored_events")]
    assert len(states) == event_count(store)
    for state in states:
        assert state == rfc8785.dumps(json.loads(state)) == canonical(json.loads(state))


def test_no_stored_event_has_a_float_field():
    """canonical() equals RFC 8785 for values without floats; keep it that way."""
    classes = [
        *every_kind().values(),
        Record.Corrected,
        Record.Retracted,
        Case.Opened,
        Case.Closed,
        Case.Reopened,
        Case.Corrected,
        Case.Retracted,
    ]
    for cls in classes:
        for name, info in cls.model_fields.items():
            assert "float" not in str(info.annotation), (cls, name)


def test_the_documented_verifier_accepts_an_export_and_rejects_an_altered_one(audited, tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "export-format.md").read_text(encoding="utf-8")
    script = doc.split("## Checking an export by hand", 1)[1].split("```python", 1)[1]
    verifier = tmp_path / "verifier.py"
    verifier.write_text(script.split("```", 1)[0], encoding="utf-8")
    path = export(audited, tmp_path)

    def run():
        return subprocess.run(
            [sys.executable, str(verifier), str(path)], capture_output=True, text=True, check=False
        )

    result = run()
    assert result.returncode == 0, result.stderr
    manifest = json.loads(Path(f"{path}.manifest.json").read_text())
    assert result.stdout.strip() == f"25 records verified; final digest {manifest['final_digest']}"
    path.write_bytes(path.read_bytes().replace(b"Geneva", b"Genf", 1))
    assert "does not match its digest" in run().stderr
