"""Every read command (marked `@reads` where it is defined) is covered where a query must
be: the query-plan test runs it on 10,000 records, the benchmark times it, and its help
shows an example of it. A new query left out of any of them fails here, not in a review."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click
import pytest

from ccc.cli import cli
from ccc.commands.common import READS
from ccc.commands.examples import EXAMPLES
from tests.projections.test_every_query_plan import COMMANDS as PLANNED

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, ctx: click.Context, path: str = "") -> dict[str, click.Command]:
    """Every command of the CLI by its path ("status", "party show", ...)."""
    found: dict[str, click.Command] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        where = f"{path} {name}".strip()
        if isinstance(command, click.Group):
            found.update(_commands(command, ctx, where))
        else:
            found[where] = command
    return found


def _read_paths() -> list[str]:
    with click.Context(cli) as ctx:
        commands = _commands(cli, ctx)
    marked = [path for path, command in commands.items() if command in READS]
    return sorted(marked)


def _benchmarked() -> list[str]:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.suite import QUERIES
    finally:
        sys.path.remove(str(ROOT))
    return [" ".join(arguments) for _, arguments in QUERIES]


def _covers(path: str, lines: list[str]) -> bool:
    """Whether one of these command lines runs the command at `path`."""
    words = path.split()
    lines = [line for line in lines if not line.startswith(" ")]  # a continued example
    return any(shlex.split(line.rstrip(" \\"))[: len(words)] == words for line in lines)


def test_the_read_commands_are_marked():
    # The queries users know, each marked where it is defined: the marks are found.
    assert {"status", "history", "log", "case show", "party show", "report activities"} <= set(
        _read_paths()
    )


@pytest.mark.parametrize("path", _read_paths())
def test_every_read_command_is_in_the_query_plan_test(path):
    assert _covers(path, PLANNED), f"add `{path} ...` to COMMANDS in test_every_query_plan.py"


@pytest.mark.parametrize("path", _read_paths())
def test_every_read_command_is_benchmarked(path):
    assert _covers(path, _benchmarked()), f"add `{path} ...` to QUERIES in bench/suite.py"


@pytest.mark.parametrize("path", _read_paths())
def test_every_read_command_has_an_example_in_its_help(path):
    examples = [line.removeprefix("ccc ") for lines in EXAMPLES.values() for line in lines]
    assert _covers(path, examples), f"add an example of `ccc {path}` to commands/examples.py"
