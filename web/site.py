"""What every page shares: the store (one application, its read models, the
accounts), the language, the visitor's session and form token, and rendering."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from thidua.office.i18n import Lang, Texts

from .accounts import Account, Accounts, Grant, grants_of
from .security import FormTokens, LoginBrake

if TYPE_CHECKING:
    from thidua.domain.auditor.checkpoint import Checkpoint
    from thidua.domain.service.application import Thidua
    from thidua.projections.read_models import ReadModels

T = TypeVar("T")
SESSION_COOKIE = "thidua_session"
NONCE_COOKIE = "thidua_nonce"
LANG_COOKIE = "thidua_lang"
CACHED = 256
# Only this site's own stylesheet, script, forms and frames: an injected tag or a
# page of another site framing this one gets nowhere.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:;"
    " form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class Site:
    """One store behind the pages. The engine and its read models are used by one
    request at a time (`call`), as the command line uses them by one command."""

    def __init__(
        self,
        db: str,
        *,
        secure_cookies: bool = True,
        clock: Callable[[], datetime] = utc_now,
        brake: LoginBrake | None = None,
    ) -> None:
        from thidua.projections.read_models import ReadModels
        from thidua.store import build_app

        self.app: Thidua = build_app(db)
        self.read_models: ReadModels = ReadModels(self.app)
        self.accounts = Accounts(self.read_models.db)
        self.tokens = FormTokens(self.accounts.secret())
        self.brake = brake or LoginBrake()
        self.secure_cookies = secure_cookies
        self.clock = clock
        self.lock = threading.Lock()
        self.env = Environment(
            loader=PackageLoader("thidua.web", "templates"),
            autoescape=select_autoescape(default=True),
        )
        self._checkpoint: tuple[int, Checkpoint] | None = None
        self._pages: dict[tuple[object, ...], tuple[int, Any]] = {}

    def close(self) -> None:
        self.read_models.close()
        self.app.close()

    async def call(self, work: Callable[..., T], /, *args: Any) -> T:
        """Run blocking work off the event loop, one request at a time."""

        def locked() -> T:
            with self.lock:
                return work(*args)

        return await run_in_threadpool(locked)

    @contextmanager
    def signing_as(self, account: Account) -> Iterator[None]:
        """Sign what is recorded meanwhile with the account's key, if it has one
        (the caller holds the lock: the engine signs for one command at a time)."""
        if account.key_file is None:
            yield
            return
        from pathlib import Path

        from thidua.domain.service.signing import SignatureRefused, Signer

        try:
            self.app.signer = Signer(Path(account.key_file).read_bytes())
        except (OSError, ValueError):
            raise SignatureRefused(
                "the key of {actor} cannot be read on the server",
                actor=account.name,
            ) from None
        try:
            yield
        finally:
            self.app.signer = None

    def grants(self, account: Account) -> tuple[Grant, ...]:
        """The account's grants now: the store's key authority's, if it has one."""
        from thidua.domain.service.authorization import authority

        return grants_of(account, authority(self.app), self.clock())

    def as_of_log(
        self, key: tuple[object, ...], work: Callable[..., T], /, *args: Any
    ) -> T:
        """What `work` answers, made again only when the log has grown: a public
        page's data is drawn from the log as it stands, and most visits find it as
        the last one did. At most CACHED answers are kept."""
        last = self.app.recorder.max_notification_id() or 0
        found = self._pages.get(key)
        if found is not None and found[0] == last:
            answer: T = found[1]
            return answer
        made = work(*args)
        if len(self._pages) >= CACHED:
            self._pages.pop(next(iter(self._pages)))
        self._pages[key] = (last, made)
        return made

    def checkpoint(self) -> Checkpoint:
        """The log's checkpoint now, taken again only when the log has grown."""
        from thidua.domain.auditor.audit import Auditor
        from thidua.domain.auditor.log_tree import LogTree

        last = self.app.recorder.max_notification_id() or 0
        if self._checkpoint is None or self._checkpoint[0] != last:
            taken, _ = LogTree(Auditor(self.app)).checkpoint(self.clock())
            self._checkpoint = (last, taken)
        return self._checkpoint[1]


@dataclass
class Visit:
    """Who is asking, in which language, with which form token."""

    site: Site
    request: Request
    lang: Lang
    account: Account | None
    session: str
    nonce: str
    new_nonce: bool
    cookies: dict[str, str] = field(default_factory=dict)
    grants: tuple[Grant, ...] = ()  # what the account may do (web/accounts.py)

    @property
    def texts(self) -> Texts:
        return Texts(self.lang, "web")

    @property
    def form_token(self) -> str:
        return self.site.tokens.token(self.nonce, self.session)

    def holds_token(self, token: str) -> bool:
        return self.site.tokens.holds(token, self.nonce, self.session)

    def may_write(self, bloc: str, unit: str | None) -> bool:
        return any(grant.writes_for(bloc, unit) for grant in self.grants)

    def follows(self, bloc: str) -> bool:
        """Whether the account holds a grant within the bloc (or every bloc)."""
        return any(grant.bloc in (None, bloc) for grant in self.grants)

    def render(self, template: str, status: int = 200, **values: Any) -> Response:
        from thidua.office.wording import Wording

        page = self.site.env.get_template(template).render(
            t=self.texts,
            term=Wording(self.lang).term,
            lang=self.lang,
            account=self.account,
            form_token=self.form_token,
            path=self.request.url.path,
            **values,
        )
        return self.respond(HTMLResponse(page, status_code=status))

    def respond(self, response: Response) -> Response:
        secure = self.site.secure_cookies
        if self.new_nonce:
            response.set_cookie(
                NONCE_COOKIE, self.nonce, httponly=True, secure=secure, samesite="lax"
            )
        for name, value in self.cookies.items():
            if value:
                response.set_cookie(
                    name, value, httponly=True, secure=secure, samesite="lax"
                )
            else:
                response.delete_cookie(
                    name, httponly=True, secure=secure, samesite="lax"
                )
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.update(SECURITY_HEADERS)
        return response


async def visit(request: Request) -> Visit:
    site: Site = request.app.state.site
    cookies: dict[str, str] = {}
    asked = request.query_params.get("lang")
    if asked in ("vi", "en"):
        lang: Lang = "en" if asked == "en" else "vi"
        cookies[LANG_COOKIE] = lang
    else:
        lang = "en" if request.cookies.get(LANG_COOKIE) == "en" else "vi"
    session = request.cookies.get(SESSION_COOKIE, "")
    account = None
    grants: tuple[Grant, ...] = ()
    if session:
        account = await site.call(site.accounts.session, session, site.clock())
        if account is None:
            session = ""
            cookies[SESSION_COOKIE] = ""
        else:
            grants = await site.call(site.grants, account)
    nonce = request.cookies.get(NONCE_COOKIE, "")
    fresh = not nonce
    return Visit(
        site,
        request,
        lang,
        account,
        session,
        nonce or FormTokens.new_nonce(),
        fresh,
        cookies,
        grants,
    )
