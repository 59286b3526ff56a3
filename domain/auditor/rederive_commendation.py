"""The auditor's own re-derivation of the council's counts and of each decision's
lines, from the stored JSON alone.

Written apart from the engine's rules (domain/commendation/, domain/tally.py) on
purpose: it reads the rules' TOML itself, counts the papers itself and computes
each reward itself, so a forged count, result, line or amount disagrees with it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import ceil, floor
from typing import Any, Protocol

from thidua.domain.auditor.integrity import STARTS, UNREADABLE, StoredRow, subject_of
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.auditor.rederive_chronology import KINDS as DAYS
from thidua.domain.auditor.rederive_chronology import rederive_days
from thidua.domain.auditor.rederive_declines import KINDS as DECLINES
from thidua.domain.auditor.rederive_declines import rederive_declines
from thidua.domain.auditor.rederive_registers import KINDS as REGISTERS
from thidua.domain.auditor.rederive_registers import rederive_registers
from thidua.domain.phrase import phrase


class _Rows(Protocol):
    @property
    def rows(self) -> Sequence[StoredRow]: ...


YES = {"yes": ("FULL", "LOWER"), "lower": ("LOWER",), "no": ()}


def _finding(row: StoredRow, check: str, template: str, **fields: Any) -> Discrepancy:
    return Discrepancy(
        version=row.version,
        event=row.event,
        check=check,
        said=phrase(template, **fields),
        position=row.position,
        event_hash=str(row.document.get("event_hash") or ""),
    )


def _carry(rules: Mapping[str, Any], base: int) -> int:
    share = Fraction(rules["threshold"]) * base
    if rules.get("threshold_rule", "at-least") == "more-than":
        return max(floor(share) + 1, 1)
    return max(ceil(share), 1)


class Session:
    """One session as its rows tell it."""

    def __init__(self, first: Mapping[str, Any]) -> None:
        self.rules = tomllib.loads(first["rules_text"])
        self.members: list[str] = list(first["members"])
        self.present: list[str] = []
        self.items: dict[tuple[str, str], str] = {}
        self.opinions: dict[tuple[str, str], list[str]] = {}
        self.papers: dict[tuple[str, str], tuple[list[str], int]] = {}
        self.decided: dict[tuple[str, str], str | None] = {}

    def lower(self, award: str) -> str | None:
        forms = self.rules.get("lower_forms", [])
        return next((f["lower"] for f in forms if f["award"] == award), None)

    def result(self, key: tuple[str, str]) -> tuple[str, str | None, dict[str, int]]:
        """What the papers and opinions decide: result, form, and the counts."""
        council = self.rules["council"]
        papers, spoiled = self.papers[key]
        choices = papers + self.opinions.get(key, [])
        award = self.items[key]
        lower = self.lower(award)
        yes = {c: sum(c in YES[x] for x in choices) for c in ("FULL", "LOWER")}
        cast = len(choices) + spoiled
        base = {
            "eligible": len(self.members),
            "present": len(self.present),
            "cast": cast,
        }[council.get("denominator", "eligible")]
        carry = _carry(council, base)
        quorate = cast >= Fraction(council["quorum"]) * len(self.members)
        if quorate and yes["FULL"] >= carry:
            return "passed", award, yes
        if quorate and lower is not None and yes["LOWER"] >= carry:
            return "lowered", lower, yes
        return "cut", None, yes


def sessions(rows: Iterable[StoredRow]) -> tuple[dict[str, Session], list[Discrepancy]]:
    """Every session folded from its rows, and where its recorded results differ
    from the auditor's count."""
    found: dict[str, Session] = {}
    by_stream: dict[str, Session] = {}
    wrong: list[Discrepancy] = []
    for row in rows:
        doc = row.document
        if row.event == "SessionOpened":
            by_stream[row.stream] = found[doc["code"]] = Session(doc)
            continue
        state = by_stream.get(row.stream)
        if state is None:
            continue
        key = (doc.get("dossier", ""), doc.get("proposal", ""))
        if row.event == "AttendanceRecorded":
            state.present = list(doc["present"])
        elif row.event == "AgendaItemsAdded":
            for item in doc["items"]:
                state.items[(doc["dossier"], item["proposal"])] = item["award"]
        elif row.event == "OpinionRecorded":
            state.opinions.setdefault(key, []).append(doc["choice"])
        elif row.event == "BallotsCounted":
            state.papers[key] = (list(doc["papers"]), int(doc["spoiled"]))
        elif row.event == "ItemDecided":
            wrong += _check_item(state, row, key)
    return found, wrong


def _check_item(
    state: Session, row: StoredRow, key: tuple[str, str]
) -> list[Discrepancy]:
    doc = row.document
    if key not in state.items or key not in state.papers:
        return [
            _finding(row, "council", "{item} is decided without its ballot",
                     item="/".join(key))
        ]  # fmt: skip
    result, award, yes = state.result(key)
    state.decided[key] = award
    recorded = {c["candidate"]: c["yes"] for c in doc["tally"]["counts"]}
    if (doc["result"], doc["award"]) != (result, award) or any(
        recorded.get(c, n) != n for c, n in yes.items()
    ):
        return [
            _finding(
                row, "council", "{item} is recorded as {recorded}, but its ballots "
                "decide {derived}", item="/".join(key),
                recorded=f"{doc['result']} {doc['award'] or ''}".strip(),
                derived=f"{result} {award or ''}".strip(),
            )
        ]  # fmt: skip
    return []


