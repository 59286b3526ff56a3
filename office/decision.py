"""The decision (quyết định khen thưởng) with its list, and its certificates (Bằng
khen, Giấy khen, …), as PDF bound to the checkpoint of the log they were printed
from (its size and Merkle root), which `thidua audit verify --checkpoint` proves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from thidua.domain.commendation.errors import NothingToCertify

from .i18n import Lang, catalog
from .pdf import BODY, LEFT, RIGHT, TOP, font_files

if TYPE_CHECKING:
    from fpdf import FPDF


def _pdf(orientation: str = "portrait") -> FPDF:
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=28)
    for style, file in font_files().items():
        pdf.add_font("serif", style, str(file))
    return pdf


def _line(
    pdf: FPDF,
    text: str,
    style: str = "",
    size: float = BODY,
    *,
    align: str = "L",
    height: float = 6.5,
) -> None:
    pdf.set_font("serif", style, size)
    pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def decision_pdf(
    state: Any,
    rows: Sequence[Mapping[str, Any]],
    checkpoint: str,
    lang: Lang,
    titles: Mapping[str, str],
) -> bytes:
    """The decision, Article 1 granting the list, Article 2 the rewards; bound to
    the log's checkpoint (`log@80:<root>`), printed and as a QR code."""
    t = catalog(lang, "document")
    pdf = _pdf()
    pdf.set_title(f"{t['decision_heading']} {state.code}")
    pdf.add_page()
    _line(pdf, state.authority.upper(), "B", 12, align="L")
    _line(pdf, f"{t['number']}: {state.code}", "", 13, align="L")
    _line(pdf, t["motto_1"], "B", 12, align="R")
    _line(pdf, t["motto_2"], "B", 13, align="R")
    _line(pdf, state.decided_on.strftime("%d/%m/%Y"), "I", 13, align="R")
    pdf.ln(4)
    _line(pdf, t["decision_heading"], "B", 14, align="C")
    _line(pdf, t["decision_subject"], "B", 14, align="C")
    pdf.ln(4)
    live = [r for r in rows if r["in_force"]]
    awards = sorted({titles.get(r["award"], r["award"]) for r in live})
    _line(pdf, t["decision_article_1"].format(awards=", ".join(awards)))
    total = sum(int(r["amount"]) for r in live)
    _line(pdf, t["decision_article_2"].format(total=_money(total)))
    _line(pdf, t["decision_article_3"])
    pdf.ln(6)
    _line(pdf, state.signer, "B", 13, align="R")
    pdf.add_page()
    _line(pdf, t["decision_list"].format(number=state.code), "B", 13, align="C")
    pdf.ln(2)
    widths = (10, 62, 28, 38, 27)
    heads = (
        t["col_no"],
        t["col_recipient"],
        t["col_cycle"],
        t["col_award"],
        t["col_amount"],
    )
    pdf.set_font("serif", "B", 11)
    for width, head in zip(widths, heads, strict=True):
        pdf.cell(width, 7, head, border=1, align="C")
    pdf.ln()
    pdf.set_font("serif", "", 11)
    for r in live:
        cells = (
            str(r["line"]),
            r["recipient"],
            r["cycle"],
            titles.get(r["award"], r["award"]),
            _money(int(r["amount"])),
        )
        for width, cell in zip(widths, cells, strict=True):
            pdf.cell(width, 7, cell[:44], border=1)
        pdf.ln()
    _footer(pdf, t, checkpoint)
    return bytes(pdf.output())


def certificates_pdf(
    state: Any,
    rows: Sequence[Mapping[str, Any]],
    checkpoint: str,
    lang: Lang,
    titles: Mapping[str, str],
) -> bytes:
    """One certificate a page, landscape, for each line in force, each bound to
    the log's checkpoint as the decision is."""
    in_force = [r for r in rows if r["in_force"]]
    if not in_force:
        raise NothingToCertify(
            "decision {code} has no line in force: there is no certificate to print",
            code=state.code,
        )
    t = catalog(lang, "document")
    pdf = _pdf("landscape")
    pdf.set_title(f"{t['certificates']} {state.code}")
    for r in in_force:
        pdf.add_page()
        _line(pdf, state.authority.upper(), "B", 16, align="C")
        pdf.ln(8)
        _line(
            pdf,
            titles.get(r["award"], r["award"]).upper(),
            "B",
            30,
            align="C",
            height=14,
        )
        pdf.ln(6)
        _line(pdf, t["certificate_to"], "I", 16, align="C")
        _line(pdf, r["recipient"], "B", 22, align="C", height=11)
        pdf.ln(6)
        day = state.decided_on.strftime("%d/%m/%Y")
        said = t["certificate_by"].format(number=state.code, day=day)
        _line(pdf, said, "", 14, align="C")
        _line(pdf, state.signer, "B", 15, align="R")
        _footer(pdf, t, checkpoint)
    return bytes(pdf.output())


