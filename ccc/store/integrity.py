"""Tamper evidence: canonical records, their digests, and the chains that link them.

Standard library and orjson. `docs/export-format.md` specifies this for outside verifiers.

- Every stored event's `state` is canonical JSON (RFC 8785) and begins with `_prev`: the
  digest of the previous event of the same aggregate, or null for its first event. Writers
  of different aggregates therefore never contend on a shared head.
- A record's digest is SHA-256 over the canonical JSON of
  `{"originator_id", "originator_version", "state", "topic"}` (its envelope).
- The log's running digest chains every digest in notification order:
  R(0) = 32 zero bytes, R(n) = SHA-256(R(n-1) || D(n)). The views keep R(n) and D(n) for
  every position, exports end with R(N), and signed checkpoints sign it.

Because states are canonical, the envelope's canonical form is built by concatenation
instead of re-canonicalising every record, which is what lets `ccc verify` run at a small
multiple of the cost of hashing the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from uuid import UUID, uuid5

ZERO = bytes(32)
# How far an event's recorded time may stand from the clock when it is stored, and behind
# an earlier event of the log: a command's events are timed when it builds them and
# stored when it commits, after its checks and any wait for another writer's lock.
RECORDING_WINDOW_HOURS = 1
_NO_PREV = b'{"_prev":null,'
_PREV = b'{"_prev":"'


# Namespace for content-derived record ids (a fixed, arbitrary UUID; never change it).
RECORDS_NAMESPACE = UUID("5b0b6c1e-3d5e-4f41-9a43-0c8f1ad1e2a7")
DERIVED = ("earliest", "latest")  # interpretations of `occurred`, not facts given


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON of a value made of objects, arrays, strings, ints, booleans
    and null with string keys: which is every event ccc stores (no floats).

    For that subset orjson with sorted keys writes exactly RFC 8785's bytes (tests compare
    them with the `rfc8785` package on every kind of record), eight times faster than the
    json module and forty times faster than `rfc8785` itself, which keeps imports fast.
    """
    import orjson  # here, not at the top: a query checking one digest needs only hashlib

    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def content_id(kind: str, facts: Mapping[str, Any]) -> UUID:
    """The id of a record with these facts: the same facts always give the same id.

    `facts` is the JSON form of the record's fields with defaults left out, so a field added
    to a kind later (always with a default) does not change the ids of existing records;
    the bounds derived from `occurred` are left out too.
    """
    given = {k: v for k, v in facts.items() if k not in DERIVED}
    return uuid5(RECORDS_NAMESPACE, canonical({"kind": kind, **given}).decode("utf-8"))


def with_prev(state: dict[str, Any], prev: str | None) -> bytes:
    """The canonical state to store: the event's fields plus its link `_prev`."""
    body = canonical({**state, "_prev": prev})
    assert body.startswith(b'{"_prev":'), "every event field name is lower case"
    # A copy of its own size: orjson's bytes keep the buffer it wrote them in (8 KB for a
    # 700-byte record), and a batch keeps every state it will store until its commit.
    return memoryview(body).tobytes()


def prev_of(state: bytes) -> str | None:
    """The `_prev` link of a stored state (it is always the first key)."""
    if state.startswith(_NO_PREV):
        return None
    if state.startswith(_PREV) and state[74:76] == b'",':
        return state[10:74].decode("ascii")
    raise ValueError("the state does not begin with its _prev link")


def without_prev(state: bytes) -> bytes:
    """The state as the event's own JSON (for the mapper to read back)."""
    cut = len(_NO_PREV) if state.startswith(_NO_PREV) else 76
    return b"{" + state[cut:]


def _dashed(originator_id: UUID | str) -> bytes:
    """A UUID as 36 ASCII bytes with dashes (what str(UUID) gives, without building one)."""
    if type(originator_id) is str and len(originator_id) == 32:
        h = originator_id  # as the SQLite log stores it: the common case, kept short
    else:
        h = originator_id.hex if isinstance(originator_id, UUID) else originator_id.replace("-", "")
        if len(h) != 32:
            raise ValueError(f"not a UUID: {originator_id!r}")
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}".lower().encode("ascii")


@lru_cache(maxsize=256)  # a log has a few dozen topics
def topic_bytes(topic: str) -> bytes:
    """A topic as the envelope writes it (a JSON string)."""
    return json.dumps(topic, ensure_ascii=False).encode("utf-8")


def envelope(originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """Canonical JSON of the record: the bytes its digest covers."""
    return b'{"originator_id":"%s","originator_version":%s,"state":%s,"topic":%s}' % (
        _dashed(originator_id),
        str(version).encode("ascii"),
        state,
        topic_bytes(topic),
    )


def digest(originator_id: UUID | str, version: int, topic: str, state: bytes) -> str:
    """The record's digest, as 64 lower-case hex digits."""
    return hashlib.sha256(envelope(originator_id, version, topic, state)).hexdigest()


def extend(running: bytes, record_digest: str) -> bytes:
    """The running digest after one more record."""
    return hashlib.sha256(running + bytes.fromhex(record_digest)).digest()


def chained(running: bytes, record: bytes) -> tuple[bytes, bytes]:
    """A record's digest (32 bytes) from its envelope's bytes, and the running digest
    after it: `digest` and `extend` at once, for those that go through the whole log."""
    record_digest = hashlib.sha256(record).digest()
    return record_digest, hashlib.sha256(running + record_digest).digest()
