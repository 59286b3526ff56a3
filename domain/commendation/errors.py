"""Refusals of the commendation rules: each names its rule."""

from __future__ import annotations

from thidua.domain.errors import CommandRejected, NotFound


class DossierNotFound(NotFound):
    """Raised when no dossier, council session or decision has the given code."""

    rule = "unknown-dossier"


class WrongDossierStatus(CommandRejected):
    """Raised when a dossier is not in the state the step needs (submit a draft,
    receive a submitted dossier, …)."""

    rule = "dossier-state"


class DocumentsMissing(CommandRejected):
    """Raised when a dossier is submitted without a document the rules require."""

    rule = "dossier-documents"


class NoticeNotOver(CommandRejected):
    """Raised when the council would take up a dossier before its public notice
    (công khai) has run its period."""

    rule = "public-notice"


class DayOutOfOrder(CommandRejected):
    """Raised when a step is dated before the step it follows: a notice before the
    appraisal, a council before the dossier is appraised, a decision before its
    council."""

    rule = "dossier-chronology"


class NothingToCertify(CommandRejected):
    """Raised when certificates are asked of a decision with no line in force: one
    that answered a council which passed nothing, or whose lines were revoked."""

    rule = "decision-certificates"


class CouncilRefused(CommandRejected):
    """Raised when a council session is closed, or an item is not on its agenda
    or already counted."""

    rule = "council-session"


class NoQuorum(CommandRejected):
    """Raised when fewer council members attend than the quorum needs."""

    rule = "council-quorum"


class NotACouncilMember(CommandRejected):
    """Raised when a ballot or opinion comes from someone not a member, or an
    absent member's opinion from a member who attended."""

    rule = "council-member"


class DecisionRefused(CommandRejected):
    """Raised when a decision names an item the council did not pass, a line twice,
    or a line already revoked."""

    rule = "decision"