def _footer(pdf: FPDF, t: Mapping[str, str], checkpoint: str) -> None:
    """The checkpoint as people copy it (its root's first 16 digits), and whole
    as a QR code: `thidua audit verify --checkpoint` takes either."""
    size, _, root = checkpoint.partition(":")
    _footer_text(pdf, t["printed_at"].format(checkpoint=f"{size}:{root[:16]}"))
    _seal(pdf, checkpoint)


def report_pdf(
    title: str,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    lang: Lang,
) -> bytes:
    """A statistical form as a table, its title carrying the checkpoint."""
    headers = catalog(lang, "columns")
    pdf = _pdf("landscape")
    pdf.set_title(title)
    pdf.add_page()
    _line(pdf, title, "B", 13, align="C")
    pdf.ln(3)
    width = (pdf.w - LEFT - RIGHT) / len(columns)
    pdf.set_font("serif", "B", 10)
    for key, header in columns:
        pdf.cell(width, 8, headers.get(key, header)[:24], border=1, align="C")
    pdf.ln()
    pdf.set_font("serif", "", 11)
    for row in rows:
        for key, _ in columns:
            pdf.cell(width, 7, str(row[key]), border=1, align="C")
        pdf.ln()
    return bytes(pdf.output())


def session_minutes_pdf(
    state: Any,
    head: str,
    version: int,
    lang: Lang,
    titles: Mapping[str, str],
) -> bytes:
    """The minutes of a council session (biên bản họp Hội đồng) in the customary
    order: who sat, who was absent and sent written opinions, and for each item
    the secret ballot's count and result; bound to the session's checkpoint."""
    t = catalog(lang, "document")
    pdf = _pdf()
    pdf.set_title(f"{t['council_minutes']} {state.code}")
    pdf.add_page()
    _line(pdf, t["motto_1"], "B", 12, align="C")
    _line(pdf, t["motto_2"], "B", 13, align="C")
    pdf.ln(4)
    _line(pdf, t["council_minutes"], "B", 14, align="C")
    day = state.held_on.strftime("%d/%m/%Y")
    _line(
        pdf, t["council_held"].format(session=state.code, day=day), "I", 13, align="C"
    )
    pdf.ln(3)
    present = list(state.present or ())
    absent = [m for m in state.members if m not in present]
    _line(pdf, t["council_chair"].format(chair=state.chair))
    _line(
        pdf,
        t["council_present"].format(
            count=len(present), members=len(state.members), names=", ".join(present)
        ),
    )
    _line(pdf, t["council_absent"].format(names=", ".join(absent) or "-"))
    pdf.ln(2)
    for n, ((dossier, proposal, result, award), tally) in enumerate(
        zip(state.results, state.tallies, strict=True), 1
    ):
        item = state.item(dossier, proposal)
        counts = ", ".join(
            f"{t['council_' + c.candidate.lower()]} {c.yes}" for c in tally.counts
        )
        _line(
            pdf,
            t["council_item"].format(
                n=n,
                recipient=item.recipient.label() if item else proposal,
                proposed=titles.get(item.award, item.award) if item else "",
                dossier=dossier,
                cast=tally.cast,
                counts=counts,
                result=t[f"council_{result}"],
                award=titles.get(award, award) if award else "-",
            ),
        )
    pdf.ln(4)
    _line(pdf, state.chair, "B", 13, align="R")
    _footer_text(
        pdf,
        t["council_checkpoint"].format(
            session=state.code, version=version, head=head[:16]
        ),
    )
    _seal(pdf, f"{state.code}@{version}:{head}")
    return bytes(pdf.output())


def _seal(pdf: FPDF, checkpoint: str) -> None:
    """The full checkpoint as a QR code at the page's foot, as the bloc's minutes
    carry their digest: scanned, it names the session's version and last hash."""
    import io

    from .qr import qr_png

    pdf.set_auto_page_break(False)
    x, y = pdf.w - RIGHT - 18, pdf.h - 40
    pdf.image(io.BytesIO(qr_png(checkpoint)), x=x, y=y, w=18)
    pdf.set_auto_page_break(True, margin=28)


def _footer_text(pdf: FPDF, text: str) -> None:
    """A line at the foot of the page, which must not break it."""
    pdf.set_auto_page_break(False)
    pdf.set_y(-22)
    _line(pdf, text, "I", 9, align="L", height=4)
    pdf.set_auto_page_break(True, margin=28)
