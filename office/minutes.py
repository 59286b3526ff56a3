"""The minutes of a cycle's review meeting (biên bản họp) and of its ballot count
(biên bản kiểm phiếu), built from the read models, with the stream's digest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, Any

from thidua.domain.errors import MinutesNotFinal
from thidua.domain.service.receipt import ConcurrencyExhausted

from .collation import sorted_vi
from .i18n import Lang, Texts
from .minutes_text import MinutesWording, adjustments, decision, ranking, vote

if TYPE_CHECKING:
    from thidua.domain.auditor.integrity import Digest
    from thidua.domain.bloc import DocumentSettings
    from thidua.domain.rulebook import Rulebook
    from thidua.domain.service.application import Thidua
    from thidua.projections.read_models import ReadModels

# The stages in which a cycle's review meeting has been held: scoring closed (the
# ranking frozen) and the bloc gone on to vote and decide, or the cycle closed.
REVIEWED = ("review", "closed")


@dataclass(frozen=True)
class Meeting:
    """What the operator tells of the meeting that the store does not hold."""

    held_on: date | None = None
    place: str | None = None  # the place name before the date; the bloc's setting
    venue: str = ""  # where in that place: a hall, an office
    start: time | None = None
    end: time | None = None
    chair: str = ""
    secretary: str = ""
    tally_team: tuple[str, ...] = ()  # the head of the tally team first
    number: str = ""  # the minutes' registered number, if the clerk has one
    tally_number: str = ""
    draft: bool = False


@dataclass(frozen=True)
class Lead:
    """The head unit's representative, who chairs unless the operator names one."""

    name: str
    title: str
    unit: str


@dataclass(frozen=True)
class Minutes:
    """Everything the two documents print; the renderers only lay it out."""

    texts: Texts
    bloc: str
    bloc_name: str
    province: str
    year: int
    held_on: date
    digest: str
    # The full digest, printed as a QR code beside the short one (office/qr.py).
    seal: str = ""
    superior_body: str = ""
    issuing_body: str = ""
    place: str = ""
    document_code: str = ""
    meeting: Meeting = field(default_factory=Meeting)
    lead: Lead | None = None
    present: tuple[str, ...] = ()  # unit names, in Vietnamese order
    absent: tuple[str, ...] = ()
    members: int = 0
    ranking: tuple[dict[str, Any], ...] = ()
    changes: tuple[dict[str, Any], ...] = ()
    votes: tuple[dict[str, Any], ...] = ()
    decisions: tuple[dict[str, Any], ...] = ()

    @property
    def draft(self) -> bool:
        return self.meeting.draft

    @property
    def chair(self) -> str:
        return self.meeting.chair or (self.lead.name if self.lead else "")

    @property
    def secretary(self) -> str:
        return self.meeting.secretary

    @property
    def counted(self) -> tuple[dict[str, Any], ...]:
        """The votes whose ballots were counted: the tally minutes report these."""
        return tuple(v for v in self.votes if v["closed"])


def minutes_of(
    app: Thidua,
    views: ReadModels,
    bloc: str,
    year: int,
    *,
    lang: Lang,
    meeting: Meeting | None = None,
) -> Minutes:
    """The minutes of a cycle with the digest of exactly the stream they show.

    The digest is read before and after the read models are: if the cycle's stream
    moved in between (another operator recorded something), the minutes are made
    again, so the printed digest always names the state the pages show.
    """
    from thidua.domain.auditor.audit import Auditor

    def digest() -> Digest:
        subject = f"{bloc.upper()}/{year}"
        sealed = Auditor(app).digests(bloc.upper(), year)
        return next(s.digest for s in sealed if s.subject == subject)

    for _ in range(5):
        before = digest()
        full = f"{before.subject}@{before.at}:{before.hash}"
        cycle = app.cycle(bloc, year)
        minutes = build_minutes(
            views,
            bloc,
            year,
            digest=str(before),
            seal=full,
            lang=lang,
            rulebook=cycle.rulebook,
            settings=app.bloc(cycle.bloc).settings_on,
            lead=_lead(cycle),
            meeting=meeting or Meeting(),
        )
        if digest() == before:
            return minutes
    raise ConcurrencyExhausted(
        "the cycle {bloc}/{year} kept changing while its minutes were made; retry",
        bloc=bloc,
        year=year,
    )


