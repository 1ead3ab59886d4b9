"""Every record kind, recorded through the CLI and read back from the store."""

import pytest

from tests.conftest import event_count, signed

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

COMMON = ["--occurred", "2025-03-17", "--summary", "Something happened."]
KINDS = [
    (
        "committee-constituted",
        ["--member", "Belgium", "--member", "Peru", "--chair", "Japan", "--period", "2025/2026"],
        ["BEL", "PER"],
    ),
    ("focal-point", ["--state", "Belgium", "--area", "gender"], ["BEL"]),
    ("committee-meeting", ["--format", "online"], []),
    (
        "letter",
        [
            "--to",
            "Ukraine",
            "--to",
            "all States Parties",
            "--subject",
            "Reporting",
            "--article",
            "7",
            "--sraap-action",
            "47",
            "--reply-requested-by",
            "2025-04-30",
        ],
        ["UKR", "all States Parties"],
    ),
    ("communication", ["--from", "Türkiye", "--subject", "Information"], ["TUR"]),
    (
        "meeting",
        [
            "--with",
            "Ukraine",
            "--margins-of",
            "Intersessional Meetings 2025",
            "--represented-by",
            "Delegation of Ukraine",
        ],
        ["UKR"],
    ),
    (
        "workshop",
        [
            "--subject",
            "Article 7",
            "--convened-with",
            "Article 5 Committee",
            "--audience",
            "all States Parties",
            "--speaker",
            "ISU",
            "--format",
            "online",
        ],
        ["Committee on Article 5 Implementation", "all States Parties", "ISU"],
    ),
    (
        "allegation",
        [
            "--by",
            "Thailand",
            "--against",
            "Cambodia",
            "--nature",
            "use",
            "--incident-dates",
            "2025-07",
            "--place",
            "border area",
        ],
        ["THA", "KHM"],
    ),
    ("observations", ["--type", "preliminary", "--at", "Intersessional Meetings 2025"], []),
    ("priorities", ["--item", "Action 46: Dialogue on Article 1", "--item", "Civil society"], []),
    ("note", ["--party", "HRW"], ["HRW"]),
]


@pytest.mark.parametrize(("kind", "options", "parties"), KINDS, ids=[k[0] for k in KINDS])
def test_each_kind_is_recorded_and_shows_in_the_log(ccc, store, kind, options, parties):
    printed = ccc.ok("record", kind, *options, *COMMON).strip()
    [entry] = ccc.json("log")
    assert entry["id"] == printed and len(printed) == 8
    assert entry["kind"] == kind
    assert entry["occurred"] == "2025-03-17"
    assert entry["parties"] == parties
    assert entry["recorded_by"] == signed("tester")
    assert entry["recorded_at"].startswith("20")
    assert event_count(store) == 1


def test_the_kinds_own_fields_are_kept(ccc):
    ccc.ok(
        "record",
        "letter",
        "--to",
        "Ukraine",
        "--subject",
        "Request",
        "--article",
        "1",
        "--reply-requested-by",
        "2025-04-30",
        *COMMON,
    )
    [entry] = ccc.json("log")
    assert entry["details"]["subject"] == "Request"
    assert entry["details"]["articles"] == [1]
    assert entry["details"]["reply_requested_by"] == "2025-04-30"
    assert entry["details"]["recipients"] == [
        {"kind": "state", "name": "UKR", "count": None, "members": []}
    ]


def test_recording_the_same_fact_twice_writes_it_once(ccc, store):
    first = ccc.ok("record", "note", *COMMON)
    result = ccc("record", "note", *COMMON)
    assert result.exit_code == 0
    assert result.stdout == first
    assert "already in the log" in result.stderr.lower()
    assert event_count(store) == 1


def test_the_actor_comes_from_as_then_the_environment(ccc, monkeypatch):
    ccc.ok("record", "note", "--as", "officer-a", "--occurred", "2025-01-02", "--summary", "A")
    monkeypatch.setenv("CCC_ACTOR", "officer-b")
    ccc.ok("record", "note", "--occurred", "2025-01-03", "--summary", "B")
    assert [e["recorded_by"] for e in ccc.json("log")] == [signed("officer-b"), signed("officer-a")]


def test_a_reply_names_the_letter_by_its_short_id(ccc):
    ccc.ok(
        "case", "open", "ukr-1", "--title", "Ukraine", "--state", "UKR", "--occurred", "2025-01-01"
    )
    letter = ccc.ok(
        "record",
        "letter",
        "--to",
        "Ukraine",
        "--subject",
        "Questions",
        "--case",
        "ukr-1",
        "--occurred",
        "2025-02-01",
        "--summary",
        "Asked.",
    ).strip()
    [row] = ccc.json("status")
    assert row["status"] == "awaiting reply"
    assert [a["party"] for a in row["awaiting_reply"]] == ["UKR"]
    ccc.ok(
        "record",
        "communication",
        "--from",
        "Ukraine",
        "--in-reply-to",
        letter[:5],
        "--case",
        "ukr-1",
        "--occurred",
        "2025-03-01",
        "--summary",
        "Answered.",
    )
    [row] = ccc.json("status")
    assert (row["status"], row["awaiting_reply"]) == ("in dialogue", [])
    reply = ccc.json("log", "--kind", "communication")[0]
    assert (
        reply["details"]["in_reply_to"].replace("-", "")
        == ccc.json("log", "--kind", "letter")[0]["uuid"]
    )


def test_a_case_opens_closes_and_reopens(ccc):
    ccc.ok(
        "case",
        "open",
        "c-1",
        "--title",
        "A matter",
        "--state",
        "Peru",
        "--article",
        "9",
        "--origin",
        "self-report",
        "--occurred",
        "2025-01-01",
    )
    ccc.ok("case", "close", "c-1", "--outcome", "obligations met", "--occurred", "2025-06-01")
    [row] = ccc.json("status")
    assert (row["status"], row["outcome"]) == ("closed", "obligations met")
    ccc.ok("case", "reopen", "c-1", "--reason", "new report", "--occurred", "2025-09-01")
    [row] = ccc.json("status")
    assert (row["status"], row["states"], row["articles"], row["origin"]) == (
        "open",
        ["PER"],
        [9],
        "self-report",
    )
    kinds = [r["kind"] for r in ccc.json("history", "c-1")]
    assert kinds == ["case-open", "case-close", "case-reopen"]
