"""A throw-away PostgreSQL database per test, dropped afterwards.

The server is CCC_TEST_POSTGRES (default: postgres on 127.0.0.1:5432, the machine's own).
Unreachable, these tests are skipped, unless CCC_REQUIRE_POSTGRES=1 (which `.ci/run`
sets): then an unreachable server is a failure."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

SERVER = os.environ.get("CCC_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin():  # type: ignore[no-untyped-def]
    import psycopg

    try:
        return psycopg.connect(SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        message = f"PostgreSQL is not reachable at {SERVER} ({error})"
        if os.environ.get("CCC_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a new, empty database."""
    name = f"ccc_test_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(SERVER)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
