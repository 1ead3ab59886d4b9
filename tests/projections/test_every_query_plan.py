"""Every query a read command makes costs what its answer costs: each SQL
statement the CLI sends to the views, captured as it runs on a 10,000-record store, is
planned (EXPLAIN QUERY PLAN) without a full scan of a table that grows with the log.

Allowed: searches through an index; interval queries on the R*Trees; scans in an order
an index or the row ids give that stop at a LIMIT; scans of the tables that grow with the
number of cases, not of records (`cases`, `case_status`: the board is one row per case);
and the one statement that streams the log in index order and stops when it has printed
what was asked (`ccc log`, listed below with its reason).
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccc.cli import cli
from tests.projections.conftest import synthetic_store

# Tables whose size follows the number of records (or of events).
GROWING = {"records", "record_cases", "record_parties", "amendments", "chain", "case_days",
           "case_known", "letter_replies"}  # fmt: skip
# Statements that scan in index order and are read only as far as the answer needs.
STREAMED = {
    "log": "ccc log reads the records in the log's order from its index, a page at a time, "
    "and stops at --limit",
}

COMMANDS = [
    "status --json",
    "status --public --json",
    "status --as-of 2015-06-30 --json",
    "status --as-of 2015-06-30 --public --json",
    "status --known-at {instant} --json",
    "case show {case} --json",
    "case show {case} --as-of 2015-06-30 --json",
    "history {case} --json",
    "log --limit 20 --json",
    "log --party UKR --limit 20 --json",
    "log --kind letter --limit 20 --json",
    "log --case {case} --limit 20 --json",
    "members --as-of 2015-06-30 --json",
    "deadlines --as-of 2015-06-30 --json",
    "deadlines --as-of 2015-06-30 --overdue --public --json",
    "deadlines --party UKR --json",
    "party show UKR --as-of 2015-06-30 --json",
    "party show UKR --as-of 2015-06-30 --limit 20 --json",
    "party show UKR",
    "report activities --from 2015-01-01 --to 2015-12-31",
    "report case {case}",
    "report summary --year 2015",
    "check --from 2015-01-01 --to 2015-12-31 --json",
    "info --json",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_store(tmp_path_factory.mktemp("ten-thousand"), 10_000, register=True)


def statements(store: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SELECT statements `command` sent to the views, with their values bound."""
    sent: list[tuple[str, str]] = []
    real = sqlite3.connect

    def traced(database: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        connection = real(database, *args, **kwargs)  # type: ignore[arg-type]
        connection.set_trace_callback(lambda sql: sent.append((str(database), sql)))
        return connection

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", traced)
        result = CliRunner().invoke(cli, ["--store", str(store), *shlex.split(command)])
    assert result.exit_code in (0, 1), result.output  # check exits 1 when it finds something
    return [
        sql
        for database, sql in sent
        if "views.db" in database
        and sql.lstrip().upper().startswith("SELECT")
        and "_node'" not in sql  # the R*Tree module reading its own pages
    ]


def full_scans(connection: sqlite3.Connection, sql: str) -> list[str]:
    steps = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}")]
    if " LIMIT " in sql.upper() and not any("TEMP B-TREE" in step for step in steps):
        return []  # read in order, and stopped at the limit
    return [
        step
        for step in steps
        if step.startswith("SCAN ")
        and "VIRTUAL TABLE INDEX 2:" not in step  # an R*Tree interval query
        and any(step.split()[1] == table or f" {table} " in f" {step} " for table in GROWING)
    ]


def instant(store: Path) -> str:
    with sqlite3.connect(store / "views.db") as connection:
        return str(connection.execute("SELECT MAX(recorded_at) FROM records").fetchone()[0])


@pytest.mark.parametrize("command", COMMANDS)
def test_no_query_scans_a_table_that_grows_with_the_log(store, command, monkeypatch):
    words = command.format(case="case-0003", instant=instant(store))
    sent = statements(store, words, monkeypatch)
    assert sent, "the command read nothing from the views"
    with sqlite3.connect(store / "views.db") as connection:
        scans = {sql[:200]: full_scans(connection, sql) for sql in sent}
    scans = {sql: steps for sql, steps in scans.items() if steps}
    if words.startswith("log ") and len(scans) == 1:
        [steps] = scans.values()
        assert all("USING INDEX" in step for step in steps), (STREAMED["log"], steps)
        return
    assert not scans, json.dumps(scans, indent=1)


def test_the_plan_check_sees_a_full_scan(store):
    with sqlite3.connect(store / "views.db") as connection:
        assert full_scans(connection, "SELECT * FROM records WHERE summary = 'x'")
        assert full_scans(connection, "SELECT kind, COUNT(*) FROM records GROUP BY kind")
        assert full_scans(connection, "SELECT * FROM records ORDER BY summary LIMIT 5")
        assert not full_scans(connection, "SELECT * FROM records WHERE id = 'x'")


def test_info_counts_are_the_counts_of_the_log(store):
    result = CliRunner().invoke(cli, ["--store", str(store), "info", "--json"])
    figures = json.loads(result.stdout)
    with sqlite3.connect(store / "views.db") as connection:
        kinds = dict(connection.execute("SELECT kind, COUNT(*) FROM records GROUP BY kind"))
        amendments = connection.execute("SELECT COUNT(*) FROM amendments").fetchone()[0]
    assert figures["records_by_kind"] == kinds
    assert (figures["records"], figures["amendments"]) == (sum(kinds.values()), amendments)
    assert amendments > 0
