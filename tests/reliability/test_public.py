"""A restricted fact never appears in any public output of any command, and the store's
files are readable by their owner alone."""

from __future__ import annotations

import json
import stat

import pytest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

# Words that only restricted records hold (Cambodia itself is in the public register).
SECRET = ["Zanzibar", "hidden-case", "secret-officer", "Mines by the river"]


@pytest.fixture
def restricted(ccc):
    """A log with a restricted case, a restricted letter on an open case, a reply, and a
    record restricted by a later correction."""
    run = ccc.ok
    run("register", "load")
    run("case", "open", "open-case", "--title", "Open matter", "--state", "UKR",
        "--occurred", "2025-01-02")  # fmt: skip
    run("case", "open", "hidden-case", "--title", "Mines by the river", "--state", "KHM",
        "--occurred", "2025-01-03", "--restricted", "--as", "secret-officer")  # fmt: skip
    letter = ccc.json("record", "letter", "--to", "Cambodia", "--subject", "Zanzibar",
                      "--summary", "Letter about Zanzibar.", "--occurred", "2025-02-03",
                      "--reply-requested-by", "2025-03-01", "--case", "open-case",
                      "--restricted", "--as", "secret-officer")["id"]  # fmt: skip
    run("record", "communication", "--from", "Cambodia", "--in-reply-to", letter,
        "--summary", "Reply from Cambodia about Zanzibar.", "--occurred", "2025-02-20",
        "--case", "open-case", "--restricted", "--as", "secret-officer")  # fmt: skip
    later = ccc.json("record", "note", "--summary", "Note on Zanzibar.",
                     "--occurred", "2025-02-04")  # fmt: skip
    run("status")
    known_before = ccc.json("log", "--kind", "note")[0]["recorded_at"]
    run("correct", later["id"], "--set", "restricted=true", "--reason", "Confidential.",
        "--as", "secret-officer")  # fmt: skip
    return ccc, known_before


PUBLIC = [
    ["status", "--json"],
    ["status"],
    ["status", "--as-of", "2025-06-30", "--json"],
    ["case", "show", "open-case", "--json"],
    ["case", "show", "hidden-case", "--json"],
    ["history", "open-case", "--json"],
    ["history", "hidden-case", "--json"],
    ["log", "--json"],
    ["log", "--party", "KHM", "--json"],
    ["log", "--party", "Cambodia"],
    ["deadlines", "--as-of", "2025-06-30", "--party", "Cambodia", "--json"],
    ["deadlines", "--as-of", "2025-06-30", "--overdue"],
    ["deadlines", "--as-of", "2025-02-10", "--json"],
    ["deadlines", "--as-of", "2025-06-30", "--all", "--json"],
    ["party", "show", "Cambodia", "--as-of", "2025-06-30", "--json"],
    ["party", "show", "Cambodia", "--as-of", "2025-06-30"],
    ["check", "--json"],
    ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31"],
    ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "html"],
    ["report", "case", "open-case"],
    ["report", "case", "hidden-case", "--format", "html"],
    ["report", "summary", "--year", "2025", "--json"],
]


@pytest.mark.parametrize("command", PUBLIC, ids=" ".join)
def test_no_public_output_names_a_restricted_fact(restricted, command):
    ccc, _ = restricted
    result = ccc(*command, "--public")
    assert result.exit_code in (0, 1), result.output  # check exits 1 on findings
    text = result.stdout
    assert [secret for secret in SECRET if secret in text] == []


def test_the_same_commands_without_public_do_show_them(restricted):
    ccc, _ = restricted
    assert "Zanzibar" in ccc.ok("log", "--json")
    assert "Mines by the river" in ccc.ok("status", "--json")


def test_a_later_restriction_hides_what_the_record_said_before(restricted):
    ccc, known_before = restricted
    log = ccc.json("log", "--kind", "note", "--known-at", known_before, "--public")
    assert log[0]["summary"] == "[restricted]"
    assert ccc.json("log", "--kind", "note", "--known-at", known_before)[0]["summary"] == (
        "Note on Zanzibar."
    )


def test_a_public_answer_does_not_say_whom_a_restricted_record_involves(restricted):
    ccc, _ = restricted
    dossier = ccc.json("party", "show", "Cambodia", "--as-of", "2025-06-30", "--public")
    assert (dossier["cases"], dossier["correspondence"], dossier["replies"]) == ([], [], [])
    assert "Zanzibar" in ccc.ok("party", "show", "Cambodia", "--as-of", "2025-06-30", "--json")
    rows = ccc.json("deadlines", "--as-of", "2025-06-30", "--public", "--all")
    assert not [r for r in rows if r["article"] == "letter" and r["party"] == "KHM"]
    assert [r["party"] for r in rows if r["article"] == "letter"] == ["[restricted]"]
    log = ccc.json("log", "--party", "Cambodia", "--public")
    # The register's records, public: Cambodia signed in 1997 and ratified in 1999.
    assert sorted(r["kind"] for r in log) == ["instrument-deposited", "signature"]


def test_a_public_board_counts_a_restricted_case(restricted):
    ccc, _ = restricted
    rows = ccc.json("status", "--public")
    assert sorted(row["reference"] for row in rows) == ["[restricted]", "open-case"]
    [open_case] = [row for row in rows if row["reference"] == "open-case"]
    assert open_case["awaiting_reply"] == [] and open_case["restricted_records"] == 2


