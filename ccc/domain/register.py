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
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ccc.domain import convention, kinds
from ccc.domain.dates import parse_occurred, shown
from ccc.domain.disclosure import RESTRICTED, hidden
from ccc.domain.status import Replies, awaited, happened_by

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _bounds(record: RecordRow) -> tuple[date | None, date | None]:
    return _day(record["earliest"]), _day(record["latest"])


def _first_day(record: RecordRow) -> date:
    day = _day(record["earliest"]) or _day(record["latest"])
    assert day is not None
    return day


@dataclass
class Membership:
    """One State's standing under the Convention, from its register records."""

    state: str
    signed: date | None = None
    instrument: str | None = None
    deposited: date | None = None
    in_force: date | None = None
    in_force_basis: str | None = None
    withdrawal_announced: date | None = None
    withdrawal_received: date | None = None
    withdrawal_effective: date | None = None  # None while deferred or not received
    withdrawal_deferred: bool = False  # Article 20(3): armed conflict at expiry

    def standing(self, on: date) -> str:
        """bound | deposited, not yet in force | withdrawn | signatory (signed, not
        ratified: bound to nothing the Convention tracks) | not a party."""
        if self.deposited is None or self.deposited > on:
            return "signatory" if self.signed is not None and self.signed <= on else "not a party"
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
            "signed": iso(self.signed),
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
    by_state: dict[str, list[RecordRow]] = field(default_factory=lambda: defaultdict(list))
    letters: list[RecordRow] = field(default_factory=list)
    replies: list[RecordRow] = field(default_factory=list)
    # Articles 4 and 5 bind (and the log tracks them for) the States whose log holds a
    # declaration of stockpiles or mined areas, or any record under them.
    applies: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Article -> the spans of due dates the log tracks (`ccc record coverage`).
    coverage: dict[str, list[tuple[date, date | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    public: bool = False  # answers fit to publish: restricted letters name no one

    @classmethod
    def build(cls, records: list[RecordRow], on: date, public: bool = False) -> Register:
        """From records (in order of occurrence), keeping those that happened by `on`
        (straddling ones too, marked by `happened_by` when it matters)."""
        register = cls(on, public=public)
        for record in records:
            if record["retracted"]:
                continue
            details = record["details"]
            if record["kind"] == kinds.COVERAGE:  # describes the log, whatever day is asked
                span = (_day(details["tracked_from"]), _day(details.get("tracked_to")))
                for number in details["articles"]:
                    register.coverage[str(number)].append(span)  # type: ignore[arg-type]
                continue
            for article in declares(record):
                # Articles 4 and 5 bind the States with stockpiles or mined areas: any
                # record under them, even a later one, shows that the obligation applies
                # (the State held the stockpile, the areas were mined, from entry into
                # force), so silence about them is non-compliance, not missing data.
                register.applies[details["state"]].add(article)
            if happened_by(record, on) is False:
                continue
            state = details.get("state")
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

    def tracks(self, article: str, state: str, due: Deadline | None) -> bool:
        """Whether the log tracks this obligation: one the log itself creates (a request,
        a letter, an undertaking) always; under Articles 4 and 5, once the State declared
        what makes them apply; otherwise when its due date falls in a span `ccc record coverage`
        recorded for its Article."""
        base = article.split(".")[0]
        if base not in _TRACKABLE:
            return True
        if base in self.applies.get(state, ()):
            return True
        return due is not None and self.covers(base, due.first, due.last)

    def covers(self, article: str, first: date, last: date) -> bool:
        """Whether a span `ccc record coverage` recorded for the Article holds these days."""
        return any(
            start <= first and (end is None or last <= end)
            for start, end in self.coverage.get(article, [])
        )


_TRACKABLE = frozenset(str(article) for article in convention.TRACKABLE)


def declares(record: RecordRow) -> tuple[str, ...]:
    """The Articles (4, 5) a record shows to bind its State: a declaration of stockpiles
    or mined areas (on its own, or in an Article 7 report), or any record under them (a
    completion, an extension requested or granted)."""
    kind = record["kind"]
    if kind == kinds.ARTICLE7_REPORT:
        details = record["details"]
        return tuple(
            article
            for article, declared in (
                ("4", details.get("stockpile")),
                ("5", details.get("mined_areas")),
            )
            if declared
        )
    article = kinds.KINDS[kind].article
    return (str(article),) if article in (4, 5) else ()


def _membership(state: str, entries: list[RecordRow], on: date) -> Membership:
    membership = Membership(state)
    conflict: date | None = None
    conflict_ended: date | None = None
    for record in entries:
        details, kind = record["details"], record["kind"]
        if kind == kinds.SIGNATURE and membership.signed is None:
            membership.signed = _first_day(record)
        elif kind == kinds.INSTRUMENT_DEPOSITED and membership.deposited is None:
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


class Deadline(NamedTuple):
    """A deadline as the records give it: a day, or a month or a year (its first and last
    days), with its text (ISO day or EDTF)."""

    first: date
    last: date
    text: str

    @classmethod
    def on(cls, day: date) -> Deadline:
        return cls(day, day, day.isoformat())

    @classmethod
    def given(cls, edtf: str | None) -> Deadline | None:
        """From an EDTF date (None: not stated)."""
        if edtf is None:
            return None
        when = parse_occurred(edtf)
        assert when.earliest is not None and when.latest is not None
        return cls(when.earliest, when.latest, edtf)

    @property
    def exact(self) -> bool:
        return self.first == self.last

    def words(self) -> str:
        return shown(self.text)


def _met(record: RecordRow | None, on: date) -> tuple[date | None, date | None] | str | None:
    """The bounds of the record that met an obligation, None if none, or "uncertain" when
    its dates straddle `on` (it may or may not have happened by then)."""
    if record is None:
        return None
    if happened_by(record, on) is None:
        return "uncertain"
    return _bounds(record)


def _when(record: RecordRow) -> str:
    """A record's date as people read it (dates.shown: a day as ISO, else in words)."""
    return shown(record["occurred"])


class Lapse(NamedTuple):
    """A period out of compliance: from the day after `after` until `until` (the date of
    the record that ended it, as given; None while it runs), `least` to `most` days."""

    after: Deadline
    until: RecordRow | None
    ended_by: str
    least: int
    most: int

    def as_dict(self) -> dict[str, Any]:
        exact = self.least == self.most
        assumption = None
        if not exact:
            what = []
            if not self.after.exact:
                what.append(f"the deadline is given as {self.after.words()}")
            if self.until is not None and self.until["earliest"] != self.until["latest"]:
                what.append(f"it ended {_when(self.until)}")
            assumption = (
                f"{' and '.join(what)}: between {self.least:,} and {self.most:,} days; "
                "no day within is assumed"
            )
        return {
            "from": (self.after.last + timedelta(days=1)).isoformat()
            if self.after.exact
            else f"after {self.after.text}",
            "until": _when(self.until) if self.until else None,
            "ended_by": self.ended_by,
            "days": self.least if exact else None,
            "days_range": [self.least, self.most],
            "assumption": assumption,
        }


def _lapse(
    after: Deadline | None, until: RecordRow | None, on: date, ended_by: str
) -> Lapse | None:
    """The period out of compliance between a deadline and the record that ended it (or
    `on`, when `until` is None), if there was one."""
    if after is None:
        return None
    if until is None:
        end = (on, on)
    else:
        first, last = _bounds(until)
        if first is None or last is None:  # an open-ended date: no length to give
            return None
        end = (first, last)
    late = convention.days_late((after.first, after.last), end)
    return Lapse(after, until, ended_by, *late) if late else None


def _compliance(lapses: list[Lapse]) -> dict[str, Any]:
    periods = [lapse.as_dict() for lapse in lapses]
    least = sum(lapse.least for lapse in lapses)
    most = sum(lapse.most for lapse in lapses)
    return {
        "periods": periods,
        "days": least if least == most else None,
        "days_range": [least, most],
    }


def _row(
    register: Register,
    state: str,
    article: str,
    obligation: str,
    due: Deadline | None,
    basis: str,
    met_by: RecordRow | None,
    *,
    started: date | None = None,
    assumed: bool = False,
    history: list[dict[str, Any]] | None = None,
    lapses: list[Lapse] | None = None,
) -> dict[str, Any]:
    """One obligation's row on the register's day. `lapses`: the periods out of
    compliance before its current deadline (Article 5 lapses before an extension)."""
    on = register.on
    met = _met(met_by, on)
    if met == "uncertain":
        standing = convention.Standing("uncertain", why="the record that meets it may be later")
    else:
        assert not isinstance(met, str)
        window = (due.first, due.last) if due else None
        standing = convention.standing(window, on, met, started=started)
    tracked = register.tracks(article, state, due)
    status, days, why = standing.status, standing.days, standing.why
    if not tracked and not isinstance(met, tuple):
        # The log was not kept for this: no record meeting it says nothing.
        status, days, why = "not_tracked", None, "the log does not track it (ccc record coverage)"
    periods = list(lapses or [])
    last = None
    if isinstance(met, tuple):
        last = _lapse(due, met_by, on, "met")
    elif met is None and tracked:
        last = _lapse(due, None, on, "still running")
    if last is not None:
        periods.append(last)
    return {
        "party": state,
        "article": article,
        "obligation": obligation,
        "due": due.text if due else "unknown",
        "due_range": [due.first.isoformat(), due.last.isoformat()] if due else None,
        "assumed": assumed,
        "basis": basis,
        "status": status,
        "tracked": tracked,
        # Met for certain by the day (on time or not, or with a date that spans the due
        # date): what `deadlines` leaves out unless asked for --all.
        "met": isinstance(met, tuple),
        "days": days,
        "uncertain_because": why,
        "met_by": met_by["short_id"] if met_by else None,
        "met_on": met_by["occurred"] if met_by else None,
        "history": history or [],
        "out_of_compliance": _compliance(periods),
    }


def obligations(register: Register, state: str) -> list[dict[str, Any]]:
    """Every obligation of one State that has a clock, with its standing on the day."""
    membership = register.memberships.get(state)
    if membership is None or membership.in_force is None:
        return []
    on, entries, in_force = register.on, register.by_state[state], membership.in_force
    end = membership.withdrawal_effective
    of_kind: dict[str, list[RecordRow]] = defaultdict(list)
    for record in entries:
        of_kind[record["kind"]].append(record)
    rows = []
    reports = of_kind[kinds.ARTICLE7_REPORT]
    initial = next((r for r in reports if r["details"].get("initial")), None)
    rows.append(
        _row(
            register,
            state,
            "7.1",
            "initial transparency report",
            Deadline.on(convention.initial_report_due(in_force)),
            f"entry into force {in_force.isoformat()} + {convention.INITIAL_REPORT_DAYS} days",
            initial,  # only a report recorded as the initial one (--initial) meets 7(1)
            started=in_force,
        )
    )
    last_year = on.year - 1 if end is None else min(on.year - 1, end.year - 1)
    for year in range(in_force.year, last_year + 1):
        covering = next((r for r in reports if r["details"].get("year") == year), None)
        row = _row(
            register,
            state,
            "7.2",
            f"annual report covering {year}",
            Deadline.on(convention.annual_report_due(year)),
            f"calendar year {year}: not later than 30 April {year + 1}",
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
                register,
                state,
                "4",
                "destroy stockpiled anti-personnel mines",
                Deadline.on(convention.stockpile_deadline(in_force)),
                f"entry into force {in_force.isoformat()} + {convention.STOCKPILE_YEARS} years "
                "(no extension exists)",
                next(iter(of_kind[kinds.ARTICLE4_COMPLETED]), None),
                started=in_force,
            )
        )
    if "5" in applies:
        rows.append(_article5(register, state, in_force, of_kind))
    for request in of_kind[kinds.ARTICLE82_REQUEST]:
        rows.append(_article82(register, state, request, of_kind))
    for undertaking in of_kind[kinds.UNDERTAKING]:
        if hidden(undertaking, register.public):
            continue  # in public, a restricted undertaking is not even counted: it is a State's
        rows.append(_undertaking(register, state, undertaking, of_kind))
    return rows


def _article5(
    register: Register, state: str, in_force: date, of_kind: dict[str, list[RecordRow]]
) -> dict[str, Any]:
    """Article 5: a chain of deadlines. An extension counts from the day a Meeting decided
    it; a request moves nothing, and a deadline can lapse before the decision: the State
    is out of compliance from the day after the lapsed deadline to the decision."""
    original = convention.clearance_deadline(in_force)
    due: Deadline | None = Deadline.on(original)
    basis = f"entry into force {in_force.isoformat()} + {convention.CLEARANCE_YEARS} years"
    history: list[dict[str, Any]] = [{"deadline": original.isoformat(), "basis": basis}]
    for request in of_kind[kinds.ARTICLE5_EXTENSION_REQUESTED]:
        history.append(
            {
                "requested": request["occurred"],
                "record": request["short_id"],
                "basis": "extension requested (moves nothing until decided)",
            }
        )
    lapses = []
    for grant in sorted(of_kind[kinds.ARTICLE5_EXTENSION_GRANTED], key=_first_day):
        meeting = grant["details"]["meeting"]
        new = Deadline.given(grant["details"].get("new_deadline"))
        lapse = _lapse(due, grant, register.on, f"extension granted at the {meeting}")
        if lapse is not None:
            lapses.append(lapse)
        history.append(
            {
                "deadline": new.text if new else "unknown",
                "decided": grant["occurred"],
                "basis": f"extension granted at the {meeting}"
                + ("" if new else " (new deadline not stated)"),
                "previous_deadline_lapsed": lapse is not None and lapse.least > 0,
                "previous_deadline_may_have_lapsed": lapse is not None and lapse.least == 0,
                "record": grant["short_id"],
            }
        )
        due = new
        basis = f"extension granted at the {meeting} ({_when(grant)})" + (
            "" if new else "; the decision as recorded states no new deadline"
        )
    completed = of_kind[kinds.ARTICLE5_COMPLETED][0] if of_kind[kinds.ARTICLE5_COMPLETED] else None
    return _row(
        register,
        state,
        "5",
        "clear mined areas",
        due,
        basis,
        completed,
        started=in_force,
        history=history,
        lapses=lapses,
    )


def _step(
    of_kind: dict[str, list[RecordRow]],
    kind: str,
    field: Literal["request", "undertaking"],
    target: RecordRow,
) -> RecordRow | None:
    """The first record of `kind` naming `target` in `field` (a request's steps, an
    undertaking's fulfilment)."""
    return next(
        (r for r in of_kind[kind] if r["details"][field].replace("-", "") == target["id"]),
        None,
    )


def _article82(
    register: Register, state: str, request: RecordRow, of_kind: dict[str, list[RecordRow]]
) -> dict[str, Any]:
    """Article 8(2): 28 days from receipt by the requested State; when receipt is unknown,
    the due date is assumed from the latest known step before it, and says so."""
    received = _step(of_kind, kinds.ARTICLE82_RECEIVED, "request", request)
    transmitted = _step(of_kind, kinds.ARTICLE82_TRANSMITTED, "request", request)
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
        register,
        state,
        "8.2",
        f"answer the request for clarification {request['short_id']}",
        Deadline.on(convention.clarification_due(start)),
        basis,
        _step(of_kind, kinds.ARTICLE82_RESPONSE, "request", request),
        started=_first_day(request),
        assumed=received is None,
    )


def _undertaking(
    register: Register, state: str, undertaking: RecordRow, of_kind: dict[str, list[RecordRow]]
) -> dict[str, Any]:
    """A State's own undertaking to act by a day: tracked like a treaty deadline, met by
    the record that says it was done."""
    details = undertaking["details"]
    return _row(
        register,
        state,
        "undertaking",
        f"{details['undertook']} (undertaking {undertaking['short_id']})",
        Deadline.given(details["due"]),
        f"undertaken {_when(undertaking)}",
        _step(of_kind, kinds.UNDERTAKING_MET, "undertaking", undertaking),
        started=_first_day(undertaking),
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
    letter: RecordRow,
    party: str,
    reply: RecordRow | None,
    state: str | None = None,
) -> dict[str, Any] | None:
    """The deadline row of a letter's request for a reply from `party`, met by `reply`;
    None where a public answer on one State must not even count a restricted letter."""
    by = letter["details"]["reply_requested_by"]
    assert by is not None  # only letters that ask for a reply by a day are awaited
    row = _row(
        register,
        party,
        "letter",
        f"reply to letter {letter['short_id']}: {letter['details']['subject']}",
        Deadline.on(date.fromisoformat(by)),
        f"reply requested by {by} in the letter of {_when(letter)}",
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


def by_due(row: dict[str, Any]) -> tuple[str, str, str]:
    """The order of obligation rows: by due date, then party and Article."""
    return (row["due"], row["party"], row["article"])


MET = frozenset({"met_on_time", "met_late"})  # statuses of an obligation met for certain


def deadlines(register: Register, state: str | None = None) -> list[dict[str, Any]]:
    """Every obligation with a clock (of one State, or of all), by due date."""
    states = [state] if state else sorted(register.memberships)
    rows = [row for s in states for row in obligations(register, s)]
    rows += reply_deadlines(register, state)
    return sorted(rows, key=by_due)


# -- computed groups -------------------------------------------------------------------------

GROUPS = {
    "states-parties": "States Parties",
    "missing-article7": "States Parties with missing Article 7 reports",
    "outstanding-article4": "States Parties with outstanding Article 4 obligations",
    "outstanding-article5": "States Parties with outstanding Article 5 obligations",
    "outstanding-article9": "States Parties with outstanding Article 9 obligations",
}
OPEN = {"due", "overdue", "uncertain"}


def computed_group(name: str, register: Register) -> tuple[str, list[str], int]:
    """(label, members, left out) of a group computed on the register's day. Only tracked
    obligations count: `left out` is how many States Parties might belong but whose
    obligation the log does not track."""
    members = register.members()
    left_out: list[str] = []
    chosen: list[str] = []
    if name == "outstanding-article9":
        reported = {
            s
            for s, entries in register.by_state.items()
            if any(r["kind"] == kinds.ARTICLE9_MEASURES for r in entries)
        }
        # Article 9 has no due date: a State may have reported its measures any time
        # since the Convention bound it, so the log knows a State's are outstanding only
        # if it has tracked Article 9 from that State's entry into force to the day.
        # Tracking from 2025 says nothing of measures reported in 2010.
        for state in members:
            if state in reported:
                continue
            since = register.memberships[state].in_force or register.on
            if register.covers("9", since, register.on):
                chosen.append(state)
            else:
                left_out.append(state)
    elif name == "states-parties":
        chosen = members
    else:
        article = {
            "missing-article7": ("7.1", "7.2"),
            "outstanding-article4": ("4",),
            "outstanding-article5": ("5",),
        }[name]
        wanted = {"overdue"} if name == "missing-article7" else OPEN
        for s in members:
            rows = [r for r in obligations(register, s) if r["article"] in article]
            if any(r["status"] in wanted for r in rows):
                chosen.append(s)
            elif any(r["status"] == "not_tracked" for r in rows):
                left_out.append(s)
    return f"{GROUPS[name]} as of {register.on.isoformat()}", chosen, len(left_out)
