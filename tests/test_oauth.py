"""Many workspaces over the wire: install by OAuth against the Web API double (the
"Add to Slack" page, Slack's redirect with its code and state), each workspace answered
with its own token, app_uninstalled deleting one workspace's tokens and no other's."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from bot.settings import Settings
from bot.state import StateStore
from bot.store import Store
from handlers import oauth
from tests.fakes.slack import BOT_USER_ID, FakeSlack, SlackDriver, mention
from tests.serving import dossier_serve

OAUTH = {"slack_bot_token": None, "slack_client_id": "111.222", "slack_client_secret": "client-secret",
         "slack_state_secret": "state-secret-0123456789"}


@pytest.fixture
async def installs(drive: Callable[..., Any], make_settings: Callable[..., Settings],
                   seeded: Store) -> AsyncIterator[SlackDriver]:
    """The app in OAuth mode, its state store (installations included) a SQLite file."""
    from handlers.app import build_app, web_app

    settings = make_settings(**OAUTH)
    state = await StateStore.open(settings.state_location())
    app = build_app(settings, seeded, state=state)
    assert app.oauth_flow is not None
    await oauth.prepare(app.oauth_flow.settings)
    yield await drive(web_app(settings, seeded, bolt=app, state=state))
    await state.close()


async def install(slack: SlackDriver, team: str) -> Any:
    """A workspace admin's browser: the install page, Slack's consent (the double), the redirect."""
    page = await slack.client.get(oauth.INSTALL_PATH)
    assert page.status == 200
    html = await page.text()
    authorize = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', html)
    assert authorize, html
    query = parse_qs(urlsplit(authorize.group(1).replace("&amp;", "&")).query)
    assert query["client_id"] == ["111.222"]
    assert "chat:write" in query["scope"][0].split(",")
    state = query["state"][0]
    cookie = page.headers["Set-Cookie"].split(";")[0]
    return await slack.client.get(oauth.REDIRECT_PATH, params={"code": f"code-{team}", "state": state},
                                  headers={"Cookie": cookie})


async def test_install_by_oauth_then_answer_with_that_workspaces_token(installs: SlackDriver,
                                                                      slack_api: FakeSlack) -> None:
    done = await install(installs, "T0ONE")
    assert done.status == 200
    [exchange] = slack_api.calls_to("oauth.v2.access")
    assert exchange.body["code"] == "code-T0ONE"
    await installs.event(mention("2019", "1700000500.000100"), event_id="EvOne", team_id="T0ONE")
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert posted.token == "xoxb-T0ONE"


async def test_two_workspaces_each_answered_with_their_own_token(installs: SlackDriver,
                                                                 slack_api: FakeSlack) -> None:
    for team in ("T0ONE", "T0TWO"):
        assert (await install(installs, team)).status == 200
    await installs.event(mention("2019", "1700000600.000100"), event_id="EvA", team_id="T0TWO")
    await installs.event(mention("2019", "1700000601.000100"), event_id="EvB", team_id="T0ONE")
    posted = await slack_api.wait_for("chat.postMessage", count=2)
    by_thread = {p.body["thread_ts"]: p.token for p in posted}
    assert by_thread == {"1700000600.000100": "xoxb-T0TWO", "1700000601.000100": "xoxb-T0ONE"}


async def test_uninstall_deletes_that_workspaces_tokens_and_no_other(installs: SlackDriver,
                                                                    slack_api: FakeSlack) -> None:
    for team in ("T0ONE", "T0TWO"):
        assert (await install(installs, team)).status == 200
    gone = await installs.event({"type": "app_uninstalled", "event_ts": "1700000700.1"},
                                event_id="EvGone", team_id="T0ONE")
    assert gone.status == 200
    await slack_api.settle()
    await installs.event(mention("2019", "1700000701.000100"), event_id="EvAfter1", team_id="T0ONE")
    await installs.event(mention("2019", "1700000702.000100"), event_id="EvAfter2", team_id="T0TWO")
    [posted] = await slack_api.wait_for("chat.postMessage")
    await slack_api.settle()
    assert [(p.token, p.body["thread_ts"]) for p in slack_api.calls_to("chat.postMessage")] == [
        ("xoxb-T0TWO", "1700000702.000100")]


async def test_a_redirect_with_a_forged_or_replayed_state_installs_nothing(installs: SlackDriver,
                                                                          slack_api: FakeSlack) -> None:
    page = await installs.client.get(oauth.INSTALL_PATH)
    cookie = page.headers["Set-Cookie"].split(";")[0]
    state = cookie.split("=", 1)[1]
    value = state.rpartition(".")[0]
    forged = await installs.client.get(oauth.REDIRECT_PATH, params={"code": "code-T0BAD", "state": value + ".0"},
                                       headers={"Cookie": f"slack-app-oauth-state={value}.0"})
    assert forged.status in (400, 401)
    ok = await installs.client.get(oauth.REDIRECT_PATH, params={"code": "code-T0OK", "state": state},
                                   headers={"Cookie": cookie})
    assert ok.status == 200
    replayed = await installs.client.get(oauth.REDIRECT_PATH, params={"code": "code-T0BAD", "state": state},
                                         headers={"Cookie": cookie})
    assert replayed.status in (400, 401)
    assert [c.body["code"] for c in slack_api.calls_to("oauth.v2.access")] == ["code-T0OK"]


async def test_a_refused_code_installs_nothing(installs: SlackDriver, slack_api: FakeSlack) -> None:
    slack_api.fail["oauth.v2.access"] = "invalid_code"
    done = await install(installs, "T0ONE")
    assert done.status >= 400
    await installs.event(mention("2019", "1700000800.000100"), event_id="EvNone", team_id="T0ONE")
    await slack_api.settle()
    assert slack_api.calls_to("chat.postMessage") == []


def test_oauth_settings_are_all_or_nothing() -> None:
    half = Settings(slack_client_id="111.222", slack_signing_secret="s")
    assert half.missing_slack_credentials() == ["SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"]
    whole = Settings(**{**OAUTH, "slack_signing_secret": "s"})
    assert whole.oauth and whole.missing_slack_credentials() == []
    assert Settings(slack_bot_token="xoxb-1", slack_signing_secret="s").missing_slack_credentials() == []


async def test_revoked_tokens_are_deleted_for_that_workspace_only(installs: SlackDriver,
                                                                  slack_api: FakeSlack) -> None:
    for team in ("T0ONE", "T0TWO"):
        assert (await install(installs, team)).status == 200
    revoked = {"type": "tokens_revoked", "tokens": {"bot": [BOT_USER_ID]}, "event_ts": "1700000900.1"}
    assert (await installs.event(revoked, event_id="EvRevoked", team_id="T0TWO")).status == 200
    await slack_api.settle()
    await installs.event(mention("2019", "1700000901.000100"), event_id="EvR1", team_id="T0TWO")
    await installs.event(mention("2019", "1700000902.000100"), event_id="EvR2", team_id="T0ONE")
    await slack_api.wait_for("chat.postMessage")
    await slack_api.settle()
    assert [(p.token, p.body["thread_ts"]) for p in slack_api.calls_to("chat.postMessage")] == [
        ("xoxb-T0ONE", "1700000902.000100")]


async def test_dossier_serve_installs_by_oauth(tmp_path: Any, seeded_db: Any, slack_api: FakeSlack) -> None:
    """The real `dossier serve`, in OAuth mode: no token at start, the install page served,
    slack_sdk's tables created in the state store it opens."""
    state = tmp_path / "state.db"
    async with dossier_serve(tmp_path, SLACK_API_URL=slack_api.api_url, DOSSIER_DB_PATH=str(seeded_db),
                             DOSSIER_STATE_URL=f"sqlite:///{state}", SLACK_SIGNING_SECRET="e2e",
                             SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="client-secret",
                             SLACK_STATE_SECRET="state-secret-0123456789") as served:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{served.base}{oauth.INSTALL_PATH}") as page:
                assert page.status == 200
                assert "slack.com/oauth/v2/authorize" in await page.text()
    assert slack_api.calls_to("auth.test") == []  # no single token to check
    with sqlite3.connect(state) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= tables
    output = served.output()
    assert "client-secret" not in output and "state-secret" not in output and "Traceback" not in output
