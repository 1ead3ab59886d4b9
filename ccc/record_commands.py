"""`ccc record KIND` and `ccc case open|close|reopen`, built from the input models.

Each command's options are the model's fields (aliases become option names, descriptions
become help), so the CLI and the import format cannot drift apart. Loaded only when one of
these commands runs or their help is shown: the models need pydantic, which read commands
do not pay for.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

import click
from click.core import ParameterSource
from pydantic.fields import FieldInfo

from ccc.inputs import CASE_INPUTS, RECORD_INPUTS, Input


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
        flags = [f"--{option}/--no-{option}"] if info.default else [f"--{option}"]
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
        from ccc.commands.writing import record_items  # writes and prints

        given = {
            (model.model_fields[field].alias or field): value
            for field, value in values.items()
            if ctx.get_parameter_source(field) is not ParameterSource.DEFAULT
        }
        record_items(ctx, model.kind, given, recorded_by, as_json)

    return click.Command(name, params=params, callback=callback, help=model.help)


def record_commands() -> dict[str, click.Command]:
    return {kind: _command(model, kind) for kind, model in RECORD_INPUTS.items()}


def case_commands() -> dict[str, click.Command]:
    return {
        kind.removeprefix("case-"): _command(model, kind.removeprefix("case-"))
        for kind, model in CASE_INPUTS.items()
    }
