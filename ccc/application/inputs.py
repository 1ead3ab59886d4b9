"""The input boundary: what `ccc record KIND`, `ccc case ...` and import files may say.

One pydantic model per kind. Its field aliases are the CLI's option names (with
underscores) and the keys of an import file, so the two can never drift apart: the CLI
builds each `record` subcommand's options from these models. Validation resolves what
people type (party names, EDTF dates) into what the log stores, and `facts()` gives the
values the domain records.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from ccc.domain import convention, kinds
from ccc.domain.base import Party
from ccc.domain.case import Origin
from ccc.domain.dates import day_in_words, parse_occurred, today
from ccc.domain.names import COMMITTEE
from ccc.domain.parties import resolve_party, resolve_state
from ccc.domain.record import Instrument, Nature, PartyKind, Priority
from ccc.errors import InvalidInput

T = TypeVar("T")


def _listify(value: Any) -> Any:
    """Accept one value where several may be given (`case: ref` as well as a list)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _party(value: Any) -> Any:
    if isinstance(value, Party):
        return value
    if isinstance(value, dict) and "kind" in value:  # a party as stored: already resolved
        return Party.model_validate(value)
    return resolve_party(value)


def _edtf_any(value: str) -> str:
    return parse_occurred(value).edtf


def _priority(value: Any) -> Any:
    """'Action 46, 47: text' or {text: ..., sraap_actions: [...]} -> Priority."""
    if isinstance(value, dict | Priority):
        return value
    text = str(value).strip()
    head, colon, rest = text.partition(":")
    if colon and head.casefold().startswith(("action", "actions")):
        numbers = [int(n) for n in head.split(maxsplit=1)[1].replace(",", " ").split()]
        return {"text": rest.strip(), "sraap_actions": numbers}
    return {"text": text}


Many = Annotated[list[T], BeforeValidator(_listify)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
PartyIn = Annotated[Party, BeforeValidator(_party)]
StateIn = Annotated[str, AfterValidator(resolve_state)]
Article = Annotated[int, Field(ge=1, le=22)]
Action = Annotated[int, Field(ge=1, le=100)]
Edtf = Annotated[str, AfterValidator(_edtf_any)]
PriorityIn = Annotated[Priority, BeforeValidator(_priority)]


# Fields that may run over several lines; every other text is one line.
MULTILINE = frozenset({"summary", "reason", "outcome", "text", "set", "changes", "items", "item"})


def control_character(text: str, multiline: bool) -> str | None:
    """The first character a terminal would act on (ESC, BEL, NUL, CR, C1, ...), or a
    line break where only one line is allowed; None when the text is clean."""
    for char in text:
        code = ord(char)
        if char in "\n\t" and multiline:
            continue
        if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029):
            return char
        if 0xD800 <= code <= 0xDFFF:  # bytes that were not UTF-8 (surrogate escapes)
            return char
    return None


def _refuse_controls(value: Any, field: str, multiline: bool) -> None:
    if isinstance(value, str):
        char = control_character(value, multiline)
        if char is not None:
            what = (
                "a line break"
                if char in "\n\r"
                else "a byte that is not UTF-8"
                if 0xD800 <= ord(char) <= 0xDFFF
                else f"the control character U+{ord(char):04X}"
            )
            raise InvalidInput(
                f"field '{field}' holds {what}, which ccc does not store in this field; "
                "remove it (line breaks only in summaries, reasons and outcomes)."
            )
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_controls(item, field, multiline)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_controls(key, field, False)
            _refuse_controls(item, field, multiline)


