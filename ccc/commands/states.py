"""The treaty register: `register load`, `members`, `deadlines`, `party show`."""

from __future__ import annotations

import sys
from typing import Any

import click

from ccc.commands import completion
from ccc.commands.columns import (
    DEADLINE_COLUMNS,
    DEADLINE_LINE,
    MEMBER_COLUMNS,
    MEMBER_LINE,
    PERIOD_COLUMNS,
    PERIOD_LINE,
    RECORD_COLUMNS,
    RECORD_LINE,
)
from ccc.commands.common import (
    WholeNumber,
    clock_options,
    format_options,
    on_day,
    project_written,
    public_option,
    read_clocks,
    read_views,
    reads,
    say_waiting,
)


@click.group()
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
    from ccc.application.importing import load_register
    from ccc.application.writing import actor

    outcomes = load_register(ctx.obj.store, file, actor(recorded_by), say_waiting)
    new = sum(1 for outcome in outcomes if outcome.status == "recorded")
    click.echo(f"Recorded {new} register record(s); {len(outcomes) - new} were already in the log.")
    if new:
        project_written(ctx)


@reads
@click.command()
@clock_options
@click.option(
    "--signatories",
    is_flag=True,
    help="Only the States that had signed but not ratified (or acceded) by the day.",
)
@format_options()
@click.pass_context
def members(
    ctx: click.Context, as_of: str | None, known_at: str | None, signatories: bool, fmt: str
) -> None:
    """The States Parties bound on a day (default: today), and how many.

    Signature, deposit and entry into force are kept apart: a signatory is bound to
    nothing the Convention tracks until it ratifies; a State that has deposited its
    instrument is bound only from entry into force (Article 17); a withdrawal takes effect
    six months after the Depositary receives the instrument (Article 20).
    """
    from ccc.commands.output import output, print_json
    from ccc.projections import obligations

    clocks = read_clocks(as_of, known_at)
    answer = obligations.members(read_views(ctx), on_day(clocks), clocks["known_at"])
    states = answer["states"]
    title = f"States Parties on {answer['as_of']}: {answer['count']} bound"
    if signatories:
        states = [s for s in states if s["standing"] == "signatory"]
        title = f"Signatories that had not ratified on {answer['as_of']}: {len(states)}"
        answer = {**answer, "states": states}
    if fmt == "json":
        print_json(answer)
        return
    output(
        states,
        MEMBER_COLUMNS,
        fmt=fmt,
        title=title,
        line=MEMBER_LINE,
        empty="No such State on that day."
        if signatories
        else "No register records: run `ccc register load`.",
    )


@reads
@click.command()
@clock_options
@click.option("--party", metavar="STATE", help="Only this State's obligations.")
@click.option("--overdue", is_flag=True, help="Only obligations overdue on the day.")
@click.option(
    "--all", "everything", is_flag=True, help="Also the obligations already met (the whole ledger)."
)
@click.option(
    "--not-tracked",
    is_flag=True,
    help="Only the obligations the log does not track (see `ccc record coverage`).",
)
@public_option
@format_options()
@click.pass_context
def deadlines(
    ctx: click.Context,
    as_of: str | None,
    known_at: str | None,
    party: str | None,
    overdue: bool,
    everything: bool,
    not_tracked: bool,
    public: bool,
    fmt: str,
) -> None:
    """The obligations with a clock still open on the day: due date, how it was
    computed, status, and how long the State has been out of compliance. With --all,
    those already met too.

    Open: not yet due, due, overdue (days), uncertain (the record meeting it may be later,
    or a deadline given as a month or a year may have passed). Met: met on time, met late
    (days), met (its deadline not known), or uncertain when the date it was met spans the
    due date. --json gives each as a code (not_due, due, overdue, uncertain, met_on_time,
    met_late, met, not_tracked).

    Articles 7(1), 7(2), 4, 5 (with its extensions), 8(2), undertakings, and letters that
    asked for a reply by a day. Articles 4 and 5 bind a State from its declaration of
    stockpiles or mined areas (or any record under them). An obligation under Articles
    4, 5, 7 or 9 that falls due outside what the log tracks (`ccc record coverage`), and
    that no record meets, is not tracked: counted below the table, never overdue.
    """
    from ccc.commands.output import output
    from ccc.projections import obligations

    clocks = read_clocks(as_of, known_at)
    state = None
    if party:
        from ccc.domain.parties import resolve_state

        state = resolve_state(party)
    rows, untracked = obligations.deadlines(
        read_views(ctx),
        on_day(clocks),
        clocks["known_at"],
        state,
        overdue,
        public=public,
        everything=everything,
        not_tracked=not_tracked,
    )
    if rows or not untracked or fmt != "table":
        output(
            rows,
            DEADLINE_COLUMNS,
            fmt=fmt,
            title=f"Deadlines on {on_day(clocks)}",
            line=DEADLINE_LINE,
            empty=(
                "No obligations with a clock: load the register with `ccc register load`."
                if everything or not_tracked
                else "No open obligations the log tracks on that day (--all lists those met too)."
            ),
        )
    if untracked and not not_tracked:
        say_untracked(untracked, fmt, alone=not rows)


