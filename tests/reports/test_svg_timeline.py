"""The dossier's timeline, drawn as SVG without matplotlib: an open case
runs to the day of the report; "on or before" is a marker with an open side, never an
invented span; records on the same day are set apart; axis labels are in words."""

import itertools
import xml.etree.ElementTree as ET
from datetime import date

from ccc.reports.svg_timeline import draw

SVG = "{http://www.w3.org/2000/svg}"


def record(position, kind, earliest, latest, **details):
    return {
        "kind": kind, "earliest": earliest, "latest": latest, "position": position,
        "sort_day": earliest or latest, "details": details, "retracted": False,
    }  # fmt: skip


def test_an_open_case_runs_to_the_day_of_the_report_with_an_arrow():
    records = [
        record(1, "case-open", "2025-01-10", "2025-01-10"),
        record(2, "meeting", "2025-02-18", "2025-02-18"),
        record(3, "meeting", "2025-02-18", "2025-02-18"),  # the same day: set apart
        record(4, "allegation", None, "2025-02-18"),  # on or before
        record(5, "letter", "2025-03-01", None),  # from 1 March, still running
    ]
    picture = ET.fromstring(draw(records, [], date(2025, 6, 30)))
    texts = [t.text for t in picture.iter(f"{SVG}text")]
    assert "open on 30 June 2025" in texts  # the arrow says the report's day
    # The axis runs over the records (January to March), not to the report's day.
    assert "February 2025" in texts and "March 2025" in texts and "June 2025" not in texts
    # Rows with nothing on them are left out.
    assert "Replies" not in texts and "Observations" not in texts and "Deadlines" not in texts
    circles = [(c.get("cx"), c.get("cy")) for c in picture.iter(f"{SVG}circle")]
    assert len(circles) == 3  # the opening, and the two meetings of 18 February
    same_day = [cy for cx, cy in circles if cx == circles[1][0]]
    assert len(same_day) == 2 and same_day[0] != same_day[1]
    # The allegation known only as "on or before": a triangle, and no bar (no rect drawn
    # on its row: the only rects would be waits and ranges, and there are neither).
    assert [r for r in picture.iter(f"{SVG}rect")] == []
    triangles = list(picture.iter(f"{SVG}polygon"))
    assert len(triangles) == 2  # the allegation's, and the open case's arrow


def test_a_closed_case_stops_at_its_closure_and_the_same_log_draws_the_same_bytes():
    records = [
        record(1, "case-open", "2025-01-10", "2025-01-10"),
        record(2, "letter", "2025-02-01", "2025-02-01", reply_requested_by="2025-03-01"),
        record(3, "case-close", "2025-04-30", "2025-04-30"),
    ]
    waits = [{"since": "2025-02-01", "until": "2025-03-10", "party": "PER"}]
    first = draw(records, waits, date(2026, 1, 1))
    assert first == draw(records, waits, date(2026, 1, 1))
    picture = ET.fromstring(first)
    assert "open" not in [t.text for t in picture.iter(f"{SVG}text")]
    assert len(list(picture.iter(f"{SVG}rect"))) == 1  # the wait, shaded


def test_a_dossier_ends_with_its_provenance(seeded):
    for fmt in ("md", "html"):
        text = seeded.ok("report", "case", "ukraine-art1-2025", "--format", fmt)
        assert "Drafted by ccc on " in text and "from the log up to position" in text


def test_axis_labels_never_overlap_whatever_the_span():
    for last in ("2025-02-20", "2025-09-30", "2027-06-30", "2033-12-31"):
        records = [
            record(1, "case-open", "2025-01-10", "2025-01-10"),
            record(2, "meeting", last, last),
        ]
        picture = ET.fromstring(draw(records, [], date(2034, 1, 1)))
        ticks = [
            (float(t.get("x")), t.text)
            for t in picture.iter(f"{SVG}text")
            if t.get("text-anchor") == "middle"
        ]
        assert len(ticks) >= 1, last
        for (x1, a), (x2, b) in itertools.pairwise(ticks):
            # each label is centred: half of each, at 5.5 px a character, must fit between
            assert x2 - x1 >= (len(a) + len(b)) * 5.5 / 2, (last, a, b)
