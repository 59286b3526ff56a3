"""The minutes as papers: each document's parts in the order of Decree 30/2020's
form for a biên bản (Appendix III, form 1.9), worded once so that the HTML and
the PDF say the same thing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .blocks import (
    Block,
    Paper,
    Signer,
    counts,
    needed,
    number_line,
    or_blank,
    outcome,
    vote_rules,
)
from .minutes_text import clock, long_date
from .tally import tally_paper

if TYPE_CHECKING:
    from .minutes import Minutes


def papers(minutes: Minutes) -> list[Paper]:
    """The meeting minutes, then the tally minutes if any ballot was counted."""
    found = [_meeting(minutes)]
    if minutes.counted:
        found.append(tally_paper(minutes))
    return found


def _meeting(minutes: Minutes) -> Paper:
    t = minutes.texts
    meeting = minutes.meeting
    day = long_date(minutes.held_on, t)
    blocks = [
        Block("text", t("start_line", time=clock(meeting.start, t), date=day)),
        Block("text", t("venue_line", venue=meeting.venue or minutes.place)),
        Block(
            "text",
            t(
                "attendance_line",
                present=len(minutes.present),
                members=minutes.members,
                units=", ".join(minutes.present),
            ),
        ),
    ]
    if minutes.absent:
        blocks.append(Block("text", t("absent_line", units=", ".join(minutes.absent))))
    blocks += [
        Block("text", t("chair_line", chair=_chair(minutes))),
        Block(
            "text", t("secretary_line", secretary=or_blank(minutes.secretary, minutes))
        ),
        Block("heading", t["content"]),
    ]
    sections: list[tuple[str, list[Block]]] = [(t["ranking"], _ranking(minutes))]
    if minutes.changes:
        sections.append((t["changes"], _changes(minutes)))
    sections.append((t["votes"], _votes_summary(minutes)))
    sections.append((t["decisions"], _decisions(minutes)))
    for n, (heading, parts) in enumerate(sections, start=1):
        blocks.append(Block("heading", f"{n}. {heading}"))
        blocks += parts
    blocks.append(Block("text", t("end_line", time=clock(meeting.end, t))))
    blocks.append(Block("text", t["closing"]))
    return Paper(
        kind="meeting",
        number=number_line(minutes, meeting.number),
        title=t["meeting_title"],
        subject=t("meeting_subject", year=minutes.year),
        blocks=tuple(blocks),
        signers=(
            Signer(t["secretary"], (minutes.secretary,)),
            Signer(t["chair"], (minutes.chair,)),
        ),
        recipients=(t["to_members"], t["to_file"]),
        keep=2,
    )


def _chair(minutes: Minutes) -> str:
    lead = minutes.lead
    if minutes.meeting.chair or lead is None:
        return or_blank(minutes.meeting.chair, minutes)
    role = " ".join(part for part in (lead.title, lead.unit) if part)
    return minutes.texts("chair_of_head", name=lead.name, role=role)


def _ranking(minutes: Minutes) -> list[Block]:
    t = minutes.texts
    keys = (
        "rank",
        "unit",
        "self_points",
        "assessed_points",
        "bonus",
        "penalty",
        "total",
    )
    return [
        Block(
            "table",
            header=tuple(t[k] for k in keys),
            rows=tuple(tuple(str(row[k]) for k in keys) for row in minutes.ranking),
            widths=(13, 54, 18, 19, 18, 16, 18),
            numeric=(0, 2, 3, 4, 5, 6),
        )
    ]


def _changes(minutes: Minutes) -> list[Block]:
    t = minutes.texts
    rows = tuple(
        (
            c["unit"],
            c["criterion"],
            f"{c['own'] or '–'} → {c['assessed']}",
            c["note"] or "–",
        )
        for c in minutes.changes
    )
    header = (t["unit"], t["criterion"], t["own_to_assessed"], t["reason"])
    return [Block("table", header=header, rows=rows, widths=(46, 16, 26, 64))]


def _votes_summary(minutes: Minutes) -> list[Block]:
    t = minutes.texts
    if not minutes.votes:
        return [Block("text", t["no_votes"])]
    blocks = []
    for vote in minutes.votes:
        blocks.append(Block("item", f"{vote['motion']} – {t['round']} {vote['round']}"))
        if not vote["closed"]:
            blocks.append(Block("text", t["vote_open_line"]))
            continue
        blocks.append(
            Block(
                "text",
                t(
                    "ballots_line",
                    eligible=vote["eligible"],
                    present=vote["present"],
                    cast=vote["cast"],
                    valid=vote["valid"],
                    spoiled=vote["spoiled"],
                )
                + " "
                + " ".join(
                    part
                    for part in (
                        vote_rules(vote, minutes),
                        needed(vote, minutes),
                        outcome(vote, minutes),
                    )
                    if part
                ),
            )
        )
        blocks.append(counts(vote, minutes))
    if minutes.counted:
        blocks.append(Block("note", t["see_tally"]))
    return blocks


def _decisions(minutes: Minutes) -> list[Block]:
    t = minutes.texts
    if not minutes.decisions:
        return [Block("text", t["no_decisions"])]
    rows = tuple(
        (
            row["award"],
            row["recipient"],
            row["status"],
            "; ".join(part for part in (row["decision"], row["revocation"]) if part),
        )
        for row in minutes.decisions
    )
    header = (t["award"], t["recipient"], t["status"], t["decision"])
    return [Block("table", header=header, rows=rows, widths=(28, 52, 24, 61))]
