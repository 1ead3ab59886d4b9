"""A log kept in PostgreSQL (`--store postgresql://USER@HOST:PORT/DBNAME`), for several
officers sharing one log; the views stay in a local SQLite cache that catches up from it.

The events are eventsourcing's own PostgreSQL table (`secretariat_events`, written by its
PostgreSQL recorder through psycopg 3). On top of it, the database itself enforces what
the SQLite store's triggers enforce (installed once, idempotently, under an advisory
lock):

- no UPDATE, DELETE or TRUNCATE of a stored event;
- an event is recorded now, not backdated;
- positions without gaps: PostgreSQL's sequences skip the numbers of rolled-back inserts
  (a version conflict between two officers, say), and a gap is what `ccc verify` reports
  as a removed record. A trigger gives each new event the position after the last one
  instead; the library's inserts hold an EXCLUSIVE lock on the table, so two writers
  never take the same number.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import unquote, urlsplit

from ccc.errors import StoreError
from ccc.store.paths import Store

TABLE = "secretariat_events"  # the library's name: the application's name + "_events"
LOCK_KEY = 0x0CCC_10C  # the advisory lock under which the triggers are installed

# Written by hand: eventsourcing creates the table and its indexes but enforces nothing
# of this; the statements mirror ccc.store.events.APPEND_ONLY and RECORDED_NOW. Each
# function names the table with its schema ({schema}, the table's) and runs with a fixed
# search_path, so that nothing a session creates (a temporary table of the same name)
# can stand in for the log; times are the clock's (clock_timestamp), not the start of
# the writer's transaction (now), which a writer could hold open to backdate a record.
# FUNCTIONS_VERSION marks the bodies: a log whose functions are older gets these.
FUNCTIONS_VERSION = "ccc functions v3.1"
_SAFE = "SECURITY INVOKER SET search_path = pg_catalog, pg_temp"
FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION {{schema}}.ccc_refuse_change() RETURNS trigger
    LANGUAGE plpgsql {_SAFE} AS $$
    BEGIN -- {{version}}
        RAISE EXCEPTION 'stored events are append-only: ccc never updates or deletes one; '
            'record a correction instead';
    END $$""",
    f"""CREATE OR REPLACE FUNCTION {{schema}}.ccc_next_position() RETURNS trigger
    LANGUAGE plpgsql {_SAFE} AS $$
    BEGIN -- {{version}}
        NEW.notification_id := COALESCE(
            (SELECT MAX(notification_id) FROM {{schema}}.secretariat_events), 0) + 1;
        RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION {{schema}}.ccc_recorded_now() RETURNS trigger
    LANGUAGE plpgsql {_SAFE} AS $$
    BEGIN -- {{version}}
        IF abs(extract(epoch FROM (
            (convert_from(NEW.state, 'UTF8')::jsonb ->> 'timestamp')::timestamptz
            - clock_timestamp()))) > {{window}} * 3600 THEN
            RAISE EXCEPTION 'a new event must be recorded now: its recorded time is not '
                'the clock''s';
        END IF;
        RETURN NEW;
    END $$""",
    # The shape of a new row, as ccc writes it (ccc.domain.topics.shape_problem checks the
    # same in Python): a topic ccc knows ({shapes} holds each topic's members, allowed and
    # required, and its digest is in the version mark below, so a ccc with new kinds
    # installs a new list), a state in canonical JSON (RFC 8785: ccc_canonical rebuilds
    # it from the parsed value; ccc stores no floats), its own id and version, and a
    # recorded time with its time zone.
    # Scalars inline and keys in byte order ("C"): 0.07 ms a state, a sixth of the plain
    # recursion (measured on 20,000 states), which keeps a large import's cost small.
    f"""CREATE OR REPLACE FUNCTION {{schema}}.ccc_canonical(value jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE {_SAFE} AS $$
    BEGIN -- {{version}}
        IF jsonb_typeof(value) = 'object' THEN
            RETURN '{{' || COALESCE((SELECT string_agg(to_json(key)::text || ':' || CASE
                WHEN jsonb_typeof(member) IN ('object', 'array')
                THEN {{schema}}.ccc_canonical(member) ELSE member::text END,
                ',' ORDER BY key COLLATE "C") FROM jsonb_each(value) AS m(key, member)),
                '') || '}}';
        ELSIF jsonb_typeof(value) = 'array' THEN
            RETURN '[' || COALESCE((SELECT string_agg(CASE
                WHEN jsonb_typeof(element) IN ('object', 'array')
                THEN {{schema}}.ccc_canonical(element) ELSE element::text END,
                ',' ORDER BY n)
                FROM jsonb_array_elements(value) WITH ORDINALITY AS a(element, n)), '') || ']';
        END IF;
        RETURN value::text;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION {{schema}}.ccc_known_shape() RETURNS trigger
    LANGUAGE plpgsql {_SAFE} AS $$
    -- {{version}}
    DECLARE
        shape jsonb := '{{shapes}}'::jsonb -> NEW.topic;
        written text;
        state jsonb;
        members text[];
    BEGIN
        IF shape IS NULL THEN
            RAISE EXCEPTION 'ccc does not know events of type %: the log takes only the '
                'types ccc reads (a newer ccc''s are added by the log owner''s next command)',
                left(NEW.topic, 80);
        END IF;
        BEGIN
            written := convert_from(NEW.state, 'UTF8');
            state := written::jsonb;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'a new event''s state must be JSON in UTF-8';
        END;
        IF jsonb_typeof(state) <> 'object' THEN
            RAISE EXCEPTION 'a new event''s state must be a JSON object';
        END IF;
        members := ARRAY(SELECT jsonb_object_keys(state));
        IF NOT members <@ ARRAY(SELECT jsonb_array_elements_text(shape -> 0))
           OR NOT ARRAY(SELECT jsonb_array_elements_text(shape -> 1)) <@ members THEN
            RAISE EXCEPTION 'a new event of type % must have the fields ccc writes for it',
                NEW.topic;
        END IF;
        IF {{schema}}.ccc_canonical(state) IS DISTINCT FROM written THEN
            RAISE EXCEPTION 'a new event''s state must be canonical JSON (RFC 8785)';
        END IF;
        IF state ->> 'originator_id' IS DISTINCT FROM NEW.originator_id::text
           OR state ->> 'originator_version' IS DISTINCT FROM NEW.originator_version::text THEN
            RAISE EXCEPTION 'a new event''s state must name its own id and version';
        END IF;
        IF state ->> 'timestamp' !~
           '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}'
           '([.][0-9]{{1,6}})?(Z|[+-][0-9]{{2}}:[0-9]{{2}})$' THEN
            RAISE EXCEPTION 'a new event''s recorded time must be a date and time with its '
                'time zone';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION {{schema}}.ccc_recorded_by_session() RETURNS trigger
    LANGUAGE plpgsql {_SAFE} AS $$
    -- {{version}}
    DECLARE
        who text := convert_from(NEW.state, 'UTF8')::jsonb ->> 'recorded_by';
        mark text := '[' || session_user || ']';
    BEGIN
        IF who IS NULL OR right(who, length(mark)) <> mark THEN
            RAISE EXCEPTION 'a new record must name the database role that writes it (%)',
                session_user;
        END IF;
        RETURN NEW;
    END $$""",
]
TRIGGERS = {
    "ccc_no_update_or_delete": "BEFORE UPDATE OR DELETE ON {schema}.secretariat_events "
    "FOR EACH ROW EXECUTE FUNCTION {schema}.ccc_refuse_change()",
    "ccc_no_truncate": "BEFORE TRUNCATE ON {schema}.secretariat_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.ccc_refuse_change()",
    "ccc_at_the_head": "BEFORE INSERT ON {schema}.secretariat_events "
    "FOR EACH ROW EXECUTE FUNCTION {schema}.ccc_next_position()",
    # Before the others that read the state (PostgreSQL fires them in name order).
    "ccc_known_shape": "BEFORE INSERT ON {schema}.secretariat_events "
    "FOR EACH ROW EXECUTE FUNCTION {schema}.ccc_known_shape()",
    "ccc_recorded_now": "BEFORE INSERT ON {schema}.secretariat_events "
    "FOR EACH ROW EXECUTE FUNCTION {schema}.ccc_recorded_now()",
    # Who wrote a record cannot be forged: its recorded_by ends with the session's role.
    "ccc_recorded_by_session": "BEFORE INSERT ON {schema}.secretariat_events "
    "FOR EACH ROW EXECUTE FUNCTION {schema}.ccc_recorded_by_session()",
}
# What loading an export as it was recorded turns off, inside its own transaction.
AS_RECORDED = ("ccc_recorded_now", "ccc_recorded_by_session")