class Command(BaseModel):
    """Something a user asks to write: one `ccc` write command, or one import entry."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)
    kind: ClassVar[str]
    help: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        """Text that would act on a terminal (ESC, BEL, NUL, ...) is refused, not stored."""
        if isinstance(data, dict):
            for field, value in data.items():
                _refuse_controls(value, str(field), str(field) in MULTILINE)
        return data


class Input(Command):
    """Fields common to every record. Aliases are option names; descriptions are help."""

    occurred: str = Field(
        description="When it happened, as EDTF: 2025-03-17, 2025-06-17/2025-06-20, 2025-09, "
        "2025-07-20? (uncertain), 2025-11~ (approximate), ../2025-12-01 (on or before)."
    )
    summary: Text = Field(description="What happened, in a sentence or two.")
    source: Text | None = Field(None, description="Document symbol or other reference.")
    restricted: bool = Field(
        False, description="Confidential: counted, never named, in public views."
    )
    parties: Many[PartyIn] = Field(
        [], alias="party", description="Another party the record involves (repeatable)."
    )

    @field_validator("occurred", mode="before")
    @classmethod
    def _occurred(cls, value: Any) -> str:
        return parse_occurred(str(value), not_after=today()).edtf

    def facts(self, *, with_defaults: bool = False) -> dict[str, Any]:
        """The record's facts in JSON form (defaults left out unless asked for), with the
        date's bounds, and the generated summary where a kind lets it be left out."""
        data = self.model_dump(mode="json", exclude_defaults=not with_defaults)
        occurred = parse_occurred(self.occurred)
        data["earliest"] = occurred.earliest.isoformat() if occurred.earliest else None
        data["latest"] = occurred.latest.isoformat() if occurred.latest else None
        if data.get("summary") is None:
            data["summary"] = self.default_summary()
        return data

    def default_summary(self) -> str:
        """The summary of a kind whose summary may be left out (those kinds define it)."""
        raise NotImplementedError(f"{type(self).__name__} needs a summary")


class RecordInput(Input):
    cases: Many[str] = Field(
        [], alias="case", description="Reference of a case it belongs to (repeatable)."
    )


class CommitteeConstitutedInput(RecordInput):
    kind = kinds.COMMITTEE_CONSTITUTED
    help = "Record the Committee's composition for a period, and its chair."
    members: Many[StateIn] = Field(
        alias="member", min_length=1, description="A member State (repeatable)."
    )
    chair: StateIn | None = Field(None, description="The State that chairs the Committee.")
    period: Edtf | None = Field(None, description="The period of office, as EDTF: 2025/2026.")


class FocalPointInput(RecordInput):
    kind = kinds.FOCAL_POINT
    help = "Record that the Committee designated a focal point."
    state: StateIn = Field(description="The State designated.")
    area: Text = Field("gender", description="What the focal point is for.")


class CommitteeMeetingInput(RecordInput):
    kind = kinds.COMMITTEE_MEETING
    help = "Record a meeting of the Committee itself."
    format: str | None = Field(None, description="online, in person, hybrid.")
    venue: str | None = Field(None, description="Where it met.")


class LetterInput(RecordInput):
    kind = kinds.LETTER
    help = "Record a letter: the Committee's (by default) or anyone's, to anyone."
    recipients: Many[PartyIn] = Field(
        alias="to",
        min_length=1,
        description="Recipient: a State, an organisation, or a group such as 'all States "
        "Parties' or '3 States Parties with outstanding Article 9 obligations' (repeatable).",
    )
    subject: Text = Field(description="What the letter is about.")
    articles: Many[Article] = Field([], alias="article", description="Article concerned.")
    sraap_actions: Many[Action] = Field(
        [], alias="sraap_action", description="SRAAP action number (repeatable)."
    )
    reply_requested_by: date | None = Field(
        None, description="Day by which a reply is requested (YYYY-MM-DD)."
    )
    reply_expected: bool = Field(
        True, description="Whether named recipients are expected to reply (default: yes)."
    )
    sender: PartyIn | None = Field(
        None,
        alias="from",
        description="Who wrote it, when not the Committee: a State, an organisation, the "
        "President of the Convention.",
    )

    @field_validator("sender", mode="after")
    @classmethod
    def _committee(cls, value: Party | None) -> Party | None:
        return None if value is not None and value.name == COMMITTEE else value


class CommunicationInput(RecordInput):
    kind = kinds.COMMUNICATION
    help = "Record a communication: to the Committee (by default) or to anyone."
    sender: PartyIn = Field(alias="from", description="Who sent it.")
    recipients: Many[PartyIn] = Field(
        [],
        alias="to",
        description="To whom, when not the Committee (repeatable; a reply naming its letter "
        "with --in-reply-to answers it whoever it is addressed to).",
    )

    @field_validator("recipients", mode="after")
    @classmethod
    def _committee(cls, value: list[Party]) -> list[Party]:
        return [party for party in value if party.name != COMMITTEE]

    in_reply_to: str | None = Field(
        None, description="Id of the record (usually a letter) it answers."
    )
    subject: str | None = Field(None, description="What it is about.")
    articles: Many[Article] = Field([], alias="article", description="Article concerned.")


