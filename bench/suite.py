"""The benchmark suite: `make bench`, `python -m bench [--quick] [--sizes N ...]`.

For each log size (10,000, 100,000 and 1,000,000 records; --quick: the first two) it
builds a store from bench/generate.py's synthetic log (seeded: the same N gives the same
log) plus the register, and measures, each against a floor taken in the same run on the
same machine:

- every read command (those marked @reads: a test keeps QUERIES covering them): median,
  min-max and peak memory of R cold processes, beside `python -c "import sqlite3"` (bare start-up);
- `ccc record note` (one durable write, which brings the views up to date itself) beside
  the same floor, `status --json` after it, and catching up one new record the views
  have not read (written while their lock is held, as another officer's record is)
  beside `ccc status` itself;
- `ccc import` of a file of up to 100,000 records (for 1,000,000: the last 100,000, into
  the store of the first 900,000) beside raw SQLite inserting the same stored rows in one
  transaction;
- `ccc rebuild` beside a raw scan of the stored events with `json.loads` of each;
- `ccc export`, `ccc verify FILE` and `ccc verify` beside `sha256sum` of the export;
- the web view: the site's whole build and its update after one record, and each page
  type's median time on a running `ccc serve` beside a bare Datasette's records page on
  the same site file (bench/pages.py).

ccc runs as users run it: installed with `pip install .` into bench/.work/venv with its
bytecode compiled (this machine sets PYTHONDONTWRITEBYTECODE=1); --no-install uses the
running interpreter's ccc (the smoke test does). It prints one table per size and writes
bench/results.json and BENCHMARKS.md (or into --out). Nothing is asserted: speed is
measured here, never in tests.

--against REF (`make bench`: HEAD~1, the previous commit) installs REF's ccc beside this
one (bench/.work/venv-against) and measures it in the same run, its cold runs alternating
with this code's, on a copy of each store: the read commands, the write and catching up
one record. Each of those rows then shows REF's CPU time and the change, so that a
regression shows beside the figure it changed (the machine's drift between two runs is
as large as most changes).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
VENV = WORK / "venv"
PART = 100_000  # logs are written and imported in parts of this size
SIZES = [10_000, 100_000, 1_000_000]

# (label, arguments) of the read commands; {case}, {largest} (the case with the most
# records) and {instant} are filled in per store.
QUERIES: list[tuple[str, list[str]]] = [
    ("status --json", ["status", "--json"]),
    ("status --public --json", ["status", "--public", "--json"]),
    ("status --open --limit 20 --json", ["status", "--open", "--limit", "20", "--json"]),
    ("history REF --json", ["history", "{case}", "--json"]),
    ("case show REF --json", ["case", "show", "{case}", "--json"]),
    ("log --limit 20 --json", ["log", "--limit", "20", "--json"]),
    ("log --party UKR --limit 20 --json", ["log", "--party", "UKR", "--limit", "20", "--json"]),
    ("deadlines --json", ["deadlines", "--as-of", "2025-12-31", "--json"]),
    ("members --as-of D --json", ["members", "--as-of", "2025-12-31", "--json"]),
    ("party show UKR --json", ["party", "show", "UKR", "--as-of", "2025-12-31", "--json"]),
    ("party show UKR (a page)", ["party", "show", "UKR", "--as-of", "2025-12-31", "--limit",
                                 "20", "--json"]),
    ("status --as-of D --json", ["status", "--as-of", "2015-06-30", "--json"]),
    ("status --known-at T --json", ["status", "--known-at", "{instant}", "--json"]),
    ("report activities (one year)", ["report", "activities", "--from", "2025-01-01",
                                      "--to", "2025-12-31"]),
    ("report case LARGEST", ["report", "case", "{largest}"]),
    ("report summary (one year)", ["report", "summary", "--year", "2025", "--json"]),
    ("check --json (one year)", ["check", "--as-of", "2025-12-31", "--from", "2025-01-01",
                                 "--to", "2025-12-31", "--json"]),
    ("info --json", ["info", "--json"]),
]  # fmt: skip

PROBE = """\
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
if done.returncode not in (0, 1):  # `ccc check` exits 1 when it finds something
    sys.exit(done.stderr.decode()[-2000:])
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, used.ru_maxrss, used.ru_utime + used.ru_stime)
"""

# The libraries every write imports (the project requires them): a write's own floor.
LIBRARIES = (
    "import click, pydantic, pydantic.fields, eventsourcing.application, eventsourcing.sqlite"
)

RAW_SCAN = """\
import json, sqlite3, sys
connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for (state,) in connection.execute("SELECT state FROM stored_events"):
    json.loads(state)
