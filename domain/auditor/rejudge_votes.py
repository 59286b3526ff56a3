"""The re-judgement's scoring and voting handlers: assessments, bonuses and
penalties, rounds and ballots, judged from the stored JSON
(see domain/auditor/rejudge.py)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from thidua.domain.auditor.rejudge import Rejudgement
from thidua.domain.phrase import phrase

# The terms of a round that the rulebook's motion fixes, as stored in VoteOpened.
FIXED_TERMS = ("ballot", "secret", "self_vote", "threshold_rule", "denominator", "tie")
SHARES = ("quorum", "threshold")


def assessed(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    state, unit = judge.state, doc["unit"]
    assessor, by = doc["assessor"], doc.get("assessor_unit")
    if assessor not in state.rulebook.scoring.assessors:
        judge.report(
            "assessor",
            phrase(
                "the rulebook does not let the {assessor} assess", assessor=assessor
            ),
        )
    expected = {"head": state.head, "deputy": state.deputy}.get(assessor)
    if by != expected or (by is not None and by == unit):
        judge.report(
            "assessor",
            phrase(
                "assessed by {by} as {assessor}; the {assessor} is {expected}"
                " and may not assess its own scores",
                by=str(by),
                assessor=assessor,
                expected=str(expected),
            ),
        )
    points = judge.sheet(doc)
    own = state.own.get(unit, {})
    for code, value in points.items():
        changed = code in own and own[code] != value
        if changed and not (doc.get("notes", {}).get(code) or doc.get("reason")):
            judge.report(
                "reason",
                phrase("criterion {code} of {unit} changed without a reason",
                       code=code, unit=unit),
            )  # fmt: skip


def adjusted(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    state, unit, code = judge.state, doc["unit"], doc["rule"]
    judge.member(unit)
    rule = state.rulebook.adjustment(code)
    if rule is None:
        judge.report(
            "criterion",
            phrase(
                "no bonus or penalty rule {code} in the cycle's rulebook", code=code
            ),
        )
        return
    if not doc.get("reason"):
        judge.report("reason", phrase("a bonus or penalty recorded without a reason"))
    value = judge.points(code, doc["points"])
    if value is None:
        return
    if value <= 0:
        judge.report(
            "bounds",
            phrase("{code}: points must be positive, not {value}", code=code,
                   value=str(doc["points"])),
        )  # fmt: skip
    scoring = state.rulebook.scoring
    cap = scoring.bonus_cap if rule.kind == "bonus" else scoring.penalty_cap
    for key, limit in (((unit, code), rule.max_points), ((unit, rule.kind), cap)):
        total = state.adjusted.get(key, Decimal(0)) + value
        state.adjusted[key] = total
        if limit is not None and total > limit:
            judge.report(
                "bounds",
                phrase(
                    "{unit} has {total} for {what}, above the limit of {limit}",
                    unit=unit,
                    total=str(total),
                    what=key[1],
                    limit=str(limit),
                ),
            )


def closed_scoring(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    state = judge.state
    state.ranks = {entry["unit"]: entry["rank"] for entry in doc["ranking"]}
    if not state.rulebook.scoring.complete_to_close:
        return
    criteria = [c.code for c in state.rulebook.criteria]
    lacking = {
        unit: [c for c in criteria if c not in state.scored.get(unit, set())]
        for unit in sorted(state.roster)
    }
    missing = [
        f"{unit}: {', '.join(codes)}" for unit, codes in lacking.items() if codes
    ]
    if missing:
        judge.report(
            "scores",
            phrase("scoring closed with scores missing ({listed})",
                   listed="; ".join(missing)),
        )  # fmt: skip


def closed_cycle(judge: Rejudgement, _: Mapping[str, Any]) -> None:
    still_open = [m for m, held in judge.state.rounds.items() if held[-1]["open"]]
    if still_open:
        judge.report(
            "stage",
            phrase("the cycle closed with a round of {motions} open",
                   motions=", ".join(still_open)),
        )  # fmt: skip


# voting ---------------------------------------------------------------------------


def vote_opened(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    state, terms = judge.state, doc["terms"]
    code = terms["motion"]
    motion = state.rulebook.motion(code)
    if motion is None:
        judge.report(
            "motion", phrase("no motion {code} in the cycle's rulebook", code=code)
        )
        return
    rounds = state.rounds.setdefault(code, [])
    if rounds and rounds[-1]["open"]:
        judge.report(
            "ballot", phrase("a round of {code} opened while one was open", code=code)
        )
    if terms["round"] != len(rounds) + 1 or terms["round"] > motion.max_rounds:
        judge.report(
            "ballot",
            phrase(
                "round {round} of {code} opened after {held} round(s); the motion"
                " allows {most}",
                round=terms["round"],
                code=code,
                held=len(rounds),
                most=motion.max_rounds,
            ),
        )
    if sorted(terms["eligible"]) != sorted(state.roster):
        judge.report(
            "eligibility",
            phrase("the round's voters are not the cycle's roster"),
        )
    for unit in (*terms["candidates"], *terms["present"]):
        judge.member(unit, "candidate or voter")
    if not 1 <= terms["seats"] <= motion.seats:
        judge.report(
            "seats",
            phrase("{seats} seat(s) put to the vote; the motion has {most}",
                   seats=terms["seats"], most=motion.seats),
        )  # fmt: skip
    if motion.candidates_top is not None:
        beyond = [
            c for c in terms["candidates"]
            if state.ranks.get(c, 10**6) > motion.candidates_top
        ]  # fmt: skip
        if beyond:
            judge.report(
                "candidates",
                phrase("{units} rank below {top}, the motion's candidates",
                       units=", ".join(beyond), top=motion.candidates_top),
            )  # fmt: skip
    differ = [name for name in FIXED_TERMS if terms[name] != getattr(motion, name)]
    differ += [
        name for name in SHARES if Fraction(terms[name]) != getattr(motion, name)
    ]
    if differ:
        judge.report(
            "terms",
            phrase("the round's {terms} differ from the motion's in the rulebook",
                   terms=", ".join(differ)),
        )  # fmt: skip
    rounds.append({"terms": terms, "open": True})


def _round(judge: Rejudgement, doc: Mapping[str, Any]) -> dict[str, Any] | None:
    rounds = judge.state.rounds.get(doc["motion"], [])
    if rounds and rounds[-1]["open"] and rounds[-1]["terms"]["round"] == doc["round"]:
        return rounds[-1]
    judge.report(
        "ballot",
        phrase("no round {round} of {motion} is open", round=doc["round"],
               motion=str(doc["motion"])),
    )  # fmt: skip
    return None


def vote_cast(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    held, voter = _round(judge, doc), doc["voter"]
    if held is None:
        return
    terms = held["terms"]
    if voter not in terms["present"]:
        judge.report(
            "eligibility",
            phrase(
                "{voter} is not a present, eligible voter of the round", voter=voter
            ),
        )
    if terms["secret"] and doc["ballot"] is not None:
        judge.report("ballot", phrase("a secret ballot recorded with the voter"))
    if not terms["secret"]:
        if doc["ballot"] is None:
            judge.report("ballot", phrase("an open vote recorded without its ballot"))
        else:
            ballot(judge, terms, doc["ballot"], voter)


def vote_closed(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    held = _round(judge, doc)
    if held is None:
        return
    held["open"] = False
    if not held["terms"]["secret"] and doc["ballots"]:
        judge.report("ballot", phrase("an open vote's ballots entered at its close"))
    for entered in doc["ballots"]:
        ballot(judge, held["terms"], entered, None)


def ballot(
    judge: Rejudgement, terms: Mapping[str, Any], ballot: Mapping[str, Any],
    voter: str | None,
) -> None:  # fmt: skip
    marks = [*ballot["choices"], *ballot["rejects"]]
    wrong = []
    if ballot["spoiled"] and marks:
        wrong.append(phrase("a spoiled ballot carries choices"))
    if len(set(marks)) != len(marks):
        wrong.append(phrase("a ballot names a candidate more than once"))
    if strangers := [m for m in marks if m not in terms["candidates"]]:
        wrong.append(
            phrase("not a candidate of the round: {units}", units=", ".join(strangers))
        )
    if terms["ballot"] == "choose" and (
        ballot["rejects"] or len(ballot["choices"]) > terms["max_choices"]
    ):
        wrong.append(
            phrase("a ballot chooses more than {most}", most=terms["max_choices"])
        )
    if voter is not None and not terms["self_vote"] and voter in ballot["choices"]:
        wrong.append(phrase("{voter} voted for itself", voter=voter))
    for said in wrong:
        judge.report("ballot", said)
