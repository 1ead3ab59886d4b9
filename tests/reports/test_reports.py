"""Reports from the log: the activities paper, case dossiers, data checks, summaries."""

import csv
import io
import json
import re
from importlib import resources

import pytest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

REPORT = ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31"]

# Paragraphs 1-12 of the seed paper (../shared/seed/), sentence by sentence: the example
# records them as the Committee's own sentences (`as_written`), and the public paper prints
# them as written. Keyed by the seed's numbers; PLACE says where the paper puts each.
SEED_FACTS = {
    "heading": [
        "Activities and Priorities for Implementation 2025-2026",
        "Committee on Cooperative Compliance (Belgium, Cambodia, Germany, Japan (Chair), Peru)",
    ],
    1: [
        "The initial meeting of the Committee took place on 17 January 2025 to begin the "
        "Committee's work of engaging in a cooperative dialogue with States Parties and begin "
        "addressing matters related to the mandate of the Committee.",
        "In line with its working methods, the Committee selected Belgium as the Committee's "
        "gender focal point.",
    ],
    2: [
        "On 17 March 2025, the Committee sent a letter to all States Parties to recall the "
        "importance of reporting to ensure compliance with the obligations of the Convention, "
        "remind them to adhere to the 30 April annual reporting deadline, and encourage the "
        "use of available tools to facilitate reporting, such as the online reporting format.",
    ],
    3: [
        "On 26 March 2025, the Committee, joined by the other Committees of the Convention, "
        "convened an online workshop for States Parties and States not party on reporting "
        "under Article 7 and the Siem Reap-Angkor Action Plan 2025-2029 (SRAAP).",
        "The workshop included interventions by the Chairs of each Committee and a "
        "representative of the gender focal points as well as the Implementation Support "
        "Unit (ISU).",
    ],
    4: [
        "In line with the mandate of the Committee and Action 48 of the SRAAP which requests",
        "This included transmitting a communication to all States Parties with outstanding "
        "Article 9 obligations on 31 March 2025 to request information on progress in "
        "meeting their Article 9 commitments.",
        "On 4 June 2025, the Committee sent letters to three States Parties with outstanding "
        "commitments under Article 9 that had submitted information to the Committee "
        "regarding their national legislation.",
        "The Committee further engaged with States Parties that communicated information on "
        "their efforts to implement their Article 9 obligations.",
    ],
    5: [
        "The Committee engaged with Ukraine concerning the alleged use of anti-personnel mines "
        "by its Armed Forces and the potential transfer of anti-personnel mines to Ukraine.",
        "This included meetings with the Permanent Representative of Ukraine to the United "
        "Nations in Geneva on 18 February 2025 and 26 May 2025, and a meeting with the "
        "delegation of Ukraine on the margins of the Intersessional Meetings on 18 June 2025.",
        "The Committee also had a meeting with Human Rights Watch (HRW) and the International "
        "Campaign to Ban Landmines (ICBL) in relation to the matters mentioned above on "
        "18 June 2025.",
    ],
    6: [
        "At the 17-20 June 2025 Intersessional Meetings, the Committee submitted its "
        "preliminary observations on the status of implementation of the compliance measures "
        "of the Convention and the SRAAP.",  # the abbreviation, introduced in paragraph 3
    ],
    7: [
        "Following initial allegations by Thailand concerning use of anti-personnel mines by "
        "Cambodia on 23 July 2025, the Committee engaged with Cambodia and Thailand",
        "In this regard the Committee met with Permanent Representatives of both countries to "
        "the United Nations in Geneva separately on 20 July 2025 and 22 August 2025 and is "
        "continuing its engagement with both sides.",
    ],
    8: [
        "In the lead up to the Twenty-Second Meeting of the States Parties (22MSP), the "
        "Committee sent a communication to all States Parties implementing obligations of the "
        "Convention which have not submitted Article 7 reports in one or more years",
    ],
    9: [
        "The Committee will continue prioritising its cooperative dialogue with States "
        "Parties to assist them in acting upon their commitment under Article 8.1 of the "
        "Convention",
        "undertake all necessary measures to investigate and address alleged or known "
        "non-compliance with Article 1, as well as measures taken to prevent any further "
        "instances of non-compliance, where relevant",
        "in the most expeditious, comprehensive and transparent manner possible",
    ],
    10: [
        "In accordance with Action 47 of the SRAAP and the mandate of the Committee to address "
        "all matters under Article 1.2",
        "the different needs and perspectives of women, girls, boys and men are considered",
    ],
    11: [
        "In line with Action 48 of the SRAAP, the Committee will continue to engage with "
        "States Parties that have not communicated having adopted appropriate legal, "
        "administrative and other measures in the context of Article 9 obligations, or "
        "consider existing measures to be sufficient",
    ],
    12: [
        "In implementing its mandate, the Committee will continue its interactions with civil "
        "society and international organizations.",
    ],
}
# Where the paper puts each seed paragraph: as the seed does. The Committee's own work
# first, then where each paragraph's latest record falls (the Ukraine case, 18 February to
# 18 June, after the Article 9 letters of 4 June and before the observations of 17-20
# June); Part II keeps its numbers.
PLACE = {n: n for n in range(1, 13)}


