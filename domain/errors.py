"""Domain exceptions. Each names the rule that refused a command."""

from __future__ import annotations

from thidua.domain.phrase import Day, Term, english


class ThiduaError(Exception):
    """Raised when thidua refuses a request; the base of every domain error."""

    rule = "thidua"

    def __init__(self, message: str, *, value: object = None, **params: object) -> None:
        # The message is a template, its fields given by name: a catalog can say
        # the same in another language (the template is the key, as in gettext).
        # A field that is a term of the catalogs (`Term`, a `Day`) is said in
        # English here, and in the reader's language by the catalogs.
        said = {
            name: english(value) if isinstance(value, Term | Day) else value
            for name, value in params.items()
        }
        text = message.format(**said) if params else message
        super().__init__(text)
        self.message = text
        self.template = message
        self.params = params
        self.value = value

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


class NotFound(ThiduaError):
    """Raised when a bloc or cycle that a command names does not exist."""

    rule = "not-found"


class BlocNotFound(NotFound):
    """Raised when no bloc has the given code."""

    rule = "unknown-bloc"


class CycleNotFound(NotFound):
    """Raised when the bloc has no cycle for the given year."""

    rule = "unknown-cycle"


class RulebookInvalid(ThiduaError):
    """Raised when a rulebook is not valid TOML or breaks the rulebook schema."""

    rule = "rulebook"

    def __init__(
        self, message: str, *, line: int | None = None, **params: object
    ) -> None:
        super().__init__(message, value=line, **params)
        self.line = line
        if line:
            self.message = f"line {line}: {self.message}"
            self.args = (self.message,)


class CommandRejected(ThiduaError):
    """Raised when a command is well formed but a rule of the domain refuses it."""

    rule = "rejected"


class MalformedInput(CommandRejected):
    """Raised when an input file (CSV, ballots) cannot be read as the format says."""

    rule = "input-format"


class InputTooLarge(MalformedInput):
    """Raised when an input file is beyond an import's limits (its size, its rows,
    or the memory or time its reading would take)."""

    rule = "input-size"


class RoleNotPermitted(CommandRejected):
    """Raised when the actor's role may not issue this command."""

    rule = "role"


class AlreadyExists(CommandRejected):
    """Raised when a bloc, cycle or unit with that identity already exists."""

    rule = "already-exists"


class WrongStage(CommandRejected):
    """Raised when the cycle's stage does not allow the command."""

    rule = "stage"


class CycleIsClosed(WrongStage):
    """Raised when a command other than a revocation reaches a closed cycle."""

    rule = "cycle-closed"


class NotAMember(CommandRejected):
    """Raised when a unit is not on the cycle's roster (or the bloc's)."""

    rule = "membership"


class RulebookNotInForce(CommandRejected):
    """Raised when the rulebook's dates do not cover the cycle's year."""

    rule = "rulebook-in-force"


class UnknownCriterion(CommandRejected):
    """Raised when a score names a criterion the rulebook does not have."""

    rule = "unknown-criterion"


class PointsOutOfBounds(CommandRejected):
    """Raised when points fall outside a criterion's or an adjustment's bounds."""

    rule = "points-bounds"


class AlreadySigned(CommandRejected):
    """Raised when a unit signs the covenant a second time."""

    rule = "covenant-once"


class ReasonRequired(CommandRejected):
    """Raised when a change of points or an adjustment comes without a reason."""

    rule = "reason-required"


class ScoringIncomplete(CommandRejected):
    """Raised when scoring is closed while the rulebook wants every sheet complete."""

    rule = "scoring-complete"


class UnknownMotion(CommandRejected):
    """Raised when a vote names a motion the rulebook does not define."""

    rule = "unknown-motion"


class VoteNotOpen(CommandRejected):
    """Raised when a ballot or a close reaches a motion with no open round."""

    rule = "vote-not-open"


class VoteAlreadyOpen(CommandRejected):
    """Raised when a motion is opened while a round of it is open."""

    rule = "vote-already-open"


class NotEligible(CommandRejected):
    """Raised when a unit may not vote in the round, or a candidate may not stand."""

    rule = "vote-eligibility"


class AlreadyVoted(CommandRejected):
    """Raised when a unit casts a second ballot in one round."""

    rule = "one-ballot-per-round"


class InvalidBallot(CommandRejected):
    """Raised when a ballot does not fit the motion's ballot kind."""

    rule = "ballot"


class BallotCountMismatch(CommandRejected):
    """Raised when the counted secret ballots differ from the units that voted."""

    rule = "ballot-count"


class UnknownAward(CommandRejected):
    """Raised when an award type, proposal or award id is not known."""

    rule = "unknown-award"


class QuotaExceeded(CommandRejected):
    """Raised when an award would exceed its quota in the cycle."""

    rule = "award-quota"


class AwardConditionNotMet(CommandRejected):
    """Raised when a recipient does not meet the award type's conditions."""

    rule = "award-condition"


class OneAwardPerAchievement(CommandRejected):
    """Raised when a recipient already holds an active proposal or award this cycle."""

    rule = "one-award-per-achievement"


class PendingProceeding(CommandRejected):
    """Raised when a recipient is under discipline, investigation or complaint."""

    rule = "pending-proceeding"


class MinutesNotFinal(ThiduaError):
    """Raised when minutes are asked of a cycle whose review is not finished
    (scoring not closed, or a vote still open), unless they are a draft."""

    rule = "minutes-final"


class VerificationFailed(ThiduaError):
    """Raised when `audit verify` finds a broken chain, a signature that does not
    hold, a re-derived decision that disagrees, or a digest the store no longer
    extends."""

    rule = "audit"


class StreamUnreadable(ThiduaError):
    """Raised when a stored stream cannot be folded into its state (an event that
    does not validate or does not apply): nothing is decided on it until
    `audit verify` has shown why."""

    rule = "stream-unreadable"


class StoreNotEmpty(ThiduaError):
    """Raised when the demo is asked to record into a store that holds other data."""

    rule = "demo"


class KeyFileExists(ThiduaError):
    """Raised when a new key would overwrite an existing file."""

    rule = "key-file"


class ImportRefused(MalformedInput):
    """Raised when a spreadsheet has any bad cell: the whole file is refused, and
    every problem is listed by sheet, row and column."""

    rule = "import"

    def __init__(self, message: str, *, problems: list[dict[str, str]]) -> None:
        super().__init__(message, value=len(problems))
        self.problems = problems


class FactInFuture(CommandRejected):
    """Raised when a command says its fact happened after the moment it is recorded."""

    rule = "time-of-fact"
