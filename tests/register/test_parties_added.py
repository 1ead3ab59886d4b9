"""Parties beyond the registry: added as records, named by later records,
replayed and exported like any other; territories are not States."""

import pytest

from tests.conftest import event_count, log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def test_an_armed_group_and_a_mechanism_can_be_named_once_added(ccc, store):
    before = log_digest(store)
    # Unknown until added: refused, nothing written.
    assert "not a State, organisation or group" in ccc.refuses(
        "record", "allegation", "--against", "Daesh", "--nature", "use",
        "--occurred", "2025-03-02", "--summary", "Use by an armed group.",
    )  # fmt: skip
    assert log_digest(store) == before
    group = ccc.ok(
        "party", "add", "Islamic State", "--kind", "armed-group", "--alias", "ISIL",
        "--alias", "Daesh",
    ).strip()  # fmt: skip
    mechanism = ccc.ok(
        "party", "add", "HRMMU", "--kind", "mechanism",
        "--title", "UN Human Rights Monitoring Mission in Ukraine",
    ).strip()  # fmt: skip
    ccc.ok(
        "record", "allegation", "--against", "Daesh", "--nature", "use",
        "--occurred", "2025-03-02", "--summary", "Use by an armed group.",
    )  # fmt: skip
    ccc.ok(
        "record", "allegation", "--against", "Ukraine", "--nature", "use", "--by", "hrmmu",
        "--occurred", "2025-03-01", "--summary", "Report of use.",
    )  # fmt: skip
    allegations = ccc.json("log", "--kind", "allegation")
    named = {a["summary"]: a["details"] for a in allegations}
    assert named["Use by an armed group."]["against"][0] == {
        "kind": "armed-group", "name": "Islamic State", "count": None, "members": [],
    }  # fmt: skip
    assert named["Report of use."]["by"]["kind"] == "mechanism"
    assert [r["id"] for r in ccc.json("log", "--party", "Islamic State")] != []
    # Adding it again is the same record; another party's name is refused.
    again = ccc("party", "add", "Islamic State", "--kind", "armed-group")
    assert again.exit_code == 0 and again.stdout.strip() == group
    count = event_count(store)
    assert "already names Islamic State" in ccc.refuses(
        "party", "add", "ISIL", "--kind", "armed-group"
    )
    assert "already names UKR" in ccc.refuses("party", "add", "Ukraine", "--kind", "mechanism")
    assert event_count(store) == count
    # Replayed from the log: a rebuild of the views names them the same way.
    ccc.ok("rebuild")
    assert ccc.json("log", "--kind", "allegation") == allegations
    assert mechanism in ccc.ok("log", "--kind", "party-added")
    ccc.ok("verify")  # in the digest chain like any record


def test_a_territory_is_not_a_state(ccc, store):
    before = log_digest(store)
    greenland = ccc.refuses(
        "record",
        "focal-point",
        "--state",
        "Greenland",
        "--occurred",
        "2025-01-01",
        "--summary",
        "x",
    )
    assert "not a State that can be a State Party" in greenland and "Denmark (DNK)" in greenland
    sahara = ccc.refuses(
        "record",
        "focal-point",
        "--state",
        "Western Sahara",
        "--occurred",
        "2025-01-01",
        "--summary",
        "x",
    )
    assert "ccc party add" in sahara
    assert log_digest(store) == before
