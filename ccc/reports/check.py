"""What a careful officer would question in the log: `ccc check`. Each finding names the
records involved and suggests a fix; nothing is changed."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from ccc.domain import convention, kinds
from ccc.domain.dates import in_words, parse_occurred
from ccc.domain.disclosure import hidden
from ccc.domain.status import awaited, happened_by
from ccc.projections import clocks, replies
from ccc.reports import words

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _when(record: RecordRow) -> str:
    return words.span(record["earliest"], record["latest"], record["occurred"])


def _finding(
    code: str, records: list[RecordRow], problem: str, fix: str, sure: str = "certain"
) -> dict[str, Any]:
    """A finding: what is wrong, the records, the fix, and how sure it is: `certain` (the
    records say so), `likely` (a typing slip is the usual cause) or `possible` (a date's
    precision leaves it open)."""
    return {
        "check": code,
        "sure": sure,
        "records": [r["short_id"] for r in records],
        "problem": problem,
        "fix": fix,
    }


@dataclass
class Log:
    """The records checked (retracted ones left out), indexed once for all checks, with
    the records read only to judge them (`context`: the letters they answer, their cases'
    allegations) and the answer to each letter awaiting a reply as things stood on the
    day (`answers`, from the replies per letter the views keep)."""

    records: list[RecordRow]
    on: date  # the day overdue replies are judged on
    # (letter id, party) -> the communication answering it as things stood on `on`
    answers: dict[tuple[str, str], RecordRow | None]
    context: list[RecordRow] = field(default_factory=list)
    fulfilled: set[str] = field(default_factory=set)  # undertakings a record says were met
    by_id: dict[str, RecordRow] = field(init=False)
    by_case: dict[str, list[RecordRow]] = field(init=False)
    allegations: dict[str, list[RecordRow]] = field(init=False)  # per case: every one read

    def __post_init__(self) -> None:
        self.by_id = {r["id"]: r for r in [*self.context, *self.records]}
        self.by_case = defaultdict(list)
        for record in self.records:
            for ref in record["cases"]:
                self.by_case[ref].append(record)
        self.allegations = defaultdict(list)
        for record in self.by_id.values():
            if record["kind"] == kinds.ALLEGATION and record["earliest"]:
                for ref in record["cases"]:
                    self.allegations[ref].append(record)

    def of_kind(self, kind: str) -> Iterator[RecordRow]:
        return (r for r in self.records if r["kind"] == kind)

    def answered_letter(self, reply: RecordRow) -> RecordRow | None:
        """The letter a communication names as the one it answers, if it is in the log."""
        return self.by_id.get((reply["details"].get("in_reply_to") or "").replace("-", ""))


Finding = dict[str, Any]


def before_allegation(log: Log) -> Iterator[Finding]:
    """Letters, replies or meetings on a case dated before the case's first allegation."""
    for ref, items in sorted(log.by_case.items()):
        allegations = log.allegations.get(ref)
        if not allegations:
            continue
        first = min(allegations, key=lambda r: r["earliest"] or "")
        for record in items:
            if (
                record["kind"] in kinds.DIALOGUE
                and record["latest"]
                and (record["latest"] < (first["earliest"] or ""))
            ):
                yield _finding(
                    "before-allegation",
                    [record, first],
                    f"the {record['kind']} {record['short_id']} on {ref} is dated "
                    f"{_when(record)}, before the case's first allegation "
                    f"({first['short_id']}, {_when(first)})",
                    f"check both dates against the source; if one is wrong, `ccc correct "
                    f"{record['short_id']} --set occurred=... --reason ...`",
                )


def reply_before_letter(log: Log) -> Iterator[Finding]:
    """Communications dated before the letter they say they answer."""
    for reply in log.of_kind(kinds.COMMUNICATION):
        letter = log.answered_letter(reply)
        if (
            letter
            and reply["latest"]
            and letter["earliest"]
            and (reply["latest"] < letter["earliest"])
        ):
            yield _finding(
                "reply-before-letter",
                [reply, letter],
                f"the reply {reply['short_id']} ({_when(reply)}) is dated before the letter it "
                f"answers ({letter['short_id']}, {_when(letter)})",
                f"correct the date of one of them, or the letter it answers: `ccc correct "
                f"{reply['short_id']} --set in_reply_to=... --reason ...`",
            )


