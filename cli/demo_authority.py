"""The demo's key authority: `thidua demo` records the seed story under it, so the
demo shows the whole chain of delegation (root → admin → key → grant → signed
command).

The keys come from fixed seeds, so the log is the same on every run; anyone who
reads this file can derive them, so they are demo keys and nothing else. That is
also why the demo's store signs by itself: on a store whose root is the demo's
root key (public, as all its keys are), a command given without `--sign` is
signed with the demo key of its actor, if the authority certified one to them,
and a command given without `--as` is the secretariat's operator's. So every
example written for the demo runs as it is written, and still goes through the
authority's checks: an actor without a certified key or without the grant is
refused as on any store. Keeping a private key in the store instead would make
the store's file a key to itself; deriving it from a public seed says plainly
that these signatures prove the mechanism, not who acted (`audit verify` says so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .story import OPERATOR

if TYPE_CHECKING:
    from thidua.domain.base import Command
    from thidua.domain.service.application import Thidua
    from thidua.domain.service.signing import Signer

BOARD = "Ban Thi đua - Khen thưởng tỉnh Lào Cai"
ADMIN = "Lê Văn Hùng"
# The secretariat's operator the examples act as: commands without --as on the
# demo's store are hers.
SECRETARY = "Đỗ Thị Mai"
# The authority is set up the hour before the secretariat starts recording.
STARTS = datetime(2021, 1, 20, 6, 0, tzinfo=UTC)


def demo_key(holder: str) -> Signer:
    from thidua.domain.service.signing import Signer, seeded

    return Signer(seeded(f"thidua-demo:{holder}"))


def demo_root() -> str:
    """The id of the demo's root key: a store founded with it is the demo's."""
    return demo_key(BOARD).key_id


def is_demo_store(app: Thidua) -> bool:
    from thidua.domain.service.authorization import authority

    state = authority(app)
    return state is not None and state.root == demo_root()


def certified_demo_key(app: Thidua, holder: str) -> Signer | None:
    """The holder's demo key, if the demo's authority certified it to them."""
    from thidua.domain.service.authorization import authority

    state = authority(app)
    if state is None or state.root != demo_root():
        return None
    key = demo_key(holder)
    held = state.keys.get(key.key_id)
    return key if held is not None and held.holder == holder else None


def demo_signer(app: Thidua) -> Callable[[Command], Signer | None]:
    """What signs a command given unsigned: on the demo's store, its actor's demo
    key if the authority certified it to them; elsewhere nothing."""
    demo: list[bool] = []  # asked once per process, on the first command

    def signer_for(command: Command) -> Signer | None:
        from thidua.domain.authority_commands import AUTHORITY_COMMANDS

        if isinstance(command, AUTHORITY_COMMANDS):
            return None  # their endorsement inside is their signature
        if not demo:
            demo.append(is_demo_store(app))
        return certified_demo_key(app, command.actor.name) if demo[0] else None

    return signer_for


def authority_steps() -> Iterator[tuple[Command, str, dict[str, object]]]:
    """The authority's commands, each with its narration key and values."""
    from thidua.domain import authority_commands as a
    from thidua.domain.service.authorization import signed_fields

    root = demo_root()
    operator = str(OPERATOR["name"])
    steps: list[tuple[type[Command], dict[str, Any], str, str | None, str | None]] = [
        (a.FoundAuthority, {"board": BOARD}, BOARD, None, BOARD),
        (a.DelegateAdmin, {"holder": ADMIN}, BOARD, BOARD, ADMIN),
        (a.CertifyKey, {"holder": operator}, ADMIN, ADMIN, operator),
        (a.GrantRole, {"holder": operator, "role": "operator", "scope": "TMTH"},
         ADMIN, ADMIN, None),
        # The dossier, the council and the decision are the province's work.
        (a.GrantRole, {"holder": operator, "role": "operator", "scope": None},
         ADMIN, ADMIN, None),
        (a.CertifyKey, {"holder": SECRETARY}, ADMIN, ADMIN, SECRETARY),
        (a.GrantRole, {"holder": SECRETARY, "role": "operator", "scope": "TMTH"},
         ADMIN, ADMIN, None),
        (a.GrantRole, {"holder": SECRETARY, "role": "operator", "scope": None},
         ADMIN, ADMIN, None),
    ]  # fmt: skip
    narration = (
        "demo_founded",
        "demo_admin",
        "demo_key",
        "demo_grant",
        "demo_grant_province",
        "demo_key",
        "demo_grant_secretary",
        "demo_grant_province",
    )
    for number, (kind, fields, actor, endorser, holder) in enumerate(steps):
        at = STARTS + timedelta(minutes=number)
        signed = signed_fields(
            kind,
            fields,
            issued_at=at,
            root=root,
            endorser=demo_key(endorser) if endorser else None,
            new_key=demo_key(holder) if holder else None,
        )
        command = kind.model_validate(
            {
                "actor": {"name": actor},
                "command_id": f"demo-authority-{number + 1}",
                "issued_at": at,
                **signed,
            }
        )
        named = str(fields.get("holder", operator))
        values: dict[str, object] = {"board": BOARD, "admin": ADMIN, "holder": named}
        yield command, narration[number], values
