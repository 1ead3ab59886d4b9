"""Every read command against the floor measured in the same run, at one log size:
`python bench/queries.py [N] [--runs R] [--no-install]`.

For each command: the median (and min-max) of R cold processes, the ratio to bare Python
start-up (`python -c "import sqlite3"`), and the peak memory of one run. The log is
bench/generate.py's, imported once into bench/.work/store-N (reused when present) with
the register loaded. With --no-install the `ccc` of the running interpreter is used (the
smoke test in tests/ does this on a tiny log); otherwise ccc is installed with `pip install
.` into bench/.work/venv and its bytecode compiled, as users run it. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"

# (label, arguments): the read commands issue 12 measures.
COMMANDS: list[tuple[str, list[str]]] = [
    ("status --json", ["status", "--json"]),
    ("history REF --json", ["history", "{case}", "--json"]),
    ("case show REF --json", ["case", "show", "{case}", "--json"]),
    ("log --limit 20 --json", ["log", "--limit", "20", "--json"]),
    ("log --party UKR --limit 20 --json", ["log", "--party", "UKR", "--limit", "20", "--json"]),
    ("deadlines --json", ["deadlines", "--as-of", "2025-12-31", "--json"]),
    ("members --as-of D --json", ["members", "--as-of", "2025-12-31", "--json"]),
    ("party show Ukraine --json", ["party", "show", "Ukraine", "--as-of", "2025-12-31", "--json"]),
    ("status --as-of D --json", ["status", "--as-of", "2025-06-30", "--json"]),
    ("status --known-at T --json", ["status", "--known-at", "2030-01-01", "--json"]),
    ("report activities (one year)", ["report", "activities", "--from", "2025-01-01",
                                      "--to", "2025-12-31"]),
    ("check --json", ["check", "--as-of", "2025-12-31", "--json"]),
]  # fmt: skip


def measured(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one cold process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def series(command: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    measured(command, env)  # warm the page cache
    samples = [measured(command, env) for _ in range(runs)]
    times = [s[0] for s in samples]
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "peak_kib": max(s[1] for s in samples),
    }


def prepare(
    count: int, ccc: list[str], python: str, work: Path
) -> tuple[Path, dict[str, str], str]:
    """The store of `count` records (built once), its environment, and a case reference."""
    work.mkdir(exist_ok=True)
    store = work / f"store-{count}"
    env = {**os.environ, "CCC_STORE": str(store), "CCC_ACTOR": "bench"}
    if not (store / "events.db").exists():
        data = work / f"log-{count}.json"
        if not data.exists():
            subprocess.run([python, HERE / "generate.py", str(count), data], check=True)
        subprocess.run([*ccc, "register", "load"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*ccc, "import", str(data)], env=env, check=True, stdout=subprocess.DEVNULL)
    board = json.loads(subprocess.run([*ccc, "status", "--json"], env=env, check=True,
                                      capture_output=True, text=True).stdout)  # fmt: skip
    return store, env, board[0]["reference"] if board else "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-install", action="store_true")
    parser.add_argument("--work", type=Path, default=WORK, help="Where logs and stores go.")
    options = parser.parse_args()
    if options.no_install:
        python = sys.executable
    else:
        from run import PYTHON, install  # bench/run.py: the same installed copy as make bench

        install()
        python = str(PYTHON)
    ccc = [python, "-m", "ccc"]
    _, env, case = prepare(options.count, ccc, python, options.work)
    floor = series([python, "-c", "import sqlite3"], env, options.runs)
    rows = []
    for label, words in COMMANDS:
        figures = series([*ccc, *(w.format(case=case) for w in words)], env, options.runs)
        rows.append({"command": label, **figures, "ratio": figures["median"] / floor["median"]})
    print(f"{options.count:,} records; floor (python -c 'import sqlite3'): "
          f"{floor['median'] * 1000:.0f} ms; medians of {options.runs} cold runs")  # fmt: skip
    print(f"{'command':38} {'median':>9} {'min-max':>15} {'ratio':>7} {'peak':>9}")
    for row in rows:
        span = f"{row['min'] * 1000:.0f}-{row['max'] * 1000:.0f}"
        print(
            f"{row['command']:38} {row['median'] * 1000:7.0f}ms {span:>13}ms "
            f"{row['ratio']:6.1f}x {row['peak_kib'] / 1024:7.0f}MB"
        )
    results = options.work / f"queries-{options.count}.json"
    results.write_text(json.dumps({"count": options.count, "floor": floor, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
