"""Which store a command uses: --store, else CCC_STORE, else the user's data directory;
a folder (SQLite) or a postgresql:// URL. Standard library only (psycopg loads when a
PostgreSQL store is first used)."""

from __future__ import annotations

import os

from ccc.errors import StoreError
from ccc.store.paths import Store


def locate(option: str | None, views: str | None = None) -> Store:
    """The store named by --store, else CCC_STORE, else the user's data directory; a
    postgresql:// URL is a log in PostgreSQL, its views in `views` (--views, CCC_VIEWS)
    or the user's cache directory."""
    value = option if option is not None else os.environ.get("CCC_STORE")
    if value is not None and not value.strip():
        where = "--store" if option is not None else "CCC_STORE"
        raise StoreError(
            f"{where} is empty; give the store's folder, or leave it out for the default."
        )
    if value and "://" in value and not value.startswith(("postgresql://", "postgres://")):
        # A mistyped URL (postgressql://, mysql://) would otherwise become a local folder
        # named after it, and the officer would believe the shared log holds the record.
        where = "--store" if option is not None else "CCC_STORE"
        scheme = value.split("://", 1)[0]
        raise StoreError(
            f"{where} names a '{scheme}://' store, which ccc does not know; give "
            "postgresql://USER@HOST:PORT/DBNAME for a shared log, or a folder path."
        )
    if value and value.startswith(("postgresql://", "postgres://")):
        from ccc.store.postgres import PostgresStore  # urllib and psycopg: only for it

        return PostgresStore(value, os.path.expanduser(views) if views else None)
    if value:
        return _folder(Store(os.path.expanduser(value)))
    from platformdirs import user_data_dir  # deferred: only when no store is named

    return _folder(Store(os.path.join(user_data_dir("ccc", appauthor=False), "store")))


def _folder(store: Store) -> Store:
    """Refuse a store path that is a file (a mistyped --store, or CCC_STORE=/dev/null)."""
    if os.path.exists(store.root) and not os.path.isdir(store.root):
        raise StoreError(
            f"{store.root} is a file, not a store folder; give the folder that holds (or will "
            "hold) events.db."
        )
    return store
