"""The treaty register's questions: who is bound (`ccc members`), what each State owes
and by when (`ccc deadlines`), and one State's dossier (`ccc party show`). Standard
library only; the register itself is built in register.py.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import TYPE_CHECKING, Any

from ccc.domain import kinds
from ccc.domain import register as register_module
from ccc.domain.disclosure import RESTRICTED, concealed, hidden
from ccc.domain.status import Replies, days_taken, happened_by
from ccc.projections import replies
from ccc.projections.clocks import records_by_id, records_known
from ccc.projections.codec import dicts
from ccc.projections.trail import Withheld, shape

if TYPE_CHECKING:
    from ccc.domain.shapes import RecordRow


def register_on(connection: sqlite3.Connection, on: date, known_at: str | None = None) -> Any:
    """The register as it stood on `on`, from the register records known at `known_at`
    (membership and obligations: nothing else of the log is read)."""
    records = records_known(connection, known_at=known_at, kinds=sorted(kinds.REGISTER))
    return register_module.Register.build(records, on)


# Deadlines read letters and the communications that may answer them too (reply rows).
DEADLINE_INPUT = sorted(kinds.REGISTER | {kinds.LETTER, kinds.COMMUNICATION})


def _public(rows: list[dict[str, Any]], records: list[RecordRow]) -> list[dict[str, Any]]:
    """Obligation rows fit to publish: no restricted record is named as meeting one or in
    its history (restricted letters are masked where their rows are made)."""
    restricted = {r["short_id"] for r in records if hidden(r, True)}
    for row in rows:
        if row["met_by"] in restricted:
            row["met_by"] = RESTRICTED
        for step in row["history"]:
            if step.get("record") in restricted:
                step["record"] = RESTRICTED
    return rows


def members(connection: sqlite3.Connection, on: date, known_at: str | None) -> dict[str, Any]:
    """The States Parties bound on `on`, and those between deposit and entry into force or
    whose withdrawal is pending."""
    register = register_on(connection, on, known_at)
    standings = {s: m.standing(on) for s, m in register.memberships.items()}
    bound = register.members()
    return {
        "as_of": on.isoformat(),
        "count": len(bound),
        "members": bound,
        "not_yet_in_force": sorted(s for s, v in standings.items() if v.startswith("deposited")),
        "withdrawn": sorted(s for s, v in standings.items() if v == "withdrawn"),
        "signatories": sorted(s for s, v in standings.items() if v == "signatory"),
        "withdrawal_pending": sorted(
            s
            for s, m in register.memberships.items()
            if m.withdrawal_received and standings[s] == "bound"
        ),
        "states": [register.memberships[s].as_dict(on) for s in sorted(register.memberships)],
    }


def deadlines(
    connection: sqlite3.Connection,
    on: date,
    known_at: str | None,
    party: str | None = None,
    overdue: bool = False,
    public: bool = False,
    everything: bool = False,
    derived: bool = False,
    not_tracked: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The obligations with a clock still open on `on` (not certainly met by then), or
    with `everything` those met too; of one State, or of all; and how many obligations
    the log does not track, by Article (left out unless `everything` or `not_tracked`,
    which lists only them). Open ones of all States, now-known, are read from the
    register records and the letters the reply spans say may still wait (`_awaiting`);
    otherwise, or with `derived` (the definition, for tests), from every letter and
    communication."""
    if derived or known_at or party or everything:
        rows = _derived(connection, on, known_at, party, public)
    else:
        register_records = records_known(connection, kinds=sorted(kinds.REGISTER))
        register = register_module.Register.build(register_records, on, public)
        rows = register_module.deadlines(register)  # register records only: no letters
        letters, mail = _awaiting(connection, register)
        rows = sorted(rows + letters, key=lambda row: (row["due"], row["party"], row["article"]))
        if public:
            rows = _public(rows, register_records + mail)
    untracked = count_untracked(rows)
    if not_tracked:
        rows = [row for row in rows if row["status"] == "not_tracked"]
    elif not everything:
        rows = [row for row in rows if not row["met"] and row["status"] != "not_tracked"]
    if overdue:
        rows = [row for row in rows if row["status"] == "overdue"]
    return rows, untracked


