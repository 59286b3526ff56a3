"""The commendation commands: a bloc's dossier for the Flag through the board,
the council and the chair's decision, on a store whose bloc has just proposed;
and the demo's own dossier, session and decision, printed and counted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from thidua.cli import main

MEMBERS = ["Chiến", "Khánh", "Văn", "Sinh", "Cường"]


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", store, *args], catch_exceptions=False)


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A store whose bloc TMTH has proposed VPUBND for the Flag (P1 of 2020)."""
    from season import propose

    from thidua.store import build_app

    from support import Desk

    db = str(tmp_path / "thidua.db")
    app = build_app(db)
    propose(Desk(app), "TMTH", "VPUBND")
    app.close()
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    assert run(db, "-q", "demo").exit_code == 0
    return db


def appraised(store: str, tmp_path: Path) -> None:
    """The bloc's dossier for the Flag, through the board, published."""
    steps = [
        ["dossier", "open", "HS1", "TMTH/2020", "--proposal", "P1", "--by", "SKHĐT"],
        *(
            ["dossier", "attach", "HS1", str(tmp_path / f"{kind}.txt"), "--kind", kind]
            for kind in ("request", "report", "minutes")
        ),
        ["dossier", "submit", "HS1"],
        ["dossier", "receive", "HS1"],
        ["dossier", "appraise", "HS1", "--on", "2021-01-29"],
        ["dossier", "notice", "HS1", "--from", "2021-02-01"],
    ]
    for kind in ("request", "report", "minutes"):
        (tmp_path / f"{kind}.txt").write_text(f"{kind} của khối", "utf-8")
    for step in steps:
        assert run(store, *step).exit_code == 0, (step, run(store, *step).output)


def council(store: str, day: str = "2021-03-01") -> list[Result]:
    members = [arg for name in MEMBERS for arg in ("--member", name)]
    members += ["--chair", "Chiến"]
    return [
        run(store, "council", "open", "HD1", "--date", day, *members),
        run(
            store,
            "council",
            "attend",
            "HD1",
            *(arg for name in MEMBERS[:4] for arg in ("--present", name)),
        ),
        run(store, "council", "add", "HD1", "HS1"),
        run(
            store,
            "council",
            "opinion",
            "HD1",
            "HS1",
            "P1",
            "--member",
            "Cường",
            "--choice",
            "yes",
        ),
        run(store, "council", "count", "HD1", "HS1", "P1", "--yes", "4"),
        run(store, "council", "close", "HD1"),
    ]


def issue(store: str) -> Result:
    return run(
        store,
        "decision",
        "issue",
        "215/QĐ-UBND",
        "--date",
        "2021-03-05",
        "--signer",
        "Trịnh Xuân Trường",
        "--authority",
        "Chủ tịch UBND tỉnh Lào Cai",
        "--session",
        "HD1",
    )


def test_the_demo_s_flag_goes_from_dossier_to_decision_with_its_reward(
    store: str, tmp_path: Path
) -> None:
    appraised(store, tmp_path)
    assert [r.exit_code for r in council(store)] == [0] * 6

    assert issue(store).exit_code == 0

    shown = run(store, "decision", "show", "215/QĐ-UBND", "--format", "csv")
    (line,) = csv.DictReader(io.StringIO(shown.stdout))
    assert (line["award"], line["amount"], line["cycle"]) == (
        "provincial-flag",
        "11920000",
        "TMTH/2020",
    )
    awards = run(store, "awards", "--bloc", "TMTH", "--format", "csv").stdout
    assert "215/QĐ-UBND" in awards


