"""The Committee's activities paper, drafted from the log.

Python decides what goes together and in which order; the wording is in Jinja2 templates
(`ccc/reports/templates/`, or a folder given with `--templates`), so the secretariat can change it
without touching code. One paragraph per case (its records, meetings with the same people
in the same form merged into one sentence), one for the Committee's own meeting and what
it decided that day, and one per other activity, in the Committee's usual order (see
`usual_order`) or an outline's. With `public`,
a restricted record is counted, never named: no party, no summary.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain import kinds
from ccc.domain.disclosure import RESTRICTED, Secrets, concealed, restricted_letters
from ccc.reports import words

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow


@dataclass
class Sentence:
    macro: str  # the template macro that words it
    facts: dict[str, Any]
    records: list[str] = field(default_factory=list)  # the short ids behind it (--trace)


def _ids(records: list[RecordRow], public: bool) -> list[str]:
    """The records behind a sentence, by short id; in public, a restricted one is only
    said to be there."""
    return [RESTRICTED if public and r["restricted"] else r["short_id"] for r in records]


@dataclass
class Paragraph:
    first: tuple[str, int]  # when it starts
    last: tuple[str, int]  # its latest record: the paper's order (usual_order)
    sentences: list[Sentence] = field(default_factory=list)
    place: tuple[str, str] = ("", "")  # what it is: ("case", REF), ("committee", ""), (KIND, "")


def outline_order(entries: list[Any], cases: set[str]) -> list[tuple[str, str]]:
    """An outline file's entries (`case: REF`, `kind: KIND`, or `committee`) as places,
    in the order the secretariat chose; one clear sentence for anything else."""
    from ccc.errors import InvalidInput

    places = []
    for number, entry in enumerate(entries, start=1):
        if entry == "committee":
            places.append(("committee", ""))
        elif isinstance(entry, dict) and set(entry) == {"case"}:
            if entry["case"] not in cases:
                raise InvalidInput(
                    f"entry {number} of the outline names the case '{entry['case']}', which "
                    "the period holds no record of; `ccc status` lists the cases."
                )
            places.append(("case", str(entry["case"])))
        elif isinstance(entry, dict) and set(entry) == {"kind"}:
            if entry["kind"] not in kinds.IN_PAPER:
                known = ", ".join(sorted(kinds.IN_PAPER))
                raise InvalidInput(
                    f"entry {number} of the outline names the kind '{entry['kind']}', which "
                    f"has no paragraph of its own; the kinds are: {known}."
                )
            places.append((str(entry["kind"]), ""))
        else:
            raise InvalidInput(
                f"entry {number} of the outline is not `case: REF`, `kind: KIND` or "
                "`committee`; give one of those per line."
            )
    return places


def in_window(record: RecordRow, start: date, end: date) -> bool:
    """Whether a record's dates overlap the window."""
    latest = record["latest"] or record["sort_day"]  # sort_day: earliest, else latest
    return bool(record["sort_day"] <= end.isoformat() and latest >= start.isoformat())


def _when(record: RecordRow) -> str:
    return words.span(record["earliest"], record["latest"], record["occurred"])


def _of(when: str) -> str:
    """A letter's date after "its letter": "of 16 February 2026", "sent on or before ..."."""
    return f"sent {when}" if when.startswith(("on or before", "from")) else f"of {when}"


def _count(values: Sequence[Mapping[str, Any]]) -> int:
    return sum(int(v.get("count") or 1) for v in values)


def _facts(record: RecordRow, public: bool, letters: dict[str, RecordRow]) -> Sentence:
    """The facts a sentence needs: when, the summary and the record's own fields (each
    kind's macro in sentences.j2 words them); for a restricted record in public, only
    counts, so no template can name what is restricted."""
    kind, details = kinds.KINDS[record["kind"]], record["details"]
    when = _when(record)
    answered = letters.get((details.get("in_reply_to") or "").replace("-", ""))
    if public and _worded_restricted(record, letters):
        count = _count(kinds.counterparts(record)) or len(record["parties"]) or 1
        return Sentence(
            "restricted_register" if kind.name in IN_CASE else f"restricted_{kind.macro}",
            {
                "when": when,
                "on": words.on(when),
                "count": count,
                "count_words": words.number(count),
                "articles": words.articles(details.get("articles", [])),
                # Written by, or to, the Committee (the default): said; anyone else: not named.
                "by_committee": not details.get(
                    "sender" if kind.name == kinds.LETTER else "recipients"
                ),
            },
            _ids([record], public),
        )
    if record["as_written"]:  # the Committee's own sentence: printed as the officer wrote it
        return Sentence("as_written", {"text": record["summary"]}, _ids([record], public))
    placed = record["placed"]  # the source's own phrase for when: said instead of the date
    facts: dict[str, Any] = {
        "when": placed or when,
        "on": placed or words.on(when),
        "summary": record["summary"],
        "details": details,
        "reply_to": _of(_when(answered)) if answered else None,
    }
    if kind.name == kinds.WORKSHOP:
        facts.update(_speakers(details))
    if kind.name == kinds.ALLEGATION:
        facts["items"] = [details]
    return Sentence(kind.macro, facts, _ids([record], public))


