"""Every command's --help ends with examples, and every example runs as
written on a store holding the 2025 example (an `ID` is the id of a record it holds)."""

import shlex
import shutil
import subprocess
import sys

import pytest

from ccc.cli import COMMANDS
from ccc.commands.examples import EXAMPLES
from tests.conftest import ROOT, SEED


def test_every_command_has_examples():
    assert set(COMMANDS) <= set(EXAMPLES)
    for name in COMMANDS:
        assert 1 <= len(EXAMPLES[name]) <= 3, name
    for examples in EXAMPLES.values():  # each fits an 80-column terminal, indented
        assert all(len(example) <= 76 for example in examples), examples


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_ends_with_the_examples(ccc, name):
    text = ccc.ok(name, "--help")
    tail = text.rstrip().splitlines()[-len(EXAMPLES[name]) - 1 :]
    assert tail[0].strip() == "Examples:"
    assert [line.strip() for line in tail[1:]] == EXAMPLES[name]


def test_every_example_runs(tmp_path, store):
    # What the examples name, where they run: the example file, a depositary table.
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copy(ROOT / "ccc" / "data" / "states-parties.csv", tmp_path / "my-depositary-table.csv")
    ccc = [sys.executable, "-m", "ccc"]
    subprocess.run([*ccc, "register", "load"], check=True, capture_output=True)
    subprocess.run([*ccc, "import", str(SEED)], check=True, capture_output=True)
    note = subprocess.run(
        [*ccc, "record", "note", "--occurred", "2025-07-01", "--summary", "To amend."],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    for path in sorted(EXAMPLES):
        for example in EXAMPLES[path]:
            for part in example.replace("ID", note).split(" && "):
                words = shlex.split(part)
                assert words[0] == "ccc", example
                if "roles" in words:  # needs a log in PostgreSQL: tests/postgres/ runs it
                    continue
                if words[1] == "serve" and "--build-only" not in words:
                    # A server runs until stopped: run all it does but serve.
                    words.append("--build-only")
                result = subprocess.run(
                    [*ccc, *words[1:]], cwd=tmp_path, capture_output=True, text=True
                )
                # `check` exits 1 when it finds something: that is its answer, not a failure.
                assert result.returncode in (0, 1), (example, result.stderr)
                assert "Traceback" not in result.stderr, (example, result.stderr)
                if result.returncode == 1:
                    assert words[1] == "check", (example, result.stderr)
