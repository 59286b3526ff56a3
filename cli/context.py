"""The object every command receives: the store, the clock, and one lazy application."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

if TYPE_CHECKING:
    from thidua.domain.base import Command
    from thidua.domain.service.application import Receipt, Thidua
    from thidua.projections.read_models import ReadModels

TCommand = TypeVar("TCommand", bound="Command")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class CliContext:
    db: str
    verbosity: int = 0
    lang: Literal["en", "vi"] = "en"
    clock: Callable[[], datetime] = utc_now
    acting_bloc: str = ""  # the bloc of the command last issued, for its refusal
    _app: Thidua | None = field(default=None, repr=False)
    _read_models: ReadModels | None = field(default=None, repr=False)

    @property
    def shown_db(self) -> str:
        """The store's URL fit for a message: any password masked."""
        from thidua.store import shown

        return shown(self.db)

    @property
    def app(self) -> Thidua:
        if self._app is None:
            from thidua.store import build_app

            from .demo_authority import demo_signer

            self._app = build_app(self.db)
            self._app.signer_for = demo_signer(self._app)
        return self._app

    @property
    def read_models(self) -> ReadModels:
        """The projections over the same store, opened on first use."""
        if self._read_models is None:
            from thidua.projections.read_models import ReadModels

            if self._app is None and (store := self._existing_store()):
                # A query answers without starting the engine.
                self._read_models = ReadModels(None, store=store)
            else:
                self._read_models = ReadModels(self.app)
        return self._read_models

    def _existing_store(self) -> str | None:
        """The store as the read models may open it alone: an SQLite file that exists,
        or a PostgreSQL schema whose events table exists."""
        from thidua.store import sqlite_file, store_url_kind
        from thidua.store.postgres import postgres_is_set_up

        kind = store_url_kind(self.db)
        if kind == "sqlite":
            return sqlite_file(self.db)
        if kind == "postgres" and postgres_is_set_up(self.db):
            return self.db
        return None

    def default_actor(self, login: str) -> str:
        """Who acts when no --as names anyone: the login name; on the demo's store
        (cli/demo_authority.py), its secretariat's operator, whose demo key the
        store signs with."""
        if self._app is None and self._existing_store() is None:
            return login  # no store yet: nothing to open for the question
        from .demo_authority import SECRETARY, is_demo_store

        return SECRETARY if is_demo_store(self.app) else login

    def sign_with(self, key_file: str) -> None:
        """Sign what the next command records with this private key."""
        from pathlib import Path

        from thidua.domain.service.signing import Signer

        self.app.signer = Signer(Path(key_file).read_bytes())

    def close(self) -> None:
        if self._read_models is not None:
            behind = self._read_models.behind
            if behind and self.verbosity >= 0:
                click.echo(self.text("behind", behind=behind), err=True)
            self._read_models.close()
            self._read_models = None
        if self._app is not None:
            self._app.close()
            self._app = None

    def command(self, command_class: type[TCommand], /, **fields: Any) -> TCommand:
        """The operator's command, issued now by the context's clock."""
        return command_class.model_validate({"issued_at": self.clock(), **fields})

    def execute(
        self, command: Command, /, *, receipt_text: str = "recorded"
    ) -> Receipt:
        """Hand one command to the application, and report the receipt (with
        `receipt_text` when the command made a record, e.g. "granted")."""
        from thidua.store import refusal, storage_errors

        self.acting_bloc = str(getattr(command, "bloc", ""))
        try:
            receipt = self.app.handle(command)
        except storage_errors() as error:
            # Its id lets the operator send it again without recording it twice.
            raise refusal(error, command.command_id) from None
        self.report(receipt, receipt_text if receipt.created else "recorded")
        return receipt

    def text(self, key: str, **values: object) -> str:
        """A message of the --lang catalog, filled in."""
        from thidua.office.i18n import Texts

        return Texts(self.lang, "messages")(key, **values)

    def say(self, message: str) -> None:
        """A message for the operator on stderr, unless --quiet."""
        if self.verbosity >= 0:
            click.echo(message, err=True)

    def bloc_kind(self, code: str) -> str | None:
        """A bloc's kind (khoi or cum), so that a cluster is named as one; None
        where there is no such bloc (the keyring's stream, a unit's code)."""
        from thidua.domain.errors import ThiduaError

        if not code:
            return None
        try:
            return str(self.app.bloc(code).kind)
        except ThiduaError:
            return None

    def is_cluster(self, *codes: str) -> bool:
        """Whether the first of the codes that names a bloc (else the bloc a
        command was last issued to) is a cluster (cụm). Asked of a store already
        open only: a refusal given before any store was opened opens none."""
        if self._app is None:
            return False
        for code in (*codes, self.acting_bloc):
            if kind := self.bloc_kind(code):
                return kind == "cum"
        return False

    def report(self, receipt: Receipt, text: str = "recorded") -> None:
        if self.verbosity < 0:
            return
        from thidua.office.wording import Wording

        # The receipt names its stream "cycle TMTH/2021", "bloc TMTH" or "keyring".
        kind, _, ref = receipt.stream.partition(" ")
        bloc_kind = self.bloc_kind(ref.partition("/")[0]) or "khoi"
        words = Wording(self.lang, bloc_kind=bloc_kind)
        stream = words.term("stream", kind)
        common = {
            "command_id": receipt.command_id,
            "stream": self.text("stream", kind=stream, ref=ref) if ref else stream,
            "version": receipt.version,
        }
        if receipt.already_applied:
            self.say(self.text("already_applied", **common))
            return
        # A command of a batch has no position until the batch is recorded.
        position = (
            ""
            if receipt.position is None
            else self.text("position", position=receipt.position)
        )
        events = ", ".join(words.term("event", name) for name in receipt.events)
        record = ", ".join(receipt.created)
        self.say(
            self.text(text, events=events, record=record, position=position, **common)
        )