def likely_duplicate(log: Log) -> Iterator[Finding]:
    """Records of the same kind, on the same exact day, with the same parties."""
    same: dict[tuple[str, str, tuple[str, ...]], list[RecordRow]] = defaultdict(list)
    for record in log.records:
        if record["earliest"] and record["earliest"] == record["latest"]:
            key = (record["kind"], record["earliest"], tuple(sorted(record["parties"])))
            same[key].append(record)
    for (kind, day, parties), group in sorted(same.items()):
        if len(group) > 1:
            who = ", ".join(parties) or "no party"
            yield _finding(
                "likely-duplicate",
                group,
                f"{len(group)} {kind} records on {day} with the same parties ({who})",
                "if they are the same event recorded twice, `ccc retract` all but one, "
                "with the reason",
            )


def reply_overdue(log: Log) -> Iterator[Finding]:
    """Named recipients who had not answered a letter by the day checked, past the day it
    asked for (a reply that arrived later does not count; one dated across the day
    leaves it possible)."""
    for letter in log.of_kind(kinds.LETTER):
        by = letter["details"].get("reply_requested_by")
        if not by or by >= log.on.isoformat():
            continue
        for party in awaited(letter):
            if (letter["id"], party) not in log.answers:
                continue
            reply = log.answers[(letter["id"], party)]
            arrived = reply is not None and happened_by(reply, log.on)
            if arrived:
                continue
            days = (log.on - date.fromisoformat(by)).days
            maybe = f"; the reply {reply['short_id']} may have come by then" if reply else ""
            yield _finding(
                "reply-overdue",
                [letter],
                f"{party} had not answered the letter {letter['short_id']} "
                f"({_when(letter)}) by {words.day(log.on)}, though a reply was requested by "
                f"{words.day(date.fromisoformat(by))} ({days} days before){maybe}",
                "send a reminder, or record the reply if it came: `ccc record "
                f"communication --from {party} --in-reply-to {letter['short_id']} ...`",
                "possible" if reply else "certain",
            )


def reply_late(log: Log) -> Iterator[Finding]:
    """Replies that came after the day their letter asked for, with how many days."""
    for letter in log.of_kind(kinds.LETTER):
        by = letter["details"].get("reply_requested_by")
        if not by:
            continue
        asked = date.fromisoformat(by)
        for party in awaited(letter):
            reply = log.answers.get((letter["id"], party))
            if reply is None or not happened_by(reply, log.on):
                continue
            came = (_day(reply["earliest"]), _day(reply["latest"]))
            standing = convention.standing(asked, log.on, came)
            if standing.status == "met_on_time":
                continue
            late = (
                f"{standing.days} days late"
                if standing.status == "met_late"
                else "perhaps late: its date spans the day asked"
            )
            yield _finding(
                "reply-late",
                [reply, letter],
                f"{party}'s reply {reply['short_id']} ({_when(reply)}) to the letter "
                f"{letter['short_id']} came after the day requested, "
                f"{words.day(asked)}: {late}",
                "nothing to correct if the dates are right; the case dossier "
                "(`ccc report case`) shows the days late",
                "certain" if standing.status == "met_late" else "possible",
            )


def undertaking_overdue(log: Log) -> Iterator[Finding]:
    """Undertakings whose day has passed with no record saying they were met."""
    for undertaking in log.of_kind(kinds.UNDERTAKING):
        details = undertaking["details"]
        due = parse_occurred(details["due"])
        if undertaking["id"] in log.fulfilled or due.latest is None or due.latest >= log.on:
            continue
        days = (log.on - due.latest).days
        yield _finding(
            "undertaking-overdue",
            [undertaking],
            f"{details['state']} undertook ({_when(undertaking)}) to {details['undertook']} "
            f"by {in_words(details['due'])}, and no record says it did ({days} days ago)",
            "ask, or record it if it was done: `ccc record undertaking-met --undertaking "
            f"{undertaking['short_id']} --occurred DAY ...`",
        )


WEEKEND = (5, 6)  # Saturday, Sunday
# Days the United Nations at Geneva and New York are closed every year on the same date;
# holidays that move (Easter, Eid) are not listed, so a meeting on one is not flagged.
FIXED_HOLIDAYS = {(1, 1): "New Year's Day", (12, 25): "Christmas Day"}


def meeting_on_a_day_off(log: Log) -> Iterator[Finding]:
    """Meetings dated on a weekend or a fixed United Nations holiday: a likely typing slip
    (the seed's 20 July 2025 was a Sunday, three days before the allegation it followed)."""
    for meeting in log.of_kind(kinds.MEETING):
        if not meeting["earliest"] or meeting["earliest"] != meeting["latest"]:
            continue
        day = date.fromisoformat(meeting["earliest"])
        off = FIXED_HOLIDAYS.get((day.month, day.day)) or (
            f"a {day:%A}" if day.weekday() in WEEKEND else None
        )
        if off is None:
            continue
        yield _finding(
            "day-off",
            [meeting],
            f"the meeting {meeting['short_id']} is dated {_when(meeting)}, {off}",
            "check the date against the source; if it is wrong, `ccc correct "
            f"{meeting['short_id']} --set occurred=... --reason ...`",
            "likely",
        )


