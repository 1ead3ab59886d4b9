"""Writing to the log: validate input, apply it as one batch, commit or write nothing.

The CLI's `record`, `case open|close|reopen`, `correct` and `retract` commands, and every
import, go through `write()`: every item is validated and checked against the rules
before anything is saved, and a store that did not exist before a refused command is not
left behind.

What the write side needs from the views (a record's full id from the short id people
type, the members of a computed group on a day) it asks through `Lookups`, which the
command layer provides; the write side never reads the views or brings them up to date.
"""

from __future__ import annotations

import getpass
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from pydantic import ValidationError

from ccc.application import inputs
from ccc.application.inputs import AMEND_KINDS, Input, Request, error_sentence, field_of
from ccc.application.inputs.base import control_character
from ccc.application.labels import Labels
from ccc.application.secretariat import (
    Batch,
    Outcome,
    open_secretariat,
    scratch_secretariat,
)
from ccc.domain import kinds, rules
from ccc.domain.base import Party
from ccc.domain.parties import resolve_party
from ccc.errors import CccError, InvalidInput
from ccc.store.events import write_locked
from ccc.store.paths import Store, lock_timeout
from ccc.store.postgres import PostgresStore

if TYPE_CHECKING:  # each family's models load when one of its kinds is written
    from ccc.application.inputs.cases import (
        CaseCloseInput,
        CaseOpenInput,
        CaseReopenInput,
        CorrectInput,
        RetractInput,
    )
    from ccc.application.inputs.committee import CommunicationInput
    from ccc.application.inputs.register import Article82StepInput, UndertakingMetInput

COMPUTED = "computed:"


class Lookups(Protocol):
    """What the write side asks of the views, and nothing else."""

    def record(self, text: str) -> tuple[str, str | None]:
        """The full id of the record whose id starts with `text`, and the case it belongs
        to as one of its own records (opening, closure, reopening), else None."""

    def group(self, name: str, on: date) -> tuple[str, list[str]]:
        """The label and members (alpha-3 codes) of the computed group `name` on `on`."""

    def party(self, text: str) -> Party | None:
        """The party the log added (`ccc party add`) under this name or alias, if any."""


class NoLookups:
    """For writes that name no record by short id and no computed group."""

    def record(self, text: str) -> tuple[str, str | None]:
        raise InvalidInput(f"'{text}' cannot be looked up here; give the full record id.")

    def group(self, name: str, on: date) -> tuple[str, list[str]]:
        raise InvalidInput(f"computed groups cannot be used here ('{name}').")

    def party(self, text: str) -> Party | None:
        return None


def actor(option: str | None) -> str:
    """Who is recording: --as, else CCC_ACTOR, else the login name."""
    if option is not None and not option.strip():
        raise InvalidInput("--as is empty; give the name of who is recording, or leave it out.")
    name = (option or os.environ.get("CCC_ACTOR") or "").strip()
    if len(name) > rules.NAME_LIMIT:
        raise InvalidInput(
            f"the name to record as is over {rules.NAME_LIMIT} characters; give a shorter one."
        )
    if control_character(name, multiline=False) is not None:
        raise InvalidInput("the name to record as holds a control character; remove it.")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (some containers)
            name = ""
    if not name:
        raise InvalidInput("nobody to record as; give --as NAME or set CCC_ACTOR.")
    return name


def validate(
    kind: str, values: Mapping[str, Any], *, cli: bool, lookups: Lookups | None = None
) -> Request:
    """The input model for `kind`, validated; errors become one sentence. Computed groups
    (`computed:NAME[@DAY]`) are resolved through `lookups` first."""
    model = inputs.model(kind)
    if model is None:
        known = ", ".join(inputs.input_kinds())
        raise InvalidInput(f"'{kind}' is not a kind ccc records; it records: {known}.")
    values = dict(values)
    if _names_computed_group(values):
        values = _with_computed_groups(lookups or NoLookups(), values)
    if lookups is not None:
        values = _with_added_parties(model, lookups, values)
        if kind == kinds.PARTY_ADDED:
            _refuse_a_second_name(lookups, values)
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise InvalidInput(error_sentence(error, model, cli=cli)) from error


def _names_computed_group(values: dict[str, Any]) -> bool:
    """Whether a party field names a computed group (a string, or a string in a list)."""
    for value in values.values():
        items = value if isinstance(value, list | tuple) else (value,)
        if any(isinstance(item, str) and item.startswith(COMPUTED) for item in items):
            return True
    return False


