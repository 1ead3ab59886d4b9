from datetime import date

from ccc.domain.status import derive, happened_by

CASE = {"reference": "c-1", "states": ["UKR"]}


def rec(position, kind, day, *, latest=None, parties=(), restricted=False, **details):
    return {
        "id": f"{position:032x}",
        "short_id": f"{position:08x}",
        "kind": kind,
        "occurred": day,
        "earliest": day,
        "latest": latest or day,
        "sort_day": day,
        "position": position,
        "parties": list(parties),
        "restricted": restricted,
        "details": details,
    }


def letter(position, day, to="UKR", **details):
    return rec(
        position, "letter", day, parties=[to], recipients=[{"kind": "state", "name": to}], **details
    )


def reply(position, day, sender="UKR", in_reply_to=None):
    return rec(
        position,
        "communication",
        day,
        parties=[sender],
        sender={"kind": "state", "name": sender},
        in_reply_to=in_reply_to,
    )


OPEN = rec(1, "case-open", "2025-01-10")


def test_a_new_case_is_open():
    assert derive(CASE, [OPEN])["status"] == "open"


def test_a_letter_to_a_state_awaits_its_reply_from_the_letter_day():
    row = derive(CASE, [OPEN, letter(2, "2025-02-01", reply_requested_by="2025-03-01")])
    assert row["status"] == "awaiting reply"
    assert row["awaiting"] == [
        {
            "party": "UKR",
            "since": "2025-02-01",
            "sent": "2025-02-01",
            "sent_earliest": "2025-02-01",
            "record": "00000002",
            "reply_requested_by": "2025-03-01",
        }
    ]
    assert row["next_deadline"] == "2025-03-01"


def test_a_later_communication_from_that_state_answers_the_letter():
    row = derive(CASE, [OPEN, letter(2, "2025-02-01"), reply(3, "2025-02-20")])
    assert (row["status"], row["awaiting"]) == ("in dialogue", [])


def test_a_reply_to_another_letter_does_not_answer_this_one():
    first, second = letter(2, "2025-02-01"), letter(3, "2025-03-01")
    row = derive(CASE, [OPEN, first, second, reply(4, "2025-03-05", in_reply_to=first["id"])])
    assert [a["record"] for a in row["awaiting"]] == ["00000003"]


def test_a_letter_to_a_group_or_without_reply_expected_awaits_nothing():
    group = rec(
        2,
        "letter",
        "2025-02-01",
        parties=["all States Parties"],
        recipients=[{"kind": "group", "name": "all States Parties"}],
    )
    info = letter(3, "2025-02-02", reply_expected=False)
    assert derive(CASE, [OPEN, group, info])["awaiting"] == []


def test_observations_as_the_latest_step_make_the_case_reported():
    meeting = rec(2, "meeting", "2025-05-26", parties=["UKR"])
    observations = rec(3, "observations", "2025-06-17", latest="2025-06-20")
    row = derive(CASE, [OPEN, meeting, observations])
    assert row["status"] == "reported"
    assert row["last_contact"] == {"UKR": "2025-05-26"}
    assert row["last_activity"] == "2025-06-17"


def test_a_closed_case_shows_its_outcome_and_awaits_nothing():
    closed = rec(3, "case-close", "2025-12-01", outcome="no further action")
    row = derive(CASE, [OPEN, letter(2, "2025-02-01"), closed])
    assert (row["status"], row["outcome"], row["awaiting"]) == ("closed", "no further action", [])
    reopened = rec(4, "case-reopen", "2026-01-05", reason="new allegation")
    assert derive(CASE, [OPEN, closed, reopened])["status"] == "open"


def test_restricted_records_are_counted():
    hidden = rec(2, "note", "2025-02-01", restricted=True)
    assert derive(CASE, [OPEN, hidden])["restricted_records"] == 1


def test_a_record_straddling_a_day_is_neither_in_nor_out():
    june = rec(1, "observations", "2025-06-17", latest="2025-06-20")
    assert happened_by(june, date(2025, 6, 16)) is False
    assert happened_by(june, date(2025, 6, 18)) is None
    assert happened_by(june, date(2025, 6, 20)) is True
    before = {**june, "earliest": None, "latest": "2025-12-01"}
    assert happened_by(before, date(2025, 11, 1)) is None
    ongoing = {**june, "latest": None}
    assert happened_by(ongoing, date(2025, 6, 18)) is True
