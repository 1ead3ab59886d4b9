"""The treaty register: membership as records, obligations, deadlines, dossiers, groups."""

import json

import pytest

from tests.conftest import event_count
from tests.terminal import at_terminal

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


@pytest.fixture
def registered(ccc):
    ccc.ok("register", "load")
    return ccc


def members(ccc, day):
    return ccc.json("members", "--as-of", day)


def test_the_shipped_register_loads_once_and_replays_the_depositary_counts(registered, store):
    # 166 deposits, 133 signatures (the 130 ratifications, 2 acceptances and 1 approval
    # followed one; accessions and successions have none), 5 withdrawals.
    assert event_count(store) == 304
    assert "0 register record(s)" in registered.ok("register", "load")
    assert event_count(store) == 304
    # The UN depositary's header of 3 February 2026: 162 Parties.
    assert members(registered, "2026-02-03")["count"] == 162
    assert members(registered, "1999-02-28")["count"] == 0
    assert members(registered, "1999-03-01")["count"] == 45  # the first 40, and 5 more
    end_2017 = members(registered, "2017-12-31")
    assert (end_2017["count"], end_2017["not_yet_in_force"]) == (162, ["LKA", "PSE"])


def test_deposit_and_entry_into_force_are_kept_apart(registered):
    tonga = members(registered, "2025-11-30")
    assert "TON" in tonga["not_yet_in_force"] and "TON" not in tonga["members"]
    assert "TON" in members(registered, "2025-12-01")["members"]
    south_sudan = registered.json("party", "show", "South Sudan", "--as-of", "2011-12-01")
    assert south_sudan["membership"]["entry_into_force"] == "2011-07-09"  # from independence
    assert "override" in south_sudan["membership"]["entry_into_force_basis"]


def test_signatories_that_had_not_ratified_are_listed_apart(registered):
    # The Marshall Islands signed on 4 December 1997 and ratified on 12 March 2025 (UN
    # depositary table, UNTC XXVI-5): a signatory, bound to nothing, in between.
    before = registered.json("members", "--as-of", "2020-01-01", "--signatories")
    assert [s["state"] for s in before["states"]] == ["MHL"]
    assert before["states"][0]["signed"] == "1997-12-04" and "MHL" not in before["members"]
    assert registered.json("members", "--as-of", "2026-02-03", "--signatories")["states"] == []
    assert "MHL" in registered.ok("members", "--as-of", "2020-01-01", "--signatories")
    shown = registered.json("party", "show", "Marshall Islands", "--as-of", "2020-01-01")
    assert shown["membership"]["standing"] == "signatory"
    assert "Signed" in registered.ok("party", "show", "Marshall Islands")


def test_a_deposit_the_register_holds_is_the_same_fact_when_recorded_again(registered, store):
    before = event_count(store)
    again = registered(
        "record",
        "instrument-deposited",
        "--state",
        "Ukraine",
        "--instrument",
        "ratification",
        "--occurred",
        "2005-12-27",
        "--summary",
        "Ukraine ratified the Convention.",
        "--source",
        "C.N.1010.2005",
    )
    assert again.exit_code == 0 and "Already in the log as" in again.stderr
    registered.ok(
        "record", "withdrawal-received", "--state", "Finland", "--occurred", "2025-07-10",
        "--source", "C.N.372.2025",
    )  # fmt: skip
    assert event_count(store) == before


def test_withdrawals_take_effect_six_months_after_the_instrument_is_received(registered):
    finland = registered.json("party", "show", "FIN", "--as-of", "2026-01-09")["membership"]
    assert (finland["standing"], finland["withdrawal_effective"]) == ("bound", "2026-01-10")
    assert "FIN" in members(registered, "2026-01-09")["withdrawal_pending"]
    assert "FIN" in members(registered, "2026-01-10")["withdrawn"]


