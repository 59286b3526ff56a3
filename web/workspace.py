"""What a unit's page shows, read from the read models (and the rulebook the cycle
adopted, for the sheet's criteria and their bounds)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException

from thidua.office.i18n import Lang

if TYPE_CHECKING:
    from .site import Site


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    max_points: Decimal
    step: Decimal


def sheet_of(
    site: Site, bloc: str, year: int, lang: Lang = "vi"
) -> dict[str, Criterion]:
    """The criteria of the cycle's rulebook, with what the sheet's inputs allow:
    0 to the criterion's maximum, in steps of the rulebook's decimal places."""
    rulebook = site.app.cycle(bloc, year).rulebook
    step = Decimal(1).scaleb(-rulebook.scoring.decimal_places)
    return {
        criterion.code: Criterion(
            criterion.code,
            criterion.title_vi if lang == "vi" else criterion.title_en,
            criterion.max_points,
            step,
        )
        for criterion in rulebook.criteria
    }


def workspace(
    site: Site, bloc: str, year: int, unit: str, lang: Lang
) -> dict[str, Any]:
    page = site.read_models.cycle_page(bloc, year)
    found = [row for row in page["units"] if row["unit"] == unit]
    if not found:
        raise HTTPException(404)
    standing = next(
        (r for r in site.read_models.standings(bloc, year) if r["unit"] == unit), None
    )
    own = json.loads(standing["own"]) if standing else {}
    return {
        "bloc": bloc,
        "year": year,
        "unit": found[0],
        "stage": page["stage"],
        "bloc_name": page["bloc_name"],
        "criteria": list(sheet_of(site, bloc, year, lang).values()),
        "own": {code: str(points) for code, points in own.items()},
        "standing": standing,
    }


def home(site: Site, bloc: str | None) -> list[dict[str, Any]]:
    """The cycles an account follows: its bloc's, or every bloc's."""
    cycles = site.read_models.cycles(bloc) if bloc else site.read_models.cycles()
    return [{"bloc": row["bloc"], "year": row["year"]} for row in cycles]
