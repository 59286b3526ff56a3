"""Everything people read speaks the --lang language, and fits an 80-column
terminal: every query and document of the demo store, in Vietnamese and English."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from stores import demo_store

from thidua.cli import main
from thidua.office.i18n import catalog, terms

QUERIES = [
    ("cycle", "status", "TMTH/2020"),
    ("cycle", "status", "TMTH/2021"),
    ("standings", "TMTH/2020"),
    ("standings", "TMTH/2021"),
    ("votes", "TMTH/2020"),
    ("awards",),
    ("participation", "TMTH/2020"),
    ("participation", "TMTH/2021"),
    ("audit", "log", "TMTH/2020"),
    ("audit", "verify", "TMTH/2020"),
    ("audit", "verify", "--all"),
    ("audit", "digest", "TMTH/2020"),
    ("audit", "digest"),
    ("audit", "explain", "TMTH/2020", "provincial-flag", "VPUBND"),
    ("audit", "explain", "TMTH/2020", "commendation", "Giàng A Sử"),
    ("audit", "replay", "TMTH/2020", "--version", "30"),
    ("bloc", "show", "TMTH"),
    ("bloc", "list"),
    ("projections", "status"),
    ("keys", "list"),
    ("errors",),
]
# `thidua errors` is reference, as --help is: its explanations stay English.
SAID = [query for query in QUERIES if query != ("errors",)]
BOX = re.compile("[\u2500-\u257f]")  # rich's borders and rules
DIGEST = re.compile(r"\b\w+@\d+:[0-9a-f]{16}\b")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_store(request.param, tmp_path_factory.mktemp("language")) as url:
        yield url


def run(store: str, *args: str, lang: str = "vi", width: int = 80) -> Result:
    runner = CliRunner(env={"COLUMNS": str(width), "THIDUA_LANG": lang})
    return runner.invoke(
        main, ["--db", store, *args], catch_exceptions=False, terminal_width=width
    )


def english_texts() -> set[str]:
    """What the catalogs say in English and a Vietnamese reader must not see: the
    words for every recorded code, every column header, and every header and
    title that Vietnamese gives by its English text."""
    english = catalog("en", "document") | catalog("en", "columns")
    found = set(english.values()) - set(catalog("vi", "document").values())
    for kind in catalog("en", "terms"):
        found |= set(terms("en", kind).values())
    found |= set(catalog("vi", "headers")) | set(catalog("vi", "titles"))
    found -= set(catalog("vi", "headers").values())
    return {text for text in found if re.search(r"[A-Za-z]{2}", text)}


def leaks(text: str) -> list[str]:
    return [
        english
        for english in sorted(english_texts())
        if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text)
    ]


def test_english_texts_are_collected_from_the_catalogs() -> None:
    found = english_texts()

    assert {"granted", "passed", "head", "ScoresSubmitted", "Rank (hạng)"} <= found
    assert len(found) > 150


@pytest.mark.parametrize("query", SAID, ids=" ".join)
def test_every_query_speaks_vietnamese_with_lang_vi(
    store: str, query: tuple[str, ...]
) -> None:
    result = run(store, *query)

    assert result.exit_code == 0, result.output
    # A digest is a code to type from paper (authority@8:…), the same in any language.
    assert leaks(DIGEST.sub(" ", result.output)) == []


def test_the_minutes_speak_vietnamese_with_lang_vi(store: str, tmp_path: Path) -> None:
    html = tmp_path / "bien-ban.html"

    result = run(store, "minutes", "TMTH/2020", "--html", str(html))

    assert result.exit_code == 0, result.output
    # What a person reads: the page without its style sheet and tags.
    page = re.sub(r"<style.*?</style>", " ", html.read_text("utf-8"), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", page)
    assert leaks(text) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_at_80_columns_no_code_number_or_date_is_split(
    store: str, query: tuple[str, ...], lang: str
) -> None:
    narrow = run(store, *query, lang=lang).stdout
    wide = run(store, *query, lang=lang, width=400).stdout

    def tokens(text: str) -> set[str]:
        return set(BOX.sub(" ", text).split())

    assert max(map(len, narrow.splitlines())) <= 80
    assert [line for line in narrow.splitlines() if line != line.rstrip()] == []
    # A word split across lines leaves pieces that the unwrapped table lacks.
    assert tokens(narrow) - tokens(wide) == set()


def test_json_and_csv_keep_the_stored_codes_and_points_in_vietnamese(
    store: str,
) -> None:
    votes = json.loads(run(store, "votes", "TMTH/2020", "--format", "json").stdout)
    standings = run(store, "standings", "TMTH/2020", "--format", "csv").stdout
    log = json.loads(run(store, "audit", "log", "TMTH/2020", "--format", "json").stdout)

    assert (votes[0]["outcome"], votes[0]["status"]) == ("passed", "closed")
    assert ",98.5," in standings
    assert log[0]["event"] == "CycleOpened"
    assert log[0]["summary"].startswith("cycle TMTH/2020 opened with 8 units")


def test_tables_write_numbers_and_days_as_vietnamese_does(store: str) -> None:
    standings = run(store, "standings", "TMTH/2020").stdout
    status = run(store, "cycle", "status", "TMTH/2020").stdout
    english = run(store, "standings", "TMTH/2020", lang="en").stdout

    assert "98,5" in standings
    assert "98.5" not in standings
    assert "16/01/2020" in status
    assert "2020-01-16" not in status
    assert "98.5" in english


def test_a_threshold_reads_in_words(store: str) -> None:
    vietnamese = run(store, "votes", "TMTH/2020", width=200).stdout
    english = run(store, "votes", "TMTH/2020", lang="en", width=200).stdout

    assert "quá 1/2 tổng số đơn vị có quyền bỏ phiếu" in vietnamese
    assert "more than 1/2 of eligible" in english


def test_the_audit_log_and_the_evidence_say_what_happened_in_vietnamese(
    store: str,
) -> None:
    log = run(store, "audit", "log", "TMTH/2020", width=200).stdout
    evidence = run(
        store, "audit", "explain", "TMTH/2020", "provincial-flag", "VPUBND", width=200
    ).stdout

    assert "Ký giao ước thi đua" in log
    assert "VPUBND ký giao ước: Lê Minh Tuấn, ngày 16/01/2020" in log
    assert "VPUBND xếp hạng 1/8 với 98,5 điểm (đã chốt)" in evidence
    assert "do Chủ tịch UBND tỉnh Lào Cai khen thưởng" in evidence


def test_a_digests_verdict_is_said_in_vietnamese(store: str) -> None:
    digests = json.loads(
        run(store, "audit", "digest", "TMTH/2020", "--format", "json").stdout
    )
    held = digests[1]["digest"]

    holds = run(store, "audit", "verify", "--digest", held)
    malformed = run(store, "audit", "verify", "--digest", "TMTH/2020@41:xyz")

    assert holds.exit_code == 0
    said = " ".join(holds.stdout.split())
    assert f"Mã kiểm tra {held}: khớp: TMTH/2020 vẫn nối tiếp {held}" in said
    assert malformed.exit_code == 1
    assert "không phải mã kiểm tra dạng" in malformed.stderr
    assert "is not a digest" not in malformed.output


def test_a_refusal_says_its_stages_actions_and_states_in_vietnamese(
    store: str,
) -> None:
    too_early = run(store, "vote", "open", "TMTH/2021", "leading-unit")
    unknown = run(store, "award", "revoke", "TMTH/2020", "A99", "--decision", "1/QĐ",
                  "--date", "2022-01-01", "--reason", "thử")  # fmt: skip

    assert too_early.exit_code == unknown.exit_code == 1
    assert (
        "không thể mở bỏ phiếu trong chu kỳ TMTH/2021: chu kỳ đang ở giai đoạn"
        " chấm điểm, việc này cần giai đoạn tổng kết, bình xét" in too_early.stderr
    )
    assert "khen thưởng A99 của TMTH/2020 không tồn tại" in unknown.stderr
    signed = run(store, "covenant", "sign", "TMTH/2021", "SNV", "--signatory", "An")
    own = run(store, "scores", "submit", "TMTH/2021", "SNV", "A1=20", "--assessed",
              "--by", "head")  # fmt: skip
    assert "đã ký giao ước của TMTH/2021 ngày 25/01/2021" in signed.stderr  # a day
    assert "SNV là Trưởng khối, không được tự thẩm định" in own.stderr
    for_another = run(store, "scores", "submit", "TMTH/2021", "STC", "A1=20",
                      "--role", "unit:SNV", "--as", "Đỗ Thị Mai")  # fmt: skip
    # The demo's authority refuses it first: Mai represents no unit.
    assert "Đỗ Thị Mai chưa được cơ quan cấp khóa cấp quyền" in for_another.stderr
    early_minutes = run(store, "minutes", "TMTH/2021", "--html", "/dev/null")
    assert "(giai đoạn chấm điểm)" in early_minutes.stderr  # a stage's code, in words
    # After the rule's code (kept, as `thidua errors` lists it) and its name.
    said = [line.partition("): ")[2] for line in (too_early.stderr, unknown.stderr)]
    assert leaks(" ".join(said)) == []


def test_the_standings_changes_write_points_as_vietnamese_does(store: str) -> None:
    shown = run(store, "standings", "TMTH/2020", width=300).stdout

    assert "B1 10→9,5: Thiếu minh chứng" in shown


def test_checkpoints_and_proofs_speak_vietnamese(store: str, tmp_path: Path) -> None:
    checkpoint, proof = tmp_path / "cp.json", tmp_path / "snv.json"

    taken = run(store, "audit", "checkpoint", "--out", str(checkpoint)).stdout
    run(store, "audit", "prove", "TMTH/2020", "SNV", "--checkpoint", str(checkpoint),
        "--out", str(proof))  # fmt: skip
    checked = run(store, "audit", "check-proof", str(proof)).stdout
    ready = run(store, "db", "init").stdout

    assert re.search(r"Thời điểm lập \(UTC\)\s+\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", taken)
    assert "Mở chu kỳ thi đua" in checked
    assert "CycleOpened" not in checked
    assert ready.startswith("Kho dữ liệu đã sẵn sàng")
    assert leaks(taken + checked + ready) == []


def test_bad_input_and_a_missing_file_are_refused_in_vietnamese(
    store: str, tmp_path: Path
) -> None:
    bad_key = run(store, "keys", "register", "abc", "--as", "Đỗ Thị Mai")
    empty_name = run(
        store, "bloc", "create", "X1", "--name", "", "--province", "Hà Nội"
    )
    no_file = run(store, "import", "units", "TMTH", str(tmp_path / "khong-co.xlsx"))

    assert "public_key: không đúng dạng quy định" in bad_key.stderr
    assert "name: quá ngắn (cần ít nhất 1)" in empty_name.stderr
    assert "không có tệp hoặc thư mục này" in no_file.stderr
    rules = tmp_path / "quy-che.toml"
    rules.write_text('[rulebook]\ncode = "x"\n', "utf-8")
    bad_rules = run(store, "cycle", "open", "TMTH", "2030", "--rules", str(rules))

    assert "rulebook.title_vi: thiếu giá trị bắt buộc" in bad_rules.stderr
    for refused in (bad_key, empty_name, no_file, bad_rules):
        assert refused.exit_code == 1
        assert not re.search(r"should|String|No such|required", refused.stderr)


def test_an_explanation_names_the_award_by_its_title(store: str) -> None:
    shown = run(store, "audit", "explain", "TMTH/2020", "commendation", "Giàng A Sử")

    assert shown.stdout.startswith("Căn cứ khen thưởng: Giấy khen cho Giàng A Sử")


def test_a_receipt_names_the_event_and_the_cycle_in_vietnamese(tmp_path: Path) -> None:
    db = str(tmp_path / "receipt.db")
    runner = CliRunner(env={"THIDUA_LANG": "vi"})
    runner.invoke(main, ["--db", db, "-q", "demo"], catch_exceptions=False)

    result = runner.invoke(
        main,
        ["--db", db, "scores", "submit", "TMTH/2021", "SNV", "A1=28"],
        catch_exceptions=False,
    )

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Đã ghi “Nộp điểm tự chấm” vào chu kỳ TMTH/2021")
    assert "ScoresSubmitted" not in result.stderr


def test_a_cluster_calls_itself_cum_and_its_leads_truong_cum(tmp_path: Path) -> None:
    db = str(tmp_path / "cum.db")
    rules = Path(__file__).parents[2] / "rulebooks" / "lao-cai-tmth.toml"
    runner = CliRunner()

    def thidua(*args: str, lang: str = "en") -> Result:
        return runner.invoke(
            main, ["--db", db, "--lang", lang, *args], catch_exceptions=False
        )

    thidua("bloc", "create", "C1", "--name", "Cụm thi đua số 1", "--province",
           "Lào Cai", "--kind", "cum")  # fmt: skip
    for n in range(1, 9):
        thidua("bloc", "add-unit", "C1", f"U{n}", "--name", f"Huyện {n}", "--year",
               "2020")  # fmt: skip
    thidua("cycle", "open", "C1", "2021", "--rules", str(rules))
    thidua("cycle", "assign-leads", "C1/2021", "--head", "U1", "--deputy", "U2")

    vietnamese = thidua("cycle", "status", "C1/2021", lang="vi").stdout
    english = thidua("cycle", "status", "C1/2021").stdout
    bloc = thidua("bloc", "show", "C1", lang="vi").stdout
    log = thidua("audit", "log", "C1/2021", lang="vi").stdout

    assert "Trưởng cụm" in vietnamese
    assert "Phó cụm" in vietnamese
    assert "khối" not in vietnamese.lower()
    assert "Head (Trưởng cụm)" in english
    assert "Cụm" in bloc
    assert "Vào cụm" in bloc
    assert "Phân công Trưởng cụm, Phó cụm" in log


def test_a_cluster_is_called_cum_in_receipts_refusals_and_minutes(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "cum.db")
    rules = Path(__file__).parents[2] / "rulebooks" / "lao-cai-tmth.toml"
    runner = CliRunner()

    def thidua(*args: str) -> Result:
        return runner.invoke(
            main, ["--db", db, "--lang", "vi", *args], catch_exceptions=False
        )

    created = thidua("bloc", "create", "C1", "--name", "Cụm thi đua số 1",
                     "--province", "Lào Cai", "--kind", "cum")  # fmt: skip
    for n in range(1, 6):
        thidua("bloc", "add-unit", "C1", f"U{n}", "--name", f"Huyện {n}", "--year",
               "2020")  # fmt: skip
    configured = thidua("bloc", "configure", "C1", "--document-code", "CTĐ1")
    thidua("cycle", "open", "C1", "2021", "--rules", str(rules))
    same_lead = thidua("cycle", "assign-leads", "C1/2021", "--head", "U1",
                       "--deputy", "U1")  # fmt: skip
    again = thidua("bloc", "add-unit", "C1", "U1", "--name", "Huyện 1", "--year",
                   "2020")  # fmt: skip
    thidua("cycle", "assign-leads", "C1/2021", "--head", "U1", "--deputy", "U2")
    thidua("covenant", "sign", "C1/2021", "U1", "--signatory", "Nguyễn Văn An")
    html = tmp_path / "bien-ban.html"
    thidua("minutes", "C1/2021", "--draft", "--html", str(html))

    assert created.stderr.startswith("Đã ghi “Lập cụm” vào cụm C1")
    assert "“Thiết lập văn bản của cụm” vào cụm C1" in configured.stderr
    assert "Trưởng cụm và Phó cụm phải là hai đơn vị khác nhau" in same_lead.stderr
    assert "đã là thành viên của cụm C1" in again.stderr
    page = re.sub(r"<[^>]+>", " ", html.read_text("utf-8"))
    assert "(đơn vị Trưởng cụm)" in page
    assert "thành viên Cụm" in page
    assert "khối" not in page.lower()


def test_progress_counts_each_step_against_a_real_total() -> None:
    import io

    from rich.console import Console
    from rich.progress import Progress

    from thidua.cli.progress import Steps

    console = Console(file=io.StringIO(), force_terminal=True)
    with Progress(console=console, transient=True) as bar:
        step = Steps(bar, bar.add_task("Đang nhập điểm", total=None))
        step(0, 8)
        step()
        step()
        step(phase="Đang ghi", total=3)
        step()
        (task,) = bar.tasks

    assert (task.description, task.completed, task.total) == ("Đang ghi", 1, 3)
    assert not Steps()  # nobody watching: callers may skip counting
