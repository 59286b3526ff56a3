"""When a cycle stood at a moment: by the time its facts happened, or were recorded."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from thidua.domain.auditor.moments import version_as_of

ICT = timezone(timedelta(hours=7))


def event(recorded: str, occurred: str | None = None) -> dict[str, str]:
    document = {"timestamp": recorded}
    if occurred is not None:
        document["occurred_at"] = occurred
    return document


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_an_event_without_a_time_of_fact_happened_when_it_was_recorded() -> None:
    events = [event("2021-01-20T07:00:00Z"), event("2021-01-25T02:00:00Z")]

    assert version_as_of(events, at("2021-01-25T08:30+07:00"), "occurred") == 1
    assert version_as_of(events, at("2021-01-25T09:00+07:00"), "occurred") == 2


def test_a_day_counts_from_its_start_in_the_moment_s_own_offset() -> None:
    events = [event("2021-01-26T01:00:00Z", "2021-01-25")]

    assert version_as_of(events, at("2021-01-25T00:00+07:00"), "occurred") == 1
    assert version_as_of(events, at("2021-01-24T23:59+07:00"), "occurred") == 0


def test_a_fact_entered_after_a_later_one_waits_for_it() -> None:
    events = [
        event("2021-02-01T01:00:00Z", "2021-01-28"),
        event("2021-02-01T01:01:00Z", "2021-01-20"),  # entered late
    ]

    assert version_as_of(events, at("2021-01-25T12:00+07:00"), "occurred") == 0
    assert version_as_of(events, at("2021-01-28T12:00+07:00"), "occurred") == 2


def test_by_recording_time_the_facts_own_times_do_not_count() -> None:
    events = [event("2021-01-20T07:00:00Z", "2018-01-15")]

    assert version_as_of(events, at("2019-01-01T00:00+07:00"), "recorded") == 0
    assert version_as_of(events, at("2021-01-20T15:00+07:00"), "recorded") == 1