"""

# What SQLite alone spends writing the views a rebuild writes: every table's rows copied
# by SQL from the views just built into a new file with the same tables and indexes, in
# one transaction, no Python between rows. No rebuild can be quicker than this; set
# beside the raw scan, it says how much of the rebuild's target the views' size leaves.
VIEWS_COPY = """\
import os, sqlite3, sys
source, target = sys.argv[1], sys.argv[2]
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(target + suffix):
        os.remove(target + suffix)
connection = sqlite3.connect(target, isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("PRAGMA synchronous=NORMAL")  # as the views are written
connection.execute(f"ATTACH 'file:{source}?mode=ro' AS old")
made = connection.execute(
    "SELECT type, name, sql FROM old.sqlite_master WHERE sql IS NOT NULL"
    " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'"
).fetchall()
virtual = [name for kind, name, sql in made if sql.upper().startswith("CREATE VIRTUAL")]
shadow = tuple(f"{name}_{part}" for name in virtual for part in ("node", "parent", "rowid"))
connection.execute("BEGIN")
for kind, name, sql in made:
    if name not in shadow:  # an R*Tree makes its own
        connection.execute(sql)
for kind, name, sql in made:
    if kind == "table" and name not in shadow:
        connection.execute(f"INSERT INTO main.[{name}] SELECT * FROM old.[{name}]")
connection.execute("COMMIT")
connection.close()
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(target + suffix):
        os.remove(target + suffix)
"""

Command = list[Any] | Callable[[], list[Any]]


class Bench:
    def __init__(self, python: str, work: Path, runs: int, against: Bench | None = None) -> None:
        self.python, self.work, self.runs = python, work, runs
        # The `ccc` command, as users run it. Not `python -m ccc`: that puts the current
        # directory first on sys.path, and from the repository it ran the source tree,
        # compiled anew at every start, instead of the installed, compiled copy (the
        # suite also runs from its work folder: see main).
        script = Path(python).parent / "ccc"
        self.ccc = [str(script)] if script.exists() else [python, "-P", "-m", "ccc"]
        self.against = against  # another commit's ccc, measured beside this one

    def once(self, command: Command, env: dict[str, str]) -> tuple[float, int, float]:
        """Wall seconds, peak resident memory (KiB) and CPU seconds (user + system) of
        one cold process: on a shared machine the CPU time is the steadier figure. A
        command given as a function is made anew for each run (a write must write
        something new each time: the same note again is found, not written)."""
        if callable(command):
            command = command()
        done = subprocess.run(
            [self.python, "-c", PROBE, *map(str, command)], env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"{' '.join(map(str, command))} failed: {done.stderr}")
        seconds, kib, cpu = done.stdout.split()
        return float(seconds), int(kib), float(cpu)

    def series(
        self, command: Command, env: dict[str, str], runs: int | None = None
    ) -> dict[str, float]:
        self.once(command, env)  # warm the page cache
        samples = [self.once(command, env) for _ in range(runs or self.runs)]
        return measured(samples)

    def paired(
        self, args: Callable[[], list[Any]], env: dict[str, str], other: dict[str, str] | None
    ) -> tuple[dict[str, float], dict[str, float] | None]:
        """This ccc's figures for `ccc ARGS` (made by `args` for each run) and, with
        --against, the other's on its own copy of the store (`other`: its environment),
        their cold runs alternating."""

        def mine() -> list[Any]:
            return [*self.ccc, *args()]

        if self.against is None or other is None:
            return self.series(mine, env), None
        against = self.against

        def theirs() -> list[Any]:
            return [*against.ccc, *args()]

        self.once(mine, env)
        try:
            self.against.once(theirs, other)
        except SystemExit:  # a command the other code does not have: this code's alone
            return self.series(mine, env), None
        samples: tuple[list[Any], list[Any]] = ([], [])
        for _ in range(self.runs):
            samples[0].append(self.once(mine, env))
            samples[1].append(self.against.once(theirs, other))
        return measured(samples[0]), measured(samples[1])


def measured(samples: list[tuple[float, int, float]]) -> dict[str, float]:
    """The figures of some cold runs (Bench.once)."""
    return figures([s[0] for s in samples], max(s[1] for s in samples), [s[2] for s in samples])


def figures(times: list[float], peak_kib: int, cpus: list[float] | None = None) -> dict[str, float]:
    found = {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "peak_mb": peak_kib / 1024,
    }
    if cpus:
        found["cpu"] = statistics.median(cpus)
        found["cpu_min"], found["cpu_max"] = min(cpus), max(cpus)
    return found


def install() -> str:
    """ccc installed as users install it, bytecode compiled; returns its python."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [python, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(ROOT)], check=True)  # dependencies
    subprocess.run([*pip, "--no-deps", "--force-reinstall", str(ROOT)], check=True)  # this code
    subprocess.run([python, "-m", "compileall", "-q", str(VENV / "lib")], check=True)
    return str(python)


def install_against(ref: str, work: Path) -> tuple[str, str]:
    """REF's ccc (a `git archive` of it) in a venv of its own, bytecode compiled: its
    python, and REF as `git describe` names it."""
    git = ["git", "-C", str(ROOT)]
    found = subprocess.run([*git, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                           capture_output=True, text=True)  # fmt: skip
    if found.returncode:
        raise SystemExit(f"--against {ref}: git knows no such commit in {ROOT}.")
    commit = found.stdout.strip()
    name = subprocess.run([*git, "describe", "--always", commit], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    source = work / f"source-{commit[:12]}"
    if not source.exists():
        archive = subprocess.run([*git, "archive", "--format=tar", commit], check=True,
                                 capture_output=True).stdout  # fmt: skip
        source.mkdir(parents=True)
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    venv = work / "venv-against"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [python, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(source)], check=True)
    subprocess.run([*pip, "--no-deps", "--force-reinstall", str(source)], check=True)
    subprocess.run([python, "-m", "compileall", "-q", str(venv / "lib")], check=True)
    return str(python), name


def parts(count: int) -> list[tuple[int, int]]:
    """(part number, records) of a log of `count` records."""
    whole, rest = divmod(count, PART)
    return [(n, PART) for n in range(whole)] + ([(whole, rest)] if rest else [])


def build(bench: Bench, count: int) -> tuple[Path, dict[str, str], dict[str, Any]]:
    """The store of `count` records, imported part by part; the last part's import is
    timed (and its rows inserted raw, for the floor)."""
    store = bench.work / f"store-{count}"
    env = {**os.environ, "CCC_STORE": str(store), "CCC_ACTOR": "bench"}
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run([*bench.ccc, "register", "load"], env=env, check=True, capture_output=True)
    logs = []
    for number, size in parts(count):
        data = bench.work / f"log-{size}-part{number}.json"
        if not data.exists():
            generate = [bench.python, HERE / "generate.py", size, data, number]
            subprocess.run(list(map(str, generate)), check=True)
        logs.append((data, size))
    for data, _ in logs[:-1]:
        print(f"  importing {data.name}", flush=True)
        subprocess.run([*bench.ccc, "import", data], env=env, check=True, capture_output=True)
    data, size = logs[-1]
    before = _head(store / "events.db")
    seconds, kib, cpu = bench.once([*bench.ccc, "import", data], env)
    raw = _raw_insert(store / "events.db", before, bench.work)
    imported = {"records": size, "seconds": seconds, "peak_mb": kib / 1024, "raw_seconds": raw,
                "cpu": cpu}  # fmt: skip
    return store, env, imported


def _head(events_db: Path) -> int:
    with sqlite3.connect(events_db) as connection:
        return int(connection.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0] or 0)


def _raw_insert(events_db: Path, after: int, work: Path) -> float:
    """Seconds for SQLite to insert the rows stored after `after`, in one transaction."""
    with sqlite3.connect(events_db) as source:
        rows = source.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events"
            " WHERE rowid > ? ORDER BY rowid",
            (after,),
        ).fetchall()
    target = work / "raw.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    connection = sqlite3.connect(target)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(
        "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
        "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    start = time.perf_counter()
    with connection:
        connection.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def measure(bench: Bench, count: int) -> dict[str, Any]:
    print(f"{count:,} records", flush=True)
    store, env, imported = build(bench, count)
    print("  building the views", flush=True)
    heavy = 1 if count >= 1_000_000 else min(bench.runs, 3)  # minutes each at a million
    rebuild = bench.series([*bench.ccc, "rebuild"], env, heavy)
    scan = bench.series([bench.python, "-c", RAW_SCAN, store / "events.db"], env)
    startup = bench.series([bench.python, "-c", "import sqlite3"], env)
    libraries = bench.series([bench.python, "-c", LIBRARIES], env)
    board = json.loads(subprocess.run([*bench.ccc, "status", "--json"], env=env, check=True,
                                      capture_output=True, text=True).stdout)  # fmt: skip
    with sqlite3.connect(store / "views.db") as connection:
        instant = connection.execute("SELECT MAX(recorded_at) FROM records").fetchone()[0]
    other = beside(bench, store, env)  # --against: a copy of the store for the other code
    rows: list[dict[str, Any]] = []

    def row(
        label: str,
        got: dict[str, float],
        floor: str,
        under: dict[str, float],
        before: dict[str, float] | None = None,
    ) -> None:
        """One figure against its floor's (`under`: the floor's figures), by wall time
        and, where both were taken, by CPU time; `before`: the other code's figures."""
        cpu_ratio = got["cpu"] / under["cpu"] if "cpu" in got and "cpu" in under else None
        rows.append({"command": label, **got, "floor": floor, "floor_s": under["median"],
                     "ratio": got["median"] / under["median"], "cpu_ratio": cpu_ratio})  # fmt: skip
        if before is not None:
            rows[-1]["before"] = before

    print("  read commands", flush=True)
    largest = max(board, key=lambda case: case["records"])["reference"]
    for label, words in QUERIES:
        args = [
            w.format(case=board[0]["reference"], largest=largest, instant=instant) for w in words
        ]
        got, before = bench.paired(lambda args=args: args, env, other)
        row(label, got, "start-up", startup, before)
    print("  writes", flush=True)
    notes = iter(range(10**6))

    def note() -> list[Any]:  # a new note each time: the same one again is not written
        return ["record", "note", "--occurred", "2025-12-31",
                "--summary", f"Benchmark note {count}-{time.time_ns()}-{next(notes)}."]  # fmt: skip

    def letter() -> list[Any]:  # to the State with the most correspondence in the log
        return ["record", "letter", "--to", "UKR", "--subject", "Benchmark",
                "--occurred", "2025-12-30", "--reply-requested-by", "2026-03-01",
                "--summary", f"Letter {count}-{time.time_ns()}-{next(notes)}."]  # fmt: skip

    write, before = bench.paired(note, env, other)
    row("record note (one write)", write, "start-up", startup, before)
    # What a write cannot go below: importing the libraries it is built on (the
    # project's required click, pydantic and eventsourcing), then the write against it.
    row("libraries a write imports", libraries, "start-up", startup)
    row("record note, against its libraries", write, "libraries a write imports", libraries)
    status = bench.series([*bench.ccc, "status", "--json"], env)
    # A write brings the views up to date itself; the next read then finds them current.
    own = caught_up(bench, note, env, store)
    earlier = caught_up(bench.against, note, other, Path(other["CCC_STORE"])) if other else None
    row("status after one's own note", own, "status --json", status, earlier)
    # A record the views have not read (another officer's, or written while another
    # process held the views' lock, as here): the read catches up first.
    for label, made in (
        ("catch up one record + status", note),
        ("catch up a letter to UKR + status", letter),
    ):
        caught = caught_up(bench, made, env, store, busy=True)
        earlier = (
            caught_up(bench.against, made, other, Path(other["CCC_STORE"]), busy=True)
            if bench.against and other
            else None
        )
        row(label, caught, "status --json", status, earlier)
    print("  the web view's site", flush=True)
    subprocess.run([*bench.ccc, "status"], env=env, check=True, capture_output=True)
    built = bench.once([*bench.ccc, "serve", "--build-only"], env)  # made whole
    row("site: whole build", measured([built]), "raw scan + json.loads", scan)
    updated = []
    for _ in range(max(bench.runs, 1)):
        subprocess.run([*bench.ccc, *note()], env=env, check=True, capture_output=True)
        subprocess.run([*bench.ccc, "status"], env=env, check=True, capture_output=True)
        updated.append(bench.once([*bench.ccc, "serve", "--build-only"], env))
    row("site: update after one record", measured(updated), "status --json", status)
    print("  the web view's pages", flush=True)
    from pages import measure as page_times  # bench/pages.py

    for label, seconds, floor in page_times(bench.python, env, max(bench.runs, 1)):
        row(f"site page: {label}", figures([seconds], 0), "bare Datasette, records page",
            {"median": floor})  # fmt: skip
    raw = f"raw inserts of the same {imported['records']:,} rows"
    peak = int(imported["peak_mb"] * 1024)
    row("import (file)", figures([imported["seconds"]], peak, [imported["cpu"]]), raw,
        {"median": imported["raw_seconds"]})  # fmt: skip
    row("rebuild", rebuild, "raw scan + json.loads", scan)
    copied = bench.series(
        [bench.python, "-c", VIEWS_COPY, store / "views.db", bench.work / "views-copy.db"],
        env,
        heavy,
    )
    row("views copied by SQL alone", copied, "raw scan + json.loads", scan)
    print("  export and verify", flush=True)
    export = bench.work / f"export-{count}.jsonl"
    export.unlink(missing_ok=True)
    exported = bench.once([*bench.ccc, "export", "--full", export], env)
    hashing = bench.series(["sha256sum", export], env)
    row("export", measured([exported]), "sha256sum of the export", hashing)
    verified = bench.series([*bench.ccc, "verify", export], env, heavy)
    row("verify FILE", verified, "sha256sum", hashing)
    log_only = bench.series([*bench.ccc, "verify", "--log-only"], env, heavy)
    row("verify --log-only (store)", log_only, "sha256sum", hashing)
    export.unlink(missing_ok=True)
    return {"count": count, "startup_s": startup["median"], "rows": rows}