def test_the_decision_and_its_certificates_print_as_pdf(
    store: str, tmp_path: Path
) -> None:
    appraised(store, tmp_path)
    council(store)
    issue(store)

    printed = run(
        store,
        "decision",
        "print",
        "215/QĐ-UBND",
        "--pdf",
        str(tmp_path / "qd.pdf"),
        "--certificates",
        str(tmp_path / "bang-khen.pdf"),
    )

    assert printed.exit_code == 0, printed.output
    assert (tmp_path / "qd.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "bang-khen.pdf").read_bytes().startswith(b"%PDF")


def test_each_certificate_is_bound_to_the_log_s_checkpoint(
    demo: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    certificates = tmp_path / "bang-khen.pdf"
    run(demo, "decision", "print", "215/QĐ-UBND", "--pdf", str(tmp_path / "qd.pdf"),
        "--certificates", str(certificates))  # fmt: skip
    checkpoint = json.loads(run(demo, "audit", "checkpoint", "--format", "json").stdout)

    (page,) = PdfReader(certificates).pages
    text = " ".join(page.extract_text().split())
    assert f"checkpoint {checkpoint['short']}" in text
    assert len(page.images) == 1  # the whole checkpoint as a QR code


def test_the_province_s_form_counts_the_flag_of_the_year(
    store: str, tmp_path: Path
) -> None:
    appraised(store, tmp_path)
    council(store)
    issue(store)

    form = run(
        store,
        "report",
        "awards",
        "2021",
        "--province",
        "Lào Cai",
        "--format",
        "csv",
        "--xlsx",
        str(tmp_path / "0603.xlsx"),
        "--pdf",
        str(tmp_path / "0603.pdf"),
    )

    rows = {r["row"]: r for r in csv.DictReader(io.StringIO(form.stdout))}
    assert (rows["total"]["flag"], rows["collective"]["flag"]) == ("1", "1")
    assert rows["total"]["amount"] == "11920000"
    assert (tmp_path / "0603.xlsx").exists()


def test_the_province_s_form_is_titled_with_the_checkpoint_it_counts_to(
    demo: str,
) -> None:
    checkpoint = run(demo, "audit", "checkpoint", "--format", "json")
    form = run(demo, "report", "awards", "2021", "--province", "Lào Cai")

    short = json.loads(checkpoint.stdout)["short"]
    assert form.stdout.splitlines()[0] == (
        f"Form 0603.N/BNV-TĐKT, Lào Cai, 2021 (checkpoint {short})"
    )


def test_the_council_may_not_sit_on_a_dossier_still_on_notice(
    store: str, tmp_path: Path
) -> None:
    appraised(store, tmp_path)

    refused = council(store, day="2021-02-10")[2]

    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: public-notice: dossier HS1 must be")


def test_a_refusal_speaks_vietnamese(store: str) -> None:
    refused = run(store, "--lang", "vi", "dossier", "submit", "HS9")

    assert refused.exit_code == 1
    assert "không có dossier HS9" in refused.stderr or "HS9" in refused.stderr
    assert refused.stderr.count("\n") == 1


def test_the_tracker_shows_whom_a_dossier_waits_on(store: str, tmp_path: Path) -> None:
    appraised(store, tmp_path)

    listed = run(store, "dossier", "list", "--today", "2021-02-05", "--format", "csv")

    (row,) = csv.DictReader(io.StringIO(listed.stdout))
    assert (row["dossier"], row["status"], row["waits_on"]) == (
        "HS1",
        "appraised",
        "council",
    )


def test_the_council_s_minutes_print_with_its_checkpoint(
    store: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    appraised(store, tmp_path)
    council(store)

    printed = run(
        store,
        "--lang",
        "vi",
        "council",
        "minutes",
        "HD1",
        "--pdf",
        str(tmp_path / "bb.pdf"),
    )

    assert printed.exit_code == 0, printed.output
    text = PdfReader(tmp_path / "bb.pdf").pages[0].extract_text()
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text
    assert "Gắn với phiên họp HD1@7:" in text
    (seal,) = PdfReader(tmp_path / "bb.pdf").pages[0].images  # the checkpoint's QR
    assert seal.image is not None


def test_the_demo_s_decision_grants_the_flag_with_its_reward(demo: str) -> None:
    shown = run(demo, "decision", "show", "215/QĐ-UBND", "--format", "csv")
    listed = run(demo, "dossier", "list", "--format", "csv")

    (line,) = csv.DictReader(io.StringIO(shown.stdout))
    assert (line["recipient"], line["amount"]) == ("Văn phòng UBND tỉnh", "11920000")
    (row,) = csv.DictReader(io.StringIO(listed.stdout))
    assert (row["dossier"], row["status"]) == ("HS-TMTH-2020", "decided")


@pytest.mark.slow
def test_a_decision_line_rewritten_in_the_store_is_caught(
    demo: str, tmp_path: Path
) -> None:
    import shutil

    from insider import Insider

    copy = str(tmp_path / "forged.db")
    shutil.copy(demo, copy)
    insider = Insider(copy)
    insider.drop_triggers()
    insider.replace_text('"amount":11920000', '"amount":19200000')
    insider.connection.close()

    verified = run(copy, "audit", "verify", "--all")

    assert verified.exit_code == 1
    assert "its cycle granted" in verified.stdout  # the finding's last words


@pytest.mark.slow
def test_a_council_redated_inside_the_notice_period_is_caught(
    demo: str, tmp_path: Path
) -> None:
    import shutil

    from insider import Insider

    copy = str(tmp_path / "forged.db")
    shutil.copy(demo, copy)
    insider = Insider(copy)
    insider.drop_triggers()
    insider.replace_text('"held_on":"2021-03-02"', '"held_on":"2021-02-22"')
    insider.connection.close()

    verified = run(copy, "audit", "verify", "--all")

    assert verified.exit_code == 1
    assert "before its public notice ended (2021-02-23)" in verified.stdout


def test_a_chronology_refusal_in_vietnamese_writes_its_days_as_vietnamese_do(
    store: str, tmp_path: Path
) -> None:
    appraised(store, tmp_path)  # appraised on 29/01/2021

    refused = council(store, day="2021-01-27")[2]
    vietnamese = run(store, "--lang", "vi", "council", "add", "HD1", "HS1")

    assert refused.stderr == (
        "Error: dossier-chronology: dossier HS1 was appraised on 2021-01-29: the "
        "council's session cannot be dated 2021-01-27, before it\n"
    )
    assert "được thẩm định ngày 29/01/2021: phiên họp Hội đồng" in vietnamese.stderr
    assert "ghi ngày 27/01/2021" in vietnamese.stderr


def test_the_tracker_and_the_decision_write_days_as_vietnamese_do(demo: str) -> None:
    tracked = run(demo, "--lang", "vi", "dossier", "list", "--today", "2021-03-10")
    shown = run(demo, "--lang", "vi", "decision", "show", "215/QĐ-UBND")

    assert "05/03/2021" in tracked.stdout
    assert "2021-03-05" not in tracked.stdout
    assert shown.stdout.startswith("Quyết định 215/QĐ-UBND ngày 05/03/2021")
    assert "Cờ thi đua của UBND tỉnh" in shown.stdout
