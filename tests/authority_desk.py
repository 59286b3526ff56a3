"""A key authority set up on an application with keys from fixed seeds: the board
(root), one admin, an operator of TMTH and the representative of SNV."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from thidua.domain import authority_commands as a
from thidua.domain.base import Command
from thidua.domain.service.application import Receipt, Thidua
from thidua.domain.service.authorization import authority, signed_fields
from thidua.domain.service.signing import Signer, seeded

BOARD = "Ban Thi đua - Khen thưởng tỉnh Lào Cai"
ADMIN = "Lê Văn Hùng"
MAI = "Đỗ Thị Mai"  # operator of TMTH
AN = "Nguyễn Văn An"  # representative of SNV
FOUNDED = datetime(2021, 1, 1, 8, 0, tzinfo=UTC)  # before the story's first command


def key(name: str) -> Signer:
    return Signer(seeded(f"thidua-test:{name}"))


class Board:
    """Issues the authority's commands, each a minute after the last."""

    def __init__(self, app: Thidua) -> None:
        self.app = app
        self.at = FOUNDED
        self.count = 0

    def issue(
        self,
        command_class: type[Command],
        fields: dict[str, Any],
        *,
        actor: str,
        endorser: Signer | None = None,
        new_key: Signer | None = None,
    ) -> Receipt:
        self.count += 1
        self.at += timedelta(minutes=1)
        state = authority(self.app)
        signed = signed_fields(
            command_class,
            fields,
            issued_at=self.at,
            root=state.root if state else "",
            endorser=endorser,
            new_key=new_key,
        )
        command = command_class.model_validate(
            {
                "actor": {"name": actor},
                "command_id": f"authority-{self.at:%Y%m%d%H%M}",
                "issued_at": self.at,
                **signed,
            }
        )
        signer, self.app.signer = self.app.signer, None
        try:
            return self.app.handle(command)
        finally:
            self.app.signer = signer

    def found(self) -> Board:
        self.issue(a.FoundAuthority, {"board": BOARD}, actor=BOARD, new_key=key(BOARD))
        return self

    def delegate(self, holder: str = ADMIN) -> Receipt:
        return self.issue(
            a.DelegateAdmin, {"holder": holder}, actor=BOARD,
            endorser=key(BOARD), new_key=key(holder),
        )  # fmt: skip

    def register(self, holder: str, by: str = ADMIN) -> Receipt:
        return self.issue(
            a.CertifyKey, {"holder": holder}, actor=by,
            endorser=key(by), new_key=key(holder),
        )  # fmt: skip

    def grant(self, holder: str, role: str, scope: str | None = None) -> Receipt:
        fields = {"holder": holder, "role": role, "scope": scope}
        return self.issue(a.GrantRole, fields, actor=ADMIN, endorser=key(ADMIN))

    def revoke(self, holder: str, when: datetime, by: str = ADMIN) -> Receipt:
        fields = {"key": key(holder).key_id, "revoked_from": when}
        return self.issue(a.RevokeKey, fields, actor=by, endorser=key(by))

    def staffed(self) -> Board:
        """Founded, with an admin, Mai operator of TMTH and An for SNV."""
        self.found()
        self.delegate()
        self.register(MAI)
        self.register(AN)
        self.grant(MAI, "operator", "TMTH")
        self.grant(AN, "unit", "SNV")
        return self


def as_holder(app: Thidua, holder: str, command: Command) -> Command:
    """The command issued by the holder (keeping its role), signed with their key."""
    app.signer = key(holder)
    actor = command.actor.model_copy(update={"name": holder})
    return command.model_copy(update={"actor": actor})