def reveals_restricted(log: Log) -> Iterator[Finding]:
    """A public record that answers a restricted letter: it names who the letter went to."""
    for reply in log.of_kind(kinds.COMMUNICATION):
        letter = log.answered_letter(reply)
        if letter is None or hidden(reply, True) or not hidden(letter, True):
            continue
        yield _finding(
            "reveals-restricted",
            [reply, letter],
            f"the public reply {reply['short_id']} answers the restricted letter "
            f"{letter['short_id']}, so it says whom that letter went to",
            f"restrict the reply too: `ccc correct {reply['short_id']} --set restricted=true "
            "--reason ...`",
        )


def no_full_stop(log: Log) -> Iterator[Finding]:
    """Summaries that do not end a sentence: the paper prints them as they are. (Register
    records and a case's own records have generated labels, which the paper does not
    print.)"""
    for record in log.records:
        summary = record["summary"].rstrip()
        if record["kind"] in kinds.REGISTER or record["kind"] in kinds.LIFECYCLE:
            continue
        if not summary or summary[-1] in ".!?)\"'\u201d":
            continue
        yield _finding(
            "no-full-stop",
            [record],
            f"the summary of {record['short_id']} does not end with a full stop: "
            f"\u201c{summary[-40:]}\u201d",
            f"`ccc correct {record['short_id']} --set summary=... --reason ...`",
            "likely",
        )


def no_case(log: Log) -> Iterator[Finding]:
    """Allegations outside any case, and replies to a case's letter outside the case."""
    for record in log.records:
        if record["cases"]:
            continue
        if record["kind"] == kinds.ALLEGATION:
            yield _finding(
                "no-case",
                [record],
                f"the allegation {record['short_id']} ({_when(record)}) belongs to no case",
                f"open a case, or name one: `ccc correct {record['short_id']} --set case=REF "
                "--reason ...`",
            )
        elif record["kind"] == kinds.COMMUNICATION:
            letter = log.answered_letter(record)
            if letter and letter["cases"]:
                yield _finding(
                    "no-case",
                    [record, letter],
                    f"the reply {record['short_id']} answers a letter on "
                    f"{', '.join(letter['cases'])} but belongs to no case",
                    f"`ccc correct {record['short_id']} --set case={letter['cases'][0]} "
                    "--reason ...`",
                )


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WRITTEN_DAY = re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))? ({_MONTHS}) (\d{{4}})\b")


@cache
def _state_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A search for every State Party as running text names it, and each name's code."""
    from ccc.domain.names import depositary_names, state_spellings

    names = {name: code for code in depositary_names() for name in state_spellings(code)}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b"), names


def _written(log: Log) -> Iterator[tuple[RecordRow, tuple[RecordRow, ...]]]:
    """Each record whose summary is printed as written, with the records it speaks for
    (`said_in`): together, what its sentence may say."""
    speaks_for: dict[str, list[RecordRow]] = defaultdict(list)
    for record in log.records:
        if record["said_in"]:
            speaks_for[record["said_in"]].append(record)
    for record in log.records:
        if record["as_written"]:
            yield record, (record, *speaks_for.get(record["id"], []))


def written_days(log: Log) -> Iterator[Finding]:
    """A summary written as the Committee's sentence (`as_written`) that names a day on
    which neither its record nor a record it speaks for (`said_in`) may have happened, or
    a State that none of them involves: the paper would print what the records do not
    hold."""
    for record, together in _written(log):
        states, codes = _state_names()
        involved = {p for r in together for p in r["parties"]}
        for name in dict.fromkeys(m[1] for m in states.finditer(record["summary"])):
            if codes[name] not in involved:
                yield _finding(
                    "written-state",
                    [record],
                    f"the summary of {record['short_id']}, printed as written, names {name}, "
                    "which neither it nor a record it speaks for involves",
                    f"name the party: `ccc correct {record['short_id']} --set party=... "
                    "--reason ...`, or correct the summary",
                    "likely",
                )
        spans = [(_day(r["earliest"]) or date.min, _day(r["latest"]) or date.max) for r in together]
        for match in _WRITTEN_DAY.finditer(record["summary"]):
            month = _MONTHS.split("|").index(match[3]) + 1
            for number in filter(None, (match[1], match[2])):
                try:
                    day = date(int(match[4]), month, int(number))
                except ValueError:
                    day = None
                if day is None or any(first <= day <= last for first, last in spans):
                    continue
                yield _finding(
                    "written-day",
                    [record],
                    f"the summary of {record['short_id']}, printed as written, names "
                    f"{in_words(day.isoformat())}, but the record happened {_when(record)} and "
                    "no record it speaks for happened then",
                    f"correct the date or the summary: `ccc correct {record['short_id']} --set "
                    "occurred=... --reason ...`, or name the record it speaks for with "
                    "--said-in",
                    "likely",
                )


