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


def _joined(lines):
    """Examples as commands: a line ending with a backslash goes on to the next."""
    commands, pending = [], ""
    for line in lines:
        if line.endswith(" \\"):
            pending += line[:-2].strip() + " "
            continue
        commands.append(pending + line.strip())
        pending = ""
    return commands


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
        for example in _joined(EXAMPLES[path]):
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


def test_the_readme_lists_the_kinds_the_tool_records():
    """The README's list of `ccc record` kinds is the tool's own: all of them, and the
    count it gives."""
    import re

    from ccc.application.inputs import RECORD_INPUTS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listing = readme.split("`ccc record --help` lists the", 1)[1].split("`ccc case`", 1)[0]
    named = re.findall(r"`([a-z0-9-]+)`", listing)
    assert named == list(RECORD_INPUTS)
    assert listing.split()[0] == str(len(RECORD_INPUTS))


@pytest.mark.parametrize("path", sorted(p for p in EXAMPLES if " " in p))
def test_a_subcommands_help_ends_with_its_examples(ccc, path):
    """The subcommands too: `record letter`, `case open`, ... (the record kinds are built
    on first use, and get theirs then)."""
    text = ccc.ok(*path.split(), "--help")
    tail = text.rstrip().splitlines()[-len(EXAMPLES[path]) - 1 :]
    assert tail[0].strip() == "Examples:", path
    assert [line.strip() for line in tail[1:]] == [e.strip() for e in EXAMPLES[path]], path
