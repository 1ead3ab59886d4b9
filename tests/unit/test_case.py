from datetime import date

import pytest

from ccc.domain.case import Case, CaseClosedError, CaseOpenError
from ccc.errors import RuleViolation
from ccc.store.integrity import content_id

FACTS = {
    "occurred": "2025-07",
    "earliest": date(2025, 7, 1),
    "latest": date(2025, 7, 31),
    "summary": "Allegations received.",
    "recorded_by": "tester",
}


def given_open_case(reference: str = "cambodia-thailand-2025") -> Case:
    case = Case.open(
        reference=reference,
        title="Cambodia and Thailand",
        states=("KHM", "THA"),
        cases=(reference,),
        record_id=content_id("case-open", {"reference": reference}),
        **FACTS,
    )
    case.collect_events()
    return case


def close_facts(outcome: str) -> dict:
    return {**FACTS, "outcome": outcome, "record_id": content_id("case-close", {"o": outcome})}


def test_a_case_is_addressed_by_its_reference_whatever_its_case():
    assert Case.create_id("Ukraine-Art1-2025") == Case.create_id("ukraine-art1-2025")
    assert Case.create_id("ukraine-art1-2025") != Case.create_id("ukraine-art1-2026")


def test_opening_a_case_records_its_states_and_title():
    case = Case.open(
        reference="ukraine-art1-2025",
        title="Ukraine",
        states=("UKR",),
        record_id=content_id("case-open", {"reference": "ukraine-art1-2025"}),
        **FACTS,
    )
    [event] = case.collect_events()
    assert isinstance(event, Case.Opened)
    assert (event.reference, event.states, event.originator_id) == (
        "ukraine-art1-2025",
        ("UKR",),
        Case.create_id("ukraine-art1-2025"),
    )


def test_an_unusable_reference_is_refused():
    with pytest.raises(RuleViolation, match="reference"):
        Case.open(reference="a b", title="t", record_id=content_id("x", {}), **FACTS)


def test_closing_an_open_case_records_the_outcome():
    case = given_open_case()
    case.close(**close_facts("no further action"))
    [event] = case.collect_events()
    assert isinstance(event, Case.Closed)
    assert event.outcome == "no further action"
    assert case.is_closed


def test_closing_a_closed_case_is_refused():
    case = given_open_case()
    case.close(**close_facts("first"))
    with pytest.raises(CaseClosedError, match="already closed"):
        case.close(**close_facts("second"))


def test_reopening_an_open_case_is_refused_and_a_closed_one_reopens():
    case = given_open_case()
    reopen = {**FACTS, "reason": "new information", "record_id": content_id("r", {})}
    with pytest.raises(CaseOpenError, match="is open"):
        case.reopen(**reopen)
    case.close(**close_facts("closed"))
    case.reopen(**reopen)
    assert not case.is_closed
