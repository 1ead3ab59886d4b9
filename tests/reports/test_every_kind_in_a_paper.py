"""Every kind of record a case can hold has its sentence in the activities paper, worded
from the record's fields alone, tested one by one (a fictional case on Peru, 2026)."""

from __future__ import annotations

import re

import pytest

PERIOD = ("report", "activities", "--from", "2026-01-01", "--to", "2026-12-31")
ON = "2026-03-10"

# kind -> (its options, the sentence the paper says)
KINDS = {
    "signature": ([], "On 10 March 2026, Peru signed the Convention."),
    "instrument-deposited": (
        ["--instrument", "accession"],
        "On 10 March 2026, Peru deposited its instrument of accession; the Convention "
        "entered into force for it on 1 September 2026.",
    ),
    "withdrawal-announced": (
        [],
        "On 10 March 2026, Peru announced its intention to withdraw from the Convention.",
    ),
    "withdrawal-received": (
        [],
        "On 10 March 2026, the Depositary received the instrument of withdrawal of Peru, to "
        "take effect on 10 September 2026.",
    ),
    "article7-report": (
        ["--year", "2025"],
        "On 10 March 2026, Peru submitted its Article 7 report for 2025.",
    ),
    "article4-completed": (
        [],
        "On 10 March 2026, Peru completed the destruction of its stockpiled anti-personnel "
        "mines under Article 4.",
    ),
    "article5-extension-requested": (
        ["--requested-deadline", "2028-12-31"],
        "On 10 March 2026, Peru requested an extension of its Article 5 deadline to "
        "31 December 2028.",
    ),
    "article5-extension-granted": (
        ["--meeting", "23MSP", "--new-deadline", "2028-12-31"],
        "On 10 March 2026, the 23MSP granted Peru an extension of its Article 5 deadline to "
        "31 December 2028.",
    ),
    "article5-completed": (
        [],
        "On 10 March 2026, Peru declared that it had completed its obligations under Article 5.",
    ),
    "article9-measures": ([], "On 10 March 2026, Peru reported on its measures under Article 9."),
    "stockpile-declared": (
        ["--number", "120"],
        "On 10 March 2026, Peru declared 120 stockpiled anti-personnel mines.",
    ),
    "mined-areas-declared": (
        [],
        "On 10 March 2026, Peru declared mined areas under its jurisdiction or control.",
    ),
    "undertaking": (
        ["--undertook", "Report on its national legislation.", "--due", "2026-06"],
        "On 10 March 2026, Peru undertook to report on its national legislation by June 2026.",
    ),
    "article3-retained": (
        ["--number", "250", "--year", "2025"],
        "On 10 March 2026, Peru reported retaining 250 anti-personnel mines under Article 3 "
        "in 2025.",
    ),
    "article8-2-request": (
        ["--by", "Chile"],
        "On 10 March 2026, Chile submitted a request for clarification concerning Peru under "
        "Article 8.2.",
    ),
}


@pytest.fixture
def case(ccc):
    ccc.ok("case", "open", "peru-2026", "--title", "Peru: dialogue", "--state", "Peru",
           "--occurred", "2026-01-05", "--summary", "The Committee opened a dialogue.")  # fmt: skip
    return ccc


@pytest.mark.parametrize("kind", KINDS, ids=list(KINDS))
def test_a_kind_filed_in_a_case_is_said_in_its_paragraph(case, kind):
    options, sentence = KINDS[kind]
    case.ok("record", kind, "--state", "Peru", *options, "--occurred", ON, "--case",
            "peru-2026", "--summary", "As the officer noted it.")  # fmt: skip
    paper = case.ok(*PERIOD)
    [paragraph] = re.findall(r"^1\. (.*)$", paper, re.MULTILINE)
    assert sentence in paragraph, paragraph
    assert "As the officer noted it" not in paper  # worded from its fields, not the note


