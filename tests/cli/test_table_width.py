"""Tables fit the terminal, tried in a real pseudo-terminal at 80, 100, 120 and 160
columns: no line is longer than the terminal, every id and every date is whole (shortened
text ends in "…" only in the columns that may be shortened), and piped output is
tab-separated whatever COLUMNS says. The screens are kept in build/artifacts/terminal/."""

import pytest

from ccc.domain.dates import shown as in_words
from tests.terminal import at_terminal

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

WIDTHS = [80, 100, 120, 160]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_log_fits_the_terminal_and_cuts_no_id_or_date(seeded, width, backend):
    code, screen = at_terminal("log", "--limit", "5", columns=width, keep=f"log-{width}-{backend}")
    assert code == 0, screen
    lines = screen.splitlines()
    assert all(len(line) <= width for line in lines), max(len(line) for line in lines)
    for record in seeded.json("log", "--limit", "5"):
        assert record["id"] in screen
        assert in_words(record["occurred"]) in _cells(lines, record["id"], 1)


def _cells(lines, record_id, column):
    """The text of one column of a record's row: its one line, or, in a boxed table, its
    cells on every line of the row joined (a long date wraps within its column)."""
    start = next(i for i, line in enumerate(lines) if record_id in line)
    if "│" not in lines[start]:
        return lines[start]
    cells = []
    for line in lines[start:]:
        parts = line.split("│")
        if len(parts) < 3 or (cells and parts[1].strip()):  # the border, or the next row
            break
        cells.append(parts[column + 1].strip())
    return " ".join(c for c in cells if c)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_board_is_a_line_per_case_at_a_narrow_terminal(seeded, width, backend):
    code, screen = at_terminal("status", columns=width, keep=f"status-{width}-{backend}")
    assert code == 0, screen
    lines = screen.splitlines()
    assert all(len(line) <= width for line in lines)
    if width < 120:  # one line per case, States in words
        references = [c["reference"] for c in seeded.json("status")]
        rows = [line for line in lines if line.split(" ")[0] in references]
        assert [row.split(" ")[0] for row in rows] == references
        assert "Cambodia" in screen and "KHM" not in screen


def test_piped_output_is_tab_separated_whatever_columns_says(seeded):
    piped = seeded("status", env={"COLUMNS": "100"})
    assert piped.exit_code == 0
    lines = piped.stdout.splitlines()
    assert lines[0].startswith("Reference\tTitle\tStates")
    assert [line.split("\t")[0] for line in lines[1:]] == [
        c["reference"] for c in seeded.json("status")
    ]
