"""Tables fit the terminal: no column is cut off at the edge and
no id or day is cut with an ellipsis; long values wrap within their columns."""

import pytest
from click.testing import CliRunner

from ccc.cli import cli

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


@pytest.mark.parametrize("width", [120, 130, 160])
def test_the_log_fits_the_terminal(seeded, width):
    result = CliRunner().invoke(cli, ["log", "--limit", "5"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= width for line in lines), max(len(line) for line in lines)
    assert "Recorded" in result.stdout and "\u2026" not in result.stdout
    # The right border of every row is there: nothing was cropped.
    assert all(line.rstrip().endswith(("┃", "│", "┓", "┩", "┘", "┛")) for line in lines[1:] if line)
