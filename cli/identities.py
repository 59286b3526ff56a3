"""What `audit verify` says of who acted: the chain of delegation checked from the
stored rows (domain/auditor/delegation.py), or, without an authority, one line
saying that identities are self-declared."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .render import paragraph

if TYPE_CHECKING:
    from thidua.domain.auditor.audit import Auditor
    from thidua.office.wording import Wording

    from .context import CliContext
    from .options import CycleRef


def identities(
    obj: CliContext,
    auditor: Auditor,
    words: Wording,
    cycle: CycleRef | None,
    root_key: str | None,
    *,
    asked: bool,
) -> dict[str, Any]:
    """The chain of delegation's summary and its problems, said; nothing unless a
    cycle or every stream is verified."""
    from thidua.domain.auditor.delegation_log import examine_delegation, rule_of
    from thidua.domain.ids import bloc_id, cycle_id

    if not asked:
        return {}
    streams = None if cycle is None else [bloc_id(cycle[0]), cycle_id(*cycle)]
    exists, found = examine_delegation(auditor, streams, root_key)
    problems = [f"{rule_of(said)}: {words.say(said)}" for said in found.said]
    if not exists:
        summary = obj.text("authority_self_declared")
    else:
        summary = obj.text(
            "authority_chain",
            board=found.board or "–",
            root=found.root or "–",
            keys=len(found.keys),
            grants=sum(len(periods) for periods in found.grants.values()),
            checked=found.checked,
            before=found.before,
            problems=len(problems),
        )
        from .demo_authority import demo_root

        if found.root == demo_root():
            summary += " " + obj.text("demo_keys_public")
    return {
        "authority": exists,
        "root": found.root,
        "checked": found.checked,
        "self_declared": found.before,
        "summary": summary,
        "problems": problems,
    }


def say_identities(report: dict[str, Any], fmt: str) -> None:
    """In a table's words: one line, then each problem found."""
    if not report or fmt != "table":
        return
    paragraph(report["summary"])
    for problem in report["problems"]:
        paragraph(f"  {problem}")
