"""Every refusal the code can raise has its Vietnamese text, with the same fields."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.domain.errors import ThiduaError
from thidua.office.i18n import catalog

from sources import import_every_module

ROOT = Path(__file__).parents[2]


def refusal_classes() -> set[str]:
    import_every_module()
    names, todo = set(), [ThiduaError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def templates() -> list[tuple[str, str]]:
    """(where, template) of every message given to a refusal, read from the code."""
    names = refusal_classes() | {"refuse"}  # the rulebook checker's helper

    def strings(node: ast.expr) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.IfExp):
            return strings(node.body) + strings(node.orelse)
        return []

    found = []
    for folder in ("domain", "store", "projections", "cli", "office"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in names
                    and node.args
                ):
                    where = f"{folder}/{path.name}:{node.lineno}"
                    found += [(where, text) for text in strings(node.args[0])]
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_refusal_messages_are_templates_not_formatted_strings() -> None:
    """An f-string would be formatted before the catalog could see it."""
    assert len(templates()) > 100


@pytest.mark.parametrize(("where", "template"), templates(), ids=lambda v: str(v)[:40])
def test_every_refusal_has_its_vietnamese_text(where: str, template: str) -> None:
    vietnamese = catalog("vi", "refusals")

    assert template in vietnamese, where
    assert fields(vietnamese[template]) == fields(template), where


def test_a_refusal_reads_in_vietnamese_with_its_values(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert CliRunner().invoke(main, ["--db", db, "-q", "demo"]).exit_code == 0

    refused = CliRunner(env={"THIDUA_ACTOR": "Đỗ Thị Mai"}).invoke(
        main,
        ["--db", db, "--lang", "vi", "scores", "submit", "TMTH/2021", "SNV", "A1=99"],
    )

    assert refused.exit_code == 1
    assert refused.stderr == (
        "Lỗi: points-bounds (điểm ngoài giới hạn):"
        " tiêu chí A1 cho từ 0 đến 30 điểm, không phải 99\n"
    )
