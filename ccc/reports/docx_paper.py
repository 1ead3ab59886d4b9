"""The activities paper and a case's dossier as Word documents (`--format docx`), with
python-docx.

The wording is the Markdown paper's (the same templates): this module only lays it out as
United Nations documents are laid out. A4; on the first page, the Meeting and agenda item
top left and the symbol top right with the distribution, the date and the original
language beneath it; the title in bold, "Submitted by the Committee on Cooperative
Compliance" under it; Times New Roman throughout in black (the template's theme fonts and
colours removed); each numbered paragraph with its number hanging in the margin; page
numbers in the footer. The provenance line (log position and running digest) goes into
the document's properties, and into the text only when asked for.

A dossier (case.md.j2) has what a paper has not: lists ("- "), tables ("| a | b |") and
bold ("**in dialogue**"), laid out as Word's own list, table and bold; its timeline is a
picture in the HTML dossier, and a sentence says so.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

NUMBERED = re.compile(r"^(\d+)\. (.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
PICTURE = "(The timeline is drawn in the HTML version of this dossier.)"
PROVENANCE = "Drafted by ccc"
FONT = "Times New Roman"
SUBMITTED = "Submitted by the Committee on Cooperative Compliance"


def document(
    markdown: str,
    *,
    symbol: str | None = None,
    dated: str | None = None,
    meeting: str | None = None,
    agenda_item: str | None = None,
    provenance_in_text: bool = False,
    created: datetime | None = None,
    submitted: bool = True,
) -> bytes:
    """The .docx bytes of a paper drafted as Markdown by activities.md.j2, or of a dossier
    (case.md.j2; `submitted` False: the Committee did not submit it). `created` fixes the
    document's dates (the same log, the same properties)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    _page(doc)
    _styles(doc)
    _masthead(doc, symbol, dated, meeting, agenda_item)
    _page_numbers(doc)
    title, provenance = "", None
    rows: list[list[str]] = []  # the table being read, a row a line
    for line in [*markdown.splitlines(), ""]:
        text = line.strip()
        if text.startswith("|"):
            if not set(text) <= set("|-: "):  # the rule under the header is not a row
                rows.append([cell.strip() for cell in text.strip("|").split("|")])
            continue
        if rows:
            _table(doc, rows)
            rows = []
        if not text or text == "---":
            continue
        if text.startswith(PROVENANCE):
            provenance = text
        elif text.startswith("# "):
            title = text[2:]
            doc.add_paragraph(title, style="Title")
            if submitted:
                doc.add_paragraph(SUBMITTED, style="Subtitle")
        elif text.startswith("!["):
            doc.add_paragraph(PICTURE)
        elif text.startswith("- "):
            _runs(doc.add_paragraph(style="List Bullet"), text[2:])
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
            _runs(doc.add_paragraph(), text)
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


def _runs(paragraph: Any, text: str) -> None:
    """The text into the paragraph, its **bold** parts bold."""
    for number, part in enumerate(BOLD.split(text)):
        if part:
            run = paragraph.add_run(part)
            if number % 2 == 1:
                run.bold = True


