"""The `ccc` command line: parse, call one function, print.

Read commands import only the standard library, click and `ccc.projections.queries` when
the views are up to date; the write side (eventsourcing, pydantic, edtf, pycountry) and rich
are imported inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, TypeVar

import click

from ccc import __version__
from ccc.errors import CccError, InvalidInput
from ccc.render import Column
from ccc.store import Store, locate, views_are_current

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What the root group passes to every command: the chosen store."""

    def __init__(self, store_option: str | None) -> None:
        self.store_option = store_option

    @property
    def store(self) -> Store:
        return locate(self.store_option)


class LazyGroup(click.Group):
    """A group whose commands are built on first use (they need pydantic)."""

    def __init__(self, *args: Any, load: Callable[[], dict[str, click.Command]], **kw: Any):
        super().__init__(*args, **kw)
        self._load = load

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._load()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._load().get(name)


@cache
def _record_commands() -> dict[str, click.Command]:
    from ccc.record_commands import record_commands

    return record_commands()


@cache
def _case_commands() -> dict[str, click.Command]:
    from ccc.record_commands import case_commands

    return case_commands()


def fail(error: CccError) -> click.ClickException:
    message = str(error)
    return click.ClickException(message[0].upper() + message[1:])


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


def _clocks(as_of: str | None, known_at: str | None) -> dict[str, Any]:
    from ccc.projections.queries import parse_known_at

    return {
        "as_of": _day(as_of, "--as-of"),
        "known_at": parse_known_at(known_at) if known_at else None,
    }


def _day(text: str | None, what: str) -> date | None:
    from ccc.dates import parse_day

    return parse_day(text, what) if text else None


def _clock_title(clocks: dict[str, Any]) -> str:
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
        from ccc.projections.runner import catch_up
        from ccc.render import progress
        from ccc.store import last_event_position, views_position

        behind = last_event_position(store) - (views_position(store) or 0)
        with progress(behind, "Updating the views") as advance:
            catch_up(store, advance)
    from ccc.projections import queries

    return queries.connect(store)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


# -- writing ---------------------------------------------------------------------------


@cli.group(cls=LazyGroup, load=_record_commands)
def record() -> None:
    """Record something that happened (one subcommand per kind)."""


@cli.group(cls=LazyGroup, load=_case_commands)
def case() -> None:
    """Open, close, reopen or show a case."""


def record_items(
    ctx: click.Context, kind: str, values: dict[str, Any], recorded_by: str | None, as_json: bool
) -> None:
    """Validate and write one record (called by the generated record/case commands)."""
    from ccc.writing import actor, validate, write

    try:
        item = validate(kind, values, cli=True, store=ctx.obj.store)
        [outcome] = write(ctx.obj.store, [item], actor(recorded_by))
    except CccError as error:
        raise fail(error) from error
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


@cli.command()
@click.argument("record_id", metavar="ID")
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


@cli.command()
@click.argument("record_id", metavar="ID")
@click.option("--reason", required=True, help="Why the record should not have been made.")
@click.option("--as", "recorded_by", help="Who is recording (default: CCC_ACTOR, login).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def retract(
    ctx: click.Context, record_id: str, reason: str, recorded_by: str | None, as_json: bool
) -> None:
    """Retract a record: it stays in the log, marked, but leaves status and counts."""
    record_items(ctx, "retract", {"id": record_id, "reason": reason}, recorded_by, as_json)


@cli.command("import")
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
    from ccc.render import progress
    from ccc.writing import actor, import_export, import_file

    try:
        if file.endswith(".jsonl"):
            count = import_export(ctx.obj.store, file)
            click.echo(f"Imported {count} records from the export {file}, as they were.")
            return
        outcomes = import_file(ctx.obj.store, file, actor(recorded_by), progress)
    except CccError as error:
        raise fail(error) from error
    new = sum(1 for outcome in outcomes if outcome.status == "recorded")
    click.echo(
        f"Imported {new} new record(s) from {file}; {len(outcomes) - new} were already in the log."
    )


