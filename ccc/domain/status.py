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

from bisect import bisect_left, bisect_right, insort
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from ccc.domain import kinds
from ccc.domain.names import COMMITTEE

if TYPE_CHECKING:
    from ccc.domain.shapes import CaseFacts, CommunicationDetails, RecordRow


def happened_by(record: RecordRow, day: date) -> bool | None:
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


def _order(record: RecordRow) -> tuple[str, int]:
    """Order of occurrence, then of recording (the same as the history's)."""
    return (record["sort_day"], record["position"])


# Who writes the letters the Committee awaits replies to: itself, or the President of the
# Convention on its behalf. Another writer's letter (a campaign's to a State, a State's to
# another) is correspondence the case holds, not a reply the Committee waits for.
COMMITTEE_WRITERS = frozenset({COMMITTEE, "President of the Convention"})


def by_the_committee(letter: RecordRow) -> bool:
    """Whether the Committee (or the President on its behalf) wrote the letter."""
    sender = letter["details"].get("sender")
    return not sender or sender["name"] in COMMITTEE_WRITERS


def reply_key(letter: RecordRow, party: str) -> str:
    """Whose reply to whom answers a letter to `party`: `party` for a letter from the
    Committee, `party→SENDER` for one from anyone else (a State writing to the
    President, a campaign writing to a State)."""
    sender = letter["details"].get("sender")
    if not sender or sender["name"] == COMMITTEE:
        return party
    return f"{party}\u2192{sender['name']}"


def recipients(letter: RecordRow) -> list[str]:
    """The recipients a letter names (each once; a group describes, and names no one)."""
    names = (r["name"] for r in letter["details"]["recipients"] if r["kind"] != "group")
    return list(dict.fromkeys(names))


def awaited(letter: RecordRow) -> list[str]:
    """The named recipients a letter awaits a reply from by a day (each once)."""
    if not letter["details"].get("reply_requested_by"):
        return []
    return recipients(letter)


def sender_of(communication: RecordRow) -> str:
    """Who sent a communication (its kind always names a sender)."""
    return cast("CommunicationDetails", communication["details"])["sender"]["name"]


def answer_key(communication: RecordRow) -> str:
    """The reply key a communication naming no letter answers: its sender's, to the
    Committee or to its first addressee (a communication to several others answers
    letters from the first; one naming the letter it answers is matched by that)."""
    sender = sender_of(communication)
    recipients = communication["details"].get("recipients") or ()
    to = [p["name"] for p in recipients if p["name"] != COMMITTEE]
    return f"{sender}\u2192{to[0]}" if to else sender


class Replies:
    """Which communication answers a letter: the one from that party that names the
    letter (in_reply_to), else the first one from that party to the letter's writer,
    dated on or after the letter, that names no letter. One rule for the board,
    deadlines, dossiers and checks."""

    def __init__(self, records: list[RecordRow]) -> None:
        self.naming: dict[tuple[str, str], RecordRow] = {}
        self.general: dict[str, list[RecordRow]] = {}
        for record in records:  # in order of occurrence
            if record["kind"] != kinds.COMMUNICATION:
                continue
            sender = sender_of(record)
            target = (record["details"].get("in_reply_to") or "").replace("-", "")
            if target:
                self.naming.setdefault((sender, target), record)
            else:
                self.general.setdefault(answer_key(record), []).append(record)

    def to(self, letter: RecordRow, party: str) -> RecordRow | None:
        """The communication from `party` that answers `letter`, if any."""
        named = self.naming.get((party, letter["id"]))
        if named is not None:
            return named
        general = self.general.get(reply_key(letter, party), [])  # sorted by day
        at = bisect_left(general, letter["sort_day"], key=lambda r: r["sort_day"])
        return general[at] if at < len(general) else None


def days_taken(letter: RecordRow, reply: RecordRow) -> tuple[int, int]:
    """The days a reply took, at least and at most: from the letter's last possible day to
    the reply's first, and from the letter's first to the reply's last. The same for
    exact days; for a date known to the month, a span (a letter and its reply both of
    "July 2023" took from 0 to 30 days, never -30: a reply is not before its letter)."""

    def day(record: RecordRow, bound: str) -> date:
        return date.fromisoformat(record[bound] or record["sort_day"])  # type: ignore[literal-required]

    least = max((day(reply, "earliest") - day(letter, "latest")).days, 0)
    return least, max((day(reply, "latest") - day(letter, "earliest")).days, least)


