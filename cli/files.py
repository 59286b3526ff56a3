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
            "{path}: the header must be criterion,points[,note], not {found}",
            path=path,
            found=",".join(header),
        )
    reader.fieldnames = header
    points: dict[str, Decimal] = {}
    notes: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise MalformedInput(
                "{path}, line {line_}: the row does not have 2–3 cells",
                path=path,
                line_=line,
            )
        code = row["criterion"].strip().upper()
        raw = row["points"].strip().replace(",", ".")
        if not code or not raw:
            raise MalformedInput(
                "{path}, line {line_}: a criterion and its points are needed",
                path=path,
                line_=line,
            )
        if code in points:
            raise MalformedInput(
                "{path}, line {line_}: criterion {code} appears twice",
                path=path,
                line_=line,
                code=code,
            )
        try:
            points[code] = Decimal(raw)
        except InvalidOperation:
            raise MalformedInput(
                "{path}, line {line_}: {raw!r} is not a number",
                path=path,
                line_=line,
                raw=raw,
            ) from None
        if not points[code].is_finite():
            raise MalformedInput(
                "{path}, line {line_}: {raw!r} is not a number",
                path=path,
                line_=line,
                raw=raw,
            )
        if note := (row.get("note") or "").strip():
            notes[code] = note
    if not points:
        raise MalformedInput("{path}: no scores in the file", path=path)
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
