"""`thidua decision`: the chair's decision (quyết định khen thưởng) on what the
council passed, its lines and rewards, certificates, and revocation."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from .context import CliContext
from .dossier import rules_option, rules_text
from .files import OutputFile
from .options import DATE, command_options, format_option, xlsx_option

NUMBER = click.argument("number")


@click.group("decision")
def group() -> None:
    """Decisions: issue, revoke, show, print, certificates."""


@group.command("issue")
@NUMBER
@click.option("--date", "decided_on", type=DATE, required=True, help="Its day.")
@click.option("--signer", required=True, help="Who signs it.")
@click.option("--authority", required=True, help="Whose decision it is.")
@click.option(
    "--session",
    "sessions",
    multiple=True,
    required=True,
    help="A closed session whose results it decides; repeat.",
)
@rules_option
@command_options
@click.pass_obj
def issue(
    obj: CliContext,
    *,
    number: str,
    decided_on: date,
    signer: str,
    authority: str,
    sessions: tuple[str, ...],
    rules_path: str | None,
    meta: dict[str, Any],
) -> None:
    """Issue a decision: each item passed becomes a line with its reward, granted
    in its cycle; all of it, or nothing.

    \b
    Example:
      thidua decision issue 9/QĐ --date 2021-03-02 --signer Trường \
    --authority "Chủ tịch UBND tỉnh" --session HD1  # refused: no session
    """
    from thidua.domain.commendation.commands import IssueDecision

    command = obj.command(
        IssueDecision,
        number=number,
        decided_on=decided_on,
        signer=signer,
        authority=authority,
        sessions=sessions,
        rules_text=rules_text(rules_path),
        **meta,
    )
    obj.execute(command)


@group.command("revoke")
@NUMBER
@click.option("--by", "revoking", required=True, help="The revoking decision.")
@click.option("--date", "decided_on", type=DATE, required=True, help="Its day.")
@click.option("--line", type=click.IntRange(1), help="Only this line.")
@command_options
@click.pass_obj
def revoke(
    obj: CliContext,
    *,
    number: str,
    revoking: str,
    decided_on: date,
    line: int | None,
    meta: dict[str, Any],
) -> None:
    """Revoke (hủy bỏ) a decision or one line, and its awards; --reason says why.

    \b
    Example:
      thidua decision revoke 215/QĐ-UBND --by 77/QĐ-UBND --date 2021-06-01 \
        --line 1 --reason "Hồ sơ kê khai không đúng"
    """
    from thidua.domain.commendation.commands import RevokeDecision

    obj.execute(
        obj.command(
            RevokeDecision,
            number=number,
            revoking=revoking,
            decided_on=decided_on,
            line=line,
            **meta,
        )
    )


LINE_COLUMNS = [
    ("line", "No."),
    ("recipient", "Recipient"),
    ("cycle", "Cycle"),
    ("award", "Award"),
    ("coefficient", "Coefficient"),
    ("amount", "Amount (đồng)"),
    ("in_force", "In force"),
]


def line_rows(obj: CliContext, number: str) -> tuple[Any, list[dict[str, Any]]]:
    from thidua.domain.service.commendation_loading import decision

    state = decision(obj.app, number).state
    live = {line.line for line in state.live()}
    rows = [
        {
            "line": x.line,
            "recipient": x.recipient.label(),
            "unit": x.recipient.unit,
            "kind": x.recipient.kind,
            "cycle": f"{x.bloc}/{x.year}",
            "proposal": x.proposal,
            "award": x.award,
            "coefficient": str(x.coefficient or ""),
            "base_salary": x.base_salary,
            "amount": x.amount,
            "source": x.source,
            "in_force": x.line in live,
        }
        for x in state.lines
    ]
    return state, rows


@group.command("show")
@NUMBER
@format_option
@xlsx_option
@click.pass_obj
def show_(obj: CliContext, *, number: str, fmt: str, xlsx: Path | None) -> None:
    """A decision's lines, rewards and sources.

    \b
    Example:
      thidua decision show 215/QĐ-UBND --xlsx qd-215.xlsx
    """
    from .tables import show

    state, rows = line_rows(obj, number)
    title = obj.text(
        "decision_title",
        number=state.code,
        day=state.decided_on,
        authority=state.authority,
    )
    titles = award_titles(obj, state.lines)

    def said(rows: Any, words: Any, _: bool) -> list[dict[str, Any]]:
        cells: list[dict[str, Any]] = words.cells(
            rows, in_force="yes_no", coefficient="number"
        )
        return [
            {**row, "award": titles.get(row["award"], row["award"])} for row in cells
        ]

    show(
        rows,
        LINE_COLUMNS,
        fmt,
        title=title,
        bom=False,
        xlsx=xlsx,
        lang=obj.lang,
        said=said,
    )


def award_titles(obj: CliContext, lines: Any) -> dict[str, str]:
    """Each award's title as its cycle's rulebook names it, in the language."""
    titles = {}
    for line in lines:
        award = obj.app.cycle(line.bloc, line.year).rulebook.award(line.award)
        if award is not None:
            titles[line.award] = award.title_vi if obj.lang == "vi" else award.title_en
    return titles


@group.command("print")
@NUMBER
@click.option(
    "--pdf",
    "pdf_path",
    type=OutputFile(),
    required=True,
    help="Write the decision with its list here.",
)
@click.option(
    "--certificates",
    "certificates",
    type=OutputFile(),
    help="Also write the certificates (Bằng khen, …) here.",
)
@click.pass_obj
def print_(
    obj: CliContext, *, number: str, pdf_path: Path, certificates: Path | None
) -> None:
    """The printable decision with its list, and its certificates, each bound to
    the store's checkpoint.

    \b
    Example:
      thidua decision print 215/QĐ-UBND --pdf qd.pdf --certificates co.pdf
    """
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.auditor.log_tree import LogTree
    from thidua.office.decision import certificates_pdf, decision_pdf

    from .context import utc_now

    state, rows = line_rows(obj, number)
    titles = award_titles(obj, state.lines)
    taken, _ = LogTree(Auditor(obj.app)).checkpoint(utc_now())
    checkpoint = f"log@{taken.tree_size}:{taken.root}"
    pdf_path.write_bytes(decision_pdf(state, rows, checkpoint, obj.lang, titles))
    obj.say(obj.text("wrote", path=pdf_path))
    if certificates is not None:
        pages = certificates_pdf(state, rows, checkpoint, obj.lang, titles)
        certificates.write_bytes(pages)
        obj.say(obj.text("wrote", path=certificates))
