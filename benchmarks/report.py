"""What the national benchmark's reports share: fresh stores and printed figures."""

from __future__ import annotations

import statistics
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .floors import is_postgres


class Stores:
    """Fresh stores of one kind: SQLite files in a folder, or PostgreSQL schemas."""

    def __init__(self, db: str | None, folder: Path, stack: ExitStack) -> None:
        self.db = db
        self.folder = folder
        self.stack = stack

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.db and is_postgres(self.db) else "SQLite"

    def fresh(self, label: str) -> str:
        if not (self.db and is_postgres(self.db)):
            return str(self.folder / f"{label}-{uuid.uuid4().hex[:6]}.db")
        import psycopg

        server = self.db.split("?", maxsplit=1)[0]
        schema = f"thidua_bench_{label}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')

        def drop() -> None:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA "{schema}" CASCADE')

        self.stack.callback(drop)
        return f"{server}?schema={schema}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def say(text: str) -> None:
    print(text, flush=True)


def figure(name: str, value: str, note: str = "") -> None:
    say(f"  {name:<44}{value:>16}  {note}")


@contextmanager
def workspace(keep: str | None) -> Iterator[Path]:
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        yield Path(keep)
        return
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as folder:
        yield Path(folder)
