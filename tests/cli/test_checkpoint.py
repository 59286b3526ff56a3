"""`thidua audit checkpoint`, `verify --checkpoint`, `prove` and `check-proof`."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from insider import Insider

from thidua.cli import main

MAI = "Đỗ Thị Mai"


@pytest.fixture
def store(store_url: str) -> str:
    assert (
        CliRunner()
        .invoke(main, ["--db", store_url, "-q", "demo", "--self-declared"])
        .exit_code
        == 0
    )
    return store_url


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(store), *args], catch_exceptions=False)


def checkpoint(store: str, path: Path, *args: str) -> dict[str, Any]:
    result = run(store, "audit", "checkpoint", "--out", str(path), *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(path.read_text("utf-8")))


def test_a_checkpoint_is_written_and_printed_in_a_form_to_copy(
    store: str, tmp_path: Path
) -> None:
    path = tmp_path / "checkpoint.json"

    result = run(store, "audit", "checkpoint", "--out", str(path))

    held = json.loads(path.read_text("utf-8"))
    size = held["tree_size"]
    short = f"log@{size}:{held['root'][:16]}"
    assert held["format"] == "thidua-checkpoint/1"
    assert (held["position"], held["signature"]) == (size, None)
    assert (
        size
        == json.loads(run(store, "audit", "digest", "--format", "json").stdout)[-1][
            "version"
        ]
    )
    assert result.stdout.splitlines()[0] == f"Checkpoint (điểm kiểm tra) {short}"
    assert held["root"] in result.stdout
    assert f"verify --checkpoint {path}" in result.stderr


def test_the_store_extends_its_checkpoint_in_a_file_or_copied_from_paper(
    store: str, tmp_path: Path
) -> None:
    held = checkpoint(store, tmp_path / "cp.json")
    size = held["tree_size"]
    short = f"log@{size}:{held['root'][:16]}"

    result = run(store, "audit", "verify", "--checkpoint", str(tmp_path / "cp.json"),
                 "--checkpoint", short, "--format", "json")  # fmt: skip

    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["checkpoints"]
    assert [f["holds"] for f in found] == [True, True]
    assert found[1]["finding"] == f"the log extends {short} ({size} events now)"


def test_a_truncated_store_fails_its_checkpoint_in_one_line(
    store: str, tmp_path: Path
) -> None:
    held = checkpoint(store, tmp_path / "cp.json")
    size, left = held["tree_size"], held["tree_size"] - 2
    insider = Insider(store)
    insider.drop_triggers()
    insider.cut_tail(after=left)
    insider.connection.close()

    english = run(store, "audit", "verify", "--checkpoint", str(tmp_path / "cp.json"))
    vietnamese = run(
        store, "--lang", "vi", "audit", "verify", "--checkpoint", f"{tmp_path}/cp.json"
    )

    short = f"log@{size}:{held['root'][:16]}"
    assert english.exit_code == vietnamese.exit_code == 1
    assert english.stderr == (
        f"Error: audit: verification failed: {short} covers {size} events up to"
        f" position {size}; the log now ends at position {left} with {left}: its tail"
        " was cut off\n"
    )
    # The console wraps a long line where it likes: the words, not the breaks, count.
    said = " ".join(vietnamese.stdout.split())
    assert f"Điểm kiểm tra {tmp_path}/cp.json ({short}): KHÔNG ĐẠT" in said
    assert vietnamese.stderr.startswith("Lỗi: audit (kiểm tra không đạt):")
    assert "phần cuối đã bị cắt bỏ" in vietnamese.stderr


def test_a_signed_checkpoint_whose_file_was_altered_is_refused(
    store: str, tmp_path: Path
) -> None:
    key = tmp_path / "mai.pem"
    public_key = run(store, "keys", "generate", str(key)).stdout.strip()
    assert run(store, "keys", "register", public_key, "--as", MAI,
               "--sign", str(key)).exit_code == 0  # fmt: skip
    path = tmp_path / "cp.json"
    held = checkpoint(store, path, "--sign", str(key), "--as", MAI)
    assert run(store, "audit", "verify", "--checkpoint", str(path)).exit_code == 0
    smaller = held["tree_size"] - 1
    path.write_text(json.dumps({**held, "tree_size": smaller}), "utf-8")

    result = run(store, "audit", "verify", "--checkpoint", str(path))

    assert held["signer"] == MAI
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: checkpoint: checkpoint log@{smaller}:{held['root'][:16]}: the"
        f" signature of {MAI} does not hold\n"
    )


def test_a_checkpoint_signed_with_an_unregistered_key_is_refused(
    store: str, tmp_path: Path
) -> None:
    key = tmp_path / "mai.pem"
    run(store, "keys", "generate", str(key))

    result = run(store, "audit", "checkpoint", "--sign", str(key), "--as", MAI)

    assert result.exit_code == 1
    assert "is not registered to Đỗ Thị Mai" in result.stderr


def test_a_units_proof_is_checked_without_the_store(store: str, tmp_path: Path) -> None:
    checkpoint(store, tmp_path / "cp.json")
    proof = tmp_path / "snv.json"
    held = str(tmp_path / "cp.json")
    made = run(store, "audit", "prove", "TMTH/2020", "snv", "--checkpoint", held,
               "--out", str(proof))  # fmt: skip
    nowhere = tmp_path / "no-store.db"

    checked = run(str(nowhere), "audit", "check-proof", str(proof),
                  "--checkpoint", str(tmp_path / "cp.json"))  # fmt: skip

    assert made.exit_code == 0, made.output
    events = len(json.loads(proof.read_text("utf-8"))["events"])
    assert events >= 10
    assert f"Wrote {proof}: {events} event(s) of SNV in TMTH/2020" in made.stderr
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.count("included") == events
    assert f"The proof holds: {events} event(s) of SNV in TMTH/2020" in checked.stdout
    assert not nowhere.exists()


def test_an_altered_proof_fails_offline(store: str, tmp_path: Path) -> None:
    checkpoint(store, tmp_path / "cp.json")
    proof = tmp_path / "snv.json"
    run(store, "audit", "prove", "TMTH/2020", "SNV",
        "--checkpoint", str(tmp_path / "cp.json"), "--out", str(proof))  # fmt: skip
    data = json.loads(proof.read_text("utf-8"))
    closed = next(e for e in data["events"] if e["event"] == "ScoringClosed")
    closed["document"]["ranking"][1]["rank"] = 1
    proof.write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    result = run(store, "audit", "check-proof", str(proof))

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: audit: verification failed: version {closed['version']}"
        f" (ScoringClosed, position {closed['position']}): its document does not"
        " match its hash\n"
    )


def test_a_later_checkpoint_carries_its_consistency_proof_from_an_earlier_one(
    store: str, tmp_path: Path
) -> None:
    first = checkpoint(store, tmp_path / "first.json")
    run(store, "-q", "bloc", "create", "KHAC", "--name", "Khối khác",
        "--province", "Lào Cai")  # fmt: skip
    second = checkpoint(store, tmp_path / "second.json", "--since",
                        str(tmp_path / "first.json"))  # fmt: skip

    checked = run(store, "audit", "check-proof", str(tmp_path / "second.json"),
                  "--checkpoint", str(tmp_path / "first.json"))  # fmt: skip

    assert second["since"] == {
        "tree_size": first["tree_size"],
        "root": first["root"],
        "proof": second["since"]["proof"],
    }
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == (
        f"The consistency proof holds: log@{first['tree_size'] + 1}:"
        f"{second['root'][:16]} extends log@{first['tree_size']}:"
        f"{first['root'][:16]}.\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("not json", "is not JSON"),
        ('{"format": "other"}', "is not a thidua proof"),
        ('{"format": "thidua-proof/1", "checkpoint": 1}', "not a thidua checkpoint"),
    ],
)
def test_a_file_that_is_not_a_proof_is_refused_in_one_line(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "proof.json"
    if content is not None:
        path.write_text(content, "utf-8")

    result = run(str(tmp_path / "x.db"), "audit", "check-proof", str(path))

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: checkpoint: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_signer_named_in_decomposed_unicode_signs_as_registered(
    store: str, tmp_path: Path
) -> None:
    key = tmp_path / "mai.pem"
    public_key = run(store, "keys", "generate", str(key)).stdout.strip()
    run(store, "keys", "register", public_key, "--as", MAI, "--sign", str(key))
    decomposed = unicodedata.normalize("NFD", MAI)

    held = checkpoint(
        store, tmp_path / "cp.json", "--sign", str(key), "--as", decomposed
    )

    assert held["signer"] == MAI
    assert (
        run(store, "audit", "verify", "--checkpoint", f"{tmp_path}/cp.json").exit_code
        == 0
    )
