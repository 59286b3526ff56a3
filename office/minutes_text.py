"""How the minutes word what the read models hold: numbers, dates, votes, awards."""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thidua.domain.rulebook import Motion, Rulebook

    from .i18n import Texts


def number(value: Any, texts: Texts) -> str:
    """A number as the language writes it: 96,5 in Vietnamese, 96.5 in English."""
    if value in (None, ""):
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", texts["decimal_mark"])


def month(day: date) -> str:
    """The month as Decree 30/2020 writes it in a date: 01 and 02 with their zero
    (so nothing can be added before them), the others as they are."""
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def long_date(day: date, texts: Texts) -> str:
    """ngày 25 tháng 01 năm 2021 (in English, 25/01/2021)."""
    return texts("long_date", day=day.day, month=month(day), year=day.year)


def short_date(value: date | str | None) -> str:
    """dd/mm/yyyy, as tables and decision references write a day."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def clock(moment: time | None, texts: Texts) -> str:
    """08 giờ 00 phút (08:00), or a blank for the clerk to fill in."""
    if moment is None:
        return texts["blank_time"]
    return texts("clock", hour=moment.hour, minute=moment.minute)


def ranking(rows: list[dict[str, Any]], texts: Texts) -> list[dict[str, Any]]:
    keys = ("self_points", "assessed_points", "bonus", "penalty", "total")
    return [
        {
            "rank": row["rank"] or "",
            "unit": row["unit_name"],
            **{key: number(row[key], texts) for key in keys},
        }
        for row in rows
    ]


def adjustments(rows: list[dict[str, Any]], texts: Texts) -> list[dict[str, Any]]:
    """Each criterion whose assessed points differ from the unit's own, with the
    assessor's reason. The standings rows carry them as `changes`; a row without
    that key is read from its own and assessed points (then without a reason)."""
    found = []
    for row in rows:
        changes = row.get("changes")
        if isinstance(changes, str):  # a JSON column, as the read model keeps it
            changes = json.loads(changes)
        if changes is None:
            changes = _changes_from_points(row)
        for change in changes or []:
            found.append(
                {
                    "unit": row["unit_name"],
                    "criterion": change["criterion"],
                    "own": number(change["own"], texts),
                    "assessed": number(change["assessed"], texts),
                    "by": change.get("by") or "",
                    "note": change.get("note") or "",
                }
            )
    return found


def _changes_from_points(row: dict[str, Any]) -> list[dict[str, Any]]:
    def points(key: str) -> dict[str, str]:
        value = row.get(key) or {}
        return dict(json.loads(value) if isinstance(value, str) else value)

    own, assessed = points("own"), points("assessed")
    return [
        {"criterion": code, "own": own.get(code, ""), "assessed": value}
        for code, value in assessed.items()
        if own.get(code) is None or Decimal(own[code]) != Decimal(value)
    ]


class MinutesWording:
    """Titles and rules as the rulebook words them, in the minutes' language."""

    def __init__(self, texts: Texts, rulebook: Rulebook | None) -> None:
        self.texts = texts
        vi = texts.lang == "vi"
        self.motions: dict[str, Motion] = {}
        self.titles: dict[str, str] = {}
        if rulebook is not None:
            self.motions = {m.code: m for m in rulebook.motions}
            for items in (rulebook.motions, rulebook.awards, rulebook.titles):
                for item in items:
                    self.titles[item.code] = item.title_vi if vi else item.title_en

    def title(self, code: str, fallback: str) -> str:
        return self.titles.get(code, fallback)

    def threshold(self, code: str, fallback: str) -> str:
        motion = self.motions.get(code)
        if motion is None:
            return fallback
        rule = self.texts[motion.threshold_rule.replace("-", "_")]
        base = self.texts[f"of_{motion.denominator}"]
        return f"{rule} {motion.threshold} {base}"


def vote(row: dict[str, Any], wording: MinutesWording) -> dict[str, Any]:
    """A round of a vote as the minutes say it: ballots, rules and counts."""
    texts = wording.texts
    cast = row["ballots_cast"] or 0
    spoiled = row.get("spoiled") or 0
    valid = max(cast - spoiled, 0)
    names = {
        c["candidate"]: c["candidate_name"] or c["candidate"] for c in row["counts"]
    }
    counts = [
        {
            "candidate": names[c["candidate"]],
            "votes_for": c["votes_for"],
            "votes_against": c.get("votes_against") or 0,
            "share": number(f"{100 * c['votes_for'] / valid:.1f}", texts) + "%"
            if valid
            else "",
        }
        for c in row["counts"]
    ]
    met = row["quorum_met"]
    needed = row["needed"]
    winners = [w.strip() for w in (row.get("winners") or "").split(",") if w.strip()]
    further = [w.strip() for w in (row.get("runoff") or "").split(",") if w.strip()]
    return {
        "motion": wording.title(row["motion"], row["motion_title"]),
        "round": row["round"],
        "closed": row["status"] == "closed",
        "secret": bool(row.get("secret")),
        "eligible": row["eligible"] or 0,
        "present": row["present"] or 0,
        "issued": row["present"] or 0,  # one ballot to each unit present
        "cast": cast,
        "valid": valid,
        "spoiled": spoiled,
        "quorum": row["quorum"]
        + ("" if met is None else f" ({texts['met'] if met else texts['not_met']})"),
        "threshold": wording.threshold(row["motion"], row["threshold"]),
        "needed": texts("at_least_votes", needed=needed) if needed else "",
        "outcome": texts.table.get(row["outcome"] or "", row["outcome"] or "")
        if row["status"] == "closed"
        else texts["vote_open"],
        "winners": ", ".join(names.get(w, w) for w in winners),
        "runoff": _and([names.get(w, w) for w in further], texts["and"]),
        "counts": counts,
        "against": any(c["votes_against"] for c in counts),
    }


def decision(award: dict[str, Any], wording: MinutesWording) -> dict[str, Any]:
    """An award or proposal: who, with their unit, and the decisions on it."""
    texts = wording.texts
    unit = award["unit_name"] or ""
    recipient = award["recipient"] or unit
    if award["recipient"] and unit and unit not in recipient:
        recipient = f"{recipient}, {unit}"
    decided = ""
    if award["decision"]:
        decided = texts(
            "decision_ref",
            decision=award["decision"],
            date=short_date(award["decided_on"]),
        )
        if award.get("authority"):
            decided += texts("decision_by", authority=award["authority"])
    elif award["status"] == "proposed":
        decided = texts["awaiting"]
    revoked = ""
    if award.get("revocation"):
        revoked = texts(
            "revoked_by",
            decision=award["revocation"],
            date=short_date(award.get("revoked_on")),
        )
        if award.get("revocation_reason"):
            revoked += f" ({award['revocation_reason']})"
    return {
        "award": wording.title(award["award"], award["award_title"]),
        "recipient": recipient,
        "status": texts.table.get(award["status"], award["status"]),
        "decision": decided,
        "revocation": revoked,
    }


def _and(names: list[str], word: str) -> str:
    """Names as a sentence lists them: "A, B và C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"
