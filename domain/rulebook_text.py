"""Reading a rulebook's TOML text: parsing, validation, cross-references, and the
line each refusal points at. Whatever the text, the answer is a Rulebook or one
RulebookInvalid naming the line where it can."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from pydantic import ValidationError

from thidua.domain.errors import RulebookInvalid
from thidua.domain.rulebook import Rulebook
from thidua.domain.types import STORED


@lru_cache(maxsize=32)
def parse(text: str, *, adopted: bool) -> Rulebook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise RulebookInvalid(
            "not valid TOML: {error}",
            error=error,
            line=int(match[1]) if match else None,
        ) from None
    except ValueError:  # an integer of more digits than Python converts
        raise RulebookInvalid(
            "not valid TOML: an integer has too many digits"
        ) from None
    except RecursionError:
        raise RulebookInvalid(
            "not valid TOML: arrays or tables nested too deeply"
        ) from None
    try:
        book = Rulebook.model_validate(data, context={STORED: adopted})
    except RecursionError:
        raise RulebookInvalid("arrays or tables nested too deeply") from None
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(part) for part in loc) or "rulebook"
        raise RulebookInvalid(
            "{where}: {problem}",
            where=where,
            problem=first["msg"],
            # What kind of problem, and its fields: a catalog says it in words.
            validation={"type": first["type"], "ctx": dict(first.get("ctx") or {})},
            line=_locate(text, loc),
        ) from None
    _check_references(text, book)
    return book


def _check_references(text: str, book: Rulebook) -> None:
    def refuse(message: str, loc: tuple[str | int, ...], **params: object) -> None:
        raise RulebookInvalid(message, line=_locate(text, loc), **params)

    for kind, items in (
        ("groups", book.groups),
        ("criteria", book.criteria),
        ("adjustments", book.adjustments),
        ("motions", book.motions),
        ("awards", book.awards),
        ("titles", book.titles),
    ):
        codes = [item.code for item in items]
        for index, code in enumerate(codes):
            if codes.index(code) != index:
                refuse(
                    "{kind}: code {code!r} is defined twice",
                    (kind, index, "code"),
                    kind=kind,
                    code=code,
                )
    groups = {g.code for g in book.groups}
    for index, criterion in enumerate(book.criteria):
        if criterion.group is not None and criterion.group not in groups:
            refuse(
                "criterion {code}: unknown group {group!r}",
                ("criteria", index, "group"),
                code=criterion.code,
                group=criterion.group,
            )
    total = sum((c.max_points for c in book.criteria), Decimal(0))
    if total != book.scoring.base_max:
        refuse(
            "scoring.base_max is {base_max} but the criteria add up to {total}",
            ("scoring", "base_max"),
            base_max=book.scoring.base_max,
            total=total,
        )
    for rule in book.scoring.tie_breaks:
        kind, _, code = rule.partition(":")
        known = groups if kind == "group" else {c.code for c in book.criteria}
        if code and code not in known:
            refuse(
                "tie-break {rule!r} names an unknown {kind}",
                ("scoring", "tie_breaks"),
                rule=rule,
                kind=kind,
            )
    _check_titles(book, refuse)
    motions = {m.code for m in book.motions}
    for index, award in enumerate(book.awards):
        if award.requires_motion and award.requires_motion not in motions:
            refuse(
                "award {code}: unknown motion {motion!r}",
                ("awards", index, "requires_motion"),
                code=award.code,
                motion=award.requires_motion,
            )


def _check_titles(book: Rulebook, refuse: Callable[..., None]) -> None:
    """A title's code is no award's, and its prerequisites are titles of the book."""
    forms = {a.code for a in book.awards}
    titles = {t.code for t in book.titles}
    for index, title in enumerate(book.titles):
        if title.code in forms:
            refuse(
                "title {code}: also an award's code",
                ("titles", index, "code"),
                code=title.code,
            )
        for prerequisite in title.prerequisites:
            if prerequisite.title not in titles:
                refuse(
                    "title {code}: unknown prerequisite title {title!r}",
                    ("titles", index, "prerequisites"),
                    code=title.code,
                    title=prerequisite.title,
                )
        wanted = [title.share_of.of] if title.share_of else []
        for needed in [*wanted, *(m.title for m in title.members)]:
            if needed not in titles:
                refuse(
                    "title {code}: unknown title {title!r} counted",
                    ("titles", index, "members" if title.members else "share_of"),
                    code=title.code,
                    title=needed,
                )


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _locate(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Find the line of the table or key a validation error points at."""
    positions: dict[tuple[str | int, ...], int] = {}
    counts: dict[str, int] = {}
    current: tuple[str | int, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            name = header[2]
            if header[1] == "[[":
                counts[name] = counts.get(name, -1) + 1
                current = (*name.split("."), counts[name])
            else:
                current = tuple(name.split("."))
            positions.setdefault(current, number)
        elif key := _KEY.match(line):
            positions.setdefault((*current, key[1]), number)
    for length in range(len(loc), 0, -1):
        if loc[:length] in positions:
            return positions[loc[:length]]
    return None