def count_untracked(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many of these obligations the log does not track, by Article."""
    untracked: dict[str, int] = {}
    for row in rows:
        if row["status"] == "not_tracked":
            untracked[row["article"]] = untracked.get(row["article"], 0) + 1
    return untracked


def _derived(
    connection: sqlite3.Connection, on: date, known_at: str | None, party: str | None, public: bool
) -> list[dict[str, Any]]:
    if party:  # one State: every record naming it (the party index), nothing else
        records = records_known(connection, known_at=known_at, party=party, kinds=[kinds.COVERAGE])
    else:
        records = records_known(connection, known_at=known_at, kinds=DEADLINE_INPUT)
    register = register_module.Register.build(records, on, public)
    rows = register_module.deadlines(register, party)
    return _public(rows, records) if public else rows


def _awaiting(
    connection: sqlite3.Connection, register: register_module.Register
) -> tuple[list[dict[str, Any]], list[RecordRow]]:
    """The reply rows of the letters that may still await a reply on the register's day
    (one interval query on reply_spans), and the letters and replies they name."""
    on = register.on
    day = on.toordinal()
    spans = dicts(
        connection.execute(
            "SELECT r.* FROM reply_spans s JOIN letter_replies r ON r.span = s.id"
            " WHERE s.first <= ? AND s.last >= ?",
            (day, day),
        )
    )
    wanted = {row[name] for row in spans for name in replies.ANSWERS if row[name]}
    wanted |= {row["letter_id"] for row in spans}
    mail = records_by_id(connection, wanted)
    by_id = {record["id"]: record for record in mail}
    rows = []
    spans.sort(key=lambda r: (by_id[r["letter_id"]]["sort_day"], r["span"]))
    for span in spans:
        letter = by_id[span["letter_id"]]
        if happened_by(letter, on) is False:
            continue
        reply = replies.answer_on(span, by_id, on)
        row = register_module.reply_row(register, letter, span["party"], reply)
        if row is not None:
            rows.append(row)
    return rows, mail


def party_dossier(
    connection: sqlite3.Connection,
    state: str,
    on: date,
    known_at: str | None,
    public: bool = False,
    limit: int = 0,
) -> dict[str, Any]:
    """One State: membership, obligations, Committee seats, cases, correspondence.
    `public`: restricted records are left out altogether (even a count would say that
    they involve this State). `limit`: the letters, communications and meetings, and the
    replies, are the newest `limit` of each, newest first, and `listed_of` says how many
    each holds (only those shown are shaped: a busy State has tens of thousands)."""
    # Every record naming the State: its register records, letters to it, its replies,
    # the Committee's compositions it sat in (read through the party index).
    records = records_known(connection, known_at=known_at, party=state, kinds=[kinds.COVERAGE])
    register = register_module.Register.build(records, on, public)
    membership = register.memberships.get(state)
    secrets = Withheld(connection).read(records) if public else None
    involved = [
        r
        for r in records
        if state in r["parties"]
        and not r["retracted"]
        and happened_by(r, on) is not False
        and not concealed(r, public, secrets)
    ]
    letters = [r for r in involved if r["kind"] == kinds.LETTER]
    answers = Replies(involved)
    answered = [
        (letter, reply)
        for letter in letters
        for reply in [answers.to(letter, state)]
        if reply is not None
    ]
    dialogue = [r for r in involved if r["kind"] in kinds.DIALOGUE]
    listed = {"correspondence": len(dialogue), "replies": len(answered)}
    if limit:
        answered, dialogue = answered[::-1][:limit], dialogue[::-1][:limit]
    replies = [
        {
            "letter": letter["short_id"],
            "sent": letter["occurred"],
            "reply": reply["short_id"],
            "received": reply["occurred"],
            # at least and at most: the same for exact days, a span for a month
            "days": taken[0],
            "days_most": taken[1],
        }
        for letter, reply in answered
        for taken in [days_taken(letter, reply)]
    ]
    cases = sorted(
        {
            ref
            for r in involved
            for ref in (secrets.open_cases(r["cases"]) if secrets else r["cases"])
        }
    )
    found = {
        "state": state,
        "as_of": on.isoformat(),
        "membership": membership.as_dict(on) if membership else None,
        "committee": [
            {
                "period": r["details"].get("period") or r["occurred"],
                "chair": r["details"].get("chair") == state,
                "record": r["short_id"],
            }
            for r in records
            if r["kind"] == kinds.COMMITTEE_CONSTITUTED
            and state in r["details"]["members"]
            and not r["retracted"]
        ],
        "obligations": _public(register_module.deadlines(register, state), records)
        if public
        else register_module.deadlines(register, state),
        "cases": cases,
        "correspondence": [shape(r, public, secrets) for r in dialogue],
        "replies": replies,
    }
    return {**found, "listed_of": listed} if limit else found
