"""What a share of another title's holders, and a collective's member conditions,
are judged on: counted from the registry's roll and from the cycle's own proposals
and grants, for the pure eligibility functions (domain/registry/eligibility.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from thidua.domain.registry.eligibility import Counts, Members

if TYPE_CHECKING:
    from thidua.domain.cycle_state import CycleState
    from thidua.domain.cycle_values import Award
    from thidua.domain.registry.state import Holder
    from thidua.domain.rulebook import TitleType
    from thidua.domain.rulebook_titles import TitleQuota
    from thidua.domain.service.registry_roll import Roll
    from thidua.domain.types import Recipient


def quota_counts(
    roll: Roll,
    cycle: CycleState,
    award: str,
    quota: TitleQuota,
    *,
    recipient: Recipient,
    person: str | None,
    proposal: str | None,
) -> Counts:
    """The holders of the quota's base title in the unit (or the bloc's units) and
    year, and those who hold or are proposed for `award` there, the recipient
    left out: registered people by their code, others by their name and unit."""
    units = {recipient.unit} if quota.per == "unit" else set(cycle.roster)
    kind = recipient.kind
    scope = roll.members(units, cycle.year) if kind == "individual" else units
    base = roll.holders(kind, quota.of, cycle.year) & scope
    used = roll.holders(kind, award, cycle.year) & scope
    for p in cycle.proposals.values():
        if (p.recipient.kind, p.recipient.unit in units) != (kind, True):
            continue
        if p.award == award and p.status == "proposed" and p.id != proposal:
            used.add(p.person or _key(p.recipient, cycle.roster))
    for a in cycle.awards.values():
        if a.status != "granted" or (a.recipient.kind, a.recipient.unit in units) != (
            kind,
            True,
        ):
            continue
        who = _person(roll, cycle, a) or _key(a.recipient, cycle.roster)
        if a.award == award and (proposal is None or a.proposal_id != proposal):
            used.add(who)
        elif a.award == quota.of:
            base.add(who)
    used.discard(person or _key(recipient, cycle.roster))
    return Counts(base=len(base), title=len(used))


def member_counts(
    cycle: CycleState, roll: Roll, title: TitleType, holder: Holder
) -> Members:
    """The collective's people in the cycle's year, and how many of them hold each
    title its member conditions name for that year: in the registry, or granted
    by name of their code in the cycle itself."""
    people = roll.members({holder.code}, cycle.year)
    granted: dict[str, set[str]] = {}
    for a in cycle.awards.values():
        code = _person(roll, cycle, a)
        if a.status == "granted" and code in people:
            granted.setdefault(a.award, set()).add(code)
    holding = {
        m.title: len(
            (roll.holders("individual", m.title, cycle.year) & people)
            | granted.get(m.title, set())
        )
        for m in title.members
    }
    return Members(len(people), holding)


def active_for(
    cycle: CycleState,
    recipient: Recipient,
    proposal: str | None,
    *,
    person: str | None = None,
    roll: Roll | None = None,
) -> list[str]:
    """The awards proposed or granted to the recipient in the cycle, but the one
    being decided on: a registered person's in any unit of theirs."""
    key = recipient.key()

    def same(who: str | None, to: Recipient) -> bool:
        return to.key() == key or (person is not None and who == person)

    proposed = [
        p.award
        for p in cycle.proposals.values()
        if p.status == "proposed" and p.id != proposal and same(p.person, p.recipient)
    ]
    granted = [
        a.award
        for a in cycle.awards.values()
        if a.status == "granted"
        and same(_person(roll, cycle, a) if roll else None, a.recipient)
    ]
    return proposed + granted


def _person(roll: Roll, cycle: CycleState, award: Award) -> str | None:
    """The registered person an award of the cycle went to: its proposal's, or,
    granted directly, the one person of its unit and name (the history check
    writes a registered person's name as registered)."""
    asked = cycle.proposals.get(award.proposal_id or "")
    if asked is not None:
        return asked.person
    name, unit = award.recipient.name, award.recipient.unit
    if award.recipient.kind != "individual" or name is None:
        return None
    found = [
        code for code in roll.members({unit}, cycle.year) if roll.names[code] == name
    ]
    return found[0] if len(found) == 1 else None


def _key(recipient: Recipient, roster: Mapping[str, str]) -> str:
    """Who a recipient is, for counting: a whole collective (no name, or its unit's
    name on the roster) by its unit's code, the code its register holds titles
    under, so a title both granted in the cycle and held in the register is one
    holder, not two."""
    whole = recipient.name in (None, roster.get(recipient.unit))
    if recipient.kind == "collective" and whole:
        return recipient.unit
    return "|".join(recipient.key())
