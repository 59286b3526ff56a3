"""A national synthetic dataset, recorded through the application service.

Provinces × blocs × member units × years: each bloc is created with its units, and
each year's cycle runs its whole course as a secretariat would run it: leads,
covenants, own scores on about 20 criteria, assessments, bonus and penalty points,
the close of scoring, a secret vote on the leading unit (a quarter of them without a
majority in the first round, decided in a second), an approval vote on three merit
units, proposals, Giấy khen to collectives and individuals, the close, the province's
decisions weeks later (one proposal in five declined) and, now and then, a
revocation. Every command goes through `Thidua`, so every rule of the domain is
checked on the way in. The peer (peer.py) takes the same commands.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from thidua.domain import commands as c
from thidua.domain.service.application import Thidua

from .spec import FIRST_YEAR, SIGNATORIES, Clock, Spec, rulebook


class Service(Protocol):
    """What the generator needs of an engine: thidua, or the peer (peer.py), each
    handling a command by its type, and its cycles."""

    def handle(self, command: Any) -> Any: ...

    def cycle(self, bloc: str, year: int) -> Any: ...


class Generator:
    """Issues the dataset's commands, bloc by bloc and cycle by cycle."""

    def __init__(self, app: Service, spec: Spec, seed: int = 2024) -> None:
        self.app = app
        self.spec = spec
        self.rules = rulebook(spec.criteria)
        self.rng = random.Random(seed)
        self.clock = Clock()
        self.commands = 0
        # Events each command recorded, in order: the write floor replays these.
        self.recorded: list[int] = []

    def issue(self, command_class: type[c.Command], **fields: Any) -> Any:
        command = command_class.model_validate({**self.clock.meta(), **fields})
        receipt = self.app.handle(command)
        self.commands += 1
        self.recorded.append(len(receipt.events))
        return receipt

    def blocs(self) -> Iterator[tuple[str, list[str]]]:
        for province in range(1, self.spec.provinces + 1):
            for number in range(1, self.spec.blocs + 1):
                code = f"P{province:02d}K{number:02d}"
                yield code, [f"{code}U{u:02d}" for u in range(1, self.spec.units + 1)]

    def create_blocs(self) -> None:
        for code, units in self.blocs():
            self.issue(
                c.CreateBloc,
                bloc=code,
                name=f"Khối thi đua số {code[-2:]}",
                province=f"Tỉnh {code[1:3]}",
            )
            for n, unit in enumerate(units, start=1):
                self.issue(
                    c.AddUnit,
                    bloc=code,
                    unit=unit,
                    name=f"Sở Nội vụ – đơn vị số {n}",
                    year=FIRST_YEAR,
                )

    def cycles(
        self, *, batch: bool = False, years: range | None = None
    ) -> Iterator[int]:
        """Run every cycle; yield after each year. `batch` records a cycle at a time."""
        for year in years or range(FIRST_YEAR, FIRST_YEAR + self.spec.years):
            for code, units in self.blocs():
                if batch:
                    assert isinstance(self.app, Thidua), "only thidua batches"
                    with self.app.batch():
                        self.cycle(code, year, units)
                else:
                    self.cycle(code, year, units)
            yield year

    def cycle(self, bloc: str, year: int, units: list[str]) -> None:
        ref = {"bloc": bloc, "year": year}
        rng = self.rng
        self.issue(c.OpenCycle, **ref, rulebook_text=self.rules)
        self.issue(c.AssignLeads, **ref, head=units[0], deputy=units[1])
        for unit in units:
            self.issue(
                c.SignCovenant,
                **ref,
                unit=unit,
                signatory=rng.choice(SIGNATORIES),
                signatory_title="Giám đốc",
                signed_on=date(year, 1, 15),
            )
        # Read without a copy: nothing else runs while the generator reads.
        criteria = self.app.cycle(bloc, year).rulebook.criteria
        for unit in units:
            points = {
                cr.code: Decimal(
                    rng.randint(int(cr.max_points) * 6, int(cr.max_points) * 10)
                )
                / 10
                for cr in criteria
            }
            self.issue(c.SubmitScores, **ref, unit=unit, points=points)
        for unit in rng.sample(units[2:], 2):
            first = criteria[0]
            self.issue(
                c.AssessScores,
                **ref,
                unit=unit,
                assessor="head",
                points={first.code: Decimal(first.max_points) / 2},
                notes={first.code: "Thiếu minh chứng"},
                reason="Thẩm định của Trưởng khối",
            )
        self.issue(
            c.AdjustScore,
            **ref,
            unit=rng.choice(units),
            rule="initiative",
            points=Decimal(2),
            reason="Sáng kiến được công nhận",
        )
        self.issue(
            c.AdjustScore,
            **ref,
            unit=rng.choice(units),
            rule="late-report",
            points=Decimal(1),
            reason="Báo cáo chậm",
        )
        self.issue(c.CloseScoring, **ref)
        ranking = [e.unit for e in self.app.cycle(bloc, year).ranking or ()]
        self._leading_unit_vote(ref, units, ranking)
        merit = ranking[1:4]
        self.issue(
            c.OpenVote,
            **ref,
            motion="merit",
            candidates=tuple(ranking[1:6]),
        )
        for unit in units:
            self.issue(c.CastVote, **ref, motion="merit", voter=unit)
        self.issue(
            c.CloseVote,
            **ref,
            motion="merit",
            ballots=[{"choices": merit}] * len(units),
        )
        self.issue(
            c.ProposeAward,
            **ref,
            award="provincial-flag",
            recipient={"kind": "collective", "unit": ranking[0]},
        )
        for unit in merit:
            self.issue(
                c.ProposeAward,
                **ref,
                award="provincial-merit",
                recipient={"kind": "collective", "unit": unit},
            )
        meeting = date(year + 1, 1, 20)
        decision = {
            "number": f"{rng.randint(1, 99):02d}/QĐ-{bloc}",
            "decided_on": meeting,
            "authority": "Giám đốc Sở Nội vụ",
        }
        for unit in ranking[4:7]:
            self.issue(
                c.GrantAward,
                **ref,
                award="commendation",
                recipient={"kind": "collective", "unit": unit},
                decision=decision,
            )
        for unit in rng.sample(units, 2):
            person = {"kind": "individual", "unit": unit, "name": "Đặng Thị Hương"}
            self.issue(
                c.GrantAward,
                **ref,
                award="commendation",
                recipient=person,
                decision=decision,
            )
        self.issue(c.CloseCycle, **ref)
        chair = {
            "number": f"{rng.randint(100, 999)}/QĐ-UBND",
            "decided_on": date(year + 1, 3, 2),
        }
        for number in range(1, 5):
            if number > 1 and rng.random() < 0.2:
                self.issue(
                    c.DeclineProposal,
                    **ref,
                    proposal=f"P{number}",
                    decision=chair,
                    reason="Chưa đủ điều kiện",
                )
            else:
                self.issue(
                    c.GrantAward,
                    **ref,
                    proposal=f"P{number}",
                    decision=chair,
                )
        if rng.random() < 0.1:
            revoked = {
                "number": f"{rng.randint(1, 99)}/QĐ-UBND",
                "decided_on": date(year + 1, 9, 1),
            }
            self.issue(
                c.RevokeAward,
                **ref,
                award_id="A1",
                decision=revoked,
                reason="Phát hiện sai phạm sau khi khen thưởng",
            )

    def _leading_unit_vote(
        self, ref: dict[str, Any], units: list[str], ranking: list[str]
    ) -> None:
        rounds = 2 if self.rng.random() < 0.25 else 1
        # The first round opens on the operator's command; a round that elects
        # nobody opens the next itself, with the leaders as candidates.
        self.issue(c.OpenVote, **ref, motion="leading-unit")
        for round_ in range(1, rounds + 1):
            for unit in units:
                self.issue(c.CastVote, **ref, motion="leading-unit", voter=unit)
            if (
                round_ < rounds
            ):  # votes spread over the top three: nobody has a majority
                ballots = [{"choices": [ranking[n % 3]]} for n in range(len(units))]
            else:
                ballots = [{"choices": [ranking[0]]}] * len(units)
            self.issue(c.CloseVote, **ref, motion="leading-unit", ballots=ballots)