@cli.group()
def register() -> None:
    """The treaty register: deposits, entry into force and withdrawals."""


@register.command("load")
@click.argument("file", required=False)
@click.option("--as", "recorded_by", help="Who is recording (default: CCC_ACTOR, login).")
@click.pass_context
def register_load(ctx: click.Context, file: str | None, recorded_by: str | None) -> None:
    """Record every State's deposit and withdrawal from the UN depositary's table.

    Without FILE, loads the table shipped with ccc (data/states-parties.csv: 166 States,
    status at 2026-02-03; its sources are in data/states-parties.sources.md). Loading it
    again records nothing new.
    """
    from ccc.writing import actor, load_register

    try:
        outcomes = load_register(ctx.obj.store, file, actor(recorded_by))
    except CccError as error:
        raise fail(error) from error
    new = sum(1 for outcome in outcomes if outcome.status == "recorded")
    click.echo(f"Recorded {new} register record(s); {len(outcomes) - new} were already in the log.")


# -- reading ---------------------------------------------------------------------------


def _awaiting(row: dict[str, Any]) -> str:
    return ", ".join(f"{a['party']} ({a['days']} days)" for a in row["awaiting_reply"])


BOARD_COLUMNS = [
    Column("Reference", lambda r: r["reference"]),
    Column("Title", lambda r: r["title"], wrap=2),
    Column("States", lambda r: r["states"]),
    Column("Articles", lambda r: r["articles"]),
    Column("Status", lambda r: r["status"] + (f": {r['outcome']}" if r["outcome"] else "")),
    Column("On the Committee", lambda r: r["committee_members_concerned"]),
    Column("Last activity", lambda r: r["last_activity"]),
    Column("Last contact", lambda r: r["last_contact"], wrap=1),
    Column("Awaiting reply", _awaiting, wrap=1),
    Column("Restricted", lambda r: r["restricted_records"]),
]


def _kind(row: dict[str, Any]) -> str:
    marks = {"corrected": " (corrected)", "retracted": " (retracted)"}
    return str(row["kind"]) + marks.get(row.get("status", ""), "")


def _plain(value: Any) -> str:
    """A corrected value for people: parties by name, lists joined, nothing as (none)."""
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) or "(none)"
    if isinstance(value, dict):
        return str(value.get("name", value))
    return "(none)" if value is None else str(value)


def _summary(row: dict[str, Any]) -> str:
    if row.get("entry") == "correction":
        changed = "; ".join(
            f"{field}: {_plain(change['from'])} -> {_plain(change['to'])}"
            for field, change in row["changes"].items()
            if field not in ("earliest", "latest")
        )
        return f"Corrects {row['target']}: {changed}. Why: {row['reason']}"
    if row.get("entry") == "retraction":
        return f"Retracts {row['target']}. Why: {row['reason']}"
    return str(row["summary"])


RECORD_COLUMNS = [
    Column("Id", lambda r: r["id"]),
    Column("Occurred", lambda r: r["occurred"] + (" (uncertain)" if r.get("uncertain") else "")),
    Column("Kind", _kind),
    Column("Summary", _summary, wrap=1),
    Column("Parties", lambda r: r["parties"], wrap=1),
    Column("Restricted", lambda r: r["restricted"]),
    Column(
        "Recorded", lambda r: f"{r['recorded_at'][:16].replace('T', ' ')} by {r['recorded_by']}"
    ),
]
LOG_COLUMNS = [*RECORD_COLUMNS[:5], Column("Cases", lambda r: r["cases"]), *RECORD_COLUMNS[5:]]
FIELD_COLUMNS = [
    Column("Field", lambda r: r["field"]),
    Column("Value", lambda r: r["value"], wrap=1),
]


