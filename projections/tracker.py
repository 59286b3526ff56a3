"""The dossier tracker (theo dõi hồ sơ): what each dossier waits on, whom, since
when, and how many working days of the rules' deadline are left.

Read from the dossiers' own states; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thidua.domain.commendation.dossier_state import DossierState

# Whom a dossier waits on in each state, and the step whose deadline runs.
WAITING: dict[str, tuple[str, Any]] = {
    "draft": ("proposer", None),
    "submitted": ("board", "receive"),
    "resubmitted": ("board", "receive"),
    "received": ("board", "appraise"),
    "returned": ("proposer", "resubmit"),
    "appraised": ("council", None),
    "council": ("chair", "decide"),
    "decided": ("", None),
    "withdrawn": ("", None),
}


def tracker(states: Iterable[DossierState], today: date) -> list[dict[str, Any]]:
    """One row per dossier: its state, who acts next, since when, how late."""
    from thidua.domain.commendation.calendar import (
        add_working_days,
        working_days_between,
    )

    rows = []
    for state in states:
        waits_on, step = WAITING[state.status]
        since = state.since or today
        holidays = state.rules.holidays
        limit = state.rules.deadline(step) if step else None
        due = add_working_days(since, limit, holidays) if limit else None
        rows.append(
            {
                "dossier": state.code,
                "proposer": state.proposer,
                "items": ", ".join(
                    f"{i.bloc}/{i.year} {i.proposal} {i.award}" for i in state.items
                ),
                "status": state.status,
                "since": since.isoformat(),
                "waits_on": waits_on,
                "working_days": working_days_between(since, today, holidays),
                "due": due.isoformat() if due else "",
                "late": bool(due and today > due),
            }
        )
    return sorted(rows, key=lambda r: r["dossier"])
