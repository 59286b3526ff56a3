"""The yearly statistics of commendation a province reports to the Ministry of
Home Affairs: form 0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV (provincial-level
awards, by kind of recipient), counted from the read model of the decisions'
lines in force (projections/decisions.py).

Which award goes in which column is the rules' data (report_columns); the form's
rows and columns as reproduced by lifephongphanmem/thiduakhenthuong
(resources/views/BaoCao/TT022023/Mau0603.blade.php): Medium confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .cycles import BLOCS
from .decisions import DECISION_LINES

if TYPE_CHECKING:
    from thidua.domain.auditor.checkpoint import Checkpoint

    from .read_models import ReadModels

FORM = "0603.N/BNV-TĐKT"
COLUMNS = ("merit", "fighter", "flag", "badge")
# (code, key, unit of count): the form's rows in its order, its column C (đơn vị
# tính) beside each; the total row and the rows by manner have none.
ROWS = (
    ("01", "total", ""),
    ("02", "collective", "collective"),
    ("03", "enterprise", "enterprise"),
    ("04", "household", "household"),
    ("05", "individual", "person"),
    ("06", "leader-province", "person"),
    ("07", "leader-department", "person"),
    ("08", "entrepreneur", "person"),
    ("09", "leader-other", "person"),
    ("10", "worker", "person"),
    ("11", "regular", ""),
    ("12", "thematic", ""),
    ("13", "sudden", ""),
    ("14", "foreign", ""),
    ("15", "devotion", ""),
    ("16", "seniority", ""),
    ("17", "resistance", ""),
)
# Rows printed blank: the store keeps no fact that would count them (whether a
# collective is an enterprise; the rank of a person's post), docs/commendation.md.
BLANK = frozenset(
    {"enterprise", *(key for code, key, _ in ROWS if "06" <= code <= "10")}
)
# What the auditor's count reads: the blocs' provinces and the decisions.
REPORT_EVENTS = ("BlocCreated", "DecisionIssued", "LineRevoked", "DecisionRevoked")


def form_0603(
    lines: Iterable[tuple[Mapping[str, Any], str | None]],
) -> list[dict[str, Any]]:
    """The form's rows from (line, column) pairs of the decisions in force: a
    column of None is an award the form does not count. Every line rewards a
    proposal of a bloc's yearly cycle, a yearly review: it counts by manner as
    regular (row 11), and no line is a household's (row 04)."""
    counts = {key: dict.fromkeys(COLUMNS, 0) for _, key, _ in ROWS}
    amounts = dict.fromkeys(counts, 0)
    for line, column in lines:
        if column is None:
            continue
        for key in ("total", line["recipient"]["kind"], "regular"):
            counts[key][column] += 1
            amounts[key] += int(line["amount"])
    return [
        {"code": code, "row": key, "measure": measure}
        | (
            dict.fromkeys(("count", *COLUMNS, "amount"))
            if key in BLANK
            else {
                "count": sum(counts[key].values()),
                **counts[key],
                "amount": amounts[key],
            }
        )
        for code, key, measure in ROWS
    ]


def report_lines(
    views: ReadModels, province: str, year: int
) -> list[tuple[dict[str, Any], str | None]]:
    """The lines in force of the decisions made in the year for the province's
    blocs, each with its column under its decision's rules, from the read models
    (decision_lines, and blocs for the provinces)."""
    blocs = {
        row["bloc"] for row in views._select(BLOCS, "province = ?", (province,), "bloc")
    }
    lines = views._select(
        DECISION_LINES,
        "decided_year = ? AND status = 'in force'",
        (year,),
        "decided_on, decision, line",
    )
    return [
        (
            {"recipient": {"kind": row["recipient_kind"]}, "amount": row["amount"]},
            row["report_column"],
        )
        for row in lines
        if row["bloc"] in blocs
    ]


def checked_form(
    app: Any, views: ReadModels, province: str, year: int, now: datetime
) -> tuple[list[dict[str, Any]], Checkpoint]:
    """The form, the checkpoint of the log it counts to, and the auditor's own
    count of the same from the stored rows up to that checkpoint: a form the
    auditor counts otherwise is refused, never printed."""
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.auditor.log_tree import LogTree
    from thidua.domain.auditor.rederive_report import rederive_report
    from thidua.domain.errors import VerificationFailed
    from thidua.domain.topics import EVENTS

    auditor = Auditor(app)
    for _ in range(5):  # a form and a checkpoint of the same log, if it grew
        last = app.recorder.max_notification_id() or 0
        rows = form_0603(report_lines(views, province, year))
        checkpoint, _ = LogTree(auditor).checkpoint(now)
        if checkpoint.position <= last:
            break
    topics = [EVENTS[name] for name in REPORT_EVENTS]
    stored = auditor.rows(upto=checkpoint.position, topics=topics)
    audited = rederive_report(stored, province, year)
    for row in rows:
        if row["row"] in BLANK:
            continue
        counted = {column: row[column] for column in COLUMNS if row[column]}
        if counted != audited.get(row["row"], {}):
            raise VerificationFailed(
                "form {form} row {code}: the engine counts {counted}, the auditor "
                "{audited} from the stored decisions",
                form=FORM,
                code=row["code"],
                counted=_said(counted),
                audited=_said(audited.get(row["row"], {})),
            )
    return rows, checkpoint


def _said(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{column} {n}" for column, n in sorted(counts.items())) or "0"
