"""The `thidua` command line: parse, call one application method, render."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

import click

from .context import CliContext

if TYPE_CHECKING:
    from pydantic import ValidationError

    from thidua.office.i18n import Lang

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Refused(click.ClickException):
    """One line on stderr, `Error: <rule>: <message>`, in the --lang language."""

    def __init__(self, rule: str, message: str, lang: Lang) -> None:
        from thidua.office.i18n import catalog

        named = catalog(lang, "rules").get(rule)
        shown = f"{rule} ({named})" if named else rule
        super().__init__(f"{shown}: {message}")
        self.prefix = catalog(lang, "messages")["error"]

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{self.prefix}: {self.format_message()}", file=file, err=True)


class ThiduaGroup(click.Group):
    """Turns a refused command into one line and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from thidua.domain.errors import ThiduaError

        try:
            return super().invoke(ctx)
        except ThiduaError as error:
            from thidua.office.i18n import refusal_text

            lang = _lang(ctx)
            if problems := getattr(error, "problems", None):
                from .render import problem_report

                problem_report(problems, lang)
            cluster = _cluster(ctx, error)
            said = refusal_text(error, lang, cluster=cluster)
            raise Refused(error.rule, said, lang) from None
        except _validation_errors() as error:
            from thidua.office.i18n import input_error_text

            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "input"
            lang = _lang(ctx)
            said = input_error_text(first, lang)
            raise Refused("input", f"{where}: {said}", lang) from None
        except _storage_errors() as error:
            from thidua.office.i18n import refusal_text
            from thidua.store import refusal

            lang = _lang(ctx)
            found = refusal(error)
            raise Refused(found.rule, refusal_text(found, lang), lang) from None
        except BrokenPipeError:
            # The reader of the output went away (`thidua … | head`): stop quietly,
            # as other tools do, and keep the exit from flushing into the pipe.
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except OSError as error:
            # A file that failed while it was read or written (a full disk, a
            # folder gone, a device): what the checks before the work could not see.
            from thidua.office.i18n import refusal_text

            from .files import file_problem

            lang = _lang(ctx)
            problem = file_problem(error)
            raise Refused(problem.rule, refusal_text(problem, lang), lang) from None


def _cluster(ctx: click.Context, error: Exception) -> bool:
    """Whether the refusal concerns a cluster (cụm), which it then names so."""
    named = getattr(error, "params", {})
    codes = [str(named.get(key, "")) for key in ("bloc", "code", "ref")]
    is_cluster = getattr(ctx.obj, "is_cluster", None)
    return bool(is_cluster and is_cluster(*(code.partition("/")[0] for code in codes)))


def _lang(ctx: click.Context) -> Lang:
    # The context object exists once the group's own options are parsed.
    return "vi" if getattr(ctx.obj, "lang", "en") == "vi" else "en"


def _validation_errors() -> type[ValidationError]:
    # Looked up only when something failed: a query may never load pydantic.
    from pydantic import ValidationError

    return ValidationError


def _storage_errors() -> tuple[type[Exception], ...]:
    # A damaged file or a dropped connection surfaces from the drivers themselves
    # as often as through the library: each is one line, never a traceback.
    from thidua.store import storage_errors

    return storage_errors()


@click.group(cls=ThiduaGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    envvar="THIDUA_DB",
    default="thidua.db",
    show_default=True,
    help="The store: an SQLite file, sqlite:///PATH, or postgresql://USER@HOST:PORT/DB"
    " (env THIDUA_DB).",
)
@click.option("-v", "--verbose", count=True, help="Say more.")
@click.option("-q", "--quiet", is_flag=True, help="Print only results, no messages.")
@click.option(
    "--lang",
    envvar="THIDUA_LANG",
    type=click.Choice(["en", "vi"]),
    default="en",
    show_default=True,
    help="Language of tables and documents (env THIDUA_LANG).",
)
@click.version_option(package_name="thidua")
@click.pass_context
def main(ctx: click.Context, db: str, verbose: int, quiet: bool, lang: str) -> None:
    """thidua: emulation-and-commendation cycles (thi đua – khen thưởng) of a bloc,
    kept as an append-only event log.

    \b
    Example:
      thidua demo
      thidua cycle status TMTH/2020
    """
    context = CliContext(
        db=db, verbosity=-1 if quiet else verbose, lang="vi" if lang == "vi" else "en"
    )
    ctx.obj = context
    ctx.call_on_close(context.close)


def _register() -> None:
    from . import (
        audit,
        authority,
        award,
        bloc,
        bloc_show,
        checkpoint,
        council,
        covenant,
        cycle,
        db,
        decision,
        demo,
        dossier,
        errors,
        history,
        keys,
        minutes,
        projections,
        proofs,
        queries,
        registry,
        report,
        scores,
        sheets,
        titles,
        verify,  # noqa: F401  (its commands join `thidua audit` on import)
        vote,
        web,
    )

    modules = [
        *(bloc, cycle, covenant, scores, vote, award, audit, projections, keys, db),
        authority,
        web,
        *(dossier, council, decision, report),  # commendation after the bloc
    ]
    for module in modules:
        main.add_command(module.group)
    bloc.group.add_command(bloc_show.show)
    for command in (checkpoint.checkpoint, proofs.prove, proofs.check_proof):
        audit.group.add_command(command)
    for registry_group in (*registry.GROUPS, titles.title_group, history.group):
        main.add_command(registry_group)
    main.add_command(sheets.template_group)
    main.add_command(sheets.import_group)
    sheets.import_group.add_command(titles.import_titles)
    for command in (
        queries.standings,
        queries.votes,
        queries.awards,
        queries.participation,
        history.eligible,
        demo.demo,
        errors.errors,
        minutes.minutes,
        web.serve,
    ):
        main.add_command(command)


_register()
