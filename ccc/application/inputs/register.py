"""The treaty register and the obligations the log tracks: one State's deposit,
withdrawal, reports, declarations, extensions, undertakings and Article 8(2) steps; and
what the log covers. A summary is written when none is given.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from ccc.application.inputs.base import (
    Article,
    DatedTodayInput,
    Edtf,
    GeneratedSummary,
    Many,
    PartyIn,
    RecordInput,
    StateIn,
    Text,
)
from ccc.domain import kinds, rules
from ccc.domain.dates import day_in_words
from ccc.domain.register_kinds import Instrument


class StateRecordInput(RecordInput):
    """Treaty-register and obligation records: one State; a summary is written if none."""

    state: StateIn = Field(description="The State concerned.")
    summary: GeneratedSummary = None  # type: ignore[assignment]
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
        rules.exact_day(self.occurred, "a signature")
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
        rules.entry_into_force_override(self.entry_into_force, self.entry_into_force_reason)
        rules.exact_day(self.occurred, "a deposit")
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
        rules.exact_day(self.occurred, "the receipt of an instrument")
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
        rules.report_year(self.year, self.initial)
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

    @model_validator(mode="after")
    def _due(self) -> UndertakingInput:
        rules.due_after(self.occurred, self.due)
        return self

    def describe(self) -> str:
        from ccc.domain.dates import in_words

        return f"undertook to {self.undertook.removeprefix('to ')} by {in_words(self.due)}"


class UndertakingMetInput(StateRecordInput):
    """The State and cases are the undertaking's (they may be left out)."""

    kind = kinds.UNDERTAKING_MET
    names_records = ("undertaking",)
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
        rules.coverage(self.articles, self.tracked_from, self.tracked_to)
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
        return rules.extension_deadline(value)


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

    names_records = ("request",)

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


class DecisionInput(RecordInput):
    kind = kinds.DECISION
    help = "Record a decision or finding of a Meeting of the States Parties, in its words."
    meeting: Text = Field(
        description="The Meeting, as named: 'Eighteenth Meeting of the States Parties'."
    )
    decided: Text = Field(
        description="What it decided or found, as it follows the Meeting's name in a "
        "sentence: 'regretted that Eritrea had not submitted a request'."
    )
    concerning: Many[PartyIn] = Field([], description="A State it concerns (repeatable).")
    summary: GeneratedSummary = None  # type: ignore[assignment]

    def default_summary(self) -> str:
        return f"The {self.meeting} {self.decided.rstrip('.')}."


class StatementInput(RecordInput):
    kind = kinds.STATEMENT
    help = "Record a public statement a State or another party made, in its words."
    by: PartyIn = Field(description="Who made it.")
    about: Text = Field(
        description="What it was about or said, as it follows 'made a statement': 'in "
        "connection with the announcement by the United Kingdom'."
    )
    at: Text | None = Field(None, description="Where: 'the 18MSP'.")
    document: Text | None = Field(None, description="The document's symbol, if circulated.")
    summary: GeneratedSummary = None  # type: ignore[assignment]

    def default_summary(self) -> str:
        from ccc.domain.names import state_name

        who = state_name(self.by.name) if self.by.kind == "state" else self.by.name
        at = f" at {self.at}" if self.at else ""
        return f"{who} made a statement{at} {self.about.rstrip('.')}."
