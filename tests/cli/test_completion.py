"""Shell completion: case references, record ids and party names are
offered as bash asks for them, restricted ones never."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def complete(store, line):
    """What bash's completion would offer for `line` (the word being typed is its last)."""
    words = line.split(" ")
    env = {
        **os.environ,
        "CCC_STORE": str(store),
        "_CCC_COMPLETE": "bash_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    script = "import sys; from ccc.cli import cli; sys.argv[0] = 'ccc'; cli()"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.stderr == ""
    offered = [line for line in result.stdout.splitlines() if line]  # none: an empty line
    assert all(line.startswith("plain,") for line in offered), result.stdout
    return [line.split(",", 1)[1] for line in offered]


def test_completion_offers_cases_records_and_parties(seeded, store):
    seeded.ok(
        "case", "open", "secret-2025", "--title", "Confidential", "--state", "Peru",
        "--origin", "committee-initiative", "--occurred", "2025-02-01", "--summary", "S.",
        "--restricted",
    )  # fmt: skip
    seeded.ok("status")  # completion reads the views as the last command left them
    assert complete(store, "ccc history ") == [
        "article9-2025",
        "cambodia-thailand-2025",
        "ukraine-art1-2025",
    ]  # the restricted case is not offered
    assert complete(store, "ccc report case uk") == ["ukraine-art1-2025"]
    assert complete(store, "ccc log --case camb") == ["cambodia-thailand-2025"]
    records = seeded.json("log")
    first = records[0]["id"]
    assert first in complete(store, f"ccc correct {first[:2]}")
    secret = [r["id"] for r in records if r["restricted"]]
    offered = complete(store, "ccc retract ")
    assert secret and not set(secret) & set(offered)
    assert complete(store, "ccc party show Camb") == ["Cambodia"]
    assert complete(store, "ccc log --party KH") == ["KHM"]


def test_completion_scripts_for_the_shells_the_readme_names():
    for shell in ("bash", "zsh", "fish"):
        env = {**os.environ, "_CCC_COMPLETE": f"{shell}_source"}
        script = "import sys; from ccc.cli import cli; sys.argv[0] = 'ccc'; cli()"
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
        )
        assert "_CCC_COMPLETE" in result.stdout, shell
