"""What a person at a terminal gets, and what a pipe gets: git's and gh's conventions.

- Whether output is for a person is decided once, by whether stdout is a terminal. `COLUMNS`
  only sets the width; piped output is tab-separated text and prose as written, whatever
  `COLUMNS` says (`COLUMNS=100 ccc status | cut -f1` works).
- Prose (papers, dossiers, errors) wraps at word boundaries to the terminal's width.
- Long answers go through a pager: `CCC_PAGER`, else `PAGER`, else `less -FRX` (it
  prints a short answer and quits); `--no-pager` or `CCC_PAGER=` (empty) turns it off.

Standard library only: every read command imports this.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

_width: int | None = None  # the terminal's width, fixed before a pager takes stdout
_decided = False


def width() -> int | None:
    """The terminal's width in columns, or None when stdout is not a terminal."""
    global _width, _decided
    if not _decided:
        _decided = True
        _width = _columns() if sys.stdout.isatty() else None
    return _width


def _columns(stream: TextIO | None = None) -> int:
    """COLUMNS when set, else the width of the terminal `stream` (default: stdout) is on
    (shutil.get_terminal_size does the same; importing shutil costs every read command
    a few milliseconds)."""
    try:
        return max(20, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size((stream or sys.stdout).fileno()).columns or 80
    except (OSError, ValueError):
        return 80


def for_a_reader(text: str, stream: TextIO) -> str:
    """`text` wrapped at words to the terminal `stream` is on (an error on stderr, say);
    as it is when the stream is a pipe or a file."""
    return wrap(text, _columns(stream)) if stream.isatty() else text


def for_a_person() -> bool:
    return width() is not None


def reset() -> None:
    """Decide again (each command in a test process starts afresh)."""
    global _width, _decided
    _width, _decided = None, False


# A line that is not prose: a rule, a table row, a fenced block, an indented one.
_NOT_PROSE = re.compile(r"^(---|\||```|    |\t)")
# A heading's marks, a numbered or bulleted paragraph's lead: its next lines hang under it.
_LEAD = re.compile(r"^(#+\s+|\d+\.\s+|[-*]\s+)")


def wrap(text: str, columns: int | None = None) -> str:
    """Prose wrapped at word boundaries to `columns` (default: the terminal's width;
    unchanged when not at a terminal). A heading's or a numbered paragraph's next lines
    hang under its text; tables and code are left as they are; nothing is cut."""
    columns = columns or width()
    if not columns:
        return text
    import textwrap

    out = []
    fence = False
    for line in text.split("\n"):
        if line.startswith("```"):
            fence = not fence
        if fence or len(line) <= columns or _NOT_PROSE.match(line):
            out.append(line)
            continue
        lead = _LEAD.match(line)
        hang = " " * len(lead[0]) if lead else ""
        out.append(
            textwrap.fill(
                line,
                columns,
                subsequent_indent=hang,
                break_long_words=False,  # an address or a symbol stays whole
                break_on_hyphens=False,
            )
        )
    return "\n".join(out)


def _pager_command() -> str | None:
    if "CCC_PAGER" in os.environ:
        return os.environ["CCC_PAGER"].strip() or None
    if os.environ.get("PAGER", "").strip():
        return os.environ["PAGER"].strip()
    import shutil

    return "less -FRX" if shutil.which("less") else None


@contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Send what the block prints through the pager when stdout is a terminal."""
    command = _pager_command() if enabled and for_a_person() else None
    if command is None:
        yield
        return
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git sets it: quit if one screen, keep colours
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        yield  # no pager after all: print as usual
        return
    assert pager.stdin is not None
    import io

    stream = io.TextIOWrapper(pager.stdin, encoding="utf-8", errors="backslashreplace")
    saved = sys.stdout
    sys.stdout = stream
    try:
        yield
    except BrokenPipeError:
        pass  # the reader quit the pager early: nothing more to show
    finally:
        sys.stdout = saved
        with suppress(BrokenPipeError):
            stream.close()
        pager.wait()
