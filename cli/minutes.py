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
TIME = click.DateTime(["%H:%M"])


@click.command("minutes")
@cycle_argument
@click.option("--html", "html_path", type=FILE, help="Write the minutes as HTML here.")
@click.option("--pdf", "pdf_path", type=FILE, help="Write the minutes as PDF here.")
@click.option(
    "--place",
    help="The place name (địa danh) before the date [default: the bloc's setting,"
    " else the province].",
)
@click.option("--venue", default="", help="Where the meeting sat (địa điểm): a hall.")
@click.option(
    "--date",
    "held_on",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The meeting's day, YYYY-MM-DD [default: the day of its decisions].",
)
@click.option("--start", type=TIME, help="When the meeting began, HH:MM.")
@click.option("--end", type=TIME, help="When it ended, HH:MM.")
@click.option(
    "--chair",
    default="",
    help="Who chaired (chủ tọa) [default: the head unit's covenant signatory].",
)
@click.option("--secretary", default="", help="Who kept the minutes (thư ký).")
@click.option(
    "--tally",
    "tally_team",
    multiple=True,
    help="A member of the tally team (ban kiểm phiếu), the head first; repeat.",
)
@click.option("--number", default="", help="The minutes' registered number (số).")
@click.option("--tally-number", default="", help="The tally minutes' number.")
@click.option(
    "--draft",
    is_flag=True,
    help="Minutes of an unfinished review, every page marked DỰ THẢO (draft).",
)
@click.pass_obj
def minutes(
    obj: CliContext,
    *,
    cycle: CycleRef,
    html_path: Path | None,
    pdf_path: Path | None,
    place: str | None,
    venue: str,
    held_on: datetime | None,
    start: datetime | None,
    end: datetime | None,
    chair: str,
    secretary: str,
    tally_team: tuple[str, ...],
    number: str,
    tally_number: str,
    draft: bool,
) -> None:
    """The minutes of the review meeting (biên bản họp) and of the ballot count
    (biên bản kiểm phiếu) of a cycle, in the form of Decree 30/2020/NĐ-CP:
    attendance, ranking, assessors' changes, each vote against its quorum and
    threshold, the decisions, and signature blocks.

    The review must be finished (scoring closed, no vote open); before that only
    a --draft. Every page's footer carries the cycle stream's digest; `thidua
    audit verify --digest` checks it, as printed, against the store.

    \b
    Example:
      thidua --lang vi minutes TMTH/2020 --pdf bien-ban.pdf --chair "Lê Văn Hùng" \\
          --secretary "Đỗ Thị Mai" --tally "Vũ Đức Thắng" --start 08:00 --end 11:30
    """
    from thidua.office.documents import render_html, render_pdf
    from thidua.office.minutes import Meeting, minutes_of

    if html_path is None and pdf_path is None:
        raise click.UsageError("name a file: --html FILE, --pdf FILE, or both")
    meeting = Meeting(
        held_on=held_on.date() if held_on else None,
        place=place,
        venue=venue,
        start=start.time() if start else None,
        end=end.time() if end else None,
        chair=chair,
        secretary=secretary,
        tally_team=tally_team,
        number=number,
        tally_number=tally_number,
        draft=draft,
    )
    outputs = 1 + (html_path is not None) + (pdf_path is not None)
    with progress(obj, obj.text("progress_minutes"), outputs) as step:
        document = minutes_of(
            obj.app,
            obj.read_models,
            cycle.bloc,
            cycle.year,
            lang=obj.lang,
            meeting=meeting,
        )
        step()
        if html_path is not None:
            html_path.write_text(render_html(document), encoding="utf-8")
            obj.say(obj.text("wrote", path=html_path))
            step()
        if pdf_path is not None:
            pages = render_pdf(document, pdf_path)
            obj.say(obj.text("wrote_pdf", path=pdf_path, pages=pages))
            step()
    obj.say(obj.text("digest_line", digest=document.digest))
