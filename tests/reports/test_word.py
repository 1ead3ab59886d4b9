"""The activities paper as a Word document in the United Nations' layout: the same
sentences as the Markdown paper, A4, the masthead (Meeting and agenda item left; symbol,
distribution, date and language right), Times New Roman in black, numbered paragraphs,
page numbers; the provenance in the document's properties (in the text only when asked)."""

import re

import docx
import pytest

from tests.conftest import log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

PERIOD = ("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--public")


def test_the_word_paper_says_what_the_markdown_paper_says(seeded, tmp_path, store):
    out = tmp_path / "paper.docx"
    seeded.ok(
        *PERIOD, "--format", "docx", "--out", str(out),
        "--symbol", "APLC/MSP.22/2025/WP.1", "--dated", "1 December 2025",
        "--meeting", "Twenty-Second Meeting of the States Parties",
        "--agenda-item", "Item 10 of the provisional agenda",
    )  # fmt: skip
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    markdown = seeded.ok(*PERIOD)
    numbered = re.findall(r"^(\d+)\. (.*)$", markdown, re.MULTILINE)
    assert [t for t in texts if re.match(r"^\d+\.\t", t)] == [f"{n}.\t{t}" for n, t in numbered]
    assert len(numbered) == 12
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["I. Activities of the Committee", "II. Priorities for Implementation"]
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text.startswith("Committee on Cooperative Compliance: Activities")
    assert "Submitted by the Committee on Cooperative Compliance" in texts
    [masthead] = document.tables
    left, right = (cell.text.splitlines() for cell in masthead.rows[0].cells)
    assert left == ["Twenty-Second Meeting of the States Parties",
                    "Item 10 of the provisional agenda"]  # fmt: skip
    assert [line for line in right if line] == [
        "APLC/MSP.22/2025/WP.1", "Distr.: General", "1 December 2025", "Original: English",
    ]  # fmt: skip
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert "PAGE" in section.footer._element.xml
    # Times New Roman and black in every style the paper uses: no theme font, no colour.
    for name in ("Normal", "Title", "Subtitle", "Heading 1"):
        style = document.styles[name]
        assert style.font.name == "Times New Roman", name
        fonts = style.element.rPr.rFonts
        assert not [key for key in fonts.attrib if key.endswith("Theme")], name
        assert str(style.font.color.rgb) == "000000", name
    # The provenance is in the properties, not in the text, unless asked for.
    assert document.core_properties.comments.startswith("Drafted by ccc from the log")
    assert not any(t.startswith("Drafted by ccc") for t in texts)
    again = tmp_path / "again.docx"
    seeded.ok(*PERIOD, "--format", "docx", "--out", str(again), "--provenance")
    assert docx.Document(str(again)).paragraphs[-1].text.startswith("Drafted by ccc")
    same = tmp_path / "same.docx"
    seeded.ok(*PERIOD, "--format", "docx", "--out", str(same), "--provenance")
    assert same.read_bytes() == again.read_bytes()  # the same log, the same bytes
    before = log_digest(store)
    assert "Give --out FILE.docx" in seeded.refuses(*PERIOD, "--format", "docx")
    assert "Give --out FILE.docx" in seeded.refuses(
        "report", "case", "ukraine-art1-2025", "--format", "docx"
    )
    assert log_digest(store) == before


