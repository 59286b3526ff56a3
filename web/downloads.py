"""What a unit and its bloc take away: the unit's proof of inclusion, and the
minutes of the cycle's review meeting."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .signin import signed_in
from .site import visit
from .unit import place, writer


async def proof(request: Request) -> Response:
    """The unit's events of the cycle with their inclusion paths, against the
    checkpoint of the log now (`thidua audit check-proof` checks the file)."""
    import json

    seen, refused = await writer(request)
    if refused is not None:
        return refused
    bloc, year, unit = place(request)
    site = seen.site

    def prove() -> dict[str, Any]:
        from thidua.domain.auditor.audit import Auditor
        from thidua.domain.auditor.log_tree import LogTree

        return LogTree(Auditor(site.app)).prove(bloc, year, unit, site.checkpoint())

    document = await site.call(prove)
    body = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    name = f"{unit.lower()}-{year}-proof.json"
    return seen.respond(
        Response(
            body,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    )


async def minutes(request: Request) -> Response:
    """The minutes of the cycle's review meeting as a PDF (a draft before the
    review is finished)."""
    seen = await visit(request)
    if (away := signed_in(seen)) is not None:
        return away
    bloc, year = (
        str(request.path_params["bloc"]).upper(),
        int(request.path_params["year"]),
    )
    if not seen.follows(bloc):
        raise HTTPException(403)
    site = seen.site

    def pdf() -> bytes:
        import tempfile
        from pathlib import Path

        from thidua.domain.errors import MinutesNotFinal
        from thidua.office.documents import render_pdf
        from thidua.office.minutes import Meeting, minutes_of

        def made(draft: bool) -> Any:
            return minutes_of(
                site.app,
                site.read_models,
                bloc,
                year,
                lang=seen.lang,
                meeting=Meeting(draft=draft),
            )

        try:
            document = made(False)
        except MinutesNotFinal:
            document = made(True)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "minutes.pdf"
            render_pdf(document, path)
            return path.read_bytes()

    data = await site.call(pdf)
    name = f"bien-ban-{bloc.lower()}-{year}.pdf"
    return seen.respond(
        Response(
            data,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    )
