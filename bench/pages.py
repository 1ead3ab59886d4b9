"""The web view's pages, timed: `python bench/pages.py STORE` (or from the suite).

Starts `ccc serve --refresh 0` on the store (its site built first), asks each page type
for itself once (warm) and then `RUNS` times, and gives the median time from request to
the whole answer on 127.0.0.1: the server's time, plus a loopback round trip. The floor is
a bare Datasette serving the same site file (`datasette serve -i`), asked for its plain
records table page (`/site-public/records?_size=50`, no facets) the same number of times.
Nothing is asserted: speed is measured here, never in tests.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

RUNS = 5


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return bytes(response.read())


def _timed(url: str, runs: int) -> float:
    _get(url)  # warm: the first answer reads the file into the page cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        _get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _serving(command: list[str], env: dict[str, str], base: str) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(1200):  # a whole build at a million records takes minutes
        try:
            _get(base + "/-/versions.json")
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"{' '.join(command)} stopped before it served") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"{' '.join(command)} did not answer")


def measure(python: str, env: dict[str, str], runs: int = RUNS) -> list[tuple[str, float, float]]:
    """(page type, median seconds, floor seconds) for each page type of the public site
    of the store `env` names."""
    script = Path(python).parent / "ccc"  # as users run it (see suite.Bench)
    ccc = [str(script)] if script.exists() else [python, "-P", "-m", "ccc"]
    path = subprocess.run(
        [*ccc, "serve", "--build-only"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    database = Path(path).stem
    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = _serving([*ccc, "serve", "--refresh", "0", "--port", str(port)], env, base)
    try:

        def first(sql: str) -> Any:
            url = f"{base}/{database}.json?sql={urllib.parse.quote(sql)}&_shape=array"
            return json.loads(_get(url))[0]

        case = first("SELECT reference FROM cases ORDER BY records DESC LIMIT 1")["reference"]
        state = first("SELECT code FROM states ORDER BY records DESC LIMIT 1")["code"]
        record = first("SELECT id FROM records ORDER BY position DESC LIMIT 1")["id"]
        pages = {
            "home": "/",
            "case (largest)": f"/case/{case}",
            "dossier (largest case)": f"/case/{case}/dossier",
            "dossier as Word": f"/case/{case}/dossier.docx",
            "State (most records)": f"/state/{state}",
            "records, newest first": f"/{database}/records",
            "search: a word in a third of the records": "/search?q=letter",
            "search: two words, page 2": "/search?q=Ukraine+letter&page=2",
            "records by year": "/records/years",
            "records: the table's search box (to /search)": f"/{database}/records?_search=letter",
            "records.json: a search (Datasette's)": f"/{database}/records.json?_search=letter",
            "records: a kind": f"/{database}/records?kind=letter",
            "a record": f"/{database}/records/{record}",
            "cases": f"/{database}/cases",
            "deadlines": f"/{database}/deadlines",
            "awaiting reply": f"/{database}/awaiting_reply",
            "a case's history": f"/{database}/case_history?reference={case}",
            "records.json (50)": f"/{database}/records.json?_size=50",
        }
        timed = {label: _timed(base + page, runs) for label, page in pages.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
    port = _port()
    base = f"http://127.0.0.1:{port}"
    bare = [python, "-m", "datasette", "serve", "-i", path, "-p", str(port),
            "--setting", "suggest_facets", "off"]  # fmt: skip
    server = _serving(bare, env, base)
    try:
        floor = _timed(f"{base}/{database}/records?_size=50", runs)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [(label, seconds, floor) for label, seconds in timed.items()]


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python bench/pages.py STORE")
    env = {**os.environ, "CCC_STORE": sys.argv[1], "CCC_ACTOR": "bench"}
    print("| page | median | bare Datasette, records page | ratio |")
    print("|---|---|---|---|")
    for label, seconds, floor in measure(sys.executable, env):
        print(f"| {label} | {seconds * 1000:,.0f} ms | {floor * 1000:,.0f} ms | "
              f"{seconds / floor:.1f}x |")  # fmt: skip


if __name__ == "__main__":
    main()
