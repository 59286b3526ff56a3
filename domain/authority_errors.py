"""Refusals of the key authority and of commands it does not vouch for."""

from __future__ import annotations

from thidua.domain.errors import CommandRejected


class AuthorityRefused(CommandRejected):
    """Raised when the key authority refuses to record a fact (no authority yet,
    one already founded, a key or grant already recorded or not there)."""

    rule = "authority"


class PossessionUnproven(AuthorityRefused):
    """Raised when a key is registered without a proof, made with its private key,
    that its holder has it."""

    rule = "possession"


class EndorsementRefused(AuthorityRefused):
    """Raised when a registration, revocation or grant is not endorsed by a key
    allowed to endorse it (the root for admins, an admin for keys and roles)."""

    rule = "endorsement"


class SignatureRequired(CommandRejected):
    """Raised when the store (an authority) or the rulebook requires signed
    commands and a command comes unsigned."""

    rule = "signature-required"


class KeyNotCertified(CommandRejected):
    """Raised when a command is signed with a key that is not registered to its
    actor, or was revoked before the command was issued."""

    rule = "unregistered-key"


class GrantMissing(CommandRejected):
    """Raised when the actor's role is not granted by the authority for what the
    command does (operator of this bloc, representative of this unit)."""

    rule = "grant"
