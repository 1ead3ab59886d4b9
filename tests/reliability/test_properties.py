"""Properties of the log, checked on random valid histories (Hypothesis): whatever
happens, in whatever order, the views, exports, clocks and digests agree."""

from __future__ import annotations

import json
from pathlib import Path

import rfc8785
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccc.cli import cli
from ccc.projections.catch_up import table_digests
from ccc.store.integrity import canonical
from tests.reliability.conftest import FULL, trials

EXAMPLES = trials(60, 8)
# `make test` draws the same examples on every run (a red CI is then the code's doing);
# `make reliability` draws new ones each time.
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not FULL,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- canonical JSON ------------------------------------------------------------------------

# What ccc stores: field names (ASCII identifiers) as keys; text of any kind, whole numbers
# within a double's exact range, booleans and null as values (no floats).
KEYS = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True)
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)  # any Unicode, control
# characters included; never lone surrogates (no str from a valid UTF-8 source has them)
SCALARS = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)


@settings(
    max_examples=trials(2000, 300),
    deadline=None,
    derandomize=not FULL,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(VALUES)
def test_canonical_is_rfc8785_for_every_value_ccc_stores(figures, value):
    assert canonical(value) == rfc8785.dumps(value)
    figures("Properties (Hypothesis)", "canonical(x) equals rfc8785.dumps(x)", 1, 1)


# -- random histories ----------------------------------------------------------------------

STATES = ["Ukraine", "Cambodia", "Thailand"]
DAYS = st.dates(min_value=__import__("datetime").date(2025, 1, 1),
                max_value=__import__("datetime").date(2025, 12, 31))  # fmt: skip


@st.composite
def histories(draw) -> list[dict]:
    """An import file: cases, letters (some restricted, some asking for a reply by a
    day), replies, meetings, notes, corrections and retractions, in any order of days."""
    entries: list[dict] = []
    cases = draw(st.integers(1, 3))
    for n in range(cases):
        entries.append({"kind": "case-open", "reference": f"case-{n}", "title": f"Case {n}",
                        "state": draw(st.sampled_from(STATES)), "label": f"c{n}",
                        "occurred": draw(DAYS).isoformat()})  # fmt: skip
    letters: list[tuple[str, str, str]] = []
    opened = {e["reference"]: e["occurred"] for e in entries}
    for k in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["letter", "communication", "meeting", "note", "correct",
                                     "retract", "close"]))  # fmt: skip
        case = f"case-{draw(st.integers(0, cases - 1))}"
        # valid histories: what happens on a case happens once it is open
        day = max(draw(DAYS).isoformat(), opened[case])
        label = f"r{k}"
        if kind == "letter":
            state = draw(st.sampled_from(STATES))
            entry = {"kind": "letter", "to": state, "subject": f"S{k}", "case": case,
                     "summary": f"Letter {k}.", "occurred": day, "label": label,
                     "restricted": draw(st.booleans())}  # fmt: skip
            if draw(st.booleans()):
                entry["reply_requested_by"] = draw(DAYS).isoformat()
            letters.append((label, state, day))
        elif kind == "communication":
            entry = {"kind": "communication", "case": case, "summary": f"Reply {k}.",
                     "occurred": day, "label": label}  # fmt: skip
            if letters and draw(st.booleans()):
                answered, state, sent = draw(st.sampled_from(letters))
                entry.update({"from": state, "in_reply_to": answered, "occurred": max(day, sent)})
            else:
                entry["from"] = draw(st.sampled_from(STATES))
        elif kind == "meeting":
            entry = {"kind": "meeting", "with": draw(st.sampled_from(STATES)), "case": case,
                     "summary": f"Meeting {k}.", "occurred": day, "label": label}  # fmt: skip
        elif kind == "note":
            entry = {"kind": "note", "summary": f"Note {k}.", "occurred": day, "label": label}
        elif kind in ("correct", "retract"):
            retracted = {x.get("id") for x in entries if x["kind"] == "retract"}
            targets = [
                e["label"]
                for e in entries
                if e["kind"] in ("letter", "note", "meeting") and e["label"] not in retracted
            ]
            if not targets:
                continue
            target = draw(st.sampled_from(targets))
            entry = ({"kind": "correct", "id": target, "set": {"summary": f"Corrected {k}."},
                      "reason": f"Reason {k}."} if kind == "correct"
                     else {"kind": "retract", "id": target, "reason": f"Reason {k}."})  # fmt: skip
        else:
            if any(e["kind"] == "case-close" and e["reference"] == case for e in entries):
                continue
            entry = {"kind": "case-close", "reference": case, "outcome": f"Done {k}.",
                     "occurred": day}  # fmt: skip
        entries.append(entry)
    return entries


