"""The operators' dashboard: what waits on whom, read from the status pages the read
models keep (covenants unsigned, sheets missing, rounds open). It writes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from .signin import signed_in
from .site import visit

if TYPE_CHECKING:
    from .site import Site

WAITING_STAGES = ("covenant", "scoring")


def waiting(site: Site, bloc: str | None) -> list[dict[str, Any]]:
    """Per open cycle: the units that have not signed, those whose sheet misses
    criteria, and the rounds still open."""
    models = site.read_models
    cycles = models.cycles(bloc) if bloc else models.cycles()
    found = []
    for cycle in cycles:
        if cycle["stage"] == "closed":
            continue
        page = models.cycle_page(cycle["bloc"], cycle["year"])
        units = page["units"]
        found.append(
            {
                "bloc": page["bloc"],
                "bloc_name": page["bloc_name"],
                "year": page["year"],
                "stage": page["stage"],
                "unsigned": [u for u in units if u["signatory"] is None]
                if page["stage"] == "covenant"
                else [],
                "missing": [u for u in units if u["missing"]]
                if page["stage"] in WAITING_STAGES
                else [],
                "open_rounds": [v for v in page["votes"] if v["state"] == "open"],
            }
        )
    return found


async def dashboard(request: Request) -> Response:
    seen = await visit(request)
    if (away := signed_in(seen)) is not None:
        return away
    account = seen.account
    assert account is not None
    if account.role != "operator":
        line = seen.texts["operators_only"]
        return seen.render("error.html", status=403, line=line)
    site = seen.site
    cycles = await site.call(waiting, site, account.bloc)
    return seen.render("dashboard.html", cycles=cycles)
