"""`audit verify`: each stream checked on its own, one at a time, in key order.

A stream's chain, signatures, re-derivation and re-judgement need nothing but its
own rows and the keyring, so verify holds one stream's rows at a time and its
memory stays that of the largest stream, however long the log grows.

What verify asks of each stream is a list (`STREAM_CHECKS`); what it asks of the
store as a whole, seeing every stream once, another (`STORE_CHECKS`): a new check
is one function or class and one line in its list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Protocol

from thidua.domain.auditor.appenders import Appenders
from thidua.domain.auditor.delegation import certified_keys
from thidua.domain.auditor.eligibility import Rows, recheck_eligibility
from thidua.domain.auditor.integrity import (
    UNREADABLE,
    ChainReport,
    StoredRow,
    check_chain,
    subject_of,
)
from thidua.domain.auditor.recount import REGISTRY_KINDS, Registry, recount
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.auditor.rederive_commendation import CommendationCheck, KindRows
from thidua.domain.auditor.rejudge_streams import judge_stream
from thidua.domain.authority_state import AUTHORITY_ID
from thidua.domain.errors import CycleNotFound
from thidua.domain.ids import bloc_id, cycle_id
from thidua.domain.keyring import KEYRING_ID
from thidua.domain.service.signing import registered_keys, signature_problems
from thidua.domain.topics import EVENTS

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.service.application import Thidua


@dataclass
class Examination:
    """What `audit verify` found: each chain, and each re-derived disagreement."""

    chains: list[ChainReport] = field(default_factory=list)
    rederived: list[str] = field(default_factory=list)
    discrepancies: list[tuple[str, Discrepancy]] = field(default_factory=list)
    appenders: Appenders = field(default_factory=Appenders)


@dataclass(frozen=True)
class Stream:
    """One stream's stored rows in version order, and its chain's report so far."""

    key: str
    subject: str
    rows: list[StoredRow]
    report: ChainReport
    stored: Sequence[StoredEvent] | None = None  # the rows as the engine reads them

    @property
    def readable(self) -> bool:
        return bool(self.rows) and all(UNREADABLE not in r.document for r in self.rows)


@dataclass(frozen=True)
class Verification:
    """What every check may consult beside the stream: the application, the
    registered keys, and whether decisions are re-derived."""

    app: Thidua
    keys: dict[str, tuple[str, str]]
    rederive: bool
    rows_of: Rows  # another stream's rows, by its id (a person's, a unit's)
    registry: Registry = tuple  # every registry row, in log order, when asked
    # Every row of these event kinds, in log order, read as they are used.
    kind_rows: KindRows = lambda _kinds: ()


StreamCheck = Callable[[Verification, Stream], list[Discrepancy]]


class StoreCheck(Protocol):
    """A check of the store as a whole: it sees every stream once, then concludes
    with its findings, each under the subject it names."""

    def see(self, verification: Verification, stream: Stream) -> None: ...

    def conclude(self) -> list[tuple[str, Discrepancy]]: ...


def signatures(verification: Verification, stream: Stream) -> list[Discrepancy]:
    """A signature that does not hold breaks the stream's record, as a hash does."""
    stream.report.said += signature_problems(stream.rows, verification.keys)
    return []


def judgement(verification: Verification, stream: Stream) -> list[Discrepancy]:
    """The re-derivation and re-judgement of a readable stream's events."""
    if not verification.rederive or not stream.readable:
        return []
    return judge_stream(verification.app, stream.key, stream.rows, stream.stored)


def eligibility(verification: Verification, stream: Stream) -> list[Discrepancy]:
    """Every proposal and grant in a cycle, against its holder's history."""
    if not verification.rederive or not stream.readable:
        return []
    streams = {stream.key: stream.rows}
    return [found for _, found in recheck_eligibility(streams, verification.rows_of)]


def counting(verification: Verification, stream: Stream) -> list[Discrepancy]:
    """Every proposal and grant of a title that counts over many people (a share,
    a collective's members), against the registry as it stood then."""
    if not verification.rederive or not stream.readable:
        return []
    return recount(stream.rows, verification.registry)


STREAM_CHECKS: list[StreamCheck] = [signatures, judgement, eligibility, counting]
# Checks of the store as a whole run when verify is asked of every stream.
STORE_CHECKS: list[Callable[[], StoreCheck]] = [CommendationCheck]


def examine(
    auditor: Auditor,
    bloc: str | None = None,
    year: int | None = None,
    *,
    rederive: bool = True,
    checks: Sequence[StreamCheck] | None = None,
) -> Examination:
    """Check one cycle (with its bloc's stream) or every stream of the store; with
    `checks`, ask these of each stream instead of `STREAM_CHECKS`."""
    streams: Iterable[Stream]
    if bloc is not None and year is not None:
        streams = _cycle(auditor, bloc, year)
        keyring = auditor.stream_rows(KEYRING_ID)
    else:
        keyring = auditor.stream_rows(KEYRING_ID, positions=True)
        streams = _everything(auditor)
    keys = registered_keys(keyring)
    keys |= certified_keys(auditor.stream_rows(AUTHORITY_ID))  # the authority's
    topics = [EVENTS[kind] for kind in REGISTRY_KINDS]
    registry = cache(lambda: list(auditor.rows(topics=topics)))
    verification = Verification(
        auditor.app,
        keys,
        rederive,
        auditor.stream_rows,
        registry,
        lambda kinds: auditor.rows(topics=[EVENTS[kind] for kind in kinds]),
    )
    whole = bloc is None and rederive
    store_checks = [make() for make in STORE_CHECKS] if whole else []
    examination = Examination()
    for stream in streams:
        examination.chains.append(stream.report)
        examination.appenders.add(stream.rows)
        if rederive and stream.readable and stream.rows[0].event == "CycleOpened":
            examination.rederived.append(stream.subject)
        for check in STREAM_CHECKS if checks is None else checks:
            examination.discrepancies += [
                (stream.subject, found) for found in check(verification, stream)
            ]
        for store_check in store_checks:
            store_check.see(verification, stream)
    for store_check in store_checks:
        examination.discrepancies += store_check.conclude()
    examination.chains.sort(key=lambda r: r.subject)
    examination.discrepancies.sort(key=lambda found: found[0])
    return examination


def _stream(
    key: str,
    rows: list[StoredRow],
    subject: str = "",
    stored: Sequence[StoredEvent] | None = None,
) -> Stream:
    rows.sort(key=lambda r: r.version)
    subject = subject or (subject_of(rows[0]) if rows else key)
    return Stream(key, subject, rows, check_chain(key, rows, subject), stored)


def _cycle(auditor: Auditor, bloc: str, year: int) -> list[Stream]:
    cycle = auditor.stream_rows(cycle_id(bloc, year))
    if not cycle:
        raise CycleNotFound(
            "no cycle {bloc}/{year}", bloc=bloc, year=year, value=f"{bloc}/{year}"
        )
    bloc_rows = auditor.stream_rows(bloc_id(bloc))
    return [
        _stream(bloc_id(bloc).hex, bloc_rows, bloc),
        _stream(cycle_id(bloc, year).hex, cycle, f"{bloc}/{year}"),
    ]


def _everything(auditor: Auditor) -> Iterator[Stream]:
    for key in auditor.streams.ids():
        # In version order, so that each row and its stored event stay paired.
        stored = sorted(
            auditor.streams.events(key), key=lambda p: p[1].originator_version
        )
        rows = [auditor.row(event, position) for position, event in stored]
        yield _stream(key.hex, rows, stored=[event for _, event in stored])
