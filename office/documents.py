"""Minutes to HTML (a Jinja2 template) and to PDF (fpdf2, in Source Serif Pro,
whose regular and bold faces carry every Vietnamese letter)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

    from .minutes import Minutes

A4_WIDTH = 210
MARGIN = 20


def render_html(minutes: Minutes) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("thidua.office", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    template = environment.get_template("minutes.html")
    return template.render(m=minutes, t=minutes.texts.table)


def _fonts() -> tuple[str, str]:
    import font_source_serif_pro

    folder = Path(font_source_serif_pro.__file__).parent / "files"
    return (
        str(folder / "SourceSerifPro-Regular.ttf"),
        str(folder / "SourceSerifPro-Bold.ttf"),
    )


def render_pdf(minutes: Minutes, path: Path) -> int:
    """Write both documents to one PDF; returns the number of pages."""
    from fpdf import FPDF

    t = minutes.texts
    regular, bold = _fonts()

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-18)
            self.set_font("serif", size=8)
            self.multi_cell(
                0,
                4,
                f"{t['digest']}: {minutes.digest} · "
                + t("digest_hint", digest=minutes.digest),
                align="C",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            self.cell(0, 4, t("page", page=self.page_no(), pages="{nb}"), align="C")

    pdf = Document(format="A4")
    pdf.set_margins(MARGIN, 15, MARGIN)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_font("serif", "", regular)
    pdf.add_font("serif", "B", bold)
    pdf.set_title(f"{t['meeting_title']} – {minutes.bloc_name} {minutes.year}")
    for kind in ("meeting", "tally"):
        pdf.add_page()
        _header(pdf, minutes)
        if kind == "meeting":
            _meeting(pdf, minutes)
        else:
            _title(pdf, t["tally_title"], t("tally_subject", year=minutes.year))
            _votes(pdf, minutes)
        _closing(pdf, minutes, kind)
    pdf.output(str(path))
    return pdf.page_no()


def _header(pdf: FPDF, minutes: Minutes) -> None:
    t = minutes.texts
    half = (A4_WIDTH - 2 * MARGIN) / 2
    top = pdf.get_y()
    pdf.set_font("serif", "B", 11)
    superior = t("bloc_prefix", province=minutes.province.upper())
    pdf.multi_cell(
        half,
        5,
        f"{superior}\n{minutes.bloc_name.upper()}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    left_bottom = pdf.get_y()
    pdf.set_xy(MARGIN + half, top)
    pdf.multi_cell(half, 5, t["motto_1"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(MARGIN + half)
    pdf.set_font("serif", "B", 12)
    pdf.multi_cell(half, 6, t["motto_2"], align="C", new_x="LMARGIN", new_y="NEXT")
    line_y = pdf.get_y()
    width = pdf.get_string_width(t["motto_2"])
    centre = MARGIN + half + half / 2
    pdf.line(centre - width / 2, line_y, centre + width / 2, line_y)
    pdf.set_y(max(left_bottom, line_y) + 4)
    pdf.set_font("serif", size=12)
    pdf.cell(0, 6, minutes.place_date(), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _title(pdf: FPDF, title: str, subject: str) -> None:
    pdf.set_font("serif", "B", 14)
    pdf.cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "B", 12)
    pdf.multi_cell(0, 6, subject, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("serif", size=12)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("serif", "B", 12)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", size=12)


def _table(
    pdf: FPDF, header: list[str], rows: list[list[str]], widths: tuple[int, ...]
) -> None:
    pdf.set_font("serif", size=10)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5.5) as table:
        head = table.row()
        for text in header:
            head.cell(text)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(str(value))
    pdf.set_font("serif", size=12)


def _meeting(pdf: FPDF, minutes: Minutes) -> None:
    t = minutes.texts
    _title(pdf, t["meeting_title"], t("meeting_subject", year=minutes.year))
    pdf.multi_cell(0, 6, minutes.opening(), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, f"1. {t['attendance']}")
    line = t("attendance_line", present=len(minutes.present), members=minutes.members)
    pdf.multi_cell(
        0, 6, f"{line} {', '.join(minutes.present)}.", new_x="LMARGIN", new_y="NEXT"
    )
    if minutes.chair or minutes.secretary:
        pdf.multi_cell(
            0,
            6,
            t("chair_line", chair=minutes.chair, secretary=minutes.secretary),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    _heading(pdf, f"2. {t['ranking']}")
    keys = [
        "rank",
        "unit",
        "self_points",
        "assessed_points",
        "bonus",
        "penalty",
        "total",
    ]
    _table(
        pdf,
        [t[k] for k in keys],
        [[str(row[k]) for k in keys] for row in minutes.ranking],
        (10, 55, 18, 18, 18, 18, 18),
    )
    _heading(pdf, f"3. {t['votes']}")
    _votes(pdf, minutes)
    _heading(pdf, f"4. {t['decisions']}")
    if minutes.decisions:
        keys = ["award", "recipient", "status", "decision"]
        _table(
            pdf,
            [t[k] for k in keys],
            [[row[k] for k in keys] for row in minutes.decisions],
            (40, 60, 25, 45),
        )
    else:
        pdf.multi_cell(0, 6, t["no_decisions"], new_x="LMARGIN", new_y="NEXT")


def _votes(pdf: FPDF, minutes: Minutes) -> None:
    t = minutes.texts
    if not minutes.votes:
        pdf.multi_cell(0, 6, t["no_votes"], new_x="LMARGIN", new_y="NEXT")
    for vote in minutes.votes:
        pdf.set_font("serif", "B", 12)
        pdf.multi_cell(
            0,
            6,
            f"{vote['motion']} – {t['round']} {vote['round']}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("serif", size=12)
        pdf.multi_cell(
            0,
            6,
            f"{t['voted']}: {vote['voted']}; {t['quorum']}: {vote['quorum']};"
            f" {t['threshold']}: {vote['threshold']}; {t['needed']}: {vote['needed']};"
            f" {t['outcome']}: {vote['outcome']}.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        _table(
            pdf,
            [t["candidate"], t["votes_for"], t["share"]],
            [[c["candidate"], str(c["votes_for"]), c["share"]] for c in vote["counts"]],
            (100, 35, 35),
        )
        pdf.ln(2)


def _closing(pdf: FPDF, minutes: Minutes, kind: str) -> None:
    t = minutes.texts
    pdf.ln(2)
    pdf.multi_cell(0, 6, t["closing"], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if pdf.get_y() > 230:
        pdf.add_page()
    half = (A4_WIDTH - 2 * MARGIN) / 2
    left = t["secretary"] if kind == "meeting" else t["tally_team"].upper()
    right = t["chair"] if kind == "meeting" else t["tally_head"]
    top = pdf.get_y()
    for n, (title, name) in enumerate(
        ((left, minutes.secretary), (right, minutes.chair))
    ):
        pdf.set_xy(MARGIN + n * half, top)
        pdf.set_font("serif", "B", 12)
        pdf.cell(half, 6, title, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font("serif", size=10)
        pdf.cell(half, 5, t["sign_hint"], align="C", new_x="LEFT", new_y="NEXT")
        pdf.ln(18)
        pdf.set_x(MARGIN + n * half)
        pdf.set_font("serif", "B", 12)
        pdf.cell(half, 6, name, align="C")
