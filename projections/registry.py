"""The registry's read model: people and collectives, their postings, titles,
forms of commendation and proceedings (`history person`, `history unit`,
`eligible`); the awards of registered people and the cycles' title rules are in
person_awards.py."""

from __future__ import annotations

from typing import Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, StreamProjection, Table
from .cycles import STREAM
from .source import Change

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
COMMENDATIONS = Table(
    "registry_commendations",
    "One row per form of commendation (hình thức khen thưởng: Bằng khen, Giấy"
    " khen) a decision awarded a holder, revoked ones kept; never a title.",
    (
        STREAM,
        KIND,
        CODE,
        Column("seq", "integer", "its order among the holder's commendations"),
        Column("form", "text", "the award's rulebook code, e.g. provincial-merit"),
        Column("year", "integer", "the year of the achievement"),
        Column("decision", "text", "number of the awarding decision"),
        Column("decided_on", "text", "date of that decision"),
        Column("authority", "text", "who decided, if recorded"),
        Column("status", "text", "held or revoked"),
        Column("revocation", "text", "number of the revoking decision, if revoked"),
        Column("revoked_because", "text", "why it was revoked"),
    ),
    ("stream", "seq"),
    indexes=(("code", "year"), ("form", "year")),
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
HOLDER_KINDS = frozenset(STREAMS["registry"])


class Holders(StreamProjection):
    name = "registry"
    # 2: forms of commendation in a table of their own, apart from the titles.
    version = 2
    title = "registry of people and collectives (sổ theo dõi)"
    tables = (PEOPLE, COLLECTIVES, POSTINGS, TITLES, COMMENDATIONS, PROCEEDINGS)
    starts = frozenset({"PersonRegistered", "CollectiveRegistered"})
    kinds = HOLDER_KINDS
    ignores = frozenset(
        {
            *STREAMS["bloc"],
            *STREAMS["cycle"],
            *STREAMS["keyring"],
            *STREAMS["authority"],
            *COMMENDATION,
        }
    )

    def start(self, change: Change) -> dict[str, Any]:
        data = change.data
        state = {
            "code": data["code"],
            "name": data["name"],
            "titles": [],
            "forms": [],
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
        elif kind == "CommendationRecorded":
            state["forms"].append(
                {**data, "status": "held", "revocation": None, "because": None}
            )
        elif kind == "CommendationRevoked":
            key = (data["form"], data["year"], data["awarded_by"], "held")
            for form in state["forms"]:
                number = form["decision"]["number"]
                if (form["form"], form["year"], number, form["status"]) == key:
                    form.update(
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
        forms = [
            (
                stream, kind, code, n, f["form"], f["year"],
                f["decision"]["number"], f["decision"]["decided_on"],
                f["decision"].get("authority"), f["status"], f["revocation"],
                f["because"],
            )
            for n, f in enumerate(state["forms"], 1)
        ]  # fmt: skip
        proceedings = [
            (stream, kind, code, p["proceeding_id"], p["kind"], p["opened_on"],
             p["closed_on"], p.get("noted_in"))
            for p in state["proceedings"].values()
        ]  # fmt: skip
        found: dict[str, list[tuple[Any, ...]]] = {
            TITLES.name: titles,
            COMMENDATIONS.name: forms,
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
