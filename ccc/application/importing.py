"""Importing: a YAML or JSON file of records, a verified export, the depositary's table.

Each is one batch through `writing.write()`: all of it, or (on any error) none.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, closing, nullcontext
from typing import Any, ClassVar, cast
from uuid import UUID

from eventsourcing.sqlite import SQLiteApplicationRecorder

from ccc.application import inputs
from ccc.application.inputs import Request
from ccc.application.labels import Labels
from ccc.application.secretariat import Outcome, open_secretariat
from ccc.application.writing import Lookups, validate, write
from ccc.domain import kinds
from ccc.errors import InvalidInput
from ccc.store.events import RECORDED_NOW
from ccc.store.files import open_checked, read_text
from ccc.store.paths import Store, last_event_position
from ccc.store.postgres import PostgresStore

Progress = Callable[[int, str], AbstractContextManager[Callable[[int], None]]]


def _loader() -> Any:
    """libyaml's safe loader when present, reading dates as the text they are: ccc parses
    every date itself (EDTF), so `2025-02-31` is refused with ccc's sentence instead of
    failing inside the YAML library."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    timestamp = "tag:yaml.org,2002:timestamp"

    class Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: ClassVar[dict[str, list[Any]]] = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != timestamp]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

    return Loader


def load_yaml_list(path: str, what: str) -> list[Any]:
    """A small YAML file that must hold a list (an outline, ...); one sentence if not."""
    value = _load(read_text(path, what), path)
    if not isinstance(value, list):
        raise InvalidInput(f"{path} is not a list; write one entry per line, each after '- '.")
    return value


def _load(text: str, path: str) -> Any:
    """YAML, read by libyaml when present; a JSON file (JSON is YAML) by the json module,
    which reads a large machine-made file some fifty times faster."""
    import yaml

    try:
        if text.lstrip().startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                pass  # YAML flow style, not JSON: let the YAML parser say what is wrong
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise InvalidInput(
            f"{path} is not valid YAML or JSON{line}; check its indentation and quotes."
        ) from error
    except RecursionError as error:
        raise InvalidInput(
            f"{path} is nested too deeply to be a list of records; give a list of mappings."
        ) from error


# A record a line, as programs write YAML: `- {"kind": "letter", ...}`, the mapping in JSON;
# blank lines and comments between. A line YAML would break elsewhere (U+0085, U+2028,
# U+2029 are line breaks to YAML 1.1) is not one.
_RECORD_LINE = re.compile(r"-[ ]+(\{[^\x85\u2028\u2029]*\})[ \t]*")
_NOTHING_LINE = re.compile(r"[ \t]*(?:#.*)?")
# What YAML 1.1 (PyYAML) reads as a float: with a point, and a sign on any exponent.
_YAML_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?")


class _NotAsYaml(ValueError):
    """A line whose JSON YAML would read otherwise (1e5: a string to YAML; NaN)."""


def _yaml_float(text: str) -> float:
    if not _YAML_FLOAT.fullmatch(text):
        raise _NotAsYaml(text)
    return float(text)


def _not_as_yaml(text: str) -> Any:
    raise _NotAsYaml(text)


def _entries(path: str) -> tuple[int, Iterator[Any]]:
    """How many entries the file holds, and each in turn, let go once read.

    A file written a record a line (`- {...}`, each mapping in JSON, comments and blank
    lines aside: what programs write) is read a line at a time by the json module, which
    reads the same values some forty times faster than the YAML parser and holds one at a
    time (the parser's whole-file tree took 0.7 GB for 100,000 records); the rest of a
    line file goes to the YAML parser from a line whose JSON YAML would read otherwise (a
    number such as 1e5 is text to YAML). A file that is one JSON array is read as
    json.loads reads it, an item at a time (`_array_items`: 136 MB for 100,000 records
    when read whole). Any other file goes to the YAML parser, whole."""
    count = _records_a_line(path)
    if count:
        return count, _lines(path)
    items = _json_array_count(path)
    if items is not None:
        return items, _array_items(path)
    value = _load(read_text(path, "import file"), path)
    if not isinstance(value, list):
        raise InvalidInput(f"{path} must hold a list of records (each a mapping with a kind).")
    return len(value), _consumed(value)


