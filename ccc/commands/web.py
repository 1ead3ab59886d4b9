"""`ccc serve`: the log on the web, read-only, through Datasette."""

from __future__ import annotations

import click

from ccc.commands.common import Number, WholeNumber, read_views
from ccc.errors import InvalidInput, StoreError


def _can_listen(host: str, port: int) -> None:
    """Refuse a host that names no address here, or a port something else listens on."""
    import socket

    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:
        raise InvalidInput(
            f"--host {host!r} is not an address of this machine or a name it knows "
            f"({getattr(error, 'strerror', None) or error}); give one such as 127.0.0.1."
        ) from error
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise InvalidInput(
                f"ccc serve cannot listen on {host} port {port} ({error.strerror}); give "
                "another --port, or stop what is using it."
            ) from error


@click.command()
@click.option("--port", type=WholeNumber(1, 65535), metavar="PORT", default=8001, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; 0.0.0.0 to serve other machines too.",
)
@click.option(
    "--restricted",
    is_flag=True,
    help="Serve every record, restricted ones too (for the secretariat's own network).",
)
@click.option("--build-only", is_flag=True, help="Build the site's database, print its path, stop.")
@click.option(
    "--refresh",
    type=Number(0),
    default=2.0,
    show_default=True,
    metavar="SECONDS",
    help="How often the running site looks at the log, to show what was recorded since "
    "(0: never; with --read-only, the site shows what others build).",
)
@click.pass_context
def serve(
    ctx: click.Context, port: int, host: str, restricted: bool, build_only: bool, refresh: float
) -> None:
    """Serve the log as a website with Datasette: a page per case (status in words,
    timeline, history, the dossier as a page and as Word) and per State (membership,
    seats, obligations, replies); a search page (every word typed, ranked, 20 a page);
    records, cases and treaty deadlines as tables with counts on request, JSON and CSV;
    lists of cases awaiting a reply, overdue obligations, a case's history and what
    changed since a day; a link to the log's public export on every page.

    The public site (the default) leaves restricted records out and counts them in the
    table 'withheld'. It is served read-only, on 127.0.0.1 unless --host says otherwise,
    and kept current while it runs: what another officer records appears within a few
    seconds (--refresh), without a restart. Stop it with Ctrl-C.
    """
    import json
    import os
    import sys

    from ccc.domain.dates import today
    from ccc.reports import site

    if not build_only:
        _can_listen(host, port)  # before anything is built: one sentence, not a server log
    connection = read_views(ctx)
    path = site.site_path(ctx.obj.store.views_db, restricted)
    meta_path = f"{path}.metadata.json"
    if ctx.obj.store.read_only:  # serve what is built, or say why not; write nothing
        if not (site.is_current(connection, path, today()) and os.path.isfile(meta_path)):
            raise StoreError(
                f"the site database for this log is not built as the log now stands, and "
                f"--read-only writes nothing; run `ccc serve{' --restricted' if restricted else ''}"
                " --build-only` without --read-only first."
            )
        built = "current"
    else:
        built = site.build(connection, path, restricted=restricted, today=today())
        descriptor = os.open(meta_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # one an earlier ccc wrote may be readable by others
        with open(descriptor, "w", encoding="utf-8") as out:
            json.dump(site.metadata(path, restricted), out, indent=2, ensure_ascii=False)
    which = "every record, restricted ones too" if restricted else "public records only"
    said = {
        "built": "Built",  # made whole
        "updated": "Updated",  # only new records added to the site built before
        "current": "Using",
    }[built]
    if build_only:
        click.echo(f"{said} the site ({which}).", err=True)
        click.echo(path)
        return
    click.echo(
        f"{said} {path} ({which}); serving on http://{host}:{port}/ (Ctrl-C stops).",
        err=True,
    )
    command = [
        sys.executable, "-m", "datasette", "serve", path, "--metadata", meta_path,
        "-h", host, "-p", str(port), "--setting", "sql_time_limit_ms", "2000",
        "--setting", "default_page_size", "50", "--setting", "suggest_facets", "off",
        "--plugins-dir", site.PLUGINS,
        "--template-dir", site.TEMPLATES,
    ]  # fmt: skip
    # The server keeps its site current (ccc_pages.startup, which reads these two
    # variables) with this very command, on the store this one was given (in the
    # environment: a PostgreSQL password stays out of the process list).
    store = ctx.obj.store_option
    if store is not None:
        os.environ["CCC_STORE"] = store
    if ctx.obj.views_option is not None:
        os.environ["CCC_VIEWS"] = ctx.obj.views_option
    # The public export the pages link (ccc_pages.export_file writes it on demand): in
    # the user's cache, never in the store, one file per log.
    import hashlib

    from platformdirs import user_cache_dir

    log = hashlib.sha256(ctx.obj.store.where().encode()).hexdigest()[:16]
    exports = os.path.join(user_cache_dir("ccc", appauthor=False), "exports")
    os.environ["CCC_SERVE_EXPORT"] = os.path.join(exports, f"{log}-public.jsonl")
    if refresh and not ctx.obj.store.read_only:
        build = [sys.executable, "-m", "ccc", "serve", "--build-only"]
        os.environ["CCC_SERVE_BUILD"] = json.dumps(
            [*build, *(["--restricted"] if restricted else [])]
        )
        os.environ["CCC_SERVE_REFRESH"] = str(refresh)
    # Datasette takes this process's place, so that whatever stops `ccc serve` (Ctrl-C, a
    # service manager's SIGTERM) stops the server itself: a child would outlive it.
    connection.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, command)
