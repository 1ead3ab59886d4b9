"""A fictional second year (tests/e2e/data/2026-fictional.yaml, written for this test) on
top of the 2025 record: a continuing case, a new allegation, a late reply, a restricted
case whose letter is answered by an unrestricted reply, a correction and a retraction, as
an officer records them. Its public paper must hold together as the 2025 one does."""

import json
import re
from pathlib import Path

import pytest

from tests.conftest import log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

YEAR = Path(__file__).parent / "data" / "2026-fictional.yaml"
PAPER = ["report", "activities", "--from", "2026-01-01", "--to", "2026-12-31"]
SECRET = ("Angola", "Zambia", "AGO", "ZMB")


def letter_to(ccc, state, day):
    [letter] = [
        r for r in ccc.json("log", "--kind", "letter", "--party", state) if r["occurred"] == day
    ]
    return letter["id"]


@pytest.fixture
def second_year(seeded):
    seeded.ok("import", str(YEAR))
    seeded.ok(
        "record", "communication", "--occurred", "2026-04-03", "--from", "Peru",
        "--in-reply-to", letter_to(seeded, "Peru", "2026-02-16"), "--subject",
        "Information on the allegations", "--article", "1", "--case", "peru-2026",
        "--summary", "Peru provided information on the allegations.",
    )  # fmt: skip
    # Answers the restricted letter, and the officer made it public (a reply left unsaid
    # would be restricted like its letter): `check` questions that.
    seeded.ok(
        "record", "communication", "--occurred", "2026-06-12", "--from", "Angola",
        "--in-reply-to", letter_to(seeded, "Angola", "2026-05-06"), "--subject",
        "Article 9 legislation", "--article", "9", "--case", "art9-confidential-2026",
        "--summary", "Angola replied on its Article 9 legislation.", "--no-restricted",
    )  # fmt: skip
    # A letter recorded by mistake, then retracted.
    mistake = seeded.ok(
        "record", "letter", "--occurred", "2026-07-01", "--to", "Peru", "--subject",
        "Duplicate", "--case", "peru-2026", "--summary", "Recorded by mistake.",
    ).strip()  # fmt: skip
    seeded.ok("retract", mistake, "--reason", "Recorded twice by mistake.")
    # The September meeting was on the 9th, not the 8th.
    [meeting] = [
        r for r in seeded.json("log", "--kind", "meeting", "--party", "Peru")
        if r["occurred"] == "2026-09-08"
    ]  # fmt: skip
    seeded.ok(
        "correct", meeting["id"], "--set", "occurred=2026-09-09", "--reason",
        "The mission's note verbale gives 9 September.",
    )  # fmt: skip
    return seeded


def paragraphs(paper):
    return [text for _, text in re.findall(r"^(\d+)\. (.*)$", paper, re.MULTILINE)]


def test_the_second_years_public_paper(second_year):
    paper = second_year.ok(*PAPER, "--public")
    # The composition carries over from the constitution of 2025 for 2025-2026.
    assert "Committee on Cooperative Compliance (Belgium, Cambodia, Germany, Japan (Chair)" in (
        paper
    )
    texts = paragraphs(paper)
    # The Committee's own work, then each paragraph where its latest record falls: the
    # Ukraine case (24 February), the letter of 16 March, the restricted case (16 June),
    # the observations (16-19 June), the Peru case (9 September).
    assert texts[0].startswith("The Committee met on 21 January 2026 (online).")
    ukraine, letter, restricted, observations, peru = texts[1:]
    assert len(texts) == 6
    # The case carried over from 2025 says in one clause what it is about.
    assert ukraine.startswith(
        "The Committee continued its engagement with Ukraine concerning alleged use of "
        "anti-personnel mines by its Armed Forces"
    )
    assert "24 February 2026" in ukraine
    assert letter.startswith("On 16 March 2026, the Committee sent a letter to all States")
    # The restricted case: counted, its counts agreeing from one sentence to the next.
    assert restricted.startswith("The Committee engaged with two States Parties concerning")
    assert "the Committee sent a letter to one of the two States Parties" in restricted
    assert "one of the two States Parties sent a communication" in restricted
    assert "held a meeting with two States Parties on 16 June 2026" in restricted
    assert observations.startswith("At the Intersessional Meetings 2026 (16\u201319 June 2026)")
    # The new case: the allegation as the log holds it, the reply dated to its letter.
    assert "On 10 February 2026, Chile made allegations concerning the use" in peru
    assert "On 3 April 2026, Peru sent a communication to the Committee in reply to its " in peru
    assert "letter of 16 February 2026" in peru
    # The correction is what the paper says; the retracted letter is not there.
    assert "on 9 September 2026" in peru and "8 September" not in paper
    assert "Duplicate" not in paper and "1 July 2026" not in paper
    # Prose: full stops, dates in words, names not codes, nothing restricted.
    for text in texts:
        assert text.endswith("."), text
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\b[A-Z]{3}\b", text), text
    assert not any(name in paper for name in SECRET)
    # The full version names them.
    assert "Angola" in second_year.ok(*PAPER)


def test_the_second_years_dossiers_and_checks(second_year, store):
    before = log_digest(store)
    # A restricted case is, to a public answer, as a case that does not exist.
    for command in (["report", "case"], ["history"]):
        refused = second_year.refuses(*command, "art9-confidential-2026", "--public")
        assert "no case 'art9-confidential-2026'" in refused and "Angola" not in refused
    for reference in ("peru-2026", "ukraine-art1-2025"):
        for fmt in ("md", "html"):
            public = second_year.ok("report", "case", reference, "--public", "--format", fmt)
            assert not any(name in public for name in SECRET), reference
            assert "Drafted by ccc on" in public
    dossier = second_year.ok("report", "case", "peru-2026")
    # The late reply, with its days; the correction and the retraction in the record.
    assert "| 16 March 2026 | " in dossier and "| 3 April 2026 | 46 | 18 |" in dossier
    assert "(retracted)" in dossier and "(corrected)" in dossier
    history = second_year.ok("history", "peru-2026", "--public")
    assert not any(name in history for name in SECRET)
    found = second_year("check", "--as-of", "2026-12-01", "--json")
    assert found.exit_code == 1
    checks = {(f["check"], tuple(f["records"])) for f in json.loads(found.stdout)}
    late = [c for c, _ in checks if c == "reply-late"]
    assert late == ["reply-late"]
    assert any(c == "reveals-restricted" for c, _ in checks)
    assert log_digest(store) == before  # reports and checks write nothing
