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

import csv
import difflib
import json
import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from ccc.domain.base import Party
from ccc.errors import InvalidInput

GROUP_PATTERN = re.compile(r"^(?:group:\s*)?(?:(?P<count>\d+)\s+)?(?P<name>.+)$", re.IGNORECASE)


def _key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for matching names."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _data(name: str) -> str:
    return resources.files("ccc").joinpath("data", name).read_text(encoding="utf-8")


@cache
def organisations() -> dict[str, dict[str, Any]]:
    """Registry name -> entry (name, title, aliases)."""
    entries = json.loads(_data("organisations.json"))["organisations"]
    return {entry["name"]: entry for entry in entries}


@cache
def _organisation_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, entry in organisations().items():
        for label in (name, entry["title"], *entry["aliases"]):
            index[_key(label)] = name
    return index


@cache
def depositary_names() -> dict[str, str]:
    """Alpha-3 -> the UN depositary's name, for the States in states-parties.csv."""
    rows = csv.DictReader(_data("states-parties.csv").splitlines())
    return {row["iso3"]: row["name"] for row in rows}


@cache
def _state_index() -> dict[str, str]:
    """Every accepted spelling of a State (as a _key) -> alpha-3."""
    import pycountry  # deferred: a seventh of a second, and only writes need it

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                index.setdefault(_key(value), country.alpha_3)
    for code, name in depositary_names().items():
        index[_key(name)] = code
    aliases = json.loads(_data("state-aliases.json"))["aliases"]
    for alias, code in aliases.items():
        index[_key(alias)] = code
    return index


def state_name(code: str) -> str:
    """A State's name for people: the depositary's, else ISO's."""
    if code in depositary_names():
        return depositary_names()[code]
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


def _suggest(text: str) -> str:
    labels: dict[str, str] = {}
    for key, code in _state_index().items():
        if len(key) > 3:
            labels[key] = f"{state_name(code)} ({code})"
    for key, name in _organisation_index().items():
        labels[key] = name
    close = difflib.get_close_matches(_key(text), list(labels), n=6, cutoff=0.6)
    names = list(dict.fromkeys(labels[key] for key in close))[:3]
    return f"closest: {', '.join(names)}" if names else "no close match"


@cache  # imports name the same States thousands of times
def resolve_state(text: str) -> str:
    """Alpha-3 code of a State given by code or name; refuse anything else."""
    code = _state_index().get(_key(str(text)))
    if code is None:
        raise InvalidInput(f"'{text}' is not a State we know ({_suggest(str(text))}).")
    return code


def _is_group_name(name: str) -> bool:
    return _key(name).startswith(("all ", "states ")) or _key(name) in ("all", "states")


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
    if not text:
        raise InvalidInput("a party name is empty; give a State, an organisation or a group.")
    match = GROUP_PATTERN.match(text)
    assert match is not None
    explicit_group = text.casefold().startswith("group:")
    if explicit_group or match["count"] or _is_group_name(match["name"]):
        count = int(match["count"]) if match["count"] else None
        return Party(kind="group", name=match["name"].strip(), count=_count(count))
    organisation = _organisation_index().get(_key(text))
    if organisation is not None:
        return Party(kind="organisation", name=organisation)
    code = _state_index().get(_key(text))
    if code is not None:
        return Party(kind="state", name=code)
    raise InvalidInput(
        f"'{text}' is not a State, organisation or group we know ({_suggest(text)}); "
        "write a group as 'all States Parties' or 'group:NAME'."
    )


def _group_from_mapping(value: Mapping[str, Any]) -> Party:
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
