"""The treaty register read from the records: who is bound on a day, what each State owes
and by when, and where each obligation stands. Standard library only; the clocks are
ccc.domain.convention.

Everything is computed on the day asked (`on`) from the records known then, so the same
functions answer "now", "as of a day" and "as known at an instant" (the caller chooses
the records). A record whose dates straddle `on` is treated as not known to have happened,
and where that decides an answer, the answer is `uncertain`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ccc.domain import convention, kinds
from ccc.projections.case_status import Replies, happened_by
from ccc.projections.public import RESTRICTED, hidden
from ccc.projections.replies import awaited

Record = dict[str, Any]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _bounds(record: Record) -> tuple[date | None, date | None]:
    return _day(record["earliest"]), _day(record["latest"])


def _first_day(record: Record) -> date:
    day = _day(record["earliest"]) or _day(record["latest"])
    assert day is not None
    return day


@dataclass
class Membership:
    """One State's standing under the Convention, from its register records."""

    state: str
    instrument: str | None = None
    deposited: date | None = None
    in_force: date | None = None
    in_force_basis: str | None = None
    withdrawal_announced: date | None = None
    withdrawal_received: date | None = None
    withdrawal_effective: date | None = None  # None while deferred or not received
    withdrawal_deferred: bool = False  # Article 20(3): armed conflict at expiry

    def standing(self, on: date) -> str:
        """bound | deposited, not yet in force | withdrawn | not a party."""
        if self.deposited is None or self.deposited > on:
            return "not a party"
        if self.withdrawal_effective is not None and self.withdrawal_effective <= on:
            return "withdrawn"
        if self.in_force is not None and self.in_force <= on:
            return "bound"
        return "deposited, not yet in force"

    def bound_on(self, on: date) -> bool:
        return self.standing(on) == "bound"

    def as_dict(self, on: date) -> dict[str, Any]:
        def iso(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "state": self.state,
            "standing": self.standing(on),
            "instrument": self.instrument,
            "deposited": iso(self.deposited),
            "entry_into_force": iso(self.in_force),
            "entry_into_force_basis": self.in_force_basis,
            "withdrawal_announced": iso(self.withdrawal_announced),
            "withdrawal_received": iso(self.withdrawal_received),
            "withdrawal_effective": iso(self.withdrawal_effective),
            "withdrawal_deferred": self.withdrawal_deferred,
        }


@dataclass
class Register:
    """The register records known, grouped by State (built once per query)."""

    on: date
    memberships: dict[str, Membership] = field(default_factory=dict)
    by_state: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    letters: list[Record] = field(default_factory=list)
    replies: list[Record] = field(default_factory=list)
    applies: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    public: bool = False  # answers fit to publish: restricted letters name no one

    @classmethod
    def build(cls, records: list[Record], on: date, public: bool = False) -> Register:
        """From records (in order of occurrence), keeping those that happened by `on`
        (straddling ones too, marked by `happened_by` when it matters)."""
        register = cls(on, public=public)
        for record in records:
            if record["retracted"]:
                continue
            article = kinds.KINDS[record["kind"]].article
            if article in (4, 5):
                # Articles 4 and 5 bind the States with stockpiles or mined areas: any
                # record under them, even a later one, shows that the obligation applies.
                register.applies[record["details"]["state"]].add(str(article))
            if happened_by(record, on) is False:
                continue
            state = record["details"].get("state")
            if record["kind"] == kinds.LETTER:
                register.letters.append(record)
            elif record["kind"] == kinds.COMMUNICATION:
                register.replies.append(record)
            if state and record["kind"] in kinds.REGISTER:
                register.by_state[state].append(record)
        for state, entries in register.by_state.items():
            register.memberships[state] = _membership(state, entries, on)
        return register

    def members(self, on: date | None = None) -> list[str]:
        on = on or self.on
        return sorted(s for s, m in self.memberships.items() if m.bound_on(on))


def _membership(state: str, entries: list[Record], on: date) -> Membership:
    membership = Membership(state)
    conflict: date | None = None
    conflict_ended: date | None = None
    for record in entries:
        details, kind = record["details"], record["kind"]
        if kind == kinds.INSTRUMENT_DEPOSITED and membership.deposited is None:
            membership.instrument = details["instrument"]
            membership.deposited = _first_day(record)
            membership.in_force = date.fromisoformat(details["entry_into_force"])
            membership.in_force_basis = details["entry_into_force_basis"]
        elif kind == kinds.WITHDRAWAL_ANNOUNCED:
            membership.withdrawal_announced = _first_day(record)
        elif kind == kinds.WITHDRAWAL_RECEIVED:
            membership.withdrawal_received = _first_day(record)
            membership.withdrawal_effective = date.fromisoformat(details["effective"])
        elif kind == kinds.ARMED_CONFLICT:
            conflict = _first_day(record)
        elif kind == kinds.ARMED_CONFLICT_ENDED:
            conflict_ended = _first_day(record)
    expiry = membership.withdrawal_effective
    if expiry is not None and conflict is not None and conflict <= expiry:
        # Article 20(3): not before the end of the armed conflict.
        membership.withdrawal_deferred = True
        ended = conflict_ended if conflict_ended and conflict_ended <= on else None
        membership.withdrawal_effective = max(expiry, ended) if ended else None
    return membership


