"""Filled spreadsheets become ordinary commands, all of them or none.

Each unit's rows become one command (its own points, or assessed points), with the
operator's actor and reason like any other. Every bad cell is reported at once; if
there is any, or if the domain refuses any unit's command, nothing is recorded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thidua.domain.errors import ImportRefused, ThiduaError
from thidua.domain.service.receipt import BatchAbandoned

from .cells import Problem, Reading
from .files import Limits
from .i18n import Lang, Texts, refusal_text
from .sheets import read_score_file
from .units import read_unit_file

if TYPE_CHECKING:
    from thidua.domain.base import Command
    from thidua.domain.service.application import Thidua
    from thidua.domain.service.receipt import Receipt


@dataclass(frozen=True)
class Imported:
    """What an import did: the rows read, and one receipt per command."""

    rows: int
    receipts: tuple[Receipt, ...]

    @property
    def recorded(self) -> int:
        return sum(1 for r in self.receipts if not r.already_applied)


def content_id(**content: object) -> str:
    """A command's id from what it says, not from the file it came in: the same
    points typed into a CSV, or the sheet saved again by LibreOffice, make the same
    ids and apply once; the order of rows and sheets does not matter."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def import_scores(
    app: Thidua,
    bloc: str,
    year: int,
    path: Path,
    *,
    meta: dict[str, Any],
    issued_at: datetime,
    assessor: str | None = None,
    prefix: str | None = None,
    step: Callable[..., None] = lambda *_: None,
    lang: Lang = "en",
    limits: Limits | None = None,
) -> Imported:
    """Import a filled score sheet (a workbook or CSV) into the cycle, whole or not
    at all.

    `assessor` (head, deputy or team) makes the points assessed ones (thẩm định);
    without it they are each unit's own (tự chấm). `step(0, total)` is called
    once the units are known, then `step()` per unit.
    """
    from thidua.domain import commands as c

    say = Texts(lang, "problems")
    found = read_score_file(path, app.cycle(bloc, year), say, limits)
    _refuse_if_any(found.problems, path, say)

    def commands() -> Iterator[tuple[str, Command]]:
        for unit, points in found.points.items():
            fields = {"bloc": bloc, "year": year, "unit": unit, "points": points}
            notes = found.notes.get(unit, {}) if assessor else None
            kind = f"assessed-{assessor}" if assessor else "own"
            command_id = (
                f"{prefix}-{unit}"
                if prefix
                else f"import-{content_id(kind=kind, notes=notes, **fields)}-{unit}"
            )
            common = {**meta, "command_id": command_id, "issued_at": issued_at}
            if assessor is None:
                yield unit, c.SubmitScores(**fields, **common)
            else:
                command = c.AssessScores(
                    **fields, assessor=assessor, notes=notes, **common
                )
                yield unit, command

    step(0, len(found.points))
    receipts = _in_one_batch(app, commands(), found, step, say)
    return Imported(rows=found.rows, receipts=receipts)


def import_units(
    app: Thidua,
    bloc: str,
    path: Path,
    *,
    meta: dict[str, Any],
    issued_at: datetime,
    prefix: str | None = None,
    step: Callable[..., None] = lambda *_: None,
    lang: Lang = "en",
    limits: Limits | None = None,
) -> Imported:
    """Add the member units a file lists (code, name, from year, decision)."""
    from thidua.domain import commands as c

    app.bloc(bloc)  # an unknown bloc is refused before the file is read
    say = Texts(lang, "problems")
    found, units = read_unit_file(path, say, limits)
    _refuse_if_any(found.problems, path, say)

    def commands() -> Iterator[tuple[str, Command]]:
        for unit, fields in units.items():
            command_id = (
                f"{prefix}-{unit}"
                if prefix
                else f"import-{content_id(kind='unit', bloc=bloc, unit=unit, **fields)}"
                f"-{unit}"
            )
            command = c.AddUnit(
                bloc=bloc,
                unit=unit,
                **fields,
                **{**meta, "command_id": command_id, "issued_at": issued_at},
            )
            yield unit, command

    step(0, len(units))
    receipts = _in_one_batch(app, commands(), found, step, say)
    return Imported(rows=found.rows, receipts=receipts)


def _in_one_batch(
    app: Thidua,
    commands: Iterator[tuple[str, Command]],
    found: Reading,
    step: Callable[..., None],
    say: Texts,
) -> tuple[Receipt, ...]:
    receipts: list[Receipt] = []
    problems: list[Problem] = []

    def said(error: ThiduaError) -> str:
        return refusal_text(error, say.lang)

    try:
        with app.batch():
            for unit, command in commands:
                try:
                    receipts.append(app.handle(command))
                except ThiduaError as error:
                    # Go on: the report lists every unit refused, and the batch
                    # records nothing once one was.
                    sheet, row = found.first_row.get(unit, ("", 0))
                    problems.append(
                        Problem(sheet, row, "unit", unit, error.rule, said(error))
                    )
                step()
    except BatchAbandoned:
        raise ImportRefused(
            say("units_refused", count=len(problems)),
            problems=[p.as_dict() for p in problems],
        ) from None
    return tuple(receipts)


def _refuse_if_any(problems: list[Problem], path: Path, say: Texts) -> None:
    if problems:
        raise ImportRefused(
            say("file_refused", name=path.name, count=len(problems)),
            problems=[p.as_dict() for p in problems],
        )
