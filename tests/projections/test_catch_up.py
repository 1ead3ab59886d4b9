"""Views catch up incrementally, never double a row, survive a crash, and rebuild the same."""

import sqlite3
import subprocess
import sys

import pytest

from ccc.application.secretariat import open_secretariat
from ccc.projections import rows as records_module
from ccc.projections.catch_up import catch_up, rebuild
from ccc.store.paths import APPLICATION_NAME, Store, views_position
from tests.conftest import SEED, written_by_another


def dump(store_path):
    """Every row of every view table, in a stable order (the tracking row included). An
    R*Tree is compared by its rows: its node pages depend on the order of writing."""
    with sqlite3.connect(store_path / "views.db") as connection:
        virtual = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%VIRTUAL%'"
            )
        }
        shadows = {f"{name}_{part}" for name in virtual for part in ("node", "rowid", "parent")}
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if row[0] not in shadows
        ]
        return {
            table: sorted(map(repr, connection.execute(f"SELECT * FROM [{table}]")))
            for table in tables
        }


def note(ccc, day, summary, case=None):
    """A note by another officer: the views are left behind for the next read."""
    extra = ["--case", case] if case else []
    written_by_another(ccc, "record", "note", "--occurred", day, "--summary", summary, *extra)


def test_catching_up_twice_projects_nothing_the_second_time(seeded, store):
    seeded.ok("status")
    assert catch_up(Store(store)) == 0
    with sqlite3.connect(store / "views.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 25


def test_views_read_only_the_new_events(seeded, store):
    seeded.ok("status")
    note(seeded, "2025-09-01", "One more.", "ukraine-art1-2025")
    assert catch_up(Store(store)) == 1
    assert views_position(Store(store)) == 26


def test_a_rebuild_gives_exactly_the_rows_that_catch_up_gave(seeded, store):
    # Several small catch-ups, interleaved with writes, as in daily use.
    for day in ("2025-09-01", "2025-09-02", "2025-09-03"):
        note(seeded, day, f"Note of {day}.", "cambodia-thailand-2025")
        seeded.ok("status")
    incremental = dump(store)
    assert rebuild(Store(store)) == 28
    assert dump(store) == incremental
    assert "records" in incremental and len(incremental["records"]) == 28


def _schema(store_path):
    with sqlite3.connect(f"{store_path}/views.db") as connection:
        return sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def test_a_rebuild_leaves_the_same_tables_and_indexes_as_catching_up(seeded, store):
    """A rebuild makes the indexes only queries need after loading every record: the views
    end with each one, as the views that catching up made (queries read through them)."""
    seeded.ok("status")
    caught_up = _schema(store)
    assert any(name == "idx_records_sort_day_position" for _, name, _, _ in caught_up)
    rebuild(Store(store))
    assert _schema(store) == caught_up


def test_a_crash_mid_page_leaves_neither_rows_nor_position(seeded, store, monkeypatch):
    seeded.ok("status")
    position = views_position(Store(store))
    note(seeded, "2025-09-01", "First after the crash.")
    note(seeded, "2025-09-02", "Second after the crash.")
    real_add = records_module.Rows.add
    calls = []

    def add_then_crash(self, position, event):
        calls.append(position)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        real_add(self, position, event)

    with monkeypatch.context() as patch:
        patch.setattr(records_module.Rows, "add", add_then_crash)
        with pytest.raises(RuntimeError, match="power cut"):
            catch_up(Store(store))
    assert views_position(Store(store)) == position
    with sqlite3.connect(store / "views.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 25
    assert catch_up(Store(store)) == 2
    assert len(seeded.json("log")) == 27


def test_deleted_views_are_rebuilt_on_the_next_query(seeded, store):
    before = seeded.json("status")
    for suffix in ("", "-wal", "-shm"):
        (store / f"views.db{suffix}").unlink(missing_ok=True)
    assert seeded.json("status") == before


def test_views_of_an_older_schema_are_rebuilt(seeded, store):
    seeded.ok("status")
    with sqlite3.connect(store / "views.db") as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    assert views_position(Store(store)) is None
    assert len(seeded.json("log")) == 25


def test_two_processes_catching_up_at_once_never_double_a_row(seeded, store):
    app = open_secretariat(Store(store))
    batch = app.new_batch()
    for i in range(3000):
        batch.add_record(
            "note",
            {
                "occurred": "2025-01-01",
                "earliest": "2025-01-01",
                "latest": "2025-01-01",
                "summary": f"Note {i}.",
            },
            "tester",
        )
    batch.commit()
    command = [sys.executable, "-m", "ccc", "--store", str(store), "log", "--json", "--limit", "1"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with sqlite3.connect(store / "views.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 3025
        assert (
            connection.execute(
                "SELECT COUNT(*) FROM (SELECT id FROM records GROUP BY id HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            == 0
        )
    assert views_position(Store(store)) == 3025


def test_the_seed_imports_through_the_installed_command(store):
    result = subprocess.run(
        [sys.executable, "-m", "ccc", "import", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Imported 25 new record(s)" in result.stdout


def test_a_rebuild_commits_in_batches_and_one_cut_short_starts_again(seeded, store, monkeypatch):
    """A rebuild writes a batch at a time (memory and write-ahead log the size of a
    batch); cut short after its batches, before the cases' statuses, the views say they
    are unfinished, and the next query rebuilds them whole."""
    from ccc.projections import catch_up as module

    before = seeded.json("status")
    app = open_secretariat(Store(store))
    batch = app.new_batch()
    day = {"occurred": "2025-01-01", "earliest": "2025-01-01", "latest": "2025-01-01"}
    for i in range(2500):
        batch.add_record("note", {**day, "summary": f"Note {i}."}, "tester")
    batch.commit()
    tracked = []
    real_track = module.Views.track

    def count_commits(self, connection, application, position):
        if application == APPLICATION_NAME:  # not the library's migration mark
            tracked.append(position)
        real_track(self, connection, application, position)

    def power_cut(connection, references, **how):
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch:
        patch.setattr(module, "BATCH_PAGES", 1)
        patch.setattr(module.Views, "track", count_commits)
        patch.setattr(module, "_refresh_status", power_cut)
        with pytest.raises(RuntimeError, match="power cut"):
            rebuild(Store(store))
    assert tracked == [1000, 2000, 2525]  # one commit per batch, each with its position
    with sqlite3.connect(store / "views.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 2525
    assert views_position(Store(store)) is None  # unfinished: not to be caught up from
    assert seeded.json("status") == before
    assert views_position(Store(store)) == 2525


def test_views_another_process_is_updating_are_waited_for_then_refused_in_a_sentence(
    seeded, store, monkeypatch
):
    """One process at a time updates the views (a lock file beside them): a command that
    finds them locked waits, and past the time allowed says so, writing nothing."""
    from ccc.projections import catch_up as catch_up_module
    from ccc.store.locks import exclusive

    monkeypatch.setattr(catch_up_module, "LOCK_TIMEOUT", 0.3)
    with exclusive(Store(store).lock_file, 1):  # another process's, as the lock sees it
        said = seeded.refuses("status")
    assert "nother ccc process has been updating the views" in said
    assert views_position(Store(store)) in (None, 0)  # nothing was read into the views
    seeded.ok("status")  # the lock let go: the views catch up
    assert views_position(Store(store)) == Store(store).last_position() > 0