def test_an_announcement_has_no_legal_effect_and_armed_conflict_defers_it(registered):
    registered.ok(
        "record",
        "withdrawal-announced",
        "--state",
        "Ukraine",
        "--occurred",
        "2025-06-29",
        "--summary",
        "Presidential decree on withdrawal.",
    )
    assert "UKR" in members(registered, "2026-11-27")["members"]
    registered.ok("record", "withdrawal-received", "--state", "Ukraine", "--occurred", "2025-07-10")
    assert "UKR" not in members(registered, "2026-01-10")["members"]
    registered.ok(
        "record",
        "armed-conflict",
        "--state",
        "Ukraine",
        "--occurred",
        "2026-01-10",
        "--summary",
        "Engaged in armed conflict when the six months expired.",
    )
    deferred = registered.json("party", "show", "UKR", "--as-of", "2026-06-01")["membership"]
    assert (deferred["standing"], deferred["withdrawal_deferred"]) == ("bound", True)
    registered.ok(
        "record", "armed-conflict-ended", "--state", "Ukraine", "--occurred", "2026-03-01"
    )
    assert "UKR" in members(registered, "2026-02-28")["members"]
    assert "UKR" not in members(registered, "2026-03-01")["members"]


def deadlines(ccc, party, day, article=None):
    rows = ccc.json("deadlines", "--party", party, "--as-of", day, "--all")
    return [r for r in rows if article is None or r["article"] == article]


def test_a_multi_year_history_gives_the_right_standing_on_several_days(registered):
    ccc = registered
    ccc.ok("record", "coverage", "--article", "7", "--from", "1999-03-01")
    # Ukraine: deposit 2005-12-27, in force 2006-06-01 (the rule vector of Article 17).
    [initial] = deadlines(ccc, "UKR", "2006-09-01", "7.1")
    assert (initial["due"], initial["status"]) == ("2006-11-28", "due")
    assert initial["basis"] == "entry into force 2006-06-01 + 180 days"
    ccc.ok(
        "record", "article7-report", "--state", "Ukraine", "--initial", "--occurred", "2006-11-28"
    )
    assert deadlines(ccc, "UKR", "2007-01-01", "7.1")[0]["status"] == "met_on_time"
    ccc.ok(
        "record",
        "article7-report",
        "--state",
        "Ukraine",
        "--year",
        "2006",
        "--occurred",
        "2007-05-10",
    )
    [y2006] = [
        r for r in deadlines(ccc, "UKR", "2007-06-01", "7.2") if r["obligation"].endswith("2006")
    ]
    assert (y2006["status"], y2006["days"]) == ("met_late", 10)
    # Article 4: no extension exists; overdue from the day after the deadline.
    ccc.ok("record", "article4-completed", "--state", "Ukraine", "--occurred", "2011-06")
    [stock] = deadlines(ccc, "UKR", "2010-06-01", "4")
    assert (stock["due"], stock["status"]) == ("2010-06-01", "due")
    assert deadlines(ccc, "UKR", "2010-06-02", "4")[0]["status"] == "overdue"
    assert deadlines(ccc, "UKR", "2011-06-15", "4")[0]["status"] == "uncertain"
    assert deadlines(ccc, "UKR", "2012-01-01", "4")[0]["status"] == "met_late"
    # Article 5: a request moves nothing; the deadline lapses before the decision.
    ccc.ok(
        "record",
        "article5-extension-requested",
        "--state",
        "Ukraine",
        "--requested-deadline",
        "2021-06-01",
        "--occurred",
        "2016-03-31",
    )
    [clear] = deadlines(ccc, "UKR", "2016-06-02", "5")
    assert (clear["due"], clear["status"], clear["days"]) == ("2016-06-01", "overdue", 1)
    ccc.ok(
        "record",
        "article5-extension-granted",
        "--state",
        "Ukraine",
        "--meeting",
        "15MSP",
        "--new-deadline",
        "2021-06-01",
        "--occurred",
        "2016-12-02",
    )
    [extended] = deadlines(ccc, "UKR", "2017-01-01", "5")
    assert (extended["due"], extended["status"]) == ("2021-06-01", "due")
    assert extended["basis"] == "extension granted at the 15MSP (2016-12-02)"
    assert [step.get("previous_deadline_lapsed") for step in extended["history"]] == [
        None,
        None,
        True,
    ]
    assert deadlines(ccc, "UKR", "2016-11-30", "5")[0]["status"] == "overdue"


