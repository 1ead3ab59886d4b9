"""A case's timeline as SVG, drawn by hand: matplotlib was some 170 MB of a 245 MB install
and half a second per dossier for one chart of dots and bars (the PNG, on request, still
uses it: `pip install 'ccc[png]'`). Standard library only; nothing from the log is written
into the picture but days, so there is nothing to escape.

Rows: allegations, letters, replies, meetings, observations, the case itself and reply
deadlines; a row with nothing on it is left out. A record on an exact day is a dot; one
known to a range (a month, "17-20 June") a bar over the range; one known only as "on or
before" a day is a triangle at that day pointing back, with no span drawn (none is
known); the case is a line from its opening to its closure, or, while it is open, to the
right edge with an arrow and the report's day. The axis runs over the case's records, not
to the report's day, so they are not crowded to one side. Records on the same day and row
are set one above the other. Waits for a reply are shaded. Axis labels are months or years
in words, spaced so that none overlaps another.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain import kinds

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow

ROWS = kinds.TIMELINE_ROWS
WIDTH, LEFT, RIGHT, TOP, ROW = 960, 110, 70, 40, 34
PAD = 16  # between the row labels and the first day: a triangle pointing back fits in it
CHAR = 5.5  # the width of a character of the axis labels (9 px serif), generously
INK, SHADE, DEADLINE = "#1f4e79", "#f2d49b", "#a4262c"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _ticks(first: date, last: date, width: float) -> list[tuple[date, str]]:
    """The first day of every month, or of every second, third, sixth month or year, in
    words: the smallest step whose labels, `width` pixels across the span, do not touch."""
    span = max((last - first).days, 1)
    for step in (1, 2, 3, 6, 12, 24, 60):
        label = 4 if step >= 12 else len("September 2025")
        if width * 30.4 * step / span >= label * CHAR + 12:
            break
    year, month = first.year, first.month
    if step >= 12:
        year, month = year + 1 if month > 1 else year, 1
    found = []
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if first <= day:
            found.append((day, f"{day:%Y}" if step >= 12 else f"{day:%B %Y}"))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return found


def draw(records: list[RecordRow], waits: list[dict[str, Any]], on: date) -> bytes:
    """The SVG of a case's records, as of `on` (the day of the report)."""
    shown = [r for r in records if kinds.KINDS[r["kind"]].timeline and not r.get("retracted")]
    days = [d for r in shown for d in (_day(r["earliest"]), _day(r["latest"])) if d]
    days += [d for r in shown if (d := _day(r["details"].get("reply_requested_by")))]
    first = min(days, default=on)
    last = max(days, default=on)
    span = max((last - first).days, 1)
    plot = WIDTH - LEFT - PAD - RIGHT
    used = {kinds.KINDS[r["kind"]].timeline for r in shown}
    if any(r["details"].get("reply_requested_by") for r in shown):
        used.add("Deadlines")
    rows = [row for row in ROWS if row in used] or ["Case"]
    height = TOP + ROW * len(rows) + 40

    def x(day: date) -> float:  # a day past the last record sits at the right edge
        return round(LEFT + PAD + plot * min((day - first).days, span) / span, 1)

    y = {row: TOP + ROW * index + ROW / 2 for index, row in enumerate(rows)}
    height_rows = len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Georgia, serif" font-size="11">',
        f'<text x="{LEFT}" y="16" font-size="10">Dots: exact days. Bars: date ranges. '
        "Triangles: on or before that day. Shaded: awaiting a reply.</text>",
    ]
    for wait in waits:
        start, end = _day(wait["since"]) or first, _day(wait["until"]) or on
        parts.append(
            f'<rect x="{x(start)}" y="{TOP}" width="{max(x(end) - x(start), 1)}" '
            f'height="{ROW * height_rows}" fill="{SHADE}" fill-opacity="0.35"/>'
        )
    for day, label in _ticks(first, last, plot):
        parts.append(
            f'<line x1="{x(day)}" y1="{TOP}" x2="{x(day)}" y2="{TOP + ROW * height_rows}" '
            'stroke="#dddddd"/>'
            f'<text x="{x(day)}" y="{TOP + ROW * height_rows + 16}" font-size="9" '
            f'text-anchor="middle">{label}</text>'
        )
    for row, middle in y.items():
        parts.append(f'<text x="{LEFT - 8}" y="{middle + 4}" text-anchor="end">{row}</text>')
    taken: dict[tuple[str, date], int] = {}  # records already drawn on a row's day

    def lift(row: str, day: date) -> float:
        count = taken.get((row, day), 0)
        taken[(row, day)] = count + 1
        return y[row] - 7 * count  # one above the other

    opened = closed = None
    for record in sorted(shown, key=lambda r: (r["sort_day"], r["position"])):
        row = kinds.KINDS[record["kind"]].timeline or ""
        early, late = _day(record["earliest"]), _day(record["latest"])
        if record["kind"] == kinds.CASE_OPEN:
            opened = early or late
        elif record["kind"] == kinds.CASE_CLOSE:
            closed = late or early
        elif record["kind"] == kinds.CASE_REOPEN:
            closed = None
        if early and late and early == late:
            parts.append(f'<circle cx="{x(early)}" cy="{lift(row, early)}" r="5" fill="{INK}"/>')
        elif early and late:
            top = lift(row, early) - 4
            parts.append(
                f'<rect x="{x(early)}" y="{top}" width="{max(x(late) - x(early), 2)}" '
                f'height="8" fill="{INK}"/>'
            )
        elif late:  # on or before: the last possible day, pointing back; no span invented
            mid = lift(row, late)
            parts.append(
                f'<polygon points="{x(late)},{mid - 6} {x(late)},{mid + 6} {x(late) - 9},{mid}" '
                f'fill="{INK}"/>'
            )
        elif early:  # from that day, still going on: an open bar to the report's day
            mid = lift(row, early)
            parts.append(
                f'<line x1="{x(early)}" y1="{mid}" x2="{x(on)}" y2="{mid}" stroke="{INK}" '
                'stroke-width="3" stroke-dasharray="4 3"/>'
            )
        deadline = _day(record["details"].get("reply_requested_by"))
        if deadline:
            mid = lift("Deadlines", deadline)
            parts.append(
                f'<polygon points="{x(deadline) - 6},{mid - 6} {x(deadline) + 6},{mid - 6} '
                f'{x(deadline)},{mid + 4}" fill="{DEADLINE}"/>'
            )
    if opened is not None and "Case" in y:  # to its closure, or open: to the right edge
        mid = y["Case"] + 10
        right = x(closed) if closed else WIDTH - RIGHT + 40
        parts.append(
            f'<line x1="{x(opened)}" y1="{mid}" x2="{right}" y2="{mid}" stroke="{INK}" '
            'stroke-width="2"/>'
        )
        if closed is None:
            from ccc.domain.dates import in_words

            parts.append(
                f'<polygon points="{right},{mid - 5} {right},{mid + 5} {right + 8},{mid}" '
                f'fill="{INK}"/><text x="{right}" y="{mid - 8}" font-size="9" '
                f'text-anchor="end">open on {in_words(on.isoformat())}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts).encode("utf-8")
