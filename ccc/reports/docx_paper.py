"""The activities paper as a Word document (`--format docx`), with python-docx.

The wording is the Markdown paper's (the same templates): this module only lays it out as
United Nations documents are laid out, in Times New Roman: the title and headings, each
numbered paragraph with its number hanging in the margin, the document symbol and date in
the header when given. The provenance line (log position and running digest) goes into the
document's properties, and into the text only when asked for.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

NUMBERED = re.compile(r"^(\d+)\. (.*)$")
PROVENANCE = "Drafted by ccc"


def document(
    markdown: str,
    *,
    symbol: str | None = None,
    dated: str | None = None,
    provenance_in_text: bool = False,
    created: datetime | None = None,
) -> bytes:
    """The .docx bytes of a paper drafted as Markdown by activities.md.j2. `created`
    fixes the document's dates (the same log, the same properties)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10)
    for name in ("Title", "Heading 1"):
        doc.styles[name].font.name = "Times New Roman"
    if symbol or dated:
        header = doc.sections[0].header.paragraphs[0]
        header.text = "\t\t".join(part for part in (symbol, dated) if part)
    title, provenance = "", None
    for line in markdown.splitlines():
        text = line.strip()
        if not text or text == "---":
            continue
        if text.startswith(PROVENANCE):
            provenance = text
        elif text.startswith("# "):
            title = text[2:]
            doc.add_heading(title, level=0)
        elif text.startswith("## "):
            doc.add_heading(text[3:], level=1)
        elif match := NUMBERED.match(text):
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(1)
            paragraph.paragraph_format.first_line_indent = Cm(-1)  # the number hangs
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.add_run(f"{match[1]}.\t{match[2]}")
        else:
            doc.add_paragraph(text)
    if provenance and provenance_in_text:
        doc.add_paragraph(provenance)
    properties = doc.core_properties
    properties.title = title
    properties.subject = symbol or ""
    properties.comments = provenance or ""
    properties.author = "ccc"
    stamp = created or datetime(2000, 1, 1, tzinfo=UTC)
    properties.created = properties.modified = stamp
    properties.last_modified_by = "ccc"
    saved = io.BytesIO()
    doc.save(saved)
    return _steady(saved.getvalue(), stamp)


def _steady(package: bytes, stamp: datetime) -> bytes:
    """The package with every entry dated `stamp`: python-docx dates zip entries with the
    clock, and the same log should give the same bytes (written by hand: the library has
    no option for it)."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
