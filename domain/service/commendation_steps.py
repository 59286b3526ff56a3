"""What the commendation's use cases share: one batch for the streams a step
changes, and the commands a use case issues on other streams as part of its own."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from thidua.domain.base import Command
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.dossier import Dossier
from thidua.domain.commendation.stream import stream_id
from thidua.domain.service.commendation_loading import dossier

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua
    from thidua.domain.service.receipt import Receipt


@contextlib.contextmanager
def atomically(app: Thidua) -> Iterator[None]:
    """One batch, unless the caller's batch already holds these commands."""
    if app._batch is not None:
        yield
        return
    with app.batch():
        yield


def child(command: Command, n: int, cls: type[Any], **fields: Any) -> Any:
    """A command the use case issues on another stream, as part of `command`."""
    return cls(
        actor=command.actor,
        command_id=f"{command.command_id}/{n}",
        issued_at=command.issued_at,
        occurred_at=command.occurred_at,
        reason=command.reason,
        login=command.login,  # the same session appends both
        **fields,
    )


def on_dossier(app: Thidua, command: k.DossierCommand) -> Receipt:
    loader = partial(dossier, app, command.dossier)
    return app._change(
        stream_id("dossier", command.dossier), loader, command, Dossier.execute
    )