@cli.command()
@clock_options
@format_options()
@click.pass_context
def status(ctx: click.Context, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """The case board: each case's status, last activity and who we are waiting on."""
    from ccc.dates import today
    from ccc.projections import queries

    try:
        clocks = _clocks(as_of, known_at)
        rows = queries.board(read_views(ctx), today=today(), **clocks)
    except CccError as error:
        raise fail(error) from error
    title = "Cases" + _clock_title(clocks)
    from ccc.render import output

    output(rows, BOARD_COLUMNS, fmt=fmt, title=title, empty="No cases yet.")


@case.command("show")
@click.argument("reference")
@clock_options
@format_options(csv=False)
@click.pass_context
def case_show(
    ctx: click.Context, reference: str, as_of: str | None, known_at: str | None, fmt: str
) -> None:
    """One case: its board row and its records by kind."""
    from ccc.dates import today
    from ccc.projections import queries
    from ccc.render import print_json, print_table

    try:
        connection = read_views(ctx)
        detail = queries.case_detail(
            connection,
            queries.resolve_case(connection, reference),
            today=today(),
            **_clocks(as_of, known_at),
        )
    except CccError as error:
        raise fail(error) from error
    if fmt == "json":
        print_json(detail)
        return
    fields = [
        *BOARD_COLUMNS,
        Column("Next deadline", lambda r: r["next_deadline"]),
        Column("Records by kind", lambda r: r["records_by_kind"]),
    ]
    rows = [{"field": column.heading, "value": column.value(detail)} for column in fields]
    print_table(f"Case {detail['reference']}", rows, FIELD_COLUMNS, empty="")


@cli.command()
@click.argument("reference")
@clock_options
@click.option("--public", is_flag=True, help="Count restricted records but do not show them.")
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
    from ccc.projections import queries
    from ccc.render import output

    try:
        connection = read_views(ctx)
        reference = queries.resolve_case(connection, reference)
        rows = queries.history(connection, reference, public=public, **_clocks(as_of, known_at))
    except CccError as error:
        raise fail(error) from error
    output(rows, RECORD_COLUMNS, fmt=fmt, title=f"History of {reference}", empty="No records.")


@cli.command()
@click.option("--kind", "kinds", multiple=True, help="Only records of this kind (repeatable).")
@click.option("--party", help="Only records involving this party (code or name).")
@click.option("--case", "case_ref", metavar="REF", help="Only records of this case.")
@click.option("--since", metavar="DAY", help="Only records that happened on or after DAY.")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="At most this many.")
@click.option("--public", is_flag=True, help="Count restricted records but do not show them.")
@clock_options
@format_options()
@click.pass_context
def log(
    ctx: click.Context,
    kinds: tuple[str, ...],
    party: str | None,
    case_ref: str | None,
    since: str | None,
    limit: int,
    public: bool,
    as_of: str | None,
    known_at: str | None,
    fmt: str,
) -> None:
    """Every record, newest first."""
    from ccc.projections import queries
    from ccc.render import output

    try:
        connection = read_views(ctx)
        if case_ref:
            case_ref = queries.resolve_case(connection, case_ref)
        if party and not queries.party_is_known(connection, party):
            from ccc.parties import resolve_party

            party = resolve_party(party).label
        rows = queries.log(
            connection,
            kinds=kinds,
            party=party,
            case=case_ref,
            since=_day(since, "--since"),
            limit=limit,
            public=public,
            **_clocks(as_of, known_at),
        )
    except CccError as error:
        raise fail(error) from error
    output(rows, LOG_COLUMNS, fmt=fmt, title="Log", empty="No records match.")


def _on(clocks: dict[str, Any]) -> date:
    from ccc.dates import today

    return clocks["as_of"] or today()


