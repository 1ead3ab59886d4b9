"""Bad input: one clear sentence on stderr, a non-zero exit, no traceback, nothing written."""

import re

import pytest

from tests.conftest import log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

REFUSALS = [
    pytest.param(
        ["case", "open", "ukraine-art1-2025", "--title", "Again", "--occurred", "2025-01-01"],
        "case ukraine-art1-2025 already exists",
        id="duplicate case reference",
    ),
    pytest.param(
        ["record", "note", "--case", "no-such-case", "--occurred", "2025-01-01", "--summary", "x"],
        "there is no case 'no-such-case'",
        id="unknown case",
    ),
    pytest.param(
        [
            "record",
            "communication",
            "--from",
            "Ukraine",
            "--in-reply-to",
            "deadbeef",
            "--occurred",
            "2025-03-01",
            "--summary",
            "A reply.",
        ],
        "there is no record with id 'deadbeef'",
        id="reply to an unknown record",
    ),
    pytest.param(
        ["case", "reopen", "ukraine-art1-2025", "--reason", "x", "--occurred", "2025-09-01"],
        "case ukraine-art1-2025 is open; only a closed case can be reopened",
        id="reopen an open case",
    ),
    pytest.param(
        ["record", "note", "--occurred", "2025-02-30", "--summary", "x"],
        "--occurred: '2025-02-30' is not a valid date; use EDTF",
        id="invalid date",
    ),
    pytest.param(
        ["record", "note", "--occurred", "2999-01-01", "--summary", "x"],
        "'2999-01-01' is after today",
        id="date after today",
    ),
    pytest.param(
        ["record", "note", "--occurred", "2025-01-01", "--summary", "   "],
        "--summary must not be empty",
        id="empty summary",
    ),
    pytest.param(
        [
            "record",
            "letter",
            "--to",
            "Ukrane",
            "--subject",
            "s",
            "--occurred",
            "2025-01-01",
            "--summary",
            "x",
        ],
        "--to: 'Ukrane' is not a State, organisation or group we know (closest: Ukraine (UKR)",
        id="unknown party with closest matches",
    ),
    pytest.param(
        [
            "record",
            "meeting",
            "--with",
            "Ukraine",
            "--format",
            "margins",
            "--occurred",
            "2025-01-01",
            "--summary",
            "x",
        ],
        "format 'margins' needs margins-of",
        id="margins without the meeting",
    ),
    pytest.param(
        ["status", "--as-of", "July 2025"],
        "--as-of 'July 2025' is not a calendar day; use YYYY-MM-DD",
        id="as-of not a day",
    ),
    pytest.param(
        ["record", "article7-report", "--state", "Chile", "--year", "soon", "--occurred", "2011"],
        "--year ('soon') must be a whole number.",
        id="a year that is not a number",
    ),
    pytest.param(
        ["status", "--limit", "two"],
        "--limit': 'two' is not a valid whole number",
        id="a limit that is not a number",
    ),
    pytest.param(
        ["status", "--limit", "-1"],
        "--limit': -1 is out of range: give 0 or more",
        id="a negative limit, said in words",
    ),
    pytest.param(
        ["report", "summary", "--year", "1800"],
        "--year': 1800 is out of range: give 1997 to 2100",
        id="a year before the Convention, said in words",
    ),
    pytest.param(
        ["serve", "--refresh", "-1", "--build-only"],
        "--refresh': -1 is out of range: give 0 or more",
        id="a negative refresh, said in words",
    ),
    pytest.param(
        ["history", "ukraine-2025"],
        "there is no case 'ukraine-2025' (closest: ukraine-art1-2025",
        id="history of an unknown case",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_a_refusal_says_what_is_wrong_and_writes_nothing(seeded, store, args, message):
    before = log_digest(store)
    error = seeded.refuses(*args)
    assert message.lower() in error.lower()
    assert log_digest(store) == before


def test_closing_a_closed_case_is_refused_and_writes_nothing(seeded, store):
    seeded.ok(
        "case",
        "close",
        "ukraine-art1-2025",
        "--outcome",
        "no further action",
        "--occurred",
        "2025-12-05",
    )
    before = log_digest(store)
    error = seeded.refuses(
        "case", "close", "ukraine-art1-2025", "--outcome", "again", "--occurred", "2025-12-06"
    )
    assert "already closed" in error
    assert log_digest(store) == before


def test_a_refusal_on_a_new_store_leaves_no_store_behind(ccc, store):
    ccc.refuses("record", "note", "--case", "nothing", "--occurred", "2025-01-01", "--summary", "x")
    assert log_digest(store) == "no log"  # on SQLite, no folder either
    assert isinstance(store, str) or not store.exists()


def test_reading_a_store_that_does_not_exist_says_so(ccc, tmp_path):
    error = ccc.refuses("--store", str(tmp_path / "typo"), "status")
    assert "there is no ccc store at" in error.lower()


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--full", "{missing}/log.jsonl"],
        ["report", "case", "ukraine-art1-2025", "--out", "{missing}/case.md"],
        ["keygen", "example.org/log", "--out", "{missing}/key"],
        ["verify", "{missing}/log.jsonl"],
    ],
    ids=["export", "report", "keygen", "verify"],
)
def test_a_path_that_cannot_be_used_is_one_sentence(seeded, store, tmp_path, args):
    before = log_digest(store)
    missing = str(tmp_path / "no-such-folder")
    error = seeded.refuses(*[arg.format(missing=missing) for arg in args])
    assert "no-such-folder" in error
    assert log_digest(store) == before


def test_a_misspelt_command_is_told_the_nearest_one(ccc):
    for typed, meant in (
        (["stauts"], "status"),
        (["record", "leter"], "record letter"),
        (["case", "shwo", "x"], "case show"),
    ):
        result = ccc(*typed)
        assert result.exit_code == 2 and "Traceback" not in result.output
        said = " ".join(result.stderr.split())
        assert re.search(rf"did you mean [`']([^`']* )?{meant.split()[-1]}[`']\?", said, re.I), said
    assert "did you mean" not in ccc("xyzzy").stderr  # nothing near: nothing suggested


def test_a_correction_to_a_yes_or_no_field_says_what_it_takes(seeded, store):
    [note] = seeded.json("log", "--kind", "letter", "--limit", "1")
    before = log_digest(store)
    error = seeded.refuses("correct", note["id"], "--set", "restricted=maybe", "--reason", "x")
    assert error == "Field 'restricted' ('maybe') must be true or false."
    assert log_digest(store) == before
