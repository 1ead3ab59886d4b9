"""A case's own records (open, close, reopen) and amendments of any record (correct,
retract).
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    Field,
)

from ccc.application.inputs.base import (
    Article,
    GeneratedSummary,
    Input,
    Many,
    Name,
    Request,
    StateIn,
    Text,
)
from ccc.domain import kinds
from ccc.domain.case import Origin


class CaseInput(Input):
    reference: Text = Field(description="The case reference, e.g. ukraine-art1-2025.")
    summary: GeneratedSummary = None  # type: ignore[assignment]


class CaseOpenInput(CaseInput):
    kind = kinds.CASE_OPEN
    help = "Open a case: a compliance matter with its States and Articles."
    title: Name = Field(description="A short title for the case.")
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


class AmendInput(Request):
    names_records = ("id",)  # and `case`: the case whose own record it is, if any
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