_WRITTEN_COUNT = re.compile(
    rf"\b({'|'.join(words.NUMBERS[1:])}|\d+) (States Parties|State Party)\b", re.IGNORECASE
)


def written_counts(log: Log) -> Iterator[Finding]:
    """A summary written as the Committee's sentence that counts States Parties ("letters
    to three States Parties") where its record, with the records it speaks for, names
    States and they are another number: the paper would print a count no record holds.
    Records that name no State with a count (a group "all States Parties") are not judged."""
    for record, together in _written(log):
        held = _states_counted(together)
        if held is None:
            continue
        for match in _WRITTEN_COUNT.finditer(record["summary"]):
            said = match[1].lower()
            count = int(said) if said.isdigit() else words.NUMBERS.index(said)
            if count != held:
                yield _finding(
                    "written-count",
                    [record],
                    f"the summary of {record['short_id']}, printed as written, says "
                    f"\u201c{match[0]}\u201d, but its records name {words.number(held)} "
                    f"{'State Party' if held == 1 else 'States Parties'}",
                    f"correct the summary, or the parties: `ccc correct {record['short_id']} "
                    "--set summary=... --reason ...`",
                    "likely",
                )


def _states_counted(records: Sequence[RecordRow]) -> int | None:
    """How many States the records' counterparts name (a group counts as its count), or
    None when a counterpart is a group of unknown size."""
    states: set[str] = set()
    counted = 0
    for record in records:
        for party in kinds.counterparts(record):
            if party["kind"] == "state":
                states.add(party["name"])
            elif party["kind"] == "group":
                if not party.get("count"):
                    return None
                counted += int(party["count"])
    return (len(states) + counted) or None


# Every check, in the order findings are listed. A new check is a function here.
CHECKS: list[Callable[[Log], Iterator[Finding]]] = [
    before_allegation,
    reply_before_letter,
    likely_duplicate,
    reply_overdue,
    reply_late,
    undertaking_overdue,
    meeting_on_a_day_off,
    reveals_restricted,
    no_full_stop,
    no_case,
    written_days,
    written_counts,
]


def check_log(
    connection: sqlite3.Connection,
    on: date,
    first: date | None = None,
    last: date | None = None,
    *,
    public: bool = False,
) -> list[Finding]:
    """What `ccc check` finds: in the whole log, or (with `first` and/or `last`) in the
    records whose dates may fall in that period, reading the rest of the log only to
    judge them (the letters they answer, their cases' allegations). `public` leaves out
    findings about restricted records: they would describe them."""
    context: list[RecordRow] = []
    if first or last:
        window = (first or date.min, last or date.max)
        read = clocks.records_in_window(connection, *window)
        records = [r for r in read if clocks.overlaps(r, *window)]
        context = [r for r in read if not clocks.overlaps(r, *window)]
        cases = {ref for r in records for ref in r["cases"]}
        context += clocks.records_on_cases(connection, cases, kinds.ALLEGATION)
    else:
        records = clocks.records_known(connection)
    letters = {r["id"] for r in records if r["kind"] == kinds.LETTER}
    fulfilled: set[str] = set()  # undertakings met by the day checked, read only if any
    if any(r["kind"] == kinds.UNDERTAKING for r in records):
        fulfilled = {
            r["details"]["undertaking"].replace("-", "")
            for r in clocks.records_known(connection, kinds=[kinds.UNDERTAKING_MET])
            if not r["retracted"] and happened_by(r, on)
        }
    found = findings(records, on, replies.answers(connection, letters, on), context, fulfilled)
    if public:
        restricted = {r["short_id"] for r in [*records, *context] if hidden(r, True)}
        found = [f for f in found if not restricted & set(f["records"])]
    return found


def findings(
    records: list[RecordRow],
    on: date,
    answers: dict[tuple[str, str], RecordRow | None],
    context: Sequence[RecordRow] = (),
    fulfilled: set[str] | None = None,
) -> list[Finding]:
    """What every check finds in the records that stand (retracted ones left out)."""
    log = Log(
        [r for r in records if not r["retracted"]],
        on,
        answers,
        [r for r in context if not r["retracted"]],
        fulfilled or set(),
    )
    return [finding for check in CHECKS for finding in check(log)]