@cli.command()
@clock_options
@format_options()
@click.pass_context
def members(ctx: click.Context, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """The States Parties bound on a day (default: today), and how many.

    Deposit and entry into force are kept apart: a State that has deposited its
    instrument is bound only from entry into force (Article 17); a withdrawal takes effect
    six months after the Depositary receives the instrument (Article 20).
    """
    from ccc.projections import queries
    from ccc.render import output, print_json

    try:
        clocks = _clocks(as_of, known_at)
        answer = queries.members(read_views(ctx), _on(clocks), clocks["known_at"])
    except CccError as error:
        raise fail(error) from error
    if fmt == "json":
        print_json(answer)
        return
    output(
        answer["states"],
        MEMBER_COLUMNS,
        fmt=fmt,
        title=f"States Parties on {answer['as_of']}: {answer['count']} bound",
        empty="No register records: run `ccc register load`.",
    )


MEMBER_COLUMNS = [
    Column("State", lambda r: r["state"]),
    Column(
        "Standing", lambda r: r["standing"] + (" (deferred)" if r["withdrawal_deferred"] else "")
    ),
    Column("Instrument", lambda r: r["instrument"]),
    Column("Deposited", lambda r: r["deposited"]),
    Column("In force", lambda r: r["entry_into_force"]),
    Column("Withdrawal received", lambda r: r["withdrawal_received"]),
    Column("Withdrawal effective", lambda r: r["withdrawal_effective"]),
]

DEADLINE_COLUMNS = [
    Column("Party", lambda r: r["party"]),
    Column("Article", lambda r: r["article"]),
    Column("Obligation", lambda r: r["obligation"], wrap=2),
    Column("Due", lambda r: r["due"] + (" (assumed)" if r["assumed"] else "")),
    Column("Status", lambda r: r["status"] + (f" ({r['days']} days)" if r["days"] else "")),
    Column("Basis", lambda r: r["basis"] + (f"; {r['flag']}" if r.get("flag") else ""), wrap=2),
    Column("Met by", lambda r: r["met_by"]),
]


@cli.command()
@clock_options
@click.option("--party", metavar="STATE", help="Only this State's obligations.")
@click.option("--overdue", is_flag=True, help="Only obligations overdue on the day.")
@format_options()
@click.pass_context
def deadlines(
    ctx: click.Context,
    as_of: str | None,
    known_at: str | None,
    party: str | None,
    overdue: bool,
    fmt: str,
) -> None:
    """Every obligation with a clock, its due date, how it was computed, and its status.

    Statuses: not_due, due, met_on_time, met_late (days), overdue (days), uncertain (a
    date's precision leaves it open). Articles 7(1), 7(2), 4, 5 (with its extensions) and
    8(2), and letters that asked for a reply by a day. Articles 4 and 5 are listed for the
    States whose log holds a record under them.
    """
    from ccc.projections import queries
    from ccc.render import output

    try:
        clocks = _clocks(as_of, known_at)
        state = None
        if party:
            from ccc.parties import resolve_state

            state = resolve_state(party)
        rows = queries.deadlines(read_views(ctx), _on(clocks), clocks["known_at"], state, overdue)
    except CccError as error:
        raise fail(error) from error
    output(
        rows,
        DEADLINE_COLUMNS,
        fmt=fmt,
        title=f"Deadlines on {_on(clocks)}",
        empty="No obligations with a clock: load the register with `ccc register load`.",
    )


@cli.group()
def party() -> None:
    """A State's dossier."""


@party.command("show")
@click.argument("state")
@clock_options
@format_options(csv=False)
@click.pass_context
def party_show(
    ctx: click.Context, state: str, as_of: str | None, known_at: str | None, fmt: str
) -> None:
    """One State: membership, obligations and deadlines, Committee seats, cases,
    letters and meetings, and the replies with the days they took."""
    from ccc.parties import resolve_state
    from ccc.projections import queries
    from ccc.render import print_json, print_table

    try:
        clocks = _clocks(as_of, known_at)
        code = resolve_state(state)
        dossier = queries.party_dossier(read_views(ctx), code, _on(clocks), clocks["known_at"])
    except CccError as error:
        raise fail(error) from error
    if fmt == "json":
        print_json(dossier)
        return
    membership = dossier["membership"] or {}
    facts = [
        ("State", code),
        ("Standing", membership.get("standing", "no register record")),
        ("Instrument", membership.get("instrument")),
        ("Deposited", membership.get("deposited")),
        (
            "In force",
            f"{membership.get('entry_into_force')} ({membership.get('entry_into_force_basis')})"
            if membership
            else None,
        ),
        (
            "Withdrawal",
            membership.get("withdrawal_effective") or membership.get("withdrawal_received"),
        ),
        (
            "Committee",
            "; ".join(
                c["period"] + (" (chair)" if c["chair"] else "") for c in dossier["committee"]
            ),
        ),
        ("Cases", ", ".join(dossier["cases"])),
        (
            "Replies",
            "; ".join(
                f"{r['letter']} -> {r['reply']} in {r['days']} days" for r in dossier["replies"]
            ),
        ),
    ]
    print_table(
        f"{code} on {dossier['as_of']}",
        [{"field": k, "value": v} for k, v in facts],
        FIELD_COLUMNS,
        empty="",
    )
    print_table(
        "Obligations", dossier["obligations"], DEADLINE_COLUMNS[1:], empty="No obligations."
    )
    print_table(
        "Letters, communications and meetings",
        dossier["correspondence"],
        RECORD_COLUMNS,
        empty="None.",
    )


@cli.command()
@click.option(
    "--check",
    is_flag=True,
    help="Rebuild into a fresh file and compare every table with the live views instead.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild even though the log does not verify (the views' record of it is lost).",
)
@click.pass_context
def rebuild(ctx: click.Context, check: bool, force: bool) -> None:
    """Recreate every view from the log (views are disposable).

    The log is verified first: the views hold the digests of every record they read, and
    rebuilding from an altered log would erase that evidence, so an unverified log is not
    rebuilt without --force. With --check, nothing is replaced: the views are rebuilt
    beside the live ones and each table is compared by digest; any difference is named
    and the exit status is 1.
    """
    from ccc import audit
    from ccc.projections import runner
    from ccc.render import progress
    from ccc.store import last_event_position

    store: Store = ctx.obj.store
    try:
        store.require()
        report = audit.verify_store(store)
        if not report.ok and not force:
            raise InvalidInput(
                f"the log does not verify ({report.first()}), and a rebuild would erase the "
                "views' record of it; investigate with `ccc verify --json`, or give --force."
            )
        with progress(last_event_position(store), "Rebuilding the views") as advance:
            if check:
                differ = runner.check(store, advance)
            else:
                count = runner.rebuild(store, advance)
    except CccError as error:
        raise fail(error) from error
    if not check:
        click.echo(f"Rebuilt the views from {count} event(s).")
    elif differ:
        tables = ", ".join(sorted(differ))
        raise click.ClickException(
            f"A fresh rebuild differs from the live views in: {tables}; run `ccc rebuild` "
            "to replace them, and report it: the same log must always give the same views."
        )
    else:
        click.echo("A fresh rebuild gives exactly the live views: every table matches.")


# -- reports -------------------------------------------------------------------------------


@cli.group()
def report() -> None:
    """Reports drafted from the log (Markdown or HTML; templates are files)."""


def _emit(text: str | bytes, out: str | None, what: str) -> None:
    if out is None:
        if isinstance(text, bytes):
            raise InvalidInput(f"give --out FILE for the {what}: it is not text.")
        click.echo(text, nl=False)
        return
    if isinstance(text, bytes):
        with open(out, "wb") as binary:
            binary.write(text)
    else:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    click.echo(f"Wrote the {what} to {out}.", err=True)


@report.command("activities")
@click.option("--from", "start", required=True, metavar="DAY", help="First day (YYYY-MM-DD).")
@click.option("--to", "end", required=True, metavar="DAY", help="Last day (YYYY-MM-DD).")
@click.option("--public", is_flag=True, help="Count restricted records; never name them.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md")
@click.option("--templates", metavar="DIR", help="Use the templates in DIR before ccc's own.")
@click.option("--out", metavar="FILE", help="Write here (default: standard output).")
@click.pass_context
def report_activities(
    ctx: click.Context,
    start: str,
    end: str,
    public: bool,
    fmt: str,
    templates: str | None,
    out: str | None,
) -> None:
    """The 'Activities of the Committee' section, drafted from the records of a period.

    Numbered paragraphs in order of occurrence: one per case, one for each meeting of the
    Committee with what it decided, one per other activity. The same log gives the same
    bytes; the text ends with the log position and running digest it was drafted from.
    Wording lives in templates (activities.md.j2, activities.html.j2, sentences.j2).
    """
    from ccc.projections import queries
    from ccc.reports import activities
    from ccc.reports.render import render

    try:
        first, last = _day(start, "--from"), _day(end, "--to")
        assert first and last
        if last < first:
            raise InvalidInput("--to is before --from; give the period's first day first.")
        connection = read_views(ctx)
        context = activities.draft(queries.records_known(connection), first, last, public=public)
        context["position"], context["digest"] = queries.log_head(connection)
        text = render(f"activities.{fmt}.j2", context, templates)
        _emit(text, out, "activities report")
    except CccError as error:
        raise fail(error) from error


@report.command("case")
@click.argument("reference")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md")
@click.option("--templates", metavar="DIR", help="Use the templates in DIR before ccc's own.")
@click.option("--out", metavar="FILE", help="Write here (default: standard output).")
@click.option("--png", metavar="FILE", help="Also write the timeline as a PNG picture.")
@click.pass_context
def report_case(
    ctx: click.Context,
    reference: str,
    fmt: str,
    templates: str | None,
    out: str | None,
    png: str | None,
) -> None:
    """A case's dossier: summary, parties, status, letters with replies and days, every
    record in order, and a timeline (SVG, embedded; PNG with --png)."""
    from ccc.dates import today
    from ccc.projections import queries
    from ccc.reports import dossier, timeline
    from ccc.reports.render import render

    try:
        connection = read_views(ctx)
        ref = queries.resolve_case(connection, reference)
        context = dossier.dossier(connection, ref, today())
        _emit(render(f"case.{fmt}.j2", context, templates), out, "case dossier")
        if png:
            records = queries.records_known(connection, reference=ref)
            picture = timeline.draw(records, context["waits"], today(), "png")
            _emit(picture, png, "timeline")
    except CccError as error:
        raise fail(error) from error


@report.command("summary")
@click.option("--year", type=int, required=True, help="The calendar year.")
@click.option("--public", is_flag=True, help="Count restricted records; never name their States.")
@format_options()
@click.pass_context
def report_summary(ctx: click.Context, year: int, public: bool, fmt: str) -> None:
    """A year in figures: letters sent and replies received (replies counted from March of
    the year to February of the next), meetings by format, cases opened and closed, by
    State and by Article."""
    from ccc.projections import queries
    from ccc.render import output, print_json, print_table
    from ccc.reports.summary import rows, summary

    try:
        answer = summary(queries.records_known(read_views(ctx)), year, public=public)
    except CccError as error:
        raise fail(error) from error
    if fmt == "json":
        print_json(answer)
        return
    table = rows(answer)
    columns = [
        Column("Section", lambda r: r["section"]),
        Column("Item", lambda r: r["item"]),
        Column("Count", lambda r: r["count"]),
    ]
    if fmt == "csv":
        output(table, columns, fmt="csv", title="", empty="")
        return
    print_table(
        f"Summary of {year} (replies counted {answer['replies_window'][0]} to "
        f"{answer['replies_window'][1]})",
        table,
        columns,
        empty="Nothing recorded.",
    )


@cli.command()
@click.option("--as-of", "as_of", metavar="DAY", help="Judge overdue replies on this day.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def check(ctx: click.Context, as_of: str | None, as_json: bool) -> None:
    """What a careful officer would question: meetings or letters dated before a case's
    first allegation, replies dated before their letter, likely duplicates, replies past
    their requested day, allegations and replies outside any case. Exits 1 if it finds
    anything, 0 if the log is clean."""
    from ccc.dates import today
    from ccc.projections import queries
    from ccc.render import print_table
    from ccc.reports.check import findings

    try:
        found = findings(queries.records_known(read_views(ctx)), _day(as_of, "--as-of") or today())
    except CccError as error:
        raise fail(error) from error
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    elif found:
        print_table(
            f"{len(found)} finding(s)",
            found,
            [
                Column("Check", lambda r: r["check"]),
                Column("Records", lambda r: r["records"]),
                Column("Problem", lambda r: r["problem"], wrap=2),
                Column("Suggested fix", lambda r: r["fix"], wrap=2),
            ],
            empty="",
        )
    else:
        click.echo("No findings: the log is clean.")
    ctx.exit(1 if found else 0)


# -- auditing ------------------------------------------------------------------------------


def _anchors(since_manifest: str | None, checkpoint: str | None, pubkey: str | None) -> list[Any]:
    from ccc.audit import Anchor, read_manifest

    anchors = []
    if since_manifest:
        old = read_manifest(since_manifest)
        anchors.append(Anchor("the earlier export's manifest", old["records"], old["final_digest"]))
    if checkpoint or pubkey:
        if not (checkpoint and pubkey):
            raise InvalidInput(
                "--checkpoint and --pubkey go together: the note and the key that signed it."
            )
        from ccc.checkpoints import open_note

        note = open_note(_read(checkpoint), _read(pubkey))
        anchors.append(
            Anchor(f"the checkpoint signed for {note.origin}", note.records, note.root.hex())
        )
    return anchors


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}.") from error


@cli.command()
@click.argument("export_file", required=False, metavar="[EXPORT]")
@click.option(
    "--since-manifest",
    metavar="OLD",
    help="An earlier export's manifest: check "
    "that this log or export extends it (same first records, nothing rewritten).",
)
@click.option("--checkpoint", metavar="NOTE", help="A signed checkpoint to check against.")
@click.option("--pubkey", metavar="FILE", help="The public key the checkpoint is signed with.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def verify(
    ctx: click.Context,
    export_file: str | None,
    since_manifest: str | None,
    checkpoint: str | None,
    pubkey: str | None,
    as_json: bool,
) -> None:
    """Check that the log (or an export of it) was not altered.

    Recomputes every record's digest and the log's running digest from the raw store or
    export, and compares them with what the views recorded, the export's manifest, an
    earlier manifest and a signed checkpoint. Exits 1 naming the first record that does
    not match.
    """
    from ccc import audit

    try:
        anchors = _anchors(since_manifest, checkpoint, pubkey)
        if export_file:
            report = audit.verify_export(export_file, anchors)
        else:
            report = audit.verify_store(ctx.obj.store, anchors)
    except CccError as error:
        raise fail(error) from error
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "records": report.records,
                    "running_digest": report.running,
                    "views_compared": report.views_compared,
                    "anchors_checked": report.anchors_checked,
                    "problems": [
                        {"position": p, "problem": what} for p, what in sorted(report.problems)
                    ],
                },
                indent=2,
            )
        )
    if not report.ok:
        more = len(report.problems) - 1
        extra = (
            f" ({more} more problem{'s' if more > 1 else ''}; --json lists them)" if more else ""
        )
        raise click.ClickException(report.first()[0].upper() + report.first()[1:] + "." + extra)
    if not as_json:
        what = f"{export_file} and its manifest" if export_file else "the store"
        checked = [f"the views ({report.views_compared} records)"] if report.views_compared else []
        checked += report.anchors_checked
        against = f"; it agrees with {', '.join(checked)}" if checked else ""
        click.echo(
            f"Verified {report.records} records in {what}: every digest holds{against}. "
            f"Running digest: {report.running}"
        )