def _speakers(details: Mapping[str, Any]) -> dict[str, Any]:
    """Who spoke at a workshop, the Committee apart: the Committee does not list itself
    among its own workshop's speakers. `convenors_spoke`: the Committee and every Committee
    that convened it with it spoke ("each of the convening Committees")."""
    from ccc.domain.names import COMMITTEE

    convenors = {COMMITTEE, *(p["name"] for p in details.get("convened_with", []))}
    names = {p["name"] for p in details.get("speakers", [])}
    # "each of the convening Committees" only when every convenor is a Committee (a
    # workshop convened with the ICRC names it among the speakers instead).
    committees = all(name.startswith("Committee ") for name in convenors)
    everyone = len(convenors) > 1 and convenors <= names and committees
    return {
        "committee_spoke": COMMITTEE in names,
        "convenors_spoke": everyone,
        "other_speakers": [
            p
            for p in details.get("speakers", [])
            if p["name"] != COMMITTEE and not (everyone and p["name"] in convenors)
        ],
    }


def _meetings(meetings: list[RecordRow], public: bool) -> list[Sentence]:
    """Meetings with the same people, in the same form, as one sentence with their dates."""
    merged: dict[tuple[Any, ...], list[RecordRow]] = defaultdict(list)
    for meeting in meetings:
        d = meeting["details"]
        hidden = public and meeting["restricted"]
        key = (
            ("restricted",)
            if hidden
            else (
                tuple((p["kind"], p["name"]) for p in d["with_parties"]),
                d.get("represented_by"),
                d.get("format"),
                d.get("margins_of"),
                d.get("venue"),
            )
        )
        merged[key].append(meeting)
    sentences = []
    for key, group in merged.items():
        dates = words.listing([_when(m) for m in group])
        if key == ("restricted",):
            count = sum(_count(m["details"]["with_parties"]) for m in group)
            sentences.append(
                Sentence(
                    "restricted_meeting",
                    {
                        "dates": dates,
                        "meetings": len(group),
                        "count": count,
                        "count_words": words.number(count),
                        "several": len(group) > 1,
                    },
                    _ids(group, public),
                )
            )
            continue
        d = group[0]["details"]
        names = words.parties(d["with_parties"])
        counterpart = names
        represented = d.get("represented_by")
        if represented:  # "the Permanent Representative of Ukraine ..."
            counterpart = f"the {represented}"
            if not all(words.party(p) in represented for p in d["with_parties"]):
                counterpart += f" ({names})"
        sentences.append(
            Sentence(
                "meeting",
                {
                    "with": counterpart,
                    "format": d.get("format"),
                    "margins_of": d.get("margins_of"),
                    "venue": d.get("venue"),
                    "dates": dates,
                    "several": len(group) > 1,
                    "separately": False,
                },
                _ids(group, public),
            )
        )
    return _separately(sentences)


def _separately(sentences: list[Sentence]) -> list[Sentence]:
    """Meetings held with different counterparts in the same form on the same days are one
    sentence that says they were separate ("held separate meetings with A and B on ...")."""
    same: dict[tuple[Any, ...], list[Sentence]] = defaultdict(list)
    for sentence in sentences:
        f = sentence.facts
        key = (
            (id(sentence),)
            if sentence.macro != "meeting"
            else (f["format"], f["margins_of"], f["venue"], f["dates"])
        )
        same[key].append(sentence)
    merged = []
    for group in same.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        facts = {
            **group[0].facts,
            "with": words.listing([s.facts["with"] for s in group]),
            "several": True,
            "separately": True,
        }
        merged.append(Sentence("meeting", facts, [i for s in group for i in s.records]))
    return merged


