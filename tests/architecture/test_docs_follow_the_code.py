"""docs/architecture.md names files, modules, functions and classes for the next person to
find: every one it names exists, so the map cannot point where the code is not."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text()
LAYERS = ("cli", "commands", "reports", "audit", "application", "projections", "store", "domain")
CITED = sorted(set(re.findall(r"`([^`\s]+)`", DOC)))


def _paths() -> list[str]:
    return [name for name in CITED if "/" in name and not name.startswith(("-", "http"))]


def _names() -> list[str]:
    dotted = re.compile(r"^[a-z_]+(\.[A-Za-z_][A-Za-z0-9_]*)+$")
    return [
        name
        for name in CITED
        if dotted.match(name) and name.split(".")[0] in LAYERS and not name.endswith(".py")
    ]


def test_the_map_cites_files_and_names():
    assert len(_paths()) > 20 and len(_names()) > 10


@pytest.mark.parametrize("path", _paths())
def test_every_file_the_map_names_exists(path):
    path = path.split("(")[0].rstrip("/")
    assert any((base / path).exists() for base in (ROOT, ROOT / "ccc")), path


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module("ccc." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise AssertionError(f"no module for {dotted}")


@pytest.mark.parametrize("dotted", _names())
def test_every_module_function_and_class_the_map_names_exists(dotted):
    assert _resolve(dotted) is not None
