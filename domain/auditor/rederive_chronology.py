"""The auditor's own check of the commendation's days, from the stored JSON alone:
each notice begins on or after its dossier's appraisal and ends where the rules'
working days and public holidays put it; the council sits on a dossier only after
its appraisal and after its notice has run; a decision is not dated before the
council whose results it carries.

Written apart from the engine's rules (domain/commendation/) on purpose: it reads
the rules' TOML and counts the working days itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.phrase import Day, Value

Finding = Callable[..., Discrepancy]
KINDS = frozenset(
    {"DossierOpened", "DossierAppraised", "NoticePublished", "DossierTakenUp"}
)


def day_of(document: Mapping[str, Any]) -> date:
    """The day a stored event says its fact happened, else the day it was recorded."""
    return date.fromisoformat(
        str(document.get("occurred_at") or document["timestamp"])[:10]
    )


def said_day(day: date | str | None) -> Value:
    """A day of a finding, written as the reader's language writes days."""
    return "—" if day is None else Day(str(day))


def notice_end(start: date, days: int, holidays: set[date]) -> date:
    """The last day of a notice of `days` working days after `start`."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days -= 1
    return day


@dataclass
class _Dossier:
    rules: Mapping[str, Any]
    awards: set[str]
    appraised: date | None = None
    notice: tuple[date, date] | None = None
    sessions: set[str] = field(default_factory=set)

    def needs_notice(self) -> bool:
        return bool(self.awards & set(self.rules["notice"].get("awards", [])))


def _dossiers(
    rows: Sequence[StoredRow], finding: Finding
) -> tuple[dict[str, _Dossier], list[Discrepancy]]:
    found: dict[str, _Dossier] = {}
    by_stream: dict[str, _Dossier] = {}
    wrong: list[Discrepancy] = []
    for row in rows:
        doc = row.document
        if row.event == "DossierOpened":
            awards = {item["award"] for item in doc["items"]}
            rules = tomllib.loads(doc["rules_text"])
            by_stream[row.stream] = found[doc["code"]] = _Dossier(rules, awards)
            continue
        dossier = by_stream.get(row.stream)
        if dossier is None:
            continue
        if row.event == "DossierAppraised":
            dossier.appraised = day_of(doc)
        elif row.event == "NoticePublished":
            start = date.fromisoformat(doc["from_day"])
            holidays = {date.fromisoformat(str(d)) for d in dossier.rules["holidays"]}
            days = int(dossier.rules["notice"]["working_days"])
            until = notice_end(start, days, holidays)
            dossier.notice = (start, until)
            if str(doc["until"]) != until.isoformat() or (
                dossier.appraised is not None and start < dossier.appraised
            ):
                wrong.append(
                    finding(row, "notice", "a notice from {start} to {until} does "
                            "not follow its appraisal ({appraised}) for {days} "
                            "working days", start=said_day(start),
                            until=said_day(doc["until"]), days=days,
                            appraised=said_day(dossier.appraised))
                )  # fmt: skip
        elif row.event == "DossierTakenUp":
            dossier.sessions.add(doc["session"])
    return found, wrong


def rederive_days(
    rows: Sequence[StoredRow], held: Mapping[str, date], finding: Finding
) -> list[Discrepancy]:
    """Every council item and decision line whose days the dossier's history does
    not bear out; `held` is each session's day as its opening row says."""
    dossiers, wrong = _dossiers(rows, finding)
    codes = {r.stream: str(r.document["code"]) for r in rows
             if r.event == "SessionOpened"}  # fmt: skip
    for row in rows:
        doc = row.document
        if row.event == "AgendaItemsAdded":
            session = codes.get(row.stream)
            dossier = dossiers.get(doc.get("dossier", ""))
            if session is None or dossier is None or session not in held:
                continue
            on = held[session]  # the day the engine judged it by
            early = dossier.appraised is not None and on < dossier.appraised
            unnoticed = dossier.needs_notice() and (
                dossier.notice is None or on <= dossier.notice[1]
            )
            if early or unnoticed:
                wrong.append(
                    finding(row, "notice", "the council {session} takes up dossier "
                            "{dossier} on {on}, before its appraisal or before its "
                            "public notice ended ({until})", session=session,
                            dossier=doc["dossier"], on=said_day(on),
                            until=said_day(dossier.notice[1] if dossier.notice
                                           else None))
                )  # fmt: skip
        elif row.event == "DecisionIssued":
            decided = date.fromisoformat(doc["decided_on"])
            sat = {line["session"]: held.get(line["session"]) for line in doc["lines"]}
            late = sorted(s for s, day in sat.items() if day and day > decided)
            if late:
                wrong.append(
                    finding(row, "decision", "decision {number} is dated {day}, "
                            "before its council {sessions} sat", number=doc["number"],
                            day=said_day(decided), sessions=", ".join(late))
                )  # fmt: skip
    return wrong
