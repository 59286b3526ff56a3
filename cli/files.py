"""Reading operators' files: score sheets (CSV) and counted ballots."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from thidua.domain.errors import MalformedInput
from thidua.office.text import read_text

SCORE_COLUMNS = {"criterion", "points", "note"}


def read_scores(path: str) -> tuple[dict[str, Decimal], dict[str, str]]:
    """A unit's score sheet: columns `criterion`, `points` and optionally `note`."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not {"criterion", "points"} <= set(header) or set(header) - SCORE_COLUMNS:
        raise MalformedInput(
            f"{path}: the header must be criterion,points[,note],"
            f" not {','.join(header)}"
        )
    reader.fieldnames = header
    points: dict[str, Decimal] = {}
    notes: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise MalformedInput(
                f"{path}, line {line}: the row does not have 2–3 cells"
            )
        code = row["criterion"].strip().upper()
        raw = row["points"].strip().replace(",", ".")
        if not code or not raw:
            raise MalformedInput(
                f"{path}, line {line}: a criterion and its points are needed"
            )
        if code in points:
            raise MalformedInput(f"{path}, line {line}: criterion {code} appears twice")
        try:
            points[code] = Decimal(raw)
        except InvalidOperation:
            raise MalformedInput(
                f"{path}, line {line}: {raw!r} is not a number"
            ) from None
        if not points[code].is_finite():
            raise MalformedInput(f"{path}, line {line}: {raw!r} is not a number")
        if note := (row.get("note") or "").strip():
            notes[code] = note
    if not points:
        raise MalformedInput(f"{path}: no scores in the file")
    return points, notes


def parse_ballot(text: str) -> dict[str, object]:
    """One counted ballot: `VPUB` or `VPUB SNV`; `-SNV` rejects; `blank`; `spoiled`."""
    words = text.replace(",", " ").split()
    if words in (["spoiled"], ["invalid"]):
        return {"spoiled": True}
    if words in ([], ["blank"], ["-"]):
        return {}
    choices = [w.lstrip("+").upper() for w in words if not w.startswith("-")]
    rejects = [w[1:].upper() for w in words if w.startswith("-")]
    return {"choices": choices, "rejects": rejects}


def read_ballots(path: str) -> list[dict[str, object]]:
    """A batch of counted ballots, one a line; `#` starts a comment."""
    ballots = []
    for line in read_text(path).splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            ballots.append(parse_ballot(text))
    return ballots
