"""A case's status: a conclusion drawn from its records, never typed in. Standard library only.

The same function fills the `case_status` view as records arrive and answers
`ccc status --as-of DAY` from the records known on that day, so the two cannot disagree.

Rules (each visible in the board):
- closed: the latest lifecycle record is a closure (its outcome is shown);
- awaiting reply: a letter on the case expects a reply from a named recipient (a State or
  an organisation) and no communication from that recipient has answered it: one that
  says it replies to the letter, or any later one from that party on the case;
- reported: the latest dialogue-or-observations record is observations presented;
- in dialogue: the case has letters, communications or meetings;
- open: none of the above.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from typing import Any

from ccc.domain import kinds


def happened_by(record: dict[str, Any], day: date) -> bool | None:
    """True if the record certainly happened by `day`, False if certainly not, None if its
    dates straddle the day (a range or a month that `day` falls inside)."""
    earliest = date.fromisoformat(record["earliest"]) if record["earliest"] else None
    latest = date.fromisoformat(record["latest"]) if record["latest"] else None
    if latest is not None and latest <= day:
        return True
    if earliest is not None and earliest > day:
        return False
    if latest is None:
        return True  # open end, already started: it happened (and may go on)
    return None  # the day falls inside its range, or before an end with no known start


def _order(record: dict[str, Any]) -> tuple[str, int]:
    """Order of occurrence, then of recording (the same as the history's)."""
    return (record["sort_day"], record["position"])


class Replies:
    """Which communication answers a letter: the one from that party that names the
    letter (in_reply_to), else the first one from that party, dated on or after the letter,
    that names no letter. One rule for the board, deadlines, dossiers and checks."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.naming: dict[tuple[str, str], dict[str, Any]] = {}
        self.general: dict[str, list[dict[str, Any]]] = {}
        for record in records:  # in order of occurrence
            if record["kind"] != kinds.COMMUNICATION:
                continue
            sender = record["details"]["sender"]["name"]
            target = (record["details"].get("in_reply_to") or "").replace("-", "")
            if target:
                self.naming.setdefault((sender, target), record)
            else:
                self.general.setdefault(sender, []).append(record)

    def to(self, letter: dict[str, Any], party: str) -> dict[str, Any] | None:
        """The communication from `party` that answers `letter`, if any."""
        named = self.naming.get((party, letter["id"]))
        if named is not None:
            return named
        general = self.general.get(party, [])  # in order of occurrence: sorted by day
        at = bisect_left(general, letter["sort_day"], key=lambda r: r["sort_day"])
        return general[at] if at < len(general) else None


def awaiting_replies(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each named party we wait on, the oldest unanswered letter (records in order)."""
    replies = Replies(records)
    waiting: dict[str, dict[str, Any]] = {}
    for letter in records:
        if letter["kind"] != kinds.LETTER or not letter["details"].get("reply_expected", True):
            continue
        for recipient in letter["details"]["recipients"]:
            party = recipient["name"]
            if recipient["kind"] == "group" or party in waiting:
                continue
            if replies.to(letter, party) is None:
                waiting[party] = {
                    "party": party,
                    "since": letter["latest"] or letter["sort_day"],
                    "record": letter["short_id"],
                    "reply_requested_by": letter["details"].get("reply_requested_by"),
                }
    return sorted(waiting.values(), key=lambda item: (item["since"], item["party"]))


def derive(case: dict[str, Any], records: list[dict[str, Any]]) -> dict[str, Any]:
    """The case's board row from its records (already filtered to what is known);
    retracted records do not count."""
    records = sorted((r for r in records if not r.get("retracted")), key=_order)
    status, outcome = "open", None
    for record in records:
        if record["kind"] == kinds.CASE_CLOSE:
            status, outcome = "closed", record["details"]["outcome"]
        elif record["kind"] == kinds.CASE_REOPEN:
            status, outcome = "open", None
    awaiting = awaiting_replies(records)
    if status != "closed":
        talk = [
            r for r in records if r["kind"] in kinds.DIALOGUE or r["kind"] == kinds.OBSERVATIONS
        ]
        if awaiting:
            status = "awaiting reply"
        elif talk and talk[-1]["kind"] == kinds.OBSERVATIONS:
            status = "reported"
        elif talk:
            status = "in dialogue"
    else:
        awaiting = []
    last_contact: dict[str, str] = {}
    for record in records:
        if record["kind"] in kinds.DIALOGUE:
            for state in case["states"]:
                if state in record["parties"]:
                    last_contact[state] = record["occurred"]
    deadlines = [a["reply_requested_by"] for a in awaiting if a["reply_requested_by"]]
    last = records[-1] if records else None
    return {
        "reference": case["reference"],
        "status": status,
        "outcome": outcome,
        "last_activity": last["occurred"] if last else None,
        "last_activity_day": (last["latest"] or last["sort_day"]) if last else None,
        "last_contact": last_contact,
        "awaiting": awaiting,
        "next_deadline": min(deadlines) if deadlines else None,
        "records": len(records),
        "restricted_records": sum(1 for r in records if r["restricted"]),
    }