def numbered(paper):
    """The paper's paragraphs by number."""
    return {int(n): text for n, text in re.findall(r"^(\d+)\. (.*)$", paper, re.MULTILINE)}


def test_the_paper_states_no_act_the_log_does_not_hold(paper):
    # The allegations are said by the sentence of the case they opened (`said_in`): no
    # sentence of the paper's own says when or how they reached the Committee.
    assert "brought to the Committee's attention" not in paper
    assert "considered allegations" not in paper and "On or before" not in paper
    assert "selected Belgium" in paper and "On 17 January 2025, the Committee selected" not in paper
    # Every sentence of Parts I and II ends with a full stop.
    for text in numbered(paper).values():
        assert text.endswith("."), text


@pytest.fixture
def paper(seeded):
    return seeded.ok(*REPORT, "--public")


def test_the_public_paper_states_every_fact_of_paragraphs_1_to_12(paper):
    """Each of the seed's sentences, in the paragraph the paper puts it in, once."""
    paragraphs = numbered(paper)
    for number, facts in SEED_FACTS.items():
        text = paper if number == "heading" else paragraphs[PLACE[number]]
        for fact in facts:
            assert fact in text, (number, fact)
            assert paper.count(fact) == 1, fact  # said_in: a sentence is printed once
    # Abbreviations are spelled out once, at first use.
    for short, full in (("SRAAP", "Siem Reap-Angkor Action Plan"), ("ISU", "Implementation "
                        "Support Unit"), ("HRW", "Human Rights Watch")):  # fmt: skip
        assert paper.count(f"({short})") == 1
        assert paper.index(full) < paper.index(f"({short})") <= paper.index(short)


def test_the_public_paper_never_names_what_is_restricted(seeded, paper):
    """A restricted record, even one written as the Committee's sentence, is counted in
    public, never named; the full paper prints it as written."""
    summary = "On 9 October 2025, the Committee wrote to Zanzibaria about the mines at Riverbend."
    seeded.ok("record", "letter", "--to", "Cambodia", "--subject", "Mines at Riverbend",
              "--occurred", "2025-10-09", "--summary", summary, "--as-written",
              "--restricted")  # fmt: skip
    public = seeded.ok(*REPORT, "--public")
    assert "Riverbend" not in public and "Zanzibaria" not in public
    assert "On 9 October 2025, the Committee sent a letter to one State Party." in public
    assert summary in seeded.ok(*REPORT)