# Kinds of the public record around the log, which name no State of their own: options ->
# the sentence the paper says, in the record's own words.
AROUND = {
    "decision": (
        ["--meeting", "Twenty-Third Meeting of the States Parties", "--decided",
         "regretted that Peru had not submitted its Article 7 report.", "--concerning", "Peru"],
        "On 10 March 2026, the Twenty-Third Meeting of the States Parties regretted that Peru "
        "had not submitted its Article 7 report.",
    ),
    "statement": (
        ["--by", "Chile", "--about", "in connection with the allegations concerning Peru",
         "--at", "the 23MSP", "--document", "APLC/MSP.23/2026/MISC.9"],
        "On 10 March 2026, Chile made a statement at the 23MSP in connection with the "
        "allegations concerning Peru (APLC/MSP.23/2026/MISC.9).",
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", AROUND, ids=list(AROUND))
def test_a_decision_or_a_statement_filed_in_a_case_is_said_in_its_words(case, kind):
    options, sentence = AROUND[kind]
    case.ok("record", kind, *options, "--occurred", ON, "--case", "peru-2026")
    paper = case.ok(*PERIOD)
    [paragraph] = re.findall(r"^1\. (.*)$", paper, re.MULTILINE)
    assert sentence in paragraph, paragraph
    # restricted, the public paper counts it and names no one
    case.ok("record", kind, *options, "--occurred", "2026-03-11", "--case", "peru-2026",
            "--restricted", "--summary", "Restricted.")  # fmt: skip
    public = case.ok(*PERIOD, "--public")
    assert "On 11 March 2026, a restricted record concerning one State Party was kept." in public


def test_a_decision_needs_its_meeting_and_words_and_writes_nothing_without_them(case):
    before = case.ok("log", "--json")
    for missing in ("--meeting", "--decided"):
        options = list(AROUND["decision"][0])
        at = options.index(missing)
        del options[at : at + 2]
        assert missing in case.refuses("record", "decision", *options, "--occurred", ON)
    assert case.ok("log", "--json") == before


def test_the_follow_ups_of_an_undertaking_and_a_request_are_said_too(case):
    undertaking = case.ok("record", "undertaking", "--state", "Peru", "--undertook",
                          "report", "--due", "2026-06", "--occurred", ON, "--case",
                          "peru-2026", "--summary", "u.").strip()  # fmt: skip
    case.ok("record", "undertaking-met", "--undertaking", undertaking, "--occurred",
            "2026-05-02", "--case", "peru-2026")  # fmt: skip
    request = case.ok("record", "article8-2-request", "--state", "Peru", "--by", "Chile",
                      "--occurred", ON, "--case", "peru-2026", "--summary", "r.")  # fmt: skip
    request = request.strip()
    for step, sentence in (
        ("transmitted", "the request for clarification under Article 8.2 was transmitted to "
                        "Peru"),
        ("received", "Peru received the request for clarification under Article 8.2"),
        ("response", "Peru responded to the request for clarification under Article 8.2"),
    ):  # fmt: skip
        case.ok("record", f"article8-2-{step}", "--request", request, "--occurred",
                "2026-04-01", "--case", "peru-2026", "--summary", f"{step}.")  # fmt: skip
        assert sentence in case.ok(*PERIOD), step
    assert "On 2 May 2026, Peru did what it had undertaken." in case.ok(*PERIOD)


def test_a_register_record_outside_any_case_is_the_registers_not_the_papers(case):
    case.ok("record", "article7-report", "--state", "Chile", "--year", "2025", "--occurred",
            ON, "--summary", "Chile's report.")  # fmt: skip
    assert "Chile" not in case.ok(*PERIOD)


def test_a_restricted_register_record_in_a_case_is_counted_in_public(case):
    case.ok("record", "undertaking", "--state", "Peru", "--undertook", "Close Zanzibar.",
            "--due", "2026-06", "--occurred", ON, "--case", "peru-2026", "--summary", "u.",
            "--restricted")  # fmt: skip
    public = case.ok(*PERIOD, "--public")
    assert "Zanzibar" not in public
    assert "On 10 March 2026, a restricted record concerning one State Party was kept." in public
    assert "Peru undertook to close Zanzibar by June 2026." in case.ok(*PERIOD)


def test_a_workshop_convened_with_the_icrc_names_its_speakers(ccc):
    ccc.ok("record", "workshop", "--occurred", ON, "--subject", "Article 7 reporting",
           "--convened-with", "ICRC", "--speaker", "Committee on Cooperative Compliance",
           "--speaker", "ICRC", "--summary", "A workshop.")  # fmt: skip
    paper = ccc.ok(*PERIOD)
    assert "each of the convening Committees" not in paper
    assert re.search(r"interventions by the Committee and the International Committee of the "
                     r"Red Cross( \(ICRC\))?\.", paper), paper  # fmt: skip


def test_an_alleged_transfer_says_from_whom_to_whom_when_recorded(case):
    case.ok("record", "allegation", "--against", "Peru", "--nature", "transfer",
            "--transfer-from", "United States", "--case", "peru-2026", "--occurred", ON,
            "--summary", "Alleged transfer.")  # fmt: skip
    assert (
        "On 10 March 2026, the Committee received allegations concerning the transfer of "
        "anti-personnel mines by the United States of America to Peru." in case.ok(*PERIOD)
    )


def test_a_record_placed_by_its_source_is_said_so_not_by_its_bound(ccc):
    ccc.ok("record", "letter", "--to", "all States Parties", "--subject", "Article 7 reports",
           "--occurred", "../2026-11-30", "--summary", "A letter.", "--placed",
           "in the lead up to the Twenty-Third Meeting of the States Parties")  # fmt: skip
    paper = ccc.ok(*PERIOD)
    assert (
        "1. In the lead up to the Twenty-Third Meeting of the States Parties, the Committee "
        "sent a letter to all States Parties on Article 7 reports." in paper
    )
    assert "By 30 November 2026" not in paper
