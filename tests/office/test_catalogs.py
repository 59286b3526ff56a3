"""Both languages say everything: the catalogs have the same keys and placeholders."""

from __future__ import annotations

import string
from pathlib import Path

from thidua.office.i18n import LANGS, catalog

from sources import import_every_module


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_text_with_the_same_placeholders() -> None:
    for section in ("document", "columns", "problems"):
        english = catalog("en", section)
        for lang in LANGS:
            other = catalog(lang, section)
            assert set(other) == set(english), (lang, section)
            for key, text in english.items():
                assert placeholders(other[key]) == placeholders(text), (lang, key)


def test_every_table_column_has_a_header_in_the_catalog() -> None:
    from thidua.cli import queries

    keys = {
        key
        for columns in (
            queries.STANDINGS_COLUMNS,
            queries.VOTE_COLUMNS,
            queries.AWARD_COLUMNS,
            queries.PARTICIPATION_COLUMNS,
        )
        for key, _ in columns
    }
    assert keys <= set(catalog("vi", "columns"))


def test_tables_speak_vietnamese_with_lang_vi(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from thidua.cli import main

    db = str(tmp_path / "demo.db")
    assert CliRunner().invoke(main, ["--db", db, "-q", "demo"]).exit_code == 0
    english = CliRunner().invoke(main, ["--db", db, "standings", "TMTH/2020"])
    vietnamese = CliRunner(env={"THIDUA_LANG": "vi"}).invoke(
        main, ["--db", db, "standings", "TMTH/2020"]
    )

    # Short words: a narrow table may fold longer headers over two lines.
    assert "Rank" in english.output
    assert "Hạng" in vietnamese.output
    assert "Rank" not in vietnamese.output


def test_every_refusal_has_a_vietnamese_name() -> None:
    from thidua.cli.errors import refusals

    rules = {row["rule"] for row in refusals()}

    assert rules <= set(catalog("vi", "rules"))


def test_messages_are_in_both_languages_with_the_same_placeholders() -> None:
    english, vietnamese = catalog("en", "messages"), catalog("vi", "messages")

    assert set(english) == set(vietnamese)
    for key, text in english.items():
        assert placeholders(vietnamese[key]) == placeholders(text), key


def test_a_refusal_in_vietnamese_names_its_rule_in_both(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from thidua.cli import main

    db = str(tmp_path / "demo.db")
    assert CliRunner().invoke(main, ["--db", db, "-q", "demo"]).exit_code == 0

    refused = CliRunner().invoke(
        main, ["--db", db, "--lang", "vi", "standings", "TMTH/2099"]
    )

    assert refused.exit_code == 1
    assert refused.stderr.startswith("Lỗi: unknown-cycle (không có chu kỳ): ")


def test_every_table_header_and_title_has_its_vietnamese_text() -> None:
    import ast
    import importlib

    from thidua.cli.render import PROBLEM_COLUMNS

    headers = {header for _, header in PROBLEM_COLUMNS}
    modules = ("audit", "bloc", "cycle", "cycle_status", "db", "errors", "keys")
    for name in (*modules, "projections"):
        module = importlib.import_module(f"thidua.cli.{name}")
        for attribute, value in vars(module).items():
            if attribute.endswith("COLUMNS"):
                headers |= {header for _, header in value}
    source = Path(__file__).parents[2] / "cli"
    titles, labels = set(), set()
    for path in source.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "render":
                titles |= {
                    k.value.value
                    for k in node.keywords
                    if k.arg == "title" and isinstance(k.value, ast.Constant)
                }
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "lines":
                pairs = node.args[0]
                assert isinstance(pairs, ast.List)
                labels |= {
                    p.elts[0].value
                    for p in pairs.elts
                    if isinstance(p, ast.Tuple) and isinstance(p.elts[0], ast.Constant)
                }

    assert headers | labels <= set(catalog("vi", "headers"))
    assert titles <= set(catalog("vi", "titles"))
    assert len(headers | labels) > 60


def constant(folder: Path, name: str) -> str:
    """The text of a module-level string constant defined in the folder."""
    for path in folder.rglob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            if line.startswith(f"{name} = "):
                return str(eval(line.partition(" = ")[2]))  # a string literal
    raise LookupError(name)


def phrase_templates() -> list[tuple[str, str]]:
    """(where, template) of every phrase the code builds, read from the code."""
    import ast

    found = []
    root = Path(__file__).parents[2]
    for folder in ("domain", "projections"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", "") in ("phrase", "Phrase")
                    and node.args
                    and (
                        isinstance(node.args[0], ast.Constant)
                        or getattr(node.args[0], "id", "").isupper()
                    )
                ):
                    first = node.args[0]
                    text = first.value if isinstance(first, ast.Constant) else None
                    if text is None:  # a module-level constant, e.g. MALFORMED
                        text = constant(root / "domain", getattr(first, "id", ""))
                    where = path.relative_to(root).as_posix()
                    found.append((f"{where}:{node.lineno}", text))
    return found


def test_every_phrase_has_its_vietnamese_text_with_the_same_fields() -> None:
    vietnamese = catalog("vi", "phrases")
    templates = phrase_templates()

    assert len(templates) > 40
    for where, template in templates:
        assert template in vietnamese, where
        assert placeholders(vietnamese[template]) == placeholders(template), where


def test_every_kind_of_code_has_its_words_in_both_languages() -> None:
    from thidua.office.i18n import terms

    kinds = set(catalog("en", "terms"))

    assert kinds == set(catalog("vi", "terms"))
    for kind in kinds - {k for k in kinds if k.endswith("_cum")}:
        assert set(terms("vi", kind)) == set(terms("en", kind)), kind


def test_every_event_type_has_its_words() -> None:
    from thidua.domain.base import Event
    from thidua.office.i18n import terms

    import_every_module()
    names, todo = set(), list(Event.__subclasses__())
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())

    bases = {"Created", "Event", "Folded", "Started"}
    assert names - bases <= set(terms("vi", "event"))


def test_every_finding_of_the_commendation_auditor_has_its_vietnamese_text() -> None:
    import ast

    vietnamese = catalog("vi", "phrases")
    root = Path(__file__).parents[2] / "domain" / "auditor"
    templates = [
        (f"{path.name}:{node.lineno}", node.args[2].value)
        for path in sorted(root.glob("rederive_*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") in ("_finding", "finding")
        and len(node.args) > 2
        and isinstance(node.args[2], ast.Constant)
    ]

    assert len(templates) >= 7
    for where, template in templates:
        assert template in vietnamese, where
        assert placeholders(vietnamese[template]) == placeholders(template), where
