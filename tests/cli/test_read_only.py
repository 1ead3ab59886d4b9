"""`--read-only`: an auditor's session reads everything and writes
nothing, the views included; each refusal is one sentence and leaves the store as it was."""

import pytest

from tests.conftest import SEED, log_digest, written_by_another

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL


def test_a_read_only_session_reads_and_writes_nothing(seeded, store):
    seeded.ok("status")  # the views up to date
    before = log_digest(store)
    ro = ("--read-only",)
    assert "ukraine-art1-2025" in seeded.ok(*ro, "status")
    assert "every digest holds" in seeded.ok(*ro, "verify")
    for command in (
        ("record", "note", "--occurred", "2025-01-01", "--summary", "No."),
        ("import", str(SEED)),
        ("rebuild",),
    ):
        refusal = seeded.refuses(*ro, *command)
        assert "opened read-only (--read-only), so nothing was written" in refusal, command
    assert log_digest(store) == before
    # Views behind the log are not brought up to date in a read-only session.
    written_by_another(seeded, "record", "note", "--occurred", "2025-01-02", "--summary", "Later.")
    refusal = seeded.refuses(*ro, "log")
    assert "The views are behind the log and --read-only may not" in refusal
    assert "Later." in seeded.ok("log")  # without it, they catch up
    assert "Later." in seeded.ok(*ro, "log")
