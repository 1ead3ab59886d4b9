"""Reports: `report activities|case|summary` and `check`."""

from __future__ import annotations

from typing import Any

import click

from ccc.commands import completion
from ccc.commands.common import (
    F,
    WholeNumber,
    day,
    emit,
    format_options,
    public_option,
    read_views,
    reads,
)
from ccc.commands.output import Column
from ccc.errors import InvalidInput


@click.group()
def report() -> None:
    """Reports drafted from the log (Markdown or HTML; templates are files)."""


def document_options(function: F) -> F:
    """--format md|html, --templates DIR and --out FILE, for reports that are documents."""
    for option in reversed(
        [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["md", "html", "docx"]),
                default="md",
                help="Markdown (default), HTML, or Word (docx, with --out).",
            ),
            click.option(
                "--templates", metavar="DIR", help="Use the templates in DIR before ccc's own."
            ),
            click.option("--out", metavar="FILE", help="Write here (default: standard output)."),
        ]
    ):
        function = option(function)
    return function


@reads
@report.command("activities")
@click.option("--from", "start", required=True, metavar="DAY", help="First day (YYYY-MM-DD).")
@click.option("--to", "end", required=True, metavar="DAY", help="Last day (YYYY-MM-DD).")
@click.option("--symbol", help="Word: the document symbol, top right (e.g. APLC/MSP.22/...).")
@click.option("--dated", metavar="TEXT", help="Word: the document's date, as printed.")
@click.option(
    "--meeting",
    metavar="TEXT",
    help="Word: the Meeting it is for, top left (e.g. 'Twenty-Second Meeting of the States "
    "Parties, Geneva, 1-5 December 2025').",
)
@click.option(
    "--agenda-item", metavar="TEXT", help="Word: the agenda item, under the Meeting, as printed."
)
@click.option(
    "--period",
    metavar="PERIOD",
    help="The Committee's period of office whose composition heads the paper, as recorded "
    "(2025/2026; default: the one holding the first day).",
)
@click.option(
    "--provenance",
    is_flag=True,
    help="Word: also print the log position and digest in the text (always in its properties).",
)
@click.option(
    "--outline",
    metavar="FILE",
    help="A YAML list fixing the paragraphs' order: `- case: REF`, `- kind: KIND`, "
    "`- committee`; paragraphs it does not name follow in order of occurrence.",
)
@click.option(
    "--trace",
    is_flag=True,
    help="After each sentence, an HTML comment naming the records behind it (hidden when "
    "the Markdown or HTML is displayed).",
)
@public_option
@document_options
@click.pass_context
def report_activities(
    ctx: click.Context,
    start: str,
    end: str,
    symbol: str | None,
    dated: str | None,
    meeting: str | None,
    agenda_item: str | None,
    period: str | None,
    provenance: bool,
    outline: str | None,
    trace: bool,
    public: bool,
    fmt: str,
    templates: str | None,
    out: str | None,
) -> None:
    """The Committee's paper for a period: its composition, I. Activities and, when
    priorities are recorded, II. Priorities, in numbered paragraphs.

    The Committee's own work first, then one paragraph per case and per other activity,
    each where its latest record falls, as the Committee's papers run (--outline fixes
    another order). A record written as the
    Committee's sentence (--as-written) is printed as written. The same log gives the
    same bytes; the text ends with the log position and running digest it was drafted
    from. Wording lives in templates (activities.md.j2, activities.html.j2, sentences.j2).
    Word (docx) follows the United Nations' layout: A4, the Meeting and agenda item top
    left, the symbol, distribution and date top right, Times New Roman.
    """
    from datetime import date

    from ccc.domain import kinds
    from ccc.projections import board, clocks
    from ccc.projections.trail import Withheld
    from ccc.reports import activities
    from ccc.reports.templating import render

    first, last = day(start, "--from"), day(end, "--to")
    assert first and last
    if last < first:
        raise InvalidInput("--to is before --from; give the period's first day first.")
    connection = read_views(ctx)
    records = clocks.records_in_window(connection, first, last)
    order = None
    if outline is not None:
        from ccc.application.importing import load_yaml_list

        order = load_yaml_list(outline, "outline")
    cases = {reference for record in records for reference in record["cases"]}
    context = activities.draft(
        records,
        first,
        last,
        public=public,
        outline=order,
        openings=clocks.records_on_cases(connection, cases, kinds.CASE_OPEN),
        constituted=clocks.records_dated(
            connection, date(1997, 1, 1), last, [kinds.COMMITTEE_CONSTITUTED]
        ),
        secret_parties=Withheld(connection).parties if public else (),
        period=period,
    )
    context["trace"] = trace
    context["position"], context["digest"] = board.log_head(connection)
    if fmt == "docx":
        from ccc.reports.docx_paper import document

        if out is None:
            raise InvalidInput("give --out FILE.docx for a Word document: it is not text.")
        ctx.obj.store.refuse_output(out, "activities report")
        markdown = render("activities.md.j2", context, templates)
        word = document(
            markdown,
            symbol=symbol,
            dated=dated,
            meeting=meeting,
            agenda_item=agenda_item,
            provenance_in_text=provenance,
        )
        emit(ctx.obj.store, word, out, "activities report")
        return
    text = render(f"activities.{fmt}.j2", context, templates)
    emit(ctx.obj.store, text, out, "activities report", prose=fmt == "md")


