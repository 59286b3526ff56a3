"""The minutes' seal as a QR code: the cycle's full digest (`TMTH/2020@41:<64 hex>`),
which `thidua audit verify --digest` takes as it is, printed beside its short form.

A reader scans it rather than types 64 hex digits; segno encodes it (ISO/IEC 18004),
as SVG for the HTML and PNG for the PDF.
"""

from __future__ import annotations

import io
from typing import Any

# Error correction M (15%): a printed and scanned page keeps its code readable.
ERROR = "m"
BORDER = 2  # modules of quiet zone; the page's margin is white around it


def qr(text: str) -> Any:
    import segno

    return segno.make_qr(text, error=ERROR)


def qr_svg(text: str) -> str:
    """An inline <svg> element of the code, sized in millimetres for print."""
    return str(qr(text).svg_inline(scale=1, border=BORDER, unit="mm", omitsize=False))


def qr_png(text: str, *, scale: int = 4) -> bytes:
    """The code as a PNG, `scale` pixels a module."""
    out = io.BytesIO()
    qr(text).save(out, kind="png", scale=scale, border=BORDER)
    return out.getvalue()


def qr_modules(text: str) -> list[list[bool]]:
    """The code's modules, dark as True, without the quiet zone: what a test reads
    back from a page."""
    return [[bool(dark) for dark in row] for row in qr(text).matrix]