def test_store_files_are_readable_by_their_owner_alone(restricted, store):
    ccc, _ = restricted
    if isinstance(store, str):  # PostgreSQL: the log is on the server; its views are here
        import os
        from pathlib import Path

        store = Path(os.environ["CCC_VIEWS"])
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    for path in store.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert json.loads(ccc.ok("verify", "--json"))["ok"]


@pytest.fixture
def follow_ups(restricted):
    """Beside `restricted`: a public note filed in the restricted case, a reply to the
    restricted letter that the officer made public and filed in another case, one left to
    inherit, and a restricted undertaking met by a record that says nothing of it."""
    ccc, _ = restricted
    run = ccc.ok
    letter = next(r for r in ccc.json("log", "--kind", "letter") if r["restricted"])["id"]
    run("case", "open", "other-case", "--title", "Other matter", "--state", "UKR",
        "--occurred", "2025-01-04")  # fmt: skip
    run("record", "note", "--summary", "Public note on a hidden matter.", "--case",
        "hidden-case", "--occurred", "2025-02-05")  # fmt: skip
    made_public = ccc.json("record", "communication", "--from", "Cambodia", "--in-reply-to",
                           letter, "--summary", "Cambodia answers.", "--occurred", "2025-02-21",
                           "--case", "other-case", "--no-restricted")  # fmt: skip
    inherited = ccc.json("record", "communication", "--from", "Cambodia", "--in-reply-to",
                         letter, "--summary", "Cambodia answers again.",
                         "--occurred", "2025-02-22")  # fmt: skip
    undertaking = ccc.json("record", "undertaking", "--state", "Cambodia", "--undertook",
                           "report on Zanzibar", "--due", "2025-06-30", "--occurred",
                           "2025-02-10", "--restricted")  # fmt: skip
    met = ccc.json("record", "undertaking-met", "--undertaking", undertaking["id"],
                   "--occurred", "2025-03-01")  # fmt: skip
    return ccc, {"made_public": made_public, "inherited": inherited, "met": met}


def test_a_follow_up_is_restricted_like_what_it_follows_unless_the_officer_says(follow_ups):
    ccc, ids = follow_ups
    by_id = {r["id"]: r for r in ccc.json("log")}
    assert by_id[ids["inherited"]["id"]]["restricted"] is True
    assert by_id[ids["met"]["id"]]["restricted"] is True
    assert by_id[ids["made_public"]["id"]]["restricted"] is False


@pytest.mark.parametrize(
    "command",
    [
        ["log", "--json"],
        ["log", "--party", "Cambodia", "--json"],
        ["log", "--kind", "note", "--json"],
        ["history", "other-case", "--json"],
        ["log", "--case", "other-case", "--json"],
        ["log", "--known-at", "2099-01-01", "--json"],
        ["party", "show", "Cambodia", "--as-of", "2025-06-30", "--json"],
        ["party", "show", "Cambodia", "--as-of", "2025-06-30"],
        ["report", "case", "other-case"],
        ["report", "case", "open-case", "--format", "html"],
        ["report", "summary", "--year", "2025", "--json"],
    ],
    ids=" ".join,
)
def test_no_public_answer_names_a_restricted_case_or_a_restricted_letters_reader(
    follow_ups, command
):
    ccc, _ = follow_ups
    text = ccc.ok(*command, "--public")
    assert "hidden-case" not in text and "Cambodia answers" not in text
    if command[0] != "report":  # a paper names replies by id, and counts
        full = ccc.ok(*command)  # what the public answer withholds is there without --public
        assert "hidden-case" in full or "Cambodia answers" in full


def test_a_restricted_case_is_answered_as_an_unknown_one_in_public(follow_ups):
    ccc, _ = follow_ups
    for command in (["case", "show"], ["history"], ["report", "case"]):
        hidden = ccc.refuses(*command, "hidden-case", "--public")
        unknown = ccc.refuses(*command, "hidden-cose", "--public")
        assert hidden.replace("hidden-case", "X") == unknown.replace("hidden-cose", "X")
        assert "hidden-case" not in unknown  # never suggested either


def test_a_case_restricted_after_it_was_opened_is_withheld_until_it_is_opened_again(restricted):
    """The case's opening record corrected to restricted: the public board counts the
    case without naming it and a public look-up answers it as unknown; corrected back,
    it is named again. (The views keep the opening's restriction beside the case's
    status, caught up with each correction.)"""
    from tests.cli.test_completion import complete

    ccc, _ = restricted
    [opening] = [e["id"] for e in ccc.json("history", "open-case") if e["kind"] == "case-open"]
    store = ccc.json("info")["store"]

    def public_references() -> list[str]:
        return sorted(row["reference"] for row in ccc.json("status", "--public"))

    assert public_references() == ["[restricted]", "open-case"]
    ccc.ok("correct", opening, "--set", "restricted=true", "--reason", "Confidential.")
    assert public_references() == ["[restricted]", "[restricted]"]
    refused = ccc.refuses("case", "show", "open-case", "--public")
    assert "There is no case 'open-case'" in refused
    assert complete(store, "ccc history open") == []
    ccc.ok("correct", opening, "--set", "restricted=false", "--reason", "Made public.")
    assert public_references() == ["[restricted]", "open-case"]
    assert ccc.json("case", "show", "open-case", "--public")["reference"] == "open-case"
    assert complete(store, "ccc history open") == ["open-case"]
    assert ccc.ok("rebuild", "--check")  # what catching up kept is what a rebuild makes
