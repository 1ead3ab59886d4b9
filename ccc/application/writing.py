"""Writing to the log: validate input, apply it as one batch, commit or write nothing.

The CLI's `record`, `case open|close|reopen` and `import` commands each call one function
here. Both paths share `write()`: every item is validated and checked against the rules
before anything is saved, and a store that did not exist before a refused command is not
left behind.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from ccc.application.inputs import (
    INPUTS,
    AmendInput,
    Article82StepInput,
    Command,
    CommunicationInput,
    describe,
)
from ccc.application.secretariat import Outcome, open_secretariat
from ccc.errors import CccError, InvalidInput
from ccc.store.paths import Store, last_event_position, views_are_current

Progress = Callable[[int, str], AbstractContextManager[Callable[[int], None]]]


def actor(option: str | None) -> str:
    """Who is recording: --as, else CCC_ACTOR, else the login name."""
    name = (option or os.environ.get("CCC_ACTOR") or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (some containers)
            name = ""
    if not name:
        raise InvalidInput("nobody to record as; give --as NAME or set CCC_ACTOR.")
    return name


def validate(
    kind: str, values: Mapping[str, Any], *, cli: bool, store: Store | None = None
) -> Command:
    """The input model for `kind`, validated; errors become one sentence. With `store`,
    computed groups (`computed:NAME[@DAY]`) are resolved against its register first."""
    model = INPUTS[kind]
    values = dict(values)
    if store is not None and _names_computed_group(values):
        values = _with_computed_groups(store, values)
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise InvalidInput(describe(error, model, cli=cli)) from error


COMPUTED = "computed:"


def _names_computed_group(values: dict[str, Any]) -> bool:
    """Whether a party field names a computed group (a string, or a string in a list)."""
    for value in values.values():
        items = value if isinstance(value, list | tuple) else (value,)
        if any(isinstance(item, str) and item.startswith(COMPUTED) for item in items):
            return True
    return False


def _with_computed_groups(store: Store, values: dict[str, Any]) -> dict[str, Any]:
    """Replace each `computed:NAME[@DAY]` by the group with its members as they were that
    day (default: the record's day), so the record keeps who it was addressed to."""
    from datetime import date

    from ccc.domain.dates import parse_occurred, today
    from ccc.projections import queries
    from ccc.projections.treaty_register import GROUPS, computed_group

    occurred = values.get("occurred")
    default = today()
    if occurred:
        when = parse_occurred(str(occurred))
        default = when.latest or when.earliest or default
    store.require()
    if not views_are_current(store):
        from ccc.projections.catch_up import catch_up

        catch_up(store)
    connection = queries.connect(store)

    def expand(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [expand(v) for v in value]
        if not (isinstance(value, str) and value.startswith(COMPUTED)):
            return value
        name, _, day = value.removeprefix(COMPUTED).partition("@")
        if name not in GROUPS:
            raise InvalidInput(
                f"'{name}' is not a computed group; use one of: {', '.join(GROUPS)}."
            )
        on = date.fromisoformat(day) if day else default
        label, members = computed_group(name, queries.register_on(connection, on))
        return {"group": label, "members": members, "count": len(members)}

    return {key: expand(value) for key, value in values.items()}


Resolver = Callable[[str], tuple[str, str | None]]


def _record_resolver(store: Store) -> Resolver:
    """Resolve a record id prefix through the views (brought up to date first) to the full
    id and, for a case's own records, the case."""
    from ccc.projections import queries
    from ccc.projections.catch_up import catch_up

    if not views_are_current(store):
        catch_up(store)
    connection = queries.connect(store)

    def resolve(text: str) -> tuple[str, str | None]:
        full = queries.resolve_record(connection, text)
        return full, queries.record_case(connection, full)

    return resolve


def _resolved(item: Command, by_label: dict[str, Outcome], resolve: Resolver) -> Command:
    """The item with the records it names (by id, prefix or label) given by full id."""
    if isinstance(item, CommunicationInput) and item.in_reply_to:
        known = by_label.get(item.in_reply_to)
        full = known.record_id.hex if known else resolve(item.in_reply_to)[0]
        return item.model_copy(update={"in_reply_to": full})
    if isinstance(item, Article82StepInput):
        known = by_label.get(item.request)
        full = known.record_id.hex if known else resolve(item.request)[0]
        return item.model_copy(update={"request": full})
    if isinstance(item, AmendInput):
        known = by_label.get(item.id)
        full, case = (known.record_id.hex, known.case) if known else resolve(item.id)
        return item.model_copy(update={"id": full, "case": case})
    return item


def write(
    store: Store,
    items: list[Command],
    recorded_by: str,
    *,
    labels: list[str | None] | None = None,
    where: Callable[[int, Command], str] = lambda position, item: "",
    advance: Callable[[int], None] = lambda count: None,
) -> list[Outcome]:
    """Apply every item to one batch and commit it; on any refusal, write nothing.

    `labels` (import files only) name items so that a later item's `in_reply_to`, or a
    correction's or retraction's `id`, can refer to an earlier one in the same file.
    """
    created = not os.path.exists(store.root)
    try:
        app = open_secretariat(store)
        batch = app.new_batch()
        by_label: dict[str, Outcome] = {}
        views: Resolver | None = None

        def resolve(text: str) -> tuple[str, str | None]:
            nonlocal views
            views = views or _record_resolver(store)
            return views(text)

        outcomes = []
        for position, item in enumerate(items, start=1):
            try:
                outcome = _resolved(item, by_label, resolve).apply_to(batch, recorded_by)
            except CccError as error:
                raise type(error)(f"{where(position, item)}{error}") from error
            outcomes.append(outcome)
            advance(1)
            label = labels[position - 1] if labels else None
            if label:
                by_label[label] = outcome
        batch.commit()
        return outcomes
    except BaseException:
        if created and os.path.exists(store.root):
            shutil.rmtree(store.root)  # refused on a new store: leave nothing behind
        raise


def _load(text: str) -> Any:
    """YAML, read by libyaml when present; a JSON file (JSON is YAML) by the json module,
    which reads a large machine-made file some fifty times faster."""
    import yaml

    if text.lstrip().startswith("["):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style, not JSON: let the YAML parser say what is wrong
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def import_file(
    store: Store, file: str, recorded_by: str, progress: Progress | None = None
) -> list[Outcome]:
    """Import a YAML list of records: all of them, or (on any error) none.

    `progress(total, description)`, when given, is a context manager yielding a function
    to call with the number of records done (the CLI's progress bar)."""
    path = Path(file)
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        entries = _load(text)
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}.") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise InvalidInput(f"{path} is not valid YAML{line}; check its indentation.") from error
    if not isinstance(entries, list):
        raise InvalidInput(f"{path} must hold a list of records (each a mapping with a kind).")
    items, labels = [], []
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "kind" not in entry:
            raise InvalidInput(f"record {position} must be a mapping with a 'kind'.")
        values = dict(entry)
        kind = str(values.pop("kind"))
        label = values.pop("label", None)
        if kind not in INPUTS:
            known = ", ".join(INPUTS)
            raise InvalidInput(f"record {position}: kind '{kind}' is not one of: {known}.")
        try:
            items.append(validate(kind, values, cli=False, store=store))
        except InvalidInput as error:
            raise InvalidInput(f"record {position} ({kind}): {error}") from error
        labels.append(str(label) if label is not None else None)
    with progress(len(items), "Importing") if progress else nullcontext(None) as advance:
        return write(
            store,
            items,
            recorded_by,
            labels=labels,
            where=lambda position, item: f"record {position} ({item.kind}): ",
            advance=advance or (lambda count: None),
        )


def import_export(store: Store, path: str) -> int:
    """Load a verified export into an empty store, event for event: the same positions,
    bytes and digests, so the views rebuild to the same rows. Returns how many."""
    from eventsourcing.persistence import StoredEvent

    from ccc.audit.verify import export_rows, verify_export

    report = verify_export(path)
    if not report.ok:
        raise InvalidInput(f"{path} does not verify, so it was not imported: {report.first()}.")
    if store.exists() and last_event_position(store):
        raise InvalidInput(
            f"an export can only be imported into an empty store, and {store.root} holds "
            "records; give another --store."
        )
    app = open_secretariat(store)
    events = [
        StoredEvent(
            originator_id=UUID(originator), originator_version=version, topic=topic, state=state
        )
        for _, _, originator, version, topic, state, _ in export_rows(path)
    ]
    app.recorder.insert_events(events)  # one transaction
    return len(events)


def load_register(store: Store, path: str | None, recorded_by: str) -> list[Outcome]:
    """Record each State's deposit (and withdrawal) from a depositary table: the shipped
    `data/states-parties.csv` by default. Loading it again records nothing new."""
    import csv
    from datetime import date
    from importlib import resources

    from ccc.domain import treaty as rules

    if path is None:
        name, text = (
            "states-parties.csv",
            (resources.files("ccc").joinpath("data", "states-parties.csv").read_text("utf-8")),
        )
    else:
        name = path
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise InvalidInput(f"cannot read {path}: {error.strerror}.") from error
    rows = list(csv.DictReader(text.splitlines()))
    wanted = {"iso3", "deposit_date", "instrument", "entry_into_force", "source"}
    if not rows or not wanted <= set(rows[0]):
        raise InvalidInput(
            f"{name} is not a depositary table: it needs the columns {', '.join(sorted(wanted))}."
        )
    items: list[Command] = []
    for number, row in enumerate(rows, start=2):
        keys, _, note = row["source"].partition(" | ")
        source = f"UN depositary table, {name} ({keys})"
        values: dict[str, Any] = {
            "state": row["iso3"],
            "instrument": row["instrument"],
            "occurred": row["deposit_date"],
            "source": source,
        }
        try:
            listed = date.fromisoformat(row["entry_into_force"])
            if listed != rules.entry_into_force(date.fromisoformat(row["deposit_date"]))[0]:
                values.update(
                    entry_into_force=row["entry_into_force"],
                    entry_into_force_reason=note or f"as {name} gives it",
                )
        except ValueError as error:
            raise InvalidInput(f"line {number} of {name}: {error}.") from error
        items.append(_register_item("instrument-deposited", values, name, number))
        if row.get("withdrawal_instrument_received"):
            items.append(
                _register_item(
                    "withdrawal-received",
                    {
                        "state": row["iso3"],
                        "occurred": row["withdrawal_instrument_received"],
                        "source": f"{source}{'; ' + note if note else ''}",
                    },
                    name,
                    number,
                )
            )
    return write(store, items, recorded_by)


def _register_item(kind: str, values: dict[str, Any], name: str, number: int) -> Command:
    try:
        return validate(kind, values, cli=False)
    except InvalidInput as error:
        raise InvalidInput(f"line {number} of {name}: {error}") from error