def _record_lines(path: str) -> Iterator[str | None]:
    """Each line of the file in turn: the mapping of a record line, None for a blank line
    or a comment; stops with ValueError at any other line, or at bytes not UTF-8."""
    with open_checked(path, "import file") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            record = _RECORD_LINE.fullmatch(line)
            if record is not None:
                yield record.group(1)
            elif _NOTHING_LINE.fullmatch(line):
                yield None
            else:
                raise ValueError(number)


def _records_a_line(path: str) -> int:
    """How many records the file holds if it is written a record a line, else 0 (read
    once, a line at a time, before any is parsed)."""
    try:
        return sum(1 for mapping in _record_lines(path) if mapping is not None)
    except ValueError:  # another line, or not UTF-8 (which the YAML path names)
        return 0


# What the json module takes for whitespace between values (json.decoder.WHITESPACE).
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_CHUNK = 1 << 20  # characters read at a time from a JSON array
_AFTER_ITEM = frozenset(" \t\n\r,]")  # what may follow an item of an array


class _Text:
    """A file's text, decoded as read_text decodes it (UTF-8, a byte-order mark allowed),
    a chunk at a time, with a position in what is kept of it."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.decode = codecs.getincrementaldecoder("utf-8-sig")().decode
        self.text, self.at, self.ended = "", 0, False

    def more(self) -> bool:
        """Read the next chunk, dropping what was read past (False: the file had ended)."""
        if self.ended:
            return False
        data = self.handle.read(_CHUNK)
        self.ended = not data
        self.text = self.text[self.at :] + self.decode(data, final=self.ended)
        self.at = 0
        return True

    def next_char(self) -> str:
        """The next character that is not whitespace ("" at the end), not consumed."""
        while True:
            self.at = _JSON_SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text) or not self.more():
                return self.text[self.at : self.at + 1]

    def value(self, decoder: json.JSONDecoder) -> Any:
        """The array item that starts here, read whole. It is taken once what follows it
        in the text read so far may follow an item (whitespace, a comma, the closing
        bracket); otherwise, as when a number is cut by the end of a chunk ("0." of
        "0.5"), it is read again with more of the file."""
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.at)
                if self.ended or self.text[end : end + 1] in _AFTER_ITEM:
                    self.at = end
                    return value
            except json.JSONDecodeError:
                if self.ended:
                    raise
            self.more()


def _array_items(path: str) -> Iterator[Any]:
    """The items of a file that is one JSON array, each read by the json module's own
    decoder (raw_decode) as it is reached: what json.loads of the whole text gives, an item
    at a time, the file never held whole. ValueError (or RecursionError) wherever json.loads
    would refuse the file.

    Hand-written because the standard library reads JSON only whole; ijson, which streams
    it, is not among ccc's dependencies, and this is the json module's own parsing."""
    decoder = json.JSONDecoder()
    with open_checked(path, "import file") as handle:
        text = _Text(handle)
        if text.next_char() != "[":
            raise ValueError("not a JSON array")
        text.at += 1
        if text.next_char() == "]":
            text.at += 1
        else:
            while True:
                text.next_char()
                yield text.value(decoder)
                after = text.next_char()
                text.at += 1
                if after == "]":
                    break
                if after != ",":
                    raise ValueError("not a JSON array: an item is not followed by , or ]")
        if text.next_char():
            raise ValueError("not a JSON array: text after it")


def _json_array_count(path: str) -> int | None:
    """How many items the file holds if it is one JSON array (read once, an item at a
    time, before any is used), else None."""
    try:
        return sum(1 for _ in _array_items(path))
    except (ValueError, RecursionError):  # not a JSON array: the YAML path reads it whole
        return None


def _lines(path: str) -> Iterator[Any]:
    done = 0
    for mapping in _record_lines(path):
        if mapping is None:
            continue
        try:
            entry = json.loads(mapping, parse_float=_yaml_float, parse_constant=_not_as_yaml)
        except ValueError:  # not JSON, or not read alike: YAML reads the file, from here
            yield from _consumed(_load(read_text(path, "import file"), path), start=done)
            return
        done += 1
        yield entry


def _consumed(entries: list[Any], start: int = 0) -> Iterator[Any]:
    """The list's items from `start`, each dropped from it once given."""
    for index in range(start, len(entries)):
        entry, entries[index] = entries[index], None
        yield entry


