"""States in running text take the United Nations' short names, with their article
(issue 10, item 2; data/un-short-names.csv and its sources)."""

from ccc.domain.names import state_in_text


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
