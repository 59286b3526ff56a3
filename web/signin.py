"""Signing in and out: a password checked against its Argon2 hash, tries braked per
account and per client address, and a new session id at every sign-in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .accounts import plain_name
from .forms import read_form, refuse_token
from .site import SESSION_COOKIE, Visit, visit


async def login_page(request: Request) -> Response:
    seen = await visit(request)
    return seen.render("login.html", name="", error="")


async def login(request: Request) -> Response:
    seen = await visit(request)
    form = await read_form(request)
    if not seen.holds_token(form.get("form_token", "")):
        return refuse_token(seen)
    site = seen.site
    name = plain_name(form.get("name", ""))[:200]
    password = form.get("password", "")[:1024]
    client = request.client.host if request.client else "unknown"
    keys = (f"account:{name.casefold()}", f"address:{client}")
    wait = site.brake.wait(*keys)
    if wait > 0:
        error = seen.texts("login_wait", seconds=int(wait) + 1)
        return seen.render("login.html", status=429, name=name, error=error)
    account = await site.call(site.accounts.check, name, password)
    if account is None:
        site.brake.failed(*keys)
        error = seen.texts["login_refused"]
        return seen.render("login.html", status=401, name=name, error=error)
    site.brake.succeeded(keys[0])
    if seen.session:  # whatever session the browser came with ends here
        await site.call(site.accounts.close_session, seen.session)
    token = await site.call(site.accounts.open_session, account, site.clock())
    seen.session = token
    seen.cookies[SESSION_COOKIE] = token
    # A new nonce too: no form token made before signing in stays good.
    seen.nonce, seen.new_nonce = seen.site.tokens.new_nonce(), True
    return seen.respond(RedirectResponse("/me", status_code=303))


async def logout(request: Request) -> Response:
    seen = await visit(request)
    form = await read_form(request)
    if not seen.holds_token(form.get("form_token", "")):
        return refuse_token(seen)
    if seen.session:
        await seen.site.call(seen.site.accounts.close_session, seen.session)
    seen.cookies[SESSION_COOKIE] = ""
    return seen.respond(RedirectResponse("/", status_code=303))


def signed_in(seen: Visit) -> Response | None:
    """A redirect to the sign-in page for a visitor without a session."""
    if seen.account is not None:
        return None
    return seen.respond(RedirectResponse("/login", status_code=303))