@reads
@report.command("case")
@click.argument("reference", shell_complete=completion.cases)
@document_options
@click.option("--png", metavar="FILE", help="Also write the timeline as a PNG picture.")
@public_option
@click.pass_context
def report_case(
    ctx: click.Context,
    reference: str,
    fmt: str,
    templates: str | None,
    out: str | None,
    png: str | None,
    public: bool,
) -> None:
    """A case's dossier: summary, parties, status, letters with replies and days, every
    record in order, and a timeline (SVG, embedded; PNG with --png)."""
    from ccc.domain.dates import today
    from ccc.projections import board, clocks, resolve
    from ccc.reports import dossier, timeline
    from ccc.reports.templating import render

    if fmt == "docx" and out is None:
        raise InvalidInput("give --out FILE.docx for a Word document: it is not text.")
    if png:  # checked before anything is written
        try:
            import matplotlib  # noqa: F401 (an optional extra)
        except ImportError as error:
            raise InvalidInput(
                "--png needs matplotlib, which is optional: pip install 'ccc[png]' (the "
                "dossier itself holds the timeline as SVG)."
            ) from error
    for path, what in ((out, "case dossier"), (png, "timeline")):
        if path is not None:  # both checked before either is written
            ctx.obj.store.refuse_output(path, what)
    connection = read_views(ctx)
    ref = resolve.resolve_case(connection, reference, public)
    context = dossier.dossier(connection, ref, today(), public=public)
    context["position"], context["digest"] = board.log_head(connection)
    if fmt == "docx":
        from ccc.reports.docx_paper import document

        markdown = render("case.md.j2", context, templates)
        emit(ctx.obj.store, document(markdown, submitted=False), out, "case dossier")
    else:
        dossier_text = render(f"case.{fmt}.j2", context, templates)
        emit(ctx.obj.store, dossier_text, out, "case dossier", prose=fmt == "md")
    if png:
        records = clocks.records_known(connection, reference=ref)
        picture = timeline.draw(records, context["waits"], today(), "png")
        emit(ctx.obj.store, picture, png, "timeline")


@reads
@report.command("summary")
@click.option(
    "--year", type=WholeNumber(1997, 2100), metavar="YEAR", required=True, help="The calendar year."
)
@public_option
@format_options()
@click.pass_context
def report_summary(ctx: click.Context, year: int, public: bool, fmt: str) -> None:
    """A year in figures: letters sent and replies received (replies counted from March of
    the year to February of the next), meetings by format, cases opened and closed, by
    State and by Article."""
    from ccc.commands.output import output, print_json, print_table
    from ccc.projections import clocks
    from ccc.projections.trail import Withheld
    from ccc.reports.summary import KINDS, days_read, rows, summary

    connection = read_views(ctx)
    records = clocks.records_counted(connection, *days_read(year), kinds=KINDS)
    answer = summary(records, year, Withheld(connection).read(records) if public else None)
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
        [_in_words(row) for row in table],
        columns,
        empty="Nothing recorded.",
    )


def _in_words(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row as a person reads it: "letters sent", States by name (CSV and JSON
    keep the keys and codes, for scripts)."""
    from ccc.domain.names import state_name

    item = str(row["item"])
    if row["section"].endswith("by State"):
        item = state_name(item)
    elif row["section"] == "totals":
        item = item.replace("_", " ")
    elif row["section"].endswith("by Article"):
        item = f"Article {item}"
    return {**row, "section": row["section"].replace("_", " "), "item": item}


@reads
@click.command()
@click.option("--as-of", "as_of", metavar="DAY", help="Judge overdue replies on this day.")
@click.option("--from", "start", metavar="DAY", help="Check only records dated from this day.")
@click.option("--to", "end", metavar="DAY", help="Check only records dated up to this day.")
@public_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def check(
    ctx: click.Context,
    as_of: str | None,
    start: str | None,
    end: str | None,
    public: bool,
    as_json: bool,
) -> None:
    """What a careful officer would question: meetings or letters dated before a case's
    first allegation, replies dated before their letter, likely duplicates, letters not
    answered by the day checked (--as-of; a reply that came later does not count),
    replies that came after the day requested (with the days), undertakings past their
    day, meetings dated on a weekend or on 1 January or 25 December, a public reply to a
    restricted letter, summaries without a full stop, allegations and replies outside
    any case, and a sentence written as the Committee's (--as-written) naming a day,
    a State or a count of States its records do not hold. Each finding says how sure it
    is: certain, likely (a typing slip is the usual cause) or possible (a date's precision
    leaves it open). With --from/--to, only the records whose dates may fall in that
    period (the rest of the log is read only to judge them). Exits 1 if it finds
    anything, 0 if the log is clean."""
    from ccc.commands.output import print_json, print_table
    from ccc.domain.dates import today
    from ccc.reports.check import check_log

    first, last = day(start, "--from"), day(end, "--to")
    if first and last and last < first:
        raise InvalidInput("--to is before --from; give the period's first day first.")
    on = day(as_of, "--as-of") or today()
    found = check_log(read_views(ctx), on, first, last, public=public)
    if as_json:
        print_json(found)
    elif found:
        print_table(
            f"{len(found)} finding{'s' if len(found) != 1 else ''}",
            found,
            [
                Column("Check", lambda r: r["check"]),
                Column("Sure", lambda r: r["sure"]),
                Column("Records", lambda r: r["records"]),
                Column("Problem", lambda r: r["problem"], wrap=2),
                Column("Suggested fix", lambda r: r["fix"], wrap=2),
            ],
            empty="",
        )
    else:
        click.echo("No findings: the log is clean.")
    ctx.exit(1 if found else 0)
