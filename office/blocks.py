"""The parts of a paper (the minutes' documents) and the wording they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .minutes_text import long_date

if TYPE_CHECKING:
    from .minutes import Minutes


@dataclass(frozen=True)
class Block:
    """One part of a document's body."""

    kind: str  # heading, text, item (a line under a heading), table, note
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[int, ...] = ()  # relative column widths
    numeric: tuple[int, ...] = ()  # columns aligned to the right


@dataclass(frozen=True)
class Signer:
    """Who signs in one place: a capacity and names; no capacity, nobody (the
    place stays empty, so the other signer keeps its side)."""

    title: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Paper:
    """One document: its number, type and summary, body, signatures, recipients."""

    kind: str  # meeting or tally
    number: str
    title: str
    subject: str
    blocks: tuple[Block, ...]
    signers: tuple[Signer, Signer]
    recipients: tuple[str, ...] = ()
    keep: int = 1  # the last blocks, kept on the page of the signatures


def number_line(minutes: Minutes, number: str) -> str:
    """Số: 01/BB-KTĐTMTH; without a registered number, a blank for the clerk."""
    if number.isdigit():
        number = f"{int(number):02d}"
    return minutes.texts(
        "number_line", number=number or "\u00a0" * 8, code=minutes.document_code
    )


def place_date(minutes: Minutes) -> str:
    return f"{minutes.place}, {long_date(minutes.held_on, minutes.texts)}"


def or_blank(text: str, minutes: Minutes) -> str:
    return text or minutes.texts["blank_name"]


def vote_rules(vote: dict[str, Any], minutes: Minutes) -> str:
    return minutes.texts(
        "vote_rules", quorum=vote["quorum"], threshold=vote["threshold"]
    )


def needed(vote: dict[str, Any], minutes: Minutes) -> str:
    """Số phiếu cần: ít nhất 5 (the smallest number of votes that carries)."""
    return minutes.texts("needed_line", needed=vote["needed"]) if vote["needed"] else ""


def outcome(vote: dict[str, Any], minutes: Minutes) -> str:
    """Kết quả: who carried, and where the count sends the motion on, among whom."""
    t = minutes.texts
    said = (
        t("outcome_winners", outcome=vote["outcome"], winners=vote["winners"])
        if vote["winners"]
        else t("outcome_line", outcome=vote["outcome"])
    )
    if vote.get("runoff"):
        said = said.removesuffix(".") + t("outcome_further", candidates=vote["runoff"])
    return said


def counts(vote: dict[str, Any], minutes: Minutes) -> Block:
    t = minutes.texts
    if vote["against"]:
        header = (t["candidate"], t["votes_for"], t["votes_against"], t["share"])
        rows = tuple(
            (c["candidate"], str(c["votes_for"]), str(c["votes_against"]), c["share"])
            for c in vote["counts"]
        )
        return Block(
            "table",
            header=header,
            rows=rows,
            widths=(88, 24, 24, 16),
            numeric=(1, 2, 3),
        )
    return Block(
        "table",
        header=(t["candidate"], t["votes_for"], t["share"]),
        rows=tuple(
            (c["candidate"], str(c["votes_for"]), c["share"]) for c in vote["counts"]
        ),
        widths=(100, 30, 22),
        numeric=(1, 2),
    )
