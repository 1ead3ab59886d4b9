"""Auditing: `verify`, `export`, `keygen`, `checkpoint`, `rebuild [--check]`."""

from __future__ import annotations

import json
from typing import Any

import click

from ccc.commands.common import read_views, write_file
from ccc.errors import InvalidInput
from ccc.store.files import read_text
from ccc.store.paths import Store


@click.command()
@click.option(
    "--check",
    is_flag=True,
    help="Rebuild into a fresh file and compare every table with the live views instead.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild even though the log does not verify (the views' record of it is lost).",
)
@click.pass_context
def rebuild(ctx: click.Context, check: bool, force: bool) -> None:
    """Recreate every view from the log (views are disposable).

    The log is verified first: the views hold the digests of every record they read, and
    rebuilding from an altered log would erase that evidence, so an unverified log is not
    rebuilt without --force. With --check, nothing is replaced: the views are rebuilt
    beside the live ones and each table is compared by digest; any difference is named
    and the exit status is 1.
    """
    from ccc.audit.verify import verify_store
    from ccc.commands.output import progress
    from ccc.projections import catch_up
    from ccc.store.paths import last_event_position

    store: Store = ctx.obj.store
    store.require()
    if not check:
        store.refuse_writing()  # the views are written; --check writes only a scratch file
    report = verify_store(store)
    if not report.ok and not force:
        raise InvalidInput(
            f"the log does not verify ({report.first()}), and a rebuild would erase the "
            "views' record of it; investigate with `ccc verify --json`, or give --force."
        )
    with progress(last_event_position(store), "Rebuilding the views") as advance:
        if check:
            differ = catch_up.check(store, advance)
        else:
            count = catch_up.rebuild(store, advance)
    if not check:
        click.echo(f"Rebuilt the views from {count} event(s).")
    elif differ:
        tables = ", ".join(sorted(differ))
        raise click.ClickException(
            f"A fresh rebuild differs from the live views in: {tables}; run `ccc rebuild` "
            "to replace them, and report it: the same log must always give the same views."
        )
    else:
        click.echo("A fresh rebuild gives exactly the live views: every table matches.")


def _anchors(since_manifest: str | None, checkpoint: str | None, pubkey: str | None) -> list[Any]:
    from ccc.audit.exports import read_manifest
    from ccc.audit.verify import Anchor

    anchors = []
    if since_manifest:
        old = read_manifest(since_manifest)
        anchors.append(Anchor("the earlier export's manifest", old["records"], old["final_digest"]))
    if checkpoint or pubkey:
        if not (checkpoint and pubkey):
            raise InvalidInput(
                "--checkpoint and --pubkey go together: the note and the key that signed it."
            )
        from ccc.audit.checkpoints import open_note

        note = open_note(
            read_text(checkpoint, "checkpoint note", 1 << 20),
            read_text(pubkey, "public key", 1 << 20),
        )
        anchors.append(
            Anchor(f"the checkpoint signed for {note.origin}", note.records, note.root.hex())
        )
    return anchors


