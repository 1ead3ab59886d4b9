"""A throw-away PostgreSQL database per test (tests/pg.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import pg


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a new, empty database."""
    with pg.database() as url:
        yield url
