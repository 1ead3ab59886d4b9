"""Throw-away PostgreSQL databases for tests: one per test, dropped afterwards.

The server is CCC_TEST_POSTGRES (default: postgres on 127.0.0.1:5432, the machine's own).
Unreachable, PostgreSQL tests are skipped, unless CCC_REQUIRE_POSTGRES=1 (which `.ci/run`
sets): then an unreachable server is a failure."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

SERVER = os.environ.get("CCC_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def admin() -> Any:
    """A connection to the server's own database, or a skip (a failure when required)."""
    import psycopg

    try:
        return psycopg.connect(SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        message = f"PostgreSQL is not reachable at {SERVER} ({error})"
        if os.environ.get("CCC_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def database() -> Iterator[str]:
    """The URL of a new, empty database, dropped afterwards."""
    name = f"ccc_test_{uuid.uuid4().hex[:12]}"
    with admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(SERVER)._replace(path=f"/{name}"))
    finally:
        with admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def log_digest(url: str) -> str:
    """A digest of every stored event of a PostgreSQL log, read with raw SQL."""
    import psycopg

    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass('secretariat_events')").fetchone()[0] is None:
            return "no log"
        rows = connection.execute(
            "SELECT notification_id, originator_id::text, originator_version, topic, state "
            "FROM secretariat_events ORDER BY notification_id"
        ).fetchall()
    if not rows:
        return "no log"
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def event_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM secretariat_events").fetchone()[0])
