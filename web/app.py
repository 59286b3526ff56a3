"""The web door (`thidua serve`): the routes, and errors said as pages in the
visitor's language, never with internals."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from thidua.domain.errors import NotFound, ThiduaError
from thidua.office.i18n import Lang, refusal_text

from . import dashboard, downloads, public, signin, unit
from .forms import MAX_UPLOAD_BYTES, rule_line
from .security import LoginBrake
from .site import LANG_COOKIE, Site, Visit, utc_now, visit
from .workspace import home

log = logging.getLogger("thidua.web")
KNOWN_STATUSES = (400, 401, 403, 404, 405, 409, 413, 429, 500)


async def me(request: Request) -> Response:
    seen = await visit(request)
    if (away := signin.signed_in(seen)) is not None:
        return away
    assert seen.account is not None
    site = seen.site
    cycles = await site.call(home, site, seen.account.bloc)
    return seen.render("me.html", cycles=cycles)


CYCLE = "/blocs/{bloc:str}/{year:int}"
UNIT = "/units/{bloc:str}/{year:int}/{unit:str}"
ROUTES = [
    Route("/", public.index),
    Route(CYCLE, public.standings),
    Route(f"{CYCLE}/votes", public.votes),
    Route(f"{CYCLE}/awards", public.awards),
    Route(f"{CYCLE}/minutes.pdf", downloads.minutes),
    Route("/check", public.check_page, methods=["GET"]),
    Route("/check", public.check, methods=["POST"]),
    Route("/login", signin.login_page, methods=["GET"]),
    Route("/login", signin.login, methods=["POST"]),
    Route("/logout", signin.logout, methods=["POST"]),
    Route("/me", me),
    Route("/operator", dashboard.dashboard),
    Route(UNIT, unit.unit_page),
    Route(f"{UNIT}/covenant", unit.sign_covenant, methods=["POST"]),
    Route(f"{UNIT}/scores", unit.submit_scores, methods=["POST"]),
    Route(f"{UNIT}/upload", unit.upload_scores, methods=["POST"]),
    Route(f"{UNIT}/proof.json", downloads.proof),
    Mount(
        "/static",
        app=StaticFiles(directory=str(files("thidua.web").joinpath("static"))),
        name="static",
    ),
]


async def _plain_visit(request: Request) -> Visit:
    """The visit for an error page: the session looked up if it can be."""
    try:
        return await visit(request)
    except Exception:  # the error may be the store's own: say it without it
        from .site import Visit as Plain

        asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
        lang: Lang = "en" if asked == "en" else "vi"
        site = request.app.state.site
        return Plain(site, request, lang, None, "", site.tokens.new_nonce(), False)


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    seen = await _plain_visit(request)
    status = error.status_code if error.status_code in KNOWN_STATUSES else 400
    line = seen.texts[f"error_{status}"]
    return seen.render("error.html", status=status, line=line)


async def refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, ThiduaError)
    seen = await _plain_visit(request)
    status = 404 if isinstance(error, NotFound) else 409
    said = refusal_text(error, seen.lang)
    return seen.render(
        "error.html", status=status, line=rule_line(error.rule, said, seen.lang)
    )


async def crashed(request: Request, error: Exception) -> Response:
    log.exception("a page failed", exc_info=error)
    seen = await _plain_visit(request)
    return seen.render("error.html", status=500, line=seen.texts["error_500"])


def create_app(
    db: str,
    *,
    secure_cookies: bool = True,
    clock: Callable[[], datetime] = utc_now,
    brake: LoginBrake | None = None,
) -> Starlette:
    """The web application over one store."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        app.state.site.close()

    app = Starlette(
        routes=ROUTES,
        exception_handlers={
            HTTPException: http_error,
            ThiduaError: refused,
            Exception: crashed,
        },
        lifespan=lifespan,
        # Counted as the body arrives, whatever its headers say.
        max_body_size=MAX_UPLOAD_BYTES + 64 * 1024,
    )
    site: Any = Site(db, secure_cookies=secure_cookies, clock=clock, brake=brake)
    app.state.site = site
    return app
