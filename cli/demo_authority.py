"""`thidua demo --authority`: the seed story under a key authority, so the demo
shows the whole chain of delegation (root → admin → key → grant → signed command).

The keys come from fixed seeds, so the log is the same on every run; anyone who
reads this file can derive them, so they are demo keys and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .story import OPERATOR

if TYPE_CHECKING:
    from thidua.domain.base import Command
    from thidua.domain.service.signing import Signer

BOARD = "Ban Thi đua - Khen thưởng tỉnh Lào Cai"
ADMIN = "Lê Văn Hùng"
# The authority is set up the hour before the secretariat starts recording.
STARTS = datetime(2021, 1, 20, 6, 0, tzinfo=UTC)


def demo_key(holder: str) -> Signer:
    from thidua.domain.service.signing import Signer, seeded

    return Signer(seeded(f"thidua-demo:{holder}"))


def authority_steps() -> Iterator[tuple[Command, str, dict[str, object]]]:
    """The authority's commands, each with its narration key and values."""
    from thidua.domain import authority_commands as a
    from thidua.domain.service.authorization import signed_fields

    root = demo_key(BOARD).key_id
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
    ]  # fmt: skip
    narration = (
        "demo_founded",
        "demo_admin",
        "demo_key",
        "demo_grant",
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
        values: dict[str, object] = {"board": BOARD, "admin": ADMIN, "holder": operator}
        yield command, narration[number], values