def _with_computed_groups(lookups: Lookups, values: dict[str, Any]) -> dict[str, Any]:
    """Replace each `computed:NAME[@DAY]` by the group with its members as they were that
    day (default: the record's day), so the record keeps who it was addressed to."""
    from ccc.domain.dates import parse_day, parse_occurred, today

    occurred = values.get("occurred")
    default = today()
    if occurred:
        when = parse_occurred(str(occurred))
        default = when.latest or when.earliest or default

    def expand(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [expand(v) for v in value]
        if not (isinstance(value, str) and value.startswith(COMPUTED)):
            return value
        name, _, day = value.removeprefix(COMPUTED).partition("@")
        on = parse_day(day, f"the day of {value}") if day else default
        label, members = lookups.group(name, on)
        return {"group": label, "members": members, "count": len(members)}

    return {key: expand(value) for key, value in values.items()}


@cache  # per model, once: reading an annotation costs as much as validating an import entry
def _party_fields(model: type[Request]) -> frozenset[str]:
    """The keys (option names) of a model's fields that name parties."""
    return frozenset(
        (info.alias or name)
        for name, info in model.model_fields.items()
        if "Party" in str(info.annotation)
    )


def _with_added_parties(
    model: type[Request], lookups: Lookups, values: dict[str, Any]
) -> dict[str, Any]:
    """Party names the registry does not know, replaced by the parties the log added
    under them (`ccc party add`); anything else is left for validation to refuse."""
    fields = _party_fields(model)

    def added(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [added(item) for item in value]
        if not isinstance(value, str) or value.startswith(COMPUTED):
            return value
        try:
            resolve_party(value)
        except InvalidInput:
            found = lookups.party(value)
            return found.model_dump() if found is not None else value
        return value

    return {key: added(value) if key in fields else value for key, value in values.items()}


def _refuse_a_second_name(lookups: Lookups, values: dict[str, Any]) -> None:
    """A name or alias the log already gives another added party is refused (the same
    name again is the same record, found by its identity)."""
    name = str(values.get("name", "")).strip()
    for label in (name, *(values.get("alias") or ())):
        found = lookups.party(str(label))
        if found is not None and found.name != name:
            raise InvalidInput(
                f"'{label}' already names {found.name} ({found.kind}), added to the log; "
                "records can name it as it is."
            )


# -- what each input does to the batch -------------------------------------------------------


def _record(item: Input, batch: Batch, recorded_by: str) -> Outcome:
    return batch.add_record(item.kind, item.facts(), recorded_by)


def _open(item: CaseOpenInput, batch: Batch, recorded_by: str) -> Outcome:
    return batch.open_case(item.facts(), recorded_by)


def _close(item: CaseCloseInput, batch: Batch, recorded_by: str) -> Outcome:
    return batch.close_case(item.facts(), recorded_by)


def _reopen(item: CaseReopenInput, batch: Batch, recorded_by: str) -> Outcome:
    return batch.reopen_case(item.facts(), recorded_by)


def _named(batch: Batch, target_id: str, kind: str, noun: str, given: str | None) -> Any:
    """The record a later record names (an 8(2) request, an undertaking), which must be of
    `kind`; a later record naming another State than the one it concerns is refused."""
    target = batch.target(UUID(target_id))
    if target.kind != kind:
        article = "an" if noun[0] in "aeiouAEIOU" else "a"
        raise InvalidInput(f"record {target_id[:8]} is not {article} {noun}.")
    state = target.facts["state"]
    if given not in (None, state):
        raise InvalidInput(f"that {noun} concerns {state}, not {given}.")
    return target


def _article82_step(item: Article82StepInput, batch: Batch, recorded_by: str) -> Outcome:
    """A later step of an 8(2) request concerns the request's State."""
    target = _named(
        batch, item.request, kinds.ARTICLE82_REQUEST, "Article 8(2) request", item.state
    )
    step = item.model_copy(update={"state": target.facts["state"]})
    return batch.add_record(item.kind, step.facts(), recorded_by, _inherited(item, target.facts))


def _undertaking_met(item: UndertakingMetInput, batch: Batch, recorded_by: str) -> Outcome:
    """Doing what was undertaken concerns the undertaking's State, and its cases."""
    target = _named(batch, item.undertaking, kinds.UNDERTAKING, "undertaking", item.state)
    cases = item.cases or list(target.facts.get("cases") or [])
    met = item.model_copy(update={"state": target.facts["state"], "cases": cases})
    return batch.add_record(item.kind, met.facts(), recorded_by, _inherited(item, target.facts))


def _communication(item: CommunicationInput, batch: Batch, recorded_by: str) -> Outcome:
    """A reply to a restricted letter is restricted too (naming its sender would say whom
    the letter went to), unless the officer said otherwise."""
    inherited: dict[str, Any] = {}
    if item.in_reply_to and batch.record_exists(UUID(item.in_reply_to)):
        try:
            letter = batch.target(UUID(item.in_reply_to))
        except CccError:  # a case's own record (an opening): not restricted by itself
            letter = None
        if letter is not None:
            inherited = _inherited(item, letter.facts)
    return batch.add_record(item.kind, item.facts(), recorded_by, inherited)


def _inherited(item: Input, follows: Mapping[str, Any]) -> dict[str, Any]:
    """A follow-up (a reply, a step of an 8(2) request, an undertaking met) is restricted
    when what it follows is, unless the officer said whether it is (--restricted or
    --no-restricted; `restricted:` in an import file)."""
    if follows.get("restricted") and "restricted" not in item.model_fields_set:
        return {"restricted": True}
    return {}


def _retract(item: RetractInput, batch: Batch, recorded_by: str) -> Outcome:
    return batch.retract(batch.target(UUID(item.id), item.case), item.reason, recorded_by)


def _correct(item: CorrectInput, batch: Batch, recorded_by: str) -> Outcome:
    """The record's facts as they stand, revalidated with the changes through the record
    kind's own input model: what it changes is what differs (derived facts included)."""
    target = batch.target(UUID(item.id), item.case)
    model = inputs.model(target.kind)
    assert model is not None and issubclass(model, Input)
    current = {name: value for name, value in target.facts.items() if name in model.model_fields}
    if target.case is not None:
        current["reference"] = target.case.reference
    changes = {field_of(model, key, target.kind): value for key, value in item.changes.items()}
    before = batch.derived(target.kind, _validated(model, current).facts(with_defaults=True))
    after = _validated(model, {**current, **changes}).facts(with_defaults=True)
    after = batch.derived(target.kind, after)
    diff = {name: value for name, value in after.items() if before.get(name) != value}
    requested = {name: after[name] for name in sorted(changes) if name in after}
    return batch.correct(target, requested, diff, item.reason, recorded_by)


def _validated(model: type[Input], values: dict[str, Any]) -> Input:
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise InvalidInput(error_sentence(error, model, cli=False)) from error


def apply(item: Request, batch: Batch, recorded_by: str) -> Outcome:
    """Apply one validated input to the batch: the function of its kind, else a record's.
    By kind, not by class: a class named here would load its family's models."""
    return _APPLY.get(item.kind, _record)(item, batch, recorded_by)


_APPLY: dict[str, Callable[[Any, Batch, str], Outcome]] = {
    kinds.CASE_OPEN: _open,
    kinds.CASE_CLOSE: _close,
    kinds.CASE_REOPEN: _reopen,
    kinds.ARTICLE82_TRANSMITTED: _article82_step,
    kinds.ARTICLE82_RECEIVED: _article82_step,
    kinds.ARTICLE82_RESPONSE: _article82_step,
    kinds.UNDERTAKING_MET: _undertaking_met,
    kinds.COMMUNICATION: _communication,
    "retract": _retract,
    "correct": _correct,
}


# -- one batch ---------------------------------------------------------------------------------


def _resolved(item: Request, labels: Labels | None, lookups: Callable[[], Lookups]) -> Request:
    """The item with the records it names (by id, prefix or label) given by full id; an
    amendment also learns the case whose own record (opening, closure) it amends."""
    update: dict[str, str | None] = {}
    for field in item.names_records:
        text = getattr(item, field)
        if not text:
            continue
        known = labels.record(text) if labels is not None else None
        full, case = known or lookups().record(text)
        update[field] = full
        if item.kind in AMEND_KINDS:
            update["case"] = case
    return item.model_copy(update=update) if update else item


def write(
    store: Store,
    items: Iterable[Request],
    recorded_by: str,
    lookups: Lookups | None = None,
    *,
    labels: Labels | None = None,
    where: Callable[[int, Request], str] = lambda position, item: "",
    advance: Callable[[int], None] = lambda count: None,
    waiting: Callable[[int], None] = lambda seconds: None,
    tally: Counter[str] | None = None,
) -> list[Outcome]:
    """Apply every item to one batch and commit it; on any refusal, write nothing.

    `tally` (an import of any size): the outcomes are counted there by status
    ("recorded", "present") instead of returned.

    `labels` (import files only) name items by their position (1, 2, ...) so that a
    later item's `in_reply_to`, or a correction's or retraction's `id`, can refer to an
    earlier one in the same file; `items` may be an iterator that claims them as it goes.
    """
    # A store that does not exist yet is written in two steps: the batch is checked on a
    # scratch store in memory, and only a batch that passes creates the store. A refused
    # command therefore creates nothing, and never has anything to remove (removing what
    # it made would race with other writers' first records).
    store.refuse_writing()  # before a new store's scratch check: a clear sentence first
    new = not store.exists()
    if isinstance(store, PostgresStore):  # the session's role, beside the officer's name
        recorded_by = store.signed(recorded_by)
    # A log that exists holds a record, or a first write's table (look-ups ask it).
    batch = (scratch_secretariat() if new else open_secretariat(store)).new_batch(empty=new)
    outcomes = []
    for position, item in enumerate(items, start=1):
        try:
            resolved = _resolved(item, labels, lambda: lookups or NoLookups())
            outcome = apply(resolved, batch, recorded_by)
        except CccError as error:
            raise type(error)(f"{where(position, item)}{error}") from error
        if tally is None:
            outcomes.append(outcome)
        else:
            tally[outcome.status] += 1
        advance(1)
        if labels is not None:
            labels.written(position, outcome.record_id.hex, outcome.case)
    target = open_secretariat(store, fresh=True) if new else None
    if write_locked(store):  # say so before waiting, not after
        waiting(lock_timeout())
    batch.commit(into=target)
    return outcomes
