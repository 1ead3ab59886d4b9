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
from ccc.domain.register import MET, by_due
from ccc.domain.status import Replies, days_taken, happened_by, recipients
from ccc.projections import replies
from ccc.projections.clocks import as_they_stood, records_by_id, records_known
from ccc.projections.codec import RECORD_COLUMNS, dicts, in_order
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
        rows = sorted(rows + letters, key=register_module.by_due)
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
    by_id = replies.records_of(connection, spans)
    mail = list(by_id.values())
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
    they involve this State). `limit`: each list is cut to `limit` rows (obligations not
    yet met first, the earliest due first, then those met, the latest due first; letters,
    communications and meetings, and the replies, newest first), `listed_of` says how many
    each holds and `not_tracked` how many obligations the log does not track, by Article.

    Now-known and not public, a page reads only what it shows, and counts the rest in
    SQL (`_page`): a busy State has tens of thousands of records. Otherwise every record
    naming the State is read (`_whole`)."""
    if limit and known_at is None and not public:
        return _page(connection, state, on, limit)
    found = _whole(connection, state, on, known_at, public, limit)
    if not limit:
        return found
    duties = found["obligations"]
    tracked = [row for row in duties if row["status"] != "not_tracked"]
    unmet = [row for row in tracked if row["status"] not in MET]
    met = [row for row in reversed(tracked) if row["status"] in MET]
    return {
        **found,
        "obligations": [*unmet, *met][:limit],
        "listed_of": {"obligations": len(tracked), **found["listed_of"]},
        "not_tracked": count_untracked(duties),
    }


def _whole(
    connection: sqlite3.Connection,
    state: str,
    on: date,
    known_at: str | None,
    public: bool,
    limit: int,
) -> dict[str, Any]:
    """The dossier from every record naming the State (the letters, communications and
    meetings, and the replies, cut to the newest `limit` of each before they are shaped)."""
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
    # The State's replies: to the letters addressed to it.
    letters = [r for r in involved if r["kind"] == kinds.LETTER and state in recipients(r)]
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
    cases = sorted(
        {
            ref
            for r in involved
            for ref in (secrets.open_cases(r["cases"]) if secrets else r["cases"])
        }
    )
    duties = register_module.deadlines(register, state)
    found = {
        **_about(state, on, membership, records),
        "obligations": _public(duties, records) if public else duties,
        "cases": cases,
        "correspondence": [shape(r, public, secrets) for r in dialogue],
        "replies": [_reply(letter, reply) for letter, reply in answered],
    }
    return {**found, "listed_of": listed} if limit else found


def _about(state: str, on: date, membership: Any, records: list[RecordRow]) -> dict[str, Any]:
    """The State, the day, its membership and its seats on the Committee."""
    return {
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
    }


def _reply(letter: RecordRow, reply: RecordRow) -> dict[str, Any]:
    taken = days_taken(letter, reply)
    return {
        "letter": letter["short_id"],
        "sent": letter["occurred"],
        "reply": reply["short_id"],
        "received": reply["occurred"],
        # at least and at most: the same for exact days, a span for a month
        "days": taken[0],
        "days_most": taken[1],
    }


# What a page of the dossier reads of the State's records: the register's, and the
# Committee's compositions (the rest is counted and paged from the link tables).
_OWN = sorted(kinds.REGISTER | {kinds.COMMITTEE_CONSTITUTED})
# The standing records naming a party that may have happened by a day, from its link rows.
_LINKED = "party = ? AND retracted = 0 AND (earliest IS NULL OR earliest <= ?)"


def _page(connection: sqlite3.Connection, state: str, on: date, limit: int) -> dict[str, Any]:
    """`party_dossier` a page at a time, now-known and not public: the same answer as the
    whole cut to `limit` (tests/projections/test_dossier_page.py), from the State's
    register records, the link tables' counts, the reply rows (replies.py) and the
    records each list shows."""
    day, ordinal = on.isoformat(), on.toordinal()
    marks = ", ".join("?" * len(_OWN))
    rows = dicts(
        connection.execute(
            f"SELECT {RECORD_COLUMNS} FROM records WHERE kind = ? OR id IN"
            " (SELECT record_id FROM record_parties"
            f" WHERE party = ? AND kind IN ({marks}))",
            [kinds.COVERAGE, state, *_OWN],
        )
    )
    records = sorted(as_they_stood(connection, rows, None), key=in_order)
    register = register_module.Register.build(records, on)
    treaty = register_module.obligations(register, state)

    # Reply deadlines. Those whose answer is certain by the day stand as the reply row
    # says (`settles`): the uncertain ones, the earliest due first, and those met, the
    # latest due first, each from the index. The others (one interval query) are worked
    # out on the day.
    tracked = [row for row in treaty if row["status"] != "not_tracked"]
    candidates = [(row, 0, (index, 0)) for index, row in enumerate(tracked)]
    reply_rows = dicts(
        connection.execute(
            "SELECT r.* FROM reply_spans s JOIN letter_replies r ON r.span = s.id"
            " WHERE s.first <= ? AND s.last >= ? AND r.party = ?",
            (ordinal, ordinal, state),
        )
    )
    for settles, order in (("uncertain", "ASC"), ("met_on_time", "DESC"), ("met_late", "DESC")):
        reply_rows += dicts(
            connection.execute(
                "SELECT * FROM letter_replies WHERE party = ? AND settles = ? AND first <= ?"
                f" AND last < ? ORDER BY due {order}, letter_day {order}, span {order} LIMIT ?",
                (state, settles, ordinal, ordinal, limit),
            )
        )
    candidates += [
        (row, 1, (span["letter_day"], span["span"]))
        for span, row in _reply_rows(connection, register, state, reply_rows)
    ]
    unmet = sorted(
        (c for c in candidates if c[0]["status"] not in MET), key=lambda c: (by_due(c[0]), c[1:])
    )
    met = sorted(
        (c for c in candidates if c[0]["status"] in MET),
        key=lambda c: (by_due(c[0]), c[1:]),
        reverse=True,
    )
    due_replies = connection.execute(
        "SELECT count(*) FROM letter_replies WHERE party = ? AND settles IS NOT NULL"
        " AND first <= ?",
        (state, ordinal),
    ).fetchone()[0]

    # The State's replies, newest letter first, and how many.
    answered = dicts(
        connection.execute(
            "SELECT * FROM letter_replies WHERE party = ? AND answer_first <= ? AND first <= ?"
            " ORDER BY letter_day DESC, span DESC LIMIT ?",
            (state, ordinal, ordinal, limit),
        )
    )
    by_id = replies.records_of(connection, answered)
    replies_listed = connection.execute(
        "SELECT count(*) FROM letter_replies WHERE party = ? AND answer_first <= ? AND first <= ?",
        (state, ordinal, ordinal),
    ).fetchone()[0]

    # Letters, communications and meetings, newest first, and how many; the cases.
    dialogue = sorted(kinds.DIALOGUE)
    marks = ", ".join("?" * len(dialogue))
    newest = [
        row[0]
        for row in connection.execute(
            f"SELECT record_id FROM record_parties WHERE {_LINKED} AND kind IN ({marks})"
            " ORDER BY sort_day DESC, position DESC LIMIT ?",
            (state, day, *dialogue, limit),
        )
    ]
    shown = sorted(records_by_id(connection, newest), key=in_order, reverse=True)
    cases = [
        row[0]
        for row in connection.execute(
            f"SELECT DISTINCT case_ref FROM party_cases WHERE {_LINKED} ORDER BY case_ref",
            (state, day),
        )
    ]
    count = connection.execute(
        f"SELECT count(*) FROM record_parties WHERE {_LINKED} AND kind IN ({marks})",
        (state, day, *dialogue),
    ).fetchone()[0]
    return {
        **_about(state, on, register.memberships.get(state), records),
        "obligations": [c[0] for c in [*unmet, *met][:limit]],
        "cases": cases,
        "correspondence": [shape(r, False) for r in shown],
        "replies": [
            _reply(by_id[row["letter_id"]], answer)
            for row in answered
            for answer in [replies.answer_on(row, by_id, on)]
            if answer is not None
        ],
        "listed_of": {
            "obligations": len(tracked) + due_replies,
            "correspondence": count,
            "replies": replies_listed,
        },
        "not_tracked": count_untracked(treaty),
    }


def _reply_rows(
    connection: sqlite3.Connection,
    register: register_module.Register,
    state: str,
    rows: list[dict[str, Any]],
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each reply row with the deadline row it gives on the register's day."""
    by_id = replies.records_of(connection, rows)
    found = []
    for row in rows:
        reply = replies.answer_on(row, by_id, register.on)
        made = register_module.reply_row(register, by_id[row["letter_id"]], state, reply, state)
        if made is not None:
            found.append((row, made))
    return found
