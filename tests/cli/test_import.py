"""`ccc import FILE.yaml`: all records or none, and the same file twice records nothing new."""

import json
import textwrap

import pytest

from tests.conftest import SEED, event_count, log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def write(tmp_path, text):
    path = tmp_path / "records.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_importing_the_same_file_twice_records_nothing_new(ccc, store):
    assert "Imported 25 new record(s)" in ccc.ok("import", str(SEED))
    before = log_digest(store)
    assert "Imported 0 new record(s)" in ccc.ok("import", str(SEED))
    assert "25 were already in the log" in ccc.ok("import", str(SEED))
    assert log_digest(store) == before


def test_one_bad_record_means_nothing_is_written_and_the_error_names_it(ccc, store, tmp_path):
    path = write(
        tmp_path,
        """\
        - kind: case-open
          reference: c-1
          title: A case
          occurred: 2025-01-01
        - kind: note
          occurred: 2025-01-02
          summary: Fine.
          case: c-1
        - kind: letter
          occurred: 2025-01-03
          to: Atlantis
          subject: Greetings
          summary: A letter to nowhere.
    """,
    )
    error = ccc.refuses("import", path)
    assert error.startswith("Record 3 (letter): field 'to'")
    assert "'Atlantis' is not a State" in error
    assert log_digest(store) == "no log"  # on SQLite, no folder either
    assert isinstance(store, str) or not store.exists()


def test_a_rule_broken_late_in_the_file_writes_nothing(seeded, store, tmp_path):
    before = log_digest(store)
    path = write(
        tmp_path,
        """\
        - kind: note
          occurred: 2025-01-02
          summary: A new note.
        - kind: case-close
          reference: article9-2025
          outcome: done
          occurred: 2025-12-02
        - kind: case-close
          reference: article9-2025
          outcome: done again
          occurred: 2025-12-03
    """,
    )
    error = seeded.refuses("import", path)
    assert error.startswith("Record 3 (case-close): case article9-2025 is already closed")
    assert log_digest(store) == before


def test_records_in_a_file_may_open_a_case_and_reply_to_each_other(ccc, store, tmp_path):
    path = write(
        tmp_path,
        """\
        - kind: case-open
          reference: c-2
          title: A case
          state: Peru
          occurred: 2025-01-01
        - kind: letter
          label: ask
          occurred: 2025-01-03
          to: Peru
          subject: Questions
          summary: Asked Peru.
          case: c-2
        - kind: communication
          occurred: 2025-02-01
          from: Peru
          in_reply_to: ask
          summary: Peru answered.
          case: c-2
    """,
    )
    ccc.ok("import", path)
    assert event_count(store) == 3
    [row] = ccc.json("status")
    assert (row["status"], row["awaiting_reply"]) == ("in dialogue", [])


def test_an_unknown_kind_or_field_is_named(ccc, tmp_path):
    assert "kind 'memo' is not one of" in ccc.refuses(
        "import", write(tmp_path, "- {kind: memo, occurred: 2025-01-01, summary: x}\n")
    )
    error = ccc.refuses(
        "import", write(tmp_path, "- {kind: note, occurred: 2025-01-01, summary: x, colour: red}\n")
    )
    assert error.startswith("Record 1 (note): field 'colour' is not known for this kind")


def test_a_file_that_is_not_a_list_of_records_is_refused(ccc, tmp_path):
    assert "must hold a list" in ccc.refuses("import", write(tmp_path, "kind: note\n"))
    assert "not valid YAML" in ccc.refuses("import", write(tmp_path, "- [unclosed\n"))
    assert "Cannot read" in ccc.refuses("import", str(tmp_path / "missing.yaml"))


def _records(ccc):
    """What the log holds, without the times and ids of the recording."""
    return sorted(
        (row["kind"], row["occurred"], row["summary"], tuple(row["parties"]))
        for row in ccc.json("log")
    )


def _line(**record):
    return f"- {json.dumps(record, ensure_ascii=True)}\n"


