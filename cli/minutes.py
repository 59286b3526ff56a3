"""`thidua minutes`: the meeting and tally minutes of a cycle, as HTML and PDF."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from .context import CliContext
from .files import OutputFile
from .options import CycleRef, cycle_argument
from .render import progress

FILE = OutputFile()


@click.command("minutes")
@cycle_argument
@click.option("--html", "html_path", type=FILE, help="Write the minutes as HTML here.")
@click.option("--pdf", "pdf_path", type=FILE, help="Write the minutes as PDF here.")
@click.option("--place", help="Where the meeting was held [default: the province].")
@click.option(
    "--date",
    "held_on",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The meeting's day, YYYY-MM-DD [default: the day of its decisions].",
)
@click.option("--chair", default="", help="Who chaired (chủ trì): signs on the right.")
@click.option("--secretary", default="", help="Who kept the minutes (thư ký).")
@click.pass_obj
def minutes(
    obj: CliContext,
    *,
    cycle: CycleRef,
    html_path: Path | None,
    pdf_path: Path | None,
    place: str | None,
    held_on: datetime | None,
    chair: str,
    secretary: str,
) -> None:
    """The minutes of the review meeting (biên bản họp) and of the ballot count
    (biên bản kiểm phiếu) of a cycle: attendance, ranking, each vote against its
    quorum and threshold, the decisions, and signature blocks.

    Every page's footer carries the cycle stream's digest; `thidua audit verify
    --digest` checks it, as printed, against the store.

    \b
    Example:
      thidua --lang vi minutes TMTH/2020 --pdf bien-ban.pdf --chair "Lê Văn Hùng"
    """
    from thidua.office.documents import render_html, render_pdf
    from thidua.office.minutes import minutes_of

    if html_path is None and pdf_path is None:
        raise click.UsageError("name a file: --html FILE, --pdf FILE, or both")
    with progress(obj, "Writing the minutes (biên bản)") as step:
        document = minutes_of(
            obj.app,
            obj.read_models,
            cycle.bloc,
            cycle.year,
            lang=obj.lang,
            place=place,
            held_on=held_on.date() if isinstance(held_on, datetime) else None,
            chair=chair,
            secretary=secretary,
        )
        step()
        if html_path is not None:
            html_path.write_text(render_html(document), encoding="utf-8")
            obj.say(obj.text("wrote", path=html_path))
            step()
        if pdf_path is not None:
            pages = render_pdf(document, pdf_path)
            obj.say(obj.text("wrote_pdf", path=pdf_path, pages=pages))
    obj.say(obj.text("digest_line", digest=document.digest))
