"""Two or three examples at the end of each command's `--help`, kept
in one place; tests/cli/test_help_examples.py runs every one of them on the 2025 example."""

from __future__ import annotations

import click

EXAMPLES: dict[str, list[str]] = {
    "status": [
        "ccc status --open --limit 20",
        "ccc status --as-of 2025-06-30",
        "ccc status --public --json",
    ],
    "history": [
        "ccc history cambodia-thailand-2025",
        "ccc history ukraine-art1-2025 --as-of 2025-03-01 --json",
    ],
    "log": ["ccc log --limit 20", "ccc log --party Ukraine --kind meeting"],
    "info": ["ccc info", "ccc info --json"],
    "record": [
        'ccc record note --occurred 2026-01-15 --summary "A call with the ISU."',
        "ccc record coverage --article 7 --from 2025-01-01",
        "ccc record undertaking --help",
    ],
    "case": [
        'ccc case open peru-2026 --title "Peru, Article 9" --occurred 2026-01-10',
        "ccc case show cambodia-thailand-2025",
    ],
    "case open": [
        'ccc case open chile-2026 --title "Chile, Article 1" --state Chile \\',
        "    --occurred 2026-02 --origin allegation",
    ],
    # The kinds a new officer records first.
    "record letter": [
        "ccc record letter --to Peru --subject Law --summary Law. --occurred 2026-01",
        "ccc record letter --to Peru --subject Law --occurred 2026-01-15 \\",
        "    --reply-requested-by 2026-03-15 --summary Law. --case peru-2026",
    ],
    "record meeting": [
        'ccc record meeting --with Peru --occurred 2026-01-20 --summary "Talks."',
        "ccc record meeting --with Ukraine --format margins --occurred 2026-06-16 \\",
        '    --margins-of "Intersessional Meetings 2026" --summary "On the margins."',
    ],
    "record allegation": [
        "ccc record allegation --against Peru --nature use --occurred 2026-01 \\",
        '    --by Chile --summary "Alleged use." --case peru-2026',
    ],
    # The public record around the log, in its own words (the 18MSP, 2020).
    "record decision": [
        'ccc record decision --meeting "Eighteenth Meeting of the States Parties" \\',
        '    --decided "regretted that Eritrea had not submitted a request" \\',
        "    --concerning Eritrea --occurred 2020-11-16/2020-11-20",
    ],
    "record statement": [
        'ccc record statement --by Argentina --at "the 18MSP" --occurred 2020-11 \\',
        '    --about "in connection with the announcement by the United Kingdom" \\',
        "    --document APLC/MSP.18/2020/MISC.4",
    ],
    "import": ["ccc import examples/2025-activities.yaml"],
    "correct": [
        'ccc correct ID --set occurred=2025-07-24 --reason "The source says 24 July."',
    ],
    "retract": ['ccc retract ID --reason "Recorded twice."'],
    "register": ["ccc register load"],
    "register load": ["ccc register load", "ccc register load my-depositary-table.csv"],
    "members": ["ccc members --as-of 2026-02-03", "ccc members --as-of 2020-01-01 --signatories"],
    "deadlines": [
        "ccc deadlines --overdue",
        "ccc deadlines --party Ukraine --as-of 2016-06-02 --all",
        "ccc deadlines --not-tracked --csv",
    ],
    "party": ["ccc party show Cambodia", 'ccc party add "Islamic State" --kind armed-group'],
    "party show": ["ccc party show Cambodia", "ccc party show Ukraine --as-of 2016-06-02 --json"],
    "party add": [
        'ccc party add "Islamic State" --kind armed-group --alias ISIL --alias Daesh',
        'ccc party add HRMMU --kind mechanism --title "UN monitoring mission"',
    ],
    "report": ["ccc report activities --from 2025-01-01 --to 2025-12-31 --public"],
    "report activities": [
        "ccc report activities --from 2025-01-01 --to 2025-12-31 --public",
        "ccc report activities --from 2025-07-01 --to 2025-12-31 --out h2.md",
        "ccc report activities --from 2025-01-01 --to 2025-12-31 --trace",
    ],
    "report case": [
        "ccc report case cambodia-thailand-2025",
        "ccc report case ukraine-art1-2025 --format html --out case.html --public",
    ],
    "report summary": ["ccc report summary --year 2025", "ccc report summary --year 2025 --csv"],
    "check": ["ccc check", "ccc check --as-of 2025-12-31 --from 2025-01-01 --to 2025-12-31"],
    "verify": ["ccc verify", "ccc export --full export.jsonl && ccc verify export.jsonl"],
    "export": [
        "ccc export --full export.jsonl",
        "ccc export --public public.jsonl",
        "ccc verify export.jsonl",
    ],
    "keygen": ["ccc keygen example.org/ccc-log --out ccc-log-keys"],
    "checkpoint": [
        "ccc keygen example.org/ccc-log --out secretariat",
        "ccc checkpoint --key secretariat.key --out log.checkpoint",
        "ccc verify --checkpoint log.checkpoint --pubkey secretariat.pub",
    ],
    "rebuild": ["ccc rebuild", "ccc rebuild --check"],
    "roles": [
        "ccc --store postgresql://postgres@127.0.0.1/ccc roles setup",
        "ccc roles setup --recorder officers --auditor auditors",
    ],
    "serve": [
        "ccc serve",
        "ccc serve --port 8080 --restricted",
        "ccc serve --build-only",
    ],
}


def with_examples(command: click.Command, path: str) -> click.Command:
    """The command, and the subcommands its group holds, with their examples as the
    epilog (`\\b` keeps click from rewrapping the lines). A group whose commands are built
    on first use (common.LazyGroup: the record kinds, case open) gives each its examples
    then, so that a read command loads none of them."""
    examples = EXAMPLES.get(path)
    if examples and not command.epilog:
        command.epilog = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in examples)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            with_examples(sub, f"{path} {name}")
    return command
