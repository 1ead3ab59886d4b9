# ruff: noqa: E501  (the catalogue is a table: one case a line)
"""Bad input, catalogued: every entry is refused with one sentence on stderr, a non-zero
exit and no traceback, and every file of the store is byte-identical afterwards.

Each case is (id, command, files): the command's words, where {d} is a folder of files
made for the case and {s} the store; files maps a name in {d} to its bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccc.domain import kinds
from tests.conftest import Ccc

LETTER = ["record", "letter", "--to", "Ukraine", "--subject", "S", "--summary", "S."]
NOTE = ["record", "note", "--summary", "A note."]
ON = ["--occurred", "2025-01-02"]
REPORT = ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31"]


def yaml_of(*entries: dict) -> bytes:
    return json.dumps(list(entries)).encode()


GOOD_NOTE = {"kind": "note", "occurred": "2025-01-02", "summary": "A note."}

# fmt: off
CASES: list[tuple[str, list[str], dict[str, bytes]]] = [
    # -- dates -------------------------------------------------------------------------
    *[
        (f"date {bad!r}", [*NOTE, "--occurred", bad], {})
        for bad in [
            "2025-02-30", "2025-13-01", "2025-00-10", "20250101", "2025/01/01", "01-02-2025",
            "yesterday", "", " ", "2999-01-01", "2025-01-01/2024-01-01", "2025-01-01T10:00",
            "2025-1-1", "2025-02-29", "9999-99-99", "1e5", "2025-01-02\x1b[2J",
        ]
    ],
    *[
        (f"--as-of {bad!r}", [cmd, "--as-of", bad], {})
        for cmd in ("status", "log", "members", "deadlines")
        for bad in ["", "2025-13-01", "tomorrow", "9999-12-31", "0001-01-01x"]
    ],
    *[
        (f"--known-at {bad!r}", ["status", "--known-at", bad], {})
        for bad in ["", "yesterday", "2025-13-01", "9999-12-31T23:00-05:00", "2025-01-01T25:00"]
    ],
    ("--since bad", ["log", "--since", "2025-02-30"], {}),
    ("report --from bad", ["report", "activities", "--from", "x", "--to", "2025-12-31"], {}),
    ("report --to before --from", ["report", "activities", "--from", "2025-12-31",
                                   "--to", "2025-01-01"], {}),
    ("report summary --year 0", ["report", "summary", "--year", "0"], {}),
    ("report summary --year 99999", ["report", "summary", "--year", "99999"], {}),
    ("reply requested by bad day", [*LETTER, *ON, "--reply-requested-by", "2025-02-30"], {}),
    ("computed group bad day", [*LETTER[:2], "--to", "computed:states-parties@2025-13-45",
                                "--subject", "S", "--summary", "S.", *ON], {}),
    ("computed group unknown", [*LETTER[:2], "--to", "computed:everyone", "--subject", "S",
                                "--summary", "S.", *ON], {}),
    # -- required values, empty values, control characters --------------------------------
    *[
        (f"empty {option}", [*LETTER, *ON, option, ""], {})
        for option in ["--subject", "--source", "--case"]
    ],
    ("empty summary", ["record", "note", "--summary", "", *ON], {}),
    ("blank summary", ["record", "note", "--summary", "   ", *ON], {}),
    ("missing summary", ["record", "note", *ON], {}),
    ("missing occurred", ["record", "note", "--summary", "x"], {}),
    *[
        (f"control character {name}", ["record", "note", "--summary", f"a{char}b", *ON], {})
        for name, char in [("ESC", "\x1b"), ("BEL", "\x07"), ("NUL", "\x00"), ("CR", "\r"),
                           ("backspace", "\x08"), ("DEL", "\x7f"), ("CSI", "\x9b")]
    ],
    ("newline in subject", [*LETTER[:4], "--subject", "a\nb", "--summary", "S.", *ON], {}),
    ("control character in a party", [*LETTER[:2], "--to", "group:all\x1bx", "--subject", "S",
                                      "--summary", "S.", *ON], {}),
    ("--as empty", [*NOTE, *ON, "--as", ""], {}),
    ("--as control character", [*NOTE, *ON, "--as", "a\x1bb"], {}),
    # -- parties, cases, ids, kinds ----------------------------------------------------------
    ("unknown party", [*LETTER[:2], "--to", "Atlantis", "--subject", "S", "--summary", "S.", *ON], {}),
    ("group count 10^20", [*LETTER[:2], "--to", "100000000000000000000 States Parties",
                           "--subject", "S", "--summary", "S.", *ON], {}),
    ("group count 0", [*LETTER[:2], "--to", "0 States Parties", "--subject", "S",
                       "--summary", "S.", *ON], {}),
    ("unknown case", [*NOTE, *ON, "--case", "no-such-case"], {}),
    ("bad case reference", ["case", "open", "-x-", "--title", "T", *ON], {}),
    ("reply to unknown id", ["record", "communication", "--from", "Ukraine", "--summary", "R.",
                             "--in-reply-to", "ffffffff", *ON], {}),
    ("reply to non-hex id", ["record", "communication", "--from", "Ukraine", "--summary", "R.",
                             "--in-reply-to", "zzzz'; DROP TABLE x;--", *ON], {}),
    ("correct unknown id", ["correct", "abcd1234", "--set", "summary=x", "--reason", "r"], {}),
    ("correct short id", ["correct", "ab", "--set", "summary=x", "--reason", "r"], {}),
    ("correct no FIELD=VALUE", ["correct", "abcd1234", "--set", "summary", "--reason", "r"], {}),
    ("retract empty reason", ["retract", "abcd1234", "--reason", ""], {}),
    ("close unknown case", ["case", "close", "nope", "--outcome", "x", *ON], {}),
    ("history unknown case", ["history", "nope"], {}),
    ("case show unknown", ["case", "show", "nope"], {}),
    ("report case unknown", ["report", "case", "nope"], {}),
    ("party show unknown", ["party", "show", "Atlantis"], {}),
    ("deadlines unknown party", ["deadlines", "--party", "Atlantis"], {}),
    ("log unknown kind", ["log", "--kind", "letterr"], {}),
    ("log unknown party", ["log", "--party", "Atlantis"], {}),
    ("log unknown case", ["log", "--case", "nope"], {}),
    ("log negative limit", ["log", "--limit", "-1"], {}),
    ("meeting margins without format", ["record", "meeting", "--with", "Ukraine", "--summary",
                                        "M.", "--format", "online", "--margins-of", "X", *ON], {}),
    ("article out of range", [*LETTER, *ON, "--article", "99"], {}),
    ("article not a number", [*LETTER, *ON, "--article", "seven"], {}),
    ("sraap action out of range", [*LETTER, *ON, "--sraap-action", "0"], {}),
    ("unknown nature", ["record", "allegation", "--against", "Ukraine", "--nature", "arson",
                        "--summary", "A.", *ON], {}),
    ("unknown record kind", ["record", "telegram", *ON], {}),
    ("SQL-looking case", [*NOTE, *ON, "--case", "x' OR '1'='1"], {}),
    ("shell-looking party", [*LETTER[:2], "--to", "$(rm -rf /)", "--subject", "S",
                             "--summary", "S.", *ON], {}),
    # -- files: import ----------------------------------------------------------------------
    ("import missing file", ["import", "{d}/missing.yaml"], {}),
    ("import a folder", ["import", "{d}"], {}),
    ("import /dev/zero", ["import", "/dev/zero"], {}),
    ("import binary", ["import", "{d}/f.yaml"], {"f.yaml": bytes(range(256))}),
    ("import Latin-1", ["import", "{d}/f.yaml"],
     {"f.yaml": "- kind: note\n  summary: caf\xe9\n  occurred: 2025-01-02\n".encode("latin-1")}),
    ("import UTF-16", ["import", "{d}/f.yaml"],
     {"f.yaml": "- kind: note\n  summary: x\n  occurred: 2025-01-02\n".encode("utf-16")}),
    ("import empty file", ["import", "{d}/f.yaml"], {"f.yaml": b""}),
    ("import a mapping", ["import", "{d}/f.yaml"], {"f.yaml": b"kind: note\n"}),
    ("import a scalar", ["import", "{d}/f.yaml"], {"f.yaml": b"42\n"}),
    ("import bad indentation", ["import", "{d}/f.yaml"], {"f.yaml": b"- kind: note\n summary: x\n  occurred: 1\n"}),
    ("import truncated YAML", ["import", "{d}/f.yaml"], {"f.yaml": b"- kind: note\n  summary: \"x\n"}),
    ("import truncated JSON", ["import", "{d}/f.yaml"], {"f.yaml": b'[{"kind": "note", "summ'}),
    ("import deep JSON", ["import", "{d}/f.yaml"], {"f.yaml": b"[" * 100_000 + b"]" * 100_000}),
    ("import deep YAML", ["import", "{d}/f.yaml"], {"f.yaml": b"- " * 20_000 + b"x\n"}),
    ("import unquoted impossible date", ["import", "{d}/f.yaml"],
     {"f.yaml": b"- kind: note\n  summary: x\n  occurred: 2025-02-31\n"}),
    ("import entry not a mapping", ["import", "{d}/f.yaml"], {"f.yaml": b"- just text\n"}),
    ("import entry without kind", ["import", "{d}/f.yaml"], {"f.yaml": b"- summary: x\n"}),
    ("import unknown kind", ["import", "{d}/f.yaml"], {"f.yaml": yaml_of({**GOOD_NOTE, "kind": "memo"})}),
    ("import unknown field", ["import", "{d}/f.yaml"], {"f.yaml": yaml_of({**GOOD_NOTE, "colour": "red"})}),
    ("import wrong type", ["import", "{d}/f.yaml"], {"f.yaml": yaml_of({**GOOD_NOTE, "restricted": "maybe"})}),
    ("import summary a list", ["import", "{d}/f.yaml"], {"f.yaml": yaml_of({**GOOD_NOTE, "summary": ["a"]})}),
    ("import summary a mapping", ["import", "{d}/f.yaml"], {"f.yaml": yaml_of({**GOOD_NOTE, "summary": {"a": 1}})}),
    ("import occurred a number", ["import", "{d}/f.yaml"], {"f.yaml": yaml_of({**GOOD_NOTE, "occurred": 20250102})}),
    ("import duplicate labels", ["import", "{d}/f.yaml"],
     {"f.yaml": yaml_of({**GOOD_NOTE, "label": "a"}, {**GOOD_NOTE, "summary": "B.", "label": "a"})}),
    ("import label not found", ["import", "{d}/f.yaml"],
     {"f.yaml": yaml_of({"kind": "retract", "id": "nolabel", "reason": "r"})}),
    ("import one bad of two", ["import", "{d}/f.yaml"],
     {"f.yaml": yaml_of(GOOD_NOTE, {**GOOD_NOTE, "occurred": "2025-02-30"})}),
    ("import control character", ["import", "{d}/f.yaml"], {"f.yaml": yaml_of({**GOOD_NOTE, "summary": "a\x1bb"})}),
    ("import huge group count", ["import", "{d}/f.yaml"],
     {"f.yaml": yaml_of({"kind": "letter", "occurred": "2025-01-02", "summary": "S.", "subject": "S",
                         "to": "100000000000000000000 States Parties"})}),
    ("import export not verifying", ["import", "{d}/x.jsonl"],
     {"x.jsonl": b'{"digest":"00","record":{}}\n', "x.jsonl.manifest.json": b"{}"}),
    ("import export without manifest", ["import", "{d}/x.jsonl"], {"x.jsonl": b"\n"}),
    # -- files: register, keys, checkpoints, manifests ------------------------------------------
    ("register load missing", ["register", "load", "{d}/none.csv"], {}),
    ("register load binary", ["register", "load", "{d}/f.csv"], {"f.csv": bytes(range(256))}),
    ("register load Latin-1", ["register", "load", "{d}/f.csv"],
     {"f.csv": "iso3,deposit_date\nCIV,1\xe9\n".encode("latin-1")}),
    ("register load wrong columns", ["register", "load", "{d}/f.csv"], {"f.csv": b"a,b\n1,2\n"}),
    ("register load bad date", ["register", "load", "{d}/f.csv"],
     {"f.csv": b"iso3,deposit_date,instrument,entry_into_force,source\nUKR,2005-13-27,ratification,2006-06-01,x\n"}),
    ("register load unknown state", ["register", "load", "{d}/f.csv"],
     {"f.csv": b"iso3,deposit_date,instrument,entry_into_force,source\nXXX,2005-12-27,ratification,2006-06-01,x\n"}),
    ("checkpoint key binary", ["checkpoint", "--key", "{d}/k"], {"k": bytes(range(256))}),
    ("checkpoint key UTF-16", ["checkpoint", "--key", "{d}/k"], {"k": "PRIVATE+KEY+a+b+c".encode("utf-16")}),
    ("checkpoint key not a key", ["checkpoint", "--key", "{d}/k"], {"k": b"hello\n"}),
    ("checkpoint key missing", ["checkpoint", "--key", "{d}/none"], {}),
    ("checkpoint --out empty", ["checkpoint", "--key", "{d}/k", "--out", ""], {"k": b"x"}),
    ("verify pubkey binary", ["verify", "--checkpoint", "{d}/n", "--pubkey", "{d}/p"],
     {"n": b"a\n1\nAAAA\n\n- a AAAA\n", "p": bytes(range(256))}),
    ("verify checkpoint binary", ["verify", "--checkpoint", "{d}/n", "--pubkey", "{d}/p"],
     {"n": bytes(range(256)), "p": b"a+00000000+AQ==\n"}),
    ("verify damaged signature", ["verify", "--checkpoint", "{d}/n", "--pubkey", "{d}/p"],
     {"n": b"o\n1\nAAAA\n\n\xe2\x80\x94 o !!!notbase64!!!\n", "p": b"o+00000000+AQ==\n"}),
    ("verify checkpoint without pubkey", ["verify", "--checkpoint", "{d}/n"], {"n": b"x"}),
    ("verify manifest without records", ["verify", "--since-manifest", "{d}/m"],
     {"m": b'{"format": "ccc-export/1", "final_digest": "00"}'}),
    ("verify manifest not JSON", ["verify", "--since-manifest", "{d}/m"], {"m": b"{"}),
    ("verify manifest binary", ["verify", "--since-manifest", "{d}/m"], {"m": bytes(range(256))}),
    ("verify missing export", ["verify", "{d}/none.jsonl"], {}),
    ("verify export not an export", ["verify", "{d}/x.jsonl"],
     {"x.jsonl": b"hello\n", "x.jsonl.manifest.json": b'{"format": "ccc-export/1", "records": 1, "final_digest": "00"}'}),
    ("keygen --out empty", ["keygen", "example.org/log", "--out", ""], {}),
    ("keygen bad name", ["keygen", "has space", "--out", "{d}/k"], {}),
    ("keygen existing", ["keygen", "example.org/log", "--out", "{d}/k"], {"k.key": b"x"}),
    # -- output paths ------------------------------------------------------------------------------
    ("export to /dev/full", ["export", "--full", "/dev/full"], {}),
    ("export into a missing folder", ["export", "--full", "{d}/no/such/folder/x.jsonl"], {}),
    ("export into the store", ["export", "--full", "{s}/events.db"], {}),
    ("report into the store", [*REPORT, "--out", "{s}/events.db"], {}),
    ("report to /dev/full", [*REPORT, "--out", "/dev/full"], {}),
    ("report --out a folder", [*REPORT, "--out", "{d}"], {}),
    ("report templates missing", [*REPORT, "--templates", "{d}/none"], {}),
    ("report template broken", [*REPORT, "--templates", "{d}"], {"sentences.j2": b"{% macro x( %}"}),
    ("report case picture without --out", ["report", "case", "ukraine-art1-2025", "--png", ""], {}),
    # -- the store itself ----------------------------------------------------------------------------
    ("--store empty", ["--store", "", "status"], {}),
    ("--store a file", ["--store", "{d}/f", "status"], {"f": b"x"}),
    ("--store a file, writing", ["--store", "{d}/f", *NOTE, *ON], {"f": b"x"}),
    ("--store /dev/null, writing", ["--store", "/dev/null", *NOTE, *ON], {}),
    ("--store another program's database", ["--store", "{d}", *NOTE, *ON],
     {"events.db": b""}),  # filled with a foreign table below
    ("--store postgres url", ["--store", "postgresql://u@h/db", "status"], {}),
    # -- what the hostile probe of issue 23 got accepted (its finding 10) ----------------------
    *[
        (f"new deadline {bad!r}", ["record", "article5-extension-granted", "--state", "Peru",
                                   "--meeting", "21MSP", "--new-deadline", bad, *ON], {})
        for bad in ["", "2025/2026", "2021?", "2025-06~", "2100", "1990", "2100-01-01"]
    ],
    ("undertaking due before it was given", ["record", "undertaking", "--state", "Peru",
     "--undertook", "report", "--due", "2024-12-31", *ON], {}),
    ("coverage from 9999", ["record", "coverage", "--article", "7", "--from", "9999-01-01"], {}),
    ("coverage to 2100", ["record", "coverage", "--article", "7", "--from", "2025-01-01",
                          "--to", "2100-01-01"], {}),
    ("a party named as the public mask", ["party", "add", "[restricted]", "--kind", "armed-group"], {}),
    ("a party named [RESTRICTED]", ["party", "add", "[RESTRICTED]", "--kind", "armed-group"], {}),
    ("an alias equal to the name", ["party", "add", "Group X", "--kind", "armed-group",
                                    "--alias", "group x"], {}),
    ("a party name with a bidi override", ["party", "add", "Group \u202eX", "--kind", "armed-group"], {}),
    ("a summary with a bidi override", [*NOTE[:2], "--summary", "evil \u202elive", *ON], {}),
    ("--as with a bidi override", [*NOTE, *ON, "--as", "officer\u202e"], {}),
    ("--as of 301 characters", [*NOTE, *ON, "--as", "o" * 301], {}),
    ("a letter to 'group:'", [*LETTER[:2], "--to", "group:", *LETTER[4:], *ON], {}),
    ("a letter to a 301-character group", [*LETTER[:2], "--to", "group:" + "g" * 301, *LETTER[4:], *ON], {}),
    ("a case title of 301 characters", ["case", "open", "c-long", "--title", "t" * 301, *ON], {}),
    ("a party name of 301 characters", ["party", "add", "p" * 301, "--kind", "armed-group"], {}),
    ("a territory added as a State not party", ["party", "add", "Puerto Rico", "--kind", "state-not-party"], {}),
    ("a transfer source on an allegation of use", ["record", "allegation", "--against", "Peru", "--nature", "use", "--transfer-from", "Chile", "--summary", "x.", *ON], {}),
    ("a summary of 10,001 characters", [*NOTE[:2], "--summary", "s" * 10_001, *ON], {}),
    *[
        (f"--as-of {bad} (before the Convention)", [cmd, "--as-of", bad], {})
        for cmd in ("deadlines", "status", "members")
        for bad in ["0001-01-01", "1996-12-31"]
    ],
]
# fmt: on


@pytest.fixture
def world(seeded, store, tmp_path):
    seeded.ok("status")
    return seeded


def store_bytes(store: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.iterdir()) if p.is_file()}


@pytest.mark.parametrize(("words", "files"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_sentence_and_changes_nothing(
    world: Ccc, store, tmp_path, words, files, figures
):
    folder = tmp_path / "given"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if "events.db" in files:  # another program's database
        import sqlite3

        with sqlite3.connect(folder / "events.db") as connection:
            connection.execute("CREATE TABLE invoices (n INTEGER)")
    foreign = store_bytes(folder) if "events.db" in files else None
    before = store_bytes(store)
    args = [w.replace("{d}", str(folder)).replace("{s}", str(store)) for w in words]
    message = world.refuses(*args)
    assert len(message) > 10 and message.rstrip().endswith((".", ")", "?")), message
    assert store_bytes(store) == before
    if foreign is not None:
        assert store_bytes(folder) == foreign
    figures("Bad input", "catalogued inputs: one sentence, exit non-zero, store unchanged", 1, 1)


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 150


@pytest.mark.parametrize("kind", sorted(set(kinds.KINDS) - {kinds.CORRECTION, kinds.RETRACTION}))
def test_every_kind_of_record_refuses_an_impossible_date(world, store, tmp_path, kind, figures):
    before = store_bytes(store)
    entry = {
        "kind": kind,
        "occurred": "2025-02-30",
        "summary": "x",
        "reference": "ukraine-art1-2025",
    }
    if not kind.startswith("case-"):
        del entry["reference"]
    (tmp_path / "one.yaml").write_bytes(yaml_of(entry))
    assert "2025-02-30" in world.refuses("import", str(tmp_path / "one.yaml"))
    assert store_bytes(store) == before
    figures("Bad input", "an impossible date, for every kind of record", 1, 1)
