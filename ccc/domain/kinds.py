"""Every kind of record, declared once: its name, its family, where it goes on a case's
timeline, whether and how it appears in the activities paper, who it is with.

The board, the checks, the timeline, the summaries and the papers read these
declarations instead of lists of names of their own. Standard library only: queries on
the fast path read it too.

A new kind is: a declaration here, its event class (domain/record.py), its details type
(domain/shapes.py), its input model (in its family's module of application/inputs/), a
sentence macro in reports/templates/sentences.j2 if it appears in the paper, its fields in
ccc/data/event-shapes.json (`python -m ccc.domain.topics` writes them), and its tests.
tests/architecture/test_kinds.py, test_shapes.py and tests/projections/test_decode.py
check that they agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # annotations only: building Literal types costs the fast path
    Family = Literal["dialogue", "allegation", "committee", "lifecycle", "register", "amendment"]
    # How a record appears in the activities paper: in its case's paragraph when it has a case,
    # else in a paragraph of its own ("own") or with the Committee's meeting of the same day
    # ("committee-day"); None: not in the paper.
    Paper = Literal["own", "committee-day"] | None


class Kind:
    """One kind's declaration. A plain class: a dataclass or NamedTuple would cost every
    query on the fast path a millisecond of imports and class building."""

    __slots__ = ("article", "counterparts", "family", "name", "paper", "timeline")

    def __init__(
        self,
        name: str,
        family: Family,
        timeline: str | None = None,
        paper: Paper = None,
        counterparts: tuple[str, ...] = (),
        article: int | None = None,
    ) -> None:
        self.name = name
        self.family = family
        self.timeline = timeline  # the row of a case's timeline it is drawn on
        self.paper = paper
        self.counterparts = counterparts  # detail fields naming who it is with (counted
        # when restricted: "a letter to two States Parties")
        self.article = article  # the Article an obligation record is under

    @property
    def macro(self) -> str:
        """The name of its sentence macro in sentences.j2."""
        return self.name.replace("-", "_")


# Names, as stored in every record's `kind` and typed after `ccc record`.
COMMITTEE_CONSTITUTED = "committee-constituted"
FOCAL_POINT = "focal-point"
COMMITTEE_MEETING = "committee-meeting"
LETTER = "letter"
COMMUNICATION = "communication"
MEETING = "meeting"
WORKSHOP = "workshop"
ALLEGATION = "allegation"
OBSERVATIONS = "observations"
PRIORITIES = "priorities"
NOTE = "note"
PARTY_ADDED = "party-added"
SIGNATURE = "signature"
INSTRUMENT_DEPOSITED = "instrument-deposited"
WITHDRAWAL_ANNOUNCED = "withdrawal-announced"
WITHDRAWAL_RECEIVED = "withdrawal-received"
ARMED_CONFLICT = "armed-conflict"
ARMED_CONFLICT_ENDED = "armed-conflict-ended"
ARTICLE7_REPORT = "article7-report"
ARTICLE4_COMPLETED = "article4-completed"
ARTICLE5_EXTENSION_REQUESTED = "article5-extension-requested"
ARTICLE5_EXTENSION_GRANTED = "article5-extension-granted"
ARTICLE5_COMPLETED = "article5-completed"
ARTICLE9_MEASURES = "article9-measures"
STOCKPILE_DECLARED = "stockpile-declared"
MINED_AREAS_DECLARED = "mined-areas-declared"
COVERAGE = "coverage"
UNDERTAKING = "undertaking"
UNDERTAKING_MET = "undertaking-met"
ARTICLE3_RETAINED = "article3-retained"
ARTICLE82_REQUEST = "article8-2-request"
ARTICLE82_TRANSMITTED = "article8-2-transmitted"
ARTICLE82_RECEIVED = "article8-2-received"
ARTICLE82_RESPONSE = "article8-2-response"
DECISION = "decision"
STATEMENT = "statement"
CASE_OPEN = "case-open"
CASE_CLOSE = "case-close"
CASE_REOPEN = "case-reopen"
CORRECTION = "correction"
RETRACTION = "retraction"

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(COMMITTEE_CONSTITUTED, "committee"),
        Kind(FOCAL_POINT, "committee", paper="committee-day"),
        Kind(COMMITTEE_MEETING, "committee", paper="committee-day"),
        Kind(LETTER, "dialogue", "Letters", "own", ("recipients",)),
        Kind(COMMUNICATION, "dialogue", "Replies", "own", ("sender",)),
        Kind(MEETING, "dialogue", "Meetings", "own", ("with_parties",)),
        Kind(WORKSHOP, "committee", paper="own"),
        Kind(ALLEGATION, "allegation", "Allegations", "own", ("against",)),
        Kind(OBSERVATIONS, "committee", "Observations", "own"),
        Kind(PRIORITIES, "committee"),
        Kind(NOTE, "committee"),
        Kind(PARTY_ADDED, "committee"),
        Kind(SIGNATURE, "register"),
        Kind(INSTRUMENT_DEPOSITED, "register"),
        Kind(WITHDRAWAL_ANNOUNCED, "register"),
        Kind(WITHDRAWAL_RECEIVED, "register"),
        Kind(ARMED_CONFLICT, "register"),
        Kind(ARMED_CONFLICT_ENDED, "register"),
        Kind(ARTICLE7_REPORT, "register", article=7),
        Kind(ARTICLE4_COMPLETED, "register", article=4),
        Kind(ARTICLE5_EXTENSION_REQUESTED, "register", article=5),
        Kind(ARTICLE5_EXTENSION_GRANTED, "register", article=5),
        Kind(ARTICLE5_COMPLETED, "register", article=5),
        Kind(ARTICLE9_MEASURES, "register", article=9),
        Kind(STOCKPILE_DECLARED, "register", article=4),
        Kind(MINED_AREAS_DECLARED, "register", article=5),
        Kind(UNDERTAKING, "register"),
        Kind(UNDERTAKING_MET, "register"),
        Kind(COVERAGE, "register"),  # what the log tracks: names no State
        Kind(ARTICLE3_RETAINED, "register", article=3),
        Kind(ARTICLE82_REQUEST, "register", article=8),
        Kind(ARTICLE82_TRANSMITTED, "register", article=8),
        Kind(ARTICLE82_RECEIVED, "register", article=8),
        Kind(ARTICLE82_RESPONSE, "register", article=8),
        # The public record around the log: a Meeting's decision or finding, a public
        # statement. In a paper when filed in a case, like the register's kinds.
        Kind(DECISION, "register", counterparts=("concerning",)),
        Kind(STATEMENT, "register", counterparts=("by",)),
        Kind(CASE_OPEN, "lifecycle", "Case", "own"),
        Kind(CASE_CLOSE, "lifecycle", "Case", "own"),
        Kind(CASE_REOPEN, "lifecycle", "Case", "own"),
        Kind(CORRECTION, "amendment"),
        Kind(RETRACTION, "amendment"),
    )
}


def counterparts(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Who a record (a row of the views: `kind` and `details`) is with: the parties in its
    kind's counterpart fields, as stored (papers and checks count them)."""
    found: list[Any] = []
    for name in KINDS[record["kind"]].counterparts:
        value = record["details"].get(name)
        found.extend(value if isinstance(value, list) else [value] if value else [])
    return found


