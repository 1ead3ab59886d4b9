"""The names the log knows, as data: States (pycountry, the depositary's table, common
variants) and organisations (the registry), with the case-, accent- and
punctuation-insensitive key they are matched on. Standard library only (pycountry when a
State is looked up by name), so that papers can name parties without loading the
domain's models; parties.py resolves what people type into those models.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from functools import cache
from typing import Any

# ccc's data files, beside this package's code (installed with it as package data). Read
# with open(), not importlib.resources: that import pulls in pathlib, tempfile, shutil,
# bz2 and lzma, about 15 ms that every read command paid to learn a State's name.
_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")


def key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for matching names."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def data_text(name: str) -> str:
    """The text of one of ccc's data files."""
    with open(os.path.join(_DATA, name), encoding="utf-8") as data:
        return data.read()


@cache
def organisations() -> dict[str, dict[str, Any]]:
    """Registry name -> entry (name, title, aliases)."""
    entries = json.loads(data_text("organisations.json"))["organisations"]
    return {entry["name"]: entry for entry in entries}


@cache
def organisation_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, entry in organisations().items():
        for label in (name, entry["title"], *entry["aliases"]):
            index[key(label)] = name
    return index


@cache
def depositary_names() -> dict[str, str]:
    """Alpha-3 -> the UN depositary's name, for the States in states-parties.csv."""
    import csv

    rows = csv.DictReader(data_text("states-parties.csv").splitlines())
    return {row["iso3"]: row["name"] for row in rows}


# The Committee's registry name: the default writer of a letter and addressee of a
# communication (a record naming it there says what leaving it out says).
COMMITTEE = "Committee on Cooperative Compliance"


@cache
def depositary_index() -> dict[str, str]:
    """The spellings of the States in the depositary table that need no pycountry: their
    alpha-3 codes and depositary names (a query naming a State answers without loading
    pycountry's tables; anything else goes to state_index)."""
    index = {key(code): code for code in depositary_names()}
    index.update({key(name): code for code, name in depositary_names().items()})
    return index


@cache
def state_index() -> dict[str, str]:
    """Every accepted spelling of a State (as a _key) -> alpha-3."""
    import pycountry  # deferred: a seventh of a second, and only writes need it

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                index.setdefault(key(value), country.alpha_3)
    for code, name in depositary_names().items():
        index[key(name)] = code
    aliases = json.loads(data_text("state-aliases.json"))["aliases"]
    for alias, code in aliases.items():
        index[key(alias)] = code
    return index


@cache
def territories() -> dict[str, str | None]:
    """ISO 3166 entries that are not States (territories, Antarctica, entities the UN
    depositary does not accept) -> the State responsible for each, or None."""
    data: dict[str, str | None] = json.loads(data_text("territories.json"))["territories"]
    return data


@cache
def names_in_text() -> dict[str, str]:
    """Alpha-3 -> how the State is named in running text, with its article, where that
    differs from its depositary name (data/un-short-names.csv, with its sources)."""
    import csv

    rows = csv.DictReader(data_text("un-short-names.csv").splitlines())
    return {row["iso3"]: row["in_text"] for row in rows}


def state_in_text(code: str) -> str:
    """A State's name in a sentence, as United Nations documents write it: "the Sudan",
    "the Democratic Republic of the Congo", "Türkiye", "Ukraine"."""
    return names_in_text().get(code) or state_name(code)


def state_spellings(code: str) -> set[str]:
    """How running text may name a State: its depositary name and its name in a sentence,
    without a leading "the" (a search for "Sudan" finds "the Sudan" too)."""
    return {name.removeprefix("the ") for name in (state_name(code), state_in_text(code))}


def state_name(code: str) -> str:
    """A State's name for people: the depositary's, else ISO's."""
    if code in depositary_names():
        return depositary_names()[code]
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


def suggest(text: str) -> str:
    """The closest names we know to `text`, for a refusal."""
    labels: dict[str, str] = {}
    for spelling, code in state_index().items():
        if len(spelling) > 3:
            labels[spelling] = f"{state_name(code)} ({code})"
    for spelling, name in organisation_index().items():
        labels[spelling] = name
    import difflib

    close = difflib.get_close_matches(key(text), list(labels), n=6, cutoff=0.6)
    names = list(dict.fromkeys(labels[spelling] for spelling in close))[:3]
    return f"closest: {', '.join(names)}" if names else "no close match"
