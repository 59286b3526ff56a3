"""The proposals and grants recorded in cycles for registered people (`awards
--person`), and the prerequisites and exclusions of each cycle's titles
(`eligible`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, CycleProjection, Table
from .cycles import BLOC, STREAM, YEAR
from .registry import HOLDER_KINDS
from .source import Change

if TYPE_CHECKING:
    from thidua.domain.rulebook import Rulebook, TitleType

PERSON_AWARDS = Table(
    "person_awards",
    "One row per proposal or grant in a cycle for a registered person.",
    (
        STREAM,
        BLOC,
        YEAR,
        Column("record", "text", "P-number, or A-number of a direct grant"),
        Column("award", "text", "award or title code"),
        Column("person", "text", "the person's registry code"),
        Column("unit", "text", "their unit in the cycle"),
        Column("name", "text", "their name"),
        Column("status", "text", "proposed, declined, granted or revoked"),
        Column("decision", "text", "number of the deciding decision, if decided"),
    ),
    ("stream", "record"),
    indexes=(("person",),),
)
TITLE_RULES = Table(
    "title_rules",
    "One row per prerequisite of a title in a cycle's adopted rulebook.",
    (
        STREAM,
        BLOC,
        YEAR,
        Column("award", "text", "the title proposed"),
        Column("prerequisite", "text", "the title it needs in earlier years"),
        Column("years", "integer", "how many years"),
        Column("within", "integer", "out of how many last years; null: consecutive"),
        Column("same_year", "boolean", "counted up to the year proposed itself"),
        Column("source", "text", "the legal source, or [setting]"),
    ),
    ("stream", "award", "prerequisite"),
    indexes=(("bloc", "year"),),
)

TITLE_EXCLUSIONS = Table(
    "title_exclusions",
    "One row per title or form that may not go with another in one year, in a "
    "cycle's adopted rulebook (either side may say so: both directions are rows).",
    (
        STREAM,
        BLOC,
        YEAR,
        Column("award", "text", "the title or form proposed"),
        Column("excluded", "text", "what may not be held or proposed the same year"),
    ),
    ("stream", "award", "excluded"),
    indexes=(("bloc", "year"),),
)

TITLE_MEMBERS = Table(
    "title_members",
    "One row per condition a collective title sets on its members' titles, in a "
    "cycle's adopted rulebook.",
    (
        STREAM,
        BLOC,
        YEAR,
        Column("award", "text", "the collective title proposed"),
        Column("title", "text", "the title its members must hold that year"),
        Column("numerator", "integer", "the share of them: numerator"),
        Column("denominator", "integer", "the share of them: denominator"),
        Column("more_than", "boolean", "more than the share, not at least it"),
        Column("at_least", "integer", "and at least this many of them"),
        Column("source", "text", "the legal source, or [setting]"),
    ),
    ("stream", "award", "title"),
    indexes=(("bloc", "year"),),
)

TITLE_SHARES = Table(
    "title_shares",
    "One row per title whose holders may be at most a share of another title's "
    "holders, in a cycle's adopted rulebook.",
    (
        STREAM,
        BLOC,
        YEAR,
        Column("award", "text", "the title proposed"),
        Column("of", "text", "the title whose holders the share is of"),
        Column("numerator", "integer", "the share: numerator"),
        Column("denominator", "integer", "the share: denominator"),
        Column("per", "text", "counted in the unit, or in the bloc's units"),
        Column("source", "text", "the legal source, or [setting]"),
        Column("holders", "text", "who holds the title: individual or collective"),
    ),
    ("stream", "award"),
    indexes=(("bloc", "year"),),
)


class PersonAwards(CycleProjection):
    name = "person_awards"
    title = "awards of registered people, and the cycles' title rules"
    # 2: title_exclusions, title_members; 3: title_shares; 4: a share's holders.
    version = 4
    tables = (PERSON_AWARDS, TITLE_RULES, TITLE_EXCLUSIONS, TITLE_MEMBERS, TITLE_SHARES)
    kinds = CycleProjection.follows | {
        "AwardProposed",
        "AwardGranted",
        "ProposalDeclined",
        "AwardRevoked",
    }
    ignores = frozenset(
        {*STREAMS["bloc"], *STREAMS["keyring"], *STREAMS["authority"], *HOLDER_KINDS}
        | set(COMMENDATION)
        | (set(STREAMS["cycle"]) - kinds)
    )

    def begin(self, opened: dict[str, Any], rulebook: Rulebook) -> dict[str, Any]:
        rules = [
            (t.code, p.title, p.years, p.within, p.same_year, p.source)
            for t in rulebook.titles
            for p in t.prerequisites
        ]
        said = {(t.code, other) for t in rulebook.titles for other in t.not_with}
        pairs = sorted({p for a, b in said for p in ((a, b), (b, a)) if a != b})
        members = [
            (
                t.code,
                m.title,
                m.numerator,
                m.denominator,
                m.more_than,
                m.at_least,
                m.source,
            )
            for t in rulebook.titles
            for m in t.members
        ]
        shares = [
            (t.code, q.of, q.numerator, q.denominator, q.per, q.source, _kind(t))
            for t in rulebook.titles
            if (q := t.share_of) is not None
        ]
        return {
            "rules": rules,
            "pairs": pairs,
            "members": members,
            "shares": shares,
            "records": {},
            "grants": {},
        }

    def on(self, state: dict[str, Any], change: Change) -> None:
        data, kind, records = change.data, change.kind, state["records"]
        if kind == "AwardProposed" and data.get("person"):
            records[data["proposal_id"]] = {
                "award": data["award"],
                "person": data["person"],
                "unit": data["recipient"]["unit"],
                "name": data["recipient"]["name"],
                "status": "proposed",
                "decision": None,
            }
        elif kind == "AwardGranted":
            record = records.get(data.get("proposal_id") or "")
            if record is None and data.get("person"):
                record = records[data["award_id"]] = {
                    "award": data["award"],
                    "person": data["person"],
                    "unit": data["recipient"]["unit"],
                    "name": data["recipient"]["name"],
                }
            if record is not None:
                record.update(status="granted", decision=data["decision"]["number"])
                state["grants"][data["award_id"]] = record
        elif kind == "ProposalDeclined" and data["proposal_id"] in records:
            records[data["proposal_id"]].update(
                status="declined", decision=data["decision"]["number"]
            )
        elif kind == "AwardRevoked" and data["award_id"] in state["grants"]:
            state["grants"][data["award_id"]]["status"] = "revoked"

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        bloc, year = state["bloc"], state["year"]
        return {
            PERSON_AWARDS.name: [
                (
                    stream,
                    bloc,
                    year,
                    record,
                    r["award"],
                    r["person"],
                    r["unit"],
                    r["name"],
                    r["status"],
                    r["decision"],
                )
                for record, r in state["records"].items()
            ],
            TITLE_RULES.name: [(stream, bloc, year, *rule) for rule in state["rules"]],
            TITLE_EXCLUSIONS.name: [
                (stream, bloc, year, *pair) for pair in state.get("pairs", ())
            ],
            TITLE_MEMBERS.name: [
                (stream, bloc, year, *rule) for rule in state.get("members", ())
            ],
            TITLE_SHARES.name: [
                (stream, bloc, year, *share) for share in state.get("shares", ())
            ],
        }


def _kind(title: TitleType) -> str:
    """Who holds a title, for counting its share: collectives only where the
    title is for collectives alone."""
    return "collective" if tuple(title.recipients) == ("collective",) else "individual"