@cli.command()
@click.argument("file", metavar="FILE")
@click.pass_context
def export(ctx: click.Context, file: str) -> None:
    """Write every record as canonical JSON Lines to FILE, and FILE.manifest.json.

    The format is specified in docs/export-format.md, for auditors who verify it with
    `ccc verify FILE` or with their own tools. `ccc import FILE` (ending .jsonl) loads it
    into an empty store.
    """
    from ccc import audit

    try:
        manifest = audit.export(ctx.obj.store, file)
    except CccError as error:
        raise fail(error) from error
    click.echo(
        f"Exported {manifest['records']} records to {file}; manifest "
        f"{audit.manifest_path(file)}; final digest {manifest['final_digest']}"
    )


@cli.command()
@click.argument("name")
@click.option(
    "--out",
    "prefix",
    required=True,
    metavar="PREFIX",
    help="Write the keys to PREFIX.key (private) and PREFIX.pub (public).",
)
@click.pass_context
def keygen(ctx: click.Context, name: str, prefix: str) -> None:
    """Make an Ed25519 key pair named NAME (such as example.org/ccc-log) for checkpoints.

    Keep PREFIX.key private (it is written readable by you alone, never inside a store);
    give PREFIX.pub to whoever verifies checkpoints.
    """
    import os

    from ccc.checkpoints import new_key_pair

    private_path, public_path = f"{prefix}.key", f"{prefix}.pub"
    store = ctx.obj.store
    try:
        inside = os.path.commonpath([os.path.abspath(private_path), os.path.abspath(store.root)])
        if inside == os.path.abspath(store.root):
            raise InvalidInput(
                f"keys are never written inside the store ({store.root}); choose another --out."
            )
        for path in (private_path, public_path):
            if os.path.exists(path):
                raise InvalidInput(f"{path} exists already; choose another --out.")
        private, public = new_key_pair(name)
        descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(private)
        with open(public_path, "x", encoding="utf-8") as handle:
            handle.write(public)
    except CccError as error:
        raise fail(error) from error
    click.echo(f"Wrote {private_path} (private: keep it safe) and {public_path} (public).")


