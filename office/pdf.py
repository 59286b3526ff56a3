"""The minutes as PDF (fpdf2), in the sizes and positions of Decree 30/2020's
Appendix I, set in Crimson Text, whose four faces carry every Vietnamese letter."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from .blocks import Block, Paper, Signer, place_date
from .paper import papers

if TYPE_CHECKING:
    from fpdf import FPDF

    from .minutes import Minutes

A4_WIDTH = 210
# Margins (mm) within the decree's ranges: top and bottom 20-25, left 30-35,
# right 15-20 (Appendix I, I.3).
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15
WIDTH = A4_WIDTH - LEFT - RIGHT
HEADER_LEFT = 78  # the issuing body's box; the motto's takes the rest
BODY = 13  # the body's size, 13-14 pt (II.6.e)
LINE = 5.6  # mm: about 1.2 lines at 13 pt, between single and 1.5 (II.6.e)
INDENT = 10  # the first line of a paragraph, 1 cm (II.6.e)
GAP = 2.2  # mm between paragraphs, at least 6 pt (II.6.e)
QR_SIZE = 18  # mm: the seal's QR code, about 0.45 mm a module
FACES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}


def font_files() -> dict[str, Path]:
    """Each face (style letters as fpdf2 names them) and its file."""
    import fontpkg_crimson_text

    folder = Path(fontpkg_crimson_text.ROOT) / "files"
    return {style: folder / f"CrimsonText-{face}.ttf" for style, face in FACES.items()}


def render_pdf(minutes: Minutes, path: Path) -> int:
    """Write both documents to one PDF; returns the number of pages."""
    from fpdf import FPDF

    t = minutes.texts
    pdf = FPDF(format="A4")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM + 8)
    for style, file in font_files().items():
        pdf.add_font("serif", style, str(file))
    pdf.set_title(f"{t['meeting_title']} – {minutes.bloc_name} {minutes.year}")
    ranges = []
    for paper in papers(minutes):
        pdf.add_page()
        first = pdf.page_no()
        _header(pdf, minutes, paper)
        body, ending = paper.blocks[: -paper.keep], paper.blocks[-paper.keep :]
        for block in body:
            _block(pdf, block)
        _ending(pdf, minutes, paper, ending)
        ranges.append((first, pdf.page_no()))
    _furniture(pdf, minutes, ranges)
    pdf.output(str(path))
    return pdf.page_no()


def _font(pdf: FPDF, style: str = "", size: float = BODY) -> None:
    pdf.set_font("serif", style, size)


def _centred(pdf: FPDF, x: float, width: float, text: str, height: float) -> None:
    pdf.set_x(x)
    pdf.multi_cell(width, height, text, align="C", new_x="LEFT", new_y="NEXT")


def _rule_under(pdf: FPDF, x: float, width: float, length: float) -> None:
    """A thin solid line of `length`, centred in the box, just under the text."""
    y = pdf.get_y() + 0.6
    centre = x + width / 2
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)


def _header(pdf: FPDF, minutes: Minutes, paper: Paper) -> None:
    """Issuing body and number on the left; motto and place-date on the right."""
    t = minutes.texts
    left, right = LEFT, LEFT + HEADER_LEFT
    right_width = WIDTH - HEADER_LEFT
    top = pdf.get_y()
    if minutes.superior_body:
        _font(pdf, "", 12)  # upright capitals, 12-13 pt (II.2.b)
        _centred(pdf, left, HEADER_LEFT, minutes.superior_body.upper(), 5.2)
    _font(pdf, "B", 12)  # bold capitals, 12-13 pt (II.2.b)
    _centred(pdf, left, HEADER_LEFT, minutes.issuing_body.upper(), 5.2)
    longest = max(
        pdf.get_string_width(line) for line in minutes.issuing_body.upper().split("\n")
    )
    _rule_under(pdf, left, HEADER_LEFT, min(longest, HEADER_LEFT) * 0.4)
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    _font(pdf, "B", 12)  # the national name: bold capitals, 12-13 pt (II.1.a)
    _centred(pdf, right, right_width, t["motto_1"], 5.2)
    _font(pdf, "B", 13)  # the motto: bold, 13-14 pt, a line as long (II.1.b)
    _centred(pdf, right, right_width, t["motto_2"], 5.6)
    _rule_under(pdf, right, right_width, pdf.get_string_width(t["motto_2"]))
    # The number and the place-date share a line (II.4.c).
    row = max(left_bottom, pdf.get_y()) + 3
    pdf.set_y(row)
    _font(pdf, "", 13)  # "Số" upright, 13 pt (II.3.c)
    _centred(pdf, left, HEADER_LEFT, paper.number, 6)
    pdf.set_y(row)
    _font(pdf, "I", 13)  # place and date: italic, 13-14 pt (II.4.c)
    _centred(pdf, right, right_width, place_date(minutes), 6)
    pdf.set_y(pdf.get_y() + 6)
    _font(pdf, "B", 14)  # the type: bold capitals, 13-14 pt (II.5.b)
    _centred(pdf, LEFT, WIDTH, paper.title, 7)
    _font(pdf, "B", 14)  # the summary: bold, 13-14 pt, a short line under (II.5.b)
    _centred(pdf, LEFT, WIDTH, paper.subject, 7)
    _rule_under(pdf, LEFT, WIDTH, min(pdf.get_string_width(paper.subject), WIDTH) / 3)
    pdf.set_y(pdf.get_y() + 6)


def _paragraph(pdf: FPDF, text: str, style: str = "", indent: float = INDENT) -> None:
    _font(pdf, style)
    spacing = LINE / (BODY * 0.3528)  # fpdf2 takes it as a multiple of the size
    with (
        pdf.text_columns(text_align="J", line_height=spacing) as cols,
        cols.paragraph(first_line_indent=indent, bottom_margin=GAP) as part,
    ):
        part.write(text)


def _block(pdf: FPDF, block: Block) -> None:
    if block.kind == "heading":
        pdf.ln(1)
        _paragraph(pdf, block.text, "B", indent=INDENT)
    elif block.kind == "item":
        _paragraph(pdf, block.text, indent=INDENT)
    elif block.kind == "note":
        _paragraph(pdf, block.text, "I", indent=INDENT)
    elif block.kind == "table":
        _table(pdf, block)
    else:
        _paragraph(pdf, block.text)


def _table(pdf: FPDF, block: Block) -> None:
    _font(pdf, "", 11)
    aligns = tuple(
        "RIGHT" if n in block.numeric else "LEFT" for n in range(len(block.header))
    )
    pdf.ln(1)
    with pdf.table(
        col_widths=block.widths,
        text_align=aligns,
        line_height=4.8,
        width=WIDTH,
        align="LEFT",
        padding=(0.8, 1.5),
    ) as table:
        for values in (block.header, *block.rows):
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)


def _ending(
    pdf: FPDF, minutes: Minutes, paper: Paper, ending: tuple[Block, ...]
) -> None:
    """The closing lines and the signatures, kept on one page: a page that holds
    only signatures could be put after any text."""
    with pdf.offset_rendering() as trial:
        for block in ending:
            _block(trial, block)  # type: ignore[arg-type]
        _signatures(trial, minutes, paper)  # type: ignore[arg-type]
    if trial.page_break_triggered:
        pdf.add_page()
    for block in ending:
        _block(pdf, block)
    _signatures(pdf, minutes, paper)


def _signatures(pdf: FPDF, minutes: Minutes, paper: Paper) -> None:
    t = minutes.texts
    half = WIDTH / 2
    pdf.ln(4)
    top = pdf.get_y()
    bottoms = []
    for n, signer in enumerate(paper.signers):
        pdf.set_y(top)
        bottoms.append(_signer(pdf, LEFT + n * half, half, signer, t["sign_hint"]))
    pdf.set_y(max(bottoms) + 4)
    if paper.recipients:
        _font(pdf, "BI", 12)  # "Nơi nhận": bold italic, 12 pt (II.9.d)
        pdf.set_x(LEFT)
        pdf.cell(half, 5, t["to_label"], new_x="LMARGIN", new_y="NEXT")
        _font(pdf, "", 11)  # the list: upright, 11 pt (II.9.d)
        for line in paper.recipients:
            pdf.cell(half, 4.8, line, new_x="LMARGIN", new_y="NEXT")


def _signer(pdf: FPDF, x: float, width: float, signer: Signer, hint: str) -> float:
    if not signer.title:
        return pdf.get_y()
    _font(pdf, "B", 13)  # the signer's capacity: bold capitals, 13-14 pt (II.7.đ)
    _centred(pdf, x, width, signer.title, 6)
    _font(pdf, "I", 12)
    _centred(pdf, x, width, hint, 5.5)
    names = [name for name in signer.names if name] or [""]
    pdf.set_y(pdf.get_y() + (22 if len(names) == 1 else 14))
    _font(pdf, "B", 13)  # the full name: bold, 13-14 pt (II.7.đ)
    for name in names:
        _centred(pdf, x, width, name or "\u00a0", 6)
        if len(names) > 1:
            pdf.set_y(pdf.get_y() + 8)
    return pdf.get_y()


def _furniture(pdf: FPDF, minutes: Minutes, ranges: list[tuple[int, int]]) -> None:
    """On every page: its number within its document (at the top from the second
    page, as Appendix I, I.7 has it), the digest strip and, on a draft, the mark."""
    t = minutes.texts
    pdf.set_auto_page_break(False)
    seal = _seal(minutes)
    for first, last in ranges:
        for page in range(first, last + 1):
            pdf.page = page
            # fpdf2 skips a font change it thinks is made already; on a page
            # gone back to, it may not be: change it for certain.
            pdf.set_font("serif", "", 1)
            number, pages = page - first + 1, last - first + 1
            if number > 1:
                _font(pdf, "", 13)
                pdf.set_xy(LEFT, 10)
                pdf.cell(WIDTH, 6, str(number), align="C")
            _font(pdf, "", 8)
            pdf.set_xy(LEFT, 297 - BOTTOM + 2)
            strip = f"{t['digest']}: {minutes.digest} · " + t(
                "digest_hint", digest=minutes.digest
            )
            pdf.multi_cell(WIDTH, 3.6, strip, align="C", new_x="LEFT", new_y="NEXT")
            pdf.cell(WIDTH, 3.6, t("page", page=number, pages=pages), align="C")
            if seal is not None:
                # In the left margin beside the strip: the full digest, scannable.
                pdf.image(seal, x=LEFT - QR_SIZE - 2, y=297 - QR_SIZE - 4, w=QR_SIZE)
            if minutes.draft:
                _draft_mark(pdf, t["draft_mark"])


def _seal(minutes: Minutes) -> io.BytesIO | None:
    if not minutes.seal:
        return None
    from .qr import qr_png

    return io.BytesIO(qr_png(minutes.seal))


def _draft_mark(pdf: FPDF, word: str) -> None:
    _font(pdf, "B", 13)
    width = pdf.get_string_width(word) + 6
    pdf.set_xy(A4_WIDTH - RIGHT - width, 9)
    pdf.cell(width, 7, word, border=1, align="C")
    _font(pdf, "B", 90)
    with (
        pdf.local_context(fill_opacity=0.12, text_color=(120, 120, 120)),
        pdf.rotation(angle=45, x=A4_WIDTH / 2, y=297 / 2),
    ):
        text_width = pdf.get_string_width(word)
        pdf.text(A4_WIDTH / 2 - text_width / 2, 297 / 2 + 10, word)
