"""Slack's faults, from the Web API double and a response_url that fails: answers are
retried (429 after Retry-After, 5xx, dropped connections), and when one is lost
anyway the log says which method and which error in one line, and the asker hears
of it wherever Slack still lets us write."""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest

from bot.errors import ConfigError
from handlers import delivery
from handlers.app import check_token
from tests.fakes.slack import DM_CHANNEL, FakeSlack, SlackDriver, command_body, visible_text
from tests.test_slack_events import mention


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivery, "BACKOFF", 0.01)
    monkeypatch.setattr(delivery, "TIMEOUT", 1)


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info]


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_mention_answer_survives_429_and_500(slack: SlackDriver, slack_api: FakeSlack) -> None:
    slack_api.retry_after = "0"
    slack_api.ratelimit["chat.postMessage"] = 1
    slack_api.server_error["chat.postMessage"] = 1
    await slack.event(mention("2019"), event_id="EvFlaky")
    posts = await slack_api.wait_for("chat.postMessage", count=3)
    await slack_api.settle()
    assert len(slack_api.calls_to("chat.postMessage")) == 3  # two faults, then the answer, once
    assert "Chronologie" in visible_text(posts[-1].body)
    assert slack_api.calls_to("chat.postEphemeral") == []


async def test_a_lost_mention_answer_is_one_line_and_the_asker_is_told(
    slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    slack_api.server_error["chat.postMessage"] = delivery.SERVER_ERROR_RETRIES + 1
    await slack.event(mention("2019"), event_id="EvLost")
    [told] = await slack_api.wait_for("chat.postEphemeral")
    assert told.body["user"] == "U0ASKER" and told.body["channel"] == "C0NEWS"
    assert "Slack n’a pas accepté ma réponse" in told.body["text"]
    assert told.body["thread_ts"] == "1700000000.000100"
    assert errors(caplog) == ["chat.postMessage failed: http_500 (channel C0NEWS)"]
    assert tracebacks(caplog) == []


async def test_a_429_asking_for_an_hour_is_not_waited_for(
    slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    slack_api.retry_after = "3600"
    slack_api.ratelimit["chat.postMessage"] = 1
    await slack.event(mention("2019"), event_id="EvHour")
    await slack_api.wait_for("chat.postEphemeral")
    assert errors(caplog) == ["chat.postMessage failed: ratelimited (channel C0NEWS)"]


async def test_not_in_channel_tells_the_asker_in_a_direct_message(
    slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    for reason in ("not_in_channel", "channel_not_found"):
        slack_api.calls.clear()
        slack_api.refuse["C0NEWS"] = reason
        await slack.event(mention("2019", ts=f"17000000{len(reason)}.0"), event_id=f"Ev{reason}")
        await slack_api.wait_for("conversations.open")
        dm = [c for c in await slack_api.wait_for("chat.postMessage", count=2) if c.body.get("channel") == DM_CHANNEL]
        assert "invitez-moi" in dm[0].body["text"] and "<#C0NEWS>" in dm[0].body["text"]
    assert errors(caplog) == ["chat.postMessage failed: not_in_channel (channel C0NEWS)",
                              "chat.postMessage failed: channel_not_found (channel C0NEWS)"]
    assert tracebacks(caplog) == []


@pytest.mark.parametrize("reason", ["invalid_auth", "token_revoked", "account_inactive"])
async def test_a_refused_token_is_one_line_and_nothing_else_is_tried(
    slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture, reason: str
) -> None:
    slack_api.fail["chat.postMessage"] = reason
    await slack.event(mention("2019"), event_id=f"Ev{reason}")
    await slack_api.wait_for("chat.postMessage")
    await slack_api.settle()
    assert [c.method for c in slack_api.calls if c.method != "auth.test"] == ["chat.postMessage"]
    assert errors(caplog) == [f"chat.postMessage failed: {reason} (channel C0NEWS); "
                              "the bot token no longer works, nobody can be told"]
    assert tracebacks(caplog) == []


async def test_a_home_publish_refused_is_one_line(slack: SlackDriver, slack_api: FakeSlack,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    slack_api.fail["views.publish"] = "token_revoked"
    await slack.event({"type": "app_home_opened", "user": "U0ASKER", "tab": "home"}, event_id="EvHomeRevoked")
    await slack_api.wait_for("views.publish")
    await slack_api.settle()
    assert tracebacks(caplog) == []
    [line] = errors(caplog)
    assert line.startswith("views.publish failed: token_revoked")


async def test_a_response_url_post_is_retried(slack: SlackDriver, slack_api: FakeSlack,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)  # what `dossier -v` shows
    slack_api.retry_after = "0"
    slack_api.server_error["respond"] = 1
    slack_api.ratelimit["respond"] = 1
    answer = await slack.command("/timeline", "2019")
    posted = await slack_api.wait_for("respond", count=3)
    await slack_api.settle()
    assert len(posted) == 3 and all(c.body == answer for c in posted)
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("aiohttp.")]  # not the double's
    assert not [line for line in ours if "/respond/" in line]  # a response_url is a capability
    assert "Chronologie" in visible_text(answer)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("failure", ["404", "500 forever", "refused", "silent"])
async def test_a_lost_response_url_answer_is_logged_and_the_asker_told_in_the_channel(
    slack: SlackDriver, slack_api: FakeSlack, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    url = slack.new_response_url()
    if failure == "404":
        slack_api.fail["respond"] = "expired_url"
    elif failure == "500 forever":
        slack_api.server_error["respond"] = delivery.SERVER_ERROR_RETRIES + 1
    elif failure == "refused":
        url = f"http://127.0.0.1:{_closed_port()}/respond/gone"
    else:
        slack_api.hold["respond"] = "drop"
    sent = await slack.post(command_body("/timeline", "2019", url))
    assert sent.status == 200
    [told] = await slack_api.wait_for("chat.postEphemeral", timeout=10)
    assert told.body["channel"] == "C0NEWS" and told.body["user"] == "U0ASKER"
    assert "Réessayez" in told.body["text"]
    [line] = errors(caplog)
    assert line.startswith("response_url post failed: ") and line.endswith("(channel C0NEWS)")
    assert tracebacks(caplog) == []


async def test_auth_test_busy_at_start_is_not_a_refused_token(make_settings: Any, slack_api: FakeSlack) -> None:
    slack_api.retry_after = "0"
    slack_api.ratelimit["auth.test"] = delivery.RATE_LIMIT_RETRIES + 1
    with pytest.raises(ConfigError) as busy:
        await check_token(make_settings())
    assert "refused" not in str(busy.value) and "try again later" in str(busy.value)
    slack_api.server_error["auth.test"] = delivery.SERVER_ERROR_RETRIES + 1
    with pytest.raises(ConfigError) as down:
        await check_token(make_settings())
    assert "did not answer auth.test (http_500" in str(down.value)
    slack_api.server_error["auth.test"], slack_api.ratelimit["auth.test"] = 1, 1  # then it answers
    assert (await check_token(make_settings()))["user_id"] == "UDOSSIER"
    slack_api.fail["auth.test"] = "invalid_auth"
    with pytest.raises(ConfigError) as refused:
        await check_token(make_settings())
    assert str(refused.value).startswith("Slack refused SLACK_BOT_TOKEN (invalid_auth)")
