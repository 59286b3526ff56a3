"""The registry's read models: people and collectives, their postings, titles and
proceedings (`history person`, `history unit`, `eligible`), the awards recorded for
registered people in cycles (`awards --person`), and each cycle's title rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thidua.domain.topics import STREAMS

from .base import Column, CycleProjection, StreamProjection, Table
from .cycles import BLOC, STREAM, YEAR
from .source import Change

if TYPE_CHECKING:
    from thidua.domain.rulebook import Rulebook

CODE = Column(
    "code", "text", "the person's registry code, or the collective's unit code"
)
KIND = Column("holder_kind", "text", "individual or collective")
PEOPLE = Table(
    "registry_people",
    "One row per registered person (cá nhân), as now.",
    (
        STREAM,
        CODE,
        Column("name", "text", "full name, as registered (NFC)"),
        Column("born", "text", "date of birth, if given"),
        Column("gender", "text", "gender, if given"),
        Column("unit", "text", "the unit they work in now"),
        Column("position", "text", "their position now"),
        Column("since", "text", "the day of their current posting"),
    ),
    ("stream",),
    indexes=(("code",), ("unit",)),
)
COLLECTIVES = Table(
    "registry_collectives",
    "One row per registered collective (tập thể): a member unit or its sub-unit.",
    (
        STREAM,
        CODE,
        Column("name", "text", "the collective's name"),
        Column("parent", "text", "a sub-unit's member unit, null for a member unit"),
    ),
    ("stream",),
    indexes=(("code",),),
)
POSTINGS = Table(
    "registry_postings",
    "One row per posting of a person: the unit and position from a day on.",
    (
        STREAM,
        CODE,
        Column("since", "text", "the first day of the posting"),
        Column("unit", "text", "the unit"),
        Column("position", "text", "the position"),
    ),
    ("stream", "since"),
    indexes=(("unit",),),
)
TITLES = Table(
    "registry_titles",
    "One row per emulation title (danh hiệu thi đua) conferred, revoked ones kept.",
    (
        STREAM,
        KIND,
        CODE,
        Column("seq", "integer", "its order among the holder's titles"),
        Column("title", "text", "the title's rulebook code, e.g. cstd-co-so"),
        Column("year", "integer", "the year it was conferred for"),
        Column("decision", "text", "number of the conferring decision"),
        Column("decided_on", "text", "date of that decision"),
        Column("authority", "text", "who decided, if recorded"),
        Column("source_sha256", "text", "SHA-256 of the spreadsheet it came from"),
        Column("status", "text", "held or revoked"),
        Column("revocation", "text", "number of the revoking decision, if revoked"),
        Column("revoked_because", "text", "why it was revoked"),
    ),
    ("stream", "seq"),
    indexes=(("code", "year"), ("title", "year")),
)
PROCEEDINGS = Table(
    "registry_proceedings",
    "One row per proceeding (discipline, investigation, complaint) of a holder.",
    (
        STREAM,
        KIND,
        CODE,
        Column("proceeding", "text", "its K-number"),
        Column("kind", "text", "discipline, investigation or complaint"),
        Column("opened_on", "text", "the day it opened"),
        Column("closed_on", "text", "the day it ended, null while open"),
        Column("noted_in", "text", "where it was first noted (a cycle), if said"),
    ),
    ("stream", "proceeding"),
    indexes=(("code",),),
)
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
HOLDER_KINDS = frozenset(STREAMS["registry"])


class Holders(StreamProjection):
    name = "registry"
    title = "registry of people and collectives (sổ theo dõi)"
    tables = (PEOPLE, COLLECTIVES, POSTINGS, TITLES, PROCEEDINGS)
    starts = frozenset({"PersonRegistered", "CollectiveRegistered"})
    kinds = HOLDER_KINDS
    ignores = frozenset({*STREAMS["bloc"], *STREAMS["cycle"], *STREAMS["keyring"]})

    def start(self, change: Change) -> dict[str, Any]:
        data = change.data
        state = {
            "code": data["code"],
            "name": data["name"],
            "titles": [],
            "proceedings": {},
            "postings": [],
        }
        if change.kind == "CollectiveRegistered":
            return {**state, "kind": "collective", "parent": data["parent"]}
        posting = {k: data[k] for k in ("since", "unit", "position")}
        return {
            **state,
            "kind": "individual",
            "born": data.get("born"),
            "gender": data.get("gender"),
            "postings": [posting],
        }

    def fold(self, state: dict[str, Any], change: Change) -> None:
        data, kind = change.data, change.kind
        if kind == "PersonTransferred":
            state["postings"].append(
                {k: data[k] for k in ("since", "unit", "position")}
            )
        elif kind == "TitleConferred":
            state["titles"].append(
                {**data, "status": "held", "revocation": None, "because": None}
            )
        elif kind == "TitleRevoked":
            for title in state["titles"]:
                same = (title["title"], title["year"]) == (data["title"], data["year"])
                if same and title["status"] == "held":
                    title.update(
                        status="revoked",
                        revocation=data["decision"]["number"],
                        because=data.get("reason"),
                    )
        elif kind == "ProceedingOpened":
            state["proceedings"][data["proceeding_id"]] = {**data, "closed_on": None}
        elif kind == "ProceedingClosed":
            state["proceedings"][data["proceeding_id"]]["closed_on"] = data["closed_on"]

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        code, kind = state["code"], state["kind"]
        titles = [
            (
                stream, kind, code, n, t["title"], t["year"],
                t["decision"]["number"], t["decision"]["decided_on"],
                t["decision"].get("authority"), t.get("source_sha256"),
                t["status"], t["revocation"], t["because"],
            )
            for n, t in enumerate(state["titles"], 1)
        ]  # fmt: skip
        proceedings = [
            (stream, kind, code, p["proceeding_id"], p["kind"], p["opened_on"],
             p["closed_on"], p.get("noted_in"))
            for p in state["proceedings"].values()
        ]  # fmt: skip
        found: dict[str, list[tuple[Any, ...]]] = {
            TITLES.name: titles,
            PROCEEDINGS.name: proceedings,
        }
        if kind == "collective":
            found[COLLECTIVES.name] = [(stream, code, state["name"], state["parent"])]
            return found
        now = state["postings"][-1]
        found[PEOPLE.name] = [
            (stream, code, state["name"], state["born"], state["gender"],
             now["unit"], now["position"], now["since"])
        ]  # fmt: skip
        found[POSTINGS.name] = [
            (stream, code, p["since"], p["unit"], p["position"])
            for p in state["postings"]
        ]
        return found


class PersonAwards(CycleProjection):
    name = "person_awards"
    title = "awards of registered people, and the cycles' title rules"
    tables = (PERSON_AWARDS, TITLE_RULES)
    kinds = CycleProjection.follows | {
        "AwardProposed",
        "AwardGranted",
        "ProposalDeclined",
        "AwardRevoked",
    }
    ignores = frozenset(
        {*STREAMS["bloc"], *STREAMS["keyring"], *HOLDER_KINDS}
        | (set(STREAMS["cycle"]) - kinds)
    )

    def begin(self, opened: dict[str, Any], rulebook: Rulebook) -> dict[str, Any]:
        rules = [
            (t.code, p.title, p.years, p.within, p.same_year, p.source)
            for t in rulebook.titles
            for p in t.prerequisites
        ]
        return {"rules": rules, "records": {}, "grants": {}}

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
        }