def say_untracked(
    untracked: dict[str, int], fmt: str, alone: bool = False, lister: str = "`--not-tracked`"
) -> None:
    """One line on what the log does not track: after a table (or instead of an empty
    one), or on stderr when the output is data; `lister` is the command that lists them."""
    from ccc.commands.terminal import wrap

    total = sum(untracked.values())
    by_article = ", ".join(f"{article}: {count:,}" for article, count in sorted(untracked.items()))
    lead = "Nothing open that the log tracks. " if alone and fmt == "table" else ""
    plural = "obligation" if total == 1 else "obligations"
    said = (
        f"{lead}Not tracked: {total:,} {plural} under Article {by_article}, none called "
        f"overdue; {lister} lists them, `ccc record coverage` sets what is tracked."
    )
    click.echo(wrap(said) if fmt == "table" else said, err=fmt != "table")


@click.group()
def party() -> None:
    """A State's dossier; parties the registry does not hold."""


@party.command("add")
@click.argument("name")
@click.option(
    "--kind",
    "party_kind",
    required=True,
    type=click.Choice(["organisation", "armed-group", "mechanism", "state-not-party"]),
    help="What it is: a mechanism is an international monitoring body.",
)
@click.option("--alias", "aliases", multiple=True, help="Another name for it (repeatable).")
@click.option("--title", help="Its full name, when NAME is short.")
@click.option("--source", help="Where it is described.")
@click.option("--as", "recorded_by", help="Who is recording (default: CCC_ACTOR, login).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def party_add(
    ctx: click.Context,
    name: str,
    party_kind: str,
    aliases: tuple[str, ...],
    title: str | None,
    source: str | None,
    recorded_by: str | None,
    as_json: bool,
) -> None:
    """Add a party the registry does not hold (an armed group, a monitoring mechanism,
    an organisation, a State not party), as a record: from then on records can name it
    (`--by`, `--against`, `--to`, `--with` ...). Adding the same name again finds the
    record already there. Same as `ccc record party-added`."""
    from ccc.commands.recording import record_items

    values = {"name": name, "party_kind": party_kind, "alias": list(aliases)}
    values.update({k: v for k, v in (("title", title), ("source", source)) if v})
    record_items(ctx, "party-added", values, recorded_by, as_json)


