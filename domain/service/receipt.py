"""What a command did, how people name the stream it did it to, and the two ways a
command fails that are the application's, not a rule's."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.domain.authority import Authority
from thidua.domain.base import Stream
from thidua.domain.bloc import Bloc
from thidua.domain.commendation.stream import DeciderStream
from thidua.domain.cycle import Cycle
from thidua.domain.errors import ThiduaError
from thidua.domain.keyring import Keyring
from thidua.domain.registry.holder import HolderStream


@dataclass(frozen=True)
class Receipt:
    """What a command did: the stream it changed, the events appended, its position."""

    command_id: str
    stream: str
    version: int
    events: tuple[str, ...]
    position: int | None
    already_applied: bool = False
    # Ids of the records the command made (an award A8, a proposal P2).
    created: tuple[str, ...] = ()


class BatchAbandoned(ThiduaError):
    """Raised when a batch ends after one of its commands was refused."""

    rule = "batch"


class ConcurrencyExhausted(ThiduaError):
    """Raised when a command kept losing the race for a stream and was not applied."""

    rule = "concurrency"


def label(stream: Stream) -> str:
    """The stream as people name it: cycle TMTH/2021, bloc TMTH, keyring."""
    if isinstance(stream, Cycle):
        return f"cycle {stream.state.ref}"
    if isinstance(stream, Keyring):
        return "keyring"
    if isinstance(stream, Authority):
        return "authority"
    if isinstance(stream, DeciderStream):
        return str(stream.label)
    if isinstance(stream, HolderStream):
        noun = "person" if stream.state.kind == "individual" else "collective"
        return f"{noun} {stream.state.code}"
    assert isinstance(stream, Bloc)
    return f"bloc {stream.state.code}"
