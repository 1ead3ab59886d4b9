"""How events are stored: a mapper for pydantic events, and where a store's files live.

eventsourcing 9.5.6 has no pydantic mapper (its `eventsourcing.pydantic` package is not
released yet), so this one follows the library's examples: pydantic writes and reads the
JSON, and the library's own `class_version` / `upcast_vN_vN+1` convention is kept for when
an event class changes. States are stored in canonical form with their chain link, for
tamper evidence (ccc.store.integrity).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, ProgrammingError, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

from ccc.store.integrity import digest, with_prev, without_prev


class _UnusedTranscoder(Transcoder):
    """The Mapper base class wants a transcoder; pydantic does the encoding instead."""

    def encode(self, obj: Any) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError


class PydanticMapper(Mapper[UUID]):
    """Stores each event as canonical JSON that starts with `_prev`, the digest of the
    previous event of its aggregate (see ccc.store.integrity). `heads` holds, per aggregate, the
    version and digest of its newest event: the application fills it when it loads an
    aggregate, and writing an event moves it on."""

    def __init__(self) -> None:
        super().__init__(transcoder=_UnusedTranscoder())
        self.heads: dict[UUID, tuple[int, str]] = {}

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        assert isinstance(domain_event, BaseModel)
        data = domain_event.model_dump(mode="json")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:  # same convention as the library's own mapper
            data["class_version"] = class_version
        originator_id = domain_event.originator_id
        version = domain_event.originator_version
        prev = None
        if version > 1:
            head = self.heads.get(originator_id)
            if head is None or head[0] != version - 1:
                raise ProgrammingError(f"the digest of {originator_id} v{version - 1} is unknown")
            prev = head[1]
        state = with_prev(data, prev)
        topic = get_topic(type(domain_event))
        self.heads[originator_id] = (version, digest(originator_id, version, topic, state))
        return StoredEvent(
            originator_id=originator_id, originator_version=version, topic=topic, state=state
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        cls = resolve_topic(stored_event.topic)
        target = getattr(cls, "class_version", 1)
        state = without_prev(stored_event.state)
        if target == 1:
            event = cls.model_validate_json(state)
        else:
            data = json.loads(state)
            version = data.pop("class_version", 1)
            while version < target:
                getattr(cls, f"upcast_v{version}_v{version + 1}")(data)
                version += 1
            event = cls.model_validate(data)
        return event  # type: ignore[no-any-return]