A_RECORD_A_LINE = "".join(
    [
        "# written by a program: a record a line, each mapping in JSON\n",
        _line(kind="case-open", reference="c-1", title="A case", occurred="2025-01-01"),
        _line(kind="letter", label="ask", occurred="2025-01-03", to="Peru", subject="Mines",
              summary="A letter to Peru.", case="c-1", reply_requested_by="2025-02-03"),
        "\n",
        _line(kind="communication", occurred="2025-01-20", **{"from": "Peru"},
              in_reply_to="ask", summary="Peru’s reply.", case="c-1"),
        _line(kind="stockpile-declared", state="PER", occurred="2000-06", number=338356),
    ]
)  # fmt: skip
AS_BLOCK_YAML = """\
- kind: case-open
  reference: c-1
  title: A case
  occurred: 2025-01-01
- kind: letter
  label: ask
  occurred: 2025-01-03
  to: Peru
  subject: Mines
  summary: A letter to Peru.
  case: c-1
  reply_requested_by: 2025-02-03
- kind: communication
  occurred: 2025-01-20
  from: Peru
  in_reply_to: ask
  summary: "Peru\\u2019s reply."
  case: c-1
- kind: stockpile-declared
  state: PER
  occurred: 2000-06
  number: 338356
"""


def test_a_file_written_a_record_a_line_imports_as_its_yaml_would(ccc, tmp_path, monkeypatch):
    """Read a line at a time (the json module), such a file gives what the YAML parser
    gives for the same records: the same log, labels and replies included."""
    lines = tmp_path / "lines.yaml"
    lines.write_text(A_RECORD_A_LINE, encoding="utf-8")
    assert "Imported 4 new record(s)" in ccc.ok("import", str(lines))
    by_lines = _records(ccc)
    assert ("communication", "2025-01-20", "Peru’s reply.", ("PER",)) in by_lines
    [case] = ccc.json("status")
    assert case["awaiting_reply"] == []  # the reply named its letter by label
    monkeypatch.setenv("CCC_STORE", str(tmp_path / "other"))
    block = tmp_path / "block.yaml"
    block.write_text(AS_BLOCK_YAML, encoding="utf-8")
    assert "Imported 4 new record(s)" in ccc.ok("import", str(block))
    assert _records(ccc) == by_lines


def test_a_line_yaml_reads_otherwise_is_read_by_yaml_and_refused_alike(ccc, store, tmp_path):
    """1e5 is a number to JSON and text to YAML 1.1: from the line that holds it, the file
    is read by the YAML parser, and the refusal is the one a block file gets."""
    before = log_digest(store)
    line = (
        '- {"kind": "stockpile-declared", "state": "PER", "occurred": "2000-06", "number": 1e5}\n'
    )
    first = '- {"kind": "note", "occurred": "2025-01-02", "summary": "A note."}\n'
    error = ccc.refuses("import", write(tmp_path, first + line))
    block = "- kind: stockpile-declared\n  state: PER\n  occurred: 2000-06\n  number: 1e5\n"
    assert error == ccc.refuses("import", write(tmp_path, first + block))
    assert error.startswith("Record 2 (stockpile-declared): field 'number'")
    assert log_digest(store) == before
    # A later line in YAML's own flow style: the lines before it read as JSON, it by YAML.
    mixed = first + "- {kind: note, occurred: 2025-01-03, summary: Another note.}\n"
    assert "Imported 2 new record(s)" in ccc.ok("import", write(tmp_path, mixed))
    assert {"A note.", "Another note."} <= {row["summary"] for row in ccc.json("log")}


SPOOLED = """\
- kind: case-open
  reference: c-9
  title: A long case
  occurred: 2025-01-01
- kind: letter
  label: ask
  occurred: 2025-01-03
  to: Peru
  subject: Questions
  summary: Asked Peru.
  case: c-9
  reply_requested_by: 2025-02-03
- kind: note
  label: n
  occurred: 2025-01-04
  summary: A note by mistake.
  case: c-9
- kind: meeting
  label: m
  with: Peru
  occurred: 2025-01-05
  summary: Met Peru.
  case: c-9
- kind: note
  occurred: 2025-01-06
  summary: Another note.
- kind: note
  occurred: 2025-01-06
  summary: Another note.
- kind: communication
  occurred: 2025-02-01
  from: Peru
  in_reply_to: ask
  summary: Peru answered.
  case: c-9
- kind: correct
  id: m
  set: {occurred: 2025-01-07, with: [Peru, Chile]}
  reason: Chile joined; the date was wrong.
- kind: retract
  id: n
  reason: Recorded by mistake.
- kind: case-close
  reference: c-9
  occurred: 2025-03-01
  outcome: Peru answered every question.
"""


