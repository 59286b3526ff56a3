"""A checker of checkpoints and proofs written from docs/integrity.md alone.

It uses nothing of thidua (hashlib and json, and sqlite3 to read the rows); thidua
only makes the store and the files it checks.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from thidua.cli import main


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf(position: int, stream: str, version: int, event_hash: str) -> bytes:
    return h(b"\x00" + f"{position}:{stream}:{version}:{event_hash}".encode())


def node(left: bytes, right: bytes) -> bytes:
    return h(b"\x01" + left + right)


def mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return h(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def inclusion_holds(
    index: int, size: int, hashed: bytes, path: list[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2, step by step."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, hashed
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn // 2, sn // 2
        else:
            r = node(r, p)
        fn, sn = fn // 2, sn // 2
    return sn == 0 and r == root


def consistency_holds(
    first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2, step by step."""
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn % 2 == 1:
        fn, sn = fn // 2, sn // 2
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn // 2, sn // 2
        else:
            sr = node(sr, c)
        fn, sn = fn // 2, sn // 2
    return fr == first_root and sr == second_root and sn == 0


def canonical_hash(event: str, stream: str, version: int, document: Any) -> str:
    body = {
        k: v
        for k, v in document.items()
        if k not in ("event_hash", "signature", "key_id")
    }
    body.update(_event=event, _stream=stream, _version=version)
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cycle_stream(cycle: str) -> str:
    """uuid5(NAMESPACE_URL, "thidua:cycle:…") as 32 hex digits, by hand."""
    namespace = bytes.fromhex("6ba7b8119dad11d180b400c04fd430c8")
    digest = bytearray(
        hashlib.sha1(namespace + f"thidua:cycle:{cycle}".encode()).digest()
    )
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return bytes(digest[:16]).hex()


def root_of_the_store(path: Path) -> tuple[int, str]:
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT rowid, originator_id, originator_version, state FROM stored_events"
        " ORDER BY rowid"
    ).fetchall()
    connection.close()
    leaves = [
        leaf(position, stream, version, json.loads(state)["event_hash"])
        for position, stream, version, state in rows
    ]
    return len(leaves), mth(leaves).hex()


def thidua(path: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["--db", str(path), "-q", *args])
    assert result.exit_code == 0, result.output


def test_a_checker_written_from_the_documentation_agrees(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    thidua(store, "demo")
    thidua(store, "audit", "checkpoint", "--out", str(tmp_path / "first.json"))
    thidua(store, "authority", "grant", "Đỗ Thị Mai", "operator", "KHAC",
           "--as", "Lê Văn Hùng")  # fmt: skip
    thidua(
        store, "bloc", "create", "KHAC", "--name", "Khối khác", "--province", "Yên Bái"
    )
    thidua(store, "audit", "checkpoint", "--out", str(tmp_path / "second.json"),
           "--since", str(tmp_path / "first.json"))  # fmt: skip
    thidua(store, "audit", "prove", "TMTH/2020", "VPUBND", "--checkpoint",
           f"{tmp_path}/first.json", "--out", f"{tmp_path}/proof.json")  # fmt: skip
    first = json.loads((tmp_path / "first.json").read_text("utf-8"))
    second = json.loads((tmp_path / "second.json").read_text("utf-8"))
    proof = json.loads((tmp_path / "proof.json").read_text("utf-8"))

    size, root = root_of_the_store(store)
    since = second["since"]
    extends = consistency_holds(
        since["tree_size"],
        second["tree_size"],
        bytes.fromhex(first["root"]),
        bytes.fromhex(second["root"]),
        [bytes.fromhex(p) for p in since["proof"]],
    )
    included = [
        e["stream"] == cycle_stream(proof["cycle"])
        and canonical_hash(e["event"], e["stream"], e["version"], e["document"])
        == e["document"]["event_hash"]
        and inclusion_holds(
            e["index"],
            proof["checkpoint"]["tree_size"],
            leaf(e["position"], e["stream"], e["version"], e["document"]["event_hash"]),
            [bytes.fromhex(p) for p in e["path"]],
            bytes.fromhex(proof["checkpoint"]["root"]),
        )
        for e in proof["events"]
    ]

    assert (size, root) == (second["tree_size"], second["root"])
    assert size == first["tree_size"] + 2  # the grant, then the bloc
    assert (since["tree_size"], since["root"]) == (first["tree_size"], first["root"])
    assert extends
    assert proof["checkpoint"]["root"] == first["root"]
    assert len(included) >= 10
    assert all(included)
    assert not consistency_holds(
        size - 1, size, bytes.fromhex(second["root"]), bytes.fromhex(first["root"]),
        [bytes.fromhex(p) for p in since["proof"]],
    )  # fmt: skip