def test_a_case_dossier_in_word_has_its_lists_and_tables(seeded, tmp_path):
    """`ccc report case --format docx`: the dossier's title (not "submitted by the
    Committee": it is the secretariat's), its facts as a list with the status in bold,
    and every record as a row of a table with a header, as the Markdown dossier has."""
    out = tmp_path / "case.docx"
    seeded.ok("report", "case", "ukraine-art1-2025", "--public", "--format", "docx",
              "--out", str(out))  # fmt: skip
    document = docx.Document(str(out))
    markdown = seeded.ok("report", "case", "ukraine-art1-2025", "--public")
    title = markdown.splitlines()[0].removeprefix("# ")
    paragraphs = document.paragraphs
    assert paragraphs[0].text == title and paragraphs[0].style.name == "Title"
    assert not any("Submitted by" in p.text for p in paragraphs)
    facts = [line[2:].replace("**", "") for line in markdown.splitlines() if line.startswith("- ")]
    listed = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert listed == facts
    [status] = [p for p in paragraphs if p.text.startswith("Status on")]
    assert [run.text for run in status.runs if run.bold] == ["in dialogue"]
    [table] = document.tables
    records = seeded.json("history", "ukraine-art1-2025", "--public")
    assert len(table.rows) == 1 + len(records)
    assert [cell.text for cell in table.rows[0].cells] == [
        "Id",
        "Occurred",
        "Kind",
        "Summary",
        "Recorded",
    ]
    assert {row.cells[3].text for row in table.rows[1:]} == {r["summary"] for r in records}
    assert "(The timeline is drawn in the HTML version of this dossier.)" in [
        p.text for p in paragraphs
    ]
    # fit to publish: when each record was recorded, not by whom (a login name)
    assert not any("tester" in row.cells[4].text for row in table.rows)
    assert "by tester" in seeded.ok("report", "case", "ukraine-art1-2025")


def test_libreoffice_opens_the_word_paper_and_makes_a_pdf_of_it(seeded, tmp_path):
    """The secretariat's round trip: LibreOffice, headless, reads the .docx and writes a
    PDF and a plain-text copy that holds the paper's paragraphs. `.ci/run` installs
    LibreOffice and sets CCC_REQUIRE_OFFICE=1, so there a missing office suite fails."""
    import os
    import shutil
    import subprocess

    import pytest

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CCC_REQUIRE_OFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is not installed; .ci/run installs it.")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    paper = tmp_path / "paper.docx"
    seeded.ok(*PERIOD, "--format", "docx", "--out", str(paper), "--symbol", "APLC/CCC/WP.1",
              "--dated", "1 December 2025")  # fmt: skip
    profile = tmp_path / "profile"  # its own profile: no clash with another office running
    for target in ("pdf", "txt:Text (encoded):UTF8"):
        done = subprocess.run(
            [
                soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                "--convert-to", target, "--outdir", str(tmp_path), str(paper),
            ],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    pdf = (tmp_path / "paper.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000
    # The PDF as a reader sees it (poppler's tools; .ci/run installs them): A4, set in
    # Times New Roman or the metric-compatible face LibreOffice uses for it, and page 1
    # kept as a picture for a person to look at.
    if shutil.which("pdfinfo") is None:
        if os.environ.get("CCC_REQUIRE_OFFICE") == "1":
            pytest.fail("poppler-utils (pdfinfo) is not installed; .ci/run installs it.")
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    info = subprocess.run(["pdfinfo", str(tmp_path / "paper.pdf")], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "(A4)" in info, info
    fonts = subprocess.run(["pdffonts", str(tmp_path / "paper.pdf")], capture_output=True,
                           text=True, check=True).stdout.splitlines()[2:]  # fmt: skip
    faces = {line.split()[0].split("+")[-1] for line in fonts}
    assert faces and all(face.startswith(("TimesNewRoman", "LiberationSerif")) for face in faces), (
        faces
    )
    from tests.conftest import ROOT

    artifacts = ROOT / "build" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "paper.pdf"), str(artifacts / "word-paper-page-1")],
                   check=True)  # fmt: skip
    assert (artifacts / "word-paper-page-1.png").stat().st_size > 10_000
    text = (tmp_path / "paper.txt").read_text(encoding="utf-8-sig")
    markdown = seeded.ok(*PERIOD)
    for _, sentence in re.findall(r"^(\d+)\. (.*)$", markdown, re.MULTILINE):
        assert sentence in " ".join(text.split()), sentence
