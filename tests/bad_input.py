"""The one rule for bad input, shared by the reliability tests: output, or one line
and exit code 1 (a refusal) or 2 (a usage error); never a traceback, and a refused
command records nothing."""

from __future__ import annotations

from click.testing import CliRunner, Result

from thidua.cli import main
from thidua.store import build_app

from support import event_count

TALLY: dict[str, dict[str, int]] = {}


def events(url: str) -> int:
    with build_app(url) as app:
        return event_count(app)


def run(url: str, args: list[str]) -> Result:
    env = {"THIDUA_ACTOR": "Đỗ Thị Mai", "THIDUA_DB": url}
    return CliRunner(env=env).invoke(main, args, catch_exceptions=True)


def judge(url: str, result: Result, before: int, kind: str) -> None:
    """The one rule for every answer."""
    tally = TALLY.setdefault(kind, {"ran": 0, "0": 0, "1": 0, "2": 0})
    tally["ran"] += 1
    tally[str(result.exit_code)] = tally.get(str(result.exit_code), 0) + 1
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    if result.exit_code:
        lines = [
            line for line in result.stderr.splitlines() if line.startswith("Error")
        ]
        assert len(lines) == 1, result.stderr
        assert events(url) == before, "a refused command recorded something"
