"""The `ccc` command line: parse, call one function, print.

Commands live in ccc/commands/, one module per area, and a module is imported only when
one of its commands runs (or `--help` lists them): `ccc status --json` on an up-to-date
store loads click, the standard library and ccc's read side, nothing else. The write side
(eventsourcing, pydantic, edtf, pycountry) and rich load inside the commands that need
them.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import click

from ccc import __version__
from ccc.commands.common import Context
from ccc.errors import CccError

# Every top-level command: where it lives (module, object).
COMMANDS = {
    "status": ("queries", "status"),
    "history": ("queries", "history"),
    "log": ("queries", "log"),
    "info": ("queries", "info"),
    "record": ("recording", "record"),
    "case": ("recording", "case"),
    "import": ("recording", "import_"),
    "correct": ("recording", "correct"),
    "retract": ("recording", "retract"),
    "register": ("states", "register"),
    "members": ("states", "members"),
    "deadlines": ("states", "deadlines"),
    "party": ("states", "party"),
    "report": ("papers", "report"),
    "check": ("papers", "check"),
    "verify": ("auditing", "verify"),
    "export": ("auditing", "export"),
    "keygen": ("auditing", "keygen"),
    "checkpoint": ("auditing", "checkpoint"),
    "rebuild": ("auditing", "rebuild"),
}


class Root(click.Group):
    """The `ccc` group: each command module is imported when one of its commands is used,
    and every error a user can cause (CccError) becomes one sentence on stderr, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CccError as error:
            message = str(error)
            raise click.ClickException(message[:1].upper() + message[1:]) from error

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        command: click.Command = getattr(import_module(f"ccc.commands.{module}"), attribute)
        return command


@click.group(cls=Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    envvar="CCC_STORE",
    metavar="PATH",
    help="The store folder (default: CCC_STORE, else the user's data directory).",
)
@click.version_option(__version__, prog_name="ccc")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """ccc: the Committee on Cooperative Compliance's allegation and dialogue log.

    Every letter, meeting and allegation is recorded once, immutably; status and history
    are read back from views rebuilt from the log.
    """
    ctx.obj = Context(store)


def main() -> None:
    try:
        cli()
    except BrokenPipeError:  # `ccc log | head`
        sys.stderr.close()
