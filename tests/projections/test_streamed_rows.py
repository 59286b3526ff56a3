"""A streamed query gives the rows its listing gives, read a batch at a time, and
may be read again or left half read without harm to what is asked next."""

from __future__ import annotations

from itertools import islice

import pytest

from thidua.domain.errors import MalformedInput
from thidua.projections import db
from thidua.projections.read_models import ReadModels


def test_the_streamed_registry_is_the_listed_registry(
    views: ReadModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "STREAM_BATCH", 2)  # several batches on the demo

    assert list(views.award_rows()) == views.awards()
    assert list(views.award_rows(bloc="TMTH", status="granted")) == views.awards(
        bloc="TMTH", status="granted"
    )


def test_a_streamed_query_read_twice_gives_the_same_rows_twice(
    views: ReadModels,
) -> None:
    rows = views.award_rows(year_from=2020)

    assert list(rows) == list(rows) != []


def test_a_stream_left_half_read_leaves_the_read_models_answering(
    views: ReadModels,
) -> None:
    stream = iter(views.award_rows())
    first = list(islice(stream, 1))
    del stream  # the reader stopped (a closed pipe, an interrupted export)

    assert first == views.awards()[:1]
    assert views.standings("TMTH", 2020)


def test_a_streamed_query_refuses_an_unknown_filter_before_any_row(
    views: ReadModels,
) -> None:
    with pytest.raises(MalformedInput, match="no award record names the unit"):
        views.award_rows(unit="NOWHERE")
