"""A query on an up-to-date store must not pay for the write side: it imports neither
eventsourcing, pydantic, edtf, pycountry, sqlite-utils nor rich (see BENCHMARKS.md)."""

import json
import subprocess
import sys

HEAVY = ["eventsourcing", "pydantic", "edtf", "pycountry", "sqlite_utils", "rich", "yaml"]
PROBE = """
import json, sys
from ccc.cli import cli
cli.main(sys.argv[1:], standalone_mode=False)
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps(loaded), file=sys.stderr)
"""


def modules_loaded_by(*args):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_status_json_on_an_up_to_date_store_imports_nothing_heavy(seeded):
    seeded.ok("status")  # bring the views up to date
    loaded = modules_loaded_by("status", "--json")
    assert [name for name in HEAVY if name in loaded] == []


def test_history_log_and_case_show_json_stay_light_too(seeded):
    seeded.ok("status")
    for args in (
        ["history", "ukraine-art1-2025", "--json"],
        ["log", "--json"],
        ["log", "--limit", "5", "--party", "UKR", "--json"],
        ["case", "show", "ukraine-art1-2025", "--json"],
    ):
        assert [name for name in HEAVY if name in modules_loaded_by(*args)] == []


def test_a_stale_store_catches_up_first(seeded):
    seeded.ok("status")
    seeded.ok("record", "note", "--occurred", "2025-01-01", "--summary", "New.")
    assert "eventsourcing" in modules_loaded_by("log", "--json")
    assert "eventsourcing" not in modules_loaded_by("log", "--json")  # now up to date
