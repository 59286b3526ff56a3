"""Form tokens (CSRF) and the brake on guessing passwords.

A form carries a token signed with the web's secret that names the browser's own
nonce (an HTTP-only cookie) and its session, so a page of another site can neither
read one nor make one: a form posted without it, or with another browser's, is
refused before anything is parsed further.
"""

from __future__ import annotations

import hmac
import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from itsdangerous import BadData, URLSafeTimedSerializer

FORM_TOKEN_AGE = 8 * 3600  # seconds: as long as a session lives


class FormTokens:
    def __init__(self, secret: str) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="thidua-form")

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(16)

    def token(self, nonce: str, session: str) -> str:
        return self.serializer.dumps([nonce, _short(session)])

    def holds(self, token: str, nonce: str, session: str) -> bool:
        """Whether the token was made for this browser's nonce and session."""
        if not token or not nonce:
            return False
        try:
            said = self.serializer.loads(token, max_age=FORM_TOKEN_AGE)
        except BadData:
            return False
        if not (isinstance(said, list) and len(said) == 2):
            return False
        return hmac.compare_digest(str(said[0]), nonce) and hmac.compare_digest(
            str(said[1]), _short(session)
        )


def _short(session: str) -> str:
    # The token names the session without carrying it: a leaked page leaks no session.
    import hashlib

    return hashlib.sha256(session.encode()).hexdigest()[:32] if session else ""


@dataclass
class _Tries:
    failures: int
    blocked_until: float


class LoginBrake:
    """Failed sign-ins per key (an account's name, a client's address): after `free`
    failures each further try waits twice as long as the last, up to `longest`
    seconds. At most `size` keys are remembered, the oldest forgotten first, so
    that guessing from many addresses cannot fill the memory."""

    def __init__(
        self,
        *,
        free: int = 5,
        first_wait: float = 2.0,
        longest: float = 900.0,
        size: int = 10_000,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        self.free = free
        self.first_wait = first_wait
        self.longest = longest
        self.size = size
        self.clock = clock
        self.tries: OrderedDict[str, _Tries] = OrderedDict()

    def wait(self, *keys: str) -> float:
        """Seconds before a key may try again (0 when it may now)."""
        now = self.clock()
        waits = [t.blocked_until - now for k in keys if (t := self.tries.get(k))]
        return max([0.0, *waits])

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in keys:
            tries = self.tries.pop(key, None) or _Tries(0, 0.0)
            tries.failures += 1
            over = tries.failures - self.free
            if over >= 0:
                tries.blocked_until = now + min(self.longest, self.first_wait * 2**over)
            self.tries[key] = tries
            while len(self.tries) > self.size:
                self.tries.popitem(last=False)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self.tries.pop(key, None)
