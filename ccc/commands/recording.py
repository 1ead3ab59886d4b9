"""Writing: `record KIND`, `case open|close|reopen|show`, `import`, `correct`, `retract`."""

from __future__ import annotations

import json
import types
import typing
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import click
from click.core import ParameterSource

from ccc.commands import completion
from ccc.commands.common import LazyGroup, project_written, say_waiting
from ccc.commands.queries import case_show
from ccc.errors import InvalidInput

if TYPE_CHECKING:  # pydantic loads only when a record command is built
    from pydantic.fields import FieldInfo

    from ccc.application.inputs import Input


def _record_kinds() -> list[str]:
    from ccc.application.inputs import record_kinds

    return record_kinds()


def _case_names() -> list[str]:
    from ccc.application.inputs import case_kinds

    return [kind.removeprefix("case-") for kind in case_kinds()]


@cache  # built once per run, from its kind's input model (only its family's are loaded)
def _record_command(kind: str) -> click.Command | None:
    from ccc.application.inputs import model

    found = model(kind)
    return _command(found, kind) if found is not None else None  # type: ignore[arg-type]


@cache
def _case_command(name: str) -> click.Command | None:
    from ccc.application.inputs import model

    found = model(f"case-{name}")
    return _command(found, name) if found is not None else None  # type: ignore[arg-type]


@click.group(cls=LazyGroup, names=_record_kinds, build=_record_command)
def record() -> None:
    """Record something that happened (one subcommand per kind)."""


@click.group(cls=LazyGroup, names=_case_names, build=_case_command)
def case() -> None:
    """Open, close, reopen or show a case."""


case.add_command(case_show)  # a query: it needs none of the input models the others build


def record_items(
    ctx: click.Context, kind: str, values: dict[str, Any], recorded_by: str | None, as_json: bool
) -> None:
    """Validate and write one record (called by the generated record/case commands)."""
    from ccc.application.writing import actor, validate, write
    from ccc.projections.resolve import ViewLookups

    lookups = ViewLookups(ctx.obj.store)
    item = validate(kind, values, cli=True, lookups=lookups)
    [outcome] = write(ctx.obj.store, [item], actor(recorded_by), lookups, waiting=say_waiting)
    short = outcome.record_id.hex[:8]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "id": short,
                    "uuid": outcome.record_id.hex,
                    "kind": outcome.kind,
                    "status": outcome.status,
                }
            )
        )
    else:
        click.echo(short)
    if outcome.status == "present":
        click.echo(f"Already in the log as {short}; nothing new was written.", err=True)
    for note in lookups.notes:
        click.echo(note, err=True)
    if outcome.status == "recorded":
        project_written(ctx)


def _assignments(pairs: tuple[str, ...]) -> dict[str, Any]:
    """FIELD=VALUE pairs; a field given twice takes a list; an empty VALUE clears it."""
    changes: dict[str, Any] = {}
    for pair in pairs:
        field, equals, value = pair.partition("=")
        if not equals or not field.strip():
            raise click.BadParameter(f"'{pair}' is not FIELD=VALUE, e.g. occurred=2025-07-21.")
        key = field.strip()
        given = value if value.strip() else None
        if key in changes:
            before = changes[key]
            changes[key] = [*(before if isinstance(before, list) else [before]), given]
        else:
            changes[key] = given
    return changes


@click.command()
@click.argument("record_id", metavar="ID", shell_complete=completion.records)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A field's right value (repeatable; repeat a field for a list; FIELD= clears it).",
)
@click.option("--reason", required=True, help="Why: what was wrong.")
@click.option("--as", "recorded_by", help="Who is recording (default: CCC_ACTOR, login).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def correct(
    ctx: click.Context,
    record_id: str,
    assignments: tuple[str, ...],
    reason: str,
    recorded_by: str | None,
    as_json: bool,
) -> None:
    """Correct a record: a new record naming it, with the right values and why.

    The original stays in the log; views show the corrected values and `ccc history`
    shows both. Fields are named as in `ccc record KIND --help` (e.g. occurred, to, case).
    """
    values = {"id": record_id, "set": _assignments(assignments), "reason": reason}
    record_items(ctx, "correct", values, recorded_by, as_json)


