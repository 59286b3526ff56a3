"""The cells of the query tables in the reader's words: codes as words, numbers
with the language's decimal mark (not in Excel, which keeps them numbers), days
as the language writes them. JSON and CSV never pass through here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thidua.office.wording import Wording

POINTS = ("self_points", "assessed_points", "bonus", "penalty", "total")


def standings(
    rows: Sequence[dict[str, Any]], words: Wording, numbers: bool
) -> list[dict[str, Any]]:
    if not numbers:
        return [dict(row) for row in rows]
    return words.cells(rows, **dict.fromkeys(POINTS, "number"))


def votes(
    rounds: Sequence[dict[str, Any]], words: Wording, numbers: bool
) -> list[dict[str, Any]]:
    said = words.cells(rounds, status="vote_state", outcome="outcome")
    for vote in said:
        met = vote["quorum_met"]
        quorum = words.number(vote["quorum"]) if numbers else vote["quorum"]
        vote["quorum_text"] = quorum + (
            "" if met is None else ", " + words.term("met", "met" if met else "not met")
        )
        vote["threshold"] = words.threshold(vote["threshold"])
        if numbers:
            vote["needed"] = words.number(vote["needed"])
    return said


def awards(
    rows: Sequence[dict[str, Any]], words: Wording, _numbers: bool
) -> list[dict[str, Any]]:
    from thidua.office.i18n import Texts

    say = Texts(words.lang, "messages")
    said = words.cells(rows, status="award_status", award_title="title")
    for row in said:
        text = ""
        if row["decision"]:
            day = words.day(row["decided_on"])
            text = say("decision_of", number=row["decision"], day=day)
        if row["revocation"]:
            text = say("revoked_by_number", text=text, number=row["revocation"])
        row["decision_text"] = text
    return said


def participation(
    rows: Sequence[dict[str, Any]], words: Wording, _numbers: bool
) -> list[dict[str, Any]]:
    from thidua.office.i18n import Texts
    from thidua.projections.participation import owed

    say = Texts(words.lang, "messages")
    said = [dict(row) for row in rows]
    for row in said:
        row["signed"] = words.yes_no(row["signed"])
        row["missing"] = "; ".join(
            say(f"missing_{what}", **fields) for what, fields in owed(row["missing"])
        )
    return said
