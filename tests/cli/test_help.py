"""Every command has help, and asking for it works (this also loads every deferred import)."""

import pytest
from click.testing import CliRunner

from ccc.application.inputs import INPUTS
from ccc.cli import cli


def all_commands(group=cli, path=()):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        yield (*path, name)
        if hasattr(command, "list_commands"):
            yield from all_commands(command, (*path, name))


COMMANDS = list(all_commands())


def test_every_record_kind_and_case_step_has_a_command():
    names = {" ".join(path) for path in COMMANDS}
    for kind in INPUTS:
        if kind.startswith("case-"):
            expected = f"case {kind.removeprefix('case-')}"
        elif kind in ("correct", "retract"):
            expected = kind
        else:
            expected = f"record {kind}"
        assert expected in names


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_help_works_and_says_something(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = cli
    for name in path:
        command = command.get_command(None, name)
    first_line = " ".join(command.help.split("\n")[0].split())
    assert first_line and first_line in " ".join(result.output.split())


def test_record_options_are_named_as_in_import_files():
    result = CliRunner().invoke(cli, ["record", "letter", "--help"])
    for option in (
        "--to",
        "--subject",
        "--article",
        "--sraap-action",
        "--reply-requested-by",
        "--case",
        "--occurred",
        "--summary",
        "--restricted",
        "--as",
    ):
        assert option in result.output


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_help_gives_number_ranges_in_words(path):
    """A range reads "[0 or more]" or "[1 to 65535]", not click's "[x>=0]"."""
    output = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200).output
    assert "x>=" not in output and "<=x" not in output and "x<=" not in output


def test_a_limit_and_a_port_say_their_ranges_in_words():
    assert "[0 or more]" in CliRunner().invoke(cli, ["status", "--help"], terminal_width=200).output
    served = CliRunner().invoke(cli, ["serve", "--help"], terminal_width=200).output
    assert "1 to 65535]" in served and "0 or more]" in served