@cli.command()
@click.option("--key", "key_file", required=True, metavar="FILE", help="The private key file.")
@click.option("--out", metavar="NOTE", help="Write the note here (default: standard output).")
@click.pass_context
def checkpoint(ctx: click.Context, key_file: str, out: str | None) -> None:
    """Sign the log's current size and running digest (a note in C2SP checkpoint form).

    The store is verified first; a store that does not verify is not signed. Anyone with
    the public key can later check the log, or an export, against the note with
    `ccc verify --checkpoint NOTE --pubkey FILE`.
    """
    from ccc import audit
    from ccc.checkpoints import Checkpoint, key_name, sign

    try:
        key_text = _read(key_file)
        name = key_name(key_text)
        report = audit.verify_store(ctx.obj.store)
        if not report.ok:
            raise InvalidInput(f"the store does not verify, so it was not signed: {report.first()}")
        note = sign(Checkpoint(name, report.records, bytes.fromhex(report.running)), key_text)
    except CccError as error:
        raise fail(error) from error
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(note)
        click.echo(f"Signed a checkpoint of {report.records} records to {out}.")
    else:
        click.echo(note, nl=False)


@cli.command()
@format_options(csv=False)
@click.pass_context
def info(ctx: click.Context, fmt: str) -> None:
    """Which store is in use, and how big it is."""
    from ccc.projections import queries
    from ccc.render import print_json, print_table

    store: Store = ctx.obj.store
    try:
        details = {"store": store.root, "backend": "sqlite", "exists": store.exists()}
        if store.exists():
            details.update(queries.info(read_views(ctx)))
            details["bytes"] = store.size()
    except CccError as error:
        raise fail(error) from error
    if fmt == "json":
        print_json(details)
    else:
        rows = [{"field": k, "value": v} for k, v in details.items()]
        print_table("Store", rows, FIELD_COLUMNS, empty="")


def main() -> None:
    try:
        cli()
    except BrokenPipeError:  # `ccc log | head`
        sys.stderr.close()
