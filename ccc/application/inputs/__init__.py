"""The input boundary: what `ccc record KIND`, `ccc case ...`, `ccc correct|retract` and
import files may say.

One pydantic model per kind, in the module of its family (committee.py: the Committee's
year; register.py: the treaty register and obligations; cases.py: cases and amendments),
on the shared types of base.py. A model's field aliases are the CLI's option names (with
underscores) and the keys of an import file, so the two can never drift apart: the CLI
builds each `record` subcommand's options from these models. Validation resolves what
people type (party names, EDTF dates) into what the log stores, the rules across fields
are the domain's (domain/rules.py), and `facts()` gives the values the domain records.

Each model registers itself as its class is defined (base.MODELS). A family's module is
imported when one of its kinds is first asked for (`model`): one `ccc record note` builds
the dozen models of the Committee's year, not the forty of every family (issue 24: class
building was half of a write's time). The tables RECORD_INPUTS, CASE_INPUTS, AMEND_INPUTS
and INPUTS load every family, ordered as domain/kinds.py declares the kinds, amendments
last.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, cast

from ccc.application.inputs.base import (
    MODELS,
    Input,
    Request,
    control_character,
    error_sentence,
    field_of,
    option_name,
)
from ccc.domain import kinds

if TYPE_CHECKING:
    from ccc.application.inputs.cases import AmendInput

# The kinds `ccc correct` and `ccc retract` write (the amendment family's input kinds).
AMEND_KINDS = ("correct", "retract")
# Families no `record` subcommand writes: a case's own records and amendments.
_NOT_RECORDED = ("lifecycle", "amendment")
# The module of each family's models.
_MODULES = {
    "committee": "committee",
    "dialogue": "committee",
    "allegation": "committee",
    "register": "register",
    "lifecycle": "cases",
    "amendment": "cases",
}


def family_of(kind: str) -> str | None:
    """The family of an input kind (None: not a kind anything may write)."""
    if kind in AMEND_KINDS:
        return "amendment"
    declared = kinds.KINDS.get(kind)
    return declared.family if declared is not None else None


def model(kind: str) -> type[Request] | None:
    """The input model of `kind`, its family's module loaded if it was not (None: no
    input writes that kind)."""
    if kind not in MODELS:
        family = family_of(kind)
        if family is None:
            return None
        import_module(f"{__name__}.{_MODULES[family]}")
    return MODELS.get(kind)


def record_kinds() -> list[str]:
    """The kinds `ccc record` writes, in the order domain/kinds.py declares them (no
    model is loaded to list them)."""
    return [name for name, kind in kinds.KINDS.items() if kind.family not in _NOT_RECORDED]


def case_kinds() -> list[str]:
    """The kinds `ccc case` writes (case-open, case-close, case-reopen), in order."""
    return [name for name, kind in kinds.KINDS.items() if kind.family == "lifecycle"]


def input_kinds() -> list[str]:
    """Every kind an input may name: records, a case's own, and amendments."""
    return [*record_kinds(), *case_kinds(), *AMEND_KINDS]


if TYPE_CHECKING:  # made by __getattr__ below
    RECORD_INPUTS: dict[str, type[Input]]
    CASE_INPUTS: dict[str, type[Input]]
    AMEND_INPUTS: dict[str, type[AmendInput]]
    INPUTS: dict[str, type[Request]]


def __getattr__(name: str) -> Any:
    """RECORD_INPUTS, CASE_INPUTS, AMEND_INPUTS and INPUTS: every family's models, loaded
    when first asked for (help, the architecture tests)."""
    tables = {
        "RECORD_INPUTS": record_kinds,
        "CASE_INPUTS": case_kinds,
        "AMEND_INPUTS": lambda: list(AMEND_KINDS),
        "INPUTS": input_kinds,
    }
    if name not in tables:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    table = {kind: cast(type[Request], model(kind)) for kind in tables[name]()}
    globals()[name] = table
    return table


__all__ = [
    "AMEND_INPUTS",
    "AMEND_KINDS",
    "CASE_INPUTS",
    "INPUTS",
    "RECORD_INPUTS",
    "Input",
    "Request",
    "case_kinds",
    "control_character",
    "error_sentence",
    "field_of",
    "input_kinds",
    "model",
    "option_name",
    "record_kinds",
]
