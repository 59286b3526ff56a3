"""The rules a cell of a filled score sheet must keep: a member unit, a criterion
of the rulebook, and points that are a number within bounds and decimal places."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .cells import Cell, Problem, Reading, blank, code_of
from .i18n import Texts

if TYPE_CHECKING:
    from thidua.domain.cycle_state import CycleState


class PointsChecker:
    """The rules a cell must keep; each broken one becomes a problem."""

    def __init__(self, cycle: CycleState, found: Reading, say: Texts) -> None:
        self.say = say
        rulebook = cycle.rulebook
        self.roster = cycle.roster
        self.criteria = {c.code: c.max_points for c in rulebook.criteria}
        self.places = rulebook.scoring.decimal_places
        self.found = found
        self.seen: dict[tuple[str, str], int] = {}
        self.columns: dict[str, str] = {}

    def problem(
        self, sheet: str, row: int, column: str, value: object, *why: str
    ) -> None:
        rule, message = why
        shown = "" if value is None else str(value)
        where = self.columns.get(column, column)
        self.found.problems.append(Problem(sheet, row, where, shown, rule, message))

    def check(self, sheet: str, row: int, record: dict[str, Cell | None]) -> None:
        unit, _ = record.get("unit") or (None, False)
        criterion, _ = record.get("criterion") or (None, False)
        points, formula = record.get("points") or (None, False)
        note, _ = record.get("note") or (None, False)
        if all(blank(v) for v in (unit, criterion, points)):
            return  # an empty line
        self.found.rows += 1
        unit_code = code_of(unit)
        code = code_of(criterion)
        if unit_code not in self.roster:
            self.problem(sheet, row, "unit", unit, "member",
                         self.say["not_member"])  # fmt: skip
        if code not in self.criteria:
            self.problem(sheet, row, "criterion", criterion, "criterion",
                         self.say["not_criterion"])  # fmt: skip
        if blank(points):
            if formula:
                self.problem(sheet, row, "points", "=…", "points",
                             self.say["formula"])  # fmt: skip
            return  # not scored (yet)
        value = self._points(sheet, row, points, code)
        key = (unit_code, code)
        if key in self.seen:
            self.problem(sheet, row, "criterion", criterion, "duplicate",
                         self.say("scored_already", row=self.seen[key]))  # fmt: skip
            return
        self.seen[key] = row
        if value is None or unit_code not in self.roster or code not in self.criteria:
            return
        self.found.points.setdefault(unit_code, {})[code] = value
        self.found.first_row.setdefault(unit_code, (sheet, row))
        if not blank(note):
            text = unicodedata.normalize("NFC", str(note)).strip()
            self.found.notes.setdefault(unit_code, {})[code] = text

    def _points(
        self, sheet: str, row: int, points: object, code: str
    ) -> Decimal | None:
        value, broken = self._parse_points(points, code)
        if broken is not None:
            rule, message = broken
            self.problem(sheet, row, "points", points, rule, message)
            return None
        return value

    def _parse_points(
        self, points: object, code: str
    ) -> tuple[Decimal | None, tuple[str, str] | None]:
        """The points, or the rule they break and how."""
        if isinstance(points, bool) or not isinstance(points, int | float | str):
            return None, ("points", self.say["not_number"])
        # A float as Excel shows it: 15 significant digits, so that a computed
        # 0.1 + 0.2 is the 0.3 on the screen.
        text = format(points, ".15g") if isinstance(points, float) else str(points)
        text = text.strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            why = "decimal_comma" if "," in text else "not_number"
            return None, ("points", self.say[why])
        top = self.criteria.get(code)
        exponent = value.normalize().as_tuple().exponent if value.is_finite() else 0
        broken = (
            ("points", self.say["not_number"])
            if not value.is_finite()
            else ("bounds", self.say["negative"])
            if value < 0
            else ("bounds", self.say("above_max", top=top))
            if top is not None and value > top
            else ("decimal-places", self.say("decimals", places=self.places))
            if isinstance(exponent, int) and -exponent > self.places
            else None
        )
        return (None, broken) if broken else (canonical(value), None)


def canonical(value: Decimal) -> Decimal:
    """One spelling of a number of points, whichever the file wrote (30, 30.0,
    "30.00"): so that the same points make the same command, and are stored alike."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) if value else Decimal(0)
    return value.normalize()
