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
    # A run of part of the suite replaces the rows it measured and keeps the others;
    # `make reliability` (the whole suite) writes the file anew.
    path = ROOT / "docs" / "reliability.md"
    kept: dict[str, dict[str, tuple[str, str]]] = {}
    if path.exists() and not os.environ.get("CCC_RELIABILITY_ALL"):
        for block in path.read_text(encoding="utf-8").split("\n## ")[1:]:
            title, _, body = block.partition("\n")
            rows = kept.setdefault(title, {})
            for line in body.splitlines():
                cells = [cell.strip() for cell in line.strip("|").split(" | ")]
                if len(cells) == 3 and cells[0] not in ("what", "---|---|---"):
                    rows[cells[0]] = (cells[1], cells[2])
    for section, rows in FIGURES.items():
        kept.setdefault(section, {}).update(
            {row: (str(tried), str(held)) for row, (tried, held) in rows.items()}
        )
    for section in sorted(kept):
        lines += [f"## {section}", "", "| what | tried | held |", "|---|---|---|"]
        lines += [
            f"| {row} | {tried} | {held} |" for row, (tried, held) in sorted(kept[section].items())
        ]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
