"""The treaty register's records and the obligations the log tracks: one State's deposit,
withdrawal, reports, declarations, extensions, undertakings and Article 8(2) steps; a
Meeting's decision; a public statement; what the log covers.

Their classes are Record's kinds (Record.Created subclasses) in a module of their own, loaded
when one of them is first written or read (domain/record.py `record_class`, domain/topics.py):
a write of a letter or a note does not build these thirty classes. The same rules as
record.py: a class is never renamed, its TOPIC is stored with every event, new fields come
with a default.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal
from uuid import UUID

from ccc.domain import convention, kinds
from ccc.domain.base import Party
from ccc.domain.record import Record
from ccc.domain.rules import exact_day

Instrument = Literal["ratification", "accession", "acceptance", "approval", "succession"]


class StateRecord(Record.Created):
    """A treaty-register or obligation record: it concerns one State."""

    TOPIC: ClassVar[str] = "ccc.Record.StateRecord"
    state: str

    party_fields: ClassVar[tuple[str, ...]] = ("state",)


class Signed(StateRecord):
    """Article 15: a State signed the Convention. Signature alone binds it to nothing the
    Convention tracks; ratification (a deposit) does."""

    TOPIC: ClassVar[str] = "ccc.Record.Signed"
    kind: ClassVar[str] = kinds.SIGNATURE
    identity: ClassVar[tuple[str, ...]] = ("state", "occurred")


class InstrumentDeposited(StateRecord):
    """Article 15/16: a State deposited its instrument; it is bound from entry into force."""

    TOPIC: ClassVar[str] = "ccc.Record.InstrumentDeposited"
    kind: ClassVar[str] = kinds.INSTRUMENT_DEPOSITED
    identity: ClassVar[tuple[str, ...]] = ("state", "occurred")
    instrument: Instrument
    entry_into_force: date
    entry_into_force_basis: str  # Article 17, or why another day (succession)

    @classmethod
    def derive(cls, facts: dict[str, Any]) -> dict[str, Any]:
        """Entry into force by Article 17, or the override given with its reason."""
        facts = dict(facts)
        reason = facts.pop("entry_into_force_reason", None)
        override = facts.get("entry_into_force")
        if override is None:
            in_force, basis = convention.entry_into_force(exact_day(facts["occurred"], "a deposit"))
        else:
            in_force, basis = date.fromisoformat(str(override)), f"override: {reason}"
        facts.update(entry_into_force=in_force.isoformat(), entry_into_force_basis=basis)
        return facts


class WithdrawalAnnounced(StateRecord):
    """A State announced that it will withdraw: no legal effect (Article 20 needs an
    instrument received by the Depositary)."""

    TOPIC: ClassVar[str] = "ccc.Record.WithdrawalAnnounced"
    kind: ClassVar[str] = kinds.WITHDRAWAL_ANNOUNCED


class WithdrawalReceived(StateRecord):
    """Article 20(2)-(3): the Depositary received a State's instrument of withdrawal."""

    TOPIC: ClassVar[str] = "ccc.Record.WithdrawalReceived"
    kind: ClassVar[str] = kinds.WITHDRAWAL_RECEIVED
    identity: ClassVar[tuple[str, ...]] = ("state", "occurred")
    effective: date  # six months after receipt, unless an armed conflict defers it

    @classmethod
    def derive(cls, facts: dict[str, Any]) -> dict[str, Any]:
        """Article 20(2): effective six months after the Depositary received it."""
        received = exact_day(facts["occurred"], "the receipt of an instrument")
        return {**facts, "effective": convention.withdrawal_effective(received).isoformat()}


class ArmedConflictDetermined(StateRecord):
    """Article 20(3): the withdrawing State is engaged in an armed conflict when the six
    months expire, so the withdrawal does not take effect before the conflict ends."""

    TOPIC: ClassVar[str] = "ccc.Record.ArmedConflictDetermined"
    kind: ClassVar[str] = kinds.ARMED_CONFLICT


class ArmedConflictEnded(StateRecord):
    TOPIC: ClassVar[str] = "ccc.Record.ArmedConflictEnded"
    kind: ClassVar[str] = kinds.ARMED_CONFLICT_ENDED


class Article7ReportSubmitted(StateRecord):
    """Article 7: a transparency report submitted (initial, or the annual update)."""

    TOPIC: ClassVar[str] = "ccc.Record.Article7Report"
    kind: ClassVar[str] = kinds.ARTICLE7_REPORT
    year: int | None = None  # the calendar year it covers (annual updates)
    period: str | None = None  # EDTF: the period it actually covers, when not that year
    initial: bool = False
    # Article 7(1)(b) and (c): what the report declares, which makes Articles 4 and 5 bind.
    stockpile: int | None = None  # stockpiled anti-personnel mines declared
    mined_areas: bool = False  # areas containing, or suspected to contain, mines


class Article4Completed(StateRecord):
    TOPIC: ClassVar[str] = "ccc.Record.Article4Completed"
    kind: ClassVar[str] = kinds.ARTICLE4_COMPLETED


class Article5ExtensionRequested(StateRecord):
    TOPIC: ClassVar[str] = "ccc.Record.Article5ExtensionRequested"
    kind: ClassVar[str] = kinds.ARTICLE5_EXTENSION_REQUESTED
    requested_deadline: date | None = None


