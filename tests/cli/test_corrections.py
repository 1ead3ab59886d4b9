"""Correct without editing: corrections and retractions are new records naming their target."""

import textwrap

import pytest

from tests.conftest import event_count, log_digest, signed

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def meeting_with_cambodia(ccc, day="2025-07-20"):
    [meeting] = [
        r for r in ccc.json("log", "--kind", "meeting", "--party", "KHM") if r["occurred"] == day
    ]
    return meeting


def test_a_correction_changes_what_views_show_and_keeps_the_original(seeded, store):
    meeting = meeting_with_cambodia(seeded)
    before = event_count(store)
    printed = seeded.ok(
        "correct",
        meeting["id"],
        "--set",
        "occurred=2025-07-24",
        "--reason",
        "The meeting followed the allegation; file 2025/117.",
        "--as",
        "auditor-1",
    ).strip()
    assert event_count(store) == before + 1  # a new record; nothing rewritten
    [now] = [r for r in seeded.json("log", "--kind", "meeting") if r["id"] == meeting["id"]]
    assert (now["occurred"], now["earliest"], now["amended_by"]) == (
        "2025-07-24",
        "2025-07-24",
        [printed],
    )
    history = seeded.json("history", "cambodia-thailand-2025")
    at = next(i for i, e in enumerate(history) if e["id"] == meeting["id"])
    original, correction = history[at], history[at + 1]
    assert (original["occurred"], original["status"]) == ("2025-07-20", "corrected")
    assert original["current"]["occurred"] == "2025-07-24"
    assert original["amended_by"] == [printed]
    assert correction["entry"] == "correction" and correction["id"] == printed
    assert correction["target"] == meeting["id"]
    assert correction["recorded_by"] == signed("auditor-1")
    assert correction["reason"].startswith("The meeting followed")
    assert correction["changes"]["occurred"] == {"from": "2025-07-20", "to": "2025-07-24"}


def test_a_retracted_record_leaves_status_and_counts(restricted_seed):
    seeded = restricted_seed
    before = {row["reference"]: row for row in seeded.json("status")}["article9-2025"]
    [letter] = seeded.json(
        "log", "--kind", "letter", "--case", "article9-2025", "--since", "2025-06-05"
    )
    seeded.ok("retract", letter["id"], "--reason", "Entered twice; see the letter of 4 June.")
    after = {row["reference"]: row for row in seeded.json("status")}["article9-2025"]
    assert after["records"] == before["records"] - 1
    assert after["restricted_records"] == before["restricted_records"] - 1
    assert seeded.json("case", "show", "article9-2025")["records_by_kind"]["letter"] == 2
    [marked] = [r for r in seeded.json("log") if r["id"] == letter["id"]]
    assert marked["retracted"] is True
    entries = seeded.json("history", "article9-2025")
    assert [e["entry"] for e in entries if e["id"] == letter["id"] or e.get("target")] == [
        "record",
        "retraction",
    ]


def test_retracting_a_closure_reopens_the_case(ccc):
    ccc.ok("case", "open", "c-1", "--title", "A case", "--occurred", "2025-01-01")
    closure = ccc.ok(
        "case", "close", "c-1", "--outcome", "done", "--occurred", "2025-02-01"
    ).strip()
    assert ccc.json("status")[0]["status"] == "closed"
    ccc.ok("retract", closure, "--reason", "Closed on the wrong case.")
    assert ccc.json("status")[0]["status"] == "open"
    ccc.ok("case", "close", "c-1", "--outcome", "done", "--occurred", "2025-03-01")
    assert ccc.json("status")[0]["status"] == "closed"


def test_correcting_a_case_opening_changes_the_board(ccc):
    opening = ccc.ok(
        "case",
        "open",
        "c-2",
        "--title",
        "Wrong title",
        "--state",
        "Peru",
        "--occurred",
        "2025-01-01",
    ).strip()
    ccc.ok(
        "correct",
        opening,
        "--set",
        "title=Right title",
        "--set",
        "state=Chile",
        "--set",
        "state=Peru",
        "--reason",
        "Both States are concerned.",
    )
    [row] = ccc.json("status")
    assert (row["title"], row["states"]) == ("Right title", ["CHL", "PER"])


def test_a_correction_can_move_a_record_to_another_case(ccc):
    for ref in ("c-a", "c-b"):
        ccc.ok("case", "open", ref, "--title", ref, "--occurred", "2025-01-01")
    note = ccc.ok(
        "record",
        "note",
        "--case",
        "c-a",
        "--occurred",
        "2025-02-01",
        "--summary",
        "Filed on the wrong case.",
    ).strip()
    ccc.ok("correct", note, "--set", "case=c-b", "--reason", "It concerns c-b.")
    assert [r["id"] for r in ccc.json("log", "--case", "c-a")] != [note]
    assert note in [r["id"] for r in ccc.json("log", "--case", "c-b")]
    assert [r["records"] for r in ccc.json("status")] == [1, 2]


def test_bad_amendments_are_refused_and_write_nothing(seeded, store):
    meeting = meeting_with_cambodia(seeded)
    opening = seeded.json("log", "--kind", "case-open", "--case", "ukraine-art1-2025")[0]
    seeded.ok("retract", meeting["id"], "--reason", "Not a meeting of the Committee.")
    before = log_digest(store)
    refusals = {
        ("correct", "deadbeef", "--set", "summary=x"): "there is no record with id 'deadbeef'",
        ("retract", meeting["id"]): "was retracted; a retracted record cannot be",
        ("correct", meeting["id"], "--set", "summary=x"): "was retracted",
        ("retract", opening["id"]): "opening of case ukraine-art1-2025 cannot be retracted",
        ("correct", opening["id"], "--set", "reference=other"): "reference cannot change",
        ("correct", opening["id"], "--set", "colour=red"): "'colour' is not a field",
        (
            "correct",
            opening["id"],
            "--set",
            "title=" + opening["details"]["title"],
        ): "nothing to correct",
        ("correct", opening["id"], "--set", "occurred=2999-01-01"): "is after today",
        ("correct", opening["id"], "--set", "nonsense"): "is not FIELD=VALUE",
    }
    for args, message in refusals.items():
        reason = [] if "--reason" in args else ["--reason", "because"]
        result = seeded(*args, *reason)
        assert result.exit_code != 0, args
        assert message.lower() in result.stderr.lower(), (args, result.stderr)
        assert "Traceback" not in result.output
    assert log_digest(store) == before


def test_corrections_work_through_import_and_import_twice_adds_nothing(ccc, store, tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text(
        textwrap.dedent("""\
        - kind: case-open
          reference: c-3
          title: A case
          occurred: 2025-01-01
        - kind: meeting
          label: m
          with: Peru
          occurred: 2025-02-01
          summary: Met Peru.
          case: c-3
        - kind: correct
          id: m
          set: {occurred: 2025-02-03, with: [Peru, Chile]}
          reason: Chile joined; the date was wrong.
        - kind: note
          label: n
          occurred: 2025-02-04
          summary: A note by mistake.
          case: c-3
        - kind: retract
          id: n
          reason: Recorded by mistake.
    """),
        encoding="utf-8",
    )
    ccc.ok("import", str(path))
    assert event_count(store) == 5
    [meeting] = ccc.json("log", "--kind", "meeting")
    assert (meeting["occurred"], meeting["parties"]) == ("2025-02-03", ["PER", "CHL"])
    assert ccc.json("status")[0]["records"] == 2  # the opening and the meeting
    assert "0 new record(s)" in ccc.ok("import", str(path))
    assert event_count(store) == 5
