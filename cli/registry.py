"""`thidua person`, `thidua collective`, `thidua proceeding`: the registry of
people and collectives, and the proceedings against them (titles: cli/titles.py)."""

from __future__ import annotations

from typing import Any

import click

from .context import CliContext
from .options import DATE, command_options


def holder_ref(code: str, unit: bool) -> dict[str, str]:
    return {"kind": "collective" if unit else "individual", "code": code}


holder_kind = click.option(
    "--collective",
    "unit",
    is_flag=True,
    help="CODE is a collective's unit code, not a person's code.",
)


@click.group("person")
def person_group() -> None:
    """People (cá nhân): register them, record their transfers."""


@person_group.command("register")
@click.argument("code")
@click.option("--name", required=True, help="Full name (họ và tên).")
@click.option("--unit", required=True, help="The unit they work in.")
@click.option("--position", required=True, help="Their position (chức vụ).")
@click.option("--since", type=DATE, required=True, help="Since when, YYYY-MM-DD.")
@click.option("--born", type=DATE, help="Date of birth, YYYY-MM-DD.")
@click.option("--gender", help="Gender (giới tính).")
@click.option(
    "--national-id",
    envvar="THIDUA_NATIONAL_ID",
    help="National id (số định danh): kept only as its salted hash.",
)
@command_options
@click.pass_obj
def register_person(
    obj: CliContext,
    /,
    *,
    code: str,
    national_id: str | None,
    meta: dict[str, Any],
    **fields: Any,
) -> None:
    """Register a person under a code of the registry's choosing.

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
    """
    from thidua.domain.registry.commands import RegisterPerson

    given = {k: v for k, v in fields.items() if v is not None}
    obj.execute(
        obj.command(RegisterPerson, code=code, national_id=national_id, **given, **meta)
    )


@person_group.command("transfer")
@click.argument("code")
@click.option("--unit", required=True, help="The unit they move to.")
@click.option("--position", required=True, help="Their position there.")
@click.option("--since", type=DATE, required=True, help="From when, YYYY-MM-DD.")
@command_options
@click.pass_obj
def transfer(obj: CliContext, /, *, meta: dict[str, Any], **fields: Any) -> None:
    """Record that a person moved to another unit (điều chuyển).

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua person transfer P-001 --unit STC --position "Phó Trưởng phòng" \\
          --since 2022-07-01
    """
    from thidua.domain.registry.commands import TransferPerson

    obj.execute(obj.command(TransferPerson, **fields, **meta))


@click.group("collective")
def collective_group() -> None:
    """Collectives (tập thể): member units and their sub-units (phòng, ban)."""


@collective_group.command("register")
@click.argument("code")
@click.option("--name", required=True, help="The collective's name.")
@click.option("--parent", help="For a sub-unit: its member unit.")
@command_options
@click.pass_obj
def register_collective(
    obj: CliContext, /, *, meta: dict[str, Any], **fields: Any
) -> None:
    """Register a member unit, or a sub-unit of one, as a collective.

    \b
    Example:
      thidua collective register SNV --name "Sở Nội vụ"
    """
    from thidua.domain.registry.commands import RegisterCollective

    obj.execute(obj.command(RegisterCollective, **fields, **meta))


@click.group("proceeding")
def proceeding_group() -> None:
    """Discipline, investigations, complaints of a person or a collective."""


@proceeding_group.command("open")
@click.argument("code")
@click.argument("kind", type=click.Choice(["discipline", "investigation", "complaint"]))
@click.option("--opened-on", type=DATE, required=True, help="YYYY-MM-DD.")
@click.option("--noted-in", help="Where it was first noted, e.g. TMTH/2023.")
@holder_kind
@command_options
@click.pass_obj
def open_proceeding(
    obj: CliContext, /, *, code: str, unit: bool, meta: dict[str, Any], **fields: Any
) -> None:
    """Record that a proceeding opened: it bars proposals in every bloc until
    it ends.

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua proceeding open P-001 complaint --opened-on 2021-11-02
    """
    from thidua.domain.registry.commands import OpenProceeding

    obj.execute(
        obj.command(OpenProceeding, holder=holder_ref(code, unit), **fields, **meta)
    )


@proceeding_group.command("close")
@click.argument("code")
@click.argument("proceeding")
@click.option("--closed-on", type=DATE, required=True, help="YYYY-MM-DD.")
@holder_kind
@command_options
@click.pass_obj
def close_proceeding(
    obj: CliContext, /, *, code: str, unit: bool, meta: dict[str, Any], **fields: Any
) -> None:
    """Record that a proceeding (K1, K2, …) ended.

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua proceeding open P-001 complaint --opened-on 2021-11-02
      thidua proceeding close P-001 K1 --closed-on 2021-12-01
    """
    from thidua.domain.registry.commands import CloseProceeding

    obj.execute(
        obj.command(CloseProceeding, holder=holder_ref(code, unit), **fields, **meta)
    )


GROUPS = (person_group, collective_group, proceeding_group)