def beside(bench: Bench, store: Path, env: dict[str, str]) -> dict[str, str] | None:
    """With --against: a copy of the store for the other code, its views brought up to
    date by it (or rebuilt, where its views differ) before anything is timed."""
    if bench.against is None:
        return None
    copy = store.with_name(f"{store.name}-against")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    other = {**env, "CCC_STORE": str(copy)}
    subprocess.run([*bench.against.ccc, "status"], env=other, check=True, capture_output=True)
    return other


def caught_up(
    bench: Bench | None,
    made: Callable[[], list[Any]],
    env: dict[str, str],
    store: Path,
    busy: bool = False,
) -> dict[str, float]:
    """A record written, then `status --json` timed. `busy`: written while the views'
    lock is held, as by another process updating them, so that the write leaves them
    behind and the read catches up first."""
    assert bench is not None
    caught = []
    for _ in range(max(bench.runs, 1)):
        with _views_locked(store) if busy else contextlib.nullcontext():
            subprocess.run([*bench.ccc, *made()], env=env, check=True, capture_output=True)
        caught.append(bench.once([*bench.ccc, "status", "--json"], env))
    return measured(caught)


@contextlib.contextmanager
def _views_locked(store: Path) -> Iterator[None]:
    """The store's views lock held, as ccc holds it (flock on views.lock)."""
    import fcntl

    with open(store / "views.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def table(result: dict[str, Any], ref: str = "") -> str:
    """One size's figures; with `ref` (--against), REF's CPU time and the change beside
    each figure taken for both."""
    compared = ref and any("before" in row for row in result["rows"])
    extra = f" {ref} CPU | change (CPU) |" if compared else ""
    lines = [
        f"{result['count']:,} records; start-up floor (python -c 'import sqlite3') "
        f"{result['startup_s'] * 1000:.0f} ms",
        "",
        f"| what | median | min-max | floor | ratio | CPU | CPU ratio | peak memory |{extra}",
        "|---|---|---|---|---|---|---|---|" + ("---|---|" if compared else ""),
    ]
    for row in result["rows"]:
        fast = row["median"] < 10
        unit, scale = ("ms", 1000) if fast else ("s", 1)
        span = f"{row['min'] * scale:.0f}-{row['max'] * scale:.0f} {unit}" if fast else (
            f"{row['min']:.1f}-{row['max']:.1f} s")  # fmt: skip
        value = f"{row['median'] * scale:.0f} {unit}" if fast else f"{row['median']:.1f} s"
        floor = f"{row['floor']}: {row['floor_s'] * 1000:.0f} ms"
        memory = f"{row['peak_mb']:.0f} MB" if row["peak_mb"] else "(the server's)"
        cpu = row.get("cpu")
        cpu_ratio = row.get("cpu_ratio")
        by_cpu = "" if cpu_ratio is None else f"{cpu_ratio:.1f}x"
        line = (
            f"| {row['command']} | {value} | {span} | {floor} | {row['ratio']:.1f}x"
            f" | {_seconds(cpu)} | {by_cpu} | {memory} |"
        )
        if compared:
            before = row.get("before")
            if before is None or not cpu or not before.get("cpu"):
                line += " | |"
            else:
                line += f" {_seconds(before['cpu'])} | {_change(row, before)} |"
        lines.append(line)
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def _change(mine: dict[str, Any], theirs: dict[str, Any]) -> str:
    """This code's median CPU time against the other's: '-12%' less, '+30%' more, 'same'
    within 5%. Where the two codes' cold runs overlap (one of this code's took no more
    CPU than one of the other's, and one no less), ', runs overlap' follows: on a shared
    machine unchanged code moves by a quarter or more between such runs, so only a
    change whose runs do not overlap is more than noise."""
    ratio = mine["cpu"] / theirs["cpu"]
    if abs(ratio - 1) < 0.05:
        return "same"
    change = f"{(ratio - 1) * 100:+.0f}%"
    ranges = ("cpu_min", "cpu_max")
    if not all(key in mine and key in theirs for key in ranges):
        return change  # figures from before the ranges were kept
    apart = mine["cpu_max"] < theirs["cpu_min"] or mine["cpu_min"] > theirs["cpu_max"]
    return change if apart else f"{change}, runs overlap"


def measured_code() -> str:
    """The commit whose ccc the run measures, as `git describe` names it, and whether the
    working tree's ccc/ differed from it (pip installs the tree, not the commit)."""
    git = ["git", "-C", str(ROOT)]
    described = subprocess.run([*git, "describe", "--always"], capture_output=True, text=True)
    if described.returncode:
        return "unknown (not a git checkout)"
    changed = subprocess.run([*git, "status", "--porcelain", "--", "ccc"],
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
    return described.stdout.strip() + (" with uncommitted changes to ccc/" if changed else "")


def machine(code: str) -> dict[str, str]:
    return {
        "code": code,
        "date": datetime.now(UTC).date().isoformat(),
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 and 100,000 records only.")
    parser.add_argument("--sizes", type=int, nargs="+", help="Log sizes (default: all three).")
    parser.add_argument("--runs", type=int, default=5, help="Cold runs per figure (default 5).")
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="Use this Python's ccc (an editable install"
        " is slower to start: beside --against, for a smoke run only).",
    )
    parser.add_argument("--work", type=Path, default=WORK, help="Where logs and stores go.")
    parser.add_argument("--out", type=Path, help="Where results.json and BENCHMARKS.md go.")
    parser.add_argument(
        "--against",
        metavar="REF",
        help="Also measure this git commit's ccc in the same run (make bench: HEAD~1).",
    )
    parser.add_argument(
        "--render", action="store_true", help="Only write BENCHMARKS.md from results.json."
    )
    options = parser.parse_args(argv)
    if options.render:
        saved = json.loads((HERE / "results.json").read_text())
        ref = saved["machine"].get("against", "")
        text = "\n\n".join(table(result, ref) for result in saved["results"])
        write_document(ROOT / "BENCHMARKS.md", saved["machine"], text, options.runs)
        return
    sizes = options.sizes or (SIZES[:2] if options.quick else SIZES)
    options.work = options.work.resolve()
    options.out = options.out.resolve() if options.out else None
    options.work.mkdir(parents=True, exist_ok=True)
    os.chdir(options.work)  # no command may import a `ccc` folder it runs beside
    code = measured_code()  # before installing it: what the run measures
    python = sys.executable if options.no_install else install()
    against, ref = None, ""
    if options.against:
        other, ref = install_against(options.against, options.work)
        against = Bench(other, options.work, options.runs)
    bench = Bench(python, options.work, options.runs, against)
    results = [measure(bench, count) for count in sizes]
    about = {**machine(code), **({"against": ref} if ref else {})}
    text = "\n\n".join(table(result, ref) for result in results)
    print(text)
    if options.out:
        options.out.mkdir(parents=True, exist_ok=True)
    results_file = (options.out or HERE) / "results.json"
    document = (options.out or ROOT) / "BENCHMARKS.md"
    results_file.write_text(json.dumps({"machine": about, "results": results}, indent=1) + "\n")
    write_document(document, about, text, options.runs)
    print(f"\nWrote {results_file} and {document}.")


def write_document(path: Path, about: dict[str, str], text: str, runs: int) -> None:
    from explain import document  # bench/explain.py: what each figure means

    path.write_text(document(about, text, runs))
