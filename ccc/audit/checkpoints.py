"""Signed checkpoints: the log's size and running digest, signed with Ed25519.

Notes and keys follow C2SP's signed-note format (c2sp.org/signed-note), and the note text
follows tlog-checkpoint (c2sp.org/tlog-checkpoint): origin, record count, base64 root.
Our root is the log's running digest (ccc.store.integrity), not a Merkle tree head, so a
checkpoint proves a whole prefix of the log, not the inclusion of one record.

    ccc.example/committee-log
    25
    q0W0...=

    — ccc.example/committee-log Az3g...

Keys are text, as Go's `note` package writes them:
    private: PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 || 32-byte seed)>
    public:  <name>+<key id, 8 hex>+<base64(0x01 || 32-byte public key)>
key id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ccc.errors import InvalidInput

ED25519 = b"\x01"
NAME = re.compile(r"^[^\s+]+$")


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    records: int
    root: bytes  # the running digest after `records` records


def key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def new_key_pair(name: str) -> tuple[str, str]:
    """(private key text, public key text) for a new Ed25519 key named `name`."""
    if not NAME.match(name):
        raise InvalidInput(f"'{name}' cannot name a key: use no spaces and no '+'.")
    private = Ed25519PrivateKey.generate()
    public = _raw_public(private.public_key())
    ident = key_id(name, public).hex()
    seed = base64.b64encode(ED25519 + _raw_private(private)).decode()
    verifier = base64.b64encode(ED25519 + public).decode()
    return f"PRIVATE+KEY+{name}+{ident}+{seed}\n", f"{name}+{ident}+{verifier}\n"


def _parse_key(text: str, private: bool) -> tuple[str, bytes, bytes]:
    """(name, key id, 32 key bytes) of a key file's text."""
    text = text.strip()
    if private:
        if not text.startswith("PRIVATE+KEY+"):
            raise InvalidInput("that is not a ccc private key (PRIVATE+KEY+name+id+key).")
        text = text.removeprefix("PRIVATE+KEY+")
    parts = text.split("+", 2)  # base64 may hold '+' too: the key comes last
    if len(parts) != 3:
        raise InvalidInput("that is not a ccc public key (name+id+key).")
    name, ident, encoded = parts
    try:
        raw = base64.b64decode(encoded, validate=True)
        ident_bytes = bytes.fromhex(ident)
    except ValueError as error:
        raise InvalidInput("the key file is damaged (its key is not base64).") from error
    if len(raw) != 33 or raw[:1] != ED25519 or len(ident_bytes) != 4:
        raise InvalidInput("the key file does not hold an Ed25519 key.")
    return name, ident_bytes, raw[1:]


def key_name(private_key_text: str) -> str:
    """The name in a private key file (a checkpoint's origin is its key's name)."""
    return _parse_key(private_key_text, private=True)[0]


def sign(checkpoint: Checkpoint, private_key_text: str) -> str:
    """The signed note for a checkpoint."""
    name, ident, seed = _parse_key(private_key_text, private=True)
    key = Ed25519PrivateKey.from_private_bytes(seed)
    if key_id(name, _raw_public(key.public_key())) != ident:
        raise InvalidInput("the private key file is damaged (its id does not match its key).")
    text = (
        f"{checkpoint.origin}\n{checkpoint.records}\n{base64.b64encode(checkpoint.root).decode()}\n"
    )
    signature = base64.b64encode(ident + key.sign(text.encode())).decode()
    return f"{text}\n\u2014 {name} {signature}\n"


def open_note(note: str, public_key_text: str) -> Checkpoint:
    """The checkpoint a note states, once its signature by that key is verified."""
    name, ident, public = _parse_key(public_key_text, private=False)
    if key_id(name, public) != ident:
        raise InvalidInput("the public key file is damaged (its id does not match its key).")
    text, separator, signatures = note.rpartition("\n\n")
    if not separator:
        raise InvalidInput("that is not a signed checkpoint note (no blank line).")
    text += "\n"
    key = Ed25519PublicKey.from_public_bytes(public)
    for line in signatures.splitlines():
        prefix = f"\u2014 {name} "
        if not line.startswith(prefix):
            continue
        try:
            raw = base64.b64decode(line[len(prefix) :], validate=True)
        except ValueError as error:
            raise InvalidInput(
                f"the checkpoint's signature line by {name} is damaged (not base64)."
            ) from error
        if raw[:4] != ident:
            continue
        try:
            key.verify(raw[4:], text.encode())
        except InvalidSignature as error:
            raise InvalidInput(
                f"the checkpoint's signature by {name} does not verify: the note was altered."
            ) from error
        return _parse_text(text)
    raise InvalidInput(f"the checkpoint is not signed by the key {name} ({ident.hex()}).")


def _parse_text(text: str) -> Checkpoint:
    lines = text.split("\n")
    try:
        origin, records, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
    except (IndexError, ValueError) as error:
        raise InvalidInput("the checkpoint's text is not origin, count and root.") from error
    if len(root) != 32:
        raise InvalidInput("the checkpoint's root is not a SHA-256 digest.")
    return Checkpoint(origin, records, root)
