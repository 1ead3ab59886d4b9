"""The README's tour runs as written (so the README stays true to what the code does)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_the_readme_tour_runs(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A short tour", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", tour],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "awaiting reply" in result.stdout  # the board as of 10 September
    assert "Imported 25 new record(s)" in result.stdout
