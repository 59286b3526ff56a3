"""The minutes of a cycle's review meeting (biên bản họp) and of its ballot count
(biên bản kiểm phiếu), built from the read models, with the stream's digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from thidua.domain.recording import ConcurrencyExhausted

from .collation import sorted_vi
from .i18n import Lang, Texts

if TYPE_CHECKING:
    from thidua.domain.application import Thidua
    from thidua.domain.rulebook import Motion, Rulebook
    from thidua.projections.read_models import ReadModels


@dataclass(frozen=True)
class Minutes:
    """Everything the two documents print; the renderers only lay it out."""

    texts: Texts
    bloc: str
    bloc_name: str
    province: str
    year: int
    place: str
    held_on: date
    chair: str
    secretary: str
    present: tuple[str, ...]  # unit names, in Vietnamese order
    members: int
    ranking: tuple[dict[str, Any], ...]
    votes: tuple[dict[str, Any], ...]
    decisions: tuple[dict[str, Any], ...]
    digest: str

    def place_date(self) -> str:
        day = self.held_on
        return self.texts(
            "place_date", place=self.place, day=day.day, month=day.month, year=day.year
        )

    def opening(self) -> str:
        day = self.held_on
        return self.texts(
            "opening",
            day=day.day,
            month=day.month,
            year=day.year,
            place=self.place,
            bloc_name=self.bloc_name,
            cycle_year=self.year,
        )


def minutes_of(
    app: Thidua,
    views: ReadModels,
    bloc: str,
    year: int,
    *,
    lang: Lang,
    place: str | None = None,
    held_on: date | None = None,
    chair: str = "",
    secretary: str = "",
) -> Minutes:
    """The minutes of a cycle with the digest of exactly the stream they show.

    The digest is read before and after the read models are: if the cycle's stream
    moved in between (another operator recorded something), the minutes are made
    again, so the printed digest always names the state the pages show.
    """
    from thidua.domain.audit import Auditor

    def digest() -> str:
        subject = f"{bloc.upper()}/{year}"
        sealed = Auditor(app).digests(bloc.upper(), year)
        return next(str(s.digest) for s in sealed if s.subject == subject)

    for _ in range(5):
        before = digest()
        minutes = build_minutes(
            views,
            bloc,
            year,
            digest=before,
            lang=lang,
            rulebook=app.cycle(bloc, year).rulebook,
            place=place,
            held_on=held_on,
            chair=chair,
            secretary=secretary,
        )
        if digest() == before:
            return minutes
    raise ConcurrencyExhausted(
        f"the cycle {bloc}/{year} kept changing while its minutes were made; retry"
    )


def build_minutes(
    views: ReadModels,
    bloc: str,
    year: int,
    *,
    digest: str,
    lang: Lang,
    rulebook: Rulebook | None = None,
    place: str | None = None,
    held_on: date | None = None,
    chair: str = "",
    secretary: str = "",
) -> Minutes:
    """The minutes of a cycle as the read models hold it at `digest`; the cycle's
    rulebook gives the motions' and awards' titles and rules in the language."""
    texts = Texts(lang)
    wording = _Wording(texts, rulebook)
    cycle = views.cycle(bloc, year)
    about = next(b for b in views.blocs() if b["bloc"] == cycle["bloc"])
    standings = views.standings(bloc, year)
    rounds = views.votes(bloc, year)
    closed = [v for v in rounds if v["status"] == "closed"]
    awards = views.awards(bloc=bloc, year_from=year, year_to=year)
    # Present: the units that cast a ballot at the meeting; all, if none was held.
    taking_part = views.participation(bloc, year)
    voted = [p["unit_name"] for p in taking_part if p["ballots_cast"]] or [
        p["unit_name"] for p in taking_part
    ]
    meeting = held_on or _meeting_day(closed, awards) or date.today()
    return Minutes(
        texts=texts,
        bloc=cycle["bloc"],
        bloc_name=about["name"],
        year=year,
        place=place or about["province"],
        held_on=meeting,
        chair=chair,
        secretary=secretary,
        present=tuple(sorted_vi(voted)),
        members=len(taking_part),
        province=about["province"],
        ranking=tuple(_ranking(standings, texts)),
        votes=tuple(_vote(v, wording) for v in rounds),
        decisions=tuple(_decision(a, wording) for a in awards),
        digest=digest,
    )


def _meeting_day(
    closed: list[dict[str, Any]], awards: list[dict[str, Any]]
) -> date | None:
    """The day the bloc met: its decisions' day, else the day the vote closed."""
    days = [a["decided_on"] for a in awards if a.get("decided_on")]
    if days:
        return date.fromisoformat(min(days))
    if closed:
        return date.fromisoformat(str(closed[-1]["closed_at"])[:10])
    return None


