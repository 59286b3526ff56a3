"""Every refusal is listed, with its rule and exit code, by the code and in the docs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from thidua.cli import main
from thidua.cli.errors import markdown, refusals

DOC = Path(__file__).parents[2] / "docs" / "errors.md"


def test_docs_errors_is_the_table_the_code_gives() -> None:
    assert markdown(refusals()) in DOC.read_text("utf-8")


def test_every_refusal_names_its_rule_and_its_meaning() -> None:
    rows = refusals()

    assert {row["exit_code"] for row in rows} == {1, 2}
    for row in rows:
        assert row["rule"]
        assert row["refused_when"], row["exception"]


def test_thidua_errors_lists_them_as_json() -> None:
    result = CliRunner().invoke(main, ["errors", "--format", "json"])

    assert result.exit_code == 0
    assert '"rule": "vote-not-open"' in result.output


def test_a_reader_that_goes_away_ends_the_output_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    thidua = Path(sys.executable).parent / "thidua"
    # Every refusal as CSV: more than a pipe holds once its reader is gone.
    with subprocess.Popen(
        [str(thidua), "--db", str(tmp_path / "t.db"), "errors", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()
        said = process.stderr.read().decode()

    assert process.returncode == 141
    assert said == ""
