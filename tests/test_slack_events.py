"""Events API over the wire: mentions and DMs answered in their thread, App Home,
url_verification, and no second reply to a retry or a repeated event id (tests/test_replicas.py:
the same across processes sharing a state store)."""

from __future__ import annotations

import json

from bot.settings import WorkspaceSettings
from tests.fakes.slack import BOT_ID, FakeSlack, SlackDriver, mention, pings, visible_text


def dm(text: str, ts: str = "1700000001.000200", **extra: str) -> dict:
    return {"type": "message", "channel_type": "im", "user": "U0ASKER", "text": text, "ts": ts,
            "channel": "D0ASKER", "event_ts": ts, **extra}


async def test_url_verification(slack: SlackDriver) -> None:
    body = json.dumps({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "type": "url_verification"})
    sent = await slack.post(body, content_type="application/json")
    assert sent.status == 200
    assert json.loads(sent.text) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


async def test_mention_is_answered_in_the_thread(slack: SlackDriver, slack_api: FakeSlack) -> None:
    sent = await slack.event(mention("qui a dit ce fut très dur ?"))
    assert sent.status == 200
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert posted.token == "xoxb-test"
    assert posted.body["channel"] == "C0NEWS"
    assert posted.body["thread_ts"] == "1700000000.000100"
    seen = visible_text(posted.body)
    assert "Sam Altman" in seen and "ce fut très dur" in seen
    assert "date inconnue" in seen


async def test_mention_inside_a_thread_stays_in_that_thread(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await slack.event(mention("2019", ts="1700000009.000900", thread_ts="1700000000.000100"))
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert posted.body["thread_ts"] == "1700000000.000100"
    assert "juillet 2019 — " in visible_text(posted.body)


async def test_direct_message_is_answered_in_the_thread(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await slack.event(dm("que s'est-il passé en 2019 ?"), event_id="EvDM1")
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert posted.body["channel"] == "D0ASKER" and posted.body["thread_ts"] == "1700000001.000200"
    seen = visible_text(posted.body)
    assert "2019 — " in seen and "`002_b5f6084d3fa5f75b` · mars 2023" in seen


async def test_bots_edits_and_channel_messages_are_not_questions(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await slack.event(dm("2019", bot_id=BOT_ID), event_id="EvB1")
    await slack.event(dm("2019", subtype="message_changed"), event_id="EvB2")
    await slack.event({**dm("2019"), "channel_type": "channel", "channel": "C0NEWS"}, event_id="EvB3")
    await slack_api.settle()
    assert slack_api.replies == []


async def test_mention_with_channel_ping_is_escaped(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await slack.event(mention("<!channel> zzqxw"), event_id="EvPing")
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert pings(posted.body) == []
    assert "&lt;!channel&gt; zzqxw" in visible_text(posted.body)


async def test_empty_mention_gives_help(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await slack.event(mention(""), event_id="EvHelp")
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert "@dossier question" in visible_text(posted.body)


async def test_retries_get_no_second_reply(slack: SlackDriver, slack_api: FakeSlack) -> None:
    event = mention("2019")
    first = await slack.event(event, event_id="EvOnce")
    retry = await slack.event(event, event_id="EvOnce",
                              headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status == retry.status == 200
    await slack_api.wait_for("chat.postMessage")
    again = await slack.event(event, event_id="EvOnce")  # a second delivery without retry headers
    assert again.status == 200
    await slack_api.settle()
    assert len(slack_api.calls_to("chat.postMessage")) == 1


async def test_a_retry_of_an_event_never_seen_is_answered(slack: SlackDriver, slack_api: FakeSlack) -> None:
    # The first delivery never reached us (a restart): the retry is the user's only chance.
    sent = await slack.event(mention("2019"), event_id="EvRetryOnly",
                             headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"})
    assert sent.status == 200
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert "juillet 2019, OpenAI révélait" in visible_text(posted.body)
    await slack_api.settle()
    assert len(slack_api.replies) == 1


async def test_app_home_opened_publishes_the_home_view(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await slack.event({"type": "app_home_opened", "user": "U0ASKER", "channel": "D0ASKER", "tab": "home",
                       "event_ts": "1700000000.1"}, event_id="EvHome")
    [published] = await slack_api.wait_for("views.publish")
    assert published.body["user_id"] == "U0ASKER"
    view = published.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home"
    seen = visible_text(view)
    assert "documents" in seen and "/timeline [année | début-fin | mots]" in seen


async def test_app_home_in_english(start_bot, slack_api: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    slack = await start_bot(workspace_defaults=WorkspaceSettings(language="en"))
    await slack.event({"type": "app_home_opened", "user": "U0ASKER", "channel": "D0ASKER", "tab": "home",
                       "event_ts": "1700000000.1"}, event_id="EvHomeEn")
    [published] = await slack_api.wait_for("views.publish")
    view = published.body["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "/timeline [year | start-end | words]" in visible_text(view)
