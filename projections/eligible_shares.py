"""`eligible` for a title with a share of another title's holders: the holders of
both in the unit (or the bloc's units) and year, counted again from the read models
as `award propose` counts them from the registry's roll and the cycle
(domain/service/registry_counts.py): the registry's titles of the year, and the
cycle's own proposals and grants, the person judged left out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .awards import AWARD_REGISTRY
from .person_awards import PERSON_AWARDS, TITLE_SHARES
from .registry import COLLECTIVES, POSTINGS, TITLES

if TYPE_CHECKING:
    from .base import Table


class ShareCounts:
    if TYPE_CHECKING:

        def _select(
            self, table: Table, where: str, params: Sequence[Any], order: str
        ) -> list[dict[str, Any]]: ...

    def _share(self, stream: str, award: str) -> dict[str, Any] | None:
        found = self._select(
            TITLE_SHARES, "stream = ? AND award = ?", (stream, award), "award"
        )
        return found[0] if found else None

    def _shared(
        self,
        share: dict[str, Any],
        stream: str,
        year: int,
        units: set[str],
        code: str,
    ) -> str:
        """Why the share leaves no room for `code` in `units`, or ''."""
        award, of = share["award"], share["of"]
        wanted = units | {
            c["code"]
            for c in self._select(COLLECTIVES, "", (), "code")
            if c["parent"] in units
        }
        people = self._posted(wanted, year)
        base, used = self._held_of(share, "individual", year, people)
        registered = set()
        for r in self._select(PERSON_AWARDS, "stream = ?", (stream,), "record"):
            registered.add(r["record"])
            if r["unit"] in units:
                self._count(
                    r["award"], r["status"], r["person"],
                    award=award, of=of, base=base, used=used,
                )  # fmt: skip
        for r in self._select(AWARD_REGISTRY, "stream = ?", (stream,), "record"):
            mine = r["record"] in registered or r["proposal_id"] in registered
            if mine or r["recipient_kind"] != "individual" or r["unit"] not in units:
                continue
            who = f"{r['unit']}|{r['recipient']}"
            self._count(
                r["award"], r["status"], who, award=award, of=of, base=base, used=used
            )
        used.discard(code)
        return _no_room(share, base, used)

    def _unit_share(
        self,
        row: dict[str, Any],
        share: dict[str, Any] | None,
        stream: str,
        year: int,
        roster: dict[str, str],
    ) -> dict[str, Any]:
        """A unit's row of `eligible`, with what a collective title's share says."""
        if share is None or share["holders"] != "collective":
            return {**row, "share": ""}
        units = {row["unit"]} if share["per"] == "unit" else set(roster)
        award, of = share["award"], share["of"]
        base, used = self._held_of(share, "collective", year, units)
        for r in self._select(AWARD_REGISTRY, "stream = ?", (stream,), "record"):
            if r["recipient_kind"] != "collective" or r["unit"] not in units:
                continue
            # A whole unit (no name, or the roster's) by its code, as its register
            # holds titles; a part of it by its name.
            part = r["recipient"]
            whole = part in (None, r["unit_name"])
            who = r["unit"] if whole else f"{r['unit']}|{str(part).casefold()}"
            self._count(
                r["award"], r["status"], who, award=award, of=of, base=base, used=used
            )
        used.discard(row["unit"])
        said = _no_room(share, base, used)
        return {**row, "eligible": row["eligible"] and not said, "share": said}

    def _held_of(
        self, share: dict[str, Any], kind: str, year: int, scope: set[str]
    ) -> tuple[set[str], set[str]]:
        """Who in `scope` the register holds the share's base title for in `year`,
        and who the title itself."""
        base: set[str] = set()
        used: set[str] = set()
        award, of = share["award"], share["of"]
        for t in self._select(
            TITLES, "holder_kind = ? AND year = ? AND status = ?",
            (kind, year, "held"), "code",
        ):  # fmt: skip
            if t["code"] in scope and t["title"] in (award, of):
                (used if t["title"] == award else base).add(t["code"])
        return base, used

    @staticmethod
    def _count(
        what: str,
        status: str,
        who: str,
        *,
        award: str,
        of: str,
        base: set[str],
        used: set[str],
    ) -> None:
        if what == award and status in ("proposed", "granted"):
            used.add(who)
        elif what == of and status == "granted":
            base.add(who)

    def _posted(self, units: set[str], year: int) -> set[str]:
        """The people posted in one of `units` in some part of `year`."""
        start, end = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
        postings: dict[str, list[dict[str, Any]]] = {}
        for row in self._select(POSTINGS, "", (), "code, since"):
            postings.setdefault(row["code"], []).append(row)
        found = set()
        for code, rows in postings.items():
            held = {p["unit"] for p in rows if start <= p["since"] <= end}
            before = [p["unit"] for p in rows if p["since"] <= start]
            if before:
                held.add(before[-1])
            if held & units:
                found.add(code)
        return found


def _no_room(share: dict[str, Any], base: set[str], used: set[str]) -> str:
    """Why the share leaves no place beside `used` among `base`'s holders, or ''."""
    allowed = len(base) * share["numerator"] // share["denominator"]
    if len(used) < allowed:
        return ""
    return (
        f"{share['award']}: {share['numerator']}/{share['denominator']} of"
        f" {len(base)} {share['of']} of the {share['per']} ({allowed});"
        f" {len(used)} hold or proposed"
    )
