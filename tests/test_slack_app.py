"""The app around the surfaces: health and readiness, credentials, the one client
factory, the start-up check, and `dossier serve` end to end as a subprocess."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
import pytest

from bot.errors import ConfigError
from bot.settings import Settings
from bot.store import Store
from handlers import build_app, serve, web_app
from handlers.app import check_token
from handlers import pending
from handlers.common import DEFAULT_API_URL, slack_client
from tests.fakes.fixtures import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack import FakeSlack, SlackDriver, command_body, signed_headers, visible_text
from tests.serving import dossier_serve, free_port, serve_env, wait_until_up


async def test_healthz_and_readyz(aiohttp_client: Any, make_settings: Callable[..., Settings],
                                  seeded: Store) -> None:
    client = await aiohttp_client(web_app(make_settings(), seeded))
    health = await client.get("/healthz")
    assert health.status == 200 and (await health.json())["alive"] is True
    ready = await client.get("/readyz")
    assert ready.status == 200 and (await ready.json())["ready"] is True


async def test_readyz_is_503_on_an_empty_corpus(aiohttp_client: Any, make_settings: Callable[..., Settings],
                                                tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "empty.db")
    try:
        client = await aiohttp_client(web_app(make_settings(), store))
        assert (await client.get("/healthz")).status == 200
        ready = await client.get("/readyz")
        assert ready.status == 503
        assert "dossier ingest" in (await ready.json())["problems"][0]
    finally:
        await store.close()


async def test_readyz_is_503_when_the_database_is_closed(aiohttp_client: Any,
                                                         make_settings: Callable[..., Settings],
                                                         seeded_db: Path) -> None:
    store = await Store.open(seeded_db, read_only=True)
    client = await aiohttp_client(web_app(make_settings(), store))
    await store.close()
    assert (await client.get("/readyz")).status == 503


async def test_readyz_waits_for_socket_mode(aiohttp_client: Any, make_settings: Callable[..., Settings],
                                            seeded: Store) -> None:
    connected = False

    async def is_connected() -> bool:
        return connected

    client = await aiohttp_client(web_app(make_settings(), seeded, events=False, connected=is_connected))
    assert (await client.get("/readyz")).status == 503
    connected = True
    assert (await client.get("/readyz")).status == 200
    assert (await client.post("/slack/events", data=b"")).status in (404, 405)


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({}, "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set"),
        ({"slack_bot_token": BOT_TOKEN}, "SLACK_SIGNING_SECRET is not set"),
        ({"slack_signing_secret": SIGNING_SECRET}, "SLACK_BOT_TOKEN is not set"),
        ({"slack_app_token": "xapp-secret-app-token"}, "SLACK_BOT_TOKEN is not set"),
    ],
)
async def test_missing_credentials_name_the_variable_and_offline_use(
    values: dict[str, str], named: str, seeded: Store, seeded_db: Path
) -> None:
    settings = Settings(db_path=seeded_db, **values)
    with pytest.raises(ConfigError) as raised:
        build_app(settings, seeded)
    with pytest.raises(ConfigError) as raised_by_serve:
        await serve(settings)
    for error in (raised.value, raised_by_serve.value):
        message = str(error)
        assert named in message and "dossier ask" in message
        assert "\n" not in message
        assert SIGNING_SECRET not in message and "xapp-secret-app-token" not in message


def test_one_client_factory_for_every_call(make_settings: Callable[..., Settings], slack_api: FakeSlack,
                                           seeded: Store) -> None:
    settings = make_settings()
    client = slack_client(settings)
    assert client.base_url == slack_api.api_url and client.token == BOT_TOKEN
    app = build_app(settings, seeded)
    assert app.client.base_url == slack_api.api_url and app.client.token == BOT_TOKEN
    default = slack_client(make_settings(slack_api_url=None))
    assert default.base_url == DEFAULT_API_URL


async def test_start_up_checks_the_token(make_settings: Callable[..., Settings], slack_api: FakeSlack) -> None:
    identity = await check_token(make_settings())
    assert identity["user_id"] == "UDOSSIER"
    assert slack_api.calls_to("auth.test")[0].token == BOT_TOKEN
    slack_api.fail["auth.test"] = "invalid_auth"
    with pytest.raises(ConfigError) as raised:
        await check_token(make_settings())
    assert "invalid_auth" in str(raised.value) and BOT_TOKEN not in str(raised.value)


def test_serve_without_credentials_prints_one_line(tmp_path: Path, seeded_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--port", str(free_port())],
        env=serve_env(tmp_path, DOSSIER_DB_PATH=str(seeded_db)),
        cwd=tmp_path, capture_output=True, text=True, timeout=30,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "SLACK_BOT_TOKEN" in done.stderr and "dossier ask" in done.stderr


async def test_dossier_serve_end_to_end(tmp_path: Path, seeded_db: Path, slack_api: FakeSlack) -> None:
    secret = "e2e-signing-secret"
    async with dossier_serve(tmp_path, SLACK_API_URL=slack_api.api_url, DOSSIER_DB_PATH=str(seeded_db),
                             SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=secret) as served:
        base = served.base
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/readyz") as ready:
                assert ready.status == 200
            assert slack_api.calls_to("auth.test"), "no auth.test at start-up"

            url = slack_api.response_url("e2e")
            body = command_body("/timeline", "2019", url)
            async with http.post(f"{base}/slack/events", data=body.encode(),
                                 headers=signed_headers(secret, body)) as sent:
                assert sent.status == 200
            async with http.post(f"{base}/slack/events", data=body.encode(),
                                 headers=signed_headers("wrong", body)) as forged:
                assert forged.status == 401
            await slack_api.wait_for("respond", timeout=10)
            replies = [c for c in slack_api.calls_to("respond") if c.path.endswith("/e2e")]
            seen = visible_text(replies[0].body)
            assert "juillet 2019 — " in seen and "`002_b5f6084d3fa5f75b` · mars 2023" in seen
            assert len(slack_api.calls_to("respond")) == 1
    output = served.output()
    assert secret not in output and "xoxb-test" not in output
    assert "unused" not in output and "WARNING" not in output  # no warning at every start


async def test_stopping_still_gives_the_answers_already_acknowledged(tmp_path: Path, seeded_db: Path,
                                                                    slack_api: FakeSlack) -> None:
    # Slack asks the answer's first post to wait a second (429); the server is stopped meanwhile.
    slack_api.ratelimit["respond"] = 1
    secret = "stop-signing-secret"
    async with dossier_serve(tmp_path, SLACK_API_URL=slack_api.api_url, DOSSIER_DB_PATH=str(seeded_db),
                             SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=secret) as served:
        body = command_body("/timeline", "2019", slack_api.response_url("stopping"))
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{served.base}/slack/events", data=body.encode(),
                                 headers=signed_headers(secret, body)) as sent:
                assert sent.status == 200
        await slack_api.wait_for("respond")  # the first try, told to wait
        served.process.terminate()
        await asyncio.wait_for(served.process.wait(), 15)
    assert served.returncode == 0, served.output()
    tries = [c for c in slack_api.calls_to("respond") if c.path.endswith("/stopping")]
    assert len(tries) == 2 and "juillet 2019 — " in visible_text(tries[-1].body)
    assert "Traceback" not in served.output()


async def test_an_answer_slack_never_takes_is_given_up_at_the_stop_in_one_line(
        slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    slack_api.hold["respond"] = "never answers"
    sent = await slack.post(command_body("/timeline", "2019", slack.new_response_url()))
    assert sent.status == 200
    await slack_api.wait_for("respond")
    assert pending.count() == 1
    await pending.drain(timeout=0.2)
    assert pending.count() == 0
    lines = [r.getMessage() for r in caplog.records if r.name == "dossier.slack"]
    assert lines == ["stopped with acknowledged requests still unanswered after 0.2 s: 1"]


async def test_socket_mode(make_settings: Callable[..., Settings], slack_api: FakeSlack) -> None:
    port = free_port()
    settings = make_settings(slack_signing_secret=None, slack_app_token="xapp-test", port=port)
    running = asyncio.create_task(serve(settings))

    def alive() -> None:
        assert not running.done(), running.exception()

    try:
        await wait_until_up(f"http://127.0.0.1:{port}/readyz", alive, timeout=10)
        async with aiohttp.ClientSession() as http:
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}") as events:
                assert events.status in (404, 405)  # Socket Mode serves no HTTP endpoint for Slack
        [opened] = slack_api.calls_to("apps.connections.open")
        assert opened.token == "xapp-test"
        url = slack_api.response_url("socket")
        payload = dict(parse_qsl(command_body("/quote", "altman", url)))
        await slack_api.socket_send({"envelope_id": "env-1", "type": "slash_commands",
                                     "accepts_response_payload": True, "payload": payload})
        acks = await slack_api.wait_for("socket")
        assert acks[0].body["envelope_id"] == "env-1"
        await slack_api.wait_for("respond")
        [reply] = [c for c in slack_api.calls_to("respond") if c.path.endswith("/socket")]
        assert "— Sam Altman" in visible_text(reply.body)
    finally:
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running


async def test_serve_keeps_start_up_objects_out_of_the_collectors_full_passes(
        make_settings: Callable[..., Settings], slack_api: FakeSlack) -> None:
    # A full pass stops the event loop while it walks every object it tracks; modules and the
    # app live as long as the process, so serving leaves them out, and stopping gives them back.
    port = free_port()
    running = asyncio.create_task(serve(make_settings(port=port)))

    def alive() -> None:
        assert not running.done(), running.exception()

    try:
        await wait_until_up(f"http://127.0.0.1:{port}/healthz", alive, timeout=10)
        assert gc.get_freeze_count() > 0
    finally:
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
    assert gc.get_freeze_count() == 0
