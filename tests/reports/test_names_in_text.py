"""States in running text take the United Nations' short names, with their article
(data/un-short-names.csv and its sources)."""

import pytest

from ccc.domain.names import state_in_text

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def test_the_table_gives_the_article_and_the_current_name():
    assert state_in_text("COD") == "the Democratic Republic of the Congo"
    assert state_in_text("SDN") == "the Sudan"
    assert state_in_text("TUR") == "Türkiye"
    assert state_in_text("CZE") == "Czechia"  # the depositary table still says Czech Republic
    assert state_in_text("UKR") == "Ukraine"  # not listed: the depositary's name


def test_a_paper_writes_states_as_the_united_nations_does(ccc):
    ccc.ok(
        "record", "letter", "--to", "Democratic Republic of the Congo", "--to", "Sudan",
        "--to", "Turkey", "--to", "Czech Republic", "--subject", "Article 7 reporting",
        "--occurred", "2025-03-17", "--summary", "Letters on Article 7.",
    )  # fmt: skip
    paper = ccc.ok("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    assert "to the Democratic Republic of the Congo, the Sudan, Türkiye and Czechia" in paper, paper
    assert "to Democratic Republic" not in paper


def test_no_sentence_holds_a_double_space(seeded):
    for flag in ((), ("--public",)):
        paper = seeded.ok(
            "report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", *flag
        )
        assert "  " not in paper.replace("\n  ", "\n"), [
            line for line in paper.splitlines() if "  " in line
        ]


def test_the_paper_has_part_two_when_priorities_are_recorded(seeded, ccc, tmp_path, monkeypatch):
    paper = seeded.ok(
        "report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--public"
    )
    assert paper.startswith(
        "# Committee on Cooperative Compliance: Activities and Priorities for Implementation "
        "2025-2026"
    )
    part_two = paper.split("## II. Priorities for Implementation")[1]
    # Numbered after Part I, as the Committee's paper numbers them: paragraphs 9 to 12.
    # The agreed text as recorded, whatever SRAAP actions the record lists beside it.
    assert "\n9. The Committee will continue prioritising its cooperative dialogue" in part_two
    assert "\n12. In implementing its mandate, the Committee will continue its" in part_two
    html = seeded.ok(
        "report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "html"
    )
    assert '<ol start="9">' in html
    # Without priorities in the period: Part I only, under the plain title.
    monkeypatch.setenv("CCC_STORE", str(tmp_path / "other"))
    ccc.ok("record", "note", "--occurred", "2025-03-01", "--summary", "x.")
    ccc.ok(
        "record", "letter", "--to", "Peru", "--subject", "s", "--occurred", "2025-03-02",
        "--summary", "A letter.",
    )  # fmt: skip
    plain = ccc.ok("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    assert plain.startswith("# Activities of the Committee on Cooperative Compliance")
    assert "II. Priorities" not in plain


def test_a_computed_group_and_a_case_summary_read_as_prose(ccc):
    ccc.ok("register", "load")
    ccc.ok("record", "coverage", "--article", "9", "--from", "1999-01-01")
    ccc.ok(
        "case", "open", "c-1", "--title", "Peru, Article 9", "--state", "Peru",
        "--occurred", "2025-03-01", "--summary", "The Committee engaged with Peru on Article 9",
    )  # fmt: skip
    ccc.ok(
        "record", "letter", "--to", "computed:outstanding-article9", "--subject", "Article 9",
        "--occurred", "2025-03-31", "--summary", "To those with Article 9 obligations.",
    )  # fmt: skip
    paper = ccc.ok("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    assert "obligations as of 31 March 2025" in paper and "2025-03-31" not in paper
    assert "The Committee engaged with Peru on Article 9." in paper


def test_trace_names_the_records_behind_every_sentence(seeded):
    import re

    ids = {r["id"] for r in seeded.json("log")}
    for flag in ((), ("--public",)):
        paper = seeded.ok(
            "report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--trace",
            *flag,
        )  # fmt: skip
        paragraphs = [line for line in paper.splitlines() if re.match(r"^\d+\. ", line)]
        assert len(paragraphs) == 12
        for paragraph in paragraphs:
            # Every sentence ends with the comment naming its records: no text after the last.
            assert paragraph.endswith("-->"), paragraph
            named = re.findall(r"<!-- records: ([^>]*) -->", paragraph)
            assert named, paragraph
            for group in named:
                for short in group.split(", "):
                    assert short in ids or (flag and short == "[restricted]"), short
    public = seeded.ok(
        "report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--trace",
        "--public",
    )  # fmt: skip
    seeded.ok("record", "letter", "--to", "Peru", "--subject", "Secret", "--summary",
              "Secret.", "--occurred", "2025-05-01", "--as-written", "--restricted")  # fmt: skip
    public = seeded.ok(
        "report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--trace",
        "--public",
    )  # fmt: skip
    restricted = [r["id"] for r in seeded.json("log") if r["restricted"]]
    assert restricted and not any(short in public for short in restricted)
    assert "[restricted]" in public
    untraced = seeded.ok("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    assert "<!--" not in untraced


def test_a_public_paper_has_no_side_door_to_a_restricted_letter(ccc, store):
    from tests.conftest import log_digest

    letter = ccc.ok(
        "record", "letter", "--to", "Peru", "--subject", "Stockpiles", "--occurred",
        "2025-03-03", "--summary", "A restricted letter.", "--restricted",
    ).strip()  # fmt: skip
    ccc.ok(
        "record", "communication", "--from", "Peru", "--in-reply-to", letter,
        "--occurred", "2025-03-20", "--summary", "Peru's public reply.",
    )  # fmt: skip
    period = ("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    assert "Peru" in ccc.ok(*period)
    public = ccc.ok(*period, "--public")
    assert "Peru" not in public and "sent a communication" in public
    # A summary the paper prints that names a State only restricted records involve.
    meeting = ccc.ok(
        "record", "committee-meeting", "--occurred", "2025-04-01",
        "--summary", "The Committee discussed its letter to Peru.",
    ).strip()  # fmt: skip
    before = log_digest(store)
    refusal = ccc.refuses(*period, "--public")
    assert meeting in refusal and "names Peru" in refusal and "ccc correct" in refusal
    assert log_digest(store) == before
    assert "letter to Peru" in ccc.ok(*period)  # the full paper may say it


def test_a_case_title_is_no_side_door_either(ccc, store):
    """A case carried over into a period is introduced by its title; a public case whose
    title names a State only its restricted records involve is refused, not printed."""
    from tests.conftest import log_digest

    ccc.ok(
        "case", "open", "talks-2025", "--title", "Talks: the letters to Peru",
        "--origin", "committee-initiative", "--occurred", "2025-11-03", "--summary",
        "The Committee opened talks.",
    )  # fmt: skip
    ccc.ok(
        "record", "letter", "--to", "Peru", "--subject", "Stockpiles", "--occurred",
        "2026-02-03", "--summary", "A restricted letter.", "--restricted", "--case",
        "talks-2025",
    )  # fmt: skip
    period = ("report", "activities", "--from", "2026-01-01", "--to", "2026-12-31")
    before = log_digest(store)
    refusal = ccc.refuses(*period, "--public")
    assert "The title of" in refusal and "names Peru" in refusal and "--set title=" in refusal
    assert log_digest(store) == before
    # The full paper introduces the carried-over case by its title.
    full = ccc.ok(*period)
    assert "The Committee continued its engagement concerning the letters to Peru." in full
    command = refusal.split("`")[1].replace("title=...", "title=Talks: stockpiles")
    ccc.ok(*command.split(" ")[1:4], "title=Talks: stockpiles", "--reason", "Named Peru.")
    public = ccc.ok(*period, "--public")
    assert "Peru" not in public and "concerning stockpiles." in public


def test_an_outline_fixes_the_order_of_the_paragraphs(seeded, tmp_path, store):
    import re

    from tests.conftest import log_digest

    outline = tmp_path / "outline.yaml"
    outline.write_text(
        "- case: cambodia-thailand-2025\n- case: ukraine-art1-2025\n- kind: workshop\n- committee\n"
    )
    period = ("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31")
    paper = seeded.ok(*period, "--outline", str(outline)).split("## II.")[0]
    paragraphs = re.findall(r"^(\d+)\. (.*)$", paper, re.MULTILINE)
    assert [int(n) for n, _ in paragraphs] == list(range(1, 9))  # still numbered 1 to 8
    texts = [text for _, text in paragraphs]
    assert texts[0].startswith("Following initial allegations by Thailand")
    assert texts[1].startswith("The Committee engaged with Ukraine")
    assert "workshop" in texts[2] and texts[3].startswith("The initial meeting of the Committee")
    # The rest follow in order of occurrence: the Article 7 letter of 17 March first.
    assert texts[4].startswith("On 17 March 2025")
    before = log_digest(store)
    outline.write_text("- case: nowhere-2025\n")
    assert "names the case 'nowhere-2025'" in seeded.refuses(*period, "--outline", str(outline))
    outline.write_text("case: ukraine-art1-2025\n")
    assert "is not a list" in seeded.refuses(*period, "--outline", str(outline))
    assert log_digest(store) == before