def _continued(opening: RecordRow, public: bool) -> Sentence:
    """The first sentence of a case carried over from before the period: in one clause,
    with whom and on what (the case's title, after its "State:" lead, as recorded)."""
    details = opening["details"]
    if public and opening["restricted"]:
        count = len(opening["parties"]) or 1
        return Sentence(
            "restricted_case_continued",
            {"count": count, "count_words": words.number(count)},
            _ids([opening], public),
        )
    title = str(details.get("title") or "")
    matter = title.split(": ", 1)[1] if ": " in title else title
    return Sentence(
        "case_continued",
        {
            "with": [{"kind": "state", "name": code} for code in details.get("states", [])],
            "matter": matter,
            "articles": words.articles(details.get("articles", [])),
            "opened": words.on(_when(opening)),
        },
        _ids([opening], public),
    )


def _paragraph(
    key: tuple[str, str],
    records: list[RecordRow],
    public: bool,
    letters: dict[str, RecordRow],
    opening: RecordRow | None = None,
    also: Mapping[str, list[RecordRow]] | None = None,
) -> Paragraph:
    records = sorted(records, key=lambda r: (r["kind"] != kinds.CASE_OPEN, *_in_order(r)))
    first = min(_in_order(r) for r in records)
    last = max(_in_order(r) for r in records)
    # What the paragraph is, as an outline names it: a case, the Committee's day, a kind.
    place = {"case": key, "committee": ("committee", "")}.get(key[0], (records[0]["kind"], ""))
    paragraph = Paragraph(first, last, place=place)
    meetings = [r for r in records if r["kind"] == kinds.MEETING and not r["as_written"]]
    if opening is not None and records[0]["kind"] != kinds.CASE_OPEN:
        paragraph.sentences.append(_continued(opening, public))
    placed = False
    for record in records:
        if record["kind"] == kinds.MEETING and not record["as_written"]:
            if not placed:  # all the paragraph's meetings, where the first one falls
                paragraph.sentences.extend(_meetings(meetings, public))
                placed = True
            continue
        sentence = _facts(record, public, letters)
        sentence.records.extend(_ids((also or {}).get(record["id"], []), public))
        if not _said_together(paragraph.sentences[-1:], sentence):
            paragraph.sentences.append(sentence)
    if public:
        hidden = [r for r in records if _worded_restricted(r, letters)]
        if opening is not None and opening["restricted"]:
            hidden.append(opening)
        total = _restricted_states(hidden)
        for sentence in paragraph.sentences:
            if sentence.macro.startswith("restricted_"):
                sentence.facts.update(total=total, total_words=words.number(total or 0))
    return paragraph


def _in_order(record: RecordRow) -> tuple[str, int]:
    """Where a record falls in its paragraph: by its day, and a record known only to a
    year or a month (its first day is not when it happened) after the records of that
    period's days; then in the order recorded."""
    earliest, latest = record["earliest"], record["latest"]
    precise = earliest is None or latest is None or earliest == latest
    return (record["sort_day"] if precise else str(latest), record["position"])


def _restricted_states(hidden: Any) -> int | None:
    """How many States the paragraph's restricted records involve in all, so that each
    sentence's count agrees with the others ("one of the two States Parties"); None when
    a group's members are not named (the total is then unknown)."""
    names: set[str] = set()
    for record in hidden:
        named = kinds.counterparts(record)
        if any(p["kind"] != "state" or p.get("count") for p in named):
            return None
        names.update(p["name"] for p in named)
        names.update(record["parties"])
    return len(names) or None


def _said_together(before: list[Sentence], sentence: Sentence) -> bool:
    """Allegations with the same date and the same source, one after the other, are one
    sentence ("allegations concerning the use ... and the transfer ..."): the earlier
    sentence takes the later one's fields and records."""
    if not before or sentence.macro != "allegation" or before[0].macro != "allegation":
        return False
    earlier = before[0]
    if (earlier.facts["when"], earlier.facts["details"].get("by")) != (
        sentence.facts["when"],
        sentence.facts["details"].get("by"),
    ):
        return False
    earlier.facts["items"].extend(sentence.facts["items"])
    earlier.records.extend(sentence.records)
    return True


# The treaty register's kinds are in a paper when filed in a case (an Article 5 request, an
# undertaking): the case's story. Loaded from the depositary, they are the register's.
IN_CASE = kinds.REGISTER - {kinds.COVERAGE}

# Kinds whose summary a paper prints as it is (the others are worded from their fields).
PRINTS_SUMMARY = frozenset({kinds.COMMITTEE_MEETING, kinds.CASE_OPEN})


