"""The shape of a record as the read side holds it: a row of the `records` view, decoded.

Every read (the board, the register, the papers, the site) works on these rows, so mypy
checks each key they read. The events in domain/record.py and domain/case.py are what is
stored; a row is what catch-up made of one (projections/rows.py): the facts every record
shares as columns, and the kind's own fields, in JSON form, as `details`.

`tests/architecture/test_shapes.py` checks that each kind's details type has exactly its event's
fields, and that `Details` holds every one of them with a type that admits each kind's.

Types only: other modules import this under `if TYPE_CHECKING:`, so defining forty classes
costs no query anything at start-up.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

# -- values inside details, in JSON form --------------------------------------------------


class PartyJson(TypedDict):
    """A party as stored (domain.base.Party in JSON form)."""

    kind: str
    name: str
    count: int | None
    members: list[str]


class PriorityJson(TypedDict):
    text: str
    sraap_actions: list[int]


# -- each kind's own fields (the event's fields less those every record shares) -----------


class CommitteeConstitutedDetails(TypedDict):
    members: list[str]
    chair: str | None
    period: str | None
    member_count: int | None


class FocalPointDetails(TypedDict):
    state: str
    area: str


class CommitteeMeetingDetails(TypedDict):
    format: str | None
    venue: str | None


class LetterDetails(TypedDict):
    recipients: list[PartyJson]
    subject: str
    articles: list[int]
    sraap_actions: list[int]
    reply_requested_by: str | None  # ISO day
    reply_expected: bool
    sender: PartyJson | None  # None: the Committee


class CommunicationDetails(TypedDict):
    sender: PartyJson
    in_reply_to: str | None  # a record id (UUID text)
    subject: str | None
    articles: list[int]
    recipients: list[PartyJson]


class MeetingDetails(TypedDict):
    with_parties: list[PartyJson]
    format: Literal["bilateral", "online", "margins"] | None
    margins_of: str | None
    venue: str | None
    represented_by: str | None


class WorkshopDetails(TypedDict):
    subject: str
    convened_with: list[PartyJson]
    audience: list[PartyJson]
    speakers: list[PartyJson]
    format: str | None
    articles: list[int]
    sraap_actions: list[int]


class AllegationDetails(TypedDict):
    against: list[PartyJson]
    nature: list[str]
    by: PartyJson | None
    incident_dates: str | None
    place: str | None
    transfer_from: list[PartyJson]


class ObservationsDetails(TypedDict):
    type: Literal["preliminary", "conclusions"]
    at: str


class PrioritiesDetails(TypedDict):
    items: list[PriorityJson]


class NoteDetails(TypedDict):
    pass


class PartyAddedDetails(TypedDict):
    name: str
    party_kind: str
    aliases: list[str]
    title: str | None


class StateDetails(TypedDict):
    """The register's records: each concerns one State (alpha-3 code)."""

    state: str


class InstrumentDepositedDetails(StateDetails):
    instrument: str
    entry_into_force: str  # ISO day
    entry_into_force_basis: str


class WithdrawalReceivedDetails(StateDetails):
    effective: str  # ISO day


class Article7ReportDetails(StateDetails):
    year: int | None
    period: str | None
    initial: bool
    stockpile: int | None
    mined_areas: bool


class Article5ExtensionRequestedDetails(StateDetails):
    requested_deadline: str | None


class Article5ExtensionGrantedDetails(StateDetails):
    meeting: str
    new_deadline: str | None  # EDTF


class StockpileDeclaredDetails(StateDetails):
    number: int | None


class MinedAreasDeclaredDetails(StateDetails):
    suspected: bool


class UndertakingDetails(StateDetails):
    undertook: str
    due: str  # EDTF


class UndertakingMetDetails(StateDetails):
    undertaking: str  # the undertaking's record id


class Article3RetainedDetails(StateDetails):
    number: int
    year: int | None


class Article82RequestDetails(StateDetails):
    by: list[PartyJson]


class Article82StepDetails(StateDetails):
    request: str  # the request's record id


class DecisionDetails(TypedDict):
    meeting: str
    decided: str
    concerning: list[PartyJson]


class StatementDetails(TypedDict):
    by: PartyJson
    about: str
    at: str | None
    document: str | None


class CoverageDetails(TypedDict):
    articles: list[int]
    tracked_from: str  # ISO day
    tracked_to: str | None


class CaseOpenedDetails(TypedDict):
    reference: str
    title: str
    states: list[str]
    articles: list[int]
    origin: str


class CaseClosedDetails(TypedDict):
    outcome: str


class CaseReopenedDetails(TypedDict):
    reason: str


