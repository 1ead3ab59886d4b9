"""Reading the files people give ccc (import files, depositary tables, keys, checkpoint
notes, manifests): regular files only, of a bounded size, UTF-8, each failure one clear
sentence naming the file. Standard library only."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from ccc.errors import InvalidInput

MAX_INPUT_BYTES = 1 << 30  # 1 GiB: far above any real import, far below this machine's memory


def read_bytes(path: str, what: str = "file", limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, refusing folders, devices, pipes and huge files."""
    with open_checked(path, what, limit) as handle:
        try:
            return handle.read(limit + 1)
        except OSError as error:
            raise InvalidInput(f"cannot read {path}: {error.strerror}.") from error


def open_checked(path: str, what: str = "file", limit: int = MAX_INPUT_BYTES) -> BinaryIO:
    """A regular file opened to be read as bytes, after the checks of read_bytes: for a
    file read a line at a time."""
    if not path:
        raise InvalidInput(f"the {what} has no name; give the path of a file.")
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{path} is a folder; give the {what} itself.")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(
                f"{path} is not a regular file (a device or a pipe); give the {what} as a file."
            )
        if info.st_size > limit:
            raise InvalidInput(
                f"{path} holds {info.st_size:,} bytes, more than the {limit:,} a {what} may "
                "hold; split it."
            )
        return open(path, "rb")
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}.") from error


def read_text(path: str, what: str = "file", limit: int = MAX_INPUT_BYTES) -> str:
    """The text of a UTF-8 file (a byte-order mark is allowed); anything else is refused
    with the position of the first byte that is not UTF-8."""
    data = read_bytes(path, what, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{path} is not UTF-8 text (byte {error.start + 1} is not UTF-8; the file may "
            "be Latin-1, UTF-16 or binary); save it as UTF-8."
        ) from error
