"""A case's dossier: what the case is, where it stands, every record, every letter with
its reply and the days it took, and the timeline."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from ccc.domain import kinds
from ccc.domain.dates import in_words
from ccc.domain.disclosure import RESTRICTED, concealed
from ccc.domain.status import Replies, days_taken
from ccc.projections.board import board
from ccc.projections.clocks import records_known
from ccc.projections.trail import Withheld
from ccc.projections.trail import history as trail
from ccc.reports import svg_timeline, words


def dossier(connection: Any, reference: str, on: date, public: bool = False) -> dict[str, Any]:
    """The template context of `ccc report case`; `public`: restricted records counted,
    never named (a restricted case is a dossier of counts)."""
    [row] = board(connection, today=on, reference=reference, public=public)
    records = records_known(connection, reference=reference)
    secrets = Withheld(connection).read(records) if public else None
    standing = [r for r in records if not r["retracted"]]
    answers = Replies(standing)
    letters = []
    waits = []
    for letter in (r for r in standing if r["kind"] == kinds.LETTER):
        for recipient in letter["details"]["recipients"]:
            if recipient["kind"] == "group":
                continue
            reply = answers.to(letter, recipient["name"])
            sent = letter["latest"] or letter["sort_day"]
            until = reply["sort_day"] if reply else None
            requested = letter["details"].get("reply_requested_by")
            taken = (
                days_taken(letter, reply) if reply else ((on - date.fromisoformat(sent)).days,) * 2
            )
            # Late: the reply came, or is still awaited, after the day it was requested by.
            late = (
                (date.fromisoformat(until or on.isoformat()) - date.fromisoformat(requested)).days
                if requested
                else 0
            )
            entry = {
                "letter": letter["short_id"],
                "to": words.party(recipient),
                "sent": words.span(letter["earliest"], letter["latest"], letter["occurred"]),
                "subject": letter["details"]["subject"],
                "reply_requested_by": words.day(date.fromisoformat(requested))
                if requested
                else None,
                "reply": reply["short_id"] if reply else None,
                "received": words.span(reply["earliest"], reply["latest"], reply["occurred"])
                if reply
                else None,
                # at least and at most (a date known to the month is a span)
                "days": taken[0],
                "days_most": taken[1],
                "late": max(late, 0),
                "awaiting": reply is None and letter["details"].get("reply_expected", True),
            }
            if concealed(letter, public, secrets):  # counted, never named, nor its reply
                entry.update(to=RESTRICTED, subject=RESTRICTED)
                entry["reply"] = RESTRICTED if reply is not None else None
            elif reply is not None and concealed(reply, public, secrets):
                entry["reply"] = RESTRICTED
            letters.append(entry)
            waits.append({"since": sent, "until": until, "party": recipient["name"]})
    history = trail(connection, reference, public=public)
    for step in history:
        step["when"] = words.span(step["earliest"], step["latest"], step["occurred"])
        step["recorded_on"] = words.day(date.fromisoformat(step["recorded_at"][:10]))
    picture = svg_timeline.draw(records, waits, on)
    return {
        "case": row,
        "states": words.parties([{"kind": "state", "name": s} for s in row["states"]]),
        "articles": words.articles(row["articles"]),
        "summary": next(
            (
                RESTRICTED if concealed(r, public, secrets) else r["summary"]
                for r in records
                if r["kind"] == kinds.CASE_OPEN
            ),
            "",
        ),
        "history": history,
        "last_activity": in_words(row["last_activity"]) if row.get("last_activity") else None,
        "members": words.listing(
            [words.state(code) for code in row.get("committee_members_concerned") or []]
        ),
        # A State by name; a group or an organisation as it is (state() leaves them be).
        "awaiting": [{**a, "name": words.state(a["party"])} for a in row["awaiting_reply"]],
        "letters": letters,
        "svg": picture.decode("utf-8"),
        "svg_data_uri": "data:image/svg+xml;base64," + base64.b64encode(picture).decode(),
        "on": words.day(on),
        "waits": waits,
        # fit to publish: who recorded each record (officers' login names) is the
        # secretariat's, as on the public site
        "public": public,
    }