class Details(TypedDict, total=False):
    """Any kind's details: every field some kind has, typed to admit each kind's value.
    Code that knows the kind may `cast` to that kind's type for the stricter reading."""

    about: str
    aliases: list[str]
    against: list[PartyJson]
    area: str
    articles: list[int]
    at: str | None
    audience: list[PartyJson]
    by: PartyJson | list[PartyJson] | None
    chair: str | None
    concerning: list[PartyJson]
    convened_with: list[PartyJson]
    decided: str
    document: str | None
    due: str
    effective: str
    entry_into_force: str
    entry_into_force_basis: str
    format: str | None
    in_reply_to: str | None
    incident_dates: str | None
    initial: bool
    instrument: str
    items: list[PriorityJson]
    margins_of: str | None
    meeting: str
    member_count: int | None
    members: list[str]
    mined_areas: bool
    name: str
    nature: list[str]
    new_deadline: str | None
    number: int | None
    origin: str
    outcome: str
    party_kind: str
    period: str | None
    place: str | None
    reason: str
    recipients: list[PartyJson]
    reference: str
    reply_expected: bool
    reply_requested_by: str | None
    represented_by: str | None
    request: str
    requested_deadline: str | None
    sender: PartyJson | None
    speakers: list[PartyJson]
    sraap_actions: list[int]
    state: str
    states: list[str]
    stockpile: int | None
    subject: str | None
    suspected: bool
    title: str | None
    tracked_from: str
    tracked_to: str | None
    transfer_from: list[PartyJson]
    type: Literal["preliminary", "conclusions"]
    undertaking: str
    undertook: str
    venue: str | None
    with_parties: list[PartyJson]
    year: int | None


# kind name -> its details type (the test checks it against the event classes)
DETAILS: dict[str, type] = {
    "committee-constituted": CommitteeConstitutedDetails,
    "focal-point": FocalPointDetails,
    "committee-meeting": CommitteeMeetingDetails,
    "letter": LetterDetails,
    "communication": CommunicationDetails,
    "meeting": MeetingDetails,
    "workshop": WorkshopDetails,
    "allegation": AllegationDetails,
    "observations": ObservationsDetails,
    "priorities": PrioritiesDetails,
    "note": NoteDetails,
    "party-added": PartyAddedDetails,
    "signature": StateDetails,
    "instrument-deposited": InstrumentDepositedDetails,
    "withdrawal-announced": StateDetails,
    "withdrawal-received": WithdrawalReceivedDetails,
    "armed-conflict": StateDetails,
    "armed-conflict-ended": StateDetails,
    "article7-report": Article7ReportDetails,
    "article4-completed": StateDetails,
    "article5-extension-requested": Article5ExtensionRequestedDetails,
    "article5-extension-granted": Article5ExtensionGrantedDetails,
    "article5-completed": StateDetails,
    "article9-measures": StateDetails,
    "stockpile-declared": StockpileDeclaredDetails,
    "mined-areas-declared": MinedAreasDeclaredDetails,
    "undertaking": UndertakingDetails,
    "undertaking-met": UndertakingMetDetails,
    "article3-retained": Article3RetainedDetails,
    "article8-2-request": Article82RequestDetails,
    "article8-2-transmitted": Article82StepDetails,
    "article8-2-received": Article82StepDetails,
    "article8-2-response": Article82StepDetails,
    "decision": DecisionDetails,
    "statement": StatementDetails,
    "coverage": CoverageDetails,
    "case-open": CaseOpenedDetails,
    "case-close": CaseClosedDetails,
    "case-reopen": CaseReopenedDetails,
}


class CaseFacts(TypedDict):
    """A case as its opening states it (the `cases` view, decoded)."""

    reference: str
    title: str
    states: list[str]
    articles: list[int]
    origin: str
    opened_day: NotRequired[str]  # the opening's first day, where the board shows it


class CaseRow(CaseFacts):
    """A row of the `cases` view, decoded (clocks.case_row)."""

    case_id: str
    opened_record: str  # the record id of its opening


class RecordRow(TypedDict):
    """A record as queries return it (codec.decode_record): its columns, decoded.

    Always present: every column of codec.RECORD_COLUMNS. Added by the queries of the
    record clock (clocks.as_they_stood): `restricted_now` (whether it is restricted as it
    now stands) and `amended_by`."""

    id: str  # the record id, 32 hex digits
    short_id: str
    kind: str
    occurred: str  # EDTF, as given
    earliest: str | None  # ISO day; None: open start
    latest: str | None  # ISO day; None: open end
    sort_day: str
    recorded_at: str
    recorded_by: str
    summary: str
    source: str | None
    restricted: bool
    as_written: bool  # the summary is the Committee's own sentence
    said_in: str | None  # the record (32 hex digits) whose sentence says this one too
    placed: str | None  # the phrase that places it in papers instead of its date
    parties: list[str]  # labels of every party involved
    cases: list[str]
    details: Details
    # What it first showed, once amended: JSON text as the views keep it, decoded into a
    # mapping by the queries that show it (clocks.as_they_stood).
    original: Any
    retracted: bool
    amendments: int
    position: int
    restricted_now: NotRequired[bool]
    amended_by: NotRequired[list[dict[str, Any]]]  # its amendments known then, in order
