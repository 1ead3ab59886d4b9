"""How tables show records, cases and obligations (JSON shows everything)."""

from __future__ import annotations

from typing import Any

from ccc.commands.output import Column
from ccc.domain.convention import status_in_words
from ccc.domain.dates import count_of_days, shown


def _waited(item: dict[str, Any]) -> str:
    most = item.get("days_most")
    if most is not None and most != item["days"]:
        return f"{item['party']} ({item['days']}\u2013{most} days)"
    return f"{item['party']} ({count_of_days(item['days'])})"


def _awaiting(row: dict[str, Any]) -> str:
    """Whom we wait on: replies (days waited; a range from a letter dated by month) and
    undertakings (the day they are due)."""
    replies = [_waited(a) for a in row["awaiting_reply"]]
    undertakings = [
        f"{u['party']} (undertook, by {shown(u['due'])})" for u in row.get("undertakings", [])
    ]
    return ", ".join(replies + undertakings)


def _board_status(row: dict[str, Any]) -> str:
    """The status, its outcome, and whether a record dated across the day leaves it open."""
    text = str(row["status"]) + (f": {row['outcome']}" if row["outcome"] else "")
    uncertain = row.get("uncertain_records")
    if uncertain:
        text += (
            f" (uncertain: {uncertain} record{'s' if uncertain > 1 else ''} dated across "
            "this day may change it)"
        )
    return text


def _contacts(row: dict[str, Any]) -> str:
    return "; ".join(f"{state}: {shown(day)}" for state, day in row["last_contact"].items())


def _party_name(label: str) -> str:
    """A State's name for a person; another party's label as it is."""
    from ccc.domain.names import state_name

    return state_name(label) if len(label) == 3 and label.isupper() else label


def state_names(codes: list[str]) -> str:
    """States in words for a person ("Cambodia, Thailand"), not codes."""
    from ccc.domain.names import state_name

    return ", ".join(state_name(code) for code in codes)


BOARD_COLUMNS = [
    Column("Reference", lambda r: r["reference"]),
    Column("Title", lambda r: r["title"], wrap=2),
    Column("States", lambda r: r["states"]),
    Column("Articles", lambda r: r["articles"]),
    Column("Status", _board_status, wrap=1),
    Column("On the Committee", lambda r: r["committee_members_concerned"]),
    Column("Last activity", lambda r: shown(r["last_activity"])),
    Column("Last contact", _contacts, wrap=1),
    Column("Awaiting", _awaiting, wrap=1),
    Column("Restricted", lambda r: r["restricted_records"]),
]


def _kind(row: dict[str, Any]) -> str:
    marks = {"corrected": " (corrected)", "retracted": " (retracted)"}
    return str(row["kind"]) + marks.get(row.get("status", ""), "")


def _plain(value: Any) -> str:
    """A corrected value for people: parties by name, lists joined, nothing as (none)."""
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) or "(none)"
    if isinstance(value, dict):
        return str(value.get("name", value))
    return "(none)" if value is None else str(value)


def _summary(row: dict[str, Any]) -> str:
    if row.get("entry") == "correction":
        changed = "; ".join(
            f"{field}: {_plain(change['from'])} -> {_plain(change['to'])}"
            for field, change in row["changes"].items()
            if field not in ("earliest", "latest")
        )
        return f"Corrects {row['target']}: {changed}. Why: {row['reason']}"
    if row.get("entry") == "retraction":
        return f"Retracts {row['target']}. Why: {row['reason']}"
    return str(row["summary"])


RECORD_COLUMNS = [
    Column("Id", lambda r: r["id"]),
    Column(
        "Occurred",
        lambda r: shown(r["occurred"]) + (" (uncertain)" if r.get("uncertain") else ""),
        wrap=1,  # a date in words can be long ("on or before 1 December 2025")
    ),
    Column("Kind", _kind),
    Column("Summary", _summary, wrap=1),
    Column("Parties", lambda r: r["parties"], wrap=1),
    Column("Restricted", lambda r: r["restricted"]),
    Column(
        "Recorded",
        lambda r: f"{r['recorded_at'][:16].replace('T', ' ')} by {r['recorded_by']}",
        wrap=1,
    ),
]
# One line per row on a narrow terminal (output.print_table's `line`): the columns that
# matter most; those with a weight (wrap) are shortened with "…" to fit, the others whole.
BOARD_LINE = [
    Column("Reference", lambda r: r["reference"]),
    Column("States", lambda r: state_names(r["states"]), wrap=1),
    Column("Status", _board_status, wrap=2),
    Column("Awaiting", _awaiting, wrap=2),
    Column("Last activity", lambda r: shown(r["last_activity"])),
]
RECORD_LINE = [
    RECORD_COLUMNS[0],  # Id
    Column("Occurred", RECORD_COLUMNS[1].value),
    RECORD_COLUMNS[2],  # Kind
    Column("Summary", _summary, wrap=1),
]
LOG_COLUMNS = [
    *RECORD_COLUMNS[:5],
    Column("Cases", lambda r: r["cases"], wrap=1),
    *RECORD_COLUMNS[5:],
]


