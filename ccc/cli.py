"""The `ccc` command line: parse, call one function, print.

Commands live in ccc/commands/, one module per area, and a module is imported only when
one of its commands runs (or `--help` lists them): `ccc status --json` on an up-to-date
store loads click, the standard library and ccc's read side, nothing else. The write side
(eventsourcing, pydantic, edtf, pycountry) and rich load inside the commands that need
them.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from importlib import import_module
from typing import Any, TypeGuard

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
    "serve": ("web", "serve"),
    "roles": ("auditing", "roles"),
}


# The commands whose answers can run long: at a terminal they go through the pager.
PAGED = frozenset(
    {"status", "history", "log", "members", "deadlines", "party", "report", "check", "case"}
)


class Root(click.Group):
    """The `ccc` group: each command module is imported when one of its commands is used,
    and every error a user can cause (CccError) becomes one sentence on stderr, exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        command: click.Command = getattr(import_module(f"ccc.commands.{module}"), attribute)
        from ccc.commands.examples import with_examples  # a dict: costs nothing to load

        return with_examples(command, name)

    def invoke(self, ctx: click.Context) -> Any:
        from ccc.commands import terminal

        terminal.reset()  # decided afresh for each command (a test runs many in one process)
        try:
            return super().invoke(ctx)
        except CccError as error:
            raise Refusal(_sentence(str(error))) from error
        except click.UsageError as error:  # a bad option: one sentence, not the usage
            where = error.ctx.command_path if error.ctx else "ccc"
            if isinstance(error, click.NoSuchOption) and error.possibilities:
                message = _option_meant(error)
            else:
                message = error.format_message().rstrip(".") + _did_you_mean(error)
            raise UsageMistake(f"{message} (see `{where} --help`).") from error
        except BrokenPipeError:
            raise  # `ccc log | head`: main() handles it
        except (sqlite3.Error, OSError) as error:
            raise Refusal(_failure(ctx, error)) from error
        except Exception as error:
            from eventsourcing.persistence import PersistenceError

            said = error.__cause__  # PostgreSQL's own error says why, in its own words
            if isinstance(error, PersistenceError) and _from_postgres(said):
                raise Refusal(_postgres_refused(ctx, said)) from error
            if isinstance(error, PersistenceError):
                raise Refusal(_failure(ctx, error)) from error
            if _from_postgres(error):
                raise Refusal(_postgres_refused(ctx, error)) from error
            raise


def _did_you_mean(error: click.UsageError) -> str:
    """For a misspelt command, the nearest of its group's ("; did you mean `status`?"), as
    git does; click suggests options already."""
    import difflib
    import re

    message = error.format_message()
    unknown = re.match(r"No such command '(.+)'", message)
    group = error.ctx.command if error.ctx else None
    if not unknown or "Did you mean" in message:  # click suggested one already
        return ""
    if not isinstance(group, click.Group) or error.ctx is None:
        return ""
    close = difflib.get_close_matches(unknown[1], group.list_commands(error.ctx), n=1)
    return f"; did you mean `{error.ctx.command_path} {close[0]}`?" if close else ""


def _option_meant(error: click.NoSuchOption) -> str:
    """A misspelt option with the nearest ones, nearest first ("--jsn": `--json`)."""
    import difflib

    near = difflib.get_close_matches(
        error.option_name, sorted(error.possibilities or ()), n=2, cutoff=0
    )
    meant = " or ".join(f"`{option}`" for option in near)
    return f"No such option '{error.option_name}'; did you mean {meant}?"


class Refusal(click.ClickException):
    """One sentence on stderr; at a terminal, wrapped at words to its width (click would
    let the terminal break it mid-word)."""

    def show(self, file: Any = None) -> None:
        from ccc.commands.terminal import for_a_reader

        stream = file or sys.stderr
        click.echo(for_a_reader(f"Error: {self.format_message()}", stream), file=stream)


class UsageMistake(Refusal):
    """A misused option or argument, as one sentence (click would print the usage too)."""

    exit_code = 2


def _sentence(message: str) -> str:
    message = message.strip()
    if message.startswith(("ccc ", "--")):  # a name or an option keeps its case
        return message
    return message[:1].upper() + message[1:]


def _from_postgres(error: BaseException | None) -> TypeGuard[BaseException]:
    return error is not None and type(error).__module__.startswith("psycopg")


