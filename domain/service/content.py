"""Where a dossier's documents are kept, by their SHA-256, beside the log: the
content store's protocol and the store in memory (store/content.py has the others).
"""

from __future__ import annotations

import hashlib
from typing import Protocol


class ContentStore(Protocol):
    """Documents by their SHA-256, beside the log (store/content.py)."""

    def put(self, data: bytes) -> str: ...

    def get(self, sha256: str) -> bytes | None: ...


class Memory:
    """The content store of a store in memory."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self.files[sha] = data
        return sha

    def get(self, sha256: str) -> bytes | None:
        return self.files.get(sha256)
