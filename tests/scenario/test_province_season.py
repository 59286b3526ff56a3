"""A province's season told end to end, on each store (the in-memory one by default,
SQLite and PostgreSQL with the slow programs): three blocs propose their leaders
for the Flag; the dossiers go to the board, one is returned and resubmitted; the
proposals are published; the council cuts one and lowers another; one decision
grants the rest with their rewards; the certificates are printed; form 0603 counts
them; the auditor re-derives every step, and catches a forged tally or line."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from pypdf import PdfReader
from season import decide, season

from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.rederive_commendation import rederive_commendation
from thidua.domain.service import commendation as service
from thidua.domain.service.application import Thidua
from thidua.office.decision import certificates_pdf
from thidua.projections.read_models import ReadModels
from thidua.projections.statistics import checked_form

from support import Desk

PRINTED = datetime(2021, 3, 3, 9, tzinfo=UTC)


def test_a_province_s_season_from_the_blocs_to_the_statistics(
    app: Thidua, desk: Desk, store_url: str
) -> None:
    # Three blocs propose; HS2 is returned for its report, and resubmitted.
    season(desk)
    returned = service.dossier(app, "HS2").state
    assert returned.returns == ("Thiếu báo cáo thành tích có xác nhận",)
    assert [d.kind for d in returned.documents][-1] == "report"

    # The council passed HS1, cut HS2 and lowered HS3 to the Chair's Bằng khen.
    results = service.session(app, "HD2021-1").state.results
    assert [(d, r) for d, _, r, _ in results] == [
        ("HS1", "passed"),
        ("HS2", "cut"),
        ("HS3", "lowered"),
    ]

    # One decision grants the rest with their rewards, and declines the cut one.
    decide(desk)
    lines = service.decision(app, "512/QĐ-UBND").state.lines
    assert [(x.bloc, x.award, x.amount) for x in lines] == [
        ("TMTH", "provincial-flag", 11_920_000),
        ("KTTH", "provincial-merit", 2_980_000),
    ]
    assert app.cycle("TMTH", 2020).awards["A1"].award == "provincial-flag"
    assert app.cycle("KTTH", 2020).awards["A1"].award == "provincial-merit"
    assert app.cycle("VHXH", 2020).proposals["P1"].status == "declined"

    # A certificate a line.
    state = service.decision(app, "512/QĐ-UBND").state
    rows = [
        {"recipient": x.recipient.label(), "award": x.award, "in_force": True}
        for x in state.lines
    ]
    pdf = certificates_pdf(state, rows, "log@1:" + "0" * 64, "vi", {})
    assert len(PdfReader(_file(pdf)).pages) == 2

    # Form 0603 counts them, to a checkpoint, as the auditor does.
    form, checkpoint = checked_form(app, ReadModels(app), "Lào Cai", 2021, PRINTED)
    counted = {r["row"]: (r["count"], r["flag"], r["merit"]) for r in form}
    assert counted["total"] == counted["collective"] == (2, 1, 1)
    assert counted["individual"] == (0, 0, 0)
    assert counted["regular"] == (2, 1, 1)  # a bloc's yearly review
    assert checkpoint.position == app.recorder.max_notification_id()

    # audit verify re-derives every step.
    examination = Auditor(app).examine()
    assert examination.discrepancies == []
    assert all(not report.problems for report in examination.chains)


def test_a_forged_council_tally_is_caught(app: Thidua, desk: Desk) -> None:
    season(desk)
    decide(desk)

    def carried(document: dict[str, Any]) -> None:
        document.update(result="passed", award="provincial-flag")
        document["tally"]["counts"][0].update(yes=7, no=0)

    found = rederive_commendation(_forged(app, "ItemDecided", "HS2", carried))

    assert ("council", "ItemDecided") in [(f.check, f.event) for f in found]


def test_a_decision_line_forged_in_the_store_is_caught(
    app: Thidua, desk: Desk, store_url: str
) -> None:
    season(desk)
    decide(desk)

    if store_url == "memory:":

        def richer(document: dict[str, Any]) -> None:
            document["lines"][1]["amount"] = 29_800_000

        found = rederive_commendation(_forged(app, "DecisionIssued", "", richer))
        assert [(f.check, f.event) for f in found] == [("decision", "DecisionIssued")]
        return
    from insider import Insider

    insider = Insider(store_url)
    insider.drop_triggers()
    insider.replace_text('"amount":2980000', '"amount":29800000')
    insider.connection.close()

    findings = Auditor(app).examine().discrepancies

    assert ("decision", "DecisionIssued") in [(f.check, f.event) for _, f in findings]


def _forged(app: Thidua, event: str, dossier: str, change: Any) -> list[Any]:
    """The stored rows, the first `event` (of `dossier`, if given) changed."""
    rows = list(Auditor(app).rows())
    at = next(
        n
        for n, row in enumerate(rows)
        if row.event == event and dossier in ("", row.document.get("dossier"))
    )
    document = json.loads(json.dumps(rows[at].document))
    change(document)
    rows[at] = replace(rows[at], document=document)
    return rows


def _file(data: bytes) -> Any:
    import io

    return io.BytesIO(data)
