"""A real year, 2020, from the public record (tests/e2e/data/2020-public-record.yaml, each
fact with the address of its source), recorded and read back fact by fact: the register,
the Meeting's decisions and a State's statement, the composition of two years, and a
paper that says what the records hold and nothing they do not."""

import re
from pathlib import Path

import pytest
import yaml

YEAR = Path(__file__).parent / "data" / "2020-public-record.yaml"
PAPER_2020 = ["report", "activities", "--from", "2020-01-01", "--to", "2020-12-31"]
PAPER_2021 = ["report", "activities", "--from", "2021-01-01", "--to", "2021-12-31"]
# Article 5 deadlines the 18MSP granted (the Convention's press release of 20 November 2020)
GRANTED = {
    "Bosnia and Herzegovina": "2027-03-01",
    "Colombia": "2025-12-31",
    "Democratic Republic of the Congo": "2022-07-01",
    "Niger": "2024-12-31",
    "Senegal": "2026-03-01",
    "South Sudan": "2026-07-09",
    "Ukraine": "2023-12-01",
}
REQUESTED = [*GRANTED.keys() - {"Democratic Republic of the Congo"}, "Mauritania"]


@pytest.fixture
def year_2020(ccc):
    ccc.ok("register", "load")  # who was bound, from the depositary's table
    ccc.ok("import", str(YEAR))
    return ccc


def of_kind(ccc, kind):
    return ccc.json("log", "--kind", kind)


def test_every_fact_names_the_public_address_it_is_from():
    entries = yaml.safe_load(YEAR.read_text())
    assert len(entries) == 21
    for entry in entries:
        assert re.match(r"https://", " ".join(entry["source"].split())), entry


def test_the_extension_requests_say_only_that_they_were_made_by_the_intersessionals(year_2020):
    requests = of_kind(year_2020, "article5-extension-requested")
    assert sorted(r["summary"].split(" requested")[0] for r in requests) == sorted(
        _said(state) for state in REQUESTED
    )
    for request in requests:
        assert (request["earliest"], request["latest"]) == (None, "2020-07-02")
        assert request["details"]["requested_deadline"] is None  # the sources do not give it
    log = year_2020.ok("log", "--kind", "article5-extension-requested")
    assert log.count("on or before 2 July 2020") == len(REQUESTED)


def _said(state):
    """How the register's generated summaries name a State: its name, without article."""
    return state


@pytest.mark.parametrize("state", GRANTED)
def test_each_grant_of_the_18msp_sets_the_states_article5_deadline(year_2020, state):
    dossier = year_2020.json("party", "show", state, "--as-of", "2020-12-31")
    [clearance] = [o for o in dossier["obligations"] if o["article"] == "5"]
    assert clearance["due"] == GRANTED[state]
    assert clearance["basis"] == "extension granted at the 18MSP (16–20 November 2020)"
    assert clearance["status"] != "overdue"  # on the last day of 2020, none was late yet


def test_the_two_completions_are_dated_to_the_meeting_not_to_a_day_within_it(year_2020):
    completions = of_kind(year_2020, "article5-completed")
    assert {r["parties"][0] for r in completions} == {"CHL", "GBR"}
    assert {(r["earliest"], r["latest"]) for r in completions} == {("2020-11-16", "2020-11-20")}


def test_the_meetings_finding_on_eritrea_is_kept_in_its_words(year_2020):
    [decision] = of_kind(year_2020, "decision")
    assert decision["parties"] == ["ERI"]
    assert decision["summary"] == (
        "The Eighteenth Meeting of the States Parties regretted that Eritrea had not "
        "submitted a request ahead of its impending 31 December 2020 deadline which makes "
        "it non-compliant."
    )


def test_argentinas_statement_names_its_document(year_2020):
    [statement] = of_kind(year_2020, "statement")
    assert statement["parties"] == ["ARG"]
    assert statement["details"]["document"] == "APLC/MSP.18/2020/MISC.4"
    assert statement["summary"] == (
        "Argentina made a statement at the Eighteenth Meeting of the States Parties in "
        "connection with the announcement by the United Kingdom."
    )


def test_the_2020_paper_names_the_2020_committee_not_the_president_elected_for_2021(year_2020):
    paper = year_2020.ok(*PAPER_2020)
    assert "Committee on Cooperative Compliance (Iraq, Panama, Poland, the Sudan (Chair), " \
        "Switzerland)" in paper  # fmt: skip
    assert "Netherlands" not in paper
    assert paper == year_2020.ok(*PAPER_2020, "--period", "2020")


def test_the_2021_composition_says_how_many_when_the_members_are_not_public(year_2020):
    paper = year_2020.ok(*PAPER_2021)
    assert "(the Kingdom of the Netherlands (Chair) and four States Parties)" in paper
    assert "The log holds no activity of the Committee in this period." in paper


def test_the_2020_paper_says_what_the_records_hold_and_nothing_else(year_2020):
    paper = year_2020.ok(*PAPER_2020)
    paragraphs = re.findall(r"^\d+\. (.*)$", paper, re.MULTILINE)
    # The one record the officer wrote as a sentence of the paper; the register's records,
    # the decision and the statement are in no case of the Committee's, so not its story.
    assert paragraphs == [
        "The Intersessional Meetings, held by video conference from 30 June to 2 July 2020, "
        "included a panel discussion on cooperative compliance and the Anti-Personnel Mine "
        "Ban Convention."
    ]
    for absent in ("Eritrea", "Argentina", "extension", "Colombia", "Chile"):
        assert absent not in paper, absent


def test_filed_in_a_case_the_years_decision_and_grant_are_told_in_its_paragraph(year_2020):
    """If the Committee had taken the matter up (a fictional case, for the test), the
    decision and the grant are said in its paragraph, worded from their fields."""
    year_2020.ok("case", "open", "eritrea-2020", "--title", "Eritrea: Article 5 (fictional)",
                 "--state", "Eritrea", "--occurred", "2020-12-01", "--summary",
                 "The Committee took up Eritrea's Article 5 deadline (fictional).")  # fmt: skip
    [decision] = of_kind(year_2020, "decision")
    year_2020.ok("correct", decision["id"], "--set", "cases=eritrea-2020", "--reason",
                 "Filed in the fictional case for the test.")  # fmt: skip
    paper = year_2020.ok(*PAPER_2020)
    assert (
        "On 16–20 November 2020, the Eighteenth Meeting of the States Parties "
        "regretted that Eritrea had not submitted a request ahead of its impending "
        "31 December 2020 deadline which makes it non-compliant."
    ) in paper