MEMBER_COLUMNS = [
    Column("State", lambda r: r["state"]),
    Column(
        "Standing", lambda r: r["standing"] + (" (deferred)" if r["withdrawal_deferred"] else "")
    ),
    Column("Signed", lambda r: r.get("signed")),
    Column("Instrument", lambda r: r["instrument"]),
    Column("Deposited", lambda r: r["deposited"]),
    Column("In force", lambda r: r["entry_into_force"]),
    Column("Withdrawal received", lambda r: r["withdrawal_received"]),
    Column("Withdrawal effective", lambda r: r["withdrawal_effective"]),
]


def _days(days: int | None, days_range: list[int]) -> str:
    if days is not None:
        return count_of_days(days) if days else ""
    return f"{days_range[0]:,}\u2013{days_range[1]:,} days"


def _out_of_compliance(row: dict[str, Any]) -> str:
    """Total days out of compliance, a range where a date is imprecise, and how many
    periods when more than one."""
    spans = row["out_of_compliance"]
    if not spans["periods"]:
        return ""
    total = _days(spans["days"], spans["days_range"])
    count = len(spans["periods"])
    running = spans["periods"][-1]["until"] is None
    return total + (f" in {count} periods" if count > 1 else "") + (", running" if running else "")


def _status(row: dict[str, Any]) -> str:
    """The status in words ("met late (31 days)"); JSON keeps its code (met_late)."""
    text = status_in_words(row["status"])
    if row["days"]:
        text += f" ({count_of_days(row['days'])})"
    if row["status"] == "uncertain" and row.get("uncertain_because"):
        text += f": {row['uncertain_because']}"
    return text


DEADLINE_COLUMNS = [
    Column("Party", lambda r: r["party"]),
    Column("Article", lambda r: r["article"]),
    Column("Obligation", lambda r: r["obligation"], wrap=2),
    Column("Due", lambda r: shown(r["due"]) + (" (assumed)" if r["assumed"] else "")),
    Column("Status", _status, wrap=1),
    Column("Out of compliance", _out_of_compliance),
    Column("Basis", lambda r: r["basis"] + (f"; {r['flag']}" if r.get("flag") else ""), wrap=2),
    Column("Met by", lambda r: r["met_by"]),
]

DEADLINE_LINE = [
    Column("Party", lambda r: _party_name(r["party"]), wrap=1),
    DEADLINE_COLUMNS[1],  # Article
    Column("Obligation", lambda r: r["obligation"], wrap=1),
    DEADLINE_COLUMNS[3],  # Due
    Column("Status", _status, wrap=2),
]
MEMBER_LINE = [  # State (by name), Standing, Deposited, In force
    Column("State", lambda r: _party_name(r["state"]), wrap=1),
    *(MEMBER_COLUMNS[i] for i in (1, 4, 5)),
]

PERIOD_COLUMNS = [
    Column("Article", lambda r: r["article"]),
    Column("Obligation", lambda r: r["obligation"], wrap=2),
    Column("From", lambda r: r["from"]),
    Column("Until", lambda r: r["until"] or "still running"),  # already in words
    Column("Ended by", lambda r: r["ended_by"] if r["until"] else ""),
    Column(
        "Days",
        lambda r: (
            _days(r["days"], r["days_range"]) + (f" ({r['assumption']})" if r["assumption"] else "")
        ),
        wrap=2,
    ),
]
PERIOD_LINE = [
    PERIOD_COLUMNS[0],  # Article
    Column("Obligation", lambda r: r["obligation"], wrap=1),
    PERIOD_COLUMNS[2],  # From
    PERIOD_COLUMNS[3],  # Until
    Column("Days", lambda r: _days(r["days"], r["days_range"])),
]
