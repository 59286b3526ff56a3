"""`thidua errors`: every refusal thidua can give, with its rule and exit code.

The list is read from the exception classes themselves, so it cannot drift from the
code; docs/errors.md holds its markdown form, and a test compares the two.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from .render import render

# Every module that defines a refusal; importing them registers the classes.
MODULES = (
    "thidua.domain.errors",
    "thidua.domain.authority_errors",
    "thidua.domain.commendation.errors",
    "thidua.domain.registry.errors",
    "thidua.domain.service.recording",
    "thidua.domain.service.signing",
    "thidua.domain.auditor.audit",
    "thidua.domain.auditor.checkpoint",
    "thidua.projections.db",
    "thidua.projections.base",
    "thidua.store",
    "thidua.store.roles",
    "thidua.store.timeouts",
    "thidua.cli.files",
)
COLUMNS = [
    ("rule", "Rule"),
    ("exit_code", "Exit code"),
    ("refused_when", "Refused when"),
    ("exception", "Exception"),
]
# Refusals that are not exception classes of ours: click's usage errors and
# pydantic's validation of a command's fields.
OTHERS = [
    {
        "rule": "usage",
        "exit_code": 2,
        "refused_when": "A command's arguments or options are missing, unknown or of"
        " the wrong kind (the message says which, with the command's usage).",
        "exception": "click.UsageError",
    },
    {
        "rule": "input",
        "exit_code": 1,
        "refused_when": "A field of the command does not validate (a code, a date, a"
        " number); the message names the field.",
        "exception": "pydantic.ValidationError",
    },
]


def refusals() -> list[dict[str, Any]]:
    """One row per refusal: its rule, exit code, meaning and exception class."""
    for module in MODULES:
        importlib.import_module(module)
    from thidua.domain.errors import ThiduaError

    found: list[type[ThiduaError]] = []
    pending = [ThiduaError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    rows = [
        {
            "rule": cls.rule,
            "exit_code": 1,
            "refused_when": " ".join((cls.__doc__ or "").split()),
            "exception": cls.__name__,
        }
        for cls in found
    ]
    rows.sort(key=lambda row: (row["rule"], row["exception"]))
    return rows + OTHERS


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| " + " | ".join(header for _, header in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        cells = [str(row[key]).replace("|", "\\|") for key, _ in COLUMNS]
        cells[0] = f"`{cells[0]}`"
        cells[3] = f"`{cells[3]}`"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@click.command("errors")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "markdown"]),
    default="table",
    show_default=True,
    help="How to print the list.",
)
def errors(fmt: str) -> None:
    """Every refusal: its rule, exit code, and when it is given.

    A refused command prints one line, `Error: <rule>: <message>`, exits with the
    code shown, and records nothing.

    \b
    Example:
      thidua errors --format markdown
    """
    rows = refusals()
    if fmt == "markdown":
        click.echo(markdown(rows), nl=False)
    else:
        render(rows, COLUMNS, fmt, title="Refusals")
