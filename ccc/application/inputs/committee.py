"""The Committee's year: its composition and meetings, its letters and the communications
it receives, its meetings with States and others, workshops, allegations, observations,
priorities, notes, and parties the log adds.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from ccc.application.inputs.base import (
    Action,
    Article,
    DatedTodayInput,
    Edtf,
    Many,
    Name,
    PartyIn,
    PriorityIn,
    RecordInput,
    StateIn,
    Text,
)
from ccc.domain import kinds, rules
from ccc.domain.base import Party
from ccc.domain.names import COMMITTEE
from ccc.domain.parties import is_territory, resolve_party, resolve_state
from ccc.domain.record import Nature, PartyKind
from ccc.errors import InvalidInput


class CommitteeConstitutedInput(RecordInput):
    kind = kinds.COMMITTEE_CONSTITUTED
    help = "Record the Committee's composition for a period, and its chair."
    members: Many[StateIn] = Field([], alias="member", description="A member State (repeatable).")
    chair: StateIn | None = Field(None, description="The State that chairs the Committee.")
    period: Edtf | None = Field(None, description="The period of office, as EDTF: 2025/2026.")
    member_count: int | None = Field(
        None, ge=1, le=30, description="How many members, when their names are not known."
    )

    @model_validator(mode="after")
    def _someone(self) -> CommitteeConstitutedInput:
        if not self.members and self.member_count is None:
            raise InvalidInput(
                "a composition needs its members (--member, repeatable) or, when their names "
                "are not known, how many there are (--member-count)."
            )
        if self.members and self.member_count not in (None, len(self.members)):
            raise InvalidInput(
                f"--member-count {self.member_count} disagrees with the "
                f"{len(self.members)} member{'s' if len(self.members) != 1 else ''} named; "
                "give one or the other."
            )
        return self


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
    names_records = ("in_reply_to",)
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
        rules.meeting_on_margins(self.format, self.margins_of)
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
    transfer_from: Many[PartyIn] = Field(
        [],
        description="In an allegation of transfer: who transferred the mines to the State "
        "it concerns (repeatable).",
    )

    @model_validator(mode="after")
    def _transfer(self) -> AllegationInput:
        if self.transfer_from and "transfer" not in self.nature:
            raise InvalidInput(
                "--transfer-from is for an allegation of transfer; add --nature transfer, or "
                "leave --transfer-from out."
            )
        return self


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


class PartyAddedInput(DatedTodayInput):
    kind = kinds.PARTY_ADDED
    help = "Add a party the registry does not hold, so that records can name it."
    name: Name = Field(description="Its name, as records will show it.")
    party_kind: PartyKind = Field(
        description="organisation, armed-group, mechanism (a monitoring body) or state-not-party."
    )
    aliases: Many[Name] = Field([], alias="alias", description="Another name (repeatable).")
    title: Name | None = Field(None, description="Its full name, when the name is short.")

    @model_validator(mode="after")
    def _new(self) -> PartyAddedInput:
        rules.new_party_names(self.name, self.aliases)
        for label in (self.name, *self.aliases):
            if self.party_kind == "state-not-party" and is_territory(label):
                resolve_state(label)  # refused: it says which State is responsible
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
