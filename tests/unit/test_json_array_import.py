"""An import file that is one JSON array is read an item at a time (issue 24: read whole,
100,000 records took 136 MB). What it reads must be what json.loads reads of the whole
file, item for item, and a file json.loads refuses must go, whole, to the YAML parser as
before, wherever the chunks of the file happen to end."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccc.application import importing
from tests.reliability.conftest import trials

scalars = (
    st.none() | st.booleans() | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False) | st.text(max_size=12)
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
spaces = st.text(alphabet=" \t\n\r", max_size=3)


@st.composite
def array_texts(draw: st.DrawFn) -> str:
    """A JSON array written as people and programs write one: any JSON whitespace
    between the parts, a byte-order mark or not, indented or not."""
    items = draw(st.lists(values, max_size=8))
    parts = [json.dumps(item, ensure_ascii=draw(st.booleans())) for item in items]
    joined = "".join(draw(spaces) + part + draw(spaces) + "," for part in parts).rstrip(",")
    text = draw(spaces) + "[" + joined + draw(spaces) + "]" + draw(spaces)
    return ("\ufeff" if draw(st.booleans()) else "") + text


def _read(path, chunk: int, monkeypatch):
    monkeypatch.setattr(importing, "_CHUNK", chunk)
    count = importing._json_array_count(str(path))
    return count, (list(importing._array_items(str(path))) if count is not None else None)


@settings(max_examples=trials(2000, 200), deadline=None)
@given(text=array_texts(), chunk=st.integers(1, 40))
def test_an_array_is_read_item_by_item_as_json_reads_it_whole(tmp_path_factory, text, chunk):
    path = tmp_path_factory.mktemp("array") / "records.json"
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        count, items = _read(path, chunk, monkeypatch)
    whole = json.loads(text.removeprefix("\ufeff"))
    assert (count, items) == (len(whole), whole)


@settings(max_examples=trials(2000, 200), deadline=None)
@given(text=array_texts(), chunk=st.integers(1, 40), data=st.data())
def test_a_file_json_refuses_is_not_read_as_an_array(tmp_path_factory, text, chunk, data):
    """Cut, stretched or spoiled anywhere: read item by item exactly when json.loads reads
    the whole, else left to the YAML parser (None)."""
    at = data.draw(st.integers(0, len(text)))
    change = data.draw(st.sampled_from(["cut", "insert", "replace"]))
    extra = data.draw(st.sampled_from([",", "]", "[", "x", "1", '"', "\u00a0", "\ud800", "}"]))
    changed = {
        "cut": text[:at],
        "insert": text[:at] + extra + text[at:],
        "replace": text[:at] + extra + text[at + 1 :],
    }[change]
    path = tmp_path_factory.mktemp("spoiled") / "records.json"
    path.write_bytes(changed.encode("utf-8", "surrogatepass"))
    try:
        whole = json.loads(path.read_bytes().decode("utf-8-sig"))
    except ValueError:
        whole = None
    with pytest.MonkeyPatch.context() as monkeypatch:
        count, items = _read(path, chunk, monkeypatch)
    if isinstance(whole, list):
        assert (count, items) == (len(whole), whole)
    else:
        assert count is None


def test_a_large_array_is_never_held_whole(tmp_path, monkeypatch):
    """20,000 records (about 4 MB): reading them one after another holds a chunk of the
    file (here 64 KiB; a megabyte in use) and one record, not the file."""
    monkeypatch.setattr(importing, "_CHUNK", 1 << 16)
    record = {"kind": "note", "occurred": "2025-01-02", "summary": "A fictional note. " * 8}
    path = tmp_path / "records.json"
    path.write_text(json.dumps([dict(record, n=n) for n in range(20_000)], indent=1))
    size = path.stat().st_size
    tracemalloc.start()
    count, items = importing._entries(str(path))
    assert count == 20_000
    for number, item in enumerate(items):
        assert item["n"] == number
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert size > 4_000_000 and peak < size / 10, (size, peak)