# -- obligations ---------------------------------------------------------------------------


def _met(record: Record | None, on: date) -> tuple[date | None, date | None] | str | None:
    """The bounds of the record that met an obligation, None if none, or "uncertain" when
    its dates straddle `on` (it may or may not have happened by then)."""
    if record is None:
        return None
    if happened_by(record, on) is None:
        return "uncertain"
    return _bounds(record)


def _row(
    state: str,
    article: str,
    obligation: str,
    due: date,
    basis: str,
    on: date,
    met_by: Record | None,
    *,
    started: date | None = None,
    assumed: bool = False,
    history: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    met = _met(met_by, on)
    if met == "uncertain":
        standing = convention.Standing("uncertain", why="the record that meets it may be later")
    else:
        assert not isinstance(met, str)
        standing = convention.standing(due, on, met, started=started)
    return {
        "party": state,
        "article": article,
        "obligation": obligation,
        "due": due.isoformat(),
        "assumed": assumed,
        "basis": basis,
        "status": standing.status,
        # Met for certain by the day (on time or not, or with a date that spans the due
        # date): what `deadlines` leaves out unless asked for --all.
        "met": isinstance(met, tuple),
        "days": standing.days,
        "uncertain_because": standing.why,
        "met_by": met_by["short_id"] if met_by else None,
        "met_on": met_by["occurred"] if met_by else None,
        "history": history or [],
    }


def obligations(register: Register, state: str) -> list[dict[str, Any]]:
    """Every obligation of one State that has a clock, with its standing on the day."""
    membership = register.memberships.get(state)
    if membership is None or membership.in_force is None:
        return []
    on, entries, in_force = register.on, register.by_state[state], membership.in_force
    end = membership.withdrawal_effective
    of_kind: dict[str, list[Record]] = defaultdict(list)
    for record in entries:
        of_kind[record["kind"]].append(record)
    rows = []
    reports = of_kind[kinds.ARTICLE7_REPORT]
    initial = next((r for r in reports if r["details"].get("initial")), None)
    rows.append(
        _row(
            state,
            "7.1",
            "initial transparency report",
            convention.initial_report_due(in_force),
            f"entry into force {in_force.isoformat()} + {convention.INITIAL_REPORT_DAYS} days",
            on,
            initial,  # only a report recorded as the initial one (--initial) meets 7(1)
            started=in_force,
        )
    )
    last_year = on.year - 1 if end is None else min(on.year - 1, end.year - 1)
    for year in range(in_force.year, last_year + 1):
        covering = next((r for r in reports if r["details"].get("year") == year), None)
        row = _row(
            state,
            "7.2",
            f"annual report covering {year}",
            convention.annual_report_due(year),
            f"calendar year {year}: not later than 30 April {year + 1}",
            on,
            covering,
        )
        period = covering["details"].get("period") if covering else None
        if period and period not in (str(year), f"{year}-01-01/{year}-12-31"):
            row["flag"] = f"the report covers {period}, not calendar year {year}"
        rows.append(row)
    applies = register.applies.get(state, set())
    if "4" in applies:
        rows.append(
            _row(
                state,
                "4",
                "destroy stockpiled anti-personnel mines",
                convention.stockpile_deadline(in_force),
                f"entry into force {in_force.isoformat()} + {convention.STOCKPILE_YEARS} years "
                "(no extension exists)",
                on,
                next(iter(of_kind[kinds.ARTICLE4_COMPLETED]), None),
                started=in_force,
            )
        )
    if "5" in applies:
        rows.append(_article5(state, in_force, of_kind, on))
    for request in of_kind[kinds.ARTICLE82_REQUEST]:
        rows.append(_article82(state, request, of_kind, on))
    return rows


def _article5(
    state: str, in_force: date, of_kind: dict[str, list[Record]], on: date
) -> dict[str, Any]:
    """Article 5: a chain of deadlines. An extension counts from the day a Meeting decided
    it; a request moves nothing, and a deadline can lapse before the decision."""
    original = convention.clearance_deadline(in_force)
    due, basis = (
        original,
        f"entry into force {in_force.isoformat()} + {convention.CLEARANCE_YEARS} years",
    )
    history: list[dict[str, Any]] = [{"deadline": original.isoformat(), "basis": basis}]
    for request in of_kind[kinds.ARTICLE5_EXTENSION_REQUESTED]:
        history.append(
            {
                "requested": request["occurred"],
                "record": request["short_id"],
                "basis": "extension requested (moves nothing until decided)",
            }
        )
    for grant in sorted(of_kind[kinds.ARTICLE5_EXTENSION_GRANTED], key=_first_day):
        decided = _first_day(grant)
        new = date.fromisoformat(grant["details"]["new_deadline"])
        lapsed = decided > due
        history.append(
            {
                "deadline": new.isoformat(),
                "decided": decided.isoformat(),
                "basis": f"extension granted at the {grant['details']['meeting']}",
                "previous_deadline_lapsed": lapsed,
                "record": grant["short_id"],
            }
        )
        due, basis = (
            new,
            (f"extension granted at the {grant['details']['meeting']} ({decided.isoformat()})"),
        )
    completed = of_kind[kinds.ARTICLE5_COMPLETED][0] if of_kind[kinds.ARTICLE5_COMPLETED] else None
    return _row(
        state,
        "5",
        "clear mined areas",
        due,
        basis,
        on,
        completed,
        started=in_force,
        history=history,
    )


def _article82(
    state: str, request: Record, of_kind: dict[str, list[Record]], on: date
) -> dict[str, Any]:
    """Article 8(2): 28 days from receipt by the requested State; when receipt is unknown,
    the due date is assumed from the latest known step before it, and says so."""

    def step(kind: str) -> Record | None:
        return next(
            (r for r in of_kind[kind] if r["details"]["request"].replace("-", "") == request["id"]),
            None,
        )

    received, transmitted = step(kinds.ARTICLE82_RECEIVED), step(kinds.ARTICLE82_TRANSMITTED)
    known = received or transmitted or request
    start = _first_day(known)
    if received:
        basis = f"received {start.isoformat()} + {convention.CLARIFICATION_DAYS} days"
    else:
        what = "transmitted" if transmitted else "submitted"
        basis = (
            f"assumed: {what} {start.isoformat()} + {convention.CLARIFICATION_DAYS} days "
            "(receipt unknown)"
        )
    return _row(
        state,
        "8.2",
        f"answer the request for clarification {request['short_id']}",
        convention.clarification_due(start),
        basis,
        on,
        step(kinds.ARTICLE82_RESPONSE),
        started=_first_day(request),
        assumed=received is None,
    )


def reply_deadlines(register: Register, state: str | None = None) -> list[dict[str, Any]]:
    """Letters that asked for a reply by a day, one row per named recipient."""
    replies = Replies(register.replies)
    rows = []
    for letter in register.letters:
        for party in awaited(letter):
            if state and party != state:
                continue
            row = reply_row(register, letter, party, replies.to(letter, party), state)
            if row is not None:
                rows.append(row)
    return rows


def reply_row(
    register: Register,
    letter: Record,
    party: str,
    reply: Record | None,
    state: str | None = None,
) -> dict[str, Any] | None:
    """The deadline row of a letter's request for a reply from `party`, met by `reply`;
    None where a public answer on one State must not even count a restricted letter."""
    by = letter["details"]["reply_requested_by"]
    row = _row(
        party,
        "letter",
        f"reply to letter {letter['short_id']}: {letter['details']['subject']}",
        date.fromisoformat(by),
        f"reply requested by {by} in the letter of {letter['occurred']}",
        register.on,
        reply,
        started=_first_day(letter),
    )
    if hidden(letter, register.public):  # counted, never named
        if state:
            return None  # even a count would say this State was written to
        row.update(
            party=RESTRICTED,
            obligation="reply to a restricted letter",
            basis=RESTRICTED,
            met_by=RESTRICTED if reply else None,
        )
    return row


def deadlines(register: Register, state: str | None = None) -> list[dict[str, Any]]:
    """Every obligation with a clock (of one State, or of all), by due date."""
    states = [state] if state else sorted(register.memberships)
    rows = [row for s in states for row in obligations(register, s)]
    rows += reply_deadlines(register, state)
    return sorted(rows, key=lambda row: (row["due"], row["party"], row["article"]))


# -- computed groups -------------------------------------------------------------------------

GROUPS = {
    "states-parties": "States Parties",
    "missing-article7": "States Parties with missing Article 7 reports",
    "outstanding-article4": "States Parties with outstanding Article 4 obligations",
    "outstanding-article5": "States Parties with outstanding Article 5 obligations",
    "outstanding-article9": "States Parties with outstanding Article 9 obligations",
}
OPEN = {"due", "overdue", "uncertain"}


def computed_group(name: str, register: Register) -> tuple[str, list[str]]:
    """(label, members) of a group computed on the register's day."""
    members = register.members()
    if name == "outstanding-article9":
        reported = {
            s
            for s, entries in register.by_state.items()
            if any(r["kind"] == kinds.ARTICLE9_MEASURES for r in entries)
        }
        chosen = [s for s in members if s not in reported]
    elif name == "states-parties":
        chosen = members
    else:
        article = {
            "missing-article7": ("7.1", "7.2"),
            "outstanding-article4": ("4",),
            "outstanding-article5": ("5",),
        }[name]
        wanted = {"overdue"} if name == "missing-article7" else OPEN
        chosen = [
            s
            for s in members
            if any(
                r["article"] in article and r["status"] in wanted for r in obligations(register, s)
            )
        ]
    return f"{GROUPS[name]} as of {register.on.isoformat()}", chosen