class Log:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str) -> str:
        result = self.runner.invoke(cli, ["--store", str(self.root), *args])
        assert result.exit_code == 0, (args, result.output)
        return result.stdout


def fresh(tmp_path_factory) -> Log:
    return Log(tmp_path_factory.mktemp("log") / "store")


def write(tmp_path_factory, entries: list[dict]) -> str:
    path = tmp_path_factory.mktemp("file") / "history.json"
    path.write_text(json.dumps(entries))
    return str(path)


@PROPERTY
@given(histories())
def test_catch_up_equals_a_full_rebuild_and_verify_passes(
    tmp_path_factory, monkeypatch, figures, entries
):
    monkeypatch.setenv("CCC_ACTOR", "officer")
    log = fresh(tmp_path_factory)
    half = len(entries) // 2  # read the views half-way, so the rest is caught up
    log("import", write(tmp_path_factory, entries[:half])) if half else None
    if half:
        log("status")
    log("import", write(tmp_path_factory, entries))
    log("status")
    assert "every table matches" in log("rebuild", "--check")
    assert "every digest holds" in log("verify")
    figures("Properties (Hypothesis)", "catch-up equals a rebuild; verify passes", 1, 1)


@PROPERTY
@given(histories())
def test_export_then_import_gives_the_same_views(tmp_path_factory, monkeypatch, figures, entries):
    monkeypatch.setenv("CCC_ACTOR", "officer")
    log, copy = fresh(tmp_path_factory), fresh(tmp_path_factory)
    log("import", write(tmp_path_factory, entries))
    log("status")
    export = tmp_path_factory.mktemp("export") / "log.jsonl"
    log("export", "--full", str(export))
    copy("import", str(export))
    copy("status")
    assert table_digests(str(log.root / "views.db")) == table_digests(str(copy.root / "views.db"))
    figures("Properties (Hypothesis)", "export then import: identical view digests", 1, 1)


@PROPERTY
@given(histories(), DAYS)
def test_the_board_as_of_a_day_is_what_the_records_by_then_imply(
    tmp_path_factory, monkeypatch, figures, entries, day
):
    """Records after the day change nothing in `status --as-of DAY`."""
    monkeypatch.setenv("CCC_ACTOR", "officer")
    by_day = [e for e in entries if "occurred" not in e or e["occurred"] <= day.isoformat()]
    while True:  # keep only what still has what it names (its case, letter or target)
        kept = {e.get("label") for e in by_day}
        cases = {e["reference"] for e in by_day if e["kind"] == "case-open"}
        narrowed = [
            e
            for e in by_day
            if e.get("id", e.get("in_reply_to")) in (None, *kept)
            and e.get("case", e.get("reference")) in (None, *cases)
        ]
        if narrowed == by_day:
            break
        by_day = narrowed
    whole, part = fresh(tmp_path_factory), fresh(tmp_path_factory)
    whole("import", write(tmp_path_factory, entries))
    if by_day:
        part("import", write(tmp_path_factory, by_day))
        answer = json.loads(part("status", "--as-of", day.isoformat(), "--json"))
    else:
        answer = []
    assert json.loads(whole("status", "--as-of", day.isoformat(), "--json")) == answer
    figures("Properties (Hypothesis)", "status --as-of D: only records by D count", 1, 1)