def _postgres_refused(ctx: click.Context, error: BaseException) -> str:
    """What PostgreSQL refused, in one sentence: a role without the privilege (the
    sqlstate 42501), a table of the log's name that is not a ccc log (42703: a column it
    lacks; 42804: a column of another type), anything else as PostgreSQL words it."""
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    from urllib.parse import unquote, urlsplit

    from ccc.store.postgres import PostgresStore

    # The store's URL as given: locating the store may be what failed.
    url = (ctx.obj.store_option if ctx.obj is not None else None) or os.environ.get("CCC_STORE")
    where = PostgresStore.safe(url or "") or "the PostgreSQL store"
    role = unquote(urlsplit(url or "").username or "") or "of this session"
    state = getattr(error, "sqlstate", None)
    if state == "42501" and ctx.invoked_subcommand == "roles":
        return _sentence(
            f"only the log's owner can set up its roles, and the database role {role} may "
            f"not ({reason}); nothing was changed. Run `ccc roles setup` as the role that "
            "created the log."
        )
    if state == "42501":
        return _sentence(
            f"the database role {role} may not do that to the log at {where} ({reason}); "
            "nothing was written. Ask the log's owner to run `ccc roles setup`, then connect "
            "as its recorder (to record) or its auditor (to read)."
        )
    if state == "55P03":  # lock_not_available: waited CCC_LOCK_TIMEOUT seconds
        return _sentence(
            f"another session has held the log at {where} locked for longer than ccc waits "
            f"({reason}); nothing was written. Try again, or set CCC_LOCK_TIMEOUT to wait "
            "longer; the database's owner can see who holds it in pg_locks."
        )
    if state in ("42703", "42804"):
        return _sentence(
            f"the table secretariat_events at {where} is not a ccc log ({reason}); give a "
            "database that holds a ccc log, or an empty one."
        )
    return _sentence(f"the PostgreSQL store at {where} refused ({reason}); nothing was written.")


def _failure(ctx: click.Context, error: BaseException) -> str:
    """A store or file that cannot be read or written (read-only, full disk, locked,
    damaged): what happened, and that nothing was written (a write is one transaction)."""
    if isinstance(error, OSError) and error.filename and error.strerror:
        return _sentence(f"ccc could not use {error.filename}: {error.strerror}.")
    reason = getattr(error, "strerror", None) or str(error.__cause__ or error)
    if ("readonly database" in reason or "Read-only file system" in reason) and ctx.obj:
        return _sentence(
            f"the store at {ctx.obj.store.where()} is read-only here ({reason.strip()}); "
            "nothing was written. It can be read while its views are up to date; record on "
            "a writable copy."
        )
    try:
        where = f" at {ctx.obj.store.where()}" if ctx.obj else ""
    except CccError:
        where = ""
    return _sentence(
        f"ccc could not use the store{where}: {reason or type(error).__name__}; nothing was "
        "written. Check that the folder is writable and the disk has room, or wait for the "
        "other program using it."
    )


@click.group(cls=Root, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    envvar="CCC_STORE",
    metavar="PATH",
    help="The store: a folder (SQLite), or postgresql://USER@HOST:PORT/DBNAME for a log "
    "shared by several officers (default: CCC_STORE, else the user's data directory).",
)
@click.option(
    "--views",
    envvar="CCC_VIEWS",
    metavar="DIR",
    help="For a postgresql:// store: the folder of its local views (default: CCC_VIEWS, "
    "else the user's cache directory).",
)
@click.option(
    "--read-only",
    is_flag=True,
    envvar="CCC_READ_ONLY",
    help="Read, never write: recording is refused and the views are not brought up to date.",
)
@click.option(
    "--no-pager",
    is_flag=True,
    help="Print long answers straight to the terminal (as CCC_PAGER= does); by default "
    "they go through CCC_PAGER, else PAGER, else less -FRX.",
)
@click.version_option(__version__, prog_name="ccc")
@click.pass_context
def cli(
    ctx: click.Context, store: str | None, views: str | None, read_only: bool, no_pager: bool
) -> None:
    """ccc: the Committee on Cooperative Compliance's allegation and dialogue log.

    Every letter, meeting and allegation is recorded once, immutably; status and history
    are read back from views rebuilt from the log. At a terminal, long answers are paged
    and prose wraps at words; piped, tables are tab-separated and prose is as written.
    """
    ctx.obj = Context(store, views, read_only)
    if not no_pager and ctx.invoked_subcommand in PAGED:
        from ccc.commands.terminal import paged

        ctx.with_resource(paged())


def main() -> None:
    # The cyclic garbage collector runs every 700 new objects by default, and each of its
    # fuller passes walks every object alive: an answer read from 50,000 rows spent 40% of
    # its time there (`party show` of a busy State at a million records: 1.39 s, 0.91 s
    # with these thresholds). ccc's rows are dicts and lists, freed by reference counting;
    # the collector still runs, 70 times less often.
    gc.set_threshold(50_000, 20, 10)
    # pydantic looks for plugins among every installed package's entry points when it
    # builds its first validator (4 ms in a bare environment, 19 ms in the test one, on
    # every write and catch-up); ccc uses none. PYDANTIC_DISABLE_PLUGINS set otherwise is kept.
    # (ccc.domain.base then spares the import of pydantic's plugin loader.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):  # PYTHONIOENCODING=ascii: escape, never crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        cli()
    except BrokenPipeError:  # `ccc log | head`
        sys.stderr.close()
