"""Checkpoints (điểm kiểm tra): the log's size and Merkle root at a moment, signed.

A checkpoint is small enough to publish, print or copy from paper, and it fixes
every event up to its size: the leaf of each event binds its log position, stream,
version and stored hash (docs/integrity.md gives the bytes). Pure: the files are
read and written by the command line, the log by `log_tree.LogTree`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from thidua.domain.auditor.integrity import HASH, StoredRow
from thidua.domain.auditor.merkle import leaf_hash
from thidua.domain.errors import ThiduaError
from thidua.domain.ids import key_id
from thidua.domain.service.signing import Signer
from thidua.domain.signatures import signature_holds

FORMAT = "thidua-checkpoint/1"
SHORT = re.compile(r"log@(\d+):([0-9a-f]{16,64})")
HEX = re.compile(r"[0-9a-f]*")


class CheckpointRefused(ThiduaError):
    """Raised when a checkpoint or proof file is not one, or its signature does not
    hold, or the store cannot prove anything against it."""

    rule = "checkpoint"


def leaf_bytes(position: int, stream: str, version: int, stored_hash: str) -> bytes:
    """An event's leaf: `position:stream:version:event_hash`, in UTF-8 (ASCII for
    every well-formed row)."""
    return f"{position}:{stream}:{version}:{stored_hash}".encode()


def row_leaf(row: StoredRow) -> bytes:
    """The leaf hash of a stored row; a row without a hash has an empty one."""
    stored = row.document.get(HASH)
    text = stored if isinstance(stored, str) else ""
    return leaf_hash(leaf_bytes(row.position, row.stream, row.version, text))


def canonical_json(body: Mapping[str, Any]) -> bytes:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


@dataclass(frozen=True)
class Checkpoint:
    """The first `tree_size` events of the log, ending at log `position`, have the
    Merkle root `root` (64 hex digits; 16 to 64 when copied from paper)."""

    tree_size: int
    position: int
    root: str
    taken_at: str | None = None
    signer: str | None = None
    key_id: str | None = None
    public_key: str | None = None
    signature: str | None = None

    def __str__(self) -> str:
        return f"log@{self.tree_size}:{self.root[:16]}"

    @property
    def complete(self) -> bool:
        """Whether the whole root is known, not only a prefix copied from paper."""
        return len(self.root) == 64

    def matches(self, root: str) -> bool:
        return root.startswith(self.root)

    def signed_hash(self) -> str:
        """What the signature is over, as for events: the SHA-256 of the
        checkpoint's JSON without `signature` (keys sorted, compact, UTF-8)."""
        body = {"format": FORMAT, **asdict(self)}
        del body["signature"]
        return hashlib.sha256(canonical_json(body)).hexdigest()

    def signed(self, signer: Signer, holder: str) -> Checkpoint:
        named = replace(
            self, signer=holder, key_id=signer.key_id, public_key=signer.public_key
        )
        return replace(named, signature=signer.sign(named.signed_hash()))

    def signature_problem(
        self, keys: Mapping[str, tuple[str, str]] | None
    ) -> CheckpointRefused | None:
        """Why the signature does not hold (None when it does, or there is none).

        With `keys` (key id → holder, public key), the key must be registered to
        the signer there; without, the public key in the checkpoint is used."""
        if self.signature is None:
            return None
        if self.public_key is None or key_id(self.public_key) != self.key_id:
            return CheckpointRefused(
                "checkpoint {checkpoint}: its key id does not name its public key",
                checkpoint=self,
            )
        if keys is not None:
            holder, registered = keys.get(str(self.key_id), (None, ""))
            if holder != self.signer or registered != self.public_key:
                return CheckpointRefused(
                    "checkpoint {checkpoint}: key {key} is not registered to {signer}",
                    checkpoint=self,
                    key=self.key_id,
                    signer=self.signer,
                )
        if not signature_holds(self.public_key, self.signed_hash(), self.signature):
            return CheckpointRefused(
                "checkpoint {checkpoint}: the signature of {signer} does not hold",
                checkpoint=self,
                signer=self.signer,
            )
        return None

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}

    @classmethod
    def from_json(cls, data: Any, where: str) -> Checkpoint:
        """A checkpoint from its JSON object; refused if a field is missing or odd."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise CheckpointRefused(
                "{where} is not a thidua checkpoint ({format})",
                where=where,
                format=FORMAT,
            )
        found: dict[str, Any] = {k: data.get(k) for k in cls.__dataclass_fields__}
        counts = (found["tree_size"], found["position"])
        texts = [v for k, v in found.items() if k not in ("tree_size", "position")]
        if (
            not all(type(n) is int and n >= 0 for n in counts)
            or not all(v is None or isinstance(v, str) for v in texts)
            or not _hex(found["root"], 64)
            or not all(
                _hex(found[key], size) or found[key] is None
                for key, size in (("key_id", 16), ("public_key", 64))
            )
            or not (found["signature"] is None or _hex(found["signature"], 128))
        ):
            raise CheckpointRefused(
                "{where}: a field of the checkpoint is missing or malformed",
                where=where,
            )
        return cls(**found)

    @classmethod
    def parse(cls, text: str) -> Checkpoint | None:
        """A checkpoint as printed or copied from paper, `log@60:a4f2df4ec672188e`;
        None if the text is not one."""
        match = SHORT.fullmatch(text.strip().lower())
        if not match:
            return None
        return cls(tree_size=int(match[1]), position=0, root=match[2])


def _hex(value: object, size: int) -> bool:
    return isinstance(value, str) and len(value) == size and bool(HEX.fullmatch(value))
