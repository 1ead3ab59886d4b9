"""Benchmark `ccc` against the floors measured in the same run: `python bench/run.py [N]`.

1. Installs ccc with `pip install .` into bench/.work/venv and compiles its bytecode, so
   commands start as an installed tool does (this machine sets PYTHONDONTWRITEBYTECODE=1).
2. Writes a synthetic log of N records (default 100,000; bench/generate.py) as JSON.
3. Import: `ccc import` in a fresh process, as records/s, beside raw SQLite inserting the
   same stored rows (copied from the new store) in one transaction.
4. Status: the median cold-process time of `ccc status --json` on the up-to-date store,
   beside the median of `python -c "import sqlite3"` (bare start-up), same interpreter.
Prints every figure and the ratios; nothing is asserted.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
VENV = WORK / "venv"
PYTHON = VENV / "bin" / "python"
CCC = VENV / "bin" / "ccc"
RUNS = 21


def sh(*args: object, env: dict[str, str] | None = None) -> float:
    """Run a command; return its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([str(a) for a in args], check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def install() -> None:
    if not PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [PYTHON, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, str(ROOT)], check=True)  # dependencies
    subprocess.run([*pip, "--no-deps", "--force-reinstall", str(ROOT)], check=True)  # this code
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(VENV / "lib")], check=True)


def raw_insert_rate(events_db: Path) -> float:
    """Rows/s for SQLite inserting the same stored events in one transaction."""
    with sqlite3.connect(events_db) as source:
        rows = source.execute("SELECT * FROM stored_events ORDER BY rowid").fetchall()
    target = WORK / "raw.db"
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
    return len(rows) / elapsed


def median_time(command: list[object], env: dict[str, str]) -> float:
    sh(*command, env=env)  # warm the page cache
    return statistics.median(sh(*command, env=env) for _ in range(RUNS))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    WORK.mkdir(exist_ok=True)
    print(f"Installing ccc into {VENV} (pip install ., bytecode compiled) ...", flush=True)
    install()
    data = WORK / f"log-{count}.json"
    if not data.exists():
        subprocess.run([PYTHON, HERE / "generate.py", str(count), data], check=True)
    store = WORK / f"store-{count}"
    shutil.rmtree(store, ignore_errors=True)
    env = {**os.environ, "CCC_STORE": str(store), "CCC_ACTOR": "bench"}

    import_seconds = sh(CCC, "import", data, env=env)
    import_rate = count / import_seconds
    raw_rate = raw_insert_rate(store / "events.db")
    catch_up_seconds = sh(CCC, "status", "--json", env=env)
    status = median_time([CCC, "status", "--json"], env)
    floor = median_time([PYTHON, "-c", "import sqlite3"], env)

    lines = [
        f"records: {count:,} (bench/generate.py, JSON), machine: {os.cpu_count()} cores",
        f"import:  {import_seconds:6.1f} s  = {import_rate:8,.0f} records/s (cold process)",
        f"raw SQLite, same rows, one transaction: {raw_rate:8,.0f} rows/s",
        f"  -> import runs at 1/{raw_rate / import_rate:.1f} of raw SQLite (goal: 1/15 or better)",
        f"first status (views built from the log): {catch_up_seconds:.1f} s",
        f"status --json, median of {RUNS} cold runs: {status * 1000:6.1f} ms",
        f'python -c "import sqlite3", median of {RUNS}: {floor * 1000:6.1f} ms',
        f"  -> status takes {status / floor:.1f}x bare start-up (goal: 4x or less)",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
