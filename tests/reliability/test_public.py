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
