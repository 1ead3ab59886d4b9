"""How events are stored: a mapper for pydantic events, and where a store's files live.

eventsourcing 9.5.6 has no pydantic mapper (its `eventsourcing.pydantic` package is not
released yet), so this one follows the library's examples: pydantic writes and reads the
JSON, and the library's own `class_version` / `upcast_vN_vN+1` convention is kept for when
an event class changes.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel


class _UnusedTranscoder(Transcoder):
    """The Mapper base class wants a transcoder; pydantic does the encoding instead."""

    def encode(self, obj: Any) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError


class PydanticMapper(Mapper[UUID]):
    def __init__(self) -> None:
        super().__init__(transcoder=_UnusedTranscoder())

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        assert isinstance(domain_event, BaseModel)
        state = domain_event.model_dump_json().encode()
        version = getattr(type(domain_event), "class_version", 1)
        if version > 1:  # same convention as the library's own mapper
            state = state[:-1] + b',"class_version":' + str(version).encode() + b"}"
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        cls = resolve_topic(stored_event.topic)
        target = getattr(cls, "class_version", 1)
        if target == 1:
            event = cls.model_validate_json(stored_event.state)
        else:
            data = json.loads(stored_event.state)
            version = data.pop("class_version", 1)
            while version < target:
                getattr(cls, f"upcast_v{version}_v{version + 1}")(data)
                version += 1
            event = cls.model_validate(data)
        return event  # type: ignore[no-any-return]
