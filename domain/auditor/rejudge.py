"""Re-judging every stored event against the rules in force when it was recorded.

The engine refuses a command that breaks a rule; an insider who writes rows by hand
is refused by nothing. This walks a cycle's stored documents (not the domain's
events) with its own plain state and asks of each event what the engine asks of
its command: may this actor act for this unit, is the unit a member, does the
criterion exist and do the points fit its bounds and decimals, is the ballot one
the round allows, may the award go to this recipient. It shares no guard with the
engine on purpose, as the re-derivation (domain/auditor/rederive.py) shares no count.
The stage order, rankings, tallies, quotas and award conditions are re-derived
there; this module judges everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.phrase import Phrase, Term, phrase
from thidua.domain.rulebook import Criterion, Rulebook, parse_rulebook

# Commands a unit's own representative may issue for it; every other needs an
# operator (domain/base.py: require_operator, require_operator_or_unit).
FOR_ITS_UNIT = {
    "ScoresSubmitted": "unit",
    "CovenantSigned": "unit",
    "TargetsRegistered": "unit",
    "VoteCast": "voter",
}


@dataclass
class Judged:
    """What the re-judgement knows of a cycle so far, kept in plain values."""

    rulebook: Rulebook
    roster: set[str]
    names: dict[str, str] = field(default_factory=dict)  # as on the roster
    head: str | None = None
    deputy: str | None = None
    signed: set[str] = field(default_factory=set)
    own: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    scored: dict[str, set[str]] = field(default_factory=dict)  # own or assessed
    adjusted: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    # motion → rounds, each {"terms": …, "open": bool, "voters": [...]}
    rounds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    proposals: dict[str, str] = field(default_factory=dict)  # id → status
    awards: dict[str, str] = field(default_factory=dict)  # id → status
    pending: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    criteria: dict[str, Criterion] = field(init=False)  # by code, looked up per sheet

    def __post_init__(self) -> None:
        self.criteria = {c.code: c for c in self.rulebook.criteria}


Handler = Callable[["Rejudgement", Mapping[str, Any]], None]


class Rejudgement:
    """Walk one cycle's stored rows in order and report each event a rule refuses."""

    def __init__(self, handlers: Mapping[str, Handler]) -> None:
        self.handlers = handlers
        self.found: list[Discrepancy] = []
        self.cycle: Judged | None = None
        self.row: StoredRow | None = None

    def run(self, rows: Sequence[StoredRow]) -> list[Discrepancy]:
        for row in rows:
            self.row = row
            document = row.document
            if self.cycle is not None:
                self.judge_actor(row.event, document)
                self.judge_time(document)
            handler = self.handlers.get(row.event)
            if handler is None or (self.cycle is None and row.event != "CycleOpened"):
                continue
            try:
                handler(self, document)
            except (KeyError, TypeError, ValueError, ArithmeticError) as error:
                # A document missing what its kind always carries: a finding.
                self.report(
                    "document",
                    phrase(
                        "the stored document lacks or garbles {what}",
                        what=str(error) or type(error).__name__,
                    ),
                )
        return self.found

    def report(self, rule: str, said: Phrase) -> None:
        assert self.row is not None
        row = self.row
        self.found.append(
            Discrepancy(
                row.version,
                row.event,
                rule,
                said,
                position=row.position,
                event_hash=str(row.document.get("event_hash", "")),
            )
        )

    @property
    def state(self) -> Judged:
        assert self.cycle is not None
        return self.cycle

    # who acts, and for whom ------------------------------------------------------

    def judge_actor(self, event: str, document: Mapping[str, Any]) -> None:
        actor = document.get("actor") or {}
        role, unit = actor.get("role"), actor.get("unit")
        field_name = FOR_ITS_UNIT.get(event)
        if role == "operator":
            return
        if field_name is not None and role == "unit" and unit == document[field_name]:
            return
        if field_name is not None and role == "unit":
            said = phrase(
                "{actor} of unit {own} acted for unit {unit}: only an operator or "
                "that unit's representative may",
                actor=str(actor.get("name")),
                own=str(unit),
                unit=str(document[field_name]),
            )
        else:
            said = phrase(
                "{actor} in the role {role} recorded this: it needs an operator",
                actor=str(actor.get("name")),
                role=str(role),
            )
        self.report("role", said)

    def judge_time(self, document: Mapping[str, Any]) -> None:
        """A fact is recorded once it has happened: a day given alone may be one
        ahead of the recording's, in the operator's time zone (domain/base.py)."""
        occurred, recorded = document.get("occurred_at"), document.get("timestamp")
        if not occurred or not recorded:
            return
        stamp = datetime.fromisoformat(recorded)
        if "T" in occurred:
            late = datetime.fromisoformat(occurred) > stamp
        else:
            late = date.fromisoformat(occurred) > stamp.date() + timedelta(days=1)
        if late:
            self.report(
                "time-of-fact",
                phrase("the fact is said to happen on {when}, after it was recorded"
                       " ({recorded})", when=occurred, recorded=recorded),
            )  # fmt: skip

    def member(self, unit: Any, as_what: str = "unit") -> bool:
        if unit in self.state.roster:
            return True
        self.report(
            "membership",
            phrase(
                "{as_what} {unit} is not a member of the cycle's roster",
                as_what=Term("member_as", as_what),
                unit=str(unit),
            ),
        )
        return False

    # the cycle --------------------------------------------------------------------

    def opened(self, doc: Mapping[str, Any]) -> None:
        rulebook = parse_rulebook(doc["rulebook_text"])
        names = {member["code"]: member["name"] for member in doc["roster"]}
        self.cycle = Judged(rulebook, set(names), names)
        actor = doc.get("actor") or {}
        if actor.get("role") != "operator":
            self.judge_actor("CycleOpened", doc)

    def roster_changed(self, doc: Mapping[str, Any]) -> None:
        state = self.state
        for unit in doc["left"]:
            self.member(unit, "leaving unit")
        joined = {member["code"] for member in doc["joined"]}
        if already := sorted(joined & state.roster):
            self.report(
                "membership",
                phrase(
                    "{units} joined but were members already", units=", ".join(already)
                ),
            )
        state.roster = (state.roster - set(doc["left"])) | joined
        state.names.update({m["code"]: m["name"] for m in doc["joined"]})
        least = state.rulebook.rulebook.min_members
        if len(state.roster) < least:
            self.report(
                "membership",
                phrase(
                    "the roster falls to {members}; the rulebook needs {least}",
                    members=len(state.roster),
                    least=least,
                ),
            )

    def leads(self, doc: Mapping[str, Any]) -> None:
        self.member(doc["head"], "head unit")
        self.member(doc["deputy"], "deputy unit")
        if doc["head"] == doc["deputy"]:
            self.report("leads", phrase("the head and the deputy are the same unit"))
        self.state.head, self.state.deputy = doc["head"], doc["deputy"]

    def signed(self, doc: Mapping[str, Any]) -> None:
        unit = doc["unit"]
        self.member(unit)
        if unit in self.state.signed:
            self.report(
                "covenant", phrase("{unit} signed the covenant twice", unit=unit)
            )
        self.state.signed.add(unit)

    def targets(self, doc: Mapping[str, Any]) -> None:
        self.member(doc["unit"])
        if not (doc["targets"] or doc["titles"]):
            self.report("covenant", phrase("targets registered with none named"))

    # scoring ----------------------------------------------------------------------

    def points(self, what: str, text: Any) -> Decimal | None:
        try:
            value = Decimal(str(text))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.report(
                "points",
                phrase("{what}: {value} is not a number of points", what=what,
                       value=str(text)),
            )  # fmt: skip
            return None
        places = self.state.rulebook.scoring.decimal_places
        if value != round(value, places):
            self.report(
                "decimals",
                phrase(
                    "{what}: {value} has more than {places} decimal place(s)",
                    what=what,
                    value=str(text),
                    places=places,
                ),
            )
        return value

    def sheet(self, doc: Mapping[str, Any]) -> dict[str, Decimal]:
        self.member(doc["unit"])
        judged: dict[str, Decimal] = {}
        for code, text in doc["points"].items():
            criterion = self.state.criteria.get(code)
            if criterion is None:
                self.report(
                    "criterion",
                    phrase("no criterion {code} in the cycle's rulebook", code=code),
                )
                continue
            value = self.points(code, text)
            if value is None:
                continue
            if not 0 <= value <= criterion.max_points:
                self.report(
                    "bounds",
                    phrase(
                        "criterion {code} allows 0 to {most} points, not {value}",
                        code=code,
                        most=str(criterion.max_points),
                        value=str(text),
                    ),
                )
            judged[code] = value
        self.state.scored.setdefault(doc["unit"], set()).update(judged)
        return judged

    def submitted(self, doc: Mapping[str, Any]) -> None:
        self.state.own.setdefault(doc["unit"], {}).update(self.sheet(doc))


def rejudge(rows: Sequence[StoredRow]) -> list[Discrepancy]:
    """Every stored event of a cycle that the rules in force would have refused."""
    from thidua.domain.auditor.rejudge_awards import HANDLERS

    return Rejudgement(HANDLERS).run(rows)
