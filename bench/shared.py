"""`python bench/shared.py`: several officers on one log, on SQLite and on
PostgreSQL, each figure beside a floor measured in the same run on the same database.

- **Writers**: records per second with 1, 2 and 4 processes writing at once, each record
  its own transaction through ccc's write path (checks, chain, triggers), beside the same
  processes running a raw INSERT loop (one row per transaction) into a scratch table of
  the same database.
- **Catch-up**: `ccc status --json` right after another officer wrote 10,000 records
  (the local views read them), beside `ccc status --json` on up-to-date views.
- **Web view**: the first page of `ccc serve` (started, its site built, the page served)
  beside a bare Datasette started on the views file; then one page each, served warm.

PostgreSQL: CCC_TEST_POSTGRES (default the machine's own server); a database is made for
the run and dropped after it. Writes its figures to bench/shared-results.md.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("CCC_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
PER_RUN = 400  # records written in each writers' run, shared between the writers


def _ccc_write(spec: tuple[str, str | None], first: int, count: int, start: float) -> None:
    """One officer: `count` notes, one command (one transaction) each."""
    from ccc.application.writing import validate, write
    from ccc.store.where import locate

    store = locate(spec[0], spec[1])
    while time.time() < start:
        time.sleep(0.001)
    for n in range(first, first + count):
        item = validate("note", {"occurred": "2025-01-02", "summary": f"Bench note {n}."}, cli=True)
        write(store, [item], "bench")


def _raw_write(spec: tuple[str, str | None], first: int, count: int, start: float) -> None:
    """The floor: the same number of rows, one INSERT and COMMIT each, same database."""
    target = spec[0]
    while time.time() < start:
        time.sleep(0.001)
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target, autocommit=True) as connection:
            for n in range(first, first + count):
                connection.execute(
                    "INSERT INTO bench_raw (n, payload) VALUES (%s, %s)", (n, f"row {n}")
                )
        return
    connection = sqlite3.connect(os.path.join(target, "events.db"), timeout=60)
    connection.execute("PRAGMA journal_mode=WAL")
    for n in range(first, first + count):
        with connection:
            connection.execute("INSERT INTO bench_raw (n, payload) VALUES (?, ?)", (n, f"row {n}"))
    connection.close()


def _parallel(function: object, spec: tuple[str, str | None], writers: int, base: int) -> float:
    """Records per second with `writers` processes sharing PER_RUN records."""
    context = multiprocessing.get_context("spawn")
    share = PER_RUN // writers
    start = time.time() + 2.0  # every process imported and waiting
    processes = [
        context.Process(target=function, args=(spec, base + w * share, share, start))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        assert process.exitcode == 0, "a writer failed"
    return PER_RUN / (time.time() - start)


def ccc(spec: tuple[str, str | None], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ccc", "--store", spec[0]]
    if spec[1]:
        command += ["--views", spec[1]]
    result = subprocess.run([*command, *args], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result


def timed(spec: tuple[str, str | None], *args: str) -> float:
    started = time.perf_counter()
    ccc(spec, *args)
    return time.perf_counter() - started


def writers(spec: tuple[str, str | None], label: str) -> list[str]:
    rows = []
    base = 0
    ccc(spec, "record", "note", "--occurred", "2025-01-01", "--summary", "First.")
    if spec[0].startswith("postgresql://"):
        import psycopg

        with psycopg.connect(spec[0], autocommit=True) as connection:
            connection.execute("CREATE TABLE bench_raw (n bigint, payload text)")
    else:
        with sqlite3.connect(os.path.join(spec[0], "events.db")) as connection:
            connection.execute("CREATE TABLE bench_raw (n INTEGER, payload TEXT)")
    for count in (1, 2, 4):
        ours = _parallel(_ccc_write, spec, count, base)
        raw = _parallel(_raw_write, spec, count, base)
        base += PER_RUN
        rows.append(
            f"| {label}: {count} writer{'s' if count > 1 else ''} | {ours:,.0f} records/s | "
            f"raw INSERT: {raw:,.0f} rows/s | {raw / ours:.1f}x |"
        )
    return rows


def catch_up(spec: tuple[str, str | None], label: str, tmp: Path) -> list[str]:
    ccc(spec, "status", "--json")
    notes = tmp / f"notes-{label}.json"
    notes.write_text(
        json.dumps(
            [
                {"kind": "note", "occurred": "2025-03-01", "summary": f"By another officer {n}."}
                for n in range(10_000)
            ]
        )
    )
    ccc(spec, "import", str(notes))  # another officer: the views have not read them
    behind = timed(spec, "status", "--json")
    current = min(timed(spec, "status", "--json") for _ in range(3))
    return [
        f"| {label}: status after 10,000 records by another officer | {behind * 1000:,.0f} ms"
        f" | status --json, views current: {current * 1000:,.0f} ms | {behind / current:.1f}x |"
    ]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _first_page(command: list[str], url_path: str) -> tuple[float, float]:
    """(seconds from start to the first page served, seconds for the same page warm)."""
    port = _port()
    started = time.perf_counter()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    server = subprocess.Popen([*command, "--port", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}{url_path}"
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 60:
                    log.seek(0)
                    said = log.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"{command[:4]} did not serve {url}: {said}") from None
                time.sleep(0.05)
        first = time.perf_counter() - started
        warm = []
        for _ in range(5):
            t = time.perf_counter()
            urllib.request.urlopen(url, timeout=5).read()
            warm.append(time.perf_counter() - t)
        return first, min(warm)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def web(spec: tuple[str, str | None], views_db: str) -> list[str]:
    ccc(spec, "status")
    serve = [sys.executable, "-m", "ccc", "--store", spec[0], "serve"]
    bare = [sys.executable, "-m", "datasette", "serve", "-i", views_db]
    ours = _first_page(serve, "/site-public/records")
    floor = _first_page(bare, "/views/records")
    return [
        f"| ccc serve: first page (start, site built, page) | {ours[0] * 1000:,.0f} ms | "
        f"bare Datasette on views.db: {floor[0] * 1000:,.0f} ms | {ours[0] / floor[0]:.1f}x |",
        f"| ccc serve: records page, warm | {ours[1] * 1000:,.1f} ms | "
        f"bare Datasette: {floor[1] * 1000:,.1f} ms | {ours[1] / floor[1]:.1f}x |",
    ]


def main() -> None:
    import psycopg

    tmp = Path(tempfile.mkdtemp(prefix="ccc-shared-bench-"))
    name = f"ccc_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(SERVER)._replace(path=f"/{name}"))
    sqlite_spec: tuple[str, str | None] = (str(tmp / "store"), None)
    pg_spec: tuple[str, str | None] = (url, str(tmp / "pg-views"))
    rows = []
    try:
        for spec, label in ((sqlite_spec, "SQLite"), (pg_spec, "PostgreSQL")):
            rows += writers(spec, label)
            print("\n".join(rows[-3:]), flush=True)
        for spec, label in ((sqlite_spec, "SQLite"), (pg_spec, "PostgreSQL")):
            rows += catch_up(spec, label, tmp)
            print(rows[-1], flush=True)
        rows += web(sqlite_spec, str(tmp / "store" / "views.db"))
        print("\n".join(rows[-2:]), flush=True)
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
    table = "\n".join(["| What | ccc | Floor, same run | Ratio |", "|---|---|---|---|", *rows])
    out = ROOT / "bench" / "shared-results.md"
    out.write_text(
        "# Several officers, one log: figures\n\n"
        f"One run of `python bench/shared.py` on this machine ({os.cpu_count()} cores), "
        "bytecode compiled. Each ratio is against the floor measured in the same run.\n\n"
        f"{table}\n"
    )
    print(f"Wrote {out}.")


if __name__ == "__main__":
    main()
