"""One short query to PostgreSQL without importing psycopg: how far the log goes.

Every read command on a PostgreSQL store first asks the server how far the log goes, to
know whether the views are current. Importing psycopg for that costs about 130 ms of CPU
(it loads asyncio, ssl, importlib.metadata and its adapters), ten times Python's own
start-up, and most reads need nothing else from the server. So the question is asked
here, through libpq itself (the C library psycopg wraps, shipped inside psycopg's binary
wheel) with ctypes: about 10 ms, connection included. This is hand-written binding code
for five libpq functions, and only for this question: when libpq cannot be found or the
query fails (no table yet, a refused connection), the caller asks through psycopg as
before, which also words any error. libpq reads the same settings psycopg gives it
(PGPASSWORD, ~/.pgpass, sslmode), so both connect alike. Standard library only.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import os
import weakref
from functools import cache
from typing import Any

CONNECTION_OK = 0
PGRES_TUPLES_OK = 2


@cache
def _libpq() -> Any:
    """libpq, from psycopg's binary wheel or the system; None when neither loads."""
    candidates = []
    spec = importlib.util.find_spec("psycopg_binary")  # found, not imported
    if spec is not None and spec.origin:
        wheel_libs = os.path.join(
            os.path.dirname(os.path.dirname(spec.origin)), "psycopg_binary.libs"
        )
        candidates += sorted(glob.glob(os.path.join(wheel_libs, "libpq*.so*")))
    candidates.append("libpq.so.5")  # the system's, as psycopg's pure-Python build uses
    for candidate in candidates:
        try:
            lib = ctypes.CDLL(candidate)
        except OSError:
            continue
        pointer, text = ctypes.c_void_p, ctypes.c_char_p
        lib.PQconnectdbParams.restype = pointer
        lib.PQconnectdbParams.argtypes = [ctypes.POINTER(text), ctypes.POINTER(text), ctypes.c_int]
        lib.PQstatus.argtypes = [pointer]
        lib.PQexec.restype = pointer
        lib.PQexec.argtypes = [pointer, text]
        lib.PQresultStatus.argtypes = [pointer]
        lib.PQntuples.argtypes = [pointer]
        lib.PQnfields.argtypes = [pointer]
        lib.PQgetisnull.argtypes = [pointer, ctypes.c_int, ctypes.c_int]
        lib.PQgetvalue.restype = text
        lib.PQgetvalue.argtypes = [pointer, ctypes.c_int, ctypes.c_int]
        lib.PQclear.argtypes = [pointer]
        lib.PQfinish.argtypes = [pointer]
        return lib
    return None


class Session:
    """One libpq connection for a command's short questions, made on the first and closed
    when the store is let go or the process ends (a read asks twice: whether the log
    holds anything, and how far it goes)."""

    def __init__(self, settings: dict[str, str]) -> None:
        self.settings = settings
        self._connection: Any = None
        self._closer: Any = None

    def first_row(self, sql: str) -> list[str | None] | None:
        """The first row of `sql` as text (None for NULL); None when libpq is not
        available, the connection fails or the query does not return a row: the caller
        then asks through psycopg."""
        lib = _libpq()
        if lib is None or not self._connect(lib):
            return None
        result = lib.PQexec(self._connection, sql.encode())
        try:
            if lib.PQresultStatus(result) != PGRES_TUPLES_OK or lib.PQntuples(result) < 1:
                return None
            return [
                None
                if lib.PQgetisnull(result, 0, column)
                else lib.PQgetvalue(result, 0, column).decode()
                for column in range(lib.PQnfields(result))
            ]
        finally:
            lib.PQclear(result)

    def _connect(self, lib: Any) -> bool:
        if self._connection is None:
            given = [(k.encode(), v.encode()) for k, v in self.settings.items() if v]
            keys = (ctypes.c_char_p * (len(given) + 1))(*[key for key, _ in given], None)
            values = (ctypes.c_char_p * (len(given) + 1))(*[value for _, value in given], None)
            connection = lib.PQconnectdbParams(keys, values, 0)
            if not connection:
                return False
            if lib.PQstatus(connection) != CONNECTION_OK:
                lib.PQfinish(connection)
                return False
            self._connection = connection
            self._closer = weakref.finalize(self, lib.PQfinish, connection)
        return True

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
        self._connection = self._closer = None
