"""The bot under load, measured over the real wire: signed requests to the app's HTTP
server on 127.0.0.1, answers read from the Slack double (`tests/fakes/slack.py`).

- burst: N signed `/timeline YEAR` at a given concurrency, against the dossier app
  and against a bare Bolt app that only acks (the floor), in rounds taking turns
  (BURST_ROUNDS), so that both meet the machine's other load alike; ack times, real
  answers (not an error), and how fast answers drain;
- lag: a ticker on the app's event loop while long `/quote`s and `/source`s run.

For the burst each app runs in a process of its own (`python -m bench.load dossier|bare
DB API_URL`), as `dossier serve` does, the Slack double in another (`slack`), and the
client in this one; the lag is measured inside the app's process, so all of it runs here. The rate
limits stay as they are (handlers/limits.py); the burst comes as many people asking
once each would send it: from BURST_TEAMS workspaces, no user asking twice, so that
no limit refuses any of it and every request is answered, after the limiter's check.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.slack import FakeSlack, command_body, signed_headers

_RUNS = itertools.count()
BURST_TEAMS = 10  # a workspace may send 200 at once, then 10 a second (limits.TEAM_BURST)
# Bursts of each app, taking turns: the row is the median of each round's dossier p99 over
# the bare app's p99 in that round. Measured one after the other, once each, the two
# p99s met different moments of a shared machine's load, and the ratio ran 0.4x to 3.6x.
BURST_ROUNDS = 3
SECRET = "bench-signing-secret-0123456789abcdef"
TOKEN = "xoxb-bench"


@dataclass(frozen=True)
class Burst:
    sent: int
    ack_p99: float  # seconds
    answered: int  # real answers (not an error message)
    drained_per_second: float  # answers received per second, from the first request to the last answer


@dataclass(frozen=True)
class Bursts:
    """The same burst against each app, round after round, the apps taking turns."""

    dossier: tuple[Burst, ...]
    bare: tuple[Burst, ...]

    @property
    def ratio(self) -> float:
        """The median of the rounds' dossier ack p99 over the bare app's in the same round."""
        return statistics.median(d.ack_p99 / b.ack_p99 for d, b in zip(self.dossier, self.bare))

    @property
    def sent(self) -> int:
        return sum(d.sent for d in self.dossier)

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.dossier)


@dataclass(frozen=True)
class Lag:
    max_lag: float  # seconds the loop was late on a 5 ms tick, at worst
    idle_lag: float  # the same with nothing in flight, as long: what the machine itself adds
    answered: int


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}/slack/events"


async def _fake_slack(count_answers: bool = False) -> tuple[FakeSlack, web.AppRunner]:
    fake = FakeSlack()
    if count_answers:
        _with_answers_count(fake)
    runner, url = await _serve(fake.app)
    fake.root = url.removesuffix("/slack/events")
    return fake, runner


def _dossier_app(db_store: Any, fake: FakeSlack) -> web.Application:
    from bot.settings import Settings
    from handlers.app import build_app, web_app

    settings = Settings(slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=fake.api_url,
                        db_path=db_store.path)
    return web_app(settings, db_store, bolt=build_app(settings, db_store))


def _bare_app(fake: FakeSlack) -> web.Application:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=fake.api_url + "/"),
                   signing_secret=SECRET)

    @app.command("/timeline")
    async def only_ack(ack: Any) -> None:
        await ack()

    return app.web_app()


async def _burst(url: str, slack_root: str, text: str, count: int, concurrency: int,
                 answers: bool, teams: int = 0) -> Burst:
    gate = asyncio.Semaphore(concurrency)
    acks: list[float] = []
    run = next(_RUNS)
    prefix = f"/respond/burst{run}-"
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:

        async def one(i: int) -> None:
            # `teams` numbers a set of BURST_TEAMS workspaces: a round after another, on a set of its
            # own, finds full rate-limit buckets. Users never repeat.
            body = command_body("/timeline", text, f"{slack_root}{prefix}{i}",
                                team_id=f"T{teams:02d}{i % BURST_TEAMS:02d}", user_id=f"U{run:02d}{i:05d}")
            async with gate:
                sent = time.perf_counter()
                async with session.post(url, data=body.encode(), headers=signed_headers(SECRET, body)) as r:
                    await r.read()
                    assert r.status == 200, r.status
                acks.append(time.perf_counter() - sent)

        await asyncio.gather(*(one(i) for i in range(count)))
        got = {"posted": 0, "answered": 0}
        if answers:
            deadline = time.perf_counter() + 120
            while time.perf_counter() < deadline:
                async with session.get(f"{slack_root}{ANSWERS_PATH}", params={"prefix": prefix}) as r:
                    got = await r.json()
                if got["posted"] >= count:
                    break
                await asyncio.sleep(0.05)
    seconds = time.perf_counter() - start
    return Burst(count, _p99(acks), got["answered"], (got["answered"] or count) / seconds)


ANSWERS_PATH = "/bench/answers"  # the Slack double's own process: how many answers under a prefix


def _with_answers_count(fake: FakeSlack) -> None:
    async def answers(request: web.Request) -> web.Response:
        prefix = request.query["prefix"]
        posted = [c for c in fake.calls_to("respond") if c.path.startswith(prefix)]
        return web.json_response({"posted": len(posted),
                                  "answered": sum(1 for c in posted if not _is_error(c.body))})

    fake.app.router.add_get(ANSWERS_PATH, answers)


def _is_error(message: dict[str, Any]) -> bool:
    text = str(message.get("text", ""))
    return "trop de temps" in text or "Je ne peux pas" in text or "erreur" in text.lower()


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


async def _with_servers(db: Path, work: Callable[[FakeSlack, str, str], Awaitable[Any]]) -> Any:
    from bot.store import Store

    fake, fake_runner = await _fake_slack()
    store = await Store.open(db, read_only=True)
    runners = []
    try:
        dossier_runner, dossier_url = await _serve(_dossier_app(store, fake))
        bare_runner, bare_url = await _serve(_bare_app(fake))
        runners = [dossier_runner, bare_runner]
        return await work(fake, dossier_url, bare_url)
    finally:
        for runner in runners:
            await runner.cleanup()
        await store.close()
        await fake_runner.cleanup()


def burst(db: Path, text: str, count: int, concurrency: int, rounds: int = BURST_ROUNDS) -> Bursts:
    """The dossier app and a bare Bolt app under the same burst of signed commands, each app in
    its own process, both up throughout, taking turns for `rounds` rounds (who goes first alternates)."""

    async def go() -> Bursts:
        # The Slack double in a process of its own too: receiving 2,000 answers must not slow
        # the client that times the acknowledgements (the bare app sends none).
        processes = [subprocess.Popen([sys.executable, "-m", "bench.load", "slack", str(db), "-"],
                                      stdout=subprocess.PIPE, text=True)]
        loop = asyncio.get_running_loop()
        try:
            root = (await loop.run_in_executor(None, processes[0].stdout.readline)).strip()
            urls = {}
            for kind in ("dossier", "bare"):
                processes.append(subprocess.Popen([sys.executable, "-m", "bench.load", kind, str(db),
                                                   f"{root}/api/"], stdout=subprocess.PIPE, text=True))
                urls[kind] = (await loop.run_in_executor(None, processes[-1].stdout.readline)).strip()
            results: dict[str, list[Burst]] = {"dossier": [], "bare": []}
            teams = itertools.count()
            for turn in range(rounds):
                for kind in ("dossier", "bare") if turn % 2 == 0 else ("bare", "dossier"):
                    # Each burst on workspaces of its own, which a few requests warm up first.
                    answers, workspaces = kind == "dossier", next(teams)
                    await _burst(urls[kind], root, text, concurrency, concurrency, answers, workspaces)
                    results[kind].append(await _burst(urls[kind], root, text, count, concurrency, answers,
                                                      workspaces))
            return Bursts(tuple(results["dossier"]), tuple(results["bare"]))
        finally:
            for process in processes:
                process.terminate()
                process.wait()

    return asyncio.run(go())


async def _serve_until_killed(kind: str, db: Path, api_url: str) -> None:
    from bot.store import Store
    from handlers.app import freeze_startup_objects

    if kind == "slack":
        fake, _runner = await _fake_slack(count_answers=True)
        print(fake.root, flush=True)
        await asyncio.Event().wait()
        return
    fake = FakeSlack()
    fake.root = api_url.removesuffix("/api/")
    store = await Store.open(db, read_only=True)
    runner, url = await _serve(_dossier_app(store, fake) if kind == "dossier" else _bare_app(fake))
    freeze_startup_objects()  # as `dossier serve` does; the bare app too, so that the floor is as low
    print(url, flush=True)
    await asyncio.Event().wait()


def lag(db: Path, quote: str, claim: str, each: int = 10) -> Lag:
    """The loop's worst lateness on a 5 ms tick while `each` long /quote and /source run."""

    async def work(fake: FakeSlack, dossier_url: str, bare_url: str) -> Lag:
        worst = 0.0
        running = True

        async def ticker() -> None:
            nonlocal worst
            while running:
                before = time.perf_counter()
                await asyncio.sleep(0.005)
                worst = max(worst, time.perf_counter() - before - 0.005)

        paths = [f"/respond/lag{i}" for i in range(2 * each)]
        async with aiohttp.ClientSession() as session:
            async def ask(i: int, command: str, text: str) -> None:
                body = command_body(command, text, fake.root + paths[i], user_id=f"U{i:04d}")
                async with session.post(dossier_url, data=body.encode(),
                                        headers=signed_headers(SECRET, body)) as r:
                    await r.read()

            tick = asyncio.create_task(ticker())
            await asyncio.sleep(0.05)
            worst = 0.0
            started = time.perf_counter()
            await asyncio.gather(*(ask(i, "/quote", quote) for i in range(each)),
                                 *(ask(each + i, "/source", claim) for i in range(each)))
            deadline = time.perf_counter() + 120
            while time.perf_counter() < deadline:
                got = [c for c in fake.calls_to("respond") if c.path in set(paths)]
                if len(got) >= len(paths):
                    break
                await asyncio.sleep(0.01)
            busy, worst = worst, 0.0
            await asyncio.sleep(time.perf_counter() - started)  # as long again, idle
            running = False
            await tick
        return Lag(busy, worst, sum(1 for c in got if not _is_error(c.body)))

    return asyncio.run(_with_servers(db, work))


if __name__ == "__main__":  # served until killed: `python -m bench.load dossier|bare|slack DB API_URL`
    asyncio.run(_serve_until_killed(sys.argv[1], Path(sys.argv[2]), sys.argv[3]))
