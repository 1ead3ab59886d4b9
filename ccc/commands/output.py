"""Printing results: JSON, CSV, a rich table for a person, tab-separated text when piped."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple


class Column(NamedTuple):
    heading: str
    value: Callable[[dict[str, Any]], Any]
    wrap: int = 0  # long text: wraps, taking this share of the spare width; 0: one line


# Characters a terminal acts on (ESC, BEL, CR, DEL, the C1 controls such as CSI): text
# stored before ccc refused them is printed with them escaped, never raw.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code != 0x0A}
_JSON_CONTROLS = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}  # json escapes C0
_C1 = re.compile("[\x7f-\x9f]")
_ANY_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with every character a terminal would act on shown as an escape (a search
    first: translating a paper's 100 KB character by character took 20 ms, to change
    nothing in all but a few texts)."""
    return text.translate(_CONTROLS) if _ANY_CONTROL.search(text) else text


def print_json(data: Any) -> None:
    """Indented for people; one line for scripts. orjson writes it (a board of 3,000
    cases in a tenth of the json module's time, whose indent falls back to its
    pure-Python encoder); json what orjson does not (an integer beyond 64 bits)."""
    import orjson

    from ccc.commands.terminal import for_a_person

    person = for_a_person()
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2 if person else 0).decode("utf-8")
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, indent=2 if person else None)
    if _C1.search(text):  # rare; a search is 30 times faster than translating every time
        text = text.translate(_JSON_CONTROLS)
    sys.stdout.write(text)
    sys.stdout.write("\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    return printable(str(value))


def print_csv(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([column.heading for column in columns])
    for row in rows:
        writer.writerow([_cell(column.value(row)) for column in columns])


NARROW = 120  # below this many columns a wide table is printed one record per block
LONG = 300  # above this many rows a table is written line by line, as it is read


def _print_lines(
    width: int, title: str, rows: Sequence[dict[str, Any]], columns: Sequence[Column]
) -> None:
    """A long table as aligned plain text, written a row at a time: rich lays a table out
    whole before printing any of it, which took 53 s for 100,000 rows. Column widths come from
    the first rows (at most 30 characters, more for the columns that wrap); a longer
    value wraps within its column, never cut off."""
    import textwrap

    sample = rows[:LONG]
    widths = [
        min(30, max(len(column.heading), *(len(_cell(column.value(r))) for r in sample)))
        for column in columns
    ]
    fixed = sum(w for w, c in zip(widths, columns, strict=True) if not c.wrap)
    spare = max(20, width - fixed - 2 * (len(columns) - 1))
    shares = sum(c.wrap for c in columns) or 1
    for index, column in enumerate(columns):
        if column.wrap:
            widths[index] = max(10, spare * column.wrap // shares)
    write = sys.stdout.write
    write(f"{title}\n")
    write("  ".join(c.heading.ljust(w)[:w] for c, w in zip(columns, widths, strict=True)).rstrip())
    write("\n")
    for row in rows:
        cells = [  # nothing is cut off: a long value wraps within its column
            textwrap.wrap(_cell(c.value(row)), w, break_on_hyphens=False) or [""]
            for c, w in zip(columns, widths, strict=True)
        ]
        for line in range(max(len(cell) for cell in cells)):
            parts = [
                (cell[line] if line < len(cell) else "").ljust(w)
                for cell, w in zip(cells, widths, strict=True)
            ]
            write("  ".join(parts).rstrip() + "\n")


_last_stream: Any = None  # where the last tab-separated table went


def print_tsv(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> None:
    """Plain tab-separated lines, a heading line first, as `sqlite-utils` and `llm` print
    when piped: for `cut`, `sort` and `grep`. A tab or line break inside a value becomes a
    space, so every row stays one line."""
    global _last_stream
    write = sys.stdout.write
    if _last_stream is sys.stdout:  # a command that prints several tables: a blank line
        write("\n")
    _last_stream = sys.stdout
    write("\t".join(column.heading for column in columns) + "\n")
    for row in rows:
        cells = (_cell(column.value(row)) for column in columns)
        write("\t".join(" ".join(cell.split()) for cell in cells) + "\n")


def print_table(
    title: str,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    empty: str,
    line: Sequence[Column] | None = None,
) -> None:
    """A table for a person; piped (stdout not a terminal, whatever COLUMNS says), plain
    tab-separated text, with the empty message on stderr. On a terminal narrower than
    NARROW, `line` (the columns that matter most) gives one line per row."""
    from ccc.commands.terminal import width

    screen = width()
    if screen is None:
        if rows:
            print_tsv(rows, columns)
        else:
            sys.stderr.write(f"{empty}\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=sys.stdout, width=screen)
    if not rows:
        console.print(Text(empty))
        return
    cramped = screen < NARROW or _needs(rows, columns) > screen
    if cramped and line is not None and _print_one_line(screen, title, rows, line):
        return
    if cramped and len(columns) > 4:
        _print_blocks(console, title, rows, columns)
        return
    if len(rows) > LONG:
        _print_lines(console.width, title, rows, columns)
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        if column.wrap:
            # wide enough for a long word ("outstanding"): rich folds a word longer than
            # its column mid-word
            table.add_column(column.heading, ratio=column.wrap, min_width=WORD, overflow="fold")
        else:
            # never cut with an ellipsis: an id or a day cut short is a wrong id or day
            table.add_column(column.heading, no_wrap=True, overflow="fold")
    for row in rows:  # Text, not markup: "[restricted]" or "[draft]" print as they are
        table.add_row(*(Text(_cell(column.value(row))) for column in columns))
    console.print(table)


WORD = 14  # the narrowest a wrapping column gets: a long word ("outstanding") fits


def _needs(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> int:
    """The width a boxed table needs: the whole columns at their widest (of the first
    rows), the wrapping ones at WORD, and the borders."""
    sample = rows[:50]
    whole = sum(
        max(len(c.heading), *(len(_cell(c.value(r))) for r in sample))
        for c in columns
        if not c.wrap
    )
    return whole + WORD * sum(1 for c in columns if c.wrap) + 3 * len(columns) + 1


def _print_one_line(
    screen: int, title: str, rows: Sequence[dict[str, Any]], columns: Sequence[Column]
) -> bool:
    """One line per row, as `git log --oneline` and `gh issue list` print: the columns
    that never wrap (ids, days, references) whole; the others share what is left and end in
    "…" when longer (the whole row is a command away). False, printing nothing, when the
    whole columns alone leave too little room."""
    cells = [[" ".join(_cell(c.value(row)).split()) for c in columns] for row in rows]
    # a column empty in every row says nothing: left out, its room given to the others
    kept = [i for i in range(len(columns)) if i == 0 or any(cell[i] for cell in cells)]
    columns = [columns[i] for i in kept]
    cells = [[cell[i] for i in kept] for cell in cells]
    natural = [
        max(len(c.heading), *(len(cell[i]) for cell in cells)) for i, c in enumerate(columns)
    ]
    gaps = 2 * (len(columns) - 1)
    fixed = sum(w for w, c in zip(natural, columns, strict=True) if not c.wrap)
    flexible = [i for i, c in enumerate(columns) if c.wrap]
    spare = screen - gaps - fixed
    least = 6  # a shortened column still shows a word or two
    if spare < least * len(flexible):
        return False
    widths = list(natural)
    if sum(natural[i] for i in flexible) > spare:
        # share the room by weight (each at least `least`, none above its need) ...
        shares = sum(columns[i].wrap for i in flexible)
        for i in flexible:
            widths[i] = min(natural[i], max(least, spare * columns[i].wrap // shares))
        # ... take back any excess from the widest, then give what is left to those cut
        while sum(widths[i] for i in flexible) > spare:
            widest = max(flexible, key=lambda i: widths[i])
            widths[widest] -= 1
        left = spare - sum(widths[i] for i in flexible)
        for i in flexible:
            extra = min(left, natural[i] - widths[i])
            widths[i] += extra
            left -= extra

    def fitted(text: str, room: int) -> str:
        return text if len(text) <= room else text[: room - 1].rstrip() + "\u2026"

    write = sys.stdout.write
    write(f"{title}\n")
    heading = "  ".join(fitted(c.heading, w).ljust(w) for c, w in zip(columns, widths, strict=True))
    write(heading.rstrip() + "\n")
    for cell in cells:
        parts = (fitted(text, w).ljust(w) for text, w in zip(cell, widths, strict=True))
        write("  ".join(parts).rstrip() + "\n")
    return True


def print_fields(title: str, pairs: Sequence[tuple[str, Any]]) -> None:
    """A record or a case as a short labelled block (`Label: value`, values wrapped under
    themselves, empty fields left out); piped, `Field<TAB>Value` lines."""
    from ccc.commands.terminal import width

    shown = [(label, _cell(value)) for label, value in pairs if _cell(value)]
    screen = width()
    if screen is None:
        print_tsv([{"field": k, "value": v} for k, v in shown], _FIELD_PAIR)
        return
    import textwrap

    room = max(len(label) for label, _ in shown) + 2 if shown else 0
    write = sys.stdout.write
    if title:
        write(f"{title}\n")
    for label, value in shown:
        lines = textwrap.wrap(
            value, max(20, screen - room), break_long_words=False, break_on_hyphens=False
        ) or [""]
        write(f"{(label + ':').ljust(room)}{lines[0]}\n")
        for more in lines[1:]:
            write(" " * room + more + "\n")


_FIELD_PAIR = [
    Column("Field", lambda r: r["field"]),
    Column("Value", lambda r: r["value"]),
]


def _print_blocks(
    console: Any, title: str, rows: Sequence[dict[str, Any]], columns: Sequence[Column]
) -> None:
    """A wide table on a narrow terminal: each row as a block of `heading  value` lines,
    values wrapped, nothing cut off."""
    from rich.table import Table
    from rich.text import Text

    console.print(Text(title, style="italic"))
    width = max(len(column.heading) for column in columns)
    for row in rows:
        block = Table.grid(padding=(0, 2))
        block.add_column(width=width, style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for column in columns:
            value = _cell(column.value(row))
            if value:
                block.add_row(Text(column.heading), Text(value))
        console.print(block)
        console.print()


def output(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    *,
    fmt: str,
    title: str,
    empty: str,
    line: Sequence[Column] | None = None,
) -> None:
    """Print rows as JSON (the full objects), CSV or a table (the given columns; `line`:
    one line per row on a narrow terminal)."""
    if fmt == "json":
        print_json(list(rows))
    elif fmt == "csv":
        print_csv(rows, columns)
    else:
        print_table(title, rows, columns, empty=empty, line=line)


@contextmanager
def progress(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for long work; silent when stderr is not a terminal."""
    if total < 5000 or not sys.stderr.isatty():
        yield lambda advance: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda advance: bar.advance(task, advance)
