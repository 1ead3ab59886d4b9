"""The query benchmark runs end to end on a small log (a smoke run: no timing is
asserted; `python bench/queries.py` gives the figures)."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_the_query_benchmark_measures_every_read_command(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "queries.py"), "300", "--runs", "1",
         "--no-install", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads((tmp_path / "queries-300.json").read_text())
    assert len(figures["rows"]) == 12
    assert all(row["median"] > 0 and row["peak_kib"] > 0 for row in figures["rows"])
    assert "report activities (one year)" in result.stdout
