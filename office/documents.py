"""Minutes to HTML (a Jinja2 template, A4 print CSS) and to PDF (office/pdf.py);
both lay out the same papers (office/paper.py), so they say the same thing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .blocks import place_date
from .paper import papers
from .pdf import render_pdf

if TYPE_CHECKING:
    from .minutes import Minutes

__all__ = ["render_html", "render_pdf"]


def render_html(minutes: Minutes) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    from .qr import qr_svg

    environment = Environment(
        loader=PackageLoader("thidua.office", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    template = environment.get_template("minutes.html")
    seal = Markup(qr_svg(minutes.seal)) if minutes.seal else None
    return template.render(
        seal=seal,
        m=minutes,
        t=minutes.texts.table,
        papers=papers(minutes),
        place_date=place_date(minutes),
    )
