"""The benchmark suite runs end to end on the smallest log (a smoke run: no timing is
asserted; `make bench` gives the figures)."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_the_benchmark_suite_measures_every_figure(tmp_path):
    """Beside the committed code too (--against HEAD: installed from git into a venv of
    its own), as `make bench` measures the previous commit."""
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--sizes", "10000", "--runs", "1",
         "--no-install", "--work", str(tmp_path / "work"), "--out", str(tmp_path),
         "--against", "HEAD"],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads((tmp_path / "results.json").read_text())
    [size] = figures["results"]
    measured = {row["command"] for row in size["rows"]}
    assert {"deadlines --json", "record note (one write)", "import (file)", "rebuild",
            "verify FILE", "catch up one record + status", "status after one's own note",
            "catch up a letter to UKR + status", "site: whole build",
            "site: update after one record", "site page: home", "site page: State (most records)",
            "site page: dossier as Word"} <= measured  # fmt: skip
    assert all(row["median"] > 0 and row["floor_s"] > 0 for row in size["rows"])
    compared = {row["command"] for row in size["rows"] if row.get("before", {}).get("cpu", 0) > 0}
    assert {"status --json", "party show UKR --json", "record note (one write)",
            "catch up one record + status"} <= compared  # fmt: skip
    document = (tmp_path / "BENCHMARKS.md").read_text()
    assert "| report activities (one year) |" in document
    assert figures["machine"]["cores"] in document
    head = subprocess.run(["git", "-C", str(ROOT), "describe", "--always"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    assert figures["machine"]["code"].startswith(head)  # which code the figures are of
    assert f"measuring commit\n{figures['machine']['code']}" in document
    ref = figures["machine"]["against"]
    assert f"{ref} CPU | change (CPU) |" in document
