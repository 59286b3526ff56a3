"""An auditor's own verifier, written from docs/integrity.md alone, agrees with thidua.

It uses nothing of thidua: sqlite3, json and hashlib over the stored rows.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from thidua.cli import main

GENESIS = "0" * 64


def verify_from_the_document(path: Path) -> dict[str, tuple[int, str]]:
    """Each stream's (version, head); raises AssertionError at the first break."""
    connection = sqlite3.connect(path)
    heads: dict[str, tuple[int, str]] = {}
    rows = connection.execute(
        "SELECT originator_id, originator_version, topic, state FROM stored_events"
        " ORDER BY originator_id, originator_version"
    )
    for stream, version, topic, state in rows:
        last_version, expected = heads.get(stream, (0, GENESIS))
        document = json.loads(state)
        assert version == last_version + 1
        assert document["previous_hash"] == expected
        unhashed = ("event_hash", "signature", "key_id")
        body = {k: v for k, v in document.items() if k not in unhashed}
        body.update(_event=topic.split(":")[1], _stream=stream, _version=version)
        text = json.dumps(
            body, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        assert (
            hashlib.sha256(text.encode("utf-8")).hexdigest() == document["event_hash"]
        )
        heads[stream] = (version, document["event_hash"])
    connection.close()
    return heads


def test_a_verifier_written_from_the_documentation_agrees(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(path), "-q", "demo"]).exit_code == 0
    digests = json.loads(
        runner.invoke(
            main, ["--db", str(path), "audit", "digest", "--format", "json"]
        ).stdout
    )

    heads = verify_from_the_document(path)

    lines = "".join(f"{s}:{v}:{h}\n" for s, (v, h) in sorted(heads.items()))
    store = next(d for d in digests if d["subject"] == "store (all streams)")
    assert hashlib.sha256(lines.encode("ascii")).hexdigest() == store["head"]
    assert sorted(v for v, _ in heads.values()) == sorted(
        d["version"] for d in digests if d["subject"] != "store (all streams)"
    )
