"""Queries read the views: status, case show, history and log, as tables, JSON and CSV."""

import csv
import io

import pytest

from tests.conftest import signed
from tests.terminal import at_terminal

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def test_status_as_of_a_day_shows_only_what_had_happened_by_then(seeded):
    before = {row["reference"]: row for row in seeded.json("status", "--as-of", "2025-07-21")}
    # The Cambodia-Thailand case is dated "2025-07": on 21 July it may or may not exist yet.
    ct = before["cambodia-thailand-2025"]
    assert ct["records"] == 2  # the two meetings of 20 July
    assert ct["uncertain_records"] == 1  # the opening, dated to the month
    assert ct["last_activity"] == "2025-07-20"
    early = {row["reference"] for row in seeded.json("status", "--as-of", "2025-01-31")}
    assert "cambodia-thailand-2025" not in early


def test_awaiting_reply_counts_days_to_the_as_of_day(seeded):
    seeded.ok(
        "record",
        "letter",
        "--to",
        "Cambodia",
        "--subject",
        "Information requested",
        "--case",
        "cambodia-thailand-2025",
        "--occurred",
        "2025-09-01",
        "--summary",
        "Asked Cambodia.",
        "--reply-requested-by",
        "2025-10-01",
    )
    rows = {r["reference"]: r for r in seeded.json("status", "--as-of", "2025-09-30")}
    [waiting] = rows["cambodia-thailand-2025"]["awaiting_reply"]
    assert (waiting["party"], waiting["since"], waiting["days"]) == ("KHM", "2025-09-01", 29)
    assert rows["cambodia-thailand-2025"]["status"] == "awaiting reply"
    assert rows["cambodia-thailand-2025"]["next_deadline"] == "2025-10-01"


def test_history_lists_records_in_order_of_occurrence_with_both_dates(seeded):
    rows = seeded.json("history", "cambodia-thailand-2025")
    days = [row["sort_day"] for row in rows]
    assert days == sorted(days)
    assert all(row["recorded_at"] and row["recorded_by"] == signed("tester") for row in rows)


def test_public_history_counts_restricted_records_without_naming_them(restricted_seed):
    seeded = restricted_seed
    full = seeded.json("history", "article9-2025")
    public = seeded.json("history", "article9-2025", "--public")
    assert len(public) == len(full) == 6
    hidden = [row for row in public if row["restricted"]]
    assert len(hidden) == 2
    assert all(row["summary"] == "[restricted]" and row["parties"] == [] for row in hidden)


def test_log_filters_by_kind_party_case_and_day(seeded):
    meetings = seeded.json("log", "--kind", "meeting", "--since", "2025-07-01")
    assert [m["occurred"] for m in meetings] == ["2025-08-22"] * 2 + ["2025-07-20"] * 2
    by_name = seeded.json("log", "--party", "Kingdom of Thailand")
    assert by_name and all("THA" in row["parties"] for row in by_name)
    hrw = seeded.json("log", "--party", "Human Rights Watch", "--case", "ukraine-art1-2025")
    assert [row["occurred"] for row in hrw] == ["2025-06-18"]
    assert len(seeded.json("log", "--limit", "3")) == 3


def test_csv_has_a_header_and_one_line_per_row(seeded):
    rows = list(csv.DictReader(io.StringIO(seeded.ok("status", "--csv"))))
    assert [row["Reference"] for row in rows] == [
        "article9-2025",
        "cambodia-thailand-2025",
        "ukraine-art1-2025",
    ]
    assert rows[1]["States"] == "KHM, THA"


def test_tables_name_the_cases(seeded):
    table = seeded.ok("status")
    assert "ukraine-art1-2025" in table and "in dialogue" in table
    assert "Separate meeting" in seeded.ok("history", "cambodia-thailand-2025")