@click.command()
@click.argument("export_file", required=False, metavar="[EXPORT]")
@click.option(
    "--since-manifest",
    metavar="OLD",
    help="An earlier export's manifest: check "
    "that this log or export extends it (same first records, nothing rewritten).",
)
@click.option("--checkpoint", metavar="NOTE", help="A signed checkpoint to check against.")
@click.option("--pubkey", metavar="FILE", help="The public key the checkpoint is signed with.")
@click.option(
    "--log-only",
    is_flag=True,
    help="Check the log alone: skip rebuilding the views to compare them with the live ones.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def verify(
    ctx: click.Context,
    export_file: str | None,
    since_manifest: str | None,
    checkpoint: str | None,
    pubkey: str | None,
    log_only: bool,
    as_json: bool,
) -> None:
    """Check that the log (or an export of it) was not altered.

    Recomputes every record's digest and the log's running digest from the raw store or
    export, checks that no recorded time goes back more than an hour along the log, and
    compares them with what the views recorded, the export's manifest, an earlier
    manifest and a signed checkpoint. In a store whose log verifies, the views are then
    rebuilt from the records they have read and compared table by table with the live
    ones (skip with --log-only). Exits 1 naming the first record that does not match,
    and says what it could not check.
    """
    from ccc.audit import exports
    from ccc.audit.verify import verify_store

    anchors = _anchors(since_manifest, checkpoint, pubkey)
    if export_file:
        report = exports.verify_export(export_file, anchors)
    else:
        report = verify_store(ctx.obj.store, anchors)
        if report.ok and not log_only:
            _compare_views(ctx.obj.store, report)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "records": report.records,
                    "running_digest": report.running,
                    "views_compared": report.views_compared,
                    "anchors_checked": report.anchors_checked,
                    "not_checked": report.notes,
                    "problems": [
                        {"position": p, "problem": what} for p, what in sorted(report.problems)
                    ],
                },
                indent=2,
            )
        )
    if not report.ok:
        more = len(report.problems) - 1
        extra = (
            f" ({more} more problem{'s' if more > 1 else ''}; --json lists them)" if more else ""
        )
        raise click.ClickException(report.first()[0].upper() + report.first()[1:] + "." + extra)
    if not as_json:
        what = f"{export_file} and its manifest" if export_file else "the store"
        checked = [f"the views ({report.views_compared} records)"] if report.views_compared else []
        checked += report.anchors_checked
        against = f"; it agrees with {', '.join(checked)}" if checked else ""
        click.echo(
            f"Verified {report.records} records in {what}: every digest holds{against}. "
            f"Running digest: {report.running}"
        )
        for note in report.notes:
            click.echo(f"Not checked: {note}.")


def _compare_views(store: Store, report: Any) -> None:
    """Rebuild the views from the records they have read and compare them with the live
    views, table by table (an edit to views.db changes what every query says)."""
    from ccc.commands.output import progress
    from ccc.projections.catch_up import compare_with_log

    with progress(report.views_compared, "Rebuilding the views to compare") as advance:
        compared = compare_with_log(store, advance)
    if compared is None:
        return
    position, differ = compared
    if differ:
        report.problem(
            position,
            f"the views differ from a fresh rebuild of the first {position} records in "
            f"{', '.join(sorted(differ))}: views.db was edited; run `ccc rebuild` to "
            "replace it, once you know who edited it",
        )
    else:
        report.anchors_checked.append(f"a fresh rebuild of the views ({position} records)")


@click.command()
@click.argument("file", metavar="FILE")
@click.option(
    "--full",
    is_flag=True,
    help="Every record, restricted ones included: for auditors, backups and moving a log.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Withhold restricted records (and replies to restricted letters): their lines keep "
    "only their digests, so the export still verifies and chains to the log.",
)
@click.pass_context
def export(ctx: click.Context, file: str, full: bool, public: bool) -> None:
    """Write every record as canonical JSON Lines to FILE, and FILE.manifest.json.

    Say which: --full (every record, restricted ones included) or --public (restricted
    records withheld). The format is specified in docs/export-format.md, for auditors who
    verify it with `ccc verify FILE` or with their own tools. `ccc import FILE` (ending
    .jsonl) loads a full export into an empty store; a public one is for publishing and
    cannot rebuild a log. The manifest of a public export says how many records it
    withholds.
    """
    from ccc.audit import exports

    if full == public:  # a full export holds what is restricted: never by default
        raise InvalidInput(
            "--full and --public cannot both be given; give one."
            if full
            else "say which export: --full (every record, restricted ones included: for "
            "auditors and backups) or --public (restricted records withheld, digests kept)."
        )
    for path in (file, exports.manifest_path(file)):
        ctx.obj.store.refuse_output(path, "export")
    withheld = exports.withheld_in_public(read_views(ctx)) if public else None
    manifest = exports.export(ctx.obj.store, file, withheld)
    kept = f" ({manifest['withheld']} withheld)" if public else ""
    click.echo(
        f"Exported {manifest['records']} records{kept} to {file}; manifest "
        f"{exports.manifest_path(file)}; final digest {manifest['final_digest']}"
    )