@click.command()
@click.argument("record_id", metavar="ID", shell_complete=completion.records)
@click.option("--reason", required=True, help="Why the record should not have been made.")
@click.option("--as", "recorded_by", help="Who is recording (default: CCC_ACTOR, login).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def retract(
    ctx: click.Context, record_id: str, reason: str, recorded_by: str | None, as_json: bool
) -> None:
    """Retract a record: it stays in the log, marked, but leaves status and counts."""
    record_items(ctx, "retract", {"id": record_id, "reason": reason}, recorded_by, as_json)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--as", "recorded_by", help="Who is recording (default: CCC_ACTOR, login).")
@click.pass_context
def import_(ctx: click.Context, file: str, recorded_by: str | None) -> None:
    """Import records from a YAML file: all of them, or none if any is wrong.

    The file is a list of mappings, each with a `kind` (a `record` subcommand, or
    case-open, case-close, case-reopen, correct, retract) and that command's options as
    keys, with underscores for dashes. Records already in the log are skipped, so
    importing the same file twice records nothing new. A file ending in .jsonl is an
    export (`ccc export`): it is verified, then loaded as it is into an empty store.
    """
    from ccc.application.importing import import_file, load_export
    from ccc.application.writing import actor
    from ccc.commands.output import progress
    from ccc.projections.resolve import ViewLookups

    if file.endswith(".jsonl"):
        from ccc.audit.exports import export_rows, manifest_path, read_manifest, verify_export

        report = verify_export(file, readable=True)
        withheld = read_manifest(manifest_path(file)).get("withheld", 0)
        if withheld:
            raise InvalidInput(
                f"{file} is a public export: it withholds {withheld} restricted records, so it "
                "cannot rebuild the log; import the full export (`ccc export` without --public)."
            )
        if not report.ok:
            raise InvalidInput(f"{file} does not verify, so it was not imported: {report.first()}.")
        rows = (row[2:6] for row in export_rows(file))
        count = load_export(ctx.obj.store, rows)
        click.echo(f"Imported {count} records from the export {file}, as they were.")
        return
    lookups = ViewLookups(ctx.obj.store)
    done = import_file(
        ctx.obj.store, file, actor(recorded_by), lookups, progress, waiting=say_waiting
    )
    click.echo(
        f"Imported {done['recorded']} new record(s) from {file}; {done['present']} were "
        "already in the log."
    )
    for note in lookups.notes:
        click.echo(note, err=True)
    if done["recorded"]:
        project_written(ctx)


# -- `record KIND` and `case open|close|reopen`, built from the input models --------------
# Each command's options are the model's fields (aliases become option names, descriptions
# become help), so the CLI and the import format cannot drift apart. Built only when one of
# these commands runs or their help is shown: the models need pydantic.


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, is it a list), with Optional and Annotated removed."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0])
    if origin is list:
        inner, _ = _unwrap(typing.get_args(annotation)[0])
        return inner, True
    return annotation, False


def _option(name: str, info: FieldInfo) -> click.Parameter:
    option = (info.alias or name).replace("_", "-")
    inner, many = _unwrap(info.annotation)
    if inner is bool:
        # --restricted has its opposite: a reply or follow-up to a restricted record is
        # restricted unless the officer says --no-restricted.
        two_way = info.default or name == "restricted"
        flags = [f"--{option}/--no-{option}"] if two_way else [f"--{option}"]
        return click.Option(
            [*flags, name], is_flag=True, default=info.default, help=info.description
        )
    choices = typing.get_args(inner) if typing.get_origin(inner) is Literal else None
    return click.Option(
        [f"--{option}", name],
        multiple=many,
        required=info.is_required(),
        type=click.Choice(choices) if choices else None,
        help=info.description,
    )


def _command(model: type[Input], name: str) -> click.Command:
    params: list[click.Parameter] = []
    for field, info in model.model_fields.items():
        if field == "reference":
            params.append(click.Argument(["reference"]))
        else:
            params.append(_option(field, info))
    params.append(
        click.Option(["--as", "recorded_by"], help="Who is recording (default: CCC_ACTOR, login).")
    )
    params.append(
        click.Option(["--json", "as_json"], is_flag=True, help="Print the result as JSON.")
    )

    @click.pass_context
    def callback(
        ctx: click.Context, /, recorded_by: str | None, as_json: bool, **values: Any
    ) -> None:
        given = {
            (model.model_fields[field].alias or field): value
            for field, value in values.items()
            if ctx.get_parameter_source(field) is not ParameterSource.DEFAULT
        }
        record_items(ctx, model.kind, given, recorded_by, as_json)

    return click.Command(name, params=params, callback=callback, help=model.help)
