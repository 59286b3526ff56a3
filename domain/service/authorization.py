"""Refused when written: a command the store or its rulebook wants signed must be
signed by a key registered to its actor and live when it is issued, and under an
authority the actor must hold the grant for what it does.

`authorize(app, command)` is called once on the handling path, before the
command's use case; the authority's own commands carry their signatures inside and
are judged by its rules (domain/authority.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from eventsourcing.application import AggregateNotFoundError

from thidua.domain import authority_commands as a
from thidua.domain import commands as c
from thidua.domain.authority import Authority
from thidua.domain.authority_errors import (
    AuthorityRefused,
    GrantMissing,
    KeyNotCertified,
    SignatureRequired,
)
from thidua.domain.authority_state import (
    AUTHORITY_ID,
    KIND_OF,
    AuthorityState,
    fact_statement,
)
from thidua.domain.base import Command
from thidua.domain.errors import ThiduaError
from thidua.domain.rulebook import parse_rulebook
from thidua.domain.service.loading import UNFOLDABLE, unreadable_stream
from thidua.domain.types import Role

if TYPE_CHECKING:
    from thidua.domain.service.application import Receipt, Thidua
    from thidua.domain.service.signing import Signer


# The authority each application last read, with the version it stood at: its state
# is immutable, so it is shared until the stream's head moves.
_READ: WeakKeyDictionary[Thidua, tuple[int, AuthorityState]] = WeakKeyDictionary()


def authority(app: Thidua) -> AuthorityState | None:
    """The store's key authority as it stands, if it has one."""
    # Asked before every command, of the store itself (another process may have
    # revoked a key or a grant since): one short read of the stream's head, and
    # the stream folded again only when it moved.
    head = app.recorder.select_events(AUTHORITY_ID, desc=True, limit=1)
    if not head:
        return None
    version = head[0].originator_version
    read = _READ.get(app)
    if read is not None and read[0] == version:
        return read[1]
    try:
        found: Authority = app.repository.get(AUTHORITY_ID)
    except AggregateNotFoundError:
        return None
    except UNFOLDABLE as error:  # rows written past the engine: refuse, never crash
        raise unreadable_stream("authority", error) from None
    if found.version == version:
        _READ[app] = (version, found.state)
    return found.state


def authority_keys(app: Thidua) -> dict[str, tuple[str, str]]:
    """The keys the authority registered: key id → (holder, public key)."""
    state = authority(app)
    if state is None:
        return {}
    return {k: (v.holder, v.public_key) for k, v in state.keys.items()}


def authorize(app: Thidua, command: Command) -> None:
    """Refuse a command that lacks the signature or the grant it needs."""
    if isinstance(command, a.AUTHORITY_COMMANDS):
        return
    state = authority(app)
    if state is not None and isinstance(command, c.RegisterKey):
        raise AuthorityRefused(
            "this store has a key authority: keys are registered through it"
            " ('thidua authority register'), not by their holders alone"
        )
    if state is None and not _rulebook_requires(app, command):
        return
    signer = app.signer
    if signer is None:
        raise SignatureRequired(
            "the store's key authority requires signed commands: sign it with"
            " --sign KEY_FILE"
            if state
            else "the rulebook requires signed commands: sign it with --sign KEY_FILE"
        )
    if state is None:
        holder = app.keys().get(signer.key_id, (None, ""))[0]
        if holder != command.actor.name and not isinstance(command, c.RegisterKey):
            raise _unregistered(signer.key_id, command)
        return
    key = state.keys.get(signer.key_id)
    if key is None or key.holder != command.actor.name:
        raise _unregistered(signer.key_id, command)
    if not key.live(command.issued_at):
        raise KeyNotCertified(
            "key {key} of {actor} is revoked from {until}",
            key=signer.key_id,
            actor=command.actor.name,
            until=key.until,
            value=signer.key_id,
        )
    if key.revoked_at is not None and command.issued_at < key.revoked_at:
        # As X.509's invalidityDate: what the key signed before its revocation
        # stands, but once the revocation is known it signs nothing dated earlier,
        # or a stolen key would go on signing by backdating.
        raise KeyNotCertified(
            "key {key} of {actor} was revoked on {revoked}: it signs nothing"
            " dated before that",
            key=signer.key_id,
            actor=command.actor.name,
            revoked=key.revoked_at,
            value=signer.key_id,
        )
    _require_grant(state, command)


def _unregistered(key: str, command: Command) -> KeyNotCertified:
    return KeyNotCertified(
        "key {key} is not registered to {actor}",
        key=key,
        actor=command.actor.name,
        value=key,
    )


def _require_grant(state: AuthorityState, command: Command) -> None:
    actor = command.actor
    scope: Any = None
    if actor.role is Role.OPERATOR:
        scope = getattr(command, "bloc", None)
    elif actor.role is Role.UNIT:
        scope = actor.unit
    if not state.holds(actor.name, actor.role, scope, command.issued_at):
        raise GrantMissing(
            "{actor} is not granted the role {role} of {scope} by the authority"
            if scope
            else "{actor} is not granted the role {role} by the authority",
            actor=actor.name,
            role=actor.role.value,
            scope=scope,
            value=actor.role.value,
        )


def _rulebook_requires(app: Thidua, command: Command) -> bool:
    """Whether the cycle's rulebook (or the one a cycle opens with) wants it signed."""
    if isinstance(command, c.OpenCycle):
        try:
            return parse_rulebook(command.rulebook_text).rulebook.signatures_required
        except ThiduaError:
            return False  # the use case refuses the rulebook, naming its fault
    if not isinstance(command, c.CycleCommand):
        return False
    try:
        # The stream the use case then judges on, loaded once for both: a cycle's
        # rulebook is the one it opened with, so the kept stream's is current.
        cycle = app.cycle_stream(command.bloc, command.year, copy=False).state
    except ThiduaError:
        return False  # the use case refuses it, naming why
    return cycle.rulebook.rulebook.signatures_required


def signed_fields(
    command_class: type[Command],
    fields: dict[str, Any],
    *,
    issued_at: datetime,
    root: str = "",
    endorser: Signer | None = None,
    new_key: Signer | None = None,
) -> dict[str, Any]:
    """A fact's fields with the signatures its command carries: the new key's proof
    of possession (its public key added) and the endorser's signature, both over
    the fact's statement."""
    if new_key is not None:
        fields = {**fields, "public_key": new_key.public_key}
        root = root or new_key.key_id  # the root proves its own key
    said = fact_statement(KIND_OF[command_class], root, issued_at, fields)
    if new_key is not None:
        fields["proof"] = new_key.sign(said)
    if endorser is not None:
        fields |= {"endorser": endorser.key_id, "endorsement": endorser.sign(said)}
    return fields


# The authority's use cases: found its stream, then judge each fact against it.
def found_authority(app: Thidua, command: a.FoundAuthority) -> Receipt:
    return app._create(AUTHORITY_ID, command, lambda: Authority.found(command))


def act(app: Thidua, command: Command) -> Receipt:
    missing = AuthorityRefused("this store has no key authority: run 'thidua db init'")
    loader: Any = lambda copy=True: app._load(AUTHORITY_ID, missing, copy=copy)  # noqa: E731
    return app._change(AUTHORITY_ID, loader, command, Authority.act)


USE_CASES: dict[type[Command], Any] = {
    a.FoundAuthority: found_authority,
    **{kind: act for kind in a.AUTHORITY_COMMANDS if kind is not a.FoundAuthority},
}