class Article5ExtensionGranted(StateRecord):
    """Article 5(6): a Meeting of the States Parties decided an extension."""

    TOPIC: ClassVar[str] = "ccc.Record.Article5ExtensionGranted"
    kind: ClassVar[str] = kinds.ARTICLE5_EXTENSION_GRANTED
    meeting: str  # the deciding meeting, e.g. 21MSP
    # EDTF as the decision gives it (a day, "2025-12", "2029"); None: not stated.
    new_deadline: str | None = None


class Article5Completed(StateRecord):
    TOPIC: ClassVar[str] = "ccc.Record.Article5Completed"
    kind: ClassVar[str] = kinds.ARTICLE5_COMPLETED


class Article9MeasuresReported(StateRecord):
    TOPIC: ClassVar[str] = "ccc.Record.Article9Measures"
    kind: ClassVar[str] = kinds.ARTICLE9_MEASURES


class StockpileDeclared(StateRecord):
    """Article 7(1)(b): a State declared stockpiled anti-personnel mines, so Article 4
    binds it: destruction within four years of entry into force."""

    TOPIC: ClassVar[str] = "ccc.Record.StockpileDeclared"
    kind: ClassVar[str] = kinds.STOCKPILE_DECLARED
    number: int | None = None  # how many, as declared (None: a stockpile, number not given)


class MinedAreasDeclared(StateRecord):
    """Article 7(1)(c): a State declared areas under its jurisdiction or control that
    contain, or are suspected to contain, anti-personnel mines, so Article 5 binds it."""

    TOPIC: ClassVar[str] = "ccc.Record.MinedAreasDeclared"
    kind: ClassVar[str] = kinds.MINED_AREAS_DECLARED
    suspected: bool = False  # suspected, not confirmed, to contain mines


class UndertakingGiven(StateRecord):
    """A State undertook to do something by a day: a deadline the log tracks."""

    TOPIC: ClassVar[str] = "ccc.Record.Undertaking"
    kind: ClassVar[str] = kinds.UNDERTAKING
    undertook: str  # what it undertook to do
    due: str  # EDTF: the day (or month) by which it undertook to do it


class UndertakingMet(StateRecord):
    """A State did what it undertook to do (the undertaking record it names)."""

    TOPIC: ClassVar[str] = "ccc.Record.UndertakingMet"
    kind: ClassVar[str] = kinds.UNDERTAKING_MET
    undertaking: UUID


class Article3Retained(StateRecord):
    TOPIC: ClassVar[str] = "ccc.Record.Article3Retained"
    kind: ClassVar[str] = kinds.ARTICLE3_RETAINED
    number: int
    year: int | None = None


class Article82Requested(StateRecord):
    """Article 8(2): a request for clarification submitted to the UN Secretary-General,
    concerning `state` (the requested State), by `by`."""

    TOPIC: ClassVar[str] = "ccc.Record.Article82Request"
    kind: ClassVar[str] = kinds.ARTICLE82_REQUEST
    by: tuple[Party, ...] = ()

    party_fields: ClassVar[tuple[str, ...]] = ("by", "state")


class Article82Step(StateRecord):
    """A later step of an Article 8(2) request, which it names."""

    TOPIC: ClassVar[str] = "ccc.Record.Article82Step"
    request: UUID


class Article82Transmitted(Article82Step):
    TOPIC: ClassVar[str] = "ccc.Record.Article82Transmitted"
    kind: ClassVar[str] = kinds.ARTICLE82_TRANSMITTED  # by the Secretary-General


class Article82Received(Article82Step):
    TOPIC: ClassVar[str] = "ccc.Record.Article82Received"
    kind: ClassVar[str] = kinds.ARTICLE82_RECEIVED  # by the requested State: the clock starts


class Article82Responded(Article82Step):
    TOPIC: ClassVar[str] = "ccc.Record.Article82Response"
    kind: ClassVar[str] = kinds.ARTICLE82_RESPONSE


class MeetingDecided(Record.Created):
    """A decision or finding of a Meeting of the States Parties or a Review Conference, in
    its words: what a Meeting regretted, noted or called for, besides an Article 5 grant."""

    TOPIC: ClassVar[str] = "ccc.Record.MeetingDecided"
    kind: ClassVar[str] = kinds.DECISION
    meeting: str  # the Meeting, as it is named: "Eighteenth Meeting of the States Parties"
    decided: str  # what it decided or found, as it follows the Meeting's name in a sentence
    concerning: tuple[Party, ...] = ()  # the States (or others) it concerns

    party_fields: ClassVar[tuple[str, ...]] = ("concerning",)


class StatementMade(Record.Created):
    """A public statement: a State (or another party) took the floor or circulated a
    document. What it said is in its words (`about`), not summarised by the tool."""

    TOPIC: ClassVar[str] = "ccc.Record.StatementMade"
    kind: ClassVar[str] = kinds.STATEMENT
    by: Party
    about: str  # what it was about or said, as it follows "made a statement"
    at: str | None = None  # where: "the Eighteenth Meeting of the States Parties"
    document: str | None = None  # the document's symbol, when it was circulated as one

    party_fields: ClassVar[tuple[str, ...]] = ("by",)


class CoverageRecorded(Record.Created):
    """What the log tracks: the obligations under these Articles falling due from one day
    (to another, or still) are recorded as they are met. Outside what is tracked, an
    obligation with no record meeting it is "not tracked", never "overdue"."""

    TOPIC: ClassVar[str] = "ccc.Record.CoverageRecorded"
    kind: ClassVar[str] = kinds.COVERAGE
    articles: tuple[int, ...]
    tracked_from: date
    tracked_to: date | None = None  # None: still tracked
