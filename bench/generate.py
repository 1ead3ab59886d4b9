"""Write a realistic synthetic log as an import file: `python bench/generate.py N OUT [PART]`.

Treaty records for 32 States (obligations()), then hundreds of cases, each with
allegations, letters that ask for replies, replies (some answering a letter by label),
meetings in every format, observations, notes (some restricted), corrections of dates and
summaries and retractions (2% of records), plus general letters and notes outside any
case. Dates mix precision as real sources do: mostly days, some months, ranges, uncertain
and approximate days, and open starts.
Deterministic: the same N gives the same file. OUT.json gives a JSON array (JSON is YAML,
and `ccc import` reads it with the json module); OUT.yaml gives one flow mapping a line.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

STATES = [
    "AFG",
    "AGO",
    "ALB",
    "BEL",
    "BIH",
    "COL",
    "COD",
    "CYP",
    "DEU",
    "ECU",
    "ERI",
    "ETH",
    "GRC",
    "IRQ",
    "JPN",
    "KHM",
    "LKA",
    "MOZ",
    "NER",
    "NGA",
    "PER",
    "SDN",
    "SEN",
    "SOM",
    "SSD",
    "TCD",
    "THA",
    "TJK",
    "TUR",
    "UKR",
    "YEM",
    "ZWE",
]
ORGANISATIONS = ["ICBL", "HRW", "ICRC", "ISU", "UNMAS", "GICHD"]
START = date(2005, 1, 1)
DAYS = (date(2025, 12, 31) - START).days


def occurred(rng: random.Random, day: date) -> str:
    roll = rng.random()
    if roll < 0.80:
        return day.isoformat()
    if roll < 0.90:
        return day.strftime("%Y-%m")
    if roll < 0.95:
        return f"{day.isoformat()}/{(day + timedelta(days=rng.randint(1, 4))).isoformat()}"
    if roll < 0.97:
        return f"{day.isoformat()}?"
    if roll < 0.98:
        return f"{day.strftime('%Y-%m')}~"
    return f"../{day.isoformat()}"


def amendment(
    rng: random.Random, amendable: dict[str, str], day: date, why: str
) -> dict[str, object]:
    """A correction (of a date, the commonest slip, or a summary) or a retraction of one
    of the case's records (`amendable`: label -> its date as it stands); a retracted
    record is not amended again, and a correction always changes something."""
    target = rng.choice(list(amendable))
    roll = rng.random()
    if roll < 0.25:
        del amendable[target]
        return {"kind": "retract", "id": target, "reason": f"Recorded in error ({why})."}
    change: dict[str, object] = {"summary": f"Corrected summary ({why})."}
    if roll < 0.75:
        moved = occurred(rng, day - timedelta(days=rng.randint(1, 30)))
        if moved != amendable[target]:
            change = {"occurred": moved}
            amendable[target] = moved
    return {"kind": "correct", "id": target, "set": change, "reason": f"Source checked ({why})."}


def obligations(rng: random.Random) -> list[dict[str, object]]:
    """About 550 treaty records for the States above: what the log tracks (Articles 7 and 9
    from 2010), declarations of stockpiles and mined areas, Article 5 extensions (some
    decided after the deadline lapsed, some with a deadline given as a month or not at
    all), completions, annual reports (most of them, some late), and undertakings."""
    out: list[dict[str, object]] = [
        {"kind": "coverage", "article": [7, 9], "from": "2010-01-01", "occurred": "2010-01-01"}
    ]
    for n, state in enumerate(STATES):
        if n % 4 == 0:
            out.append({"kind": "stockpile-declared", "state": state, "occurred": "2006",
                        "number": rng.randint(1000, 500_000)})  # fmt: skip
            if n % 8 == 0:
                out.append({"kind": "article4-completed", "state": state,
                            "occurred": f"{rng.randint(2008, 2016)}"})  # fmt: skip
        if n % 3 != 2:
            out.append({"kind": "mined-areas-declared", "state": state, "occurred": "2006-11"})
            if n % 3 == 0:
                year = rng.randint(2012, 2020)
                deadline = rng.choice([f"{year + 5}-12-31", f"{year + 5}-12", "unknown"])
                out.append({"kind": "article5-extension-granted", "state": state,
                            "meeting": f"{year - 2000}MSP", "new_deadline": deadline,
                            "occurred": f"{year}-11-{rng.randint(20, 30)}"})  # fmt: skip
        for year in range(2010, 2025):
            if rng.random() < 0.85:
                late = rng.random() < 0.15
                filed = date(year + 1, 4, 30) + timedelta(days=rng.randint(1, 90) if late else 0)
                out.append({"kind": "article7-report", "state": state, "year": year,
                            "occurred": filed.isoformat()})  # fmt: skip
        if n % 2 == 0:
            label = f"U-{state}"
            due = date(2025, rng.randint(1, 12), 1)
            out.append({"kind": "undertaking", "label": label, "state": state,
                        "undertook": "provide information on progress",
                        "due": due.isoformat(), "occurred": "2024-12-01"})  # fmt: skip
            if n % 4 == 0:
                out.append({"kind": "undertaking-met", "undertaking": label,
                            "occurred": (due - timedelta(days=10)).isoformat()})  # fmt: skip
    return out


def records(count: int, part: int = 0) -> list[dict[str, object]]:
    """`count` records; parts 0, 1, 2... are different logs (to build a big store in parts)."""
    rng = random.Random(7 + part)
    cases = max(count // 330, 1)
    out: list[dict[str, object]] = obligations(rng) if part == 0 else []
    per_case = (count - 2 * cases) // cases
    for c in range(cases):
        reference = f"case-{c:04d}" if part == 0 else f"case-{part}-{c:04d}"
        states = rng.sample(STATES, rng.choice([1, 1, 1, 2]))
        day = START + timedelta(days=rng.randint(0, DAYS - 400))
        amendable: dict[str, str] = {}  # this case's records that may be amended: dates
        out.append(
            {
                "kind": "case-open",
                "reference": reference,
                "occurred": day.isoformat(),
                "title": f"Alleged non-compliance, matter {c}",
                "state": states,
                "article": rng.choice([[1], [1, 8], [4], [5], [7], [9]]),
                "origin": rng.choice(["allegation", "committee-initiative", "self-report"]),
            }
        )
        out.append(
            {
                "kind": "allegation",
                "occurred": occurred(rng, day),
                "case": reference,
                "against": states[0],
                "nature": [rng.choice(["use", "transfer"])],
                "by": rng.choice([*ORGANISATIONS[:2], *STATES]),
                "summary": f"Allegation {c}: reported use of anti-personnel mines.",
            }
        )
        step = max(365 * 2 // max(per_case, 1), 1)
        for i in range(per_case):
            day = min(day + timedelta(days=rng.randint(0, step)), date(2025, 12, 31))
            state = rng.choice(states)
            roll = rng.random()
            label = f"L{part}-{c}-{i}"
            if roll < 0.35:
                entry: dict[str, object] = {
                    "kind": "letter",
                    "label": label,
                    "to": state,
                    "subject": "Request for clarification",
                    "article": 1,
                    "reply_requested_by": (day + timedelta(days=60)).isoformat(),
                    "summary": f"Letter {i} on {reference} requesting information.",
                }
            elif roll < 0.60:
                entry = {
                    "kind": "communication",
                    "from": state,
                    "summary": f"Reply {i} from {state} on {reference}.",
                }
                letters = [e for e in out[-6:] if e.get("kind") == "letter"]
                if letters and rng.random() < 0.5:
                    entry["in_reply_to"] = letters[-1]["label"]
            elif roll < 0.90:
                entry = {
                    "kind": "meeting",
                    "with": [state],
                    "summary": f"Meeting {i} with {state}.",
                }
                fmt = rng.choice(["bilateral", "online", "margins"])
                entry["format"] = fmt
                if fmt == "margins":
                    entry["margins_of"] = f"Meeting of the States Parties {day.year}"
            elif roll < 0.95:
                entry = {
                    "kind": "observations",
                    "type": rng.choice(["preliminary", "conclusions"]),
                    "at": f"Meetings of {day.year}",
                    "summary": f"Observations {i}.",
                }
            else:
                entry = {
                    "kind": "note",
                    "summary": f"Note {i} on {reference}.",
                    "restricted": rng.random() < 0.3,
                }
            entry.update(occurred=occurred(rng, day), case=reference, label=label)
            out.append(entry)
            amendable[label] = str(entry["occurred"])
            if rng.random() < 0.02:  # now and then, a record of this case is amended
                out.append(amendment(rng, amendable, day, f"{label}-amended"))
    while len(out) < count:
        day = START + timedelta(days=rng.randint(0, DAYS))
        out.append(
            {
                "kind": "letter",
                "occurred": occurred(rng, day),
                "to": "all States Parties",
                "subject": "Article 7 reporting",
                "article": 7,
                "reply_expected": False,
                "summary": f"Reminder {part}.{len(out)} of the 30 April deadline.",
            }
        )
    return out[:count]


def write(count: int, path: Path, part: int = 0) -> None:
    """OUT.json: a JSON array (what a migration script would write); else YAML."""
    with path.open("w", encoding="utf-8") as handle:
        if path.suffix == ".json":
            json.dump(records(count, part), handle, ensure_ascii=False, indent=0)
            return
        for entry in records(count, part):
            handle.write(f"- {json.dumps(entry, ensure_ascii=False)}\n")


def main() -> None:
    write(int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)


if __name__ == "__main__":
    main()
