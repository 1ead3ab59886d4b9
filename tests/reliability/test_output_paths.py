"""No output path resolves into the store: an export, a report, a picture, a checkpoint
or a key written over the log or the views would destroy them."""

from __future__ import annotations

import os

import pytest

from tests.conftest import log_digest


def store_files(store):
    return {p.name: p.read_bytes() for p in sorted(store.iterdir()) if p.is_file()}


OUTPUTS = [
    ("export", "--full", "{target}"),
    ("report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--out", "{target}"),
    ("report", "case", "ukraine-art1-2025", "--out", "{target}"),
    ("report", "case", "ukraine-art1-2025", "--out", "{outside}", "--png", "{target}"),
    ("checkpoint", "--key", "{key}", "--out", "{target}"),
    ("keygen", "example.org/log", "--out", "{target}"),
]


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: "-".join(c[:2]))
@pytest.mark.parametrize("name", ["events.db", "views.db", "new-file"])
def test_an_output_path_inside_the_store_is_refused(seeded, store, tmp_path, command, name):
    seeded.ok("keygen", "example.org/log", "--out", str(tmp_path / "k"))
    seeded.ok("status")  # the views exist
    before = store_files(store)
    args = [
        part.format(target=store / name, outside=tmp_path / "out.md", key=tmp_path / "k.key")
        for part in command
    ]
    assert "inside the store" in seeded.refuses(*args)
    assert store_files(store) == before


@pytest.mark.parametrize("link", ["symlink", "hardlink", "dotdot"])
def test_a_path_that_leads_into_the_store_is_refused(seeded, store, tmp_path, link):
    seeded.ok("status")
    target = tmp_path / "elsewhere.db"
    if link == "symlink":
        target.symlink_to(store / "events.db")
    elif link == "hardlink":
        os.link(store / "events.db", target)
    else:
        target = tmp_path / "x" / ".." / "store" / "events.db"
        (tmp_path / "x").mkdir()
    digest = log_digest(store)
    assert "inside the store" in seeded.refuses("export", "--full", str(target))
    assert "inside the store" in seeded.refuses(
        "report", "activities", "--from", "2025-01-01", "--to", "2025-12-31", "--out", str(target)
    )
    assert log_digest(store) == digest
    seeded.ok("verify")
