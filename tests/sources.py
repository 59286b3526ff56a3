"""The project's own source files, named from the folders: an editable install's
package path is a finder that pkgutil cannot walk."""

from __future__ import annotations

import importlib
from pathlib import Path

ROOT = Path(__file__).parents[1]
FOLDERS = ("domain", "store", "projections", "cli", "office", "web")


def source_files(*folders: str) -> list[Path]:
    """Every Python file of the folders (all of the package's by default)."""
    return sorted(
        p for folder in folders or FOLDERS for p in (ROOT / folder).rglob("*.py")
    )


def import_every_module(*folders: str) -> None:
    """Import every module of the folders, so that every subclass is defined."""
    for path in source_files(*folders):
        if path.stem != "__init__":
            inner = path.relative_to(ROOT).with_suffix("").parts
            importlib.import_module(".".join(("thidua", *inner)))
