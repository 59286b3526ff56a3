"""People's accounts for the web door, and their sessions: tables of the web's own
in the store's database, beside the read models, never in the event log (a password
changed is not a fact of the cycle).

An account is bound to the actor the engine records for what it sends: its name, its
role and, for a unit's representative, its unit. What it may do is its grants
(`grants_of`): on a store with a key authority, the roles the authority granted its
name (in the account's own role, the one the engine records and judges); on a store
without one, the account's own role and scope are its one grant.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from thidua.domain.authority_state import AuthorityState
    from thidua.projections.db import ViewDatabase

AccountRole = Literal["representative", "operator", "auditor", "analyst"]
ROLES: tuple[AccountRole, ...] = ("representative", "operator", "auditor", "analyst")
# The engine's name for each account role (domain/types.py Role).
ENGINE_ROLES: dict[AccountRole, str] = {
    "representative": "unit",
    "operator": "operator",
    "auditor": "auditor",
    "analyst": "analyst",
}
SESSION_LIFETIME = timedelta(hours=8)

TABLES = (
    "CREATE TABLE IF NOT EXISTS {accounts} (name TEXT PRIMARY KEY, role TEXT NOT NULL,"
    " unit TEXT, bloc TEXT, password_hash TEXT NOT NULL, created_at TEXT NOT NULL,"
    " key_file TEXT)",
    "CREATE TABLE IF NOT EXISTS {sessions} (token_hash TEXT PRIMARY KEY,"
    " account TEXT NOT NULL, expires_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS {secrets} (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class AccountRefused(Exception):
    """Raised when an account cannot be made as asked (a name taken, a role or
    scope missing); `rule` names why, as domain refusals do, and `key` is its
    text in the catalogs' [web] section, filled with `values`."""

    def __init__(self, rule: str, key: str, **values: str) -> None:
        super().__init__(f"{rule}: {key}")
        self.rule = rule
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Grant:
    """What an account may do: act in a role, within a bloc, for a unit."""

    role: AccountRole
    bloc: str | None
    unit: str | None

    def writes_for(self, bloc: str, unit: str | None) -> bool:
        """Whether this grant lets its holder send a command for the unit (None:
        a command about the whole cycle) of the bloc."""
        if self.bloc is not None and self.bloc != bloc:
            return False
        if self.role == "operator":
            return True
        return self.role == "representative" and unit is not None and unit == self.unit


@dataclass(frozen=True)
class Account:
    name: str
    role: AccountRole
    unit: str | None
    bloc: str | None
    # The Ed25519 private key (a PEM file on the server, registered to the name
    # with `thidua keys register`) that signs what the account sends, if any.
    key_file: str | None = None

    def actor(self) -> dict[str, str | None]:
        """The actor the engine records for this account's commands."""
        role = ENGINE_ROLES[self.role]
        return {"name": self.name, "role": role, "unit": self.unit}


def grants_of(
    account: Account,
    authority: AuthorityState | None = None,
    at: datetime | None = None,
) -> tuple[Grant, ...]:
    """The grants an account holds: its own role and scope where the store has no
    key authority; where it has one, the authority's grants to its name live at
    `at` (now if not given), in the account's role, since the engine would refuse
    a command in any other. A province's operator (granted no bloc) writes no
    bloc's cycle, so it gives the web door nothing to write."""
    if authority is None:
        return (Grant(account.role, account.bloc, account.unit),)
    when = at or datetime.now(UTC)
    role = ENGINE_ROLES[account.role]
    found: list[Grant] = []
    for (holder, granted, scope), grant in authority.grants.items():
        if holder != account.name or granted != role or not grant.live(when):
            continue
        if role == "unit" and scope == account.unit:
            found.append(Grant(account.role, account.bloc, scope))
        elif role == "operator" and scope is not None:
            found.append(Grant(account.role, scope, None))
        elif role not in ("unit", "operator"):
            found.append(Grant(account.role, None, None))
    return tuple(found)


