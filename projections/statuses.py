"""The status pages: what `bloc show`, `bloc list` and `cycle status` print, per stream.

A status page sums up a whole stream (ranks, totals, tallies, what each vote needed),
and the write side already says how: the page is the domain's own `bloc_status` or
`cycle_status` of the stream folded through its aggregate. That fold runs here, when
a catch-up has events to apply; a reader then reads one row and needs nothing of the
engine, so the query starts as fast as `--help`.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, StreamProjection, Table
from .source import TOPICS, Change

STREAM = Column("stream", "text", "the event stream: its UUID as 32 hex digits")
BLOC = Column("bloc", "text", "bloc code, e.g. TMTH")
DOCUMENT = Column(
    "document",
    "json",
    "the status as `--format json` prints it (a JSON object)",
)

BLOC_STATUS = Table(
    "bloc_status",
    "A bloc's status page (`bloc show`), one row each.",
    (
        STREAM,
        BLOC,
        Column("kind", "text", "khoi (bloc) or cum (cluster)"),
        Column("created", "integer", "log position of the bloc's first event"),
        Column("members", "integer", "member units now (`bloc list`)"),
        Column(
            "document",
            "json",
            "the bloc and every membership, as `bloc show --format json` prints"
            " them without `cycles`",
        ),
    ),
    ("stream",),
)
CYCLE_STATUS = Table(
    "cycle_status",
    "A cycle's status page (`cycle status`), one row each.",
    (
        STREAM,
        BLOC,
        Column("year", "integer", "the cycle's year"),
        DOCUMENT,
    ),
    ("stream",),
)
# The fields of a unit on a cycle's page, as `cycle status --format csv` gives them.
UNIT_FIELDS = (
    "unit",
    "name",
    "lead",
    "signatory",
    "signed_on",
    "scored",
    "assessed",
    "bonus",
    "penalty",
    "total",
    "missing",
    "rank",
    "changes",
)


def domain_event(change: Change) -> Any:
    """The stored document as the domain's event again (validated as recorded)."""
    from eventsourcing.utils import resolve_topic

    from thidua.domain.types import STORED

    event_class = resolve_topic(TOPICS[change.kind])
    state = {
        **change.data,
        "originator_id": UUID(change.stream),
        "originator_version": change.version,
    }
    return event_class.model_validate(state, context={STORED: True})


def _apply(change: Change, stream: Any) -> Any:
    """The stream with one more event, folded as the engine folds it; rows written
    past the engine that do not fold are refused as the engine refuses them."""
    from thidua.domain.bloc import Bloc
    from thidua.domain.cycle import Cycle
    from thidua.domain.service.loading import UNFOLDABLE, unreadable_stream

    try:
        return domain_event(change).mutate(stream)
    except UNFOLDABLE as error:
        named = change.stream  # a first event that does not fold names no stream
        if isinstance(stream, Cycle):
            named = f"cycle {stream.state.ref}"
        elif isinstance(stream, Bloc):
            named = f"bloc {stream.state.code}"
        raise unreadable_stream(named, error) from None


class Statuses(StreamProjection):
    name = "statuses"
    title = "status pages of blocs and cycles (trang tình hình)"
    tables = (BLOC_STATUS, CYCLE_STATUS)
    starts = frozenset({"BlocCreated", "CycleOpened"})
    # A cycle's aggregate is 120-330 KB in memory (a summary of other read models'
    # is 20-30 KB): keeping 250 bounds them near 80 MB, at the price of folding
    # again the history of a stream touched after it was dropped.
    holds = 250
    # Every event of the two kinds of stream: a page counts the cycle's events.
    kinds = frozenset(TOPICS) - frozenset({*STREAMS["registry"], *STREAMS["decision"]})
    ignores = frozenset(
        {
            *STREAMS["keyring"],
            *STREAMS["authority"],
            *STREAMS["registry"],
            *COMMENDATION,
        }
    )

    def start(self, change: Change) -> dict[str, Any]:
        return {"stream": _apply(change, None), "created": change.position}

    def fold(self, state: dict[str, Any], change: Change) -> None:
        state["stream"] = _apply(change, state["stream"])

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        from thidua.domain.bloc import Bloc
        from thidua.domain.service.status import bloc_status, cycle_status

        found = state["stream"]
        if isinstance(found, Bloc):
            bloc = found.state
            page = bloc_status(bloc, [])
            del page["cycles"]  # the cycles read model knows them
            members = len([m for m in bloc.memberships if m.left is None])
            row = (stream, bloc.code, bloc.kind, state["created"], members)
            return {"bloc_status": [(*row, _json(page))]}
        cycle = found.state
        page = cycle_status(cycle)
        return {"cycle_status": [(stream, cycle.bloc, cycle.year, _json(page))]}


def _json(page: dict[str, Any]) -> str:
    return json.dumps(page, ensure_ascii=False, separators=(",", ":"))