def _worded_restricted(record: RecordRow, letters: dict[str, RecordRow]) -> bool:
    """Whether a public paper words the record as restricted: public.concealed's rule (it
    is restricted, or it answers a restricted letter), with the letter looked up here."""
    answered = letters.get((record["details"].get("in_reply_to") or "").replace("-", ""))
    return concealed(
        record, True, Secrets(letters=restricted_letters([answered] if answered else []))
    )


def _refuse_revealing_summaries(
    chosen: list[RecordRow],
    letters: dict[str, RecordRow],
    carried: Sequence[RecordRow] = (),
    elsewhere: Collection[str] = (),
) -> None:
    """In public, a printed summary (or the title of a case carried over, `carried`, which
    its paragraph's first sentence quotes) must not name a party that only restricted
    records involve: the paper is refused with the record and a correction to make."""
    from ccc.domain.names import state_spellings
    from ccc.errors import InvalidInput

    hidden = {r["id"] for r in chosen if _worded_restricted(r, letters)}
    open_parties = {p for r in chosen if r["id"] not in hidden for p in r["parties"]}
    secret = {p for r in chosen if r["id"] in hidden for p in r["parties"]} - open_parties
    secret |= set(elsewhere)  # parties only restricted records involve, in the whole log
    printed = [
        (record, "summary", record["summary"])
        for record in chosen
        if not record["restricted"] and (record["kind"] in PRINTS_SUMMARY or record["as_written"])
    ] + [(r, "title", str(r["details"].get("title") or "")) for r in carried if not r["restricted"]]
    for record, field_name, text in printed:
        for code in sorted(secret):
            names = {code, *state_spellings(code)}
            if any(re.search(rf"\b{re.escape(name)}\b", text) for name in names):
                raise InvalidInput(
                    f"the {field_name} of {record['short_id']} names {words.state(code)}, whom "
                    "only restricted records involve, so the public paper would reveal it; "
                    f"correct it first: `ccc correct {record['short_id']} --set "
                    f"{field_name}=... --reason ...`."
                )


def draft(
    records: list[RecordRow],
    start: date,
    end: date,
    *,
    public: bool,
    outline: list[Any] | None = None,
    openings: Sequence[RecordRow] = (),
    constituted: Sequence[RecordRow] = (),
    secret_parties: Collection[str] = (),
    period: str | None = None,
) -> dict[str, Any]:
    """The template context: the period, the Committee's composition (the latest
    constituted by the period's end, of `constituted`), the paragraphs (in the Committee's
    usual order, see `usual_order`; with an `outline`, the places it names first, in its
    order). `openings`: the case-open records of the cases in the period, so that a case
    carried over says what it is about; `secret_parties`: the parties that only restricted
    records of the log involve (disclosure.Secrets), which a public paper never names."""
    letters = {r["id"]: r for r in records if r["kind"] == kinds.LETTER}
    opened = {r["details"]["reference"]: r for r in openings if not r["retracted"]}
    # A record of a kind papers do not word (a note, say) is in the paper when the officer
    # wrote its summary as the Committee's sentence; in public, not if it is restricted
    # (its sentence is all there is to say of it).
    chosen = [
        r
        for r in records
        if (
            r["kind"] in kinds.IN_PAPER
            or (r["kind"] in IN_CASE and bool(r["cases"]))
            or (r["as_written"] and not (public and _worded_restricted(r, letters)))
        )
        and not r["retracted"]
        and in_window(r, start, end)
    ]
    # A record another's sentence says too (`said_in`) is not said again: the records
    # behind that sentence include it.
    in_paper = {r["id"] for r in chosen}
    also: dict[str, list[RecordRow]] = defaultdict(list)
    for record in chosen:
        if record["said_in"] in in_paper and record["said_in"] != record["id"]:
            also[record["said_in"]].append(record)
    told = {r["id"] for rs in also.values() for r in rs}
    chosen = [r for r in chosen if r["id"] not in told]
    groups: dict[tuple[str, str], list[RecordRow]] = defaultdict(list)
    for record in chosen:
        if record["cases"]:  # a record on several cases is said in each case's paragraph
            for reference in dict.fromkeys(record["cases"]):
                groups[("case", reference)].append(record)
        elif kinds.KINDS[record["kind"]].paper == "committee-day":
            groups[("committee", "")].append(record)  # the Committee's own work: one paragraph
        else:
            groups[("record", record["id"])].append(record)
    if public:  # the openings of cases carried over: their titles are quoted
        carried = [
            opened[ref]
            for kind, ref in groups
            if kind == "case"
            and ref in opened
            and not any(r["kind"] == kinds.CASE_OPEN for r in groups[(kind, ref)])
        ]
        _refuse_revealing_summaries(chosen, letters, carried, secret_parties)
    paragraphs = usual_order(
        [
            _paragraph(
                key,
                group,
                public,
                letters,
                opened.get(key[1]) if key[0] == "case" else None,
                also,
            )
            for key, group in groups.items()
        ]
    )
    if outline is not None:
        cases = {key[1] for key in groups if key[0] == "case"}
        places = outline_order(outline, cases)
        rank: dict[tuple[str, str], int] = {}
        for index, place in enumerate(places):
            rank.setdefault(place, index)  # a place named twice keeps its first rank
        # the places the outline names first; the rest keep the usual order (a stable sort)
        paragraphs.sort(key=lambda p: rank.get(p.place, len(places)))
    composition = _constituted_for(
        [r for r in [*constituted, *records] if r["kind"] == kinds.COMMITTEE_CONSTITUTED],
        start,
        end,
        period,
    )
    priorities = [
        {**item, "record": r["short_id"]}
        for r in records
        if r["kind"] == kinds.PRIORITIES
        and not r["retracted"]
        and in_window(r, start, end)
        and not (public and r["restricted"])
        for item in r["details"]["items"]
    ]
    office = composition[-1]["details"].get("period") if composition else None
    years = office.replace("/", "-") if office else f"{start.year}-{start.year + 1}"
    return {
        "start": words.day(start),
        "end": words.day(end),
        "composition": _composition(composition[-1]) if composition else None,
        "paragraphs": paragraphs,
        # Part II, from the priorities recorded in the period, numbered after Part I.
        "priorities": priorities,
        "title": (
            f"Activities and Priorities for Implementation {years}"
            if priorities
            else "Activities of the Committee on Cooperative Compliance"
        ),
        "public": public,
        # Abbreviations spelled out at first use, sentence by sentence as the paper is written.
        "spell": words.Abbreviations().spell,
    }