def _log(store):
    """Every stored event's aggregate, version and content, in log order, without the
    times and links that differ between two imports."""
    import sqlite3

    with sqlite3.connect(store / "events.db") as connection:
        return connection.execute(
            "SELECT originator_id, originator_version, topic, json_remove(json_remove("
            "CAST(state AS TEXT), '$.timestamp'), '$._prev') FROM stored_events ORDER BY rowid"
        ).fetchall()


def test_a_batch_larger_than_its_memory_spools_and_writes_the_same_log(
    ccc, store, tmp_path, monkeypatch, backend
):
    """An import beyond SPOOL_AFTER events keeps the rest on disk until its commit, and
    its labels beyond SPILL_AFTER: made small here, the same file gives the same log as in
    memory, corrections, retractions, replies by label and a record given twice included;
    and a refusal after the spool began still writes nothing."""
    from ccc.application import labels, secretariat

    path = write(tmp_path, SPOOLED)
    if backend == "postgresql":  # its recorder's own insert, from the spool
        monkeypatch.setattr(secretariat, "SPOOL_AFTER", 2)
    first = ccc.ok("import", path)  # the note given twice is one record
    assert "Imported 9 new record(s)" in first and "; 1 were already in the log" in first
    assert "Imported 0 new record(s)" in ccc.ok("import", path)
    [case] = ccc.json("status")
    assert (case["status"], case["records"]) == ("closed", 5)
    assert "every digest holds" in ccc.ok("verify", "--log-only")
    if backend == "postgresql":
        return
    in_memory = _log(store)
    other = tmp_path / "other"
    monkeypatch.setenv("CCC_STORE", str(other))
    monkeypatch.setattr(secretariat, "SPOOL_AFTER", 2)
    monkeypatch.setattr(labels, "SPILL_AFTER", 2)  # "ask" and "n" on disk, "m" not yet
    again = SPOOLED + "- kind: note\n  label: ask\n  occurred: 2025-03-02\n  summary: Again.\n"
    assert ccc.refuses("import", write(tmp_path, again)).startswith(
        "Record 11: the label 'ask' is already record 2's"
    )
    refused = SPOOLED + "- kind: note\n  occurred: 2025-02-30\n  summary: No such day.\n"
    assert ccc.refuses("import", write(tmp_path, refused)).startswith("Record 11 (note)")
    assert not other.exists()  # nothing written, not even the store
    assert "Imported 9 new record(s)" in ccc.ok("import", write(tmp_path, SPOOLED))
    assert _log(other) == in_memory
    [case] = ccc.json("status")
    assert (case["status"], case["records"]) == ("closed", 5)
    assert "0 new record(s)" in ccc.ok("import", path)  # found in the log, spooled or not


AMENDED_TWICE = """\
- kind: note
  label: x
  occurred: 2025-01-01
  summary: First words.
- kind: correct
  id: x
  set: {summary: Second words.}
  reason: Worded badly.
- kind: note
  occurred: 2025-01-02
  summary: Something else.
- kind: correct
  id: x
  set: {summary: Third words.}
  reason: Worded badly again.
- kind: retract
  id: x
  reason: Not worth keeping.
"""


def test_a_record_amended_again_after_its_events_were_spooled_builds_on_them(
    ccc, store, tmp_path, monkeypatch, backend
):
    """Spooled, a record of the batch is read back from the spool, all of its events, to
    be amended again: every link of the chain holds, and on SQLite the log is the same as
    the one written from memory."""
    from ccc.application import secretariat

    path = write(tmp_path, AMENDED_TWICE)
    monkeypatch.setattr(secretariat, "SPOOL_AFTER", 1)
    assert "Imported 5 new record(s)" in ccc.ok("import", path)
    assert "every digest holds" in ccc.ok("verify", "--log-only")
    [note] = [row for row in ccc.json("log") if row["retracted"]]
    assert note["summary"] == "Third words."
    if backend == "postgresql":
        return
    spooled = _log(store)
    monkeypatch.setenv("CCC_STORE", str(tmp_path / "other"))
    monkeypatch.setattr(secretariat, "SPOOL_AFTER", 5_000)
    assert "Imported 5 new record(s)" in ccc.ok("import", path)
    assert _log(tmp_path / "other") == spooled
