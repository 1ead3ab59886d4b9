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


def test_a_change_is_called_noise_when_the_two_codes_runs_overlap():
    """The change column names a change without qualification only when every cold run
    of one code took less CPU than every run of the other."""
    from bench.suite import _change

    theirs = {"cpu": 0.100, "cpu_min": 0.090, "cpu_max": 0.110}
    assert _change({"cpu": 0.130, "cpu_min": 0.120, "cpu_max": 0.140}, theirs) == "+30%"
    assert _change({"cpu": 0.070, "cpu_min": 0.060, "cpu_max": 0.085}, theirs) == "-30%"
    overlapping = {"cpu": 0.130, "cpu_min": 0.105, "cpu_max": 0.150}
    assert _change(overlapping, theirs) == "+30%, runs overlap"
    assert _change({"cpu": 0.103, "cpu_min": 0.2, "cpu_max": 0.3}, theirs) == "same"
    assert _change({"cpu": 0.130}, {"cpu": 0.100}) == "+30%"  # an older results.json
