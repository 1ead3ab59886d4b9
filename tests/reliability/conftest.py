"""The reliability suite's figures: each test adds what it tried and what held, and
`make reliability` (CCC_RELIABILITY_FULL=1) writes them to docs/reliability.md.

`make test` runs every test with few trials; the full run repeats the random ones
(crashes, races) often enough to give figures worth quoting.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest

FULL = os.environ.get("CCC_RELIABILITY_FULL") == "1"
ROOT = Path(__file__).resolve().parents[2]
FIGURES: dict[str, dict[str, list[int]]] = defaultdict(dict)


def trials(full: int, quick: int) -> int:
    return full if FULL else quick


@pytest.fixture(scope="session")
def figures():
    """figures(section, row, tried, held): one row of docs/reliability.md."""

    def add(section: str, row: str, tried: int, held: int) -> None:
        before = FIGURES[section].get(row, [0, 0])
        FIGURES[section][row] = [before[0] + tried, before[1] + held]

    return add


def pytest_sessionfinish(session, exitstatus):
    if not FULL or not FIGURES:
        return
    lines = [
        "# Reliability figures",
        "",
        "Written by `make reliability` (the suite in `tests/reliability/` with",
        "`CCC_RELIABILITY_FULL=1`); `make test` runs the same tests with fewer trials.",
        "Each row: how many times it was tried, and how many times the promise held",
        "(for tampering: how many alterations were caught). Every alteration is caught by",
        "at least one documented check; docs/export-format.md says what an auditor must",
        "keep (a signed checkpoint or an export's manifest) to catch the rest.",
        "",
    ]
    for section in sorted(FIGURES):
        lines += [f"## {section}", "", "| what | tried | held |", "|---|---|---|"]
        for row, (tried, held) in sorted(FIGURES[section].items()):
            lines.append(f"| {row} | {tried} | {held} |")
        lines.append("")
    (ROOT / "docs" / "reliability.md").write_text("\n".join(lines), encoding="utf-8")
