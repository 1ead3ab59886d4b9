"""Each kind of record is declared once (ccc/domain/kinds.py); its event class, its input
model and its sentence macros must agree with the declaration."""

from __future__ import annotations

import re
from importlib import resources

from ccc.application.inputs import AMEND_INPUTS, INPUTS
from ccc.domain import kinds
from ccc.domain.case import Case
from ccc.domain.record import Correction, Retraction, every_kind

EVENTS = {
    **every_kind(),
    **{cls.kind: cls for cls in (Case.Opened, Case.Closed, Case.Reopened)},
    **{cls.kind: cls for cls in (Correction, Retraction)},
}
MACROS = set(
    re.findall(
        r"{% macro (\w+)\(",
        resources.files("ccc.reports").joinpath("templates", "sentences.j2").read_text(),
    )
)


def test_every_declared_kind_has_an_event_class_and_every_event_class_a_declaration():
    assert set(EVENTS) == set(kinds.KINDS)


def test_every_record_kind_has_an_input_model_of_the_same_name():
    records = {name for name, kind in kinds.KINDS.items() if kind.family != "amendment"}
    amendments = {model.kind for model in AMEND_INPUTS.values()}
    assert set(INPUTS) == records | amendments


def test_every_kind_in_the_paper_has_a_sentence_and_a_restricted_sentence():
    for name in kinds.IN_PAPER:
        macro = kinds.KINDS[name].macro
        assert {macro, f"restricted_{macro}"} <= MACROS, name


def test_counterparts_name_fields_of_the_event():
    for name, kind in kinds.KINDS.items():
        assert set(kind.counterparts) <= set(EVENTS[name].model_fields), name


def test_names_are_the_constants():
    constants = {
        value for key, value in vars(kinds).items() if key.isupper() and isinstance(value, str)
    }
    assert constants == set(kinds.KINDS)


def test_each_kind_with_its_own_write_rule_is_applied_by_it():
    """The write side picks a kind's rule by its name (so that no family's models load
    for another's write): every input class with a rule of its own is named there."""
    from ccc.application import writing
    from ccc.application.inputs.cases import AmendInput, CaseInput
    from ccc.application.inputs.committee import CommunicationInput
    from ccc.application.inputs.register import Article82StepInput, UndertakingMetInput

    own = (CaseInput, AmendInput, CommunicationInput, Article82StepInput, UndertakingMetInput)
    for kind, model in INPUTS.items():
        rule = writing._APPLY.get(kind, writing._record)
        assert (rule is writing._record) == (not issubclass(model, own)), kind
    assert set(writing._APPLY) <= set(INPUTS)


def test_each_event_class_is_built_once():
    """eventsourcing remakes a class nested in an aggregate that does not derive from the
    aggregate's own `Event`: each pydantic model then built twice on every start."""
    from ccc.domain import topics

    for topic, cls in topics.events().items():
        made = [base for base in cls.__mro__ if base.__qualname__ == cls.__qualname__]
        assert made == [cls], f"{topic} is made {len(made)} times"


def test_every_kind_has_a_name_in_words_for_pages():
    """Pages say "Article 8(2) request" and "case opened", never a name as typed."""
    said = {name: kinds.in_words(name) for name in kinds.KINDS}
    assert said["article8-2-request"] == "Article 8(2) request"
    assert said["article5-extension-granted"] == "Article 5 extension granted"
    assert said["case-open"] == "case opened"
    for name, words in said.items():
        assert "-" not in words and not words.startswith("article"), name
    assert len(set(said.values())) == len(said)  # no two kinds read alike
