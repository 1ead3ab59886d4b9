"""The Committee's 2025 paper, paragraphs 1-8: imported with the real command, then every
dated fact is read back through the CLI's JSON, as an auditor would."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import SEED


def run(env, *args):
    result = subprocess.run(
        [sys.executable, "-m", "ccc", *args], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    env = {
        **os.environ,
        "CCC_STORE": str(tmp_path_factory.mktemp("seed") / "store"),
        "CCC_ACTOR": "auditor",
    }
    run(env, "import", str(SEED))
    log = json.loads(run(env, "log", "--json"))
    yield {
        "log": log,
        "status": {row["reference"]: row for row in json.loads(run(env, "status", "--json"))},
        "history": {
            ref: json.loads(run(env, "history", ref, "--json"))
            for ref in ("ukraine-art1-2025", "cambodia-thailand-2025", "article9-2025")
        },
    }


def records(paper, kind, occurred=None):
    return [
        r
        for r in paper["log"]
        if r["kind"] == kind and (occurred is None or r["occurred"] == occurred)
    ]


def test_composition_and_chair(paper):
    [record] = records(paper, "committee-constituted")
    assert record["details"]["members"] == ["BEL", "KHM", "DEU", "JPN", "PER"]
    assert record["details"]["chair"] == "JPN"
    assert record["details"]["period"] == "2025/2026"


def test_paragraph_1_initial_meeting_and_belgium_as_gender_focal_point(paper):
    assert records(paper, "committee-meeting", "2025-01-17")
    [focal] = records(paper, "focal-point", "2025")  # the paper gives no date: the year
    assert (focal["parties"], focal["details"]["area"]) == (["BEL"], "gender")
    assert focal["as_written"] and focal["summary"].startswith("In line with its working")


def test_paragraph_2_letter_of_17_march_to_all_states_parties(paper):
    [letter] = records(paper, "letter", "2025-03-17")
    assert letter["parties"] == ["all States Parties"]
    assert letter["details"]["articles"] == [7]
    assert "30 April" in letter["summary"]


def test_paragraph_3_online_workshop_of_26_march(paper):
    [workshop] = records(paper, "workshop", "2025-03-26")
    details = workshop["details"]
    assert details["format"] == "online"
    assert [p["name"] for p in details["convened_with"]] == [
        "Committee on Article 5 Implementation",
        "Committee on Victim Assistance",
        "Committee on the Enhancement of Cooperation and Assistance",
    ]
    assert [p["name"] for p in details["audience"]] == ["all States Parties", "States not party"]
    assert "ISU" in [p["name"] for p in details["speakers"]]
    assert details["articles"] == [7]


def test_paragraph_4_article_9_communication_and_the_letters_to_three_states(paper):
    [march] = records(paper, "letter", "2025-03-31")
    assert march["details"]["articles"] == [9] and march["details"]["sraap_actions"] == [48]
    assert march["parties"] == ["all States Parties with outstanding Article 9 obligations"]
    [june] = records(paper, "letter", "2025-06-04")
    assert june["restricted"] is False  # the Committee's paper says it, naming no State
    [group] = june["details"]["recipients"]
    assert (group["kind"], group["count"], group["members"]) == ("group", 3, [])
    board = paper["status"]["article9-2025"]
    assert board["restricted_records"] == 0 and board["states"] == []


def test_paragraph_5_ukraine_allegations_and_meetings(paper):
    case = paper["status"]["ukraine-art1-2025"]
    assert (case["states"], case["articles"], case["origin"]) == (["UKR"], [1], "allegation")
    history = paper["history"]["ukraine-art1-2025"]
    natures = sorted(r["details"]["nature"][0] for r in history if r["kind"] == "allegation")
    assert natures == ["transfer", "use"]
    meetings = [r for r in history if r["kind"] == "meeting"]
    with_ukraine = [m for m in meetings if m["parties"] == ["UKR"]]
    assert [m["occurred"] for m in with_ukraine] == ["2025-02-18", "2025-05-26", "2025-06-18"]
    assert with_ukraine[2]["details"]["format"] == "margins"
    assert with_ukraine[2]["details"]["margins_of"] == "Intersessional Meetings 2025"
    [ngos] = [m for m in meetings if m["parties"] == ["HRW", "ICBL"]]
    assert ngos["occurred"] == "2025-06-18"
    assert case["last_contact"] == {"UKR": "2025-06-18"}


def test_paragraph_6_preliminary_observations_at_the_intersessionals(paper):
    [observations] = records(paper, "observations")
    assert observations["occurred"] == "2025-06-17/2025-06-20"
    assert (observations["earliest"], observations["latest"]) == ("2025-06-17", "2025-06-20")
    assert observations["details"] == {"type": "preliminary", "at": "Intersessional Meetings 2025"}


def test_paragraph_7_thailand_allegation_and_separate_meetings_as_dated(paper):
    history = paper["history"]["cambodia-thailand-2025"]
    [allegation] = [r for r in history if r["kind"] == "allegation"]
    assert allegation["occurred"] == "2025-07-23"
    assert allegation["details"]["by"]["name"] == "THA"
    assert [p["name"] for p in allegation["details"]["against"]] == ["KHM"]
    meetings = [(r["occurred"], r["parties"]) for r in history if r["kind"] == "meeting"]
    assert sorted(meetings) == [
        ("2025-07-20", ["KHM"]),
        ("2025-07-20", ["THA"]),
        ("2025-08-22", ["KHM"]),
        ("2025-08-22", ["THA"]),
    ]
    # Recorded as the paper says: the first meetings come before the allegation's date.
    assert [r["kind"] for r in history][1:4] == ["meeting", "meeting", "allegation"]
    assert paper["status"]["cambodia-thailand-2025"]["states"] == ["KHM", "THA"]


def test_paragraph_8_communication_before_the_22msp_has_an_open_start(paper):
    [letter] = [r for r in records(paper, "letter") if r["occurred"] == "../2025-12-01"]
    assert (letter["earliest"], letter["latest"]) == (None, "2025-12-01")
    assert letter["details"]["articles"] == [7, 5, 4, 3]


def test_the_board_has_the_three_matters_in_dialogue(paper):
    assert {ref: row["status"] for ref, row in paper["status"].items()} == {
        "article9-2025": "in dialogue",
        "cambodia-thailand-2025": "in dialogue",
        "ukraine-art1-2025": "in dialogue",
    }
