"""Options and argument types shared by every command, defined once."""

from __future__ import annotations

import contextlib
import functools
import getpass
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, TypeVar

import click
from click.core import ParameterSource

from .files import InputFile, OutputFile

F = TypeVar("F", bound=Callable[..., Any])

ROLES = ("operator", "unit:CODE", "auditor", "analyst")


class CycleRef(NamedTuple):
    bloc: str
    year: int

    def fields(self) -> dict[str, Any]:
        return {"bloc": self.bloc, "year": self.year}


class CycleRefType(click.ParamType[CycleRef]):
    name = "BLOC/YEAR"

    def convert(self, value: Any, param: Any, ctx: Any) -> CycleRef:
        if isinstance(value, CycleRef):
            return value
        match = re.fullmatch(r"\s*([^/\s]+)\s*/\s*(\d{4})\s*", str(value))
        if not match:
            self.fail(f"{value!r} is not BLOC/YEAR, e.g. TMTH/2021", param, ctx)
        return CycleRef(match[1].upper(), int(match[2]))


class DateType(click.ParamType[date]):
    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            with contextlib.suppress(ValueError):
                return datetime.strptime(str(value).strip(), pattern).date()
        return self.fail(
            f"{value!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)", param, ctx
        )


BLANKS = " "


def parse_pairs(pairs: tuple[str, ...], what: str) -> dict[str, str]:
    """`KEY=VALUE` arguments as a dict; a repeated key is a usage error."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        # Only spaces are trimmed: str.strip() would also drop tabs and the control
        # characters (\x1c-\x1f), which the domain must see to refuse them.
        key, value = key.strip(BLANKS), value.strip(BLANKS)
        if not sep or not key or not value:
            raise click.BadParameter(f"{pair!r} is not {what}")
        if key.upper() in result:
            raise click.BadParameter(f"{key} is given twice")
        result[key.upper()] = value
    return result


def parse_points(pairs: tuple[str, ...]) -> dict[str, Decimal]:
    return {
        key: POINTS.convert(value, None, None)
        for key, value in parse_pairs(pairs, "CRITERION=POINTS").items()
    }


class PointsType(click.ParamType[Decimal]):
    name = "POINTS"

    def convert(self, value: Any, param: Any, ctx: Any) -> Decimal:
        try:
            points = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not points.is_finite():
            self.fail(f"{value!r} is not a number", param, ctx)
        return points


class MomentType(click.ParamType[datetime]):
    name = "TIME"

    def convert(self, value: Any, param: Any, ctx: Any) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(
                f"{value!r} is not a time like 2021-01-25T10:30+07:00", param, ctx
            )
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class WhenType(click.ParamType[date]):
    """When a fact happened: a day, or a moment (UTC if it names no offset)."""

    name = "DATE|TIME"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if "T" not in text and " " not in text:
            return DATE.convert(text, param, ctx)
        try:
            return MOMENT.convert(text, param, ctx)
        except click.BadParameter:
            self.fail(
                f"{value!r} is neither a date (2021-01-25, 25/01/2021) nor a time"
                " like 2021-01-25T09:00+07:00",
                param,
                ctx,
            )


def day_of(when: date | None) -> date | None:
    """The day of an --on value (a moment's day in its own offset)."""
    return when.date() if isinstance(when, datetime) else when


CYCLE = CycleRefType()
MOMENT = MomentType()
WHEN = WhenType()
POINTS = PointsType()
DATE = DateType()

cycle_argument = click.argument("cycle", metavar="BLOC/YEAR", type=CYCLE)

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output as a table for people, or JSON or CSV for programs.",
)


bom_option = click.option(
    "--bom",
    is_flag=True,
    help="Start CSV with a UTF-8 byte-order mark, so Excel shows Vietnamese intact.",
)


xlsx_option = click.option(
    "--xlsx",
    type=OutputFile(),
    help="Also write the table to this Excel file (frozen header, numbers as numbers).",
)


def _role(value: str) -> dict[str, Any]:
    role, _, unit = value.partition(":")
    if role not in ("operator", "unit", "auditor", "analyst") or (
        role == "unit"
    ) != bool(unit):
        raise click.BadParameter(f"{value!r} is not one of {', '.join(ROLES)}")
    return {"role": role, "unit": unit or None}


def command_options(func: F) -> F:
    """--as, --role, --on, --command-id and --reason, handed to the command as
    `meta`: who acts, and when the fact happened if not as it is recorded."""

    @click.option(
        "--as",
        "actor_name",
        envvar="THIDUA_ACTOR",
        default=getpass.getuser,
        show_default="login name",
        help="Who issues the command (env THIDUA_ACTOR).",
    )
    @click.option(
        "--role",
        envvar="THIDUA_ROLE",
        default="operator",
        show_default=True,
        metavar="ROLE",
        help="operator, unit:CODE (a unit's representative), auditor or analyst"
        " (env THIDUA_ROLE).",
    )
    @click.option(
        "--command-id",
        help="Idempotency key: a command id already applied is reported, not repeated.",
    )
    @click.option("--reason", help="Why: recorded with the event.")
    @click.option(
        "--on",
        "occurred_at",
        type=WHEN,
        metavar="DATE|TIME",
        help="When the fact happened, if not now: a date (2021-01-25 or 25/01/2021)"
        " or a time (2021-01-25T09:00+07:00; UTC without an offset). It is"
        " recorded beside the time of recording.",
    )
    @click.option(
        "--sign",
        "key_file",
        envvar="THIDUA_SIGN_KEY",
        type=InputFile(),
        help="Sign the events with this Ed25519 private key (PEM), registered with"
        " 'thidua keys register' (env THIDUA_SIGN_KEY).",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        actor_name: str,
        role: str,
        command_id: str | None,
        reason: str | None,
        occurred_at: date | None,
        key_file: str | None,
        **kwargs: Any,
    ) -> Any:
        context = click.get_current_context()
        if key_file is not None:
            context.obj.sign_with(key_file)
        if context.get_parameter_source("actor_name") is ParameterSource.DEFAULT:
            actor_name = context.obj.default_actor(actor_name)
        meta = {
            "actor": {"name": actor_name, **_role(role)},
            "command_id": command_id or uuid.uuid4().hex,
            "reason": reason,
            "occurred_at": occurred_at,
        }
        return func(*args, meta=meta, **kwargs)

    return wrapper  # type: ignore[return-value]