def test_paragraphs_are_numbered_in_the_committees_usual_order(seeded, paper):
    """Its own work first, then every paragraph where its latest record falls: the
    seed's own order, paragraph for paragraph."""
    part_one = paper.split("## II. Priorities")[0]  # Part II carries on the numbering
    paragraphs = re.findall(r"^(\d+)\. (.*)$", part_one, re.MULTILINE)
    assert [int(n) for n, _ in paragraphs] == list(range(1, len(paragraphs) + 1))
    texts = [text for _, text in paragraphs]
    starts = {PLACE[n]: SEED_FACTS[n][0] for n in range(1, 9)}
    assert len(texts) == len(starts)
    for number, text in enumerate(texts, start=1):
        assert text.startswith(starts[number]), (number, text)


def test_the_paper_is_deterministic_and_says_what_it_was_built_from(seeded, paper):
    assert seeded.ok(*REPORT, "--public") == paper
    position, digest = re.search(
        r"up to position (\d+) \(running digest ([0-9a-f]{64})\)", paper
    ).groups()
    report = json.loads(seeded.ok("verify", "--json"))
    assert (int(position), digest) == (report["records"], report["running_digest"])


def test_html_and_templates_from_a_folder(seeded, tmp_path):
    html = seeded.ok(*REPORT, "--public", "--format", "html")
    assert html.startswith("<!DOCTYPE html>") and "<ol>" in html
    assert "17-20 June 2025" in html  # as the officer wrote it
    shipped = resources.files("ccc.reports").joinpath("templates", "sentences.j2").read_text()
    reworded = shipped.replace("the Committee selected", "the Committee chose")
    (tmp_path / "sentences.j2").write_text(reworded, encoding="utf-8")
    # A record not written as the Committee's sentence is worded by the templates.
    seeded.ok("record", "focal-point", "--state", "Germany", "--area", "victim assistance",
              "--occurred", "2025-05-05", "--summary", "Germany.")  # fmt: skip
    custom = seeded.ok(*REPORT, "--templates", str(tmp_path))
    assert "On 5 May 2025, the Committee chose Germany as its victim assistance focal" in custom


def test_a_case_dossier_has_the_case_its_letters_and_a_timeline(seeded, tmp_path):
    letter = seeded.ok(
        "record",
        "letter",
        "--to",
        "Cambodia",
        "--subject",
        "Clarification",
        "--case",
        "cambodia-thailand-2025",
        "--occurred",
        "2025-09-01",
        "--reply-requested-by",
        "2025-10-01",
        "--summary",
        "Asked.",
    ).strip()
    seeded.ok(
        "record",
        "communication",
        "--from",
        "Cambodia",
        "--in-reply-to",
        letter,
        "--case",
        "cambodia-thailand-2025",
        "--occurred",
        "2025-09-15",
        "--summary",
        "Answered.",
    )
    md = seeded.ok("report", "case", "cambodia-thailand-2025")
    assert "# Case cambodia-thailand-2025" in md
    assert "States concerned: Cambodia and Thailand" in md
    assert f"| {letter} | Cambodia | 1 September 2025 | Clarification | 1 October 2025 |" in md
    assert "| 14 |" in md  # days to reply
    assert "data:image/svg+xml;base64," in md
    html_file, png_file = tmp_path / "case.html", tmp_path / "case.png"
    seeded.ok(
        "report",
        "case",
        "cambodia-thailand-2025",
        "--format",
        "html",
        "--out",
        str(html_file),
        "--png",
        str(png_file),
    )
    html = html_file.read_text()
    assert "<svg" in html and "Allegations" in html
    assert png_file.read_bytes().startswith(b"\x89PNG")
    second = tmp_path / "again.html"
    seeded.ok("report", "case", "cambodia-thailand-2025", "--format", "html", "--out", str(second))
    assert second.read_bytes() == html_file.read_bytes()  # the same log, the same bytes