@reads
@party.command("show")
@click.argument("state", shell_complete=completion.parties)
@clock_options
@public_option
@click.option(
    "--limit",
    type=WholeNumber(min=0),
    default=None,
    help="At most this many rows in each list, the most pressing or newest first, and how "
    "many each holds (0: all). Default: 20 in the tables; all in --json.",
)
@format_options(csv=False)
@click.pass_context
def party_show(
    ctx: click.Context,
    state: str,
    as_of: str | None,
    known_at: str | None,
    public: bool,
    limit: int | None,
    fmt: str,
) -> None:
    """One State: membership, obligations and deadlines, Committee seats, cases,
    letters and meetings, and the replies with the days they took.

    A busy State's lists are long (thousands of letters): the tables show 20 rows each
    (obligations not yet met first, then the latest due; letters and replies newest
    first) and say how many there are; --limit sets how many, 0 lists all."""
    from ccc.commands.output import print_fields, print_json, print_table
    from ccc.domain.names import state_name
    from ccc.domain.parties import resolve_state
    from ccc.projections import obligations

    clocks = read_clocks(as_of, known_at)
    code = resolve_state(state)
    shown = (limit or 0) if fmt == "json" else 20 if limit is None else limit
    dossier = obligations.party_dossier(
        read_views(ctx), code, on_day(clocks), clocks["known_at"], public=public, limit=shown
    )
    if fmt == "json":
        print_json(dossier)
        return
    membership = dossier["membership"] or {}
    facts = [
        ("State", f"{state_name(code)} ({code})"),
        ("Standing", membership.get("standing", "no register record")),
        ("Signed", membership.get("signed")),
        ("Instrument", membership.get("instrument")),
        ("Deposited", membership.get("deposited")),
        (
            "In force",
            f"{membership.get('entry_into_force')} ({membership.get('entry_into_force_basis')})"
            if membership.get("entry_into_force")
            else None,
        ),
        ("Withdrawal received", membership.get("withdrawal_received")),
        (
            "Withdrawal effective",
            membership.get("withdrawal_effective")
            or ("deferred (armed conflict)" if membership.get("withdrawal_deferred") else None),
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
                f"{r['letter']} -> {r['reply']} in {r['days']}"
                + (f" to {r['days_most']}" if r["days_most"] != r["days"] else "")
                + " days"
                for r in dossier["replies"]
            )
            + (f" ({more})" if (more := _more(dossier, "replies", "replies", "newest")) else ""),
        ),
    ]
    print_fields(f"{state_name(code)} on {dossier['as_of']}", facts)
    tracked = [r for r in dossier["obligations"] if r["status"] != "not_tracked"]
    # A page says how many it left untracked; the whole holds them as rows.
    untracked = dossier.get("not_tracked")
    if untracked is None:
        untracked = obligations.count_untracked(dossier["obligations"])
    print_table(
        "Obligations",
        tracked,
        DEADLINE_COLUMNS[1:],
        empty="Obligations: none the log tracks.",
        line=DEADLINE_LINE[1:],
    )
    _say_more(dossier, "obligations", "obligations the log tracks", "first")
    if untracked:
        say_untracked(untracked, "table", lister=f"`ccc deadlines --party {code} --not-tracked`")
    periods = [
        {"article": row["article"], "obligation": row["obligation"], **period}
        for row in dossier["obligations"]
        for period in row["out_of_compliance"]["periods"]
    ]
    if periods:
        print_table(
            "Periods out of compliance", periods, PERIOD_COLUMNS, empty="", line=PERIOD_LINE
        )
    print_table(
        "Letters, communications and meetings",
        dossier["correspondence"],
        RECORD_COLUMNS,
        empty="No letters, communications or meetings with this State.",
        line=RECORD_LINE,
    )
    _say_more(dossier, "correspondence", "letters, communications and meetings", "newest")


def _more(dossier: dict[str, Any], key: str, what: str, order: str) -> str:
    """'the newest 20 of 1,234 replies; --limit 0 lists all' for a list the dossier cut,
    or '' when none of it is left out."""
    shown = len(dossier[key])
    whole = dossier.get("listed_of", {}).get(key, shown)
    if shown >= whole:
        return ""
    return f"the {order} {shown} of {whole:,} {what}; --limit 0 lists all"


def _say_more(dossier: dict[str, Any], key: str, what: str, order: str) -> None:
    """Below a cut table, on stderr (a piped table stays rows alone): how many it holds."""
    more = _more(dossier, key, what, order)
    if more:
        sys.stdout.flush()
        click.echo(f"Shown: {more}.", err=True)
