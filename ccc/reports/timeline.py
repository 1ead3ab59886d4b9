"""A case's timeline as a PNG picture (`report case --png`), drawn with matplotlib, an
optional extra (`pip install 'ccc[png]'`). The dossier's own timeline is SVG drawn without
it (svg_timeline.py); this draws the same rows for those who want a picture file.

Rows: allegations, letters, replies, meetings, observations, the case's own records and
reply deadlines. A record with a precise day is a marker; one known only to a range (a
month, "17-20 June") is a bar over that range; one with an open start ("on or before 1
December") is a left-pointing triangle at its last possible day, with no span drawn (none
is known), as in the SVG. The time we waited for each reply is shaded.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain import kinds

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow

ROWS = kinds.TIMELINE_ROWS


def _row(record: RecordRow) -> str | None:
    """The timeline row a record is drawn on (None: not drawn)."""
    kind = kinds.KINDS.get(record["kind"])
    return kind.timeline if kind else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _x(day: date | None) -> float:
    """A day as matplotlib's date number."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def draw(
    records: list[RecordRow], waits: list[dict[str, Any]], on: date, fmt: str = "svg"
) -> bytes:
    """The picture of a case's records; `waits` are (since, until, party) periods."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "ccc", "svg.fonttype": "none", "font.size": 9})
    shown = [r for r in records if _row(r) and not r.get("retracted")]
    figure, axes = plt.subplots(figsize=(10, 3.6))
    y = {row: len(ROWS) - i for i, row in enumerate(ROWS)}
    for wait in waits:
        start, end = _day(wait["since"]), _day(wait["until"]) or on
        axes.axvspan(_x(start), _x(end), color="#f2d49b", alpha=0.35, lw=0)
    for record in shown:
        row = y[_row(record) or ""]
        first, last = _day(record["earliest"]), _day(record["latest"])
        if first and last and first == last:
            axes.plot([_x(first)], [row], marker="o", color="#1f4e79", markersize=6)
        elif first and last:
            axes.plot(
                [_x(first), _x(last)],
                [row, row],
                color="#1f4e79",
                linewidth=6,
                solid_capstyle="butt",
            )
        elif last:  # "on or before": the last possible day, pointing back; no span invented
            axes.plot([_x(last)], [row], marker="<", color="#1f4e79", markersize=8)
        elif first:  # still going on
            axes.plot([_x(first), _x(on)], [row, row], color="#1f4e79", linewidth=6, alpha=0.3)
        deadline = record.get("details", {}).get("reply_requested_by")
        if deadline:
            axes.plot(
                [_x(_day(deadline))], [y["Deadlines"]], marker="v", color="#a4262c", markersize=8
            )
    axes.set_yticks(list(y.values()), list(y))
    axes.set_ylim(0.3, len(ROWS) + 0.7)
    axes.xaxis_date()
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_title(
        "Timeline: dots are exact days, bars are date ranges, triangles "
        "'on or before'; shaded: awaiting a reply",
        fontsize=8,
        loc="left",
    )
    figure.tight_layout()
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    figure.savefig(out, format=fmt, metadata=metadata, dpi=120)
    plt.close(figure)
    return out.getvalue()