def test_case_show_gives_the_board_row_and_counts_by_kind(seeded):
    detail = seeded.json("case", "show", "Ukraine-Art1-2025")
    assert detail["reference"] == "ukraine-art1-2025"
    assert detail["records_by_kind"] == {"case-open": 1, "allegation": 2, "meeting": 4}
    assert detail["opened"] == "../2025-02-18"
    piped = seeded.ok("case", "show", "ukraine-art1-2025")
    assert "Records\tcase-open 1, allegation 2, meeting 4" in piped.splitlines()
    assert "Outcome" not in piped  # empty fields are left out
    _, screen = at_terminal("case", "show", "ukraine-art1-2025", columns=80)
    assert "Opened:        on or before 18 February 2025" in screen
    assert max(len(line) for line in screen.splitlines()) <= 80


def test_info_says_which_store_and_how_big(seeded, store):
    details = seeded.json("info")
    assert details["store"] == str(store)
    assert details["records"] == 25 and details["cases"] == 3


def test_a_store_without_cases_has_an_empty_board(ccc):
    ccc.ok("record", "note", "--occurred", "2025-01-01", "--summary", "First.")
    assert ccc.json("status") == []
    piped = ccc("status")  # piped: nothing on stdout for a script to parse, a note on stderr
    assert piped.exit_code == 0 and piped.stdout == "" and "No cases yet." in piped.stderr
    assert "No cases yet." in at_terminal("status", columns=120)[1]  # a person at a terminal
    assert [row["summary"] for row in ccc.json("log")] == ["First."]


def test_tables_show_brackets_as_typed_and_fit_a_narrow_terminal(seeded):
    seeded.ok("record", "note", "--occurred", "2025-01-02", "--summary", "[draft] A note.")
    assert "[draft] A note." in seeded.ok("log", "--kind", "note")
    code, narrow = at_terminal("status", columns=80)
    assert code == 0 and max(len(line) for line in narrow.splitlines()) <= 80
    assert "ukraine-art1-2025" in narrow and "Cambodia" in narrow  # States in words
    code, case = at_terminal("case", "show", "ukraine-art1-2025", columns=80)
    assert "Ukraine: alleged use of anti-personnel mines" in " ".join(case.split())


def test_log_of_a_case_follows_a_corrected_date(seeded):
    first = seeded.ok(
        "record", "note", "--case", "ukraine-art1-2025", "--occurred", "2025-01-02",
        "--summary", "First.",
    ).strip()  # fmt: skip
    seeded.ok("record", "note", "--case", "ukraine-art1-2025", "--occurred", "2025-01-03",
              "--summary", "Second.")  # fmt: skip
    seeded.ok("status")  # the views hold both before the correction moves one
    seeded.ok("correct", first, "--set", "occurred=2025-12-01", "--reason", "It was later.")
    for filters in (["--case", "ukraine-art1-2025"], ["--kind", "note"], []):
        notes = [r["summary"] for r in seeded.json("log", *filters) if r["kind"] == "note"]
        assert notes == ["First.", "Second."], filters


def test_piped_tables_are_tab_separated_without_box_drawing(seeded):
    """Issue 10, item 8: piped, a table is a heading line and one line per row, cells
    separated by tabs, for cut, sort and grep; no box drawing, no title, nothing cut."""
    lines = seeded.ok("status").splitlines()
    headings = lines[0].split("\t")
    assert headings[:3] == ["Reference", "Title", "States"]
    assert not any(set(line) & set("┃│━─┏└") for line in lines)
    rows = [dict(zip(headings, line.split("\t"), strict=True)) for line in lines[1:]]
    board = seeded.json("status")
    assert [r["Reference"] for r in rows] == [c["reference"] for c in board]
    assert [r["Title"] for r in rows] == [c["title"] for c in board]  # whole, on one line
    # A command with several tables separates them with a blank line.
    party = seeded.ok("party", "show", "Ukraine")
    assert "\n\n" in party and party.split("\n\n")[1].startswith("Id\t")


def test_a_long_table_is_written_line_by_line_and_cuts_nothing(seeded):
    long_party = "group:all States Parties with a very long name that will not fit in thirty"
    for n in range(320):
        seeded.ok(
            "record",
            "note",
            "--occurred",
            "2025-01-02",
            "--party",
            long_party,
            "--summary",
            f"Note {n}, with a summary long enough to need wrapping.",
        )
    _, table = at_terminal("log", "--kind", "note", "--all", columns=160)
    assert table.startswith("Log\nId ")
    # wrapped columns share lines, so look for the ends of the long values: nothing is cut
    assert table.count("wrapping.") == 320 and table.count("thirty") == 320
    assert "Note 319," in table