def test_an_article_8_2_request_counts_28_days_from_receipt_or_assumes(registered):
    request = registered.ok(
        "record",
        "article8-2-request",
        "--state",
        "Cambodia",
        "--by",
        "Thailand",
        "--occurred",
        "2025-07-28",
    ).strip()
    registered.ok(
        "record", "article8-2-transmitted", "--request", request, "--occurred", "2025-07-30"
    )
    [assumed] = deadlines(registered, "KHM", "2025-08-10", "8.2")
    assert (assumed["due"], assumed["assumed"]) == ("2025-08-27", True)
    assert assumed["basis"].startswith("assumed: transmitted 2025-07-30 + 28 days")
    registered.ok("record", "article8-2-received", "--request", request, "--occurred", "2025-08-04")
    [row] = deadlines(registered, "KHM", "2025-08-10", "8.2")
    assert (row["due"], row["assumed"], row["status"]) == ("2025-09-01", False, "due")
    registered.ok("record", "article8-2-response", "--request", request, "--occurred", "2025-09-01")
    assert deadlines(registered, "KHM", "2025-09-05", "8.2")[0]["status"] == "met_on_time"


def test_letters_asking_for_a_reply_by_a_day_are_deadlines_too(registered):
    registered.ok(
        "record",
        "letter",
        "--to",
        "Peru",
        "--subject",
        "Article 9 measures",
        "--reply-requested-by",
        "2025-05-31",
        "--occurred",
        "2025-04-01",
        "--summary",
        "Asked Peru.",
    )
    [row] = deadlines(registered, "PER", "2025-06-10", "letter")
    assert (row["status"], row["days"]) == ("overdue", 10)
    overdue = registered.json("deadlines", "--as-of", "2025-06-10", "--overdue")
    assert any(r["article"] == "letter" and r["party"] == "PER" for r in overdue)
    assert all(r["status"] == "overdue" for r in overdue)


def test_an_annual_report_for_another_period_is_kept_and_flagged(registered):
    registered.ok(
        "record",
        "article7-report",
        "--state",
        "Peru",
        "--year",
        "2024",
        "--period",
        "2023-07/2024-06",
        "--occurred",
        "2025-04-20",
    )
    [row] = [
        r
        for r in deadlines(registered, "PER", "2025-05-01", "7.2")
        if r["obligation"].endswith("2024")
    ]
    assert row["status"] == "met_on_time"
    assert row["flag"] == "the report covers 2023-07/2024-06, not calendar year 2024"


def test_a_letter_to_a_computed_group_keeps_its_members_as_of_that_day(registered, store):
    registered.ok("record", "article9-measures", "--state", "Peru", "--occurred", "2024-05-01")
    letter = (
        "record",
        "letter",
        "--to",
        "computed:outstanding-article9",
        "--subject",
        "Article 9",
        "--occurred",
        "2025-03-31",
        "--summary",
        "Communication.",
    )
    # With Article 9 not tracked, the group cannot be known: refused, nothing written.
    before = event_count(store)
    refusal = registered.refuses(*letter)
    assert "does not track Article 9" in refusal and "ccc record coverage" in refusal
    assert event_count(store) == before
    # Tracked from 2025 only, it still cannot be known: a State may have reported its
    # measures in 2010. Tracked since before every State's entry into force, it can.
    registered.ok("record", "coverage", "--article", "9", "--from", "2025-01-01")
    assert "does not track Article 9" in registered.refuses(*letter)
    registered.ok("record", "coverage", "--article", "9", "--from", "1999-01-01")
    registered.ok(*letter)
    [letter] = registered.json("log", "--kind", "letter")
    [group] = letter["details"]["recipients"]
    assert group["name"] == "States Parties with outstanding Article 9 obligations as of 2025-03-31"
    assert "PER" not in group["members"] and "UKR" in group["members"]
    assert group["count"] == len(group["members"]) == members(registered, "2025-03-31")["count"] - 1
    assert "not a computed group" in registered.refuses(
        "record",
        "letter",
        "--to",
        "computed:friends",
        "--subject",
        "x",
        "--occurred",
        "2025-03-31",
        "--summary",
        "x",
    )