def is_url(value: str) -> bool:
    return value.startswith(("postgresql://", "postgres://"))


class PostgresStore(Store):
    """A log in PostgreSQL; `root` is the folder of its local views."""

    backend = "postgresql"

    def __init__(self, url: str, views: str | None = None) -> None:
        try:  # a port out of range or not a number, a host with an open bracket
            parts = urlsplit(url)
            port = parts.port
        except ValueError as error:
            raise StoreError(
                f"--store {self.safe(url)} is not a usable URL ({error}); give "
                "postgresql://USER@HOST:PORT/DBNAME, with a port from 1 to 65535."
            ) from error
        if port == 0:
            raise StoreError(f"--store {self.safe(url)} names port 0; give a port from 1 to 65535.")
        if not parts.hostname or not parts.path.strip("/"):
            raise StoreError(
                f"--store {self.safe(url)} names no host or database; give "
                "postgresql://USER@HOST:PORT/DBNAME."
            )
        self.url = url
        self.user = unquote(parts.username or os.environ.get("PGUSER", "postgres"))
        self.password = unquote(parts.password or os.environ.get("PGPASSWORD", ""))
        self.host = parts.hostname
        self.port = port or 5432
        self.dbname = unquote(parts.path.strip("/"))
        # Every connection of this command, the library's included (libpq reads PGOPTIONS),
        # waits for a lock CCC_LOCK_TIMEOUT seconds at most: a session holding the table
        # locked (a recorder may: see docs/security.md) is then one sentence, not a hang.
        from ccc.store.paths import lock_timeout

        waits = f"-c lock_timeout={lock_timeout() * 1000}"
        if waits not in os.environ.get("PGOPTIONS", ""):
            os.environ["PGOPTIONS"] = f"{os.environ.get('PGOPTIONS', '')} {waits}".strip()
        chosen = views or os.environ.get("CCC_VIEWS", "").strip()
        # Views in ccc's own cache folder are ccc's to replace: views found there of
        # another log are rebuilt, not refused (paths.views_are_current).
        self.own_views = not chosen
        super().__init__(
            os.path.expanduser(chosen)
            if chosen
            else default_views(self.host, self.port, self.dbname, self.head()[1])
        )
        self.events_db = ""  # no SQLite file: every use of the log goes through here

    @staticmethod
    def safe(url: str) -> str:
        """The URL without its password, for messages (also when it does not parse)."""
        return re.sub(r"^([a-z]+://[^:/@]*):[^@]*@", r"\1:***@", url)

    def where(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"

    def __repr__(self) -> str:
        return f"PostgresStore({self.where()!r}, views={self.root!r})"

    # -- the connection ----------------------------------------------------------------

    def connect(self) -> Any:
        import psycopg
        from psycopg.conninfo import make_conninfo

        try:
            return psycopg.connect(make_conninfo(**self.libpq_settings()))
        except psycopg.OperationalError as error:
            reason = " ".join(str(error).split()) or type(error).__name__
            raise StoreError(
                f"ccc could not connect to the PostgreSQL store {self.where()} ({reason}); "
                "check that the server is running and the database and user exist."
            ) from error

    def _row(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        """The first row of a short query, on one connection kept for the command (a new
        connection costs about 5 ms; a write asks several questions)."""
        connection = getattr(self, "_session", None)
        if connection is None or connection.closed:
            connection = self._session = self.connect()
            connection.autocommit = True
        return connection.execute(sql, params).fetchone()

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        """The first column of the first row of a short query (see _row)."""
        row = self._row(sql, params)
        return row[0] if row else None

    def signed(self, officer: str) -> str:
        """recorded_by for this session: the officer's name and, in brackets, the
        database role that writes (the insert trigger refuses any other).

        A role that may not append to the log is refused here, before any write: in
        the library's pipelined insert its refusal sometimes came back as "pipeline
        aborted", without the reason (an auditor's write, in one CI run in ten or so)."""
        role, may_append = self._row(
            f"SELECT session_user, to_regclass('{TABLE}') IS NULL"
            f" OR has_table_privilege('{TABLE}', 'INSERT')"
        )
        if not may_append:
            import psycopg.errors

            raise psycopg.errors.InsufficientPrivilege(f"permission denied for table {TABLE}")
        return f"{officer} [{role}]"

    def settings(self, lock_timeout: int) -> dict[str, str]:
        """The eventsourcing Application's environment for this store."""
        create = not self.has_table()
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_LOCK_TIMEOUT": str(lock_timeout),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            # One command, one connection: the library's pool opens its size at start.
            "POSTGRES_POOL_SIZE": "1",
            # Only a new log's first writer creates the table: a recorder or an auditor may
            # not, and eventsourcing's CREATE TABLE IF NOT EXISTS asks for the privilege.
            "CREATE_TABLE": "y" if create else "n",
        }

    # -- what paths.Store answers for a folder -----------------------------------------

    def has_table(self) -> bool:
        """Whether the log's table exists; once seen, not asked again (ccc never drops
        it, and a writer asked this before every record)."""
        if not getattr(self, "_table_seen", False):
            self._table_seen = self._one("SELECT to_regclass(%s)", (TABLE,)) is not None
        return self._table_seen

    def exists(self) -> bool:
        """Whether the log holds a record (asked as `head` asks: through libpq first)."""
        sql = f"SELECT EXISTS (SELECT 1 FROM {TABLE})"
        quick = self._quick(sql)
        if quick is not None:
            return quick == ["t"]
        return self.has_table() and bool(self._one(sql))

    def _quick(self, sql: str) -> list[str | None] | None:
        """The first row of a short query through libpq without psycopg (ccc.store.libpq),
        before this command has a psycopg connection; None: ask through psycopg."""
        if getattr(self, "_session", None) is not None:
            return None
        quick = getattr(self, "_libpq", None)
        if quick is None:
            from ccc.store.libpq import Session

            quick = self._libpq = Session(self.libpq_settings())
        return quick.first_row(sql)

    def head(self) -> tuple[int, str | None]:
        """How far the log goes, and its id (its first event's). Asked through libpq
        without psycopg when it can be (ccc.store.libpq: what most reads ask, and all
        they need of the server), else through psycopg, which tells a missing table."""
        sql = (
            f"SELECT MAX(notification_id), (SELECT replace(originator_id::text, '-', '') || '@' || "
            f"(convert_from(state, 'UTF8')::jsonb ->> 'timestamp') FROM {TABLE}"
            f" WHERE notification_id = 1) FROM {TABLE}"
        )
        row = self._quick(sql)
        if row is not None:
            return int(row[0] or 0), row[1]
        if not self.has_table():
            return 0, None
        row = self._row(sql)
        return int(row[0] or 0), row[1]

    def libpq_settings(self) -> dict[str, str]:
        """The connection's settings as libpq names them, for psycopg and for the quick
        questions alike (a password left out: libpq reads PGPASSWORD or ~/.pgpass)."""
        settings = {
            "host": self.host or "",
            "port": str(self.port),
            "dbname": self.dbname,
            "user": self.user,
            "password": self.password,
            "connect_timeout": "5",
        }
        return {key: value for key, value in settings.items() if value}

    def event_digest(self, position: int) -> str | None:
        from ccc.store.integrity import digest

        if not self.has_table():
            return None
        row = self._row(
            f"SELECT originator_id, originator_version, topic, state FROM {TABLE}"
            " WHERE notification_id = %s",
            (position,),
        )
        return digest(row[0].hex, row[1], row[2], bytes(row[3])) if row else None

    def last_position(self) -> int:
        return self.head()[0]

    def refuse_foreign(self) -> None:
        """Nothing to refuse: the events live in their own table."""

    def make_private(self) -> None:
        """The local views' folder and files, readable by their owner alone."""
        import contextlib

        os.makedirs(self.root, mode=0o700, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(self.views_db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def size(self) -> int:
        events = self._one("SELECT pg_total_relation_size(%s)", (TABLE,)) if self.has_table() else 0
        views = sum(e.stat().st_size for e in os.scandir(self.root) if e.is_file())
        return int(events) + views

    def require(self) -> None:
        if not self.exists():
            raise StoreError(
                f"the PostgreSQL store {self.where()} holds no ccc log yet; record or import "
                "into it first (or check --store)."
            )

    def event_rows(self, order: str = "position") -> Iterator[tuple[int, str, int, str, bytes]]:
        """(position, originator id as 32 hex digits, version, topic, state), in log order
        (`position`) or by aggregate (`aggregate`: only aggregates with several events)."""
        if order == "position":
            sql = (
                f"SELECT notification_id, originator_id, originator_version, topic, state "
                f"FROM {TABLE} ORDER BY notification_id"
            )
        else:
            sql = (
                f"SELECT notification_id, originator_id, originator_version, topic, state "
                f"FROM {TABLE} WHERE originator_id IN (SELECT originator_id FROM {TABLE} "
                "WHERE originator_version > 1) ORDER BY originator_id, originator_version"
            )
        with self.connect() as connection, connection.cursor(name="ccc_rows") as cursor:
            cursor.itersize = 10_000
            cursor.execute(sql)
            for position, originator, version, topic, state in cursor:
                yield position, originator.hex, version, topic, bytes(state)

    def install(self, cursor: Any) -> None:
        """Install the functions and triggers (idempotent, under an advisory lock so that
        two first writers do not race), in the caller's transaction."""
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        schema, quoted = table_schema(cursor)
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            (f"{quoted}.{TABLE}",),
        )
        present = set(_values(cursor.fetchall()))
        version, bodies = functions(quoted)
        cursor.execute(
            "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = %s AND p.proname LIKE 'ccc%%' AND p.prosrc LIKE %s",
            (schema, f"%-- {version}\n%"),
        )
        [current] = _values(cursor.fetchall())
        if set(TRIGGERS) <= present and current == len(FUNCTIONS):
            return
        cursor.execute(  # an older ccc's functions: only the log's owner may replace them
            "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass",
            (f"{quoted}.{TABLE}",),
        )
        if not _values(cursor.fetchall())[0]:
            return  # a recorder's write goes on; the owner's next command upgrades them
        for statement in bodies:
            cursor.execute(statement)
        for name in TRIGGERS:
            if name not in present:
                cursor.execute(trigger(name, quoted))


@cache  # every write asks (install); the bodies change only with ccc itself
def functions(quoted_schema: str) -> tuple[str, tuple[str, ...]]:
    """The version mark of ccc's functions (FUNCTIONS_VERSION and the digest of the shapes
    of the events this ccc writes), and the statements that create them in a schema."""
    import json

    from ccc.domain import topics
    from ccc.store.integrity import RECORDING_WINDOW_HOURS

    shapes = json.dumps(
        {t: [sorted(a), sorted(r)] for t in sorted(topics.events()) for a, r in [topics.fields(t)]},
        separators=(",", ":"),
    )
    version = f"{FUNCTIONS_VERSION} {hashlib.sha256(shapes.encode()).hexdigest()[:16]}"
    bodies = []
    for statement in FUNCTIONS:
        for name, value in (
            ("window", str(RECORDING_WINDOW_HOURS)),
            ("version", version),
            ("shapes", shapes.replace("'", "''")),
            ("schema", quoted_schema),
        ):
            statement = statement.replace("{" + name + "}", value)
        bodies.append(statement)
    return version, tuple(bodies)


def _values(rows: list[Any]) -> list[Any]:
    """The first column of rows from the library's cursors (dicts) or psycopg's (tuples)."""
    return [next(iter(r.values())) if isinstance(r, dict) else r[0] for r in rows]


def table_schema(cursor: Any) -> tuple[str, str]:
    """The schema of the log's table (never a temporary table's), and quoted for SQL."""
    cursor.execute(
        "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relname = %s AND c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg_temp%%'"
        " ORDER BY n.nspname = current_schema() DESC LIMIT 1",
        (TABLE,),
    )
    [schema] = _values(cursor.fetchall())
    return schema, '"' + schema.replace('"', '""') + '"'


def trigger(name: str, quoted_schema: str) -> str:
    """The statement that creates one of ccc's triggers on the log's table."""
    return f"CREATE TRIGGER {name} {TRIGGERS[name].replace('{schema}', quoted_schema)}"


def default_views(host: str, port: int, dbname: str, log_id: str | None) -> str:
    """The local views of a PostgreSQL log in the user's cache directory: one folder per
    server, database and log (its id: Store.head), so that two servers reached by the same
    name, or a database dropped and made again, never share views."""
    from platformdirs import user_cache_dir

    tag = hashlib.sha256(f"{host}:{port}/{dbname}\n{log_id}".encode()).hexdigest()[:12]
    return os.path.join(user_cache_dir("ccc", appauthor=False), f"{dbname}-{tag}")


def setup_roles(store: PostgresStore, recorder: str, auditor: str) -> list[str]:
    """Create (if missing) a recorder role that may append to the log and an auditor role
    that may only read it, each able to log in; returns what was done, in words. Run by the
    log's owner. The recorder is granted UPDATE only because eventsourcing's insert takes
    an EXCLUSIVE lock on the table, which PostgreSQL allows to holders of UPDATE, DELETE
    or TRUNCATE; the triggers refuse every update, delete and truncate, whoever asks."""
    from psycopg import sql

    done = []
    with store.connect() as connection:
        [(owns,)] = connection.execute(
            "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass",
            (TABLE,),
        ).fetchall()
        if not owns:  # PostgreSQL would grant nothing, with a warning no one reads
            raise StoreError(
                f"only the log's owner can set up its roles, and the database role "
                f"{store.user} does not own the log at {store.where()}; nothing was changed. "
                "Run `ccc roles setup` as the role that created the log."
            )
        for role in (recorder, auditor):
            exists = connection.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)
            ).fetchone()
            if exists is None:
                connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
                done.append(f"created the role {role}")
        both = sql.SQL(", ").join([sql.Identifier(recorder), sql.Identifier(auditor)])
        table = sql.Identifier(TABLE)
        statements = [
            sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(table),
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(store.dbname), both
            ),
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(both),
            # No role of the database but its owner makes tables, temporary or not: nothing
            # a session creates can stand beside the log (the functions name it fully too).
            sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
            sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(
                sql.Identifier(store.dbname)
            ),
            sql.SQL("GRANT SELECT ON {} TO {}").format(table, both),
            sql.SQL("GRANT INSERT, UPDATE ON {} TO {}").format(table, sql.Identifier(recorder)),
            sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
                sql.Identifier(f"{TABLE}_notification_id_seq"), sql.Identifier(recorder)
            ),
        ]
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        done.append(_privileges(connection, recorder, auditor))
    return done


def _privileges(connection: Any, recorder: str, auditor: str) -> str:
    """What PostgreSQL now lets each role do to the log, as it answers, in words."""

    def may(role: str, privilege: str) -> bool:
        query = "SELECT has_table_privilege(%s, %s, %s)"
        return bool(connection.execute(query, (role, TABLE, privilege)).fetchone()[0])

    def can(role: str) -> str:
        reads, appends = may(role, "SELECT"), may(role, "INSERT")
        if reads and appends:
            return "read and append to"
        return "only read" if reads else "append to, but not read," if appends else "not use"

    return (
        f"PostgreSQL now lets {recorder} {can(recorder)} the log, and {auditor} {can(auditor)} it"
    )
