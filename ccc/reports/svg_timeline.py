"""A case's timeline as SVG, drawn by hand: matplotlib was some 170 MB of a 245 MB install
and half a second per dossier for one chart of dots and bars (the PNG, on request, still
uses it: `pip install 'ccc[png]'`). Standard library only; nothing from the log is written
into the picture but days, so there is nothing to escape.

Rows: allegations, letters, replies, meetings, observations, the case itself and reply
deadlines. A record on an exact day is a dot; one known to a range (a month, "17-20
June") a bar over the range; one known only as "on or before" a day is a triangle at that
day pointing back, with no span drawn (none is known); the case is a line from its
opening to its closure, or to the day of the report with an arrow while it is open.
Records on the same day and row are set one above the other. Waits for a reply are
shaded. Axis labels are months or years in words.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain import kinds

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow

ROWS = kinds.TIMELINE_ROWS
WIDTH, LEFT, RIGHT, TOP, ROW = 960, 110, 20, 40, 34
INK, SHADE, DEADLINE = "#1f4e79", "#f2d49b", "#a4262c"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """The first day of each month (or of each year, over a long span), in words."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 18 else 3 if months <= 48 else 12
    year, month = first.year, first.month
    found = []
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        if day >= first:
            found.append((day, f"{day:%Y}" if step == 12 else f"{day:%B %Y}"))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return found


def draw(records: list[RecordRow], waits: list[dict[str, Any]], on: date) -> bytes:
    """The SVG of a case's records, as of `on` (the day of the report)."""
    shown = [r for r in records if kinds.KINDS[r["kind"]].timeline and not r.get("retracted")]
    days = [d for r in shown for d in (_day(r["earliest"]), _day(r["latest"])) if d]
    days += [d for r in shown if (d := _day(r["details"].get("reply_requested_by")))]
    first = min(days, default=on)
    last = max([*days, on])
    span = max((last - first).days, 1)
    height = TOP + ROW * len(ROWS) + 40

    def x(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    y = {row: TOP + ROW * index + ROW / 2 for index, row in enumerate(ROWS)}
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
            f'height="{ROW * len(ROWS)}" fill="{SHADE}" fill-opacity="0.35"/>'
        )
    for day, label in _ticks(first, last):
        parts.append(
            f'<line x1="{x(day)}" y1="{TOP}" x2="{x(day)}" y2="{TOP + ROW * len(ROWS)}" '
            'stroke="#dddddd"/>'
            f'<text x="{x(day)}" y="{TOP + ROW * len(ROWS) + 16}" font-size="9" '
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
    if opened is not None:  # the case itself: to its closure, or open to the report's day
        end = closed or on
        mid = y["Case"] + 10
        parts.append(
            f'<line x1="{x(opened)}" y1="{mid}" x2="{x(end)}" y2="{mid}" stroke="{INK}" '
            'stroke-width="2"/>'
        )
        if closed is None:
            parts.append(
                f'<polygon points="{x(end)},{mid - 5} {x(end)},{mid + 5} {x(end) + 8},{mid}" '
                f'fill="{INK}"/><text x="{x(end) - 4}" y="{mid + 16}" font-size="9" '
                'text-anchor="end">open</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts).encode("utf-8")
