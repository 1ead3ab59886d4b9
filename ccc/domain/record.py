"""Records: one aggregate per letter, meeting, allegation or other thing that happened.

A record's id is derived from its content (ccc.store.integrity.content_id: kind, date, summary,
parties, ...; not who recorded it or when), so recording the same fact twice, or importing
the same file twice, finds the record already there instead of writing a second one.
Records name the cases they belong to; a record may belong to several cases or to none.

Event classes are past tense and never renamed or moved: their TOPIC is stored with every
event. New fields may be added, always with a default.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal
from uuid import UUID

from eventsourcing.utils import register_topic

from ccc.domain import convention, kinds
from ccc.domain.base import Aggregate, Frozen, Party
from ccc.domain.rules import exact_day
from ccc.errors import RuleViolation

Nature = Literal["use", "transfer", "stockpiling", "production", "other"]
# The kinds of party `ccc party add` records (a Party's kind besides state and group).
PartyKind = Literal["organisation", "armed-group", "mechanism", "state-not-party"]


class RecordFacts(Frozen):
    """What every record states, whatever its kind."""

    occurred: str  # EDTF, as given
    earliest: date | None  # its bounds, as interpreted when recorded (None: open/unknown)
    latest: date | None
    summary: str
    source: str | None = None
    restricted: bool = False
    # The summary is the Committee's own sentence: a paper prints it as written.
    as_written: bool = False
    # Another record whose sentence in a paper says this one too (its summary as written):
    # a paper prints that sentence once, for both.
    said_in: UUID | None = None
    # The phrase that places it in a paper instead of its date ("in the lead up to the
    # 22MSP"), when the source places it so.
    placed: str | None = None
    recorded_by: str
    cases: tuple[str, ...] = ()
    parties: tuple[Party, ...] = ()  # parties named besides the kind's own fields

    kind: ClassVar[str] = "record"
    # The facts that make two records of this kind the same fact, whatever else they say
    # (empty: all of them). A deposit is one State's on one day: recording it again with
    # another summary or source finds the one already in the log.
    identity: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def derive(cls, facts: dict[str, Any]) -> dict[str, Any]:
        """The facts to store, from the facts given (JSON form, with the date's bounds):
        a kind whose rules fix further facts (when an instrument enters into force, when a
        withdrawal takes effect) adds them here, so every path that records one agrees."""
        return facts

    def kind_parties(self) -> tuple[Party, ...]:
        """The parties that the kind's own fields name (recipients, sender, ...)."""
        return ()

    def involved_parties(self) -> tuple[Party, ...]:
        """Every party the record involves, each once, in the order first named."""
        seen: dict[tuple[str, str], Party] = {}
        for party in (*self.kind_parties(), *self.parties):
            seen.setdefault((party.kind, party.name), party)
        return tuple(seen.values())


class Priority(Frozen):
    text: str
    sraap_actions: tuple[int, ...] = ()


BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic", "record_id"}


class Amendment(Frozen):
    """What a correction or a retraction states, besides its own id and target."""

    record_id: UUID  # the amendment's own id (content-derived)
    target: UUID  # the record it amends
    reason: str
    recorded_by: str


class Correction(Amendment):
    changes: dict[str, Any]  # field -> new value, in JSON form

    kind: ClassVar[str] = kinds.CORRECTION


class Retraction(Amendment):
    kind: ClassVar[str] = kinds.RETRACTION


class Amendable:
    """Shared by the aggregates whose records can be corrected or retracted."""

    def _refuse_if_retracted(self, target: UUID, retracted: bool) -> None:
        if retracted:
            raise RuleViolation(
                f"record {target.hex[:8]} was retracted; a retracted record cannot be "
                "corrected or retracted again (record a new one instead)."
            )


# Every kind's event class, by kind, as each class is defined (Record.Created's hook).
RECORD_KINDS: dict[str, type[Record.Created]] = {}


class Record(Aggregate, Amendable):
    """One thing that happened, as the secretariat recorded it."""

    TOPIC = "ccc.Record"

    class Created(Aggregate.Created, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Record.Created"

        @classmethod
        def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
            """A class of the domain that names its kind is that kind's event (the
            aggregate remakes the classes nested in it: the remade one, which is what is
            stored, replaces its first making). Its TOPIC is registered here unless it is
            nested in the aggregate, which registers those itself."""
            super().__pydantic_init_subclass__(**kwargs)
            if cls.kind != RecordFacts.kind and cls.__module__.startswith("ccc.domain."):
                known = RECORD_KINDS.get(cls.kind)
                if known is not None and known.__qualname__ != cls.__qualname__:
                    raise TypeError(f"kind {cls.kind} already has its event, {known}")
                RECORD_KINDS[cls.kind] = cls
            if "TOPIC" in cls.__dict__ and "." not in cls.__qualname__:
                register_topic(cls.TOPIC, cls)

        def apply(self, aggregate: Any) -> None:
            aggregate.kind = self.kind
            aggregate.created = self

    class Corrected(Aggregate.Event, Correction):
        TOPIC: ClassVar[str] = "ccc.Record.Corrected"

        def apply(self, aggregate: Any) -> None:
            aggregate.corrections.append(self.changes)
            aggregate.amendments.add(self.record_id)

    class Retracted(Aggregate.Event, Retraction):
        TOPIC: ClassVar[str] = "ccc.Record.Retracted"

        def apply(self, aggregate: Any) -> None:
            aggregate.retracted = True
            aggregate.amendments.add(self.record_id)

    def __init__(self, **_: Any) -> None:
        self.kind = "record"
        self.created: RecordFacts | None = None
        self.corrections: list[dict[str, Any]] = []
        self.retracted = False
        self.amendments: set[UUID] = set()

    @property
    def facts(self) -> dict[str, Any]:
        """Its facts as they now stand, in JSON form (worked out when asked: most records
        are never amended, and an import creates many)."""
        assert self.created is not None
        facts = self.created.model_dump(mode="json", exclude=BASE_FIELDS)
        for changes in self.corrections:
            facts.update(changes)
        return facts

    def correct(self, target: UUID, **amendment: Any) -> None:
        """Record that some of the record's facts were wrong, what they are, and why."""
        assert target == self.id
        self._refuse_if_retracted(self.id, self.retracted)
        self.trigger_event(self.Corrected, target=target, **amendment)

    def retract(self, target: UUID, **amendment: Any) -> None:
        """Record that the record should not have been made, and why."""
        assert target == self.id
        self._refuse_if_retracted(self.id, self.retracted)
        self.trigger_event(self.Retracted, target=target, **amendment)

    class CommitteeConstituted(Created):
        """The Committee's composition for a period, and its chair."""

        TOPIC: ClassVar[str] = "ccc.Record.CommitteeConstituted"
        kind: ClassVar[str] = kinds.COMMITTEE_CONSTITUTED
        members: tuple[str, ...] = ()  # empty: the names are not recorded
        chair: str | None = None
        period: str | None = None  # EDTF, e.g. 2025/2026
        member_count: int | None = None  # how many members, when their names are not known

        def kind_parties(self) -> tuple[Party, ...]:
            return tuple(Party(kind="state", name=code) for code in self.members)

    class FocalPointDesignated(Created):
        TOPIC: ClassVar[str] = "ccc.Record.FocalPointDesignated"
        kind: ClassVar[str] = kinds.FOCAL_POINT
        state: str
        area: str = "gender"

        def kind_parties(self) -> tuple[Party, ...]:
            return (Party(kind="state", name=self.state),)

    class CommitteeMeetingHeld(Created):
        TOPIC: ClassVar[str] = "ccc.Record.CommitteeMeetingHeld"
        kind: ClassVar[str] = kinds.COMMITTEE_MEETING
        format: str | None = None
        venue: str | None = None

    class LetterSent(Created):
        TOPIC: ClassVar[str] = "ccc.Record.LetterSent"
        kind: ClassVar[str] = kinds.LETTER
        recipients: tuple[Party, ...]
        subject: str
        articles: tuple[int, ...] = ()
        sraap_actions: tuple[int, ...] = ()
        reply_requested_by: date | None = None
        reply_expected: bool = True
        sender: Party | None = None  # who wrote it; None: the Committee

        def kind_parties(self) -> tuple[Party, ...]:
            return (*self.recipients, *((self.sender,) if self.sender else ()))

    class CommunicationReceived(Created):
        TOPIC: ClassVar[str] = "ccc.Record.CommunicationReceived"
        kind: ClassVar[str] = kinds.COMMUNICATION
        sender: Party
        in_reply_to: UUID | None = None
        subject: str | None = None
        articles: tuple[int, ...] = ()
        recipients: tuple[Party, ...] = ()  # to whom; none: the Committee

        def kind_parties(self) -> tuple[Party, ...]:
            return (self.sender, *self.recipients)

    class MeetingHeld(Created):
        TOPIC: ClassVar[str] = "ccc.Record.MeetingHeld"
        kind: ClassVar[str] = kinds.MEETING
        with_parties: tuple[Party, ...]
        format: Literal["bilateral", "online", "margins"] | None = None
        margins_of: str | None = None
        venue: str | None = None
        represented_by: str | None = None

        def kind_parties(self) -> tuple[Party, ...]:
            return self.with_parties

    class WorkshopHeld(Created):
        TOPIC: ClassVar[str] = "ccc.Record.WorkshopHeld"
        kind: ClassVar[str] = kinds.WORKSHOP
        subject: str
        convened_with: tuple[Party, ...] = ()
        audience: tuple[Party, ...] = ()
        speakers: tuple[Party, ...] = ()
        format: str | None = None
        articles: tuple[int, ...] = ()
        sraap_actions: tuple[int, ...] = ()

        def kind_parties(self) -> tuple[Party, ...]:
            return (*self.convened_with, *self.audience, *self.speakers)

    class AllegationReceived(Created):
        TOPIC: ClassVar[str] = "ccc.Record.AllegationReceived"
        kind: ClassVar[str] = kinds.ALLEGATION
        against: tuple[Party, ...]
        nature: tuple[Nature, ...]
        by: Party | None = None
        incident_dates: str | None = None  # EDTF
        place: str | None = None
        transfer_from: tuple[Party, ...] = ()  # who transferred the mines, when alleged

        def kind_parties(self) -> tuple[Party, ...]:
            return (*((self.by,) if self.by else ()), *self.against, *self.transfer_from)

    class ObservationsPresented(Created):
        TOPIC: ClassVar[str] = "ccc.Record.ObservationsPresented"
        kind: ClassVar[str] = kinds.OBSERVATIONS
        type: Literal["preliminary", "conclusions"]
        at: str

    class PrioritiesAdopted(Created):
        TOPIC: ClassVar[str] = "ccc.Record.PrioritiesAdopted"
        kind: ClassVar[str] = kinds.PRIORITIES
        items: tuple[Priority, ...]

    class NoteRecorded(Created):
        TOPIC: ClassVar[str] = "ccc.Record.NoteRecorded"
        kind: ClassVar[str] = kinds.NOTE

    class PartyAdded(Created):
        """A party the registry does not hold, added to the log so that records can
        name it: an organisation, an armed group, a monitoring mechanism, a State not
        party. The same name added again is the same record."""

        TOPIC: ClassVar[str] = "ccc.Record.PartyAdded"
        kind: ClassVar[str] = kinds.PARTY_ADDED
        identity: ClassVar[tuple[str, ...]] = ("name",)
        name: str
        party_kind: PartyKind
        aliases: tuple[str, ...] = ()
        title: str | None = None  # its full name, when the name is short


Instrument = Literal["ratification", "accession", "acceptance", "approval", "succession"]


class StateRecord(Record.Created):
    """A treaty-register or obligation record: it concerns one State."""

    TOPIC: ClassVar[str] = "ccc.Record.StateRecord"
    state: str

    def kind_parties(self) -> tuple[Party, ...]:
        return (Party(kind="state", name=self.state),)


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

    def kind_parties(self) -> tuple[Party, ...]:
        return (*self.by, Party(kind="state", name=self.state))


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

    def kind_parties(self) -> tuple[Party, ...]:
        return self.concerning


class StatementMade(Record.Created):
    """A public statement: a State (or another party) took the floor or circulated a
    document. What it said is in its words (`about`), not summarised by the tool."""

    TOPIC: ClassVar[str] = "ccc.Record.StatementMade"
    kind: ClassVar[str] = kinds.STATEMENT
    by: Party
    about: str  # what it was about or said, as it follows "made a statement"
    at: str | None = None  # where: "the Eighteenth Meeting of the States Parties"
    document: str | None = None  # the document's symbol, when it was circulated as one

    def kind_parties(self) -> tuple[Party, ...]:
        return (self.by,)


class CoverageRecorded(Record.Created):
    """What the log tracks: the obligations under these Articles falling due from one day
    (to another, or still) are recorded as they are met. Outside what is tracked, an
    obligation with no record meeting it is "not tracked", never "overdue"."""

    TOPIC: ClassVar[str] = "ccc.Record.CoverageRecorded"
    kind: ClassVar[str] = kinds.COVERAGE
    articles: tuple[int, ...]
    tracked_from: date
    tracked_to: date | None = None  # None: still tracked