def test_one_day_is_a_day(ccc):
    ccc.ok("case", "open", "c-1", "--title", "A case", "--state", "Peru", "--occurred",
           "2025-01-01")  # fmt: skip
    ccc.ok("record", "letter", "--to", "Peru", "--subject", "s", "--summary", "A letter.",
           "--case", "c-1", "--occurred", "2025-03-01", "--reply-requested-by",
           "2025-03-02")  # fmt: skip
    board = ccc.ok("status", "--as-of", "2025-03-02")
    assert "(1 day)" in board and "(1 days)" not in board


def test_a_states_long_lists_come_a_page_at_a_time_and_say_how_many(seeded):
    """`party show` for a person shows a page of each list (20, or --limit), the newest
    letters and meetings first, and says how many there are; --limit 0 and --json, all."""
    full = seeded.json("party", "show", "Ukraine")
    held = full["correspondence"]
    assert len(held) >= 3
    paged = seeded("party", "show", "Ukraine", "--limit", "2")
    assert paged.exit_code == 0, paged.output
    listed = [r["id"][:8] for r in held]
    shown = [line.split("\t")[0] for line in paged.stdout.splitlines() if line[:8] in listed]
    assert shown == listed[::-1][:2]  # the newest two, newest first
    said = f"Shown: the newest 2 of {len(held):,} letters, communications and meetings"
    assert said in paged.stderr
    everything = seeded("party", "show", "Ukraine", "--limit", "0")
    assert "Shown:" not in everything.stderr
    assert sum(line[:8] in listed for line in everything.stdout.splitlines()) >= len(held)
    # JSON: all unless --limit; with it, the page and how many each list holds.
    page = seeded.json("party", "show", "Ukraine", "--limit", "2")
    assert [r["id"] for r in page["correspondence"]] == [r["id"] for r in held][::-1][:2]
    assert page["listed_of"]["correspondence"] == len(held)
    assert page["listed_of"]["replies"] == len(full["replies"])
    unmet = [o for o in page["obligations"] if o["status"] not in ("met_on_time", "met_late")]
    assert page["obligations"][: len(unmet)] == unmet  # what is not yet met comes first


def _last_active_first(rows):
    """The board's rows as `--limit` orders them: last activity newest first (by its day,
    which the rows show as written: the cases below are dated to the day)."""
    return sorted(sorted(rows, key=lambda r: r["reference"]),
                  key=lambda r: r["last_activity"] or "", reverse=True)  # fmt: skip


def test_status_open_and_limit_pick_from_the_whole_board(seeded, store):
    # Two fictional cases: one closed, one opened later than any of the example's.
    for ref, day in (
        ("fictional-closed-2025", "2025-09-01"),
        ("fictional-late-2025", "2025-10-02"),
    ):
        seeded.ok("case", "open", ref, "--title", f"Fictional {ref}", "--state", "Chile",
                  "--article", "1", "--origin", "allegation", "--occurred", day)  # fmt: skip
    seeded.ok("case", "close", "fictional-closed-2025", "--outcome", "resolved (fictional)",
              "--occurred", "2025-10-15")  # fmt: skip
    whole = seeded.json("status")
    assert {r["status"] for r in whole} >= {"closed", "in dialogue"}
    opened = seeded.json("status", "--open")
    assert opened == [r for r in whole if r["status"] != "closed"]
    assert "fictional-closed-2025" not in {r["reference"] for r in opened}
    newest = seeded.json("status", "--limit", "2")
    assert newest == _last_active_first(whole)[:2]
    assert [r["reference"] for r in newest] == ["fictional-closed-2025", "fictional-late-2025"]
    both = seeded.json("status", "--open", "--limit", "2")
    assert both == _last_active_first(opened)[:2]
    assert seeded.json("status", "--limit", "0") == whole  # 0: all, by reference
    # On a clock, the same picking of the board of that day.
    then = seeded.json("status", "--as-of", "2025-09-30")
    assert (
        seeded.json("status", "--as-of", "2025-09-30", "--open", "--limit", "1")
        == (_last_active_first([r for r in then if not r["status"].startswith("closed")])[:1])
    )
    # Public: a restricted case is still counted, never named, among those picked.
    public = seeded.json("status", "--public", "--open")
    assert public == [r for r in seeded.json("status", "--public") if r["status"] != "closed"]
    # A person at a terminal is told what the table holds, in 80 columns.
    if isinstance(store, str):
        return  # the terminal runs a new process on the test's SQLite store only
    code, screen = at_terminal("status", "--open", "--limit", "1", columns=80)
    assert code == 0 and max(len(line) for line in screen.splitlines()) <= 80
    assert "Open cases, last active first" in screen and "fictional-late-2025" in screen
    assert "ukraine-art1-2025" not in screen


