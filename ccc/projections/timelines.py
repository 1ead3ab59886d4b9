"""A case's status on either clock, kept by the projection: `ccc status --as-of DAY` and
`--known-at TIME` read one row per case instead of deriving each case from every record.
Standard library, and orjson to write the rows.

- `case_days`: the case's status as of each day on which one of its records became
  certain to have happened (`certain_day`), as its records now stand, plus the status of
  an empty case (day ""). The board as of D reads, per case, the row of the latest day
  <= D: exactly the records that `happened_by(D)` keeps.
- `case_spans`: the records whose dates straddle some days (a range, a month, an open
  start), as an R*Tree of day ordinals: how many of a case's records are uncertain on D
  is one interval query.
- `case_known`: the case's board fields after each event that touched it (a record of the
  case, or an amendment of one), as things then stood: the board known at T reads, per
  case, the row of the latest such event recorded by T.

All three are recomputed whole from the case's rows whenever the case is touched, in
catch-up and rebuild alike (their cost is the case's, never the log's), so `rebuild
--check` finds them identical. The slow path that derives
the board from records (board.py) remains the definition; tests compare the two.
"""

from __future__ import annotations

import json
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any, cast

import orjson

from ccc.domain import kinds
from ccc.domain.status import CaseFold, certain_day

if TYPE_CHECKING:
    from ccc.domain.shapes import CaseFacts, CaseOpenedDetails, RecordRow


def _dump(value: Any) -> str:
    """Compact JSON with sorted keys: orjson, a tenth of json's time (two rows per record)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def day_rows(
    case: CaseFacts, records: list[RecordRow]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The case's status as of each day a record became certain (records as they stand),
    and its status now: the fold of every record, which is status.derive's answer."""
    fold = CaseFold(case)
    rows = {"": fold.state()}
    ordered = sorted(records, key=lambda r: (certain_day(r), r["position"]))
    for day, group in groupby(ordered, key=certain_day):
        for record in group:
            fold.add(record)
        rows[day] = fold.state()
    now = rows[day] if records else rows[""]
    days = [{"reference": case["reference"], "day": d, "status": _dump(s)} for d, s in rows.items()]
    return days, now


def span_id(record: RecordRow, reference: str) -> int:
    """The record's row for this case in case_spans (see schema.VIRTUAL)."""
    position: int = record["position"]
    return position * 1024 + int(record["cases"].index(reference))


def span_rows(reference: str, records: list[RecordRow]) -> list[tuple[int, int, int, str]]:
    """(id, first, last) day ordinals on which each record's happening is uncertain: from
    its earliest day (or ever) to the day before its latest. Retracted ones never count."""
    spans = []
    for record in records:
        latest, earliest = record["latest"], record["earliest"]
        if record["retracted"] or latest is None or earliest == latest:
            continue
        first = date.fromisoformat(earliest).toordinal() if earliest else 0
        last = date.fromisoformat(latest).toordinal() - 1
        spans.append((span_id(record, reference), first, last, reference))
    return spans


def known_rows(
    reference: str,
    records: list[RecordRow],
    amendments: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The case's board fields after each event touching it, as the records then stood,
    in the order of recorded times (which is not always the log's: an import records its
    corrections after its other records). `records` are the case's records as they now stand,
    `amendments` those naming them (clocks.amendments_of: with what each showed `after`)."""
    versions: dict[str, RecordRow] = {}
    events: list[tuple[int, str, RecordRow, str]] = []  # position, record id, shown, time
    for record in records:
        first = (
            cast("RecordRow", {**record, **json.loads(record["original"])})
            if record["original"]
            else record
        )
        events.append((record["position"], record["id"], first, record["recorded_at"]))
    current = {record["id"]: record for record in records}
    for amendment in amendments:
        shown = cast("RecordRow", {**current[amendment["target"]], **amendment["after"]})
        events.append((amendment["position"], amendment["target"], shown, amendment["recorded_at"]))
    events.sort(key=lambda event: (event[3], event[0]))
    rows = []
    fold: CaseFold | None = None
    opening: RecordRow | None = None
    for position, key, shown, recorded_at in events:
        amended = key in versions
        versions[key] = shown
        if shown["kind"] == kinds.CASE_OPEN:
            opening = shown
        if opening is None:
            continue  # nothing of the case is known before its opening
        case = _case(reference, opening)
        if fold is None or amended or shown is opening:
            fold = CaseFold(case)  # an amendment may change anything: fold again
            for version in versions.values():
                fold.add(version)
        else:
            fold.add(shown)
        state = fold.state()
        del state["public"]  # public answers on this clock are derived (board.py)
        rows.append(
            {
                "reference": reference,
                "position": position,
                "recorded_at": recorded_at,
                "board": _dump({**case, **state}),
            }
        )
    return rows


def _case(reference: str, opening: RecordRow) -> CaseFacts:
    details = cast("CaseOpenedDetails", opening["details"])
    return {
        "reference": reference,
        "title": details["title"],
        "states": details["states"],
        "articles": details["articles"],
        "origin": details["origin"],
        "opened_day": opening["sort_day"],
    }
