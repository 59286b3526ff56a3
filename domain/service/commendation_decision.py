"""The chair's decision and its revocation: the use cases that change the
decision's stream, each cycle it grants in, the register of each registered
recipient and the dossiers it closes, in one batch: all of it or nothing.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from thidua.domain import commands as c
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.decision import AwardDecision, Line, issue
from thidua.domain.commendation.rules import (
    CommendationRules,
    parse_rules,
    rules_hash,
)
from thidua.domain.commendation.stream import stream_id
from thidua.domain.registry import commands as rc
from thidua.domain.service.commendation_loading import decision, passed_items
from thidua.domain.service.commendation_steps import atomically, child, on_dossier
from thidua.domain.types import Decision

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua
    from thidua.domain.service.receipt import Receipt


def registered(app: Thidua, line: Line) -> rc.HolderRef | None:
    """A line's recipient's register, if they have one: the person its proposal
    named, or the collective that is the whole unit (a part of it has none)."""
    cycle, recipient = app.cycle(line.bloc, line.year), line.recipient
    if recipient.kind == "individual":
        found = cycle.proposals.get(line.proposal)
        person = found.person if found else None
        return rc.HolderRef(kind="individual", code=person) if person else None
    whole = recipient.name in (None, cycle.roster.get(recipient.unit))
    if whole and app.holder("collective", recipient.unit) is not None:
        return rc.HolderRef(kind="collective", code=recipient.unit)
    return None


def issue_decision(app: Thidua, command: k.IssueDecision) -> Receipt:
    """Issue the decision; grant each of its lines in its cycle and in the
    register of a registered recipient; decline in its cycle each proposal its
    council cut; close its dossiers."""
    with atomically(app):
        passed, cut, closing = passed_items(app, command)
        changes = issue(command, passed, rules_hash(command.rules_text), cut=len(cut))
        receipt = app._create(
            stream_id("decision", command.number),
            command,
            lambda: AwardDecision.begin(command.number, command, changes),
        )
        if receipt.already_applied:
            return receipt
        said = Decision(
            number=command.number,
            decided_on=command.decided_on,
            authority=command.authority,
        )
        # The part commands are numbered grants, declines, closes, registers: where
        # nothing is cut and nobody registered, the ids of the grants and closes
        # are those stored before declines and registers were recorded.
        steps: list[tuple[type[Any], dict[str, Any]]] = []
        for found in passed:
            lower = found.award if found.award != found.item.award else None
            where = {"bloc": found.item.bloc, "year": found.item.year}
            grant = {"proposal": found.item.proposal, "award": lower}
            steps.append((c.GrantAward, {**where, **grant, "decision": said}))
        for item in cut:
            where = {"bloc": item.bloc, "year": item.year}
            decline = {"proposal": item.proposal, "decision": said}
            steps.append((c.DeclineProposal, {**where, **decline}))
        for n, (cls, fields) in enumerate(steps, 1):
            app.handle(child(command, n, cls, **fields))
        n = len(steps)
        for m, code in enumerate(closing, n + 1):
            close = {"dossier": code, "decision": said.number}
            on_dossier(app, child(command, m, k.CloseDossier, **close))
        n += len(closing)
        rules = parse_rules(command.rules_text)
        for m, (holder, line) in enumerate(_held(app, changes), n + 1):
            # A form of commendation is not a title: it never counts as one.
            cls, what = (
                (rc.RecordCommendation, "form")
                if rules.is_form(line.award)
                else (rc.ConferTitle, "title")
            )
            fields = {what: line.award, "year": line.year, "holder": holder}
            app.handle(child(command, m, cls, **fields, decision=said))
        return receipt


def _held(app: Thidua, changes: Any) -> list[tuple[rc.HolderRef, Line]]:
    """Each line of a registered recipient, with their register."""
    (_, fields), *_ = changes
    found = []
    for line in fields["lines"]:
        assert isinstance(line, Line)
        holder = registered(app, line)
        if holder is not None:
            found.append((holder, line))
    return found


def revoke_decision(app: Thidua, command: k.RevokeDecision) -> Receipt:
    """Revoke the decision or a line, and in the same batch each award in its
    cycle and in the register of a registered recipient."""
    with atomically(app):
        state = decision(app, command.number, copy=False).state
        before, rules = state.live(), state.rules
        receipt = app._change(
            stream_id("decision", command.number),
            partial(decision, app, command.number),
            command,
            AwardDecision.execute,
        )
        after = {line.line for line in decision(app, command.number).state.live()}
        revoking = Decision(number=command.revoking, decided_on=command.decided_on)
        gone = [x for x in before if x.line not in after]
        for n, line in enumerate(gone, 1):
            cycle = app.cycle(line.bloc, line.year)
            award = next(
                a
                for a in cycle.awards.values()
                if a.decision.number == command.number
                and a.proposal_id == line.proposal
                and a.status == "granted"
            )
            where = {"bloc": line.bloc, "year": line.year, "award_id": award.id}
            app.handle(child(command, n, c.RevokeAward, **where, decision=revoking))
        n = len(gone)
        for line in gone:
            if (step := _unheld(app, rules, line, command.number)) is not None:
                n += 1
                cls, fields = step
                app.handle(child(command, n, cls, **fields, decision=revoking))
        return receipt


def _unheld(
    app: Thidua, rules: CommendationRules, line: Line, number: str
) -> tuple[type[Any], dict[str, Any]] | None:
    """What revoking a line takes back in its recipient's register, if anything."""
    holder = registered(app, line)
    held = holder and app.holder(holder.kind, holder.code)
    if not holder or not held:
        return None
    where = {"year": line.year, "holder": holder}
    if rules.is_form(line.award):
        if held.commendation(line.award, line.year, number) is None:
            return None
        return rc.RevokeCommendation, {
            "form": line.award,
            **where,
            "awarded_by": number,
        }
    title = held.title(line.award, line.year)
    # A decision issued before registers were granted in has none to revoke.
    if title is None or title.decision.number != number:
        return None
    return rc.RevokeTitle, {"title": line.award, **where}