def test_status_refuses_a_negative_limit_and_writes_nothing(seeded, store):
    from tests.conftest import log_digest

    before = log_digest(store)
    said = seeded.refuses("status", "--limit", "-1")
    assert "--limit': -1 is out of range: give 0 or more" in said
    assert log_digest(store) == before


def test_status_open_says_when_no_case_is_open(ccc):
    ccc.ok("case", "open", "fictional-2025", "--title", "Fictional", "--state", "Chile",
           "--article", "1", "--origin", "allegation", "--occurred", "2025-09-01")  # fmt: skip
    ccc.ok("case", "close", "fictional-2025", "--outcome", "resolved (fictional)",
           "--occurred", "2025-10-15")  # fmt: skip
    assert ccc.json("status", "--open") == []
    assert "No case is open." in ccc("status", "--open").stderr
    assert "No case was open on 1 November 2025." in (
        ccc("status", "--open", "--as-of", "2025-11-01").stderr
    )
    assert [r["reference"] for r in ccc.json("status", "--open", "--as-of", "2025-10-01")] == [
        "fictional-2025"
    ]


def test_a_case_whose_opening_is_corrected_to_a_later_day_is_not_on_an_earlier_board(ccc):
    """The board on a day lists the cases opened by then, by the opening's day as it now
    stands: a correction of that day moves the case on every earlier board."""
    ccc.ok("case", "open", "moved-case", "--title", "Moved", "--occurred", "2025-01-02")
    [opening] = [e["id"] for e in ccc.json("history", "moved-case")]

    def on(day: str) -> list[str]:
        return [row["reference"] for row in ccc.json("status", "--as-of", day)]

    assert on("2025-01-10") == ["moved-case"]
    ccc.ok("correct", opening, "--set", "occurred=2025-02-01", "--reason", "Opened later.")
    assert on("2025-01-10") == []
    assert on("2025-02-05") == ["moved-case"]
    assert ccc.ok("rebuild", "--check")


def test_a_status_is_said_in_words_in_tables_and_kept_as_a_code_in_json(ccc):
    """A fictional letter to Chile asking for a reply by 1 June 2023, answered on 2 July."""
    letter = ccc.ok("record", "letter", "--to", "Chile", "--subject", "Request",
                    "--reply-requested-by", "2023-06-01", "--occurred", "2023-03-10",
                    "--summary", "Asked Chile (fictional) for information.").strip()  # fmt: skip
    ccc.ok("record", "communication", "--from", "Chile", "--in-reply-to", letter,
           "--occurred", "2023-07-02", "--summary", "Chile (fictional) replied.")  # fmt: skip
    asked = ("deadlines", "--all", "--party", "Chile")
    assert [row["status"] for row in ccc.json(*asked)] == ["met_late"]
    for said in (
        ccc.ok(*asked),
        ccc.ok(*asked, "--csv"),
        ccc.ok("party", "show", "Chile"),
        at_terminal(*asked, columns=80)[1],
    ):
        assert "met late (31 days)" in said and "met_late" not in said
