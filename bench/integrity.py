"""Benchmark `ccc export` and `ccc verify` against `sha256sum` of the same export file:
`python bench/integrity.py [N ...]` (default: 100000 1000000).

For each N: builds a store of N synthetic records (imported in parts of 100,000, then the
views built, all with the installed `ccc` of bench/run.py), then times in fresh processes,
with their peak memory:
  - `ccc export FILE`,
  - `sha256sum FILE` (the floor: hashing the same bytes once),
  - `ccc verify FILE` (every line's digest, the running digest, the manifest),
  - `ccc verify` of the store (the same, plus each aggregate's links and the views' record).
Prints ratios to the floor; nothing is asserted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import CCC, PYTHON, WORK, install  # noqa: E402

PART = 100_000


def timed(*args: object, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and the peak resident memory (MB) of one command in a new process,
    as GNU time reports them."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *[str(a) for a in args]],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) // 1024


def build(count: int, env: dict[str, str]) -> None:
    store = Path(env["CCC_STORE"])
    if (store / "views.db").exists():
        return
    shutil.rmtree(store, ignore_errors=True)
    for part in range(max(count // PART, 1)):
        data = WORK / f"part-{part}.json"
        if not data.exists():
            size = min(count, PART)
            subprocess.run([PYTHON, HERE / "generate.py", str(size), data, str(part)], check=True)
        print(f"  importing part {part + 1} of {max(count // PART, 1)}", flush=True)
        subprocess.run([CCC, "import", data], check=True, stdout=subprocess.DEVNULL, env=env)
    print("  building the views", flush=True)
    subprocess.run([CCC, "status", "--json"], check=True, stdout=subprocess.DEVNULL, env=env)


def cell(measured: tuple[float, int], floor: tuple[float, int]) -> str:
    return f"{measured[0]:6.1f} ({measured[0] / floor[0]:4.1f}x, {measured[1]:4d})"


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]
    WORK.mkdir(exist_ok=True)
    install()
    rows = []
    for count in counts:
        env = {**os.environ, "CCC_STORE": str(WORK / f"audit-{count}"), "CCC_ACTOR": "bench"}
        print(f"{count:,} records:", flush=True)
        build(count, env)
        export_file = WORK / f"audit-{count}.jsonl"
        export = timed(CCC, "export", export_file, env=env)
        floor = timed("sha256sum", export_file, env=env)
        verify_file = timed(CCC, "verify", export_file, env=env)
        verify_store = timed(CCC, "verify", env=env)
        size = export_file.stat().st_size / 1e6
        rows.append((count, size, export, floor, verify_file, verify_store))
    print(
        "\nrecords   export MB | sha256sum s | export s (x, MB) | verify export s (x, MB) | "
        "verify store s (x, MB)"
    )
    for count, size, export, floor, verify_file, verify_store in rows:
        print(
            f"{count:>9,} {size:9.0f} | {floor[0]:11.2f} | {cell(export, floor)} | "
            f"{cell(verify_file, floor)} | {cell(verify_store, floor)}"
        )
    print("x: times sha256sum over the same export file; MB: peak resident memory.")


if __name__ == "__main__":
    main()
