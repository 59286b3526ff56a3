"""Dependencies point inward: the domain knows nothing of click, SQL or files."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import main

ROOT = Path(__file__).parents[1]
FORBIDDEN_IN_DOMAIN = {
    "click",
    "rich",
    "sqlite3",
    "psycopg",
    "thidua.cli",
    "thidua.projections",
    "thidua.store",
}


# The rules: every module of domain/ but the application service's and the auditor's.
RULES = sorted(
    path
    for path in (ROOT / "domain").rglob("*.py")
    if path.relative_to(ROOT / "domain").parts[0] not in ("service", "auditor")
)


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "domain").rglob("*.py")),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_the_domain_imports_no_adapter(path: Path) -> None:
    found = {
        name
        for name in imports(path)
        if any(name == bad or name.startswith(f"{bad}.") for bad in FORBIDDEN_IN_DOMAIN)
    }

    assert found == set()


@pytest.mark.parametrize(
    "path",
    RULES,
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_the_rules_import_neither_the_service_nor_the_auditor(path: Path) -> None:
    found = {
        name
        for name in imports(path)
        if name.startswith(("thidua.domain.service", "thidua.domain.auditor"))
    }

    assert found == set()


SOURCES = ("domain", "store", "projections", "cli", "office", "web", "benchmarks")


@pytest.mark.parametrize(
    "path",
    sorted(p for folder in SOURCES for p in (ROOT / folder).rglob("*.py")),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_every_module_stays_under_300_lines(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= 300


def test_the_cli_starts_without_loading_the_engine() -> None:
    probe = (
        "import sys, thidua.cli; "
        "print(sorted(m for m in ('eventsourcing', 'pydantic', 'psycopg', 'rich')"
        " if m in sys.modules))"
    )

    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()

    assert loaded == "[]"


def test_a_query_on_current_read_models_loads_neither_the_engine_nor_pydantic(
    tmp_path: Path,
) -> None:
    store = str(tmp_path / "demo.db")
    demo = CliRunner().invoke(main, ["--db", store, "-q", "demo"])
    assert demo.exit_code == 0, demo.output
    probe = (
        "import sys\n"
        "from thidua.cli import main\n"
        f"sys.argv = ['thidua', '--db', {store!r}, 'standings', 'TMTH/2020',"
        " '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end\n"
        "print(sorted(m for m in ('eventsourcing', 'pydantic', 'psycopg',"
        " 'cryptography', 'thidua.domain.cycle') if m in sys.modules), file=sys.stderr)"
    )

    ran = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )

    assert '"VPUBND"' in ran.stdout
    assert ran.stderr.strip().splitlines()[-1] == "[]"
