"""`dossier serve` for the end-to-end tests, started one way: as a process on a free
loopback port, with none of the developer's SLACK_*/DOSSIER_* settings, waited for until
it answers, and stopped (SIGTERM) at the end with its log kept for the assertions.

    async with dossier_serve(tmp_path, DOSSIER_DB_PATH=..., SLACK_BOT_TOKEN=...) as served:
        ...  # served.base is http://127.0.0.1:PORT, answering
    assert served.returncode == 0 and "Traceback" not in served.output()

`wait_until_up` is the polling underneath, for a server run in-process (Socket Mode).
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.conftest import ROOT

STOP_TIMEOUT = 10.0  # seconds a stopped server has to exit before it is killed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a dossier process: ours without SLACK_*, DOSSIER_* and PORT, no
    settings file, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOSSIER_")) and k != "PORT"}
    env.update({"DOSSIER_CONFIG": str(tmp_path / "absent.toml"), "PYTHONPATH": str(ROOT), **extra})
    return env


async def wait_until_up(url: str, alive: Callable[[], None], *, timeout: float = 30.0) -> None:
    """Poll GET `url` until it answers 200. `alive()` fails the test (with the server's own
    words) as soon as the server is gone; past `timeout`, the test fails too."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            alive()
            try:
                async with http.get(url) as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            assert time.monotonic() < deadline, f"nothing answered {url} within {timeout:.0f} s"
            await asyncio.sleep(0.05)


@dataclass
class Served:
    base: str  # http://127.0.0.1:PORT
    log: Path
    process: asyncio.subprocess.Process

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def output(self) -> str:
        return self.log.read_text()


@asynccontextmanager
async def dossier_serve(tmp_path: Path, *, ready: str = "/healthz", timeout: float = 30.0,
                        **env: str) -> AsyncIterator[Served]:
    """`dossier serve` with `env` over serve_env(), up once GET `ready` answers 200."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--port", str(port), env=serve_env(tmp_path, **env),
            cwd=tmp_path, stdout=out, stderr=asyncio.subprocess.STDOUT)
    served = Served(f"http://127.0.0.1:{port}", log, process)

    def alive() -> None:
        assert process.returncode is None, served.output()

    try:
        await wait_until_up(served.base + ready, alive, timeout=timeout)
        yield served
    finally:
        if process.returncode is None:
            process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()
