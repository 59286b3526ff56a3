"""A command finds its use case by its type: every kind of command has one, and the
application calls none by name."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import pytest

from thidua.domain import authority_commands as a
from thidua.domain import commands as c
from thidua.domain.base import Command
from thidua.domain.commendation import commands as k
from thidua.domain.registry import commands as rc
from thidua.domain.service.application import USE_CASES, Thidua

# Bases of commands, and the steps a use case records on another stream as part of
# its own command (the council takes a dossier up; a decision closes it).
NOT_HANDLED = (
    Command,
    c.CycleCommand,
    a.Endorsed,
    k.DossierCommand,
    k.SessionCommand,
    k.DecisionCommand,
    k.TakeUpDossier,
    k.CloseDossier,
)


def _command_classes() -> set[type[Command]]:
    return {
        member
        for module in (c, a, k, rc)
        for _, member in inspect.getmembers(module, inspect.isclass)
        if issubclass(member, Command) and member not in NOT_HANDLED
    }


def test_every_kind_of_command_has_a_use_case() -> None:
    assert set(USE_CASES) == _command_classes()


def test_a_command_no_use_case_handles_is_refused_as_a_programming_error() -> None:
    class Unheard(Command):
        """A command nobody wrote a use case for."""

    app = Thidua({"PERSISTENCE_MODULE": "eventsourcing.popo"})
    command = Unheard(
        actor={"name": "Đỗ Thị Mai"},
        command_id="x-1",
        issued_at=datetime(2021, 1, 25, tzinfo=UTC),
    )

    with pytest.raises(TypeError, match="no use case handles"):
        app.handle(command)


def test_the_application_has_no_use_case_method_to_call_by_name() -> None:
    public = {name for name in vars(Thidua) if not name.startswith("_")}

    assert "handle" in public
    assert not public & {"create_bloc", "open_cycle", "cast_vote", "grant_award"}
