"""One process at a time: an exclusive lock on a file, held for a block.

On POSIX this is `fcntl.flock` itself, as the filelock library's Unix lock is, so that
both lock one another out; filelock only where fcntl is missing (Windows). Not the library
everywhere because importing it costs 30 ms of CPU (filelock 4 loads logging, inspect,
pathlib and dataclasses), which every catch-up of the views paid: a third of catching
up one record. Standard library only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

POLL = 0.05  # seconds between tries while another process holds the lock


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than the caller would wait."""


@contextmanager
def exclusive(path: str, timeout: float) -> Iterator[None]:
    """Hold the lock on `path` (made, mode 0600, if missing, in a folder made private if
    missing) for the block; LockTimeout when another process holds it for over `timeout`
    seconds."""
    try:
        import fcntl
    except ImportError:  # no flock: the library's lock for this platform
        with _filelock(path, timeout):
            yield
        return
    os.makedirs(os.path.dirname(path) or ".", mode=0o700, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"{path} is locked by another process") from None
                time.sleep(POLL)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


@contextmanager
def _filelock(path: str, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        lock = FileLock(path, timeout=timeout, mode=0o600)
        lock.acquire()
    except Timeout as error:
        raise LockTimeout(f"{path} is locked by another process") from error
    try:
        yield
    finally:
        lock.release()
