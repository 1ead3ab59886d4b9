"""The README runs as written: every shell block, in order, verbatim, in a fresh home
folder with the installed `ccc` on PATH. A command the README expects to fail says so
itself (`|| ...`). The quick start's `make` lines are left out: `make test` is what runs
this test, and CI runs `make demo`'s commands through it."""

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def readme_script() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", readme, flags=re.DOTALL | re.MULTILINE)
    lines = [
        line for block in blocks for line in block.splitlines() if not line.startswith("make ")
    ]
    return "\n".join(lines) + "\n"


def test_the_readme_has_its_shell_blocks():
    script = readme_script()
    assert script.count("ccc ") > 30
    assert "make test" not in script


def test_every_shell_block_of_the_readme_runs(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("CCC_")}
    env.update(
        HOME=str(tmp_path),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    )
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", readme_script()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "awaiting reply" in out  # the board as of 10 September
    assert "Imported 25 new record(s)" in out
    assert "Verified" in out and "every digest holds" in out
    assert (tmp_path / "case.png").stat().st_size > 1000
    assert not list(ROOT.glob("*.jsonl")) and not (ROOT / "paper.html").exists()
