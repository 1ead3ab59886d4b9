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
from importlib import import_module
from typing import Any, ClassVar, Literal
from uuid import UUID

from eventsourcing.utils import register_topic

from ccc.domain import kinds
from ccc.domain.base import Aggregate, Frozen, Party
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

    # The kind's own fields that name parties (recipients, sender, ...), in order: each
    # holds a State's code, a Party, or a tuple of either. The projection reads them from
    # the stored JSON through the same function (kinds.involved), without this class.
    party_fields: ClassVar[tuple[str, ...]] = ()

    def involved_parties(self) -> tuple[Party, ...]:
        """Every party the record involves, each once, in the order first named."""
        named = self.model_dump(mode="json", include={*self.party_fields, "parties"})
        return tuple(Party(**party) for party in kinds.involved(named, self.party_fields))


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


# Every kind's event class, by kind, as each class is defined (Record.Created's hook): the
# kinds of this module at once, the treaty register's (domain/register_kinds.py) when one of
# them is first asked for. Read through `record_class`, or `every_kind` for all of them.
KIND_CLASSES: dict[str, type[Record.Created]] = {}


def record_class(kind: str) -> type[Record.Created] | None:
    """The event class of a record kind (None: not a record kind), its family's module
    loaded if it was not: a write of a note builds no register class (issue 24)."""
    if kind not in KIND_CLASSES and kind in kinds.REGISTER:
        import_module("ccc.domain.register_kinds")
    return KIND_CLASSES.get(kind)


def every_kind() -> dict[str, type[Record.Created]]:
    """Every record kind's event class, in the order they are declared."""
    import_module("ccc.domain.register_kinds")
    return KIND_CLASSES


class Record(Aggregate, Amendable):
    """One thing that happened, as the secretariat recorded it."""

    TOPIC = "ccc.Record"

    # The aggregate's own base event, declared here: eventsourcing remakes every nested
    # event class that is not a subclass of it (each pydantic model built twice, a fifth
    # of the time a write or a catch-up spends loading the domain).
    class Event(Aggregate.Event):
        pass

    class Created(Event, Aggregate.Created, RecordFacts):
        TOPIC: ClassVar[str] = "ccc.Record.Created"

        @classmethod
        def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
            """A class of the domain that names its kind is that kind's event (the
            aggregate remakes the classes nested in it: the remade one, which is what is
            stored, replaces its first making). Its TOPIC is registered here unless it is
            nested in the aggregate, which registers those itself."""
            super().__pydantic_init_subclass__(**kwargs)
            if cls.kind != RecordFacts.kind and cls.__module__.startswith("ccc.domain."):
                known = KIND_CLASSES.get(cls.kind)
                if known is not None and known.__qualname__ != cls.__qualname__:
                    raise TypeError(f"kind {cls.kind} already has its event, {known}")
                KIND_CLASSES[cls.kind] = cls
            if "TOPIC" in cls.__dict__ and "." not in cls.__qualname__:
                register_topic(cls.TOPIC, cls)

        def apply(self, aggregate: Any) -> None:
            aggregate.kind = self.kind
            aggregate.created = self

    class Corrected(Event, Correction):
        TOPIC: ClassVar[str] = "ccc.Record.Corrected"

        def apply(self, aggregate: Any) -> None:
            aggregate.corrections.append(self.changes)
            aggregate.amendments.add(self.record_id)

    class Retracted(Event, Retraction):
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

        party_fields: ClassVar[tuple[str, ...]] = ("members",)

    class FocalPointDesignated(Created):
        TOPIC: ClassVar[str] = "ccc.Record.FocalPointDesignated"
        kind: ClassVar[str] = kinds.FOCAL_POINT
        state: str
        area: str = "gender"

        party_fields: ClassVar[tuple[str, ...]] = ("state",)

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

        party_fields: ClassVar[tuple[str, ...]] = ("recipients", "sender")

    class CommunicationReceived(Created):
        TOPIC: ClassVar[str] = "ccc.Record.CommunicationReceived"
        kind: ClassVar[str] = kinds.COMMUNICATION
        sender: Party
        in_reply_to: UUID | None = None
        subject: str | None = None
        articles: tuple[int, ...] = ()
        recipients: tuple[Party, ...] = ()  # to whom; none: the Committee

        party_fields: ClassVar[tuple[str, ...]] = ("sender", "recipients")

    class MeetingHeld(Created):
        TOPIC: ClassVar[str] = "ccc.Record.MeetingHeld"
        kind: ClassVar[str] = kinds.MEETING
        with_parties: tuple[Party, ...]
        format: Literal["bilateral", "online", "margins"] | None = None
        margins_of: str | None = None
        venue: str | None = None
        represented_by: str | None = None

        party_fields: ClassVar[tuple[str, ...]] = ("with_parties",)

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

        party_fields: ClassVar[tuple[str, ...]] = ("convened_with", "audience", "speakers")

    class AllegationReceived(Created):
        TOPIC: ClassVar[str] = "ccc.Record.AllegationReceived"
        kind: ClassVar[str] = kinds.ALLEGATION
        against: tuple[Party, ...]
        nature: tuple[Nature, ...]
        by: Party | None = None
        incident_dates: str | None = None  # EDTF
        place: str | None = None
        transfer_from: tuple[Party, ...] = ()  # who transferred the mines, when alleged

        party_fields: ClassVar[tuple[str, ...]] = ("by", "against", "transfer_from")

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
