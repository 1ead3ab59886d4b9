"""What every input shares: the value types people type (parties, EDTF dates, Articles),
the refusal of control characters, the base models, and the one sentence an input error
becomes. Each model that names a kind registers itself in `MODELS`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, TypeVar

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

from ccc.domain.base import Party
from ccc.domain.dates import parse_occurred, today
from ccc.domain.parties import resolve_party, resolve_state
from ccc.domain.record import Priority
from ccc.domain.rules import NAME_LIMIT, TEXT_LIMIT
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
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_LIMIT)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_LIMIT)]
PartyIn = Annotated[Party, BeforeValidator(_party)]
StateIn = Annotated[str, AfterValidator(resolve_state)]
Article = Annotated[int, Field(ge=1, le=22)]
Action = Annotated[int, Field(ge=1, le=100)]
Edtf = Annotated[str, AfterValidator(_edtf_any)]
PriorityIn = Annotated[Priority, BeforeValidator(_priority)]
# The summary of a kind that writes one when none is given (its `default_summary`):
# `summary: GeneratedSummary = None`.
GeneratedSummary = Annotated[
    Text | None, Field(description="What happened, in a sentence or two (default: generated).")
]


# Fields that may run over several lines; every other text is one line.
MULTILINE = frozenset({"summary", "reason", "outcome", "text", "set", "changes", "items", "item"})


# What a terminal would act on: C0 and C1 controls (ESC, BEL, NUL, CR, ...), DEL, the
# Unicode line and paragraph separators; bidirectional overrides and isolates, which make a
# terminal or a page show text in another order than it is stored ("evil" displayed as
# "live"); and surrogates, bytes that were not UTF-8 (surrogate escapes). One regular
# expression, not a loop over the characters: every text of every record is checked (a
# tenth of an import's time went on the loop).
_ACTS = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_ONE_LINE = re.compile(f"[\x00-\x1f{_ACTS}]")
_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_ACTS}]")  # tab and line feed allowed


def control_character(text: str, multiline: bool) -> str | None:
    """The first character a terminal would act on, or a line break where only one line
    is allowed; None when the text is clean."""
    found = (_LINES if multiline else _ONE_LINE).search(text)
    return found.group() if found else None


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


# Every input model that names a kind, by kind, as each class is defined (Request's hook);
# inputs/__init__.py orders them into RECORD_INPUTS, CASE_INPUTS and AMEND_INPUTS.
MODELS: dict[str, type[Request]] = {}


class Request(BaseModel):
    """Something a user asks to write: one `ccc` write command, or one import entry."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)
    kind: ClassVar[str]
    help: ClassVar[str]
    # Fields that name another record by id, prefix or import label; the write side gives
    # them the record's full id before the input is applied (writing._resolved).
    names_records: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Each model that names its kind registers itself (see inputs/__init__.py); a
        record's `said_in` names another record, as its kind's own fields may."""
        super().__pydantic_init_subclass__(**kwargs)
        if "said_in" in cls.model_fields and "said_in" not in cls.names_records:
            cls.names_records = (*cls.names_records, "said_in")
        if "kind" in cls.__dict__ and cls.__module__.startswith(__package__ or "-"):
            if cls.kind in MODELS:
                raise TypeError(f"kind {cls.kind} already has its input, {MODELS[cls.kind]}")
            MODELS[cls.kind] = cls

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        """Text that would act on a terminal (ESC, BEL, NUL, ...) is refused, not stored."""
        if isinstance(data, dict):
            for field, value in data.items():
                _refuse_controls(value, str(field), str(field) in MULTILINE)
        return data


class Input(Request):
    """Fields common to every record. Aliases are option names; descriptions are help."""

    occurred: str = Field(
        description="When it happened, as EDTF: 2025-03-17, 2025-06-17/2025-06-20, 2025-09, "
        "2025-07-20? (uncertain), 2025-11~ (approximate), ../2025-12-01 (on or before)."
    )
    summary: Text = Field(description="What happened, in a sentence or two.")
    source: Text | None = Field(None, description="Document symbol or other reference.")
    restricted: bool = Field(
        False,
        description="Confidential: counted, never named, in public views (by default, so "
        "is a reply or follow-up to a restricted record).",
    )
    parties: Many[PartyIn] = Field(
        [], alias="party", description="Another party the record involves (repeatable)."
    )
    as_written: bool = Field(
        False,
        description="The summary is the Committee's own sentence, to be printed in papers "
        "as written (otherwise papers word the record from its fields).",
    )
    said_in: str | None = Field(
        None,
        description="Id of another record whose sentence in papers says this one too: "
        "papers print that sentence once, for both.",
    )
    placed: Name | None = Field(
        None,
        description="The phrase that places it in papers instead of its date, as the "
        "source gives it: 'in the lead up to the 22MSP'.",
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


def field_of(model: type[BaseModel], key: str, kind: str) -> str:
    """The field a `--set` key names: its option name or its field name, - or _."""
    key = key.strip().replace("-", "_")
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return name
    known = ", ".join(sorted(option_name(model, name) for name in model.model_fields))
    raise InvalidInput(f"'{key}' is not a field of a {kind} record; its fields are: {known}.")


def option_name(model: type[BaseModel], field: str) -> str:
    """The name a field goes by on the command line and in import files."""
    info = model.model_fields.get(field)
    return (info.alias if info and info.alias else field) if info else field


# What a value of a type pydantic could not read must be, in words.
_WANTED = {
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
}


def error_sentence(error: ValidationError, model: type[BaseModel], *, cli: bool) -> str:
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
    if first["type"] in _WANTED:  # pydantic's words do not say what would do
        given = f" ({value!r})" if isinstance(value, str | int | float) else ""
        return f"{label}{given} must be {_WANTED[first['type']]}."
    shown = f" ({value!r})" if isinstance(value, str | int) and str(value) not in message else ""
    return f"{label}{shown}: {message[0].lower()}{message[1:]}".rstrip(".") + "."