def _table(doc: Any, rows: list[list[str]]) -> None:
    """A Markdown table as a Word table with ruled cells, its first row the header (bold,
    repeated at the top of each page it runs onto); each column as wide as its longest
    text asks, within bounds (equal columns squeezed a summary to a word a line)."""
    from copy import deepcopy

    from docx.oxml.ns import qn
    from docx.shared import Cm
    from docx.table import _Cell
    from lxml.etree import SubElement  # type: ignore[import-untyped]  # python-docx's XML

    columns = max(len(row) for row in rows)
    texts = [[row[i] if i < len(row) else "" for row in rows] for i in range(columns)]
    # In characters of 10-point type, about 95 to the line: each column gets its longest
    # word (never broken), then a share of the rest as its longest text asks for it.
    least = [
        max(len(word) for text in column for word in [*text.split(), ""]) + 4 for column in texts
    ]
    wants = [max(min(max(map(len, column)), 80), n) for column, n in zip(texts, least, strict=True)]
    spare = max(95 - sum(least), 0)
    extra = sum(w - n for w, n in zip(wants, least, strict=True)) or 1
    asks = [n + spare * (w - n) / extra for w, n in zip(wants, least, strict=True)]
    widths = [Cm(16.0 * n / sum(asks)) for n in asks]  # the A4 page within its margins
    table = doc.add_table(rows=0, cols=columns)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    blank = table.add_row()  # a row with its cells' widths, copied for each row below:
    for cell, width in zip(blank.cells, widths, strict=False):  # python-docx's own calls
        cell.width = width  # took 3 ms a row, 1.3 s for a dossier of 450 records
    template = deepcopy(blank._tr)
    for number, row in enumerate(rows):
        tr = blank._tr if number == 0 else deepcopy(template)
        if number:
            table._tbl.append(tr)
        for tc, text in zip(tr.iterchildren(qn("w:tc")), row, strict=False):
            if number == 0 or "**" in text:
                _runs(_Cell(tc, table).paragraphs[0], f"**{text}**" if number == 0 else text)
            elif "\n" in text or "\t" in text:  # a line break or a tab: Word's own marks
                tc.find(qn("w:p")).add_r().text = text
            elif text:  # lxml itself: python-docx's calls cost 0.1 ms each, per cell
                run = SubElement(tc.find(qn("w:p")), qn("w:r"))
                words = SubElement(run, qn("w:t"))
                words.text = text
                words.set(qn("xml:space"), "preserve")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the table's grid: LibreOffice reads it, not the cells'
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))


def _page(doc: Any) -> None:
    """A4 with the United Nations' margins (python-docx's template is US Letter)."""
    from docx.shared import Cm

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)


def _styles(doc: Any) -> None:
    """Times New Roman in black everywhere: the template's headings name theme fonts and
    a blue colour, which win over a font set on the style unless removed."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    sizes = {"Normal": 10, "Title": 14, "Subtitle": 10, "Heading 1": 10, "Header": 10}
    for name, size in sizes.items():
        style = doc.styles[name]
        font = style.font
        font.name, font.size = FONT, Pt(size)
        font.color.rgb = RGBColor(0, 0, 0)
        font.bold = name in ("Title", "Heading 1")
        font.italic = False
        properties = style.element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = properties.makeelement(qn("w:rFonts"), {})
            properties.insert(0, fonts)
        for key in list(fonts.attrib):
            if key.endswith("Theme"):  # asciiTheme, hAnsiTheme, eastAsiaTheme, cstheme
                del fonts.attrib[key]
        for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(key), FONT)
        for spaced in properties.findall(qn("w:spacing")):  # the Subtitle's letter-spacing
            properties.remove(spaced)
        paragraph = style.element.find(qn("w:pPr"))
        if paragraph is not None:  # the Title's rule beneath it
            for border in paragraph.findall(qn("w:pBdr")):
                paragraph.remove(border)
    doc.styles["Title"].paragraph_format.space_after = Pt(6)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(12)


def _masthead(
    doc: Any, symbol: str | None, dated: str | None, meeting: str | None, item: str | None
) -> None:
    """The first page's top: the Meeting and agenda item on the left; the symbol, then
    "Distr.: General", the date and "Original: English" on the right; a rule beneath."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if not (symbol or dated or meeting or item):
        return
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _lines(left, [line for line in (meeting, item) if line])
    right_lines = [symbol] if symbol else []
    right_lines += ["", "Distr.: General"] + ([dated] if dated else []) + ["", "Original: English"]
    _lines(right, right_lines, bold_first=bool(symbol))
    for paragraph in right.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if symbol:
        right.paragraphs[0].runs[0].font.size = Pt(14)
    rule = doc.add_paragraph()
    _rule_below(rule)


def _lines(cell: Any, lines: list[str], bold_first: bool = False) -> None:
    first = cell.paragraphs[0]
    for number, line in enumerate(lines):
        paragraph = first if number == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold_first and number == 0
        paragraph.paragraph_format.space_after = 0


def _rule_below(paragraph: Any) -> None:
    """A thin rule under the masthead, as the United Nations' documents have."""
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    borders = properties.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(
        qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1"}
    )
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    properties.append(borders)


def _page_numbers(doc: Any) -> None:
    """The page number, centred in the footer (a PAGE field: python-docx has no call)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = footer._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    run = field.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)


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