def usual_order(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The Committee's order: its own work (its meetings and decisions) first, then each
    paragraph where its latest record falls, as the Committee's 2025 paper runs: the
    Ukraine paragraph, whose meetings ran from 18 February to 18 June, stands after the
    letters of March and the Article 9 letters of 4 June and before the observations of
    17-20 June (ordered by first records it would come second). An outline file fixes any
    other order."""
    return sorted(paragraphs, key=lambda p: (p.place[0] != "committee", p.last, p.first))


def _constituted_for(
    records: list[RecordRow], start: date, end: date, period: str | None
) -> list[RecordRow]:
    """The composition the paper names, last: the one recorded for `period` (as its record
    gives it, "2025/2026"; "2025-2026" is the same), else the one whose period of office
    holds the paper's first day, else the latest constituted by the paper's last day. A
    composition constituted in November for the next year does not head this year's."""
    from ccc.domain.dates import parse_occurred
    from ccc.errors import InvalidInput

    standing = sorted(
        (r for r in records if not r["retracted"]),
        key=lambda r: (r["sort_day"], r["position"]),
    )
    if period is not None:
        wanted = period.strip().replace("-", "/")
        chosen = [r for r in standing if r["details"].get("period") == wanted]
        if not chosen:
            known = ", ".join(sorted({str(r["details"].get("period")) for r in standing}))
            raise InvalidInput(
                f"no composition of the Committee is recorded for the period '{period}'; "
                f"the log holds: {known or 'none'} (`ccc log --kind committee-constituted`)."
            )
        return chosen
    holding = []
    for record in standing:
        given = record["details"].get("period")
        if not given:
            continue
        office = parse_occurred(given)
        first = office.earliest or date.min
        last = office.latest or date.max
        if first <= start <= last:
            holding.append(record)
    return holding or [r for r in standing if r["sort_day"] <= end.isoformat()]


def _composition(record: RecordRow) -> str:
    """The members by name, the Chair marked; when their names are not recorded, how
    many they are ("five States Parties")."""
    details = record["details"]
    names = []
    for code in details["members"]:
        name = words.party({"kind": "state", "name": code})
        names.append(f"{name} (Chair)" if code == details.get("chair") else name)
    if names:  # in alphabetical order of the names, "the" aside (the Sudan after Poland)
        return ", ".join(sorted(names, key=lambda name: name.removeprefix("the ")))
    count = int(details.get("member_count") or 0)
    chaired_by = details.get("chair")
    chair = f"{words.state(chaired_by)} (Chair) and " if chaired_by else ""
    others = count - 1 if chair else count
    return f"{chair}{words.number(others)} {'States Parties' if others != 1 else 'State Party'}"