def certain_day(record: RecordRow) -> str:
    """The first day on which `happened_by` is True for the record ("" for always):
    its latest day, else its earliest (an open end that has started)."""
    return record["latest"] or record["earliest"] or ""


Latest = tuple[tuple[str, int], "RecordRow"] | None


class CaseFold:
    """A case's status from its records, as a fold: records may be added in any order,
    and `state()` answers as derive() over every record added so far. The views keep
    the state after each day and after each event (timelines.py); so the board on either
    clock is read, not recomputed. Retracted records do not count."""

    def __init__(self, case: CaseFacts) -> None:
        self.case = case
        self.count = 0
        self.restricted = 0
        # Each "latest" is kept as (its order, the record), so a new record is compared
        # with one tuple (the projection folds every record of a case several times).
        self.last: Latest = None  # the latest record, in order
        self.lifecycle: Latest = None  # the latest closure or reopening
        self.talk: Latest = None  # the latest dialogue or observations
        self.contact: dict[str, Latest] = {}  # State -> latest dialogue naming it
        self.open_contact: dict[str, Latest] = {}  # the same, unrestricted only
        self.letters: dict[str, list[tuple[tuple[str, int], RecordRow]]] = {}
        self.named: set[tuple[str, str]] = set()  # (sender, letter id) of named replies
        self.general: dict[str, str] = {}  # answer key -> latest day of a reply naming none
        self.hidden_letters: set[str] = set()  # restricted letters' short ids
        self.undertakings: dict[str, RecordRow] = {}  # id -> a State's undertaking
        self.undertakings_met: set[str] = set()  # ids of the undertakings a record met

    def add(self, record: RecordRow) -> None:
        if record.get("retracted"):
            return
        key = _order(record)
        kind = record["kind"]
        self.count += 1
        self.restricted += 1 if record["restricted"] else 0
        pair = (key, record)
        if self.last is None or key >= self.last[0]:
            self.last = pair
        lifecycle = kind in (kinds.CASE_CLOSE, kinds.CASE_REOPEN)
        if lifecycle and (self.lifecycle is None or key >= self.lifecycle[0]):
            self.lifecycle = pair
        talk = kind in kinds.DIALOGUE or kind == kinds.OBSERVATIONS
        if talk and (self.talk is None or key >= self.talk[0]):
            self.talk = pair
        if kind in kinds.DIALOGUE:
            hidden = record["restricted"] or record.get("restricted_now")
            for state in self.case["states"]:
                if state in record["parties"]:
                    _keep_later(self.contact, state, pair)
                    if not hidden:
                        _keep_later(self.open_contact, state, pair)
        if kind == kinds.COMMUNICATION:
            sender = sender_of(record)
            target = (record["details"].get("in_reply_to") or "").replace("-", "")
            answers = answer_key(record)
            if target:
                self.named.add((sender, target))
            elif record["sort_day"] > self.general.get(answers, ""):
                self.general[answers] = record["sort_day"]
        if kind == kinds.UNDERTAKING:
            self.undertakings[record["id"]] = record
        elif kind == kinds.UNDERTAKING_MET:
            self.undertakings_met.add(record["details"]["undertaking"].replace("-", ""))
        if (
            kind == kinds.LETTER
            and record["details"].get("reply_expected", True)
            and by_the_committee(record)
        ):
            if record["restricted"] or record.get("restricted_now"):
                self.hidden_letters.add(record["short_id"])
            recipients = record["details"]["recipients"]
            for party in dict.fromkeys(r["name"] for r in recipients if r["kind"] != "group"):
                insort(self.letters.setdefault(reply_key(record, party), []), (key, record))

    def _awaiting(self) -> list[dict[str, Any]]:
        """For each named party we wait on, the oldest letter that no reply answers: one
        from that party naming it, or any later one from that party naming no letter."""
        waiting = []
        for key, letters in self.letters.items():
            party = key.partition("\u2192")[0]
            answered_to = self.general.get(key)
            start = 0 if answered_to is None else bisect_right(letters, ((answered_to, _AFTER),))
            for _, letter in letters[start:]:
                if (party, letter["id"]) not in self.named:
                    waiting.append(
                        {
                            "party": party,
                            "since": letter["latest"] or letter["sort_day"],
                            "sent": letter["occurred"],  # as given: a month stays a month
                            "sent_earliest": letter["earliest"],
                            "record": letter["short_id"],
                            "reply_requested_by": letter["details"].get("reply_requested_by"),
                        }
                    )
                    break
        return sorted(waiting, key=lambda item: (item["since"], item["party"]))

    def _undertakings(self) -> list[dict[str, Any]]:
        """The undertakings on the case that no record says were met, by due date."""
        return sorted(
            (
                {
                    "party": record["details"]["state"],
                    "record": record["short_id"],
                    "due": record["details"]["due"],
                    "restricted": bool(record["restricted"] or record.get("restricted_now")),
                }
                for id_, record in self.undertakings.items()
                if id_ not in self.undertakings_met
            ),
            key=lambda item: (item["due"], item["party"]),
        )

    def state(self) -> dict[str, Any]:
        """The board row's status fields, and under `public` those a public board shows
        (whom we wait on and last contacts from unrestricted records only)."""
        lifecycle = self.lifecycle[1] if self.lifecycle else None
        closed = lifecycle is not None and lifecycle["kind"] == kinds.CASE_CLOSE
        status = "closed" if closed else "open"
        outcome = lifecycle["details"]["outcome"] if closed and lifecycle else None
        awaiting = [] if closed else self._awaiting()
        undertakings = [] if closed else self._undertakings()
        open_undertakings = [u for u in undertakings if not u["restricted"]]
        if not closed:
            if awaiting:
                status = "awaiting reply"
            elif self.talk is not None:
                reported = self.talk[1]["kind"] == kinds.OBSERVATIONS
                status = "reported" if reported else "in dialogue"
        open_awaiting = [a for a in awaiting if a["record"] not in self.hidden_letters]
        last = self.last[1] if self.last else None
        return {
            "reference": self.case["reference"],
            "status": status,
            "outcome": outcome,
            "last_activity": last["occurred"] if last else None,
            "last_activity_day": (last["latest"] or last["sort_day"]) if last else None,
            "last_contact": _occurred(self.case, self.contact),
            "awaiting": awaiting,
            "undertakings": undertakings,
            "next_deadline": _earliest_deadline(awaiting, undertakings),
            "records": self.count,
            "restricted_records": self.restricted,
            "public": {
                "awaiting": open_awaiting,
                "undertakings": open_undertakings,
                "last_contact": _occurred(self.case, self.open_contact),
                "next_deadline": _earliest_deadline(open_awaiting, open_undertakings),
            },
        }


_AFTER = float("inf")  # a position after any: ((day, _AFTER),) follows every letter of that day


def _keep_later(latest: dict[str, Latest], state: str, pair: tuple[Any, Any]) -> None:
    current = latest.get(state)
    if current is None or pair[0] >= current[0]:
        latest[state] = pair


def _occurred(case: CaseFacts, latest: dict[str, Latest]) -> dict[str, str]:
    return {
        state: pair[1]["occurred"]
        for state in case["states"]
        if (pair := latest.get(state)) is not None
    }


def _earliest_deadline(
    awaiting: list[dict[str, Any]],
    undertakings: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> str | None:
    """The first day something is due: a reply asked for, or an undertaking (as given:
    "2026-06" sorts before any day of June 2026)."""
    deadlines = [a["reply_requested_by"] for a in awaiting if a["reply_requested_by"]]
    deadlines += [u["due"] for u in undertakings]
    return min(deadlines) if deadlines else None


def derive(case: CaseFacts, records: list[RecordRow]) -> dict[str, Any]:
    """The case's board row from its records (already filtered to what is known)."""
    fold = CaseFold(case)
    for record in records:
        fold.add(record)
    return fold.state()
