"""Bounded waits: no session, of whatever role, can stall the others for long.

Every PostgreSQL session thidua opens sets lock_timeout, statement_timeout and
idle_in_transaction_session_timeout; SQLite's busy timeout bounds its write lock. Each
is a setting in seconds, from the environment (docs/postgres.md). A wait that runs out
is one line naming what waited, never a hang.
"""

from __future__ import annotations

import os

from thidua.domain.errors import ThiduaError

from .failures import driver_error
from .names import HEADS_TABLE, INSERT_FUNCTION

# Setting → default, in seconds.
TIMEOUTS = {
    "THIDUA_LOCK_TIMEOUT": 10,  # a wait for a lock: a stream's turn, a table
    "THIDUA_STATEMENT_TIMEOUT": 120,  # one statement
    "THIDUA_IDLE_TIMEOUT": 300,  # a transaction left open and idle
}
LOCK_NOT_AVAILABLE = "55P03"
QUERY_CANCELED = "57014"  # what a statement_timeout gives
IDLE_IN_TRANSACTION = "25P03"


WAITED = (
    "waited {seconds} s for {what}, which another session holds; nothing was"
    " recorded: run it again, or have the store's owner find the holder in"
    " pg_locks ({setting})"
)


class StoreWaited(ThiduaError):
    """Raised when a command or query waited past its timeout for another session."""

    rule = "timeout"


def seconds(name: str) -> int:
    """A timeout setting: whole seconds, at least 1."""
    given = os.environ.get(name, "").strip()
    try:
        value = int(given) if given else TIMEOUTS[name]
    except ValueError:
        raise StoreWaited(
            "{name} must be a whole number of seconds, not {given!r}",
            name=name,
            given=given,
            value=given,
        ) from None
    return max(value, 1)


def postgres_options() -> str:
    """The libpq `options` that set a session's timeouts as it connects."""
    return (
        f"-c lock_timeout={seconds('THIDUA_LOCK_TIMEOUT') * 1000}"
        f" -c statement_timeout={seconds('THIDUA_STATEMENT_TIMEOUT') * 1000}"
        f" -c idle_in_transaction_session_timeout="
        f"{seconds('THIDUA_IDLE_TIMEOUT') * 1000}"
    )


def library_env() -> dict[str, str]:
    """The same bounds in the library's own settings, which it applies after ours."""
    return {
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": str(
            seconds("THIDUA_IDLE_TIMEOUT")
        ),
        "SQLITE_LOCK_TIMEOUT": str(seconds("THIDUA_LOCK_TIMEOUT")),
    }


def waited(error: BaseException, what: str = "") -> StoreWaited | None:
    """The one line for a wait that ran out, naming what waited (`what`, else read
    from the server's words); else None."""
    import psycopg

    found = driver_error(error)
    if not isinstance(found, psycopg.Error):
        return None
    state = found.sqlstate
    where = " ".join(
        filter(None, (str(found), found.diag.context or "", found.diag.internal_query))
    )
    if state == LOCK_NOT_AVAILABLE:
        setting, template = "THIDUA_LOCK_TIMEOUT", WAITED
    elif state == QUERY_CANCELED:
        setting = "THIDUA_STATEMENT_TIMEOUT"
        template = (
            "a statement on {what} ran past {seconds} s and was cancelled; nothing"
            " was recorded ({setting})"
        )
    elif state == IDLE_IN_TRANSACTION:
        setting = "THIDUA_IDLE_TIMEOUT"
        template = (
            "the server ended a transaction left idle past {seconds} s; nothing"
            " of it was recorded ({setting})"
        )
    else:
        return None
    return StoreWaited(
        template,
        seconds=seconds(setting),
        what=what or _what(where),
        setting=setting,
        value=setting,
    )


def ran_out(what: str, setting: str) -> StoreWaited:
    """The one line for waiting on `what` for as long as `setting` allows."""
    return StoreWaited(
        WAITED, seconds=seconds(setting), what=what, setting=setting, value=setting
    )


def _what(where: str) -> str:
    if HEADS_TABLE in where:
        return "a stream's turn"
    if INSERT_FUNCTION in where or "LOCK TABLE" in where:
        return "the events table"
    return "a table of the store"
