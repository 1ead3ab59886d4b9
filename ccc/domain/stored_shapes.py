"""The shape of every event ccc stores, read from ccc/data/event-shapes.json: the standard
library only, so that what reads stored JSON (the projection's decoder, `ccc verify`)
need not load pydantic and the domain's classes (issue 24).

The file is written from the classes by `python -m ccc.domain.topics`, and a test fails
when it differs from them (tests/projections/test_decode.py), so what this module says
of a topic is what the classes say. A topic the file does not hold (a later version's
class, registered by its tests) is left to ccc.domain.topics, which asks the class.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any

from ccc.domain.names import data_text

# The table, among ccc's data files.
SHAPES_FILE = "event-shapes.json"
# What every stored state holds besides its class's required fields: its chain link and
# the time and officer of its recording.
ALWAYS = frozenset({"_prev", "timestamp", "recorded_by"})


@cache
def table() -> dict[str, Any]:
    """The whole table: `common`, `aggregates`, `topics` (each with its kind, role, party
    fields and fields) and `models`."""
    return json.loads(data_text(SHAPES_FILE))  # type: ignore[no-any-return]


@cache
def aggregates() -> frozenset[str]:
    """The aggregate topics an opening event may name (`originator_topic`)."""
    return frozenset(table()["aggregates"])


@cache
def keys(topic: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The members a stored state of this topic may hold, and those it must hold (None:
    the table does not hold the topic)."""
    shape = table()["topics"].get(topic)
    if shape is None:
        return None
    names = [field["name"] for field in shape["fields"]]
    required = [field["name"] for field in shape["fields"] if "default" not in field]
    return frozenset({*names, "_prev"}), frozenset({*required, *ALWAYS})


@lru_cache(maxsize=4096)  # `verify` asks for every record; those of a kind share keys
def keys_problem(
    allowed: frozenset[str], required: frozenset[str], present: tuple[str, ...]
) -> str | None:
    """What is wrong with a state holding the members `present`, in a few words (None:
    nothing)."""
    extra = sorted(set(present) - allowed)
    missing = sorted(required - set(present))
    if extra:
        return f"it has a field ccc does not write ({', '.join(extra)[:80]})"
    if missing:
        return f"it lacks {', '.join(missing)[:80]}"
    return None
