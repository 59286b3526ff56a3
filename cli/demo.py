"""`thidua demo`: the seed story (cli/story.py), recorded step by step into a fresh
store with the story's own dates, the same log on every run."""

from __future__ import annotations

from typing import Any

import click

from .cast import BLOC, CRITERIA, SCORES, UNITS
from .context import CliContext
from .cycle_status import show_status
from .options import CycleRef

__all__ = ["BLOC", "CRITERIA", "SCORES", "UNITS", "demo"]


@click.command("demo")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to show the cycles' status at the end.",
)
@click.option(
    "--authority/--self-declared",
    "governed",
    default=True,
    show_default=True,
    help="Record it under a key authority, every step signed by a granted key"
    " (demo keys from public seeds), so `audit verify` shows the chain of"
    " delegation; or without one, every identity self-declared.",
)
@click.pass_context
def demo(ctx: click.Context, *, fmt: str, governed: bool) -> None:
    """Record the seed story (Lào Cai, 25/01/2021) into a fresh store and show it.

    \b
    Example:
      thidua --db demo.db demo
      thidua --db demo.db audit verify --all
      thidua --db plain.db demo --self-declared
    """
    from thidua.office.i18n import Texts

    from . import queries
    from .story import story

    say = Texts(ctx.obj.lang, "demo")

    obj: CliContext = ctx.obj
    if recorded := {b.code for b in obj.app.blocs()}:
        if BLOC not in recorded:
            from thidua.domain.errors import StoreNotEmpty

            raise StoreNotEmpty(
                "the store {shown_db} already holds other data; run the demo "
                "on a fresh one: thidua --db demo.db demo",
                shown_db=obj.shown_db,
            )
        click.echo(say("already_recorded", store=obj.shown_db))
    else:
        if governed:
            _set_up_authority(obj, say)
        for number, step in enumerate(story(people=True), start=1):
            if step.content is not None:
                obj.app.content.put(step.content)
            click.echo(say("step", number=number, line=step.said(obj.lang)))
            if step.refused:
                click.echo(f"     {_refusal(obj, step.command)}")
            else:
                obj.app.handle(step.command)
        click.echo(f"\n{say('recorded_in', store=obj.shown_db)}\n")
    for year in (2020, 2021):
        show_status(obj, CycleRef(BLOC, year), fmt)
        click.echo()
    seed = CycleRef(BLOC, 2020)
    for query in (queries.standings, queries.votes):
        ctx.invoke(query, cycle=seed, fmt=fmt, bom=False)
        click.echo()
    ctx.invoke(
        queries.awards,
        unit=None,
        bloc=BLOC,
        year_from=2020,
        year_to=2020,
        award=None,
        status=None,
        fmt=fmt,
        bom=False,
    )


def _refusal(obj: CliContext, command: Any) -> str:
    """The one line a user would read had they typed the refused command."""
    from thidua.domain.errors import ThiduaError
    from thidua.office.i18n import refusal_text

    from . import Refused

    try:
        obj.app.handle(command)
    except ThiduaError as error:
        refused = Refused(error.rule, refusal_text(error, obj.lang), obj.lang)
        return f"{refused.prefix}: {refused.format_message()}"
    raise AssertionError("the story's refused step was accepted")


def _set_up_authority(obj: CliContext, say: Any) -> None:
    """The authority first; then every step of the story is signed by the
    operator's registered key (cli/demo_authority.py says why the demo's keys
    are public, and how its store signs by itself)."""
    from .demo_authority import authority_steps, demo_key
    from .story import OPERATOR

    for command, narration, values in authority_steps():
        obj.app.handle(command)
        click.echo(say("step", number="–", line=obj.text(narration, **values)))
    obj.app.signer = demo_key(str(OPERATOR["name"]))
