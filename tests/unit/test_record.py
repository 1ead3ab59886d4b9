from datetime import date

from eventsourcing.utils import resolve_topic

from ccc.domain.base import Party
from ccc.domain.case import Case
from ccc.domain.record import Record, every_kind
from ccc.store.integrity import content_id

LETTER = {
    "occurred": "2025-03-17",
    "summary": "Letter to all States Parties.",
    "recipients": [{"kind": "group", "name": "all States Parties"}],
    "subject": "Article 7 reporting",
}


def test_the_same_facts_always_give_the_same_id():
    assert content_id("letter", LETTER) == content_id("letter", dict(reversed(LETTER.items())))


def test_different_facts_or_kinds_give_different_ids():
    assert content_id("letter", LETTER) != content_id(
        "letter", {**LETTER, "occurred": "2025-03-18"}
    )
    assert content_id("letter", LETTER) != content_id("note", LETTER)


def test_a_letter_lists_its_recipients_and_other_parties_once_each():
    letter = Record._create(
        Record.LetterSent,
        id=content_id("letter", LETTER),
        earliest=date(2025, 3, 17),
        latest=date(2025, 3, 17),
        recorded_by="tester",
        parties=(Party(kind="state", name="UKR"), Party(kind="organisation", name="ISU")),
        **{**LETTER, "recipients": (Party(kind="state", name="UKR"),)},
    )
    [event] = letter.collect_events()
    assert [p.name for p in event.involved_parties()] == ["UKR", "ISU"]
    assert letter.kind == "letter"


def test_every_stored_event_class_has_its_own_explicit_topic():
    stored = [*every_kind().values(), Case.Opened, Case.Closed, Case.Reopened]
    for cls in stored:
        assert cls.TOPIC.startswith("ccc.")
        assert resolve_topic(cls.TOPIC) is cls
    assert len({cls.TOPIC for cls in stored}) == len(stored)
