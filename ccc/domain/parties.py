"""Who a record names: States, organisations and groups, resolved from what people type.

States come from pycountry (ISO 3166: alpha-2/alpha-3 codes, names, official and common
names), plus two tables pycountry lacks: common variants ("Turkey", "Swaziland") in
`data/state-aliases.json` and the UN depositary's own names ("Bahamas (The)") in
`data/states-parties.csv`. Organisations come from the registry `data/organisations.json`.
A group is any name starting with "all " or "States ", or written `group:NAME`, with an
optional leading count: "3 States Parties with outstanding Article 9 obligations".
Anything else that matches nothing is refused with the closest names we know.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from ccc.domain.names import (
    depositary_index,
    key,
    organisation_index,
    state_index,
    state_name,
    suggest,
    territories,
)
from ccc.domain.rules import NAME_LIMIT
from ccc.errors import InvalidInput

if TYPE_CHECKING:  # resolving a State (every query naming one) needs no pydantic model
    from ccc.domain.base import Party

GROUP_PATTERN = re.compile(r"^(?:group:\s*)?(?:(?P<count>\d+)\s+)?(?P<name>.+)$", re.IGNORECASE)


@cache  # imports name the same States thousands of times
def resolve_state(text: str) -> str:
    """Alpha-3 code of a State given by code or name; refuse anything else."""
    spelling = key(str(text))
    code = depositary_index().get(spelling) or state_index().get(spelling)
    if code is None:
        raise InvalidInput(f"'{text}' is not a State we know ({suggest(str(text))}).")
    return _a_state(text, code)


def is_territory(text: str) -> bool:
    """Whether `text` names a territory or another entity that is not a State."""
    spelling = key(str(text))
    return (depositary_index().get(spelling) or state_index().get(spelling)) in territories()


def _a_state(text: str, code: str) -> str:
    """`code`, unless it names a territory or another entity that cannot be a State
    Party (Article 15 opens the Convention to States)."""
    if code in territories():
        responsible = territories()[code]
        nearest = (
            f"the State responsible for it is {state_name(responsible)} ({responsible})"
            if responsible
            else "name it as a party with `ccc party add NAME --kind ...` instead"
        )
        name = state_name(code)
        label = f"'{text}'" if key(text) == key(name) else f"'{text}' ({name})"
        raise InvalidInput(f"{label} is not a State that can be a State Party; {nearest}.")
    return code


def _is_group_name(name: str) -> bool:
    return key(name).startswith(("all ", "states ")) or key(name) in ("all", "states")


MAX_GROUP = 1000  # more than every State there is; a larger count is a typing slip


def _count(count: int | None) -> int | None:
    if count is not None and not 1 <= count <= MAX_GROUP:
        raise InvalidInput(
            f"a group of {count} is not possible; give how many it has, from 1 to {MAX_GROUP}."
        )
    return count


def resolve_party(value: str | Mapping[str, Any]) -> Party:
    """A Party from a State, an organisation, or a group (see the module docstring)."""
    if isinstance(value, Mapping):
        return _group_from_mapping(value)
    return _resolve_name(str(value).strip())


@cache  # imports name the same parties thousands of times; Party is immutable
def _resolve_name(text: str) -> Party:
    from ccc.domain.base import Party

    if not text:
        raise InvalidInput("a party name is empty; give a State, an organisation or a group.")
    match = GROUP_PATTERN.match(text)
    assert match is not None
    explicit_group = text.casefold().startswith("group:")
    if explicit_group and not text[len("group:") :].strip():
        raise InvalidInput(
            "'group:' names no group; write group:NAME, for example "
            "'group:States Parties with outstanding Article 5 obligations'."
        )
    if len(text) > NAME_LIMIT:
        raise InvalidInput(
            f"a party name of {len(text):,} characters is too long; give one of at most "
            f"{NAME_LIMIT}."
        )
    if explicit_group or match["count"] or _is_group_name(match["name"]):
        count = int(match["count"]) if match["count"] else None
        return Party(kind="group", name=match["name"].strip(), count=_count(count))
    organisation = organisation_index().get(key(text))
    if organisation is not None:
        return Party(kind="organisation", name=organisation)
    code = state_index().get(key(text))
    if code is not None:
        return Party(kind="state", name=_a_state(text, code))
    raise InvalidInput(
        f"'{text}' is not a State, organisation or group we know ({suggest(text)}); "
        "write a group as 'all States Parties' or 'group:NAME', or add another party first "
        f'with `ccc party add "{text}" --kind organisation` (or armed-group, mechanism, '
        "state-not-party)."
    )


def _group_from_mapping(value: Mapping[str, Any]) -> Party:
    from ccc.domain.base import Party

    unknown = set(value) - {"group", "count", "members"}
    if unknown or "group" not in value:
        raise InvalidInput(
            "a party given as a mapping must be a group: {group: NAME, count: N, members: [...]}."
        )
    count = value.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        raise InvalidInput(f"a group's count must be a whole number, not {count!r}.")
    _count(count)
    members = tuple(resolve_state(member) for member in value.get("members") or ())
    if members and count is None:
        count = len(members)
    return Party(kind="group", name=str(value["group"]).strip(), count=count, members=members)
