"""A year in figures: `ccc report summary --year YEAR`.

As OHCHR's communications reports do, replies are counted in a window that lags the
sending window by two months (March of the year to February of the next), so that letters
sent late in the year can have their replies counted.
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from ccc.domain import kinds
from ccc.domain.disclosure import Secrets, concealed
from ccc.domain.status import by_the_committee

if TYPE_CHECKING:
    from ccc.domain.shapes import CommunicationDetails, RecordRow


def _within(record: RecordRow, first: date, last: date) -> bool:
    return bool(first.isoformat() <= record["sort_day"] <= last.isoformat())


# What a year's summary counts, and the days it reads (replies run into the next year).
KINDS = (kinds.LETTER, kinds.COMMUNICATION, kinds.MEETING, kinds.CASE_OPEN, kinds.CASE_CLOSE)


def days_read(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])


def summary(records: list[RecordRow], year: int, secrets: Secrets | None = None) -> dict[str, Any]:
    """The year's figures from its records (any superset of KINDS dated in days_read);
    `secrets` (a public summary): what a record concealed in public is counted in the
    totals, never by State."""
    records = [r for r in records if not r["retracted"]]
    sent = (date(year, 1, 1), date(year, 12, 31))
    replies_window = (date(year, 3, 1), days_read(year)[1])
    letters = [  # the Committee's own (a campaign's letter to a State is not its to count)
        r
        for r in records
        if r["kind"] == kinds.LETTER and _within(r, *sent) and by_the_committee(r)
    ]
    replies = [
        r for r in records if r["kind"] == kinds.COMMUNICATION and _within(r, *replies_window)
    ]
    meetings = [r for r in records if r["kind"] == kinds.MEETING and _within(r, *sent)]
    opened = [r for r in records if r["kind"] == kinds.CASE_OPEN and _within(r, *sent)]
    closed = [r for r in records if r["kind"] == kinds.CASE_CLOSE and _within(r, *sent)]

    by_state: dict[str, Counter[str]] = {}

    def count(record: RecordRow, what: str, states: list[str]) -> None:
        if concealed(record, secrets is not None, secrets):
            return  # counted in the totals, never named
        for state in states:
            by_state.setdefault(state, Counter())[what] += 1

    for letter in letters:
        named = [p["name"] for p in letter["details"]["recipients"] if p["kind"] == "state"]
        members = [m for p in letter["details"]["recipients"] for m in p.get("members", [])]
        count(letter, "letters", sorted(set(named + members)))
    for reply in replies:
        sender = cast("CommunicationDetails", reply["details"])["sender"]
        count(reply, "replies", [sender["name"]] if sender["kind"] == "state" else [])
    for meeting in meetings:
        count(
            meeting,
            "meetings",
            [p["name"] for p in meeting["details"]["with_parties"] if p["kind"] == "state"],
        )

    articles: dict[int, Counter[str]] = {}
    for letter in letters:
        for article in letter["details"].get("articles", []):
            articles.setdefault(article, Counter())["letters"] += 1
    for case in opened:
        for article in case["details"].get("articles", []):
            articles.setdefault(article, Counter())["cases_opened"] += 1

    return {
        "year": year,
        "letters_sent": len(letters),
        "letters_window": [d.isoformat() for d in sent],
        "replies_received": len(replies),
        "replies_window": [d.isoformat() for d in replies_window],
        "meetings": len(meetings),
        "meetings_by_format": dict(
            sorted(Counter(m["details"].get("format") or "unspecified" for m in meetings).items())
        ),
        "cases_opened": len(opened),
        "cases_closed": len(closed),
        "by_state": [
            {"state": state, **{k: counts.get(k, 0) for k in ("letters", "replies", "meetings")}}
            for state, counts in sorted(by_state.items())
        ],
        "by_article": [
            {"article": article, **{k: c.get(k, 0) for k in ("letters", "cases_opened")}}
            for article, c in sorted(articles.items())
        ],
    }


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary as (section, item, count) rows, for CSV."""
    out = [
        {"section": "totals", "item": key, "count": report[key]}
        for key in ("letters_sent", "replies_received", "meetings", "cases_opened", "cases_closed")
    ]
    out += [
        {"section": "meetings by format", "item": k, "count": v}
        for k, v in report["meetings_by_format"].items()
    ]
    for key in ("letters", "replies", "meetings"):
        out += [
            {"section": f"{key} by State", "item": row["state"], "count": row[key]}
            for row in report["by_state"]
            if row[key]
        ]
    for key in ("letters", "cases_opened"):
        out += [
            {"section": f"{key} by Article", "item": row["article"], "count": row[key]}
            for row in report["by_article"]
            if row[key]
        ]
    return out