class MeetingInput(RecordInput):
    kind = kinds.MEETING
    help = "Record a meeting the Committee held with a State or an organisation."
    with_parties: Many[PartyIn] = Field(
        alias="with", min_length=1, description="Who the Committee met (repeatable)."
    )
    format: Literal["bilateral", "online", "margins"] | None = Field(
        None, description="bilateral, online, or margins (on the margins of --margins-of)."
    )
    margins_of: str | None = Field(None, description="The meeting on whose margins it took place.")
    venue: str | None = Field(None, description="Where it took place.")
    represented_by: str | None = Field(
        None, description="Who represented them, e.g. 'Permanent Representative in Geneva'."
    )

    @model_validator(mode="before")
    @classmethod
    def _margins_imply_format(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("margins_of") and not data.get("format"):
            return {**data, "format": "margins"}
        return data

    @model_validator(mode="after")
    def _margins(self) -> MeetingInput:
        if self.margins_of and self.format != "margins":
            raise InvalidInput("margins-of goes with format 'margins'; drop one of them.")
        if self.format == "margins" and not self.margins_of:
            raise InvalidInput("format 'margins' needs margins-of: the meeting it was held at.")
        return self


class WorkshopInput(RecordInput):
    kind = kinds.WORKSHOP
    help = "Record a workshop the Committee convened."
    subject: Text = Field(description="What the workshop was about.")
    convened_with: Many[PartyIn] = Field(
        [], description="Who convened it with the Committee (repeatable)."
    )
    audience: Many[PartyIn] = Field([], description="Who it was for (repeatable).")
    speakers: Many[PartyIn] = Field([], alias="speaker", description="Who spoke (repeatable).")
    format: str | None = Field(None, description="online, in person, hybrid.")
    articles: Many[Article] = Field([], alias="article", description="Article concerned.")
    sraap_actions: Many[Action] = Field(
        [], alias="sraap_action", description="SRAAP action number (repeatable)."
    )


class AllegationInput(RecordInput):
    kind = kinds.ALLEGATION
    help = "Record an allegation of non-compliance that the Committee received."
    against: Many[PartyIn] = Field(
        min_length=1, description="The State the allegation concerns (repeatable)."
    )
    nature: Many[Nature] = Field(
        min_length=1, description="use, transfer, stockpiling, production or other."
    )
    by: PartyIn | None = Field(None, description="Who made it, when known.")
    incident_dates: Edtf | None = Field(None, description="When the alleged acts took place.")
    place: str | None = Field(None, description="Where the alleged acts took place.")


class ObservationsInput(RecordInput):
    kind = kinds.OBSERVATIONS
    help = "Record observations the Committee presented to a meeting."
    type: Literal["preliminary", "conclusions"] = Field(
        description="preliminary (June intersessionals) or conclusions (and "
        "recommendations, to the Meeting of the States Parties)."
    )
    at: Text = Field(description="The meeting they were presented at.")


class PrioritiesInput(RecordInput):
    kind = kinds.PRIORITIES
    help = "Record the priorities the Committee adopted."
    items: Many[PriorityIn] = Field(
        alias="item",
        min_length=1,
        description="A priority, optionally led by its SRAAP actions: 'Action 46: ...'.",
    )


class NoteInput(RecordInput):
    kind = kinds.NOTE
    help = "Record a note: anything worth keeping that no other kind fits."


class DatedTodayInput(RecordInput):
    """A record about the log itself (what it tracks, a party it adds), dated today unless
    told, with a summary written if none is given (`default_summary`)."""

    occurred: str = Field(
        default_factory=lambda: today().isoformat(),
        description="When it was decided (default: today), as EDTF.",
    )
    summary: Text | None = Field(  # type: ignore[assignment]
        None, description="What it says (default: generated)."
    )

    def facts(self, *, with_defaults: bool = False) -> dict[str, Any]:
        data = super().facts(with_defaults=with_defaults)
        data["occurred"] = self.occurred  # a default is still a fact: when it was decided
        return data


class PartyAddedInput(DatedTodayInput):
    kind = kinds.PARTY_ADDED
    help = "Add a party the registry does not hold, so that records can name it."
    name: Text = Field(description="Its name, as records will show it.")
    party_kind: PartyKind = Field(
        description="organisation, armed-group, mechanism (a monitoring body) or state-not-party."
    )
    aliases: Many[Text] = Field([], alias="alias", description="Another name (repeatable).")
    title: Text | None = Field(None, description="Its full name, when the name is short.")

    @model_validator(mode="after")
    def _new(self) -> PartyAddedInput:
        for label in (self.name, *self.aliases):
            try:
                known = resolve_party(label)
            except InvalidInput:
                continue
            raise InvalidInput(
                f"'{label}' already names {known.name} ({known.kind}); records can name it "
                "as it is, so there is nothing to add."
            )
        return self

    def default_summary(self) -> str:
        kind = self.party_kind.replace("-", " ")
        return f"{self.title or self.name} added as a party ({kind})."


def _exact_day(occurred: str, what: str) -> date:
    when = parse_occurred(occurred)
    if when.earliest is None or when.earliest != when.latest:
        raise InvalidInput(f"{what} needs an exact day (YYYY-MM-DD), not '{occurred}'.")
    return when.earliest


class StateRecordInput(RecordInput):
    """Treaty-register and obligation records: one State; a summary is written if none."""

    state: StateIn = Field(description="The State concerned.")
    summary: Text | None = Field(  # type: ignore[assignment]
        None, description="What happened, in a sentence or two (default: generated)."
    )
    what: ClassVar[str]  # completes "<State> ..." in the generated summary

    def default_summary(self) -> str:
        from ccc.domain.names import state_name

        return f"{state_name(self.state)} {self.describe()}."

    def describe(self) -> str:
        return self.what


class SignatureInput(StateRecordInput):
    kind = kinds.SIGNATURE
    help = "Record that a State signed the Convention (it binds only from ratification)."
    what = "signed the Convention"

    @model_validator(mode="after")
    def _exact(self) -> SignatureInput:
        _exact_day(self.occurred, "a signature")
        return self


class InstrumentDepositedInput(StateRecordInput):
    kind = kinds.INSTRUMENT_DEPOSITED
    help = "Record that a State deposited its instrument (in force by Article 17)."
    what = "deposited its instrument"
    instrument: Instrument = Field(
        description="ratification, accession, acceptance, approval or succession."
    )
    entry_into_force: date | None = Field(
        None, description="Only to override Article 17 (succession from independence)."
    )
    entry_into_force_reason: str | None = Field(
        None, description="Why entry into force is not Article 17's day (with the override)."
    )

    def describe(self) -> str:
        return f"deposited its instrument of {self.instrument}"

    @model_validator(mode="after")
    def _override(self) -> InstrumentDepositedInput:
        if (self.entry_into_force is None) != (self.entry_into_force_reason is None):
            raise InvalidInput(
                "an entry-into-force override needs its reason, and a reason its override: "
                "give both --entry-into-force and --entry-into-force-reason, or neither."
            )
        _exact_day(self.occurred, "a deposit")
        return self


class WithdrawalAnnouncedInput(StateRecordInput):
    kind = kinds.WITHDRAWAL_ANNOUNCED
    help = "Record that a State announced withdrawal (no effect without an instrument)."
    what = "announced its withdrawal"


class WithdrawalReceivedInput(StateRecordInput):
    kind = kinds.WITHDRAWAL_RECEIVED
    help = "Record that the Depositary received an instrument of withdrawal."
    what = "'s instrument of withdrawal was received by the Depositary"

    @model_validator(mode="after")
    def _exact(self) -> WithdrawalReceivedInput:
        _exact_day(self.occurred, "the receipt of an instrument")
        return self

    def facts(self, *, with_defaults: bool = False) -> dict[str, Any]:
        data = super().facts(with_defaults=with_defaults)
        data["summary"] = data["summary"].replace(" 's", "'s")
        return data


class ArmedConflictInput(StateRecordInput):
    kind = kinds.ARMED_CONFLICT
    help = "Record that a withdrawing State is in armed conflict (effect deferred)."
    what = "is engaged in an armed conflict: its withdrawal waits for the conflict's end"


class ArmedConflictEndedInput(StateRecordInput):
    kind = kinds.ARMED_CONFLICT_ENDED
    help = "Record the end of the armed conflict that deferred a withdrawal."
    what = "is no longer engaged in the armed conflict"


class Article7ReportInput(StateRecordInput):
    kind = kinds.ARTICLE7_REPORT
    help = "Record an Article 7 transparency report (its year and actual period)."
    what = "submitted its Article 7 report"
    year: int | None = Field(None, ge=1997, le=2100, description="The calendar year it covers.")
    period: Edtf | None = Field(
        None, description="The period it actually covers, as EDTF, when not that year."
    )
    initial: bool = Field(False, description="Its initial report under Article 7(1).")
    stockpile: int | None = Field(
        None,
        ge=1,
        description="Stockpiled anti-personnel mines it declares (7.1(b)): Article 4 applies.",
    )
    mined_areas: bool = Field(
        False,
        description="It declares areas containing, or suspected to contain, mines (7.1(c)): "
        "Article 5 applies.",
    )

    @model_validator(mode="after")
    def _year(self) -> Article7ReportInput:
        if self.year is None and not self.initial:
            raise InvalidInput(
                "an annual report needs --year (the calendar year it covers); "
                "an initial report takes --initial."
            )
        return self


class StockpileDeclaredInput(StateRecordInput):
    kind = kinds.STOCKPILE_DECLARED
    help = "Record that a State declared stockpiled mines (Article 4 then applies)."
    what = "declared stockpiled anti-personnel mines"
    number: int | None = Field(
        None, ge=1, description="How many it declared (leave out when the source gives none)."
    )

    def describe(self) -> str:
        return (
            f"declared {self.number:,} stockpiled anti-personnel mines"
            if self.number
            else (self.what)
        )


class MinedAreasDeclaredInput(StateRecordInput):
    kind = kinds.MINED_AREAS_DECLARED
    help = "Record that a State declared mined areas (Article 5 then applies)."
    what = "declared areas under its jurisdiction or control containing anti-personnel mines"
    suspected: bool = Field(False, description="The areas are suspected, not known, to be mined.")

    def describe(self) -> str:
        return (
            self.what.replace("containing", "suspected to contain")
            if self.suspected
            else (self.what)
        )


class UndertakingInput(StateRecordInput):
    kind = kinds.UNDERTAKING
    help = "Record that a State undertook to do something by a day (a tracked deadline)."
    what = "undertook to act by a day"
    undertook: Text = Field(description="What it undertook to do, e.g. 'provide information'.")
    due: Edtf = Field(description="By when, as EDTF: 2026-06-15, or 2026-06 for a month.")

    def describe(self) -> str:
        from ccc.domain.dates import in_words

        return f"undertook to {self.undertook.removeprefix('to ')} by {in_words(self.due)}"


class UndertakingMetInput(StateRecordInput):
    """The State and cases are the undertaking's (they may be left out)."""

    kind = kinds.UNDERTAKING_MET
    help = "Record that a State did what it undertook to do (names the undertaking)."
    what = "did what it had undertaken"
    state: StateIn | None = Field(  # type: ignore[assignment]
        None, description="The State (default: the undertaking's)."
    )
    undertaking: Text = Field(description="The id of the undertaking record.")


class CoverageInput(DatedTodayInput):
    kind = kinds.COVERAGE
    help = "Record which obligations the log tracks, and from when (--article 7 --from DAY)."
    articles: Many[Article] = Field(
        alias="article",
        min_length=1,
        description="An Article whose obligations are tracked: 4, 5, 7 or 9 (repeatable).",
    )
    tracked_from: date = Field(
        alias="from", description="Obligations falling due from this day (YYYY-MM-DD)."
    )
    tracked_to: date | None = Field(
        None, alias="to", description="... up to this day (default: still tracked)."
    )

    @model_validator(mode="after")
    def _span(self) -> CoverageInput:
        other = sorted(set(self.articles) - set(convention.TRACKABLE))
        if other:
            raise InvalidInput(
                f"Article {other[0]} has no obligation whose records could go untracked; "
                "coverage is for Articles 4, 5, 7 and 9."
            )
        if self.tracked_to is not None and self.tracked_to < self.tracked_from:
            raise InvalidInput(
                f"--to ({self.tracked_to}) is before --from ({self.tracked_from}); "
                "give the first day tracked, then the last."
            )
        return self

    def default_summary(self) -> str:
        articles = " and ".join(str(a) for a in sorted(set(self.articles)))
        until = f" to {day_in_words(self.tracked_to)}" if self.tracked_to else ""
        plural = "s" if len(set(self.articles)) > 1 else ""
        return (
            f"The log tracks obligations under Article{plural} {articles} falling due "
            f"from {day_in_words(self.tracked_from)}{until}."
        )


class Article4CompletedInput(StateRecordInput):
    kind = kinds.ARTICLE4_COMPLETED
    help = "Record that a State declared stockpile destruction complete (Article 4)."
    what = "declared the destruction of its stockpiles complete"


class Article5ExtensionRequestedInput(StateRecordInput):
    kind = kinds.ARTICLE5_EXTENSION_REQUESTED
    help = "Record a request to extend an Article 5 deadline (it moves nothing)."
    what = "requested an extension of its Article 5 deadline"
    requested_deadline: date | None = Field(None, description="The deadline it asks for.")


class Article5ExtensionGrantedInput(StateRecordInput):
    kind = kinds.ARTICLE5_EXTENSION_GRANTED
    help = "Record a Meeting's decision extending a State's Article 5 deadline."
    what = "was granted an extension of its Article 5 deadline"
    meeting: Text = Field(description="The deciding meeting, e.g. 21MSP.")
    new_deadline: str | None = Field(
        description="The new deadline as the decision gives it, as EDTF (2029-12-31, 2029-12, "
        "2029), or 'unknown' when it is not stated."
    )

    @field_validator("new_deadline", mode="before")
    @classmethod
    def _deadline(cls, value: Any) -> str | None:
        if value is None or str(value).strip().casefold() in ("unknown", "not stated", ""):
            return None
        forms = "give a day (2029-12-31), a month (2029-12), a year (2029) or 'unknown'"
        try:
            when = parse_occurred(str(value))
        except InvalidInput as error:
            raise InvalidInput(f"'{value}' is not a deadline; {forms}.") from error
        if when.earliest is None or when.latest is None:
            raise InvalidInput(f"'{value}' leaves the deadline open; {forms}.")
        return when.edtf


class Article5CompletedInput(StateRecordInput):
    kind = kinds.ARTICLE5_COMPLETED
    help = "Record that a State declared its Article 5 clearance complete."
    what = "declared the clearance of its mined areas complete"


class Article9MeasuresInput(StateRecordInput):
    kind = kinds.ARTICLE9_MEASURES
    help = "Record that a State reported its Article 9 implementation measures."
    what = "reported its Article 9 measures"


class Article3RetainedInput(StateRecordInput):
    kind = kinds.ARTICLE3_RETAINED
    help = "Record how many mines a State reported retaining under Article 3."
    what = "reported the mines it retains under Article 3"
    number: int = Field(ge=0, description="How many anti-personnel mines it retains.")
    year: int | None = Field(None, ge=1997, le=2100, description="The year reported on.")


class Article82RequestInput(StateRecordInput):
    kind = kinds.ARTICLE82_REQUEST
    help = "Record an Article 8(2) request for clarification, via the Secretary-General."
    what = "is the subject of a request for clarification under Article 8(2)"
    by: Many[PartyIn] = Field([], description="The requesting State(s) (repeatable).")


class Article82StepInput(StateRecordInput):
    """A later step of an 8(2) request: the State is the request's (it may be left out)."""

    state: StateIn | None = Field(  # type: ignore[assignment]
        None, description="The requested State (default: the request's)."
    )
    request: Text = Field(description="The id of the Article 8(2) request record.")


class Article82TransmittedInput(Article82StepInput):
    kind = kinds.ARTICLE82_TRANSMITTED
    help = "Record that the Secretary-General transmitted an Article 8(2) request."
    what = "was sent the request for clarification by the Secretary-General"


class Article82ReceivedInput(Article82StepInput):
    kind = kinds.ARTICLE82_RECEIVED
    help = "Record when the requested State received an 8(2) request (28 days start)."
    what = "received the request for clarification"


class Article82ResponseInput(Article82StepInput):
    kind = kinds.ARTICLE82_RESPONSE
    help = "Record the requested State's response to an Article 8(2) request."
    what = "responded to the request for clarification"


class CaseInput(Input):
    reference: Text = Field(description="The case reference, e.g. ukraine-art1-2025.")
    summary: Text | None = Field(  # type: ignore[assignment]
        None, description="What happened, in a sentence or two (default: generated)."
    )


class CaseOpenInput(CaseInput):
    kind = kinds.CASE_OPEN
    help = "Open a case: a compliance matter with its States and Articles."
    title: Text = Field(description="A short title for the case.")
    states: Many[StateIn] = Field([], alias="state", description="A State concerned.")
    articles: Many[Article] = Field([], alias="article", description="Article concerned.")
    origin: Origin = Field(
        "committee-initiative",
        description="allegation, committee-initiative, self-report or article-8.2-request.",
    )

    def default_summary(self) -> str:
        return f"Case opened: {self.title}"


class CaseCloseInput(CaseInput):
    kind = kinds.CASE_CLOSE
    help = "Close a case, with its outcome."
    outcome: Text = Field(description="The outcome, e.g. 'case closed: no further action'.")

    def default_summary(self) -> str:
        return f"Case closed: {self.outcome}"


class CaseReopenInput(CaseInput):
    kind = kinds.CASE_REOPEN
    help = "Reopen a closed case, and say why."
    reason: Text = Field(description="Why the case is reopened.")

    def default_summary(self) -> str:
        return f"Case reopened: {self.reason}"


class AmendInput(Command):
    id: Text = Field(description="The record's id, as `ccc record` printed it or `ccc log` shows.")
    reason: Text = Field(description="Why: what was wrong.")
    case: str | None = Field(None, description="The case whose opening or closure it is.")


class CorrectInput(AmendInput):
    kind = "correct"
    help = "Correct a record: give the right value of each wrong field, and why."
    changes: dict[str, Any] = Field(
        alias="set", min_length=1, description="Field and its right value (FIELD=VALUE)."
    )


class RetractInput(AmendInput):
    kind = "retract"
    help = "Retract a record that should not have been made, and say why."


def field_of(model: type[BaseModel], key: str, kind: str) -> str:
    """The field a `--set` key names: its option name or its field name, - or _."""
    key = key.strip().replace("-", "_")
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return name
    known = ", ".join(sorted(option_name(model, name) for name in model.model_fields))
    raise InvalidInput(f"'{key}' is not a field of a {kind} record; its fields are: {known}.")


RECORD_INPUTS: dict[str, type[Input]] = {
    cls.kind: cls
    for cls in (
        CommitteeConstitutedInput,
        FocalPointInput,
        CommitteeMeetingInput,
        LetterInput,
        CommunicationInput,
        MeetingInput,
        WorkshopInput,
        AllegationInput,
        ObservationsInput,
        PrioritiesInput,
        NoteInput,
        PartyAddedInput,
        SignatureInput,
        InstrumentDepositedInput,
        WithdrawalAnnouncedInput,
        WithdrawalReceivedInput,
        ArmedConflictInput,
        ArmedConflictEndedInput,
        Article7ReportInput,
        Article4CompletedInput,
        Article5ExtensionRequestedInput,
        Article5ExtensionGrantedInput,
        Article5CompletedInput,
        Article9MeasuresInput,
        StockpileDeclaredInput,
        MinedAreasDeclaredInput,
        UndertakingInput,
        UndertakingMetInput,
        CoverageInput,
        Article3RetainedInput,
        Article82RequestInput,
        Article82TransmittedInput,
        Article82ReceivedInput,
        Article82ResponseInput,
    )
}
CASE_INPUTS: dict[str, type[Input]] = {
    cls.kind: cls for cls in (CaseOpenInput, CaseCloseInput, CaseReopenInput)
}
AMEND_INPUTS: dict[str, type[AmendInput]] = {cls.kind: cls for cls in (CorrectInput, RetractInput)}
INPUTS: dict[str, type[Command]] = {**RECORD_INPUTS, **CASE_INPUTS, **AMEND_INPUTS}


def option_name(model: type[BaseModel], field: str) -> str:
    """The name a field goes by on the command line and in import files."""
    info = model.model_fields.get(field)
    return (info.alias if info and info.alias else field) if info else field


def describe(error: ValidationError, model: type[BaseModel], *, cli: bool) -> str:
    """One sentence for the first thing wrong, naming the option or field."""
    first = error.errors()[0]
    location = [part for part in first["loc"] if isinstance(part, str)]
    field = location[0] if location else ""
    name = option_name(model, field)
    label = f"--{name.replace('_', '-')}" if cli else f"field '{name}'"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        return f"{label} is required."
    if first["type"] == "string_too_short":
        return f"{label} must not be empty."
    if first["type"] == "too_short":
        return f"{label} needs at least one value."
    if not field:  # a rule across fields: the message names them
        return message[0].upper() + message[1:]
    if first["type"] == "extra_forbidden":
        known = ", ".join(sorted(option_name(model, f) for f in model.model_fields))
        return f"{label} is not known for this kind; the known fields are: {known}."
    value = first.get("input")
    shown = f" ({value!r})" if isinstance(value, str | int) and str(value) not in message else ""
    return f"{label}{shown}: {message[0].lower()}{message[1:]}".rstrip(".") + "."
