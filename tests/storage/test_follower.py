"""The follower keeps the read models current while several processes append."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from support import dump, event_count

CLI = "from thidua.cli import main; main()"
WRITER = """
import sys
from datetime import UTC, datetime
from thidua.domain import commands as c
from thidua.store import build_app

url, code = sys.argv[1], sys.argv[2]
actor = {"name": "Người ghi", "role": "operator"}


def meta(n):
    now = datetime.now(UTC)
    return {"actor": actor, "command_id": f"{code}-{n}", "issued_at": now}


with build_app(url) as app:
    bloc = {"bloc": code, "name": f"Khối {code}", "province": "Lào Cai"}
    app.handle(c.CreateBloc(**bloc, **meta(0)))
    for n in range(1, 11):
        unit = {"bloc": code, "unit": f"{code}U{n}", "name": f"Sở {n}", "year": 2020}
        app.handle(c.AddUnit(**unit, **meta(n)))
"""


@pytest.mark.slow
def test_the_follower_sees_every_event_appended_by_several_processes(
    store_url: str,
) -> None:
    with build_app(store_url) as app:
        ReadModels(app).close()  # tables made, as the first query would
    follower = subprocess.Popen(
        [sys.executable, "-c", CLI, "--db", store_url, "projections", "follow",
         "--idle", "0.2"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        writers = [
            subprocess.Popen([sys.executable, "-c", WRITER, store_url, f"W{n}"])
            for n in range(4)
        ]
        assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0, 0]
        with build_app(store_url) as app:
            read_models = ReadModels(app)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and any(
                row["lag"] for row in read_models.status()
            ):
                time.sleep(0.1)
            status = read_models.status()
            assert {row["lag"] for row in status} == {0}, (status, follower.poll())
            assert {row["position"] for row in status} == {event_count(app)}
    finally:
        follower.send_signal(signal.SIGTERM)
        _, errors = follower.communicate(timeout=60)

    assert follower.returncode == 0, errors
    assert "Stopped after applying 44 event(s)." in errors, errors
    with build_app(store_url) as app:
        followed = dump(ReadModels(app))
    assert len(followed["audit_log"]) == 44
    assert {row[1] for row in followed["blocs"]} == {"W0", "W1", "W2", "W3"}


def test_the_follower_speaks_the_readers_language(tmp_path: object) -> None:
    store = f"{tmp_path}/f.db"
    with build_app(store) as app:
        ReadModels(app).close()
    follower = subprocess.Popen(
        [sys.executable, "-c", CLI, "--db", store, "--lang", "vi", "projections",
         "follow", "--idle", "0.1"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert follower.stderr is not None
    first = follower.stderr.readline()  # following: its signals are handled
    try:
        writer = subprocess.run(
            [sys.executable, "-c", WRITER, store, "W1"], check=False
        )
        assert writer.returncode == 0
        with build_app(store) as app:
            read_models = ReadModels(app)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and any(
                row["lag"] for row in read_models.status()
            ):
                time.sleep(0.1)
            read_models.close()
    finally:
        follower.send_signal(signal.SIGTERM)
        _, said = follower.communicate(timeout=60)

    assert first.startswith("Đang theo dõi ")
    assert "đã áp dụng" in said
    assert "Đã dừng sau khi áp dụng 11 sự kiện." in said, said
