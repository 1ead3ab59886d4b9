"""The text of BENCHMARKS.md around the figures of one run of the suite (suite.py)."""

from __future__ import annotations

TARGETS = """\
- Every read command at most 4x `python -c "import sqlite3"` at 1,000,000 records, and
  within 1.5x of its own figure at 10,000 (flat in log size); reports and `check` for
  one year at most 8x.
- `record note` at most 5x the same floor; catching up one record within 1.5x of
  `status --json` itself.
- `import` at least 1/8 of the speed of raw SQLite inserts of the same stored rows in one
  transaction (ratio 8x or less), and `rebuild` at least 1/5 of a raw scan of the stored
  events with `json.loads` (5x or less); the peak memory of both the same (within 20%) at
  100,000 and 1,000,000 records.
- `export` and `verify` within 3x of `sha256sum` of the export.
- `deadlines --json` for all States and `party show` for one, on the shipped register plus
  100,000 records, each within 5x of `status --json` on the same store (the log
  holds treaty records for 32 States: coverage, declarations, extensions, reports,
  undertakings); `report activities` for one year and `report case` for the largest
  case, each within 5x of `status --json` on the same store too."""

WHAT = """\
## What each figure is

- **Read commands**: each runs in a new process on an up-to-date store, as a user types it
  (`--json`, or the paper's Markdown); median and range of the cold runs, peak resident
  memory of the worst. The floor is bare Python start-up with `sqlite3`, measured in the
  same run with the same interpreter: a ratio says how much work ccc adds to starting.
  D and T are fixed days and the store's last recorded instant; REF is the first case.
- **CPU**: the median CPU time (user and system) of the same runs, and its ratio to the
  floor's CPU time. The machine is shared: a busy neighbour stretches wall times but
  hardly CPU times, so where the two ratios differ, the CPU ratio is the steadier.
- **record note**: one durable write (its own transaction, fsync) in a new process, a new
  note each run (the same note again is found in the log, not written).
  **Libraries a write imports** is `python -c "import click, pydantic, pydantic.fields,
  eventsourcing.application, eventsourcing.sqlite"`: the project's required libraries
  alone, the least any write can cost; the next row is the write against it.
- **status after one's own note**: a note is recorded, then `ccc status --json` is
  timed. The write brings the views up to date itself (its id already printed), so the
  read finds them current. Its floor is `ccc status --json` on an up-to-date store.
- **catch up one record + status**: a note is recorded while the views' lock is held
  (as by another process updating them: the write leaves them behind, as another
  officer's write does), then `ccc status --json` is timed: it brings the views up to
  date (one event: its record, its case's timelines) and answers. Same floor. **A
  letter to UKR** does the same with a letter awaiting a reply from the State with the
  most correspondence in the log (its reply rows: the letters it can change, found by
  index).
- **site**: `ccc serve --build-only` on up-to-date views: the whole build of the web
  view's site file (floor: the raw scan below), then, after one note, the update that adds
  it to the site built before (floor: `ccc status --json`).
- **import (file)**: `ccc import` of a JSON file of 100,000 records (10,000 for the
  smallest log; for 1,000,000, the last 100,000 into the store of the first 900,000), in
  a new process, validation and the all-or-nothing write included; the floor is SQLite
  inserting the very rows that import stored, in one transaction, without validation,
  digests or chaining. The ratio is ccc's time over the floor's (8x means 1/8 of its speed).
- **rebuild**: `ccc rebuild` (every view rebuilt from the log in batches); the floor reads
  every stored event and decodes its JSON, in a new process. **Views copied by SQL
  alone** copies every table of the views just rebuilt into a new file with the same
  tables and indexes, by SQL, in one transaction: what SQLite alone spends writing the
  views, with no Python between rows. No rebuild can go below it; against the same floor,
  it says how much of the rebuild's target the views' size leaves.
- **export, verify**: `ccc export --full FILE`, `ccc verify FILE` (every digest, the chain, the
  manifest) and `ccc verify --log-only` (the store's digests and chain); the floor hashes
  the export file once with `sha256sum`.

The logs come from `bench/generate.py`: seeded, so the same size gives the same log;
about 330 records per case (allegations, letters asking for replies, replies naming their
letter or not, meetings in every format, observations, notes, 30% of them restricted),
2% of records amended (dates moved, summaries corrected, retractions), dates of mixed
precision (80% days, 10% months, 5% ranges, some uncertain, approximate or open-ended),
general reminders, and the register of 166 States Parties.

## Where the figures stand against the targets, and why

These are structural, and hold whatever the run; each is what to change next.

- **Answers that grow.** The board (`status` on any clock) is one row per case, and the
  million-record log has ten times the cases; the million-record log is ten logs over the
  same twenty years, so "one year" holds ten times the records. These read only what they
  answer, and take longer because the answer is longer. `party show` for a person (the
  row "a page": 20 rows of each list) counts each list from an index and reads only the
  records it shows; with `--json` and no `--limit` it lists everything, and reads every
  record naming the State. `deadlines` lists every open obligation of 166 States (about
  2,300 rows, mostly annual reports of the register): its answer, not the log, sets
  its cost.
- **Writes start slowly.** The libraries a write imports cost several times bare
  start-up by themselves (the row "libraries a write imports"): no write can be within
  5x of the floor while it imports them. A write loads only its kind's family of models
  (a note builds none of the treaty register's thirty classes). Catching up one record
  imports the same libraries (eventsourcing reads the log and keeps the views' position;
  pydantic validates the event, which a record not written by ccc must fail), so it
  costs a write's start-up beside `status`. A write therefore projects its own record
  while they are loaded: one's own write costs the next read nothing; another
  officer's record still costs the read a write's start-up.
- **Import does a write's work for every record.** A file written a record a line
  is read a line at a time; its events past 5,000 and its labels past 50,000 go to
  temporary SQLite files, so its memory does not grow with the file (81 MB at 100,000
  records, 98 MB at 1,000,000, measured by hand). Its time is spread thinly over each
  record's work: validating the input (pydantic's own code is about a sixth of it, by
  cProfile at 20,000 records), building the event through the application's aggregate,
  its content id, its canonical JSON and its link in the chain of digests.
- **Rebuild writes views over four times the size of the log.** The row "views copied by SQL
  alone" is SQLite writing the views a rebuild writes, with no Python between rows: it
  alone is 3-6x the raw scan, so no rebuild of these views can be within 5x of it. The
  rest is Python: reading each event through the table of stored shapes, folding each
  case's status after each of its events (its timelines on both clocks, which hold a
  board row per event and per day) and every letter's reply rows.
- **Verify and export go a record at a time in Python**: a few microseconds each for
  parsing, hashing, the canonical form and the recorded time, beside `sha256sum`'s one
  and a half for the whole line. `verify FILE` keeps each aggregate's last link to check
  the next version's (about 230 bytes an aggregate: its memory grows with the log).
- **The site is built as it is read**: a case, a State or a page of 5,000 records at a
  time, so its peak follows the largest case and the busiest State, not the log (at
  100,000 records 92 MB, 665 MB when it was built whole; by hand, after this run);
  updating it after a record costs about one `status`.

## Reproduce

    make bench                       # all three sizes, beside HEAD~1 (about half an hour here)
    python -m bench --against main   # beside another commit (its CPU time and the change)
    python -m bench --quick          # 10,000 and 100,000
    python -m bench --sizes 10000 --runs 3 --no-install   # the running interpreter's ccc
    python -m bench --render         # BENCHMARKS.md again from bench/results.json

Logs and stores are kept in bench/.work (git-ignored). The machine is shared: the same
command varies by about 10% between runs, and so do the floors, which is why each ratio
is taken against a floor measured in the same run.
"""