def import_file(
    store: Store,
    file: str,
    recorded_by: str,
    lookups: Lookups | None = None,
    progress: Progress | None = None,
    waiting: Callable[[int], None] = lambda seconds: None,
) -> Counter[str]:
    """Import a YAML list of records: all of them, or (on any error) none. Returns how
    many were recorded ("recorded") and how many the log already held ("present").

    `lookups` resolves short ids and computed groups (see writing.Lookups).
    `progress(total, description)`, when given, is a context manager yielding a function
    to call with the number of records done (the CLI's progress bar)."""
    path = file
    count, entries = _entries(path)
    labels = Labels()

    def validated() -> Iterator[Request]:
        """Each entry, validated as the batch reaches it and then let go: the parsed file,
        its inputs and their events are never all held at once (a million records took
        18 GB). The first error stops the import before anything is written, as before."""
        for position, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or "kind" not in entry:
                raise InvalidInput(f"record {position} must be a mapping with a 'kind'.")
            values = dict(entry)
            kind = str(values.pop("kind"))
            label = values.pop("label", None)
            if inputs.model(kind) is None:
                known = ", ".join(inputs.input_kinds())
                raise InvalidInput(f"record {position}: kind '{kind}' is not one of: {known}.")
            try:
                item = validate(kind, values, cli=False, lookups=lookups)
            except InvalidInput as error:
                raise InvalidInput(f"record {position} ({kind}): {error}") from error
            owner = labels.claim(str(label), position) if label is not None else None
            if owner is not None:
                raise InvalidInput(
                    f"record {position}: the label '{label}' is already record "
                    f"{owner}'s; give each record its own label."
                )
            yield item

    tally: Counter[str] = Counter()
    with (
        progress(count, "Importing") if progress else nullcontext(None) as advance,
        closing(labels),
    ):
        write(
            store,
            validated(),
            recorded_by,
            lookups,
            labels=labels,
            where=lambda position, item: f"record {position} ({item.kind}): ",
            advance=advance or (lambda count: None),
            waiting=waiting,
            tally=tally,
        )
    return tally


ExportRow = tuple[str, int, str, bytes]  # originator id (hex), version, topic, state


def load_export(store: Store, rows: Iterable[ExportRow]) -> int:
    """Load the records of an export, already verified, into an empty store, event for
    event: the same positions, bytes and digests, so the views rebuild to the same rows.
    Returns how many."""
    if store.exists() and last_event_position(store):
        raise InvalidInput(
            f"an export can only be imported into an empty store, and {store.root} holds "
            "records; give another --store."
        )
    # Every trigger is installed with the log; the load turns the recorded-time check off
    # and on again inside its own transaction, so a load cut short (kill -9) leaves the log
    # with all of them, never without the check.
    app = open_secretariat(store)
    if isinstance(store, PostgresStore):
        return _load_into_postgres(store, app.recorder, rows)
    recorder = cast(SQLiteApplicationRecorder, app.recorder)
    count = 0
    # One transaction: the events go in with the times they were recorded (so the check
    # that new events are recorded now is off inside it), and the check is back on before
    # anyone else can write. Plain SQL: the library's insert cannot share the transaction.
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS stored_events_recorded_now")
        for originator, version, topic, state in rows:
            cursor.execute(
                "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
                "VALUES (?, ?, ?, ?)",
                (UUID(originator).hex, version, topic, state),
            )
            count += 1
        cursor.execute(RECORDED_NOW)
    return count


