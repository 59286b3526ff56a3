"""Eligibility from history: pure functions of a holder's register and the rules in
force for the year proposed (the cycle's adopted rulebook), giving a verdict with
its reasons. The application loads the history and passes it in; the auditor
re-derives the same verdicts with code of its own (domain/auditor/)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from thidua.domain.errors import CommandRejected, PendingProceeding
from thidua.domain.registry.errors import (
    MemberConditionNotMet,
    NotCombined,
    PrerequisiteNotMet,
    TitleQuotaExceeded,
)
from thidua.domain.registry.state import Holder
from thidua.domain.rulebook import Rulebook
from thidua.domain.rulebook_titles import MemberCondition, Prerequisite


@dataclass(frozen=True)
class Finding:
    """One reason a proposal may not be made, as a template and its fields."""

    rule: str
    template: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.template.format(**self.params)


@dataclass(frozen=True)
class Verdict:
    """Whether `holder` may be proposed for `award` in `year`, and why."""

    award: str
    year: int
    holder: str
    # What the history shows for each rule that applies (the evidence).
    evidence: tuple[str, ...]
    refusals: tuple[Finding, ...]

    @property
    def eligible(self) -> bool:
        return not self.refusals


@dataclass(frozen=True)
class Counts:
    """Holders of a title's quota base, and of the title, in the unit or bloc."""

    base: int
    title: int


@dataclass(frozen=True)
class Members:
    """A collective's people in the year proposed, and how many of them hold each
    title of that year."""

    people: int
    holding: dict[str, int] = field(default_factory=dict)


REFUSALS: dict[str, type[CommandRejected]] = {
    "member-condition": MemberConditionNotMet,
    "prerequisite": PrerequisiteNotMet,
    "not-combined": NotCombined,
    "pending-proceeding": PendingProceeding,
    "title-quota": TitleQuotaExceeded,
}


def judge(
    rules: Rulebook,
    award: str,
    year: int,
    holder: Holder | None,
    *,
    name: str,
    also: Iterable[str] = (),
    counts: Counts | None = None,
    members: Members | None = None,
) -> Verdict:
    """The verdict on proposing `holder` (or an unregistered `name`) for `award` in
    `year`; `also` are the awards already proposed or granted to the same
    recipient in the year's cycle, `counts` the holders its share is of, `members`
    what a collective's people hold."""
    label = holder.name if holder is not None else name
    evidence: list[str] = []
    refusals: list[Finding] = []
    title = rules.title(award)
    for prerequisite in title.prerequisites if title else ():
        held, finding = _prerequisite(award, prerequisite, year, holder, label)
        evidence.append(f"{prerequisite.title}: {held}")
        if finding is not None:
            refusals.append(finding)
    same_year = {*also, *(holder.held_in(year) if holder else ())}
    excluded = _not_with(rules, award)
    for other in sorted(same_year & excluded):
        refusals.append(
            Finding(
                "not-combined",
                "{award} may not be combined with {other} in one year; "
                "{name} has {other} for {year}",
                {"award": award, "other": other, "name": label, "year": year},
            )
        )
    if holder is not None and rules.eligibility.proceedings_bar:
        pending = holder.open_proceedings()
        if pending:
            first = min(p.opened_on for p in pending)
            refusals.append(
                Finding(
                    "pending-proceeding",
                    "{recipient} is under pending {proceedings} since {day}: "
                    "no proposal or award until it ends",
                    {
                        "recipient": label,
                        "proceedings": ", ".join(sorted({p.kind for p in pending})),
                        "day": first,
                    },
                )
            )
    if title is not None and title.share_of is not None and counts is not None:
        quota = title.share_of
        allowed = quota.allows(counts.base)
        evidence.append(f"{quota.of}: {counts.base}, {award}: {counts.title}")
        if counts.title >= allowed:
            refusals.append(
                Finding(
                    "title-quota",
                    "{award} goes to at most {numerator}/{denominator} of the "
                    "{of} holders of the {per} ({allowed} of {base}); {used} "
                    "already hold or are proposed",
                    {
                        "award": award,
                        "numerator": quota.numerator,
                        "denominator": quota.denominator,
                        "of": quota.of,
                        "per": quota.per,
                        "allowed": allowed,
                        "base": counts.base,
                        "used": counts.title,
                    },
                )
            )
    for condition in title.members if title else ():
        held, finding = _members(
            award, condition, year, holder, name=label, members=members
        )
        evidence.append(f"{condition.title} among the members: {held}")
        if finding is not None:
            refusals.append(finding)
    return Verdict(award, year, label, tuple(evidence), tuple(refusals))


def needs_history(rules: Rulebook, award: str) -> bool:
    """Whether an award is judged on a registered holder's history."""
    title = rules.title(award)
    return title is not None and bool(title.prerequisites or title.members)


def _members(
    award: str,
    rule: MemberCondition,
    year: int,
    holder: Holder | None,
    *,
    name: str,
    members: Members | None,
) -> tuple[str, Finding | None]:
    fields: dict[str, object] = {"award": award, "name": name, "title": rule.title}
    if holder is None or members is None:
        template = (
            "{award} is judged on the members of a registered collective; "
            "{name} is not registered"
        )
        return "not registered", Finding("member-condition", template, fields)
    holders = members.holding.get(rule.title, 0)
    held = f"{holders} of {members.people}"
    if rule.met(holders, members.people):
        return held, None
    template = (
        "{award} needs {title} for {year} among {name}'s members ({wanted}); "
        "{holders} of {members} hold it"
    )
    fields.update(
        year=year,
        wanted=rule.wanted(),
        holders=holders,
        members=members.people,
    )
    return held, Finding("member-condition", template, fields)


def refuse(verdict: Verdict) -> None:
    """Raise the verdict's first refusal, if any, as the error naming its rule."""
    if verdict.eligible:
        return
    first = verdict.refusals[0]
    raise REFUSALS[first.rule](first.template, value=verdict.award, **first.params)


def years(values: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(values)) or "none"


def _prerequisite(
    award: str,
    rule: Prerequisite,
    year: int,
    holder: Holder | None,
    name: str,
) -> tuple[str, Finding | None]:
    span = rule.span(year)
    held = [y for y in (holder.years_held(rule.title) if holder else ()) if y in span]
    fields: dict[str, object] = {
        "award": award,
        "title": rule.title,
        "years": rule.years,
        "name": name,
        "held": years(held),
    }
    if holder is None:
        template = (
            "{award} needs {title} in {years} year(s) of a registered person's "
            "history; {name} is not registered"
        )
        return "not registered", Finding("prerequisite", template, fields)
    if rule.within is None:
        missing = [y for y in span if y not in held]
        if not missing:
            return years(held), None
        template = (
            "{award} needs {title} in {years} consecutive years; "
            "{name} has {held} ({missing} missing)"
        )
        fields["missing"] = years(missing)
        return years(held), Finding("prerequisite", template, fields)
    if len(held) >= rule.years:
        return years(held), None
    template = (
        "{award} needs {title} in {years} of the {within} years {first}-{last}; "
        "{name} has {held}"
    )
    fields.update(within=rule.within, first=span[0], last=span[-1])
    return years(held), Finding("prerequisite", template, fields)


def _not_with(rules: Rulebook, award: str) -> set[str]:
    """The titles and forms that may not go with `award` in one year (either side
    may say so)."""
    own = rules.title(award)
    excluded = set(own.not_with) if own else set()
    excluded |= {t.code for t in rules.titles if award in t.not_with}
    return excluded - {award}
