"""The auditor's recount of the rules that count over many people: a title's share
of another title's holders in the unit or the bloc, and what a collective's members
must hold in the year. Each proposal or grant of such a title is judged again from
the registry's stored rows recorded before it and the cycle's own rows, with code
of the auditor's own (not the engine's roll, domain/service/registry_roll.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from thidua.domain.auditor.eligibility import history_finding
from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.phrase import Phrase, phrase
from thidua.domain.rulebook import parse_rulebook

REGISTRY_KINDS = (
    "PersonRegistered",
    "CollectiveRegistered",
    "PersonTransferred",
    "TitleConferred",
    "TitleRevoked",
)
Registry = Callable[[], Sequence[StoredRow]]


@dataclass
class _Roll:
    """Who was posted where, and who held which title, as the rows said so far."""

    who: dict[str, tuple[str, str]] = field(default_factory=dict)
    posts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    held: dict[tuple[str, str, int], set[str]] = field(default_factory=dict)

    def fold(self, row: StoredRow) -> None:
        doc = row.document
        if row.event == "PersonRegistered":
            self.who[row.stream] = ("individual", doc["code"])
            self.posts[doc["code"]] = [(str(doc["since"]), doc["unit"])]
        elif row.event == "CollectiveRegistered":
            self.who[row.stream] = ("collective", doc["code"])
            if doc.get("parent"):
                self.parent[doc["code"]] = doc["parent"]
        elif row.stream in self.who:
            kind, code = self.who[row.stream]
            if row.event == "PersonTransferred":
                self.posts[code].append((str(doc["since"]), doc["unit"]))
                return
            key = (kind, doc["title"], int(doc["year"]))
            if row.event == "TitleConferred":
                self.held.setdefault(key, set()).add(code)
            else:
                self.held.get(key, set()).discard(code)

    def people_in(self, units: set[str], year: int) -> set[str]:
        units = units | {sub for sub, up in self.parent.items() if up in units}
        start, end = f"{year}-01-01", f"{year}-12-31"
        found = set()
        for code, posts in self.posts.items():
            there = {unit for since, unit in posts if start <= since <= end}
            earlier = [unit for since, unit in posts if since <= start]
            if earlier:
                there.add(earlier[-1])
            if there & units:
                found.add(code)
        return found

    def holders(self, kind: str, title: str, year: int) -> set[str]:
        return set(self.held.get((kind, title, year), set()))


@dataclass
class _Entry:
    award: str
    kind: str
    unit: str
    who: str
    status: str
    proposal: str | None = None


def recount(rows: Sequence[StoredRow], registry: Registry) -> list[Discrepancy]:
    """Every proposal or grant in the cycle `rows` whose shares or member
    conditions the registry, as it stood then, did not allow."""
    return [history_finding(row, said) for row, said in counted(rows, registry)]


def counted(
    rows: Sequence[StoredRow],
    registry: Registry,
    asked: Callable[[StoredRow], bool] | None = None,
) -> list[tuple[StoredRow, Phrase]]:
    """What the shares and member conditions said of each decision: only where
    they did not allow it, or, for the decisions `asked` picks, the counts."""
    if not rows or rows[0].event != "CycleOpened":
        return []
    opened = rows[0].document
    rules = parse_rulebook(opened["rulebook_text"])
    titles = {t.code: t for t in rules.titles if t.share_of or t.members}
    decided = ("AwardProposed", "AwardGranted")
    if not any(r.event in decided and r.document["award"] in titles for r in rows):
        return []  # nothing counted: the registry is not read
    year = int(opened["year"])
    roster = {m["code"]: m["name"] for m in opened["roster"]}
    steps = sorted(registry(), key=_order)
    roll, done = _Roll(), 0
    proposals: dict[str, _Entry] = {}
    grants: dict[str, _Entry] = {}
    found = []
    for row in sorted(rows, key=lambda r: r.version):
        doc = row.document
        if row.event == "RosterChanged":
            roster |= {m["code"]: m["name"] for m in doc["joined"]}
            roster = {u: n for u, n in roster.items() if u not in doc["left"]}
        elif row.event == "ProposalDeclined":
            proposals[doc["proposal_id"]].status = "declined"
        elif row.event == "AwardRevoked":
            grants[doc["award_id"]].status = "revoked"
        if row.event not in ("AwardProposed", "AwardGranted"):
            continue
        earlier = proposals.get(doc.get("proposal_id") or "")
        entry = earlier or _entry(doc, row.event, roster=roster)
        while done < len(steps) and _before(steps[done], row):
            roll.fold(steps[done])
            done += 1
        title = titles.get(entry.award)
        every = asked is not None and asked(row)
        if title is not None and (asked is None or every):
            cycle = _Cycle(year, roster, list(proposals.values()), [*grants.values()])
            said = _quota(title, entry, cycle, roll, every=every)
            said += _members(title, entry, doc, cycle, roll, every=every)
            found += [(row, s) for s in said]
        if earlier is not None:
            earlier.status = "granted"
            grants[doc["award_id"]] = _entry(doc, row.event, earlier.who)
        elif row.event == "AwardProposed":
            proposals[doc["proposal_id"]] = entry
        else:
            grants[doc["award_id"]] = entry
    return found


@dataclass(frozen=True)
class _Cycle:
    year: int
    roster: dict[str, str]
    proposals: list[_Entry]
    grants: list[_Entry]


def _entry(
    doc: Mapping[str, Any],
    event: str,
    who: str | None = None,
    *,
    roster: Mapping[str, str] | None = None,
) -> _Entry:
    recipient = doc["recipient"]
    key = "|".join(
        (
            recipient["kind"],
            recipient["unit"],
            str(recipient.get("name") or "").casefold(),
        )
    )
    whole = recipient.get("name") in (None, "", (roster or {}).get(recipient["unit"]))
    if recipient["kind"] == "collective" and whole:
        key = recipient["unit"]  # the code a whole unit's register holds titles under
    return _Entry(
        doc["award"],
        recipient["kind"],
        recipient["unit"],
        who or doc.get("person") or key,
        "proposed" if event == "AwardProposed" else "granted",
        doc.get("proposal_id"),
    )


def _quota(
    title: Any, entry: _Entry, cycle: _Cycle, roll: _Roll, *, every: bool
) -> list[Phrase]:
    share = title.share_of
    if share is None:
        return []
    units = {entry.unit} if share.per == "unit" else set(cycle.roster)
    scope = roll.people_in(units, cycle.year) if entry.kind == "individual" else units
    here = [e for e in cycle.grants if (e.kind, e.unit in units) == (entry.kind, True)]
    base = roll.holders(entry.kind, share.of, cycle.year) & scope
    base |= {e.who for e in here if e.award == share.of and e.status == "granted"}
    used = roll.holders(entry.kind, title.code, cycle.year) & scope
    used |= {e.who for e in here if e.award == title.code and e.status == "granted"}
    used |= {
        e.who
        for e in cycle.proposals
        if (e.award, e.kind, e.status) == (title.code, entry.kind, "proposed")
        and e.unit in units
        and e is not entry
    }
    used.discard(entry.who)
    allowed = len(base) * share.numerator // share.denominator
    if len(used) < allowed and not every:
        return []
    template = (
        "{award} for {who}: {used} already held or were proposed, of at most "
        "{allowed} ({numerator}/{denominator} of {base} {of} holders)"
    )
    return [
        phrase(
            template,
            award=title.code,
            who=entry.who,
            used=len(used),
            allowed=allowed,
            numerator=share.numerator,
            denominator=share.denominator,
            base=len(base),
            of=share.of,
        )
    ]


def _members(
    title: Any,
    entry: _Entry,
    doc: Mapping[str, Any],
    cycle: _Cycle,
    roll: _Roll,
    *,
    every: bool,
) -> list[Phrase]:
    if not title.members or entry.kind != "collective":
        return []
    if doc["recipient"].get("name") not in (None, "", cycle.roster.get(entry.unit)):
        return []  # a part of a unit, not the registered collective
    if ("collective", entry.unit) not in roll.who.values():
        return [
            phrase(
                "{award} for {unit}: no collective {unit} was registered",
                award=title.code,
                unit=entry.unit,
            )
        ]
    people = roll.people_in({entry.unit}, cycle.year)
    said = []
    for rule in title.members:
        holders = roll.holders("individual", rule.title, cycle.year) & people
        holders |= {
            e.who
            for e in cycle.grants
            if (e.award, e.status) == (rule.title, "granted") and e.who in people
        }
        have, wanted = len(holders) * rule.denominator, rule.numerator * len(people)
        share_met = have > wanted if rule.more_than else have >= wanted
        if len(holders) < rule.at_least or not share_met or every:
            said.append(
                phrase(
                    "{award} for {unit}: {holders} of its {people} members held "
                    "{title} for {year}",
                    award=title.code,
                    unit=entry.unit,
                    holders=len(holders),
                    people=len(people),
                    title=rule.title,
                    year=cycle.year,
                )
            )
    return said


def _order(row: StoredRow) -> tuple[int, str]:
    return row.position, str(row.document.get("timestamp", ""))


def _before(row: StoredRow, decision: StoredRow) -> bool:
    if row.position and decision.position:
        return row.position < decision.position
    return str(row.document["timestamp"]) < str(decision.document["timestamp"])
