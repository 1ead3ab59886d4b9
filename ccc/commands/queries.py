"""Queries: `status`, `case show`, `history`, `log`, `info`. They read the views only."""

from __future__ import annotations

from typing import Any

import click

from ccc.commands import completion
from ccc.commands.columns import (
    BOARD_COLUMNS,
    BOARD_LINE,
    LOG_COLUMNS,
    RECORD_COLUMNS,
    RECORD_LINE,
)
from ccc.commands.common import (
    WholeNumber,
    clock_options,
    clock_title,
    day,
    format_options,
    public_option,
    read_clocks,
    read_views,
    reads,
)
from ccc.commands.output import Column
from ccc.errors import InvalidInput
from ccc.store.paths import Store

SCREENFUL = 50  # records `ccc log` shows a person at a terminal unless told otherwise


def known_kinds(names: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds named, each one ccc knows (a misspelt kind would match nothing)."""
    import difflib

    from ccc.domain.kinds import KINDS

    for name in names:
        if name not in KINDS:
            close = difflib.get_close_matches(name, list(KINDS), n=3)
            hint = f"did you mean {' or '.join(close)}?" if close else "see `ccc record --help`"
            raise InvalidInput(f"--kind '{name}' is not a kind of record; {hint}")
    return names


@reads
@click.command()
@click.option("--open", "open_only", is_flag=True, help="Only the cases not closed.")
@click.option(
    "--limit",
    type=WholeNumber(min=0),
    default=0,
    help="Only this many cases, those last active most recently, newest first (0: all, "
    "by reference).",
)
@clock_options
@public_option
@format_options()
@click.pass_context
def status(
    ctx: click.Context,
    open_only: bool,
    limit: int,
    as_of: str | None,
    known_at: str | None,
    public: bool,
    fmt: str,
) -> None:
    """The case board: each case's status, last activity and who we are waiting on."""
    from ccc.domain.dates import today
    from ccc.projections import board

    clocks = read_clocks(as_of, known_at)
    rows = board.board(
        read_views(ctx), today=today(), public=public, open_only=open_only, limit=limit, **clocks
    )
    title = ("Open cases" if open_only else "Cases") + clock_title(clocks)
    if limit:
        title += ", last active first"
    from ccc.commands.output import output

    # An empty board on a clock says which clock: the log may hold cases opened later, or
    # recorded after the time asked about ("No cases yet" read as an empty store).
    if clocks["known_at"]:
        known = "open" if open_only else "known"
        empty = f"No case was {known} at {clocks['known_at'][:19]}Z (recorded by then)."
    elif clocks["as_of"]:
        from ccc.domain.dates import in_words

        day = in_words(clocks["as_of"].isoformat())
        empty = f"No case was open on {day}." if open_only else f"No case had been opened by {day}."
    else:
        empty = "No case is open." if open_only else "No cases yet."
    output(rows, BOARD_COLUMNS, fmt=fmt, title=title, empty=empty, line=BOARD_LINE)


@reads
@click.command("show")
@click.argument("reference", shell_complete=completion.cases)
@clock_options
@public_option
@format_options(csv=False)
@click.pass_context
def case_show(
    ctx: click.Context,
    reference: str,
    as_of: str | None,
    known_at: str | None,
    public: bool,
    fmt: str,
) -> None:
    """One case: its board row and its records by kind."""
    from ccc.commands.output import print_fields, print_json
    from ccc.domain.dates import today
    from ccc.projections import board, resolve

    connection = read_views(ctx)
    detail = board.case_detail(
        connection,
        resolve.resolve_case(connection, reference, public),
        today=today(),
        public=public,
        **read_clocks(as_of, known_at),
    )
    if fmt == "json":
        print_json(detail)
        return
    from ccc.commands.columns import state_names
    from ccc.domain.dates import shown

    fields = [
        *BOARD_COLUMNS[:2],
        Column("States", lambda r: state_names(r["states"])),
        *BOARD_COLUMNS[3:],
        Column("Opened", lambda r: shown(r["opened"]) if r.get("opened") else None),
        Column("Next deadline", lambda r: r["next_deadline"]),
        Column(
            "Records",
            lambda r: ", ".join(f"{kind} {n}" for kind, n in r["records_by_kind"].items()),
        ),
    ]
    print_fields(f"Case {detail['reference']}", [(c.heading, c.value(detail)) for c in fields])


@reads
@click.command()
@click.argument("reference", shell_complete=completion.cases)
@clock_options
@public_option
@format_options()
@click.pass_context
def history(
    ctx: click.Context,
    reference: str,
    as_of: str | None,
    known_at: str | None,
    public: bool,
    fmt: str,
) -> None:
    """A case's audit trail: every record in order of occurrence, then of recording.

    Each record appears as first recorded, followed by every correction or retraction of
    it: who, when, why and what changed.
    """
    from ccc.commands.output import output
    from ccc.projections import resolve, trail

    connection = read_views(ctx)
    reference = resolve.resolve_case(connection, reference, public)
    rows = trail.history(connection, reference, public=public, **read_clocks(as_of, known_at))
    output(
        rows,
        RECORD_COLUMNS,
        fmt=fmt,
        title=f"History of {reference}",
        empty="No records.",
        line=RECORD_LINE,
    )


@reads
@click.command()
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    callback=lambda ctx, param, value: known_kinds(value),
    help="Only records of this kind (repeatable).",
)
@click.option(
    "--party",
    help="Only records involving this party (code or name).",
    shell_complete=completion.parties,
)
@click.option(
    "--case",
    "case_ref",
    metavar="REF",
    help="Only records of this case.",
    shell_complete=completion.cases,
)
@click.option("--since", metavar="DAY", help="Only records that happened on or after DAY.")
@click.option(
    "--limit",
    type=WholeNumber(min=0),
    default=None,
    help=f"At most this many (at a terminal, {SCREENFUL} unless --all; piped or as JSON "
    "or CSV, all).",
)
@click.option("--all", "everything", is_flag=True, help="Every record that matches.")
@public_option
@clock_options
@format_options()
@click.pass_context
def log(
    ctx: click.Context,
    kinds: tuple[str, ...],
    party: str | None,
    case_ref: str | None,
    since: str | None,
    limit: int | None,
    everything: bool,
    public: bool,
    as_of: str | None,
    known_at: str | None,
    fmt: str,
) -> None:
    """Every record, newest first (at a terminal, the newest 50 unless --all or --limit)."""
    from ccc.commands.output import output
    from ccc.commands.terminal import for_a_person
    from ccc.projections import resolve, trail

    screenful = (
        limit is None and not everything and fmt == "table" and for_a_person()
    )  # a person at a terminal sees a screenful and how many more, as gh does
    wanted = SCREENFUL + 1 if screenful else (0 if everything else limit or 0)

    connection = read_views(ctx)
    if case_ref:
        case_ref = resolve.resolve_case(connection, case_ref, public)
    if party and not resolve.party_is_known(connection, party):
        from ccc.domain.parties import resolve_party

        party = resolve_party(party).label
    rows = trail.log(
        connection,
        kinds=kinds,
        party=party,
        case=case_ref,
        since=day(since, "--since"),
        limit=wanted,
        public=public,
        **read_clocks(as_of, known_at),
    )
    more = screenful and len(rows) > SCREENFUL
    rows = rows[:SCREENFUL] if more else rows
    output(rows, LOG_COLUMNS, fmt=fmt, title="Log", empty="No records match.", line=RECORD_LINE)
    if more:
        click.echo(
            f"The newest {SCREENFUL} records are shown; `ccc log --all` shows every one, "
            "`--limit N` that many.",
            err=True,
        )


@reads
@click.command()
@format_options(csv=False)
@click.pass_context
def info(ctx: click.Context, fmt: str) -> None:
    """Which store is in use, and how big it is."""
    from ccc.commands.output import print_fields, print_json
    from ccc.projections import board

    store: Store = ctx.obj.store
    details: dict[str, Any] = {"store": store.where(), "backend": store.backend}
    if store.backend != "sqlite":  # the log is on a server; its views are here
        details["views"] = store.root
    details["exists"] = store.exists()
    if store.exists():
        details.update(board.info(read_views(ctx)))
        details["bytes"] = store.size()
    if fmt == "json":
        print_json(details)
    else:
        print_fields("Store", [(k.replace("_", " ").capitalize(), v) for k, v in details.items()])
