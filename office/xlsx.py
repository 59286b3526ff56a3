"""Tables to Excel as people expect them: a frozen header that wraps and is tall
enough, widths that fit Vietnamese text, numbers stored as numbers in a format,
Yes/No (Có/Không) in the reader's language, borders, and a sheet that prints on
A4, fitted to the width, with its header rows on every page."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .i18n import Lang, Texts

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a name
SHEET_NAME_LENGTH = 31  # Excel's limit
WIDEST = 50  # a wider column wraps its text instead
LINE_HEIGHT = 15  # points, of a line of 11-point text
HEADER_FILL = "D9D9D9"
TO_FILL = "FFF2CC"  # the pale yellow of a cell the reader is to fill in
LANDSCAPE_FROM = 100  # total width (in characters) that no longer fits portrait


def cell_value(value: Any, lang: Lang = "en") -> Any:
    """What a cell should hold: numbers as numbers, lists as text, yes or no in
    the reader's language."""
    if isinstance(value, bool):
        return Texts(lang, "messages")["cell_yes" if value else "cell_no"]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str) and NUMBER.match(value):
        return cell_value(Decimal(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


def sheet_name(title: str) -> str:
    """A title as a sheet's name: Excel's forbidden characters replaced, cut at a
    word within its 31 characters, without a dangling bracket or comma."""
    name = SHEET_NAME_FORBIDDEN.sub("-", title).strip().strip("'")
    if len(name) <= SHEET_NAME_LENGTH:
        return name or "Sheet"
    cut = name[: SHEET_NAME_LENGTH + 1].rsplit(" ", 1)[0]
    if len(cut) > SHEET_NAME_LENGTH:
        cut = cut[:SHEET_NAME_LENGTH]  # one long word: cut it where it must be
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rindex("(")]
    return cut.rstrip(" ,;–-(").strip("'") or name[:SHEET_NAME_LENGTH]


def text_width(text: str) -> float:
    """How wide a text is in Excel's unit (the width of a digit): capitals and
    Vietnamese capitals with their marks are wider than small letters."""
    return sum(1.3 if c.isupper() else 0.6 if c in " .,;:'()" else 1.0 for c in text)


def lines(text: str, width: float) -> int:
    """How many lines a text wraps to in a column of that width, word by word."""
    count = 0
    for paragraph in str(text).splitlines() or [""]:
        count += 1
        used = 0.0
        for word in paragraph.split():
            needed = text_width(word) + (0.6 if used else 0.0)
            if used and used + needed > width:
                count += 1
                used = text_width(word)
            else:
                used += needed
    return count


def column_width(header: str, values: Sequence[Any]) -> float:
    """Wide enough for the longest value (up to WIDEST) and the header's longest
    word; the header wraps over lines below it."""
    return width_for(header, [text_width(str(v)) for v in values if v is not None])


def width_for(header: str, widths: Sequence[float]) -> float:
    """A column's width from its values' text widths and its header."""
    longest = max([*widths, 4.0])
    words = max([text_width(w) for w in header.split()] + [4.0])
    return round(min(max(longest, words * 1.1, header_width(header)) + 2, WIDEST), 1)


def header_width(header: str) -> float:
    # A header may wrap onto two lines, but not onto more.
    return text_width(header) / 2


def style_header(sheet: Worksheet, row: int, widths: Sequence[float]) -> None:
    """The column headers: bold, shaded, wrapped, bordered, and tall enough."""
    from openpyxl.styles import Alignment, Font, PatternFill

    tallest = 1
    for n, width in enumerate(widths, start=1):
        cell = sheet.cell(row=row, column=n)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(
            wrap_text=True, vertical="center", horizontal="center"
        )
        cell.border = thin_border()
        tallest = max(tallest, lines(str(cell.value or ""), width - 1))
    sheet.row_dimensions[row].height = tallest * LINE_HEIGHT + 6


def style_body(
    sheet: Worksheet, first: int, last: int, widths: Sequence[float]
) -> None:
    """Borders round every cell of the rows; long text wraps, its row grows."""
    from openpyxl.styles import Alignment

    for row in range(first, last + 1):
        tallest = 1
        for n, width in enumerate(widths, start=1):
            cell = sheet.cell(row=row, column=n)
            cell.border = thin_border()
            wraps = isinstance(cell.value, str) and text_width(cell.value) > width - 1
            cell.alignment = Alignment(wrap_text=wraps, vertical="center")
            if wraps:
                tallest = max(tallest, lines(str(cell.value), width - 1))
        if tallest > 1:
            sheet.row_dimensions[row].height = tallest * LINE_HEIGHT


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width


def print_setup(
    sheet: Worksheet, title: str, header_row: int, widths: Sequence[float], lang: Lang
) -> None:
    """A4, fitted to the page's width, landscape when wide, the header row on every
    page, the title at the top of each page and the page number at its foot."""
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet

    # The class's constant: a write-only sheet (table_xlsx.py) does not copy it.
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = (
        "landscape" if sum(widths) > LANDSCAPE_FROM else "portrait"
    )
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None  # a new sheet has both
    assert footer is not None
    # "&" starts a code in a page header ("&P" is the page number): doubled, one.
    header.center.text = title.replace("&", "&&")
    footer.center.text = Texts(lang, "messages")["print_page"]


def number_format(values: Sequence[Any]) -> str | None:
    """The format of a column of points, as cells hold them: as many decimals as
    its values have, so that 94 and 96.5 line up as 94.0 and 96.5. A column of
    whole numbers only (ranks, years) keeps Excel's own."""
    return format_of(max([decimals(value) for value in values] + [0]))


def decimals(value: Any) -> int:
    """The decimal places a cell's number shows (0 for anything but a float)."""
    if isinstance(value, float) and math.isfinite(value):
        exponent = Decimal(repr(value)).normalize().as_tuple().exponent
        if isinstance(exponent, int):
            return max(0, -exponent)
    return 0


def format_of(places: int) -> str | None:
    return "0." + "0" * places if places else None


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def thin_border() -> Any:
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color="808080")
    return Border(left=side, right=side, top=side, bottom=side)
