"""The activities paper as a Word document: the same sentences as the
Markdown paper, numbered paragraphs, headings, the symbol and date in the header, the
provenance in the document's properties (in the text only when asked)."""

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
    )  # fmt: skip
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    markdown = seeded.ok(*PERIOD)
    numbered = re.findall(r"^(\d+)\. (.*)$", markdown, re.MULTILINE)
    assert [t for t in texts if re.match(r"^\d+\.\t", t)] == [f"{n}.\t{t}" for n, t in numbered]
    assert len(numbered) == 12
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["I. Activities of the Committee", "II. Priorities for Implementation"]
    assert document.paragraphs[0].style.name == "Title"
    assert document.sections[0].header.paragraphs[0].text == (
        "APLC/MSP.22/2025/WP.1\t\t1 December 2025"
    )
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
    assert "Word output is for the activities paper" in seeded.refuses(
        "report", "case", "ukraine-art1-2025", "--format", "docx", "--out", str(tmp_path / "c")
    )
    assert log_digest(store) == before


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
    seeded.ok(*PERIOD, "--format", "docx", "--out", str(paper), "--symbol", "APLC/CCC/WP.1")
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
    text = (tmp_path / "paper.txt").read_text(encoding="utf-8-sig")
    markdown = seeded.ok(*PERIOD)
    for _, sentence in re.findall(r"^(\d+)\. (.*)$", markdown, re.MULTILINE):
        assert sentence in " ".join(text.split()), sentence
