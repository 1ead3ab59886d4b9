"""Running ccc as a person at a terminal does: in a real pseudo-terminal of a given width
(the standard library's pty), so that ccc sees a terminal, not a pipe. The screen's text
is kept in build/artifacts/terminal/ for people to look at."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[1] / "build" / "artifacts" / "terminal"
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]")


def at_terminal(
    *args: str, columns: int = 80, rows: int = 40, env: dict[str, str] | None = None,
    keep: str | None = None,
) -> tuple[int, str]:  # fmt: skip
    """Run `ccc ARGS` on a pseudo-terminal COLUMNS wide; its exit code and what it showed
    (colours and cursor codes removed, lines as the terminal shows them). `keep`: save the
    screen as build/artifacts/terminal/KEEP.txt."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {**os.environ, "TERM": "xterm", **(env or {})}
    environment.pop("COLUMNS", None)
    environment.pop("LINES", None)
    if "CCC_PAGER" not in (env or {}) and "PAGER" not in (env or {}):
        environment["CCC_PAGER"] = ""  # no pager unless a test asks for one
    elif "CCC_PAGER" not in (env or {}):
        environment.pop("CCC_PAGER", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "ccc", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
        close_fds=True,
    )
    os.close(follower)
    output = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the program ended
            break
        if not chunk:
            break
        output.extend(chunk)
    code = process.wait(timeout=30)
    os.close(leader)
    text = _ESCAPES.sub("", output.decode("utf-8", "replace")).replace("\r\n", "\n")
    if keep:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{keep}.txt").write_text(text)
    return code, text