def _against(machine: dict[str, str]) -> str:
    ref = machine.get("against")
    if not ref:
        return ""
    return f"""

The same run measured commit {ref} too (`--against`), on a copy of each store, its cold
runs alternating with this code's: the columns "{ref} CPU" and "change (CPU)" give its
median CPU time and this code's against it (-20%: a fifth less CPU; "same": within 5%),
for the read commands, the write and catching up. "Runs overlap" follows a change when
the two codes' cold runs overlap in CPU time (one of this code's runs took no more than
one of the other's, and one no less): on this shared machine the same code has moved by a
quarter or more between such runs, so read such a change as noise unless it repeats; a
change without it held in every run."""


def document(machine: dict[str, str], tables: str, runs: int) -> str:
    return f"""# Benchmarks

Written by `make bench` (bench/suite.py) on {machine["date"]}, measuring commit
{machine.get("code", "(not recorded)")}: {machine["cores"]} cores,
Python {machine["python"]}, SQLite {machine["sqlite"]}, {machine["platform"]}.
ccc installed with `pip install .` and its bytecode compiled (this machine sets
PYTHONDONTWRITEBYTECODE=1); medians of {runs} cold runs after one warm-up run (up to 3
for rebuild and verify, 1 at a million records; import and export are timed once).
The raw figures are in bench/results.json.{_against(machine)}

## Targets

{TARGETS}

## Figures

{tables}

{WHAT}"""
