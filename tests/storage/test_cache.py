"""The streams a process keeps in memory between commands never drift from the store.

A command records on a draft of the kept stream, which replaces it once the store
has the events: a refused or beaten command leaves the kept stream as it was.
"""

from __future__ import annotations

from datetime import date

import pytest

from thidua.domain import commands as c
from thidua.domain.errors import AlreadySigned
from thidua.domain.ids import cycle_id
from thidua.domain.service.signing import SignatureRefused, Signer, generate
from thidua.domain.service.status import cycle_status
from thidua.store import build_app

from support import UNITS, Desk


def test_a_command_refused_after_it_changed_the_stream_leaves_no_trace(
    store_url: str,
) -> None:
    with build_app(store_url) as app:
        desk = Desk(app)
        desk.bloc()
        cycle = desk.open(2020)
        app.signer = Signer(generate()[0])  # a key registered to nobody
        with pytest.raises(SignatureRefused):
            desk.sign_all(cycle)  # refused at the save, after the stream changed
        app.signer = None
        desk.sign_all(cycle)
        kept = cycle_status(app.cycle("TMTH", 2020))
        version = app.cycle("TMTH", 2020).version

    with build_app(store_url) as fresh:
        assert cycle_status(fresh.cycle("TMTH", 2020)) == kept
        # The cycle, its covenants, and the move to scoring the last one records.
        assert fresh.cycle("TMTH", 2020).version == version == 1 + len(UNITS) + 1


def test_a_refused_command_leaves_the_kept_stream_as_it_was(store_url: str) -> None:
    with build_app(store_url) as app:
        desk = Desk(app)
        desk.bloc()
        cycle = desk.open(2020)
        desk.sign_all(cycle)
        assert app.repository.cache is not None
        kept = app.repository.cache.get(cycle_id("TMTH", 2020))
        state, version, commands = kept.state, kept.version, set(kept.commands)

        with pytest.raises(AlreadySigned):  # refused by the rules
            desk(c.SignCovenant, **cycle, unit="SNV", signatory="Phạm Thị Lan",
                 signed_on=date(2020, 1, 16))  # fmt: skip
        app.signer = Signer(generate()[0])
        with pytest.raises(SignatureRefused):  # refused at the save, once decided
            desk(c.SubmitScores, **cycle, unit="SNV", points={"A1": 25})

        assert app.repository.cache.get(cycle_id("TMTH", 2020)) is kept
        assert kept.state is state
        assert (kept.version, kept.commands) == (version, commands)
        assert kept.pending_events == []


def test_a_stream_another_process_appended_to_is_read_afresh(store_url: str) -> None:
    with build_app(store_url) as mine, build_app(store_url) as theirs:
        desk, other = Desk(mine), Desk(theirs)
        other.issued = 1000
        desk.bloc()
        cycle = desk.open(2020)
        units = list(UNITS.items())
        for turn, (unit, (_, signatory, _)) in enumerate(units):
            operator = desk if turn % 2 == 0 else other
            operator(
                c.SignCovenant,
                **cycle,
                unit=unit,
                signatory=signatory,
                signed_on=date(2020, 1, 16),
            )
        mine_now = cycle_status(mine.cycle("TMTH", 2020))

        assert mine_now == cycle_status(theirs.cycle("TMTH", 2020))
        assert sorted(mine.cycle("TMTH", 2020).signatures) == sorted(UNITS)


def test_a_command_the_kept_stream_would_refuse_is_judged_on_the_stored_one(
    store_url: str,
) -> None:
    with build_app(store_url) as mine, build_app(store_url) as theirs:
        desk, other = Desk(mine), Desk(theirs)
        other.issued = 1000
        desk.bloc()
        cycle = desk.to_review(2020)  # this process now keeps the cycle
        other(c.OpenVote, **cycle, motion="leading-unit")  # which it has not seen

        receipt = desk(c.CastVote, **cycle, motion="leading-unit", voter="SNV")

        assert receipt.events == ("VoteCast",)
        assert mine.cycle("TMTH", 2020).rounds["leading-unit"][-1].voters == ["SNV"]
