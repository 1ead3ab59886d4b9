"""What a careful officer would question in the log: `ccc check`. Each finding names the
records involved and suggests a fix; nothing is changed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from ccc.domain import kinds
from ccc.projections.case_status import Replies
from ccc.reports import words

Record = dict[str, Any]


def _when(record: Record) -> str:
    return words.span(record["earliest"], record["latest"], record["occurred"])


def _finding(code: str, records: list[Record], problem: str, fix: str) -> dict[str, Any]:
    return {
        "check": code,
        "records": [r["short_id"] for r in records],
        "problem": problem,
        "fix": fix,
    }


def findings(records: list[Record], on: date) -> list[dict[str, Any]]:
    records = [r for r in records if not r["retracted"]]
    found: list[dict[str, Any]] = []
    by_id = {r["id"]: r for r in records}
    by_case: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        for ref in record["cases"]:
            by_case[ref].append(record)

    for ref, items in sorted(by_case.items()):
        allegations = [r for r in items if r["kind"] == kinds.ALLEGATION and r["earliest"]]
        if not allegations:
            continue
        first = min(allegations, key=lambda r: r["earliest"])
        for record in items:
            if (
                record["kind"] in kinds.DIALOGUE
                and record["latest"]
                and (record["latest"] < first["earliest"])
            ):
                found.append(
                    _finding(
                        "before-allegation",
                        [record, first],
                        f"the {record['kind']} {record['short_id']} on {ref} is dated "
                        f"{_when(record)}, before the case's first allegation "
                        f"({first['short_id']}, {_when(first)})",
                        f"check both dates against the source; if one is wrong, `ccc correct "
                        f"{record['short_id']} --set occurred=... --reason ...`",
                    )
                )

    for reply in (r for r in records if r["kind"] == kinds.COMMUNICATION):
        letter = by_id.get((reply["details"].get("in_reply_to") or "").replace("-", ""))
        if (
            letter
            and reply["latest"]
            and letter["earliest"]
            and (reply["latest"] < letter["earliest"])
        ):
            found.append(
                _finding(
                    "reply-before-letter",
                    [reply, letter],
                    f"the reply {reply['short_id']} ({_when(reply)}) is dated before the letter it "
                    f"answers ({letter['short_id']}, {_when(letter)})",
                    f"correct the date of one of them, or the letter it answers: `ccc correct "
                    f"{reply['short_id']} --set in_reply_to=... --reason ...`",
                )
            )

    same: dict[tuple[str, str, tuple[str, ...]], list[Record]] = defaultdict(list)
    for record in records:
        if record["earliest"] and record["earliest"] == record["latest"]:
            same[(record["kind"], record["earliest"], tuple(sorted(record["parties"])))].append(
                record
            )
    for (kind, day, parties), group in sorted(same.items()):
        if len(group) > 1:
            who = ", ".join(parties) or "no party"
            found.append(
                _finding(
                    "likely-duplicate",
                    group,
                    f"{len(group)} {kind} records on {day} with the same parties ({who})",
                    "if they are the same event recorded twice, `ccc retract` all but one, "
                    "with the reason",
                )
            )

    replies = Replies(records)
    for letter in (r for r in records if r["kind"] == kinds.LETTER):
        by = letter["details"].get("reply_requested_by")
        if not by or by >= on.isoformat():
            continue
        for recipient in letter["details"]["recipients"]:
            if recipient["kind"] == "group":
                continue
            answered = replies.to(letter, recipient["name"]) is not None
            if not answered:
                days = (on - date.fromisoformat(by)).days
                found.append(
                    _finding(
                        "reply-overdue",
                        [letter],
                        f"{recipient['name']} has not answered the letter {letter['short_id']} "
                        f"({_when(letter)}), whose reply was requested by {by} ({days} days ago)",
                        "send a reminder, or record the reply if it came: `ccc record "
                        f"communication --from {recipient['name']} --in-reply-to "
                        f"{letter['short_id']} ...`",
                    )
                )

    for record in records:
        if record["cases"]:
            continue
        if record["kind"] == kinds.ALLEGATION:
            found.append(
                _finding(
                    "no-case",
                    [record],
                    f"the allegation {record['short_id']} ({_when(record)}) belongs to no case",
                    f"open a case, or name one: `ccc correct {record['short_id']} --set case=REF "
                    "--reason ...`",
                )
            )
        elif record["kind"] == kinds.COMMUNICATION:
            letter = by_id.get((record["details"].get("in_reply_to") or "").replace("-", ""))
            if letter and letter["cases"]:
                found.append(
                    _finding(
                        "no-case",
                        [record, letter],
                        f"the reply {record['short_id']} answers a letter on "
                        f"{', '.join(letter['cases'])} but belongs to no case",
                        f"`ccc correct {record['short_id']} --set case={letter['cases'][0]} "
                        "--reason ...`",
                    )
                )
    return found
