"""What every `ccc` command shares: the store in the context, clear errors, the options of
queries (--json/--csv, the two clocks) and up-to-date views.

Standard library and click only: a query on an up-to-date store loads nothing more.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from ccc.errors import InvalidInput
from ccc.store.paths import Store, views_are_current
from ccc.store.where import locate

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=click.Command)

# The read commands (queries of the views), as each is defined. The query-plan test, the
# benchmark and the help examples must each cover every one of them
# (tests/architecture/test_read_commands.py), so a new query cannot be left out of them.
READS: list[click.Command] = []


def reads(command: C) -> C:
    """Mark a command as a read command (see READS); the outermost decorator."""
    READS.append(command)
    return command


class Context:
    """What the root group passes to every command: the chosen store."""

    def __init__(
        self, store_option: str | None, views_option: str | None = None, read_only: bool = False
    ) -> None:
        self.store_option = store_option
        self.views_option = views_option
        self.read_only = read_only
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The store, located once per command (a PostgreSQL store keeps a connection)."""
        if self._store is None:
            self._store = locate(self.store_option, self.views_option)
            self._store.read_only = self.read_only
        return self._store


class LazyGroup(click.Group):
    """A group whose commands are built on first use (most need pydantic or more): `names`
    lists them without building any, `build` makes one."""

    def __init__(
        self,
        *args: Any,
        names: Callable[[], list[str]],
        build: Callable[[str], click.Command | None],
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self._names = names
        self._build = build

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._names()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and name in self._names():
            command = self._build(name)
        if command is not None:
            from ccc.commands.examples import with_examples

            with_examples(command, f"{self.name} {name}")
        return command


class _RangeInWords:
    """A click number range said in words, in --help ("[0 or more]", "[1997 to 2100]") and
    when a value is outside it ("-1 is out of range: give 0 or more."), where click writes
    "x>=0". Both ends are always inclusive here."""

    min: Any
    max: Any
    plain: Any  # the number type without a range, whose conversion says "not a valid ..."

    def _describe_range(self) -> str:
        if self.max is None:
            return f"{self.min} or more"
        if self.min is None:
            return f"{self.max} or less"
        return f"{self.min} to {self.max}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        # The plain number type's conversion ("'two' is not a valid whole number"), then
        # the range, checked here so that it is said in words.
        number: Any = self.plain.convert(self, value, param, ctx)
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            given = value.strip() if isinstance(value, str) else number  # as typed: -1, not -1.0
            self.fail(f"{given} is out of range: give {self._describe_range()}", param, ctx)  # type: ignore[attr-defined]
        return number


class WholeNumber(_RangeInWords, click.IntRange):
    """click's IntRange, named in words: "'two' is not a valid whole number." (click says
    "integer range"), shown as N in --help, its range in words."""

    name = "whole number"
    plain = click.types.IntParamType

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "N"


class Number(_RangeInWords, click.FloatRange):
    """click's FloatRange, its range in words: "'soon' is not a valid number." """

    name = "number"
    plain = click.types.FloatParamType


def format_options(csv: bool = True) -> Callable[[F], F]:
    """--json (and --csv where the output is a table) for a query."""

    def decorate(function: F) -> F:
        choices = ["table", "json", "csv"] if csv else ["table", "json"]
        function = click.option(
            "--format", "fmt", type=click.Choice(choices), default="table", hidden=True
        )(function)
        if csv:
            function = click.option(
                "--csv", "fmt", flag_value="csv", help="Print CSV (for spreadsheets)."
            )(function)
        return click.option("--json", "fmt", flag_value="json", help="Print JSON.")(function)

    return decorate


def public_option(function: F) -> F:
    """--public: an answer fit to publish (restricted records counted, never named)."""
    return click.option(
        "--public",
        is_flag=True,
        help="Fit to publish: count restricted records, never name or describe them.",
    )(function)


def clock_options(function: F) -> F:
    """--as-of (world time) and --known-at (record time), for every query."""
    function = click.option(
        "--known-at",
        "known_at",
        metavar="TIME",
        help="Answer from what the log held at this instant (YYYY-MM-DD[THH:MM[:SS]], UTC; "
        "a day alone: its end), with the corrections recorded by then.",
    )(function)
    return click.option(
        "--as-of",
        "as_of",
        metavar="DAY",
        help="Answer as of this day (YYYY-MM-DD): what had happened by then; records whose "
        "dates straddle the day are marked uncertain.",
    )(function)


def read_clocks(as_of: str | None, known_at: str | None) -> dict[str, Any]:
    from ccc.projections.clocks import parse_known_at

    return {
        "as_of": day(as_of, "--as-of"),
        "known_at": parse_known_at(known_at) if known_at is not None else None,
    }


FIRST_DAY = date(1997, 1, 1)  # before any record the log can hold
LATEST_YEAR_AHEAD = 100  # how far ahead a question may look: further is a typing slip


def day(text: str | None, what: str) -> date | None:
    """An option's ISO day, or None when not given (an empty value is refused)."""
    from ccc.domain.dates import parse_day, today

    if text is None:
        return None
    value = parse_day(text, what)
    if value < FIRST_DAY:
        raise InvalidInput(
            f"{what} {value.isoformat()} is before the Convention existed (it was adopted in "
            f"September 1997); give a day from {FIRST_DAY.isoformat()} on."
        )
    latest = today().replace(year=today().year + LATEST_YEAR_AHEAD, month=1, day=1)
    if value >= latest:
        raise InvalidInput(
            f"{what} {value.isoformat()} is more than {LATEST_YEAR_AHEAD} years ahead; give a "
            f"day before {latest.isoformat()}."
        )
    return value


def clock_title(clocks: dict[str, Any]) -> str:
    parts = []
    if clocks["as_of"]:
        parts.append(f"as of {clocks['as_of']}")
    if clocks["known_at"]:
        parts.append(f"as known at {clocks['known_at'][:19]}Z")
    return (" " + ", ".join(parts)) if parts else ""


def read_views(ctx: click.Context) -> Any:
    """A connection to the store's views, brought up to date only when behind."""
    store: Store = ctx.obj.store
    store.require()
    if not views_are_current(store):
        if store.read_only:
            from ccc.errors import StoreError

            raise StoreError(
                "the views are behind the log and --read-only may not bring them up to date; "
                "run the command once without --read-only (or on a writable copy)."
            )
        from ccc.commands.output import progress
        from ccc.projections.catch_up import catch_up
        from ccc.store.paths import last_event_position, views_position

        behind = last_event_position(store) - (views_position(store) or 0)
        with progress(behind, "Updating the views") as advance:
            catch_up(store, advance)
    from ccc.projections.codec import connect

    connection = connect(store)
    _warn_unreadable(connection)
    return connection


def project_written(ctx: click.Context) -> None:
    """After a command has written and said so: the views brought up to date with what it
    wrote, here, so that the next command reads at once (catch_up_after_write: a few
    records' worth at most, never waiting, never failing the write)."""
    sys.stdout.flush()  # what was written is the user's before the views are touched
    from ccc.projections.catch_up import catch_up_after_write

    catch_up_after_write(ctx.obj.store)


def _warn_unreadable(connection: Any) -> None:
    """A warning on stderr for each event the views skipped because ccc cannot read it."""
    for position, why in connection.execute(
        "SELECT position, why FROM unreadable ORDER BY position LIMIT 3"
    ):
        click.echo(f"Warning: record {position} was skipped: {why}", err=True)


def on_day(clocks: dict[str, Any]) -> date:
    """The day a query answers for: --as-of, else today."""
    from ccc.domain.dates import today

    return clocks["as_of"] or today()


def write_file(store: Store, path: str, data: str | bytes, what: str = "output") -> None:
    """Write a file the user named, never into the store; a path that cannot be written
    is one clear error."""
    store.refuse_output(path, what)
    try:
        if isinstance(data, bytes):
            with open(path, "wb") as binary:
                binary.write(data)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(data)
    except OSError as error:
        raise InvalidInput(
            f"cannot write {path}: {error.strerror}; give a path in a folder you can write to."
        ) from error


def emit(
    store: Store, text: str | bytes, out: str | None, what: str, *, prose: bool = False
) -> None:
    """Print a report, or write it to --out (a picture must go to a file). `prose`
    (Markdown): at a terminal, wrapped at words to its width."""
    if out is None:
        if isinstance(text, bytes):
            raise InvalidInput(f"give --out FILE for the {what}: it is not text.")
        from ccc.commands.output import printable
        from ccc.commands.terminal import wrap

        click.echo(printable(wrap(text) if prose else text), nl=False)
        return
    write_file(store, out, text, what)
    click.echo(f"Wrote the {what} to {out}.", err=True)


def say_waiting(seconds: int) -> None:
    """Said on stderr before a write waits for another program's lock on the store."""
    click.echo(
        f"Waiting up to {seconds} s for another program to finish writing to the store "
        "(CCC_LOCK_TIMEOUT sets how long).",
        err=True,
    )
