"""Fixtures for the Slack wire tests (registered by tests/conftest.py's pytest_plugins).

    slack_api     the FakeSlack Web API, on 127.0.0.1 in the test's loop
    make_settings Settings pointing at it (token xoxb-test, SIGNING_SECRET), over `seeded_db`,
                  with a state store of the test's own
    slack         a SlackDriver: the real app in HTTP mode, in-process on 127.0.0.1
    start_bot     start_bot(**settings) → another such SlackDriver, with those settings
    drive         drive(web_app(…)) → a SlackDriver for an app the test built itself
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.settings import Settings
from bot.state import StateStore
from bot.store import Store
from tests.fakes.slack import FakeSlack, SlackDriver

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test"


@pytest.fixture(autouse=True)
def no_slack_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No developer's SLACK_* variable reaches a test."""
    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name)
    yield


@pytest.fixture
async def slack_api(aiohttp_server: Any) -> FakeSlack:
    fake = FakeSlack()
    server = await aiohttp_server(fake.app, host="127.0.0.1", port=0)
    fake.root = str(server.make_url("")).rstrip("/")
    return fake


@pytest.fixture
def make_settings(slack_api: FakeSlack, seeded_db: Path, tmp_path: Path) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "slack_bot_token": BOT_TOKEN,
            "slack_signing_secret": SIGNING_SECRET,
            "slack_api_url": slack_api.api_url,
            "db_path": seeded_db,
            # each test its own state store (handled event ids, subscriptions), never the
            # one beside the session's shared corpus
            "state_url": f"sqlite:///{tmp_path / 'state.db'}",
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def drive(aiohttp_client: Any, slack_api: FakeSlack) -> Callable[[web.Application], Awaitable[SlackDriver]]:
    """drive(web_app(…)) → a SlackDriver for that app, served in-process on 127.0.0.1."""

    async def served(application: web.Application) -> SlackDriver:
        client = await aiohttp_client(application, server_kwargs={"host": "127.0.0.1", "port": 0})
        return SlackDriver(client, slack_api, SIGNING_SECRET)

    return served


@pytest.fixture
async def start_bot(drive: Callable[[web.Application], Awaitable[SlackDriver]],
                    make_settings: Callable[..., Settings], seeded: Store) -> Callable[..., Any]:
    """start_bot(store=…, state=…, **settings) → a SlackDriver talking to a freshly built app
    (its state store `state` if given, else opened from the settings on first use)."""
    from handlers.app import web_app

    async def start(store: Store | None = None, *, state: StateStore | None = None,
                    **overrides: Any) -> SlackDriver:
        return await drive(web_app(make_settings(**overrides), store or seeded, state=state))

    return start


@pytest.fixture
async def slack(start_bot: Callable[..., Any]) -> SlackDriver:
    return await start_bot()
