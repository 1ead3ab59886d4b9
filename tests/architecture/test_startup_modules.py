"""Start-up as lean as the answer needs (issue 24): the read commands people run most load
none of the heavy libraries (the input models, templates, the event-sourcing library, YAML,
Word, the web server, PostgreSQL's driver), and no more modules than a budget. Counted in
a new process on an up-to-date store, as a user runs the command: a module that creeps
onto the path of `status` shows here, not as a slower command nobody measured."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from ccc.store.integrity import canonical, envelope

HEAVY = {
    "pydantic", "pydantic_core", "jinja2", "eventsourcing", "yaml", "docx", "lxml",
    "datasette", "psycopg", "edtf", "pycountry", "rich", "sqlite_utils", "matplotlib",
    "cryptography", "platformdirs",
}  # fmt: skip
BUDGET = 95  # modules beyond the interpreter's own start; 77-88 today

COUNT = """\
import json, sys
before = set(sys.modules)
sys.argv = ["ccc", *sys.argv[1:]]
from ccc.cli import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps(sorted(set(sys.modules) - before)), file=sys.stderr)
sys.exit(code)
"""

COMMANDS = [
    ["status", "--json"],
    ["status", "--public", "--json"],
    ["history", "ukraine-art1-2025", "--json"],
    ["case", "show", "ukraine-art1-2025", "--json"],
    ["log", "--limit", "20", "--json"],
    ["deadlines", "--json"],
    ["deadlines"],
    ["party", "show", "Afghanistan", "--json"],
    ["members", "--json"],
    ["info", "--json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_read_command_loads_only_what_it_uses(seeded, store, command):
    # An extension whose new deadline the Meeting left unset: a word, not a date, which
    # `deadlines` once took to the EDTF library (a tenth of a second) to learn (fictional).
    seeded.ok("register", "load")  # Afghanistan bound by the Convention since 2003
    seeded.ok("record", "mined-areas-declared", "--state", "Afghanistan", "--occurred", "2006-11")
    seeded.ok(
        "record", "article5-extension-granted", "--state", "Afghanistan", "--meeting", "18MSP",
        "--new-deadline", "unknown", "--occurred", "2018-11-20",
    )  # fmt: skip
    seeded.ok("status")  # the views up to date: the command reads, nothing more
    done = subprocess.run(
        [sys.executable, "-c", COUNT, *command],
        env={**os.environ, "CCC_STORE": str(store)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    packages = {name.split(".")[0] for name in loaded}
    assert not packages & HEAVY, sorted(packages & HEAVY)
    assert len(loaded) <= BUDGET, (len(loaded), sorted(packages))


# Catching up records another officer wrote reads their stored JSON through a table of
# the event classes' fields (ccc.projections.decode): loading pydantic and the domain's
# classes was most of what catching up one record cost (issue 24).
MODELS = {"pydantic", "pydantic_core", "ccc.domain.base", "ccc.domain.record", "ccc.domain.case"}


def test_catching_up_anothers_records_loads_no_event_class(seeded, store):
    from tests.conftest import written_by_another

    def letter(summary: str) -> list[str]:
        return [
            "record", "letter", "--to", "Chile", "--subject", "Article 7 report", "--case",
            "ukraine-art1-2025", "--occurred", "2025-02-04", "--summary", summary, "--json",
        ]  # fmt: skip

    first = json.loads(seeded.ok(*letter("A fictional letter.")))["uuid"]
    # Views that have not read the retraction (a retraction reads the views first, so it
    # cannot be written while their lock is held): a copy taken before it, put back.
    views, before = store / "views.db", store / "views-before.db"
    with sqlite3.connect(views) as live, sqlite3.connect(before) as copy:
        live.backup(copy)
    seeded.ok("retract", first, "--reason", "Wrong State (fictional).")
    for suffix in ("-wal", "-shm"):
        (store / f"views.db{suffix}").unlink(missing_ok=True)
    before.replace(views)
    written_by_another(seeded, *letter("Another fictional letter."))
    done = subprocess.run(
        [sys.executable, "-c", COUNT, "log", "--kind", "letter", "--json"],
        env={**os.environ, "CCC_STORE": str(store)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert not loaded & MODELS, sorted(loaded & MODELS)
    assert "ccc.projections.catch_up" in loaded  # it did catch up: a record and a retraction
    found = {e["summary"]: e["retracted"] for e in json.loads(done.stdout)}
    assert found["A fictional letter."] is True
    assert found["Another fictional letter."] is False


# A write builds the models of its kind's family only (issue 24: building every kind's
# classes was half of a write's time): the treaty register's thirty classes and the case
# and amendment inputs are not made for a note or a letter, nor the Committee's for a
# deposit. Each write is then found in the log.
OTHER_FAMILIES = {
    "note": {"ccc.domain.register_kinds", "ccc.application.inputs.register",
             "ccc.application.inputs.cases"},
    "letter": {"ccc.domain.register_kinds", "ccc.application.inputs.register",
               "ccc.application.inputs.cases"},
    "signature": {"ccc.application.inputs.committee", "ccc.application.inputs.cases"},
}  # fmt: skip
WRITES = {
    "note": ["--occurred", "2025-02-03", "--summary", "A fictional note."],
    "letter": [
        "--occurred", "2025-02-04", "--summary", "A fictional letter.", "--to", "Chile",
        "--subject", "Article 7 report",
    ],
    "signature": ["--occurred", "1997-12-03", "--state", "Chile"],
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(WRITES))
def test_a_write_builds_only_its_familys_models(seeded, store, kind):
    done = subprocess.run(
        [sys.executable, "-c", COUNT, "record", kind, *WRITES[kind], "--as", "tester"],
        env={**os.environ, "CCC_STORE": str(store)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert not loaded & OTHER_FAMILIES[kind], sorted(loaded & OTHER_FAMILIES[kind])
    short = done.stdout.strip()
    shown = seeded.ok("log", "--kind", kind, "--json")
    assert short in shown


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_read_on_postgresql_asks_the_server_without_psycopg(seeded, store, tmp_path):
    """Whether the views are current is one short question to the server, asked through
    libpq without importing psycopg (ccc.store.libpq): a read of current views loads no
    psycopg, and after another officer's record it catches up and answers with it."""
    seeded.ok("status")

    def status() -> tuple[list[str], set[str]]:
        done = subprocess.run(
            [sys.executable, "-c", COUNT, "status", "--json"],
            env={**os.environ, "CCC_STORE": str(store)},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        loaded = json.loads(done.stderr.strip().splitlines()[-1])
        board = json.loads(done.stdout)
        return [case["reference"] for case in board], {name.split(".")[0] for name in loaded}

    cases, packages = status()
    assert "ukraine-art1-2025" in cases
    assert "psycopg" not in packages and "eventsourcing" not in packages
    other = {**os.environ, "CCC_STORE": str(store), "CCC_VIEWS": str(tmp_path / "other")}
    subprocess.run(
        [sys.executable, "-m", "ccc", "case", "open", "fictional-2026", "--title",
         "A fictional case", "--occurred", "2026-01-05", "--as", "another officer"],
        env=other, capture_output=True, text=True, check=True,
    )  # fmt: skip
    cases, packages = status()
    assert "fictional-2026" in cases  # caught up from the server, through psycopg
    assert "psycopg" in packages


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_without_libpq_the_server_is_asked_through_psycopg_alike(seeded, store, monkeypatch):
    from ccc.store import libpq
    from ccc.store.postgres import PostgresStore

    quick = PostgresStore(str(store))
    answers = (quick.head(), quick.exists())
    assert getattr(quick, "_session", None) is None  # asked without psycopg
    monkeypatch.setattr(libpq, "_libpq", lambda: None)
    slow = PostgresStore(str(store))
    assert (slow.head(), slow.exists()) == answers
    assert answers[0][0] == len(seeded.json("log")) and answers[1]


# `verify` checks that ccc can read each stored state against the table of stored shapes
# (ccc.domain.stored_shapes), not the classes: loading pydantic and the domain was most of
# what verifying 10,000 records cost (issue 24). A state the table refuses is still named.
@pytest.mark.parametrize("target", ["store", "export"])
def test_verify_reads_no_event_class_and_still_names_a_bad_record(seeded, store, tmp_path, target):
    seeded.ok("record", "note", "--occurred", "2025-02-03", "--summary", "A fictional note.")
    export = tmp_path / "log.jsonl"
    seeded.ok("export", "--full", str(export))

    def verify() -> tuple[subprocess.CompletedProcess[str], set[str]]:
        args = ["verify", str(export)] if target == "export" else ["verify", "--log-only"]
        done = subprocess.run(
            [sys.executable, "-c", COUNT, *args],
            env={**os.environ, "CCC_STORE": str(store)},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done, set(json.loads(done.stderr.strip().splitlines()[-1]))

    done, loaded = verify()
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Verified" in done.stdout
    assert not loaded & MODELS, sorted(loaded & MODELS)
    # A field ccc does not write, added to the last record by someone with the file (in
    # the export, with its digest made to match).
    with sqlite3.connect(store / "events.db") as log:
        rowid, originator, version, topic, state = log.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "ORDER BY rowid DESC LIMIT 1"
        ).fetchone()
        changed = canonical({**json.loads(state), "extra": "x"})
        if target == "store":
            log.execute("DROP TRIGGER IF EXISTS stored_events_no_update")
            log.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (changed, rowid))
    if target == "export":  # its line changed, its digest left as it was
        lines = export.read_bytes().splitlines(keepends=True)
        lines[-1] = lines[-1][:86] + envelope(originator, version, topic, changed) + b"}\n"
        export.write_bytes(b"".join(lines))
    done, _ = verify()
    assert done.returncode == 1
    named = (
        "does not match the digest on its line" if target == "export"
        else "cannot be read by ccc: it has a field ccc does not write (extra)"
    )  # fmt: skip
    assert f"Record {rowid} " in done.stderr and named in done.stderr, done.stderr[-2000:]
