"""Public pages: every bloc's cycles, standings with charts, vote results, the award
registry, and a check of a digest, checkpoint or receipt typed from paper. Each
page names the checkpoint of the log it was drawn from."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from thidua.office.i18n import Lang

from . import charts
from .forms import read_form, refuse_token
from .site import Visit, visit
from .workspace import sheet_of

if TYPE_CHECKING:
    from thidua.domain.auditor.checkpoint import Checkpoint

    from .site import Site


def _cycle_of(request: Request) -> tuple[str, int]:
    return str(request.path_params["bloc"]).upper(), int(request.path_params["year"])


async def index(request: Request) -> Response:
    seen = await visit(request)
    site = seen.site

    def listed() -> dict[str, Any]:
        return {
            "blocs": site.read_models.bloc_list(),
            "cycles": site.read_models.cycles(),
            "checkpoint": site.checkpoint(),
        }

    return seen.render("index.html", **await site.call(listed))


def _ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from thidua.office.collation import sort_key

    return sorted(
        rows,
        key=lambda r: (r["rank"] is None, r["rank"] or 0, sort_key(r["unit_name"])),
    )


def standings_data(site: Site, bloc: str, year: int, lang: Lang) -> dict[str, Any]:
    models = site.read_models
    rows = _ranked(models.standings(bloc, year))
    scored = [r for r in rows if r["total"] is not None and r["criteria_scored"]]
    series: dict[str, dict[int, Decimal]] = {}
    for cycle in models.cycles(bloc):
        for row in models.standings(bloc, cycle["year"]):
            if row["total"] is not None and row["criteria_scored"]:
                series.setdefault(row["unit"], {})[cycle["year"]] = Decimal(
                    str(row["total"])
                )
    criteria = sheet_of(site, bloc, year, lang)
    spread = []
    for code, criterion in criteria.items():
        given = [json.loads(r["points"]).get(code) for r in scored]
        points = [Decimal(str(p)) for p in given if p is not None]
        spread.append((code, criterion.max_points, points))
    return {
        "rows": rows,
        "cycle": models.cycle(bloc, year),
        "totals": [(r["unit"], Decimal(str(r["total"]))) for r in scored],
        "series": series,
        "spread": spread,
        "criteria": criteria,
        "checkpoint": site.checkpoint(),
    }


async def standings(request: Request) -> Response:
    seen = await visit(request)
    bloc, year = _cycle_of(request)
    site = seen.site
    key = ("standings", bloc, year, seen.lang)
    data = await site.call(
        site.as_of_log, key, standings_data, site, bloc, year, seen.lang
    )
    t = seen.texts
    drawn: dict[str, Any] = {
        "totals_svg": charts.totals_chart(
            t("chart_totals", year=year), data["totals"], t["bloc_mean"]
        ),
        "years_svg": charts.years_chart(
            t["chart_years"], data["series"], t["bloc_mean"]
        ),
        "spread_svg": charts.spread_chart(t["chart_spread"], data["spread"]),
    }
    return seen.render("standings.html", bloc=bloc, year=year, **data, **drawn)


async def votes(request: Request) -> Response:
    seen = await visit(request)
    bloc, year = _cycle_of(request)
    site = seen.site

    def found() -> dict[str, Any]:
        return {
            "cycle": site.read_models.cycle(bloc, year),
            "rounds": site.read_models.votes(bloc, year),
            "checkpoint": site.checkpoint(),
        }

    return seen.render("votes.html", bloc=bloc, year=year, **await site.call(found))


async def awards(request: Request) -> Response:
    seen = await visit(request)
    bloc, year = _cycle_of(request)
    site = seen.site

    def found() -> dict[str, Any]:
        rows = site.read_models.awards(bloc=bloc, year_from=year, year_to=year)
        return {
            "cycle": site.read_models.cycle(bloc, year),
            "rows": rows,
            "checkpoint": site.checkpoint(),
        }

    return seen.render("awards.html", bloc=bloc, year=year, **await site.call(found))


async def check_page(request: Request) -> Response:
    seen = await visit(request)
    return seen.render("check.html", typed="", result=None)


async def check(request: Request) -> Response:
    seen = await visit(request)
    form = await read_form(request)
    if not seen.holds_token(form.get("form_token", "")):
        return refuse_token(seen)
    typed = " ".join(form.get("text", "").split())[:300]
    result = await seen.site.call(checked, seen, typed)
    return seen.render("check.html", typed=typed, result=result)


def checked(seen: Visit, typed: str) -> dict[str, Any]:
    """What a text from paper proves: a checkpoint the log extends, a digest the
    store still holds, or the events a command's receipt recorded."""
    from thidua.domain.auditor.checkpoint import Checkpoint

    if not typed:
        return {"holds": False, "line": seen.texts["check_empty"], "events": []}
    if (checkpoint := Checkpoint.parse(typed)) is not None:
        return _checkpoint_checked(seen, checkpoint)
    if "@" in typed:
        return _digest_checked(seen, typed)
    return _receipt_checked(seen, typed)


def _checkpoint_checked(seen: Visit, checkpoint: Checkpoint) -> dict[str, Any]:
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.auditor.log_tree import LogTree
    from thidua.domain.errors import ThiduaError
    from thidua.office.i18n import refusal_text

    try:
        finding = LogTree(Auditor(seen.site.app)).extends([checkpoint])[0]
    except ThiduaError as error:
        return {"holds": False, "line": refusal_text(error, seen.lang), "events": []}
    if finding.problem is not None:
        line = refusal_text(finding.problem, seen.lang)
        return {"holds": False, "line": line, "events": []}
    line = seen.texts("check_checkpoint_holds", short=checkpoint, now=finding.events)
    return {"holds": True, "line": line, "events": []}


def _digest_checked(seen: Visit, typed: str) -> dict[str, Any]:
    from thidua.domain.auditor.audit import Auditor
    from thidua.office.wording import Wording

    digest = Auditor(seen.site.app).findings([typed])[0]
    said = Wording(seen.lang).say(digest.said)
    return {"holds": digest.holds, "line": said, "events": []}


def _receipt_checked(seen: Visit, typed: str) -> dict[str, Any]:
    """The events of a command id: where and when, not who (a ballot's voter
    stays unlinked to anything a page shows)."""
    events = seen.site.read_models.receipt(typed)
    if not events:
        line = seen.texts("check_no_receipt", text=typed)
        return {"holds": False, "line": line, "events": []}
    keys = ("bloc", "year", "event", "version", "position", "recorded_at")
    shown = [{key: event[key] for key in keys} for event in events]
    line = seen.texts("check_receipt_holds", count=len(shown))
    return {"holds": True, "line": line, "events": shown}