def plain_name(name: str) -> str:
    """A name as accounts keep it: trimmed, in NFC (as the engine keeps names)."""
    return unicodedata.normalize("NFC", " ".join(name.split()))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """Accounts, sessions and the web's signing secret, in one database."""

    def __init__(self, db: ViewDatabase) -> None:
        from argon2 import PasswordHasher

        self.db = db
        self.hasher = PasswordHasher()
        self.names = {
            "accounts": db.qualify("web_accounts"),
            "sessions": db.qualify("web_sessions"),
            "secrets": db.qualify("web_secrets"),
        }
        with db.transaction() as tx:
            for statement in TABLES:
                tx.execute(statement.format(**self.names))
        # A hash to check against when no account has the name, so that a wrong
        # name takes as long to refuse as a wrong password.
        self._decoy = self.hasher.hash(secrets.token_hex(16))

    def add(
        self,
        name: str,
        *,
        role: AccountRole,
        password: str,
        unit: str | None = None,
        bloc: str | None = None,
        key_file: str | None = None,
    ) -> Account:
        name = plain_name(name)
        unit = unit.upper() if unit else None
        bloc = bloc.upper() if bloc else None
        if not name:
            raise AccountRefused("account", "account_no_name")
        if role == "representative" and not (unit and bloc):
            raise AccountRefused("account", "account_needs_unit")
        if len(password) < 8:
            raise AccountRefused("password", "password_short")
        if self.find(name) is not None:
            raise AccountRefused("already-exists", "account_exists", name=name)
        created = datetime.now(UTC).isoformat()
        hashed = self.hasher.hash(password)
        row = (name, role, unit, bloc, hashed, created, key_file)
        with self.db.transaction() as tx:
            tx.execute(
                f"INSERT INTO {self.names['accounts']} VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        return Account(name, role, unit, bloc, key_file)

    def find(self, name: str) -> Account | None:
        with self.db.transaction(write=False) as tx:
            rows = tx.execute(
                "SELECT name, role, unit, bloc, key_file FROM"
                f" {self.names['accounts']} WHERE name = ?",
                (plain_name(name),),
            )
        if not rows:
            return None
        found, role, unit, bloc, key_file = rows[0]
        return Account(found, role, unit, bloc, key_file)

    def check(self, name: str, password: str) -> Account | None:
        """The account, if the password is its own; else None."""
        from argon2.exceptions import InvalidHashError, VerificationError

        with self.db.transaction(write=False) as tx:
            rows = tx.execute(
                f"SELECT password_hash FROM {self.names['accounts']} WHERE name = ?",
                (plain_name(name),),
            )
        stored = rows[0][0] if rows else self._decoy
        try:
            self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return self.find(name) if rows else None

    def open_session(self, account: Account, now: datetime) -> str:
        """A new session for the account: its token, kept only as a hash."""
        token = secrets.token_urlsafe(32)
        expires = (now + SESSION_LIFETIME).isoformat()
        with self.db.transaction() as tx:
            tx.execute(
                f"DELETE FROM {self.names['sessions']} WHERE expires_at < ?",
                (now.isoformat(),),
            )
            tx.execute(
                f"INSERT INTO {self.names['sessions']} VALUES (?, ?, ?)",
                (_hash_token(token), account.name, expires),
            )
        return token

    def session(self, token: str, now: datetime) -> Account | None:
        with self.db.transaction(write=False) as tx:
            rows = tx.execute(
                f"SELECT account, expires_at FROM {self.names['sessions']}"
                " WHERE token_hash = ?",
                (_hash_token(token),),
            )
        if not rows or rows[0][1] < now.isoformat():
            return None
        return self.find(rows[0][0])

    def close_session(self, token: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                f"DELETE FROM {self.names['sessions']} WHERE token_hash = ?",
                (_hash_token(token),),
            )

    def secret(self) -> str:
        """The key that signs form tokens: made once, shared by every worker."""
        table = self.names["secrets"]
        with self.db.transaction() as tx:
            # Two workers starting at once: the first to insert wins, both read it.
            tx.execute(
                f"INSERT INTO {table} VALUES ('forms', ?)"
                " ON CONFLICT (name) DO NOTHING",
                (secrets.token_hex(32),),
            )
            rows = tx.execute(f"SELECT value FROM {table} WHERE name = 'forms'")
        return str(rows[0][0])
