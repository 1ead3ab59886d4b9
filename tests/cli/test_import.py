"""`ccc import FILE.yaml`: all records or none, and the same file twice records nothing new."""

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