@click.command()
@click.argument("name")
@click.option(
    "--out",
    "prefix",
    required=True,
    metavar="PREFIX",
    help="Write the keys to PREFIX.key (private) and PREFIX.pub (public).",
)
@click.pass_context
def keygen(ctx: click.Context, name: str, prefix: str) -> None:
    """Make an Ed25519 key pair named NAME (such as example.org/ccc-log) for checkpoints.

    Keep PREFIX.key private (it is written readable by you alone, never inside a store);
    give PREFIX.pub to whoever verifies checkpoints.
    """
    import os

    from ccc.audit.checkpoints import new_key_pair

    if not prefix.strip():
        raise InvalidInput("--out needs a path prefix for the keys, such as ~/keys/ccc.")
    private_path, public_path = f"{prefix}.key", f"{prefix}.pub"
    store = ctx.obj.store
    for path in (private_path, public_path):
        store.refuse_output(path, "keys")
    for path in (private_path, public_path):
        if os.path.exists(path):
            raise InvalidInput(f"{path} exists already; choose another --out.")
    private, public = new_key_pair(name)
    try:  # readable by its owner alone, from the moment it exists
        descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise InvalidInput(f"cannot write {private_path}: {error.strerror}.") from error
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(private)
    write_file(store, public_path, public, "public key")
    click.echo(f"Wrote {private_path} (private: keep it safe) and {public_path} (public).")


@click.command()
@click.option("--key", "key_file", required=True, metavar="FILE", help="The private key file.")
@click.option("--out", metavar="NOTE", help="Write the note here (default: standard output).")
@click.pass_context
def checkpoint(ctx: click.Context, key_file: str, out: str | None) -> None:
    """Sign the log's current size and running digest (a note in C2SP checkpoint form).

    The store is verified first; a store that does not verify is not signed. Anyone with
    the public key can later check the log, or an export, against the note with
    `ccc verify --checkpoint NOTE --pubkey FILE`.
    """
    from ccc.audit.checkpoints import Checkpoint, key_name, sign
    from ccc.audit.verify import verify_store

    key_text = read_text(key_file, "private key", 1 << 20)
    name = key_name(key_text)
    report = verify_store(ctx.obj.store)
    if not report.ok:
        raise InvalidInput(f"the store does not verify, so it was not signed: {report.first()}")
    note = sign(Checkpoint(name, report.records, bytes.fromhex(report.running)), key_text)
    if out is not None:
        write_file(ctx.obj.store, out, note, "checkpoint")
        click.echo(f"Signed a checkpoint of {report.records} records to {out}.")
    else:
        click.echo(note, nl=False)


@click.group()
def roles() -> None:
    """Database roles for a log kept in PostgreSQL."""


@roles.command("setup")
@click.option(
    "--recorder", default="ccc_recorder", show_default=True, help="The role that records."
)
@click.option("--auditor", default="ccc_auditor", show_default=True, help="The role that reads.")
@click.pass_context
def roles_setup(ctx: click.Context, recorder: str, auditor: str) -> None:
    """Create a recorder role that may append to the log and an auditor role that may only
    read it, each usable as the user of a postgresql:// URL (run as the log's owner; set
    their passwords, if your server asks for them, with ALTER ROLE ... PASSWORD)."""
    from ccc.application.secretariat import open_secretariat
    from ccc.store.postgres import PostgresStore, setup_roles

    store = ctx.obj.store
    if not isinstance(store, PostgresStore):
        raise InvalidInput(
            "roles are for a log kept in PostgreSQL; give --store postgresql://USER@HOST/DB."
        )
    for role in (recorder, auditor):
        if not role.replace("_", "").isalnum() or not role[:1].isalpha():
            raise InvalidInput(
                f"'{role}' is not a role name ccc makes; use letters, digits and underscores, "
                "starting with a letter."
            )
    if recorder == auditor:
        raise InvalidInput("the recorder and the auditor must be two roles; give two names.")
    open_secretariat(store)  # the table and its triggers, if the log is new
    for line in setup_roles(store, recorder, auditor):
        click.echo(line[:1].upper() + line[1:] + ".")