def test_a_party_dossier_gathers_membership_cases_letters_and_replies(registered):
    registered.ok(
        "case",
        "open",
        "per-9",
        "--title",
        "Peru, Article 9",
        "--state",
        "Peru",
        "--occurred",
        "2025-01-01",
    )
    letter = registered.ok(
        "record",
        "letter",
        "--to",
        "Peru",
        "--subject",
        "Measures",
        "--case",
        "per-9",
        "--occurred",
        "2025-02-01",
        "--summary",
        "Asked.",
    ).strip()
    registered.ok(
        "record",
        "communication",
        "--from",
        "Peru",
        "--in-reply-to",
        letter,
        "--case",
        "per-9",
        "--occurred",
        "2025-02-21",
        "--summary",
        "Answered.",
    )
    dossier = registered.json("party", "show", "Peru", "--as-of", "2025-03-01")
    assert dossier["membership"]["standing"] == "bound"
    assert dossier["cases"] == ["per-9"]
    assert [r["kind"] for r in dossier["correspondence"]] == ["letter", "communication"]
    assert dossier["replies"] == [
        {
            "letter": letter,
            "sent": "2025-02-01",
            "reply": dossier["replies"][0]["reply"],
            "received": "2025-02-21",
            "days": 20,
            "days_most": 20,
        }
    ]
    assert any(o["article"] == "7.1" for o in dossier["obligations"])
    assert "Obligations" in at_terminal("party", "show", "Peru", columns=120)[1]


def test_a_case_state_sitting_on_the_committee_is_shown(registered):
    from tests.conftest import SEED

    registered.ok("import", str(SEED))
    board = {row["reference"]: row for row in registered.json("status")}
    assert board["cambodia-thailand-2025"]["committee_members_concerned"] == ["KHM"]
    assert board["ukraine-art1-2025"]["committee_members_concerned"] == []
    detail = registered.json("case", "show", "cambodia-thailand-2025", "--as-of", "2025-09-01")
    assert detail["committee_members_concerned"] == ["KHM"]
    assert "KHM" in registered.ok("status")


def test_members_json_has_the_interface_other_tools_use(registered):
    answer = json.loads(registered.ok("members", "--as-of", "2026-02-03", "--json"))
    assert answer["count"] == len(answer["members"]) == 162
    assert all(len(code) == 3 for code in answer["members"])


def test_register_refusals_say_what_is_right(registered):
    assert "needs an exact day" in registered.refuses(
        "record",
        "instrument-deposited",
        "--state",
        "Peru",
        "--instrument",
        "ratification",
        "--occurred",
        "2025-06",
    )
    assert "override needs its reason" in registered.refuses(
        "record",
        "instrument-deposited",
        "--state",
        "Peru",
        "--instrument",
        "succession",
        "--occurred",
        "2025-06-01",
        "--entry-into-force",
        "2025-01-01",
    )
    assert "needs --year" in registered.refuses(
        "record", "article7-report", "--state", "Peru", "--occurred", "2025-04-01"
    )
    assert (
        "is not an article 8(2) request"
        in registered.refuses(
            "record",
            "article8-2-received",
            "--request",
            registered.json("log", "--limit", "1")[0]["id"],
            "--occurred",
            "2025-04-01",
        ).lower()
    )


def test_a_reply_dated_to_the_month_took_a_span_of_days_never_a_negative_count(registered):
    """A letter and its reply both known only as "July 2023": the reply took from 0 to 30
    days, which `party show` and the dossier say; never -30 (the reply's first possible
    day less the letter's last)."""
    registered.ok("case", "open", "per-10", "--title", "Peru", "--state", "Peru",
                  "--occurred", "2023-07-01")  # fmt: skip
    letter = registered.ok("record", "letter", "--to", "Peru", "--subject", "Report",
                           "--case", "per-10", "--occurred", "2023-07",
                           "--summary", "A letter.").strip()  # fmt: skip
    registered.ok("record", "communication", "--from", "Peru", "--in-reply-to", letter,
                  "--case", "per-10", "--occurred", "2023-07", "--summary", "A reply.")  # fmt: skip
    [reply] = registered.json("party", "show", "Peru", "--as-of", "2024-01-01")["replies"]
    assert (reply["days"], reply["days_most"]) == (0, 30)
    assert "in 0 to 30 days" in registered.ok("party", "show", "Peru", "--as-of", "2024-01-01")
    dossier = registered.ok("report", "case", "per-10")
    assert "| 0 to 30 |" in dossier and "-30" not in dossier
