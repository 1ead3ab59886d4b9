"""No public answer shows a restricted fact, whatever the log: random histories (Hypothesis)
with restricted records of every relation (a restricted case and public records filed in
it, a restricted letter and its replies, made public or not, a restricted undertaking and
the record that it was met, a party only restricted records involve and a public record
naming it), and every public output checked for the words only restricted facts hold."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccc.cli import cli
from tests.reliability.conftest import FULL, trials

STATES = ["Ukraine", "Cambodia", "Thailand"]
SECRET_PARTY = ("India", "IND")  # not a State Party: only restricted records involve it
DAYS = st.dates(min_value=__import__("datetime").date(2025, 1, 1),
                max_value=__import__("datetime").date(2025, 12, 31))  # fmt: skip
RELATIONS = [
    "restricted case",
    "public note in a restricted case",
    "restricted letter",
    "reply to a restricted letter",
    "reply to a restricted letter, made public",
    "restricted undertaking, met",
    "secret party named in public",
    "record restricted later",
]


@st.composite
def histories(draw) -> tuple[list[dict], set[str]]:
    """An import file with restricted facts of the drawn relations, and the words that
    only those facts hold (no public answer may show one)."""
    entries: list[dict] = [
        {"kind": "case-open", "reference": "open-case", "title": "Open matter",
         "state": "Ukraine", "occurred": "2025-01-02"},
    ]  # fmt: skip
    markers: set[str] = set()
    for k, relation in enumerate(draw(st.lists(st.sampled_from(RELATIONS), min_size=1))):
        day = draw(DAYS).isoformat()
        state = draw(st.sampled_from(STATES))
        secret = f"Secret{k}x"
        if relation in ("restricted case", "public note in a restricted case"):
            reference = f"hidden-{k}x"
            entries.append({"kind": "case-open", "reference": reference, "title": secret,
                            "state": state, "occurred": "2025-01-03",
                            "restricted": True})  # fmt: skip
            markers |= {reference, secret}
            if relation == "public note in a restricted case":
                entries.append({"kind": "note", "summary": f"Open note {k}.", "case": reference,
                                "occurred": day})  # fmt: skip
        elif relation.startswith(("restricted letter", "reply to")):
            label = f"letter{k}"
            entries.append({"kind": "letter", "to": state, "subject": secret,
                            "summary": f"{secret} letter.", "case": "open-case",
                            "occurred": "2025-01-05", "restricted": True,
                            "label": label})  # fmt: skip
            markers.add(secret)
            if relation.startswith("reply to"):
                reply = {"kind": "communication", "from": state, "in_reply_to": label,
                         "summary": f"Answer{k}x.", "occurred": day}  # fmt: skip
                if draw(st.booleans()):  # filed in the letter's case, or in none
                    reply["case"] = "open-case"
                if relation.endswith("made public"):
                    reply["restricted"] = False
                entries.append(reply)
                markers.add(f"Answer{k}x")
        elif relation == "restricted undertaking, met":
            label = f"undertaking{k}"
            entries.append({"kind": "undertaking", "state": state, "undertook": secret,
                            "due": "2025-12-31", "occurred": "2025-01-06",
                            "restricted": True, "label": label})  # fmt: skip
            entries.append({"kind": "undertaking-met", "undertaking": label,
                            "summary": f"Met{k}x.",
                            "occurred": max(day, "2025-01-06")})  # fmt: skip
            markers |= {secret, f"Met{k}x"}
        elif relation == "secret party named in public":
            entries.append({"kind": "note", "summary": f"{secret} note.", "party": SECRET_PARTY[0],
                            "occurred": day, "restricted": True})  # fmt: skip
            entries.append({"kind": "committee-meeting", "occurred": day,
                            "summary": f"The Committee discussed {SECRET_PARTY[0]}."})  # fmt: skip
            markers |= {secret, *SECRET_PARTY}
        else:  # restricted later: by a correction the log records after the note
            label = f"note{k}"
            entries.append({"kind": "note", "summary": f"{secret} note.", "occurred": day,
                            "label": label})  # fmt: skip
            entries.append({"kind": "correct", "id": label, "set": {"restricted": True},
                            "reason": "Confidential."})  # fmt: skip
            markers.add(secret)
    return entries, markers


def public_outputs(root: Path) -> dict[str, str]:
    """Every public answer about this log: command -> what it printed (or wrote)."""
    runner = CliRunner()

    def ccc(*args: str) -> str:
        result = runner.invoke(cli, ["--store", str(root), *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        return result.stdout  # a refusal (on stderr) is said to the officer, not published

    out: dict[str, str] = {}
    commands = [
        ["log", "--json"], ["status", "--json"], ["check", "--json"],
        ["deadlines", "--as-of", "2025-12-31", "--all", "--json"],
        ["report", "summary", "--year", "2025", "--json"],
        ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31"],
        ["history", "open-case", "--json"], ["case", "show", "open-case", "--json"],
        ["report", "case", "open-case"],
        *(["party", "show", state, "--as-of", "2025-12-31", "--json"] for state in STATES),
        *(["log", "--party", state, "--json"] for state in STATES),
    ]  # fmt: skip
    for command in commands:
        out[" ".join(command)] = ccc(*command, "--public")
    export = root.parent / "public.jsonl"
    ccc("export", "--public", str(export))
    out["export --public"] = export.read_text(encoding="utf-8")
    site = ccc("serve", "--build-only").strip()
    with sqlite3.connect(site) as connection:
        out["the public site"] = "\n".join(connection.iterdump())
    return out


@settings(
    max_examples=trials(40, 6),
    deadline=None,
    derandomize=not FULL,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories())
def test_no_public_output_shows_a_restricted_fact_of_any_relation(tmp_path_factory, figures, drawn):
    entries, markers = drawn
    root = tmp_path_factory.mktemp("log") / "store"
    file = root.parent / "history.json"
    file.write_text(json.dumps(entries))
    result = CliRunner().invoke(cli, ["--store", str(root), "import", str(file)])
    assert result.exit_code == 0, result.output
    full = CliRunner().invoke(cli, ["--store", str(root), "log", "--json"]).output
    assert all(marker in full for marker in markers)  # the log holds every one
    outputs = public_outputs(root)
    for command, text in outputs.items():
        shown = sorted(m for m in markers if re.search(rf"\b{re.escape(m)}\b", text))
        assert not shown, (command, shown)
    figures(
        "Restricted facts in public answers",
        "random logs with restricted facts of every relation: public outputs checked, none "
        "showing a restricted fact",
        len(outputs),
        len(outputs),
    )