def build_minutes(
    views: ReadModels,
    bloc: str,
    year: int,
    *,
    digest: str,
    seal: str = "",
    lang: Lang,
    rulebook: Rulebook | None = None,
    settings: Callable[[date], DocumentSettings | None] | None = None,
    lead: Lead | None = None,
    meeting: Meeting | None = None,
) -> Minutes:
    """The minutes of a cycle as the read models hold it at `digest`; the cycle's
    rulebook gives the motions' and awards' titles and rules in the language, and
    the bloc's settings in force on the meeting's day name the issuing body."""
    meeting = meeting or Meeting()
    cycle = views.cycle(bloc, year)
    about = next(b for b in views.blocs() if b["bloc"] == cycle["bloc"])
    texts = Texts(lang, cluster=about["kind"] == "cum")
    wording = MinutesWording(texts, rulebook)
    rounds = views.votes(bloc, year)
    if not meeting.draft:
        _require_final(cycle, rounds)
    standings = views.standings(bloc, year)
    awards = views.awards(bloc=bloc, year_from=year, year_to=year)
    # Present: the units that cast a ballot at the meeting; all, if none was held.
    taking_part = views.participation(bloc, year)
    voted = [p["unit_name"] for p in taking_part if p["ballots_cast"]]
    present = voted or [p["unit_name"] for p in taking_part]
    absent = [p["unit_name"] for p in taking_part if p["unit_name"] not in present]
    day = meeting.held_on or _meeting_day(rounds, awards) or date.today()
    found = settings(day) if settings else None
    return Minutes(
        texts=texts,
        bloc=cycle["bloc"],
        bloc_name=about["name"],
        province=about["province"],
        year=year,
        held_on=day,
        digest=digest,
        seal=seal,
        superior_body=found.superior_body if found else "",
        issuing_body=(found.issuing_body if found else "") or about["name"].upper(),
        place=meeting.place or (found.place if found else "") or about["province"],
        document_code=(found.document_code if found else "") or cycle["bloc"],
        meeting=meeting,
        lead=lead,
        present=tuple(sorted_vi(present)),
        absent=tuple(sorted_vi(absent)),
        members=len(taking_part),
        ranking=tuple(ranking(standings, texts)),
        changes=tuple(adjustments(standings, texts)),
        votes=tuple(vote(v, wording) for v in rounds),
        decisions=tuple(decision(a, wording) for a in awards),
    )


def _require_final(cycle: dict[str, Any], rounds: list[dict[str, Any]]) -> None:
    """Minutes to sign record a finished review: the ranking frozen (scoring
    closed) and no vote still open; anything earlier is a draft."""
    subject = {"bloc": cycle["bloc"], "year": cycle["year"]}
    if cycle["stage"] not in REVIEWED:
        raise MinutesNotFinal(
            "the review of {bloc}/{year} has not begun (stage {stage}): its minutes"
            " can only be a draft (--draft)",
            stage=cycle["stage"],
            value=cycle["stage"],
            **subject,
        )
    for open_round in (v for v in rounds if v["status"] != "closed"):
        raise MinutesNotFinal(
            "the vote on {motion} of {bloc}/{year} is still open: its minutes can"
            " only be a draft (--draft)",
            motion=open_round["motion"],
            value=open_round["motion"],
            **subject,
        )


def _lead(cycle: Any) -> Lead | None:
    """The head unit's covenant signatory, the customary chair of the review."""
    head = getattr(cycle, "head", None)
    signature = cycle.signatures.get(head) if head else None
    if signature is None:
        return None
    return Lead(signature.signatory, signature.title or "", cycle.roster.get(head, ""))


def _meeting_day(
    rounds: list[dict[str, Any]], awards: list[dict[str, Any]]
) -> date | None:
    """The day the bloc met: its decisions' day, else the day the vote closed."""
    days = [a["decided_on"] for a in awards if a.get("decided_on")]
    if days:
        return date.fromisoformat(min(days))
    closed = [v for v in rounds if v["status"] == "closed" and v["closed_at"]]
    if closed:
        return date.fromisoformat(str(closed[-1]["closed_at"])[:10])
    return None