def _load_into_postgres(store: PostgresStore, recorder: Any, rows: Iterable[ExportRow]) -> int:
    """load_export on PostgreSQL: the same, in one transaction holding the table's lock;
    the trigger that numbers positions gives them 1, 2, 3... as the export does."""
    from ccc.store.postgres import AS_RECORDED, TABLE, table_schema, trigger

    count = 0
    with recorder.datastore.transaction(commit=True) as cursor:
        _, schema = table_schema(cursor)
        cursor.execute(f"LOCK TABLE {schema}.{TABLE} IN EXCLUSIVE MODE")
        for name in AS_RECORDED:  # the records keep the times and names they were given
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {schema}.{TABLE}")
        for originator, version, topic, state in rows:
            cursor.execute(
                f"INSERT INTO {schema}.{TABLE} (originator_id, originator_version, topic, state) "
                "VALUES (%s, %s, %s, %s)",
                (UUID(originator), version, topic, state),
            )
            count += 1
        for name in AS_RECORDED:
            cursor.execute(trigger(name, schema))
    return count


def load_register(
    store: Store,
    path: str | None,
    recorded_by: str,
    waiting: Callable[[int], None] = lambda seconds: None,
) -> list[Outcome]:
    """Record each State's signature, deposit and withdrawal from a depositary table: the shipped
    `data/states-parties.csv` by default. Loading it again records nothing new."""
    import csv
    from datetime import date
    from importlib import resources

    from ccc.domain import convention

    if path is None:
        name, text = (
            "states-parties.csv",
            (resources.files("ccc").joinpath("data", "states-parties.csv").read_text("utf-8")),
        )
    else:
        name, text = path, read_text(path, "depositary table")
    rows = list(csv.DictReader(text.splitlines()))
    wanted = {"iso3", "deposit_date", "instrument", "entry_into_force", "source"}
    if not rows or not wanted <= set(rows[0]):
        raise InvalidInput(
            f"{name} is not a depositary table: it needs the columns {', '.join(sorted(wanted))}."
        )
    items: list[Request] = []
    for number, row in enumerate(rows, start=2):
        keys, _, note = row["source"].partition(" | ")
        source = f"UN depositary table, {name} ({keys})"
        values: dict[str, Any] = {
            "state": row["iso3"],
            "instrument": row["instrument"],
            "occurred": row["deposit_date"],
            "source": source,
        }
        try:
            listed = date.fromisoformat(row["entry_into_force"])
            if listed != convention.entry_into_force(date.fromisoformat(row["deposit_date"]))[0]:
                values.update(
                    entry_into_force=row["entry_into_force"],
                    entry_into_force_reason=note or f"as {name} gives it",
                )
        except ValueError as error:
            raise InvalidInput(f"line {number} of {name}: {error}.") from error
        if row.get("signature_date"):
            signed = {"state": row["iso3"], "occurred": row["signature_date"], "source": source}
            items.append(_register_item(kinds.SIGNATURE, signed, name, number))
        items.append(_register_item(kinds.INSTRUMENT_DEPOSITED, values, name, number))
        if row.get("withdrawal_instrument_received"):
            items.append(
                _register_item(
                    kinds.WITHDRAWAL_RECEIVED,
                    {
                        "state": row["iso3"],
                        "occurred": row["withdrawal_instrument_received"],
                        "source": f"{source}{'; ' + note if note else ''}",
                    },
                    name,
                    number,
                )
            )
    return write(store, items, recorded_by, waiting=waiting)


def _register_item(kind: str, values: dict[str, Any], name: str, number: int) -> Request:
    try:
        return validate(kind, values, cli=False)
    except InvalidInput as error:
        raise InvalidInput(f"line {number} of {name}: {error}") from error
