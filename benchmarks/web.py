"""Web load benchmark: `thidua serve` under 50 concurrent clients on 127.0.0.1.

Records the demo into a fresh store in --workdir (or uses --db), adds a unit's
representative, starts `thidua serve` in a process of its own, then for --seconds
each drives, with --clients concurrent clients (one keep-alive connection each):

* the public standings page of TMTH/2020 (table, three SVG charts, checkpoint);
* the score form of SNV for TMTH/2021, signed in (the page a representative fills).

For each it prints the requests answered, their throughput, and the p50 and p99
latency; beside them, the floor measured in the same run: the same standings query
through the command line's read path, in process (`ReadModels.standings`, what
`thidua standings` asks) and as a whole `thidua standings` command.

Run:  python -m benchmarks.web --seconds 10 --clients 50 --workdir /tmp/bench-web
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PASSWORD = "mat-khau-benchmark"
STANDINGS = "/blocs/TMTH/2020"
FORM = "/units/TMTH/2021/SNV"


def thidua(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from thidua.cli import main; main()", "--db", db,
         *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip


def prepare(db: str, workdir: Path) -> None:
    """The demo and a representative's account, with the demo authority's grant
    to its name, unless the store has them."""
    thidua(db, "-q", "demo")
    secret = workdir / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    key = workdir / "lan.pem"
    if not key.exists():
        thidua(db, "keys", "generate", str(key))
    lan, admin = "Phạm Thị Lan", "Lê Văn Hùng"  # the demo's admin signs by itself
    for args in (
        ["account", "add", lan, "--role", "representative", "--unit", "SNV",
         "--bloc", "TMTH", "--password-file", str(secret)],
        ["authority", "register", str(key), "--holder", lan, "--as", admin],
        ["authority", "grant", lan, "unit", "SNV", "--as", admin],
    ):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-c", "from thidua.cli import main; main()", "--db",
             db, "-q", *args],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode not in (0, 1):  # 1: it is there already
            raise SystemExit(done.stderr)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(db: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "from thidua.cli import main; main()", "--db", db,
         "-q", "serve", "--port", str(port), "--insecure-cookies"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(process.communicate()[1].decode()) from None
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


async def signed_in(client: object) -> None:
    page = await client.get("/login")  # type: ignore[attr-defined]
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token, page.text
    answer = await client.post(  # type: ignore[attr-defined]
        "/login",
        data={"form_token": token[1], "name": "Phạm Thị Lan", "password": PASSWORD},
    )
    if answer.status_code != 200 or "Phạm Thị Lan" not in answer.text:
        raise SystemExit(f"sign-in failed: {answer.status_code}")


async def drive(
    base: str, path: str, clients: int, seconds: float, login: bool
) -> tuple[list[float], float]:
    """Latencies of every answer, and the time they took, with `clients` at once."""
    import httpx2

    latencies: list[float] = []

    async def one() -> None:
        async with httpx2.AsyncClient(
            base_url=base, timeout=60, follow_redirects=True
        ) as client:
            if login:
                await signed_in(client)
            ready.append(True)
            await go.wait()
            while time.perf_counter() < end:
                start = time.perf_counter()
                answer = await client.get(path)
                if answer.status_code != 200:
                    raise SystemExit(f"{path}: {answer.status_code}")
                latencies.append(time.perf_counter() - start)

    go = asyncio.Event()
    ready: list[bool] = []
    end = float("inf")
    tasks = [asyncio.create_task(one()) for _ in range(clients)]
    while len(ready) < clients:  # every client connected (and signed in) first
        await asyncio.sleep(0.05)
    begun = time.perf_counter()
    end = begun + seconds
    go.set()
    await asyncio.gather(*tasks)
    return latencies, time.perf_counter() - begun


def floor(db: str, times: int) -> tuple[float, float]:
    """The standings query through the read models in process, and as a command:
    median seconds each."""
    from thidua.projections.read_models import ReadModels
    from thidua.store import sqlite_file, store_url_kind

    store = sqlite_file(db) if store_url_kind(db) == "sqlite" else db
    models = ReadModels(None, store=store)
    try:
        inside = []
        for _ in range(times * 20):
            start = time.perf_counter()
            models.standings("TMTH", 2020)
            inside.append(time.perf_counter() - start)
    finally:
        models.close()
    command = []
    for _ in range(times):
        start = time.perf_counter()
        thidua(db, "standings", "TMTH/2020", "--format", "json")
        command.append(time.perf_counter() - start)
    return statistics.median(inside), statistics.median(command)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db", help="A store (default: a fresh SQLite file)")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--times", type=int, default=5, help="Runs of the floor")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-web-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = args.db or str(workdir / "web.db")
    prepare(db, workdir)
    inside, command = floor(db, args.times)
    print(f"web load: {args.clients} clients, {args.seconds:g} s a page, store {db}")
    # A shared machine's other work shows in every figure: say how busy it was.
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} (1, 5, 15 min) at the start")
    print(f"{'page':<34} {'answers':>8} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    with server(db) as base:
        for name, path, login in (
            ("public standings " + STANDINGS, STANDINGS, False),
            ("score form " + FORM, FORM, True),
        ):
            latencies, took = asyncio.run(
                drive(base, path, args.clients, args.seconds, login)
            )
            print(
                f"{name:<34} {len(latencies):>8} {len(latencies) / took:>8.1f}"
                f" {percentile(latencies, 0.5) * 1000:>8.1f}"
                f" {percentile(latencies, 0.99) * 1000:>8.1f}"
            )
    print(
        f"floor, the same standings query: in process {inside * 1000:.2f} ms"
        f" (ReadModels.standings), as `thidua standings` {command * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