def _number(value: Any, texts: Texts) -> str:
    """A number as the language writes it: 96,5 in Vietnamese, 96.5 in English."""
    if value in (None, ""):
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", texts["decimal_mark"])


def _ranking(rows: list[dict[str, Any]], texts: Texts) -> list[dict[str, Any]]:
    keys = ("self_points", "assessed_points", "bonus", "penalty", "total")
    return [
        {
            "rank": row["rank"] or "",
            "unit": row["unit_name"],
            **{key: _number(row[key], texts) for key in keys},
        }
        for row in rows
    ]


class _Wording:
    """Titles and rules as the rulebook words them, in the minutes' language."""

    def __init__(self, texts: Texts, rulebook: Rulebook | None) -> None:
        self.texts = texts
        vi = texts.lang == "vi"
        self.motions: dict[str, Motion] = {}
        self.titles: dict[str, str] = {}
        if rulebook is not None:
            self.motions = {m.code: m for m in rulebook.motions}
            for items in (rulebook.motions, rulebook.awards):
                for item in items:
                    self.titles[item.code] = item.title_vi if vi else item.title_en

    def title(self, code: str, fallback: str) -> str:
        return self.titles.get(code, fallback)

    def threshold(self, code: str, fallback: str) -> str:
        motion = self.motions.get(code)
        if motion is None:
            return fallback
        rule = self.texts[motion.threshold_rule.replace("-", "_")]
        base = self.texts[f"of_{motion.denominator}"]
        return f"{rule} {motion.threshold} {base}"


def _vote(vote: dict[str, Any], wording: _Wording) -> dict[str, Any]:
    texts = wording.texts
    cast = vote["ballots_cast"] or 0
    counts = [
        {
            "candidate": c["candidate_name"] or c["candidate"],
            "votes_for": c["votes_for"],
            "share": _number(f"{100 * c['votes_for'] / cast:.1f}", texts) + "%"
            if cast
            else "",
        }
        for c in vote["counts"]
    ]
    met = vote["quorum_met"]
    return {
        "motion": wording.title(vote["motion"], vote["motion_title"]),
        "round": vote["round"],
        "voted": f"{vote['eligible']} / {cast}",
        "quorum": vote["quorum"]
        + ("" if met is None else f" ({texts['met'] if met else texts['not_met']})"),
        "threshold": wording.threshold(vote["motion"], vote["threshold"]),
        "needed": vote["needed"] or "",
        "outcome": texts.table.get(vote["outcome"] or "", vote["outcome"] or ""),
        "counts": counts,
    }


def _decision(award: dict[str, Any], wording: _Wording) -> dict[str, Any]:
    texts = wording.texts
    decided = (
        f"{award['decision']} ({award['decided_on']})" if award["decision"] else ""
    )
    return {
        "award": wording.title(award["award"], award["award_title"]),
        "recipient": award["recipient"] or award["unit_name"],
        "status": texts.table.get(award["status"], award["status"]),
        "decision": decided,
    }
