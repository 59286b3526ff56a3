"""On a store with a key authority, a checkpoint is signed only by a key the
authority certified, by a holder it made an auditor: the keepers of the record
cannot vouch for it themselves."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from thidua.cli import main
from thidua.cli.demo_authority import ADMIN
from thidua.cli.story import OPERATOR
from thidua.domain.service.signing import Signer, seeded

OPERATOR_NAME = str(OPERATOR["name"])


def run(store: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(store), *args])


def pem(folder: Path, holder: str) -> str:
    """The demo's key of a holder, as a key file."""
    key = seeded(f"thidua-demo:{holder}")
    path = folder / f"{Signer(key).key_id}.pem"
    path.write_bytes(key)
    return str(path)


def governed(tmp_path: Path) -> Path:
    store = tmp_path / "governed.db"
    result = run(store, "-q", "demo", "--authority")
    assert result.exit_code == 0, result.output
    return store


def sign_checkpoint(store: Path, tmp_path: Path, holder: str) -> Result:
    out = str(tmp_path / "signed.json")
    key = pem(tmp_path, holder)
    signing = ["--sign", key, "--as", holder]
    return run(store, "audit", "checkpoint", "--out", out, *signing)


def test_an_operator_without_the_auditor_grant_cannot_sign_a_checkpoint(
    tmp_path: Path,
) -> None:
    store = governed(tmp_path)

    result = sign_checkpoint(store, tmp_path, OPERATOR_NAME)

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: grant: "), result.output
    assert "auditor" in result.stderr
    assert not (tmp_path / "signed.json").exists()


def test_a_key_the_authority_did_not_certify_cannot_sign_a_checkpoint(
    tmp_path: Path,
) -> None:
    store = governed(tmp_path)

    result = sign_checkpoint(store, tmp_path, "Trần Văn Giả")

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unregistered-key: "), result.output


def test_a_granted_auditor_signs_a_checkpoint_that_verify_accepts(
    tmp_path: Path,
) -> None:
    store = governed(tmp_path)
    admin = pem(tmp_path, ADMIN)
    granted = run(store, "authority", "grant", OPERATOR_NAME, "auditor",
                  "--as", ADMIN, "--sign", admin)  # fmt: skip
    assert granted.exit_code == 0, granted.output

    signed = sign_checkpoint(store, tmp_path, OPERATOR_NAME)
    held = str(tmp_path / "signed.json")
    verified = run(store, "audit", "verify", "--checkpoint", held)

    assert signed.exit_code == 0, signed.output
    assert verified.exit_code == 0, verified.output


def test_a_checkpoint_held_against_the_store_signed_by_no_auditor_is_refused(
    tmp_path: Path,
) -> None:
    from thidua.domain.auditor.checkpoint import Checkpoint

    store = governed(tmp_path)
    held = tmp_path / "held.json"
    assert run(store, "audit", "checkpoint", "--out", str(held)).exit_code == 0
    # An operator signs it past the command line, to vouch for the log themselves.
    unsigned = Checkpoint.from_json(json.loads(held.read_text("utf-8")), "held")
    forged = unsigned.signed(
        Signer(seeded(f"thidua-demo:{OPERATOR_NAME}")), OPERATOR_NAME
    )
    held.write_text(json.dumps(forged.to_json()), "utf-8")

    result = run(store, "audit", "verify", "--checkpoint", str(held))

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: checkpoint: "), result.output
    assert "had not made an auditor" in result.stderr
