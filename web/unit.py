"""A unit's own pages: sign the covenant, fill the score sheet (or upload it), see
what is missing, download the minutes and the unit's proof of inclusion.

Every write is one command handed to the application with the account as its actor;
the engine judges it, and its refusal is shown beside the field it names."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from thidua.domain import commands as c

from .forms import Refusal, input_refusal, read_form, read_upload, refuse_token
from .forms import refusal as refusal_of
from .signin import signed_in
from .site import Visit, visit
from .workspace import sheet_of, workspace


def place(request: Request) -> tuple[str, int, str]:
    params = request.path_params
    return str(params["bloc"]).upper(), int(params["year"]), str(params["unit"]).upper()


async def writer(request: Request) -> tuple[Visit, Response | None]:
    """The visit, or the answer for one who may not write for this unit."""
    seen = await visit(request)
    if (away := signed_in(seen)) is not None:
        return seen, away
    bloc, _, unit = place(request)
    if not seen.may_write(bloc, unit):
        line = seen.texts("not_granted", unit=unit, bloc=bloc)
        return seen, seen.render("error.html", status=403, line=line)
    return seen, None


async def unit_page(request: Request) -> Response:
    seen = await visit(request)
    if (away := signed_in(seen)) is not None:
        return away
    bloc, year, unit = place(request)
    if not seen.may_write(bloc, unit):
        line = seen.texts("not_granted", unit=unit, bloc=bloc)
        return seen.render("error.html", status=403, line=line)
    done = bool(request.query_params.get("done"))
    return await _show(seen, bloc, year, unit, done=done)


async def _show(
    seen: Visit,
    bloc: str,
    year: int,
    unit: str,
    *,
    typed: dict[str, str] | None = None,
    problem: Refusal | None = None,
    status: int = 200,
    done: bool = False,
) -> Response:
    site = seen.site
    space = await site.call(workspace, site, bloc, year, unit, seen.lang)
    return seen.render(
        "unit.html",
        status=status,
        space=space,
        typed=typed or {},
        problem=problem,
        request_done=done,
    )


def _meta(seen: Visit) -> dict[str, Any]:
    assert seen.account is not None
    return {
        "actor": seen.account.actor(),
        "command_id": uuid.uuid4().hex,
        "issued_at": seen.site.clock(),
    }


async def sign_covenant(request: Request) -> Response:
    seen, refused = await writer(request)
    if refused is not None:
        return refused
    form = await read_form(request)
    if not seen.holds_token(form.get("form_token", "")):
        return refuse_token(seen)
    bloc, year, unit = place(request)
    typed = {k: form.get(k, "") for k in ("signatory", "signatory_title", "signed_on")}
    try:
        signed_on = date.fromisoformat(
            typed["signed_on"] or str(seen.site.clock().date())
        )
    except ValueError:
        problem = input_refusal(
            "signed_on", "not_a_day", seen, value=typed["signed_on"]
        )
        return await _show(
            seen, bloc, year, unit, typed=typed, problem=problem, status=400
        )
    fields = {
        "bloc": bloc,
        "year": year,
        "unit": unit,
        "signatory": typed["signatory"],
        "signatory_title": typed["signatory_title"] or None,
        "signed_on": signed_on,
    }
    named = ("signatory", "signed_on")
    return await _send(seen, c.SignCovenant, fields, typed, named)


async def submit_scores(request: Request) -> Response:
    seen, refused = await writer(request)
    if refused is not None:
        return refused
    form = await read_form(request)
    if not seen.holds_token(form.get("form_token", "")):
        return refuse_token(seen)
    bloc, year, unit = place(request)
    criteria = await seen.site.call(sheet_of, seen.site, bloc, year)
    typed = {code: form.get(f"points_{code}", "").strip() for code in criteria}
    points: dict[str, Decimal] = {}
    for code, text in typed.items():
        if not text:
            continue
        try:
            points[code] = Decimal(text.replace(",", "."))
        except InvalidOperation:
            problem = input_refusal(code, "not_a_number", seen, value=text)
            return await _show(
                seen, bloc, year, unit, typed=typed, problem=problem, status=400
            )
        if not points[code].is_finite():
            problem = input_refusal(code, "not_a_number", seen, value=text)
            return await _show(
                seen, bloc, year, unit, typed=typed, problem=problem, status=400
            )
    fields = {"bloc": bloc, "year": year, "unit": unit, "points": points}
    return await _send(seen, c.SubmitScores, fields, typed, tuple(criteria))


async def _send(
    seen: Visit,
    command_class: type[c.SignCovenant | c.SubmitScores],
    fields: dict[str, Any],
    typed: dict[str, str],
    named: tuple[str, ...],
) -> Response:
    site, account = seen.site, seen.account
    assert account is not None
    bloc, year, unit = fields["bloc"], fields["year"], fields["unit"]

    def send() -> Refusal | None:
        from pydantic import ValidationError

        from thidua.domain.errors import ThiduaError

        try:
            command = command_class(**fields, **_meta(seen))
            with site.signing_as(account):
                site.app.handle(command)
        except (ThiduaError, ValidationError) as error:
            return refusal_of(error, seen.lang, named)
        return None

    problem: Refusal | None = await site.call(send)
    if problem is not None:
        return await _show(
            seen, bloc, year, unit, typed=typed, problem=problem, status=problem.status
        )
    url = f"/units/{bloc}/{year}/{unit}?done={command_class.__name__}"
    return seen.respond(RedirectResponse(url, status_code=303))


async def upload_scores(request: Request) -> Response:
    seen, refused = await writer(request)
    if refused is not None:
        return refused
    form, data = await read_upload(request, "sheet")
    if not seen.holds_token(form.get("form_token", "")):
        return refuse_token(seen)
    bloc, year, unit = place(request)
    if not data:
        empty = input_refusal("sheet", "no_file", seen)
        return await _show(seen, bloc, year, unit, problem=empty, status=400)
    site, account = seen.site, seen.account
    assert account is not None

    def imported() -> Refusal | None:
        import tempfile
        from pathlib import Path

        from pydantic import ValidationError

        from thidua.domain.errors import ThiduaError
        from thidua.office.imports import import_scores

        meta = _meta(seen)
        issued_at = meta.pop("issued_at")
        del meta["command_id"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sheet.xlsx"
            path.write_bytes(data)
            try:
                with site.signing_as(account):
                    import_scores(
                        site.app,
                        bloc,
                        year,
                        path,
                        meta=meta,
                        issued_at=issued_at,
                        lang=seen.lang,
                    )
            except (ThiduaError, ValidationError) as error:
                found = refusal_of(error, seen.lang)
                return Refusal(found.rule, found.line, "sheet")
        return None

    problem: Refusal | None = await site.call(imported)
    if problem is not None:
        return await _show(
            seen, bloc, year, unit, typed={}, problem=problem, status=problem.status
        )
    url = f"/units/{bloc}/{year}/{unit}?done=ImportScores"
    return seen.respond(RedirectResponse(url, status_code=303))