def test_check_finds_what_an_officer_would_question(seeded):
    result = seeded("check", "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    early = [f for f in found if f["check"] == "before-allegation"]
    assert len(early) == 2 and all("20 July 2025" in f["problem"] for f in early)
    seeded.ok("case", "open", "c-9", "--title", "c", "--state", "Peru", "--occurred", "2025-01-01")
    letter = seeded.ok(
        "record",
        "letter",
        "--to",
        "Peru",
        "--subject",
        "s",
        "--case",
        "c-9",
        "--occurred",
        "2025-05-01",
        "--reply-requested-by",
        "2025-05-31",
        "--summary",
        "Asked Peru.",
    ).strip()
    seeded.ok(
        "record",
        "communication",
        "--from",
        "Peru",
        "--in-reply-to",
        letter,
        "--occurred",
        "2025-04-20",
        "--summary",
        "Early reply.",
    )
    seeded.ok(
        "record",
        "allegation",
        "--against",
        "Peru",
        "--nature",
        "use",
        "--occurred",
        "2025-04-01",
        "--summary",
        "No case.",
    )
    seeded.ok(
        "record", "meeting", "--with", "Peru", "--occurred", "2025-04-02", "--summary", "Met Peru."
    )
    seeded.ok(
        "record",
        "meeting",
        "--with",
        "Peru",
        "--occurred",
        "2025-04-02",
        "--summary",
        "Met Peru, again?",
    )
    checks = {f["check"] for f in json.loads(seeded("check", "--json").stdout)}
    assert checks == {
        "before-allegation",
        "reply-before-letter",
        "likely-duplicate",
        "no-case",
        "day-off",  # the seed's meetings of 20 July 2025, a Sunday
    }
    table = seeded("check")
    assert table.exit_code == 1 and "Suggested fix" in table.stdout


def test_check_reports_overdue_replies_and_passes_a_clean_log(ccc):
    ccc.ok(
        "record",
        "letter",
        "--to",
        "Peru",
        "--subject",
        "s",
        "--occurred",
        "2025-05-01",
        "--reply-requested-by",
        "2025-05-31",
        "--summary",
        "Asked Peru.",
    )
    late = json.loads(ccc("check", "--json", "--as-of", "2025-06-10").stdout)
    assert [f["check"] for f in late] == ["reply-overdue"]
    assert "(10 days before)" in late[0]["problem"] and late[0]["sure"] == "certain"
    clean = ccc("check", "--as-of", "2025-05-31")
    assert clean.exit_code == 0 and "the log is clean" in clean.stdout


def test_check_judges_replies_as_they_stood_on_the_day_and_names_late_ones(ccc):
    letter = ccc.ok(
        "record", "letter", "--to", "Peru", "--subject", "s", "--occurred", "2025-05-01",
        "--reply-requested-by", "2025-05-31", "--summary", "Asked Peru.",
    ).strip()  # fmt: skip
    reply = ccc.ok(
        "record", "communication", "--from", "Peru", "--in-reply-to", letter,
        "--occurred", "2025-06-20", "--summary", "Peru replied.",
    ).strip()  # fmt: skip
    # On 10 June the reply had not arrived: still overdue then, whatever came later.
    then = json.loads(ccc("check", "--json", "--as-of", "2025-06-10").stdout)
    assert [f["check"] for f in then] == ["reply-overdue"]
    # Afterwards it is a late reply, with its days.
    after = json.loads(ccc("check", "--json", "--as-of", "2025-07-01").stdout)
    assert [(f["check"], f["sure"], f["records"]) for f in after] == [
        ("reply-late", "certain", [reply, letter])
    ]
    assert "20 days late" in after[0]["problem"]


def test_check_flags_days_off_public_replies_to_restricted_letters_and_missing_stops(ccc):
    ccc.ok(
        "record", "meeting", "--with", "Peru", "--occurred", "2025-12-25",
        "--summary", "Met Peru.",
    )  # fmt: skip
    secret = ccc.ok(
        "record", "letter", "--to", "Peru", "--subject", "s", "--occurred", "2025-05-05",
        "--summary", "A restricted letter.", "--restricted",
    ).strip()  # fmt: skip
    public = ccc.ok(
        "record", "communication", "--from", "Peru", "--in-reply-to", secret,
        "--occurred", "2025-05-20", "--summary", "Peru answered without a full stop",
        "--no-restricted",  # made public by the officer: check questions it
    ).strip()  # fmt: skip
    found = {f["check"]: f for f in json.loads(ccc("check", "--json").stdout)}
    assert "Christmas Day" in found["day-off"]["problem"] and found["day-off"]["sure"] == "likely"
    assert found["reveals-restricted"]["records"] == [public, secret]
    assert found["no-full-stop"]["records"] == [public]
    # In public, a finding that would name the restricted letter is left out.
    public_checks = {f["check"] for f in json.loads(ccc("check", "--json", "--public").stdout)}
    assert "reveals-restricted" not in public_checks and "day-off" in public_checks


def test_the_summary_counts_the_year_with_replies_lagging_two_months(seeded):
    seeded.ok(
        "record",
        "letter",
        "--to",
        "Ukraine",
        "--subject",
        "s",
        "--occurred",
        "2025-12-20",
        "--summary",
        "Late in the year.",
    )
    seeded.ok(
        "record",
        "communication",
        "--from",
        "Ukraine",
        "--occurred",
        "2026-01-15",
        "--summary",
        "Reply in January.",
    )
    answer = seeded.json("report", "summary", "--year", "2025")
    assert answer["letters_sent"] == 5
    assert answer["replies_window"] == ["2025-03-01", "2026-02-28"]
    assert answer["replies_received"] == 2  # the restricted one of June and January's
    assert answer["meetings_by_format"] == {"bilateral": 6, "margins": 1, "unspecified": 1}
    assert answer["cases_opened"] == 3
    by_state = {row["state"]: row for row in answer["by_state"]}
    assert by_state["UKR"] == {"state": "UKR", "letters": 1, "replies": 1, "meetings": 3}
    rows = list(
        csv.DictReader(io.StringIO(seeded.ok("report", "summary", "--year", "2025", "--csv")))
    )
    assert {"Section": "totals", "Item": "letters_sent", "Count": "5"} in rows


def test_the_summary_counts_records_as_they_now_stand(seeded):
    """A retracted letter leaves the year's figures, and a meeting whose date is
    corrected into another year moves to that year's."""
    letter = seeded.ok(
        "record", "letter", "--to", "Peru", "--subject", "s", "--occurred", "2025-05-05",
        "--summary", "Asked Peru.",
    ).strip()  # fmt: skip
    meeting = seeded.ok(
        "record", "meeting", "--with", "Peru", "--occurred", "2025-05-06", "--summary", "Met Peru."
    ).strip()
    before = {year: seeded.json("report", "summary", "--year", year) for year in ("2024", "2025")}
    seeded.ok("retract", letter, "--reason", "Entered twice.")
    seeded.ok("correct", meeting, "--set", "occurred=2024-12-30", "--reason", "A typing slip.")
    after = {year: seeded.json("report", "summary", "--year", year) for year in ("2024", "2025")}
    assert after["2025"]["letters_sent"] == before["2025"]["letters_sent"] - 1
    assert after["2025"]["meetings"] == before["2025"]["meetings"] - 1
    assert after["2024"]["meetings"] == before["2024"]["meetings"] + 1

    def peru(answer, what):
        return {row["state"]: row[what] for row in answer["by_state"]}.get("PER", 0)

    assert peru(after["2025"], "letters") == peru(before["2025"], "letters") - 1
    assert peru(after["2025"], "meetings") == peru(before["2025"], "meetings") - 1
    assert peru(after["2024"], "meetings") == peru(before["2024"], "meetings") + 1


def test_a_dossier_shows_corrections_and_retractions(seeded):
    [meeting, *_] = seeded.json("log", "--kind", "meeting", "--case", "ukraine-art1-2025")
    seeded.ok("correct", meeting["id"], "--set", "venue=Vienna", "--reason", "It was Vienna.")
    note = seeded.ok(
        "record", "note", "--case", "ukraine-art1-2025", "--occurred", "2025-03-01",
        "--summary", "Entered twice.",
    ).strip()  # fmt: skip
    seeded.ok("retract", note, "--reason", "Entered twice.")
    for fmt in ("md", "html"):
        dossier = seeded.ok("report", "case", "ukraine-art1-2025", "--format", fmt)
        assert "It was Vienna." in dossier and "(corrected)" in dossier
        assert "(retracted)" in dossier


def test_a_paper_for_one_period_names_the_letter_an_answer_replies_to(ccc):
    letter = ccc.ok(
        "record", "letter", "--to", "Ukraine", "--subject", "Information", "--summary", "L.",
        "--occurred", "2024-11-05",
    ).strip()  # fmt: skip
    ccc.ok("record", "communication", "--from", "Ukraine", "--in-reply-to", letter,
           "--summary", "R.", "--occurred", "2025-01-20")  # fmt: skip
    paper = ccc.ok("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    assert "in reply to its letter of 5 November 2024" in paper
    assert "sent a letter" not in paper  # the letter itself is outside the period


def test_check_flags_a_day_a_written_sentence_names_that_no_record_holds(seeded):
    """The example's sentences name only days their records (or the records they speak
    for) hold; a slip in a sentence printed as written is flagged, not printed unseen."""

    def written_days():
        found = json.loads(seeded("check", "--json").stdout)  # findings: exit 1
        return [f for f in found if f["check"] == "written-day"]

    assert not written_days()
    slip = seeded.ok("record", "note", "--occurred", "2025-05-05", "--as-written",
                     "--summary", "On 6 May 2025, the Committee met the ISU.").strip()  # fmt: skip
    [finding] = written_days()
    assert finding["records"] == [slip] and "6 May 2025" in finding["problem"]
    # Said for another record of that day, it is no slip.
    seeded.ok("record", "meeting", "--with", "ISU", "--occurred", "2025-05-06", "--summary",
              "Meeting with the ISU.", "--said-in", slip)  # fmt: skip
    assert not written_days()


def test_the_board_and_the_summary_wait_on_the_committees_own_letters(seeded):
    """A campaign's letter to a State is correspondence on the case: the Committee awaits
    no reply to it, and the year's summary does not count it among its letters."""
    before = {r["reference"]: r for r in seeded.json("status")}["ukraine-art1-2025"]
    sent = seeded.json("report", "summary", "--year", "2025")["letters_sent"]
    seeded.ok("record", "letter", "--from", "Human Rights Watch", "--to", "Ukraine",
              "--subject", "Use of mines", "--summary", "HRW wrote to Ukraine.", "--case",
              "ukraine-art1-2025", "--occurred", "2025-09-01",
              "--reply-requested-by", "2025-10-01")  # fmt: skip
    after = {r["reference"]: r for r in seeded.json("status")}["ukraine-art1-2025"]
    assert after["status"] == before["status"] != "awaiting reply"
    assert after["awaiting_reply"] == [] and after["records"] == before["records"] + 1
    assert seeded.json("report", "summary", "--year", "2025")["letters_sent"] == sent
    # The Committee's own letter is awaited.
    seeded.ok("record", "letter", "--to", "Ukraine", "--subject", "Follow-up", "--summary",
              "The Committee wrote to Ukraine.", "--case", "ukraine-art1-2025",
              "--occurred", "2025-09-02", "--reply-requested-by", "2025-10-01")  # fmt: skip
    awaited = {r["reference"]: r for r in seeded.json("status")}["ukraine-art1-2025"]
    assert awaited["status"] == "awaiting reply"
    assert seeded.json("report", "summary", "--year", "2025")["letters_sent"] == sent + 1


def test_a_record_on_several_cases_is_said_in_each_of_their_paragraphs(seeded):
    seeded.ok("record", "meeting", "--with", "Ukraine", "--with", "Cambodia", "--occurred",
              "2025-09-10", "--summary", "Joint meeting.", "--case", "ukraine-art1-2025",
              "--case", "cambodia-thailand-2025")  # fmt: skip
    paragraphs = numbered(seeded.ok(*REPORT, "--public"))
    joint = [n for n, text in paragraphs.items() if "10 September 2025" in text]
    assert [paragraphs[n].split(" ", 4)[:4] for n in joint] == [
        ["The", "Committee", "engaged", "with"],  # Ukraine's
        ["Following", "initial", "allegations", "by"],  # Cambodia and Thailand's
    ]
    # said in both paragraphs, counted once
    before = seeded.json("report", "summary", "--year", "2025")["meetings"]
    seeded.ok("record", "meeting", "--with", "Ukraine", "--with", "Cambodia", "--occurred",
              "2025-09-11", "--summary", "Second joint meeting.", "--case", "ukraine-art1-2025",
              "--case", "cambodia-thailand-2025")  # fmt: skip
    assert seeded.json("report", "summary", "--year", "2025")["meetings"] == before + 1


def test_the_composition_is_the_one_recorded_for_the_papers_period(seeded):
    """A Committee constituted in November for the next period does not head this year's
    paper; --period chooses; members may be left unnamed, and are then counted."""
    seeded.ok("record", "committee-constituted", "--member-count", "5", "--chair", "Peru",
              "--period", "2026/2027", "--occurred", "2025-11-20",
              "--summary", "The Committee for 2026-2027.")  # fmt: skip
    heading = "Committee on Cooperative Compliance ({})"
    this_year = seeded.ok(*REPORT)
    assert heading.format("Belgium, Cambodia, Germany, Japan (Chair), Peru") in this_year
    assert "2025-2026" in this_year.splitlines()[0]
    chosen = seeded.ok(*REPORT, "--period", "2026/2027")
    assert heading.format("Peru (Chair) and four States Parties") in chosen
    assert "Activities and Priorities for Implementation 2026-2027" in chosen
    refused = seeded.refuses(*REPORT, "--period", "2030/2031")
    assert "No composition of the Committee is recorded for the period '2030/2031'" in refused
    assert "--member-count" in seeded.refuses(
        "record", "committee-constituted", "--period", "2027/2028", "--occurred",
        "2025-11-21", "--summary", "Nobody.",
    )  # fmt: skip


def test_check_flags_a_state_a_written_sentence_names_that_no_record_involves(seeded):
    def written_states():
        found = json.loads(seeded("check", "--json").stdout)  # findings: exit 1
        return [f for f in found if f["check"] == "written-state"]

    assert not written_states()  # the example's sentences name only their records' States
    slip = seeded.ok("record", "note", "--occurred", "2025-05-05", "--as-written",
                     "--summary", "The Committee wrote to Peru.").strip()  # fmt: skip
    [finding] = written_states()
    assert finding["records"] == [slip] and "names Peru" in finding["problem"]
    seeded.ok("correct", slip, "--set", "party=Peru", "--reason", "It was to Peru.")
    assert not written_states()


def test_check_flags_a_count_of_states_a_written_sentence_gets_wrong(seeded):
    def written_counts():
        found = json.loads(seeded("check", "--json").stdout)  # findings: exit 1
        return [f for f in found if f["check"] == "written-count"]

    assert not written_counts()  # the example's counts agree with its records
    slip = seeded.ok("record", "letter", "--occurred", "2025-05-05", "--to", "Angola", "--to",
                     "Zambia", "--subject", "Article 9", "--as-written", "--summary",
                     "The Committee sent letters to three States Parties on Article 9."
                     ).strip()  # fmt: skip
    [finding] = written_counts()
    assert finding["records"] == [slip]
    assert "says “three States Parties”, but its records name two" in finding["problem"]
    seeded.ok("correct", slip, "--set", "to=Angola", "--set", "to=Zambia", "--set", "to=Peru",
              "--reason", "Peru was written to as well.")  # fmt: skip
    assert not written_counts()
