"""Anyone writes to anyone: a letter has a sender (the Committee by default)
and a communication an addressee (the Committee by default); a reply answers a letter
when it comes from a recipient to the letter's writer, and its days are counted."""

import pytest

from tests.conftest import log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def letter(ccc, *args):
    return ccc.ok(
        "record", "letter", "--subject", "Stockpiles", "--occurred", "2025-03-03",
        "--reply-requested-by", "2025-04-03", "--summary", "A letter.", *args,
    ).strip()  # fmt: skip


def reply(ccc, *args):
    return ccc.ok(
        "record", "communication", "--occurred", "2025-03-20", "--summary", "A reply.", *args
    ).strip()  # fmt: skip


def open_letters(ccc, day="2025-05-01"):
    return [r for r in ccc.json("deadlines", "--as-of", day) if r["article"] == "letter"]


def test_a_reply_answers_the_letter_of_whoever_it_is_addressed_to(ccc):
    from_campaign = letter(ccc, "--from", "ICBL", "--to", "Ukraine")
    from_committee = letter(ccc, "--to", "Ukraine")
    assert {r["met_by"] for r in open_letters(ccc)} == {None}
    assert len(open_letters(ccc)) == 2
    # Ukraine answers the Committee: the campaign's letter still waits.
    to_committee = reply(ccc, "--from", "Ukraine")
    [waiting] = open_letters(ccc)
    assert from_campaign[:8] in waiting["obligation"]
    # Ukraine answers the campaign: nothing waits; the reply's days are counted.
    to_campaign = reply(ccc, "--from", "Ukraine", "--to", "ICBL", "--occurred", "2025-04-10")
    assert open_letters(ccc) == []
    rows = ccc.json("deadlines", "--as-of", "2025-05-01", "--all")
    met = {r["obligation"][16:24]: r for r in rows if r["article"] == "letter"}
    assert met[from_committee]["met_by"] == to_committee
    assert (met[from_campaign]["met_by"], met[from_campaign]["status"]) == (to_campaign, "met_late")
    assert met[from_campaign]["days"] == 7
    replies = ccc.json("party", "show", "Ukraine")["replies"]
    assert {(r["letter"], r["reply"], r["days"]) for r in replies} == {
        (from_committee, to_committee, 17),
        (from_campaign, to_campaign, 38),
    }


def test_a_state_writes_to_the_president_and_the_paper_says_who_wrote(ccc):
    letter(ccc, "--from", "Peru", "--to", "President of the Convention")
    [waiting] = open_letters(ccc)
    assert waiting["party"] == "President of the Convention"
    reply(ccc, "--from", "President of the Convention", "--to", "Peru")
    assert open_letters(ccc) == []
    paper = ccc.ok("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    assert "Peru wrote to the President of the Convention" in paper
    assert "the President of the Convention sent a communication to Peru" in paper.replace(
        "The President", "the President"
    )
    assert "the Committee sent a letter to the President" not in paper


def test_naming_the_committee_as_writer_is_the_same_as_leaving_it_out(ccc, store):
    first = letter(ccc, "--to", "Peru")
    again = ccc(
        "record", "letter", "--subject", "Stockpiles", "--occurred", "2025-03-03",
        "--reply-requested-by", "2025-04-03", "--summary", "A letter.", "--to", "Peru",
        "--from", "Committee on Cooperative Compliance",
    )  # fmt: skip
    assert again.exit_code == 0 and again.stdout.strip() == first
    before = log_digest(store)
    assert "not a State, organisation or group" in ccc.refuses(
        "record", "letter", "--subject", "x", "--occurred", "2025-03-03", "--summary", "x",
        "--to", "Peru", "--from", "Atlantis",
    )  # fmt: skip
    assert log_digest(store) == before
