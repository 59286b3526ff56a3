"""The tally minutes (biên bản kiểm phiếu): the team, then each counted vote."""

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

if TYPE_CHECKING:
    from .minutes import Minutes


def tally_paper(minutes: Minutes) -> Paper:
    t = minutes.texts
    meeting = minutes.meeting
    team = meeting.tally_team or ("", "", "")
    blocks = [
        Block(
            "text",
            t(
                "tally_opening",
                time=clock(meeting.start, t),
                date=long_date(minutes.held_on, t),
                venue=meeting.venue or minutes.place,
                bloc_name=minutes.bloc_name,
                year=minutes.year,
            ),
        )
    ]
    for n, name in enumerate(team, start=1):
        role = t["tally_head_role"] if n == 1 else t["tally_member_role"]
        blocks.append(Block("item", f"{n}. {or_blank(name, minutes)} – {role}"))
    blocks.append(Block("text", t["tally_counted"]))
    for n, vote in enumerate(minutes.counted, start=1):
        blocks.append(
            Block("heading", f"{n}. {vote['motion']} – {t['round']} {vote['round']}")
        )
        blocks += [
            Block(
                "item",
                "- "
                + t(
                    "eligible_line", eligible=vote["eligible"], present=vote["present"]
                ),
            ),
            Block(
                "item",
                "- " + t("issued_line", issued=vote["issued"], cast=vote["cast"]),
            ),
            Block(
                "item",
                "- " + t("valid_line", valid=vote["valid"], spoiled=vote["spoiled"]),
            ),
            Block("item", "- " + t["count_line"]),
            counts(vote, minutes),
            Block("item", "- " + vote_rules(vote, minutes)),
            *([Block("item", "- " + needed(vote, minutes))] if vote["needed"] else []),
            Block("item", "- " + outcome(vote, minutes)),
        ]
    blocks.append(Block("text", t["tally_closing"]))
    head, members = team[0], tuple(name for name in team[1:] if name)
    # A team named as one person has no members to sign; one named by nobody
    # leaves both places blank, to be signed by hand.
    alone = bool(head) and not members
    member_signer = Signer("", ()) if alone else Signer(t["tally_members"], members)
    return Paper(
        kind="tally",
        number=number_line(minutes, meeting.tally_number),
        title=t["tally_title"],
        subject=t("tally_subject", year=minutes.year),
        blocks=tuple(blocks),
        signers=(member_signer, Signer(t["tally_head"], (head,))),
    )