def involved(facts: Mapping[str, Any], party_fields: Sequence[str]) -> list[dict[str, Any]]:
    """Every party a record involves, each once, in the order first named, as the JSON form
    of a Party: those its kind's own fields name (`party_fields`, each holding a State's
    code, a party, or a list of either), then the parties it names besides. `facts` is
    the record's JSON form (the event class's `party_fields` and `involved_parties` use
    this too, so the projection, which reads the stored JSON, cannot disagree with it)."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for name in (*party_fields, "parties"):
        value = facts.get(name)
        for item in value if isinstance(value, list) else () if value is None else (value,):
            party = (
                {"kind": "state", "name": item, "count": None, "members": []}
                if isinstance(item, str)
                else item
            )
            seen.setdefault((party["kind"], party["name"]), party)
    return list(seen.values())


def of_family(*families: Family) -> frozenset[str]:
    """The names of the kinds in these families."""
    return frozenset(k.name for k in KINDS.values() if k.family in families)


DIALOGUE = of_family("dialogue")  # letters, communications, meetings
REGISTER = of_family("register")  # the treaty register and obligation records
LIFECYCLE = of_family("lifecycle")  # a case's own records
IN_PAPER = frozenset(k.name for k in KINDS.values() if k.paper)
TIMELINE_ROWS = (
    "Allegations",
    "Letters",
    "Replies",
    "Meetings",
    "Observations",
    "Case",
    "Deadlines",
)


# A kind's name in words, for pages people read ("Article 8(2) request", not
# "article8-2-request"); the rest read as their names with spaces.
_IN_WORDS = {
    CASE_OPEN: "case opened",
    CASE_CLOSE: "case closed",
    CASE_REOPEN: "case reopened",
    ARTICLE3_RETAINED: "Article 3 mines retained",
}


def in_words(name: str) -> str:
    """A kind's name in words: "article5-extension-granted" is "Article 5 extension
    granted", "article8-2-request" "Article 8(2) request"."""
    if name in _IN_WORDS:
        return _IN_WORDS[name]
    if name.startswith("article"):
        article, _, rest = name.removeprefix("article").partition("-")
        paragraph, _, after = rest.partition("-")
        if paragraph.isdigit():
            article, rest = f"{article}({paragraph})", after
        return f"Article {article} {rest.replace('-', ' ')}"
    return name.replace("-", " ")