def reward(rules: Mapping[str, Any], award: str, kind: str, on: date) -> int:
    """The reward of a line: coefficient × base salary in force, to the đồng, then
    to the multiple of đồng its rules round to, up or to the nearest, if they say."""
    coefficient = next(
        (
            Decimal(str(a["coefficient"]))
            for a in rules.get("amounts", [])
            if (a["award"], a["kind"]) == (award, kind)
        ),
        None,
    )
    salaries = [b for b in rules["base_salaries"] if b["effective_from"] <= on]
    if coefficient is None or not salaries:
        return 0
    base = max(salaries, key=lambda b: b["effective_from"])["amount"]
    exact = int((coefficient * base).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    rounding = rules.get("rounding", {})
    step = int(rounding.get("to", 1))
    remainder = exact % step
    if rounding.get("mode", "up") == "nearest":
        return exact - remainder + (step if 2 * remainder >= step else 0)
    return exact if remainder == 0 else exact + step - remainder


def rederive_commendation(rows: Sequence[StoredRow]) -> list[Discrepancy]:
    """Every council result and decision line that its rows do not bear out: a
    line needs an item its session passed at that form, the reward its rules give,
    and the grant in its cycle."""
    found, wrong = sessions(rows)
    held = {
        str(row.document["code"]): date.fromisoformat(row.document["held_on"])
        for row in rows
        if row.event == "SessionOpened"
    }
    wrong += rederive_days(rows, held, _finding)
    grants = {
        (row.document["decision"]["number"], row.document["proposal_id"],
         row.document["award"], row.document["recipient"]["unit"])
        for row in rows
        if row.event == "AwardGranted"
    }  # fmt: skip
    for row in rows:
        if row.event != "DecisionIssued":
            continue
        doc = row.document
        rules = tomllib.loads(doc["rules_text"])
        decided_on = date.fromisoformat(doc["decided_on"])
        for line in doc["lines"]:
            session = found.get(line["session"])
            key = (line["dossier"], line["proposal"])
            passed = session.decided.get(key) if session else None
            recipient = line["recipient"]
            amount = reward(rules, line["award"], recipient["kind"], decided_on)
            granted = (doc["number"], line["proposal"], line["award"],
                       recipient["unit"]) in grants  # fmt: skip
            if passed != line["award"] or amount != line["amount"] or not granted:
                wrong.append(
                    _finding(
                        row, "decision", "line {line} of {number} ({award}, "
                        "{amount} đồng) is not what its council passed, its rules "
                        "pay and its cycle granted", line=line["line"],
                        number=doc["number"], award=line["award"],
                        amount=line["amount"],
                    )
                )  # fmt: skip
    wrong += rederive_declines(rows, found, _finding)
    return wrong + rederive_registers(rows, _finding)


def commendation_findings(rows: Sequence[StoredRow]) -> list[tuple[str, Discrepancy]]:
    """The findings, each with the subject `audit verify` lists it under."""
    readable = [r for r in rows if r.event in KINDS and UNREADABLE not in r.document]
    subjects = {r.stream: subject_of(r) for r in rows if r.event in STARTS}
    try:
        found = rederive_commendation(readable)
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as error:
        # Rows altered past what the engine writes: a finding, never a crash.
        row = readable[-1]
        found = [_finding(row, "commendation", "unreadable: {problem}",
                          problem=repr(error))]  # fmt: skip
    return [(subjects.get(_stream(rows, d), "commendation"), d) for d in found]


KINDS = frozenset(
    {"AttendanceRecorded", "AgendaItemsAdded", "OpinionRecorded", "BallotsCounted",
     "ItemDecided", "SessionOpened", "DecisionIssued", "AwardGranted"}
) | DAYS | DECLINES | REGISTERS  # fmt: skip


def _stream(rows: Sequence[StoredRow], found: Discrepancy) -> str:
    return next(
        (r.stream for r in rows if r.position == found.position), "commendation"
    )


class CommendationCheck:
    """The re-derivation as one of verify's store checks: of each stream it keeps
    only the rows the count and the decisions rest on, so verify's memory stays that
    of one stream and the commendation's own rows. A cycle's grants and declines are
    not kept as they pass (every award of every cycle would be): a decision's lines
    rest only on those that name it, read again by their kind when it concludes."""

    def __init__(self) -> None:
        self.kept: list[StoredRow] = []
        self.of_kind: KindRows = lambda _kinds: ()

    def see(self, verification: _Verification, stream: _Rows) -> None:
        self.of_kind = verification.kind_rows
        self.kept += [
            r
            for r in stream.rows
            if r.event not in READ_BACK and (r.event in KINDS or r.event in STARTS)
        ]

    def conclude(self) -> list[tuple[str, Discrepancy]]:
        issued = {
            str(r.document.get("number"))
            for r in self.kept
            if r.event == "DecisionIssued"
        }
        named = [r for r in self.of_kind(READ_BACK) if _names_one_of(r, issued)]
        kept = sorted([*self.kept, *named], key=lambda r: r.position)
        return commendation_findings(kept)


# A cycle's rows that name the decision they follow from.
READ_BACK = ("AwardGranted", "ProposalDeclined")
KindRows = Callable[[Sequence[str]], Iterable[StoredRow]]


class _Verification(Protocol):
    @property
    def kind_rows(self) -> KindRows: ...


def _names_one_of(row: StoredRow, issued: set[str]) -> bool:
    """Whether a grant or decline names one of the decisions issued, or is too
    altered to say (then it is kept, and the check that reads it finds it
    unreadable)."""
    decision = row.document.get("decision")
    if not isinstance(decision, Mapping) or "number" not in decision:
        return True
    return str(decision["number"]) in issued
