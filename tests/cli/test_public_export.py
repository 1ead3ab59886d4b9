"""`ccc export --public`: restricted records withheld, their digests
kept, so the public export verifies and chains to the same final digest as the full one;
it cannot be imported."""

import json

import pytest

from tests.conftest import log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def test_a_public_export_withholds_what_is_restricted_and_still_chains(
    restricted_seed, store, tmp_path
):
    seeded = restricted_seed
    restricted = [r for r in seeded.json("log") if r["restricted"]]
    assert restricted
    full, public = tmp_path / "full.jsonl", tmp_path / "public.jsonl"
    seeded.ok("export", "--full", str(full))
    said = seeded.ok("export", "--public", str(public))
    assert f"({len(restricted)} withheld)" in said
    manifests = [
        json.loads((tmp_path / f"{f.name}.manifest.json").read_text()) for f in (full, public)
    ]
    assert manifests[1]["withheld"] == len(restricted) and manifests[1]["public"] is True
    assert manifests[0]["final_digest"] == manifests[1]["final_digest"]
    assert manifests[0]["records"] == manifests[1]["records"]
    text = public.read_text()
    for record in restricted:
        assert record["summary"] not in text
        uuid = record["uuid"]
        dashed = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        assert dashed not in text and uuid not in text
    assert text.count('"withheld":true') == len(restricted)
    verified = seeded.ok("verify", str(public))
    assert (
        "every digest holds" in verified and f"{len(restricted)} records are withheld" in verified
    )
    # A withheld line whose digest was changed breaks the chain.
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if '"withheld":true' in line)
    first = lines[at][11]  # the digest's first hex digit, changed
    lines[at] = lines[at][:11] + ("1" if first == "0" else "0") + lines[at][12:]
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("".join(lines))
    (tmp_path / "tampered.jsonl.manifest.json").write_text(
        (tmp_path / "public.jsonl.manifest.json").read_text()
    )
    result = seeded("verify", str(tampered))
    assert result.exit_code != 0 and "final digest" in result.output
    # It is for publishing: it cannot rebuild a log. Nothing is written.
    before = log_digest(store)
    refusal = seeded.refuses("--store", str(tmp_path / "new"), "import", str(public))
    assert "is a public export" in refusal
    assert not (tmp_path / "new").exists() and log_digest(store) == before


def test_an_export_says_which(seeded, store, tmp_path):
    """A full export holds what is restricted: it is never written by default."""
    before = log_digest(store)
    assert "Say which export: --full" in seeded.refuses("export", str(tmp_path / "x.jsonl"))
    both = seeded.refuses("export", "--full", "--public", str(tmp_path / "x.jsonl"))
    assert "cannot both be given" in both
    assert not (tmp_path / "x.jsonl").exists() and log_digest(store) == before
