"""The input boundary: what `ccc record KIND`, `ccc case ...`, `ccc correct|retract` and
import files may say.

One pydantic model per kind, in the module of its family (committee.py: the Committee's
year; register.py: the treaty register and obligations; cases.py: cases and amendments),
on the shared types of base.py. A model's field aliases are the CLI's option names (with
underscores) and the keys of an import file, so the two can never drift apart: the CLI
builds each `record` subcommand's options from these models. Validation resolves what
people type (party names, EDTF dates) into what the log stores, the rules across fields
are the domain's (domain/rules.py), and `facts()` gives the values the domain records.

Each model registers itself as its class is defined (base.MODELS); the tables below
order them as domain/kinds.py declares the kinds, amendments last.
"""

from __future__ import annotations

from typing import cast

from ccc.application.inputs import cases, committee, register  # noqa: F401  (they register)
from ccc.application.inputs.base import (
    MODELS,
    Input,
    Request,
    control_character,
    error_sentence,
    field_of,
    option_name,
)
from ccc.application.inputs.cases import AmendInput
from ccc.domain import kinds

RECORD_INPUTS: dict[str, type[Input]] = {
    name: cast(type[Input], MODELS[name])
    for name, kind in kinds.KINDS.items()
    if name in MODELS and kind.family != "lifecycle"
}
CASE_INPUTS: dict[str, type[Input]] = {
    name: cast(type[Input], MODELS[name])
    for name in sorted(kinds.LIFECYCLE, key=list(kinds.KINDS).index)
}
AMEND_INPUTS: dict[str, type[AmendInput]] = {
    name: model for name, model in MODELS.items() if issubclass(model, AmendInput)
}
INPUTS: dict[str, type[Request]] = {**RECORD_INPUTS, **CASE_INPUTS, **AMEND_INPUTS}

__all__ = [
    "AMEND_INPUTS",
    "CASE_INPUTS",
    "INPUTS",
    "RECORD_INPUTS",
    "Input",
    "Request",
    "control_character",
    "error_sentence",
    "field_of",
    "option_name",
]
