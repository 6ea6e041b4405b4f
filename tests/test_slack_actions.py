"""Buttons over the wire: Share in channel and More."""

from __future__ import annotations

import json

from bot import render
from tests.fakes.slack import FakeSlack, SlackDriver, buttons, visible_text


async def test_share_posts_the_same_answer_in_channel_naming_who_shared(slack: SlackDriver) -> None:
    answer = await slack.command("/timeline", "2019")
    shared = await slack.action(render.SHARE_ACTION, buttons(answer)[render.SHARE_ACTION], user_id="U0CLICKER")
    assert shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    seen = visible_text(shared)
    assert "Partagé par <@U0CLICKER>" in seen
    assert "*juillet 2019* — " in seen and "`002_b5f6084d3fa5f75b` · mars 2023" in seen
    assert render.SHARE_ACTION not in buttons(shared)
    # The same results as the answer the user saw.
    def results(message: dict) -> list[str]:
        return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert results(shared) == results(answer)


async def test_more_shows_the_next_page(slack: SlackDriver) -> None:
    first = await slack.command("/timeline", "")
    value = render.action_value("/timeline", "", 1)  # as if the first page held one entry
    more = await slack.action(render.MORE_ACTION, value)
    assert more["response_type"] == "ephemeral" and more["replace_original"] is False
    seen = visible_text(more)
    assert "Résultats 2–" in seen
    first_sections = [b["text"]["text"] for b in first["blocks"] if b["type"] == "section"]
    more_sections = [b["text"]["text"] for b in more["blocks"] if b["type"] == "section"]
    assert more_sections[0] == first_sections[1]


async def test_an_unknown_button_value_says_it_expired(slack: SlackDriver, slack_api: FakeSlack) -> None:
    reply = await slack.action(render.MORE_ACTION, json.dumps({"c": "/drop", "q": "", "o": 0}))
    assert "Ce bouton a expiré" in visible_text(reply)
    assert reply["response_type"] == "ephemeral"


async def test_share_of_a_mention_answer_uses_its_command(slack: SlackDriver, slack_api: FakeSlack) -> None:
    from tests.test_slack_events import mention

    await slack.event(mention("qui a dit ce fut très dur ?"), event_id="EvShare")
    [posted] = await slack_api.wait_for("chat.postMessage")
    value = buttons(posted.body)[render.SHARE_ACTION]
    command, query, offset = render.parse_action_value(value)
    assert command == "/quote" and offset == 0
    shared = await slack.action(render.SHARE_ACTION, value)
    assert "ce fut très dur" in visible_text(shared) and shared["response_type"] == "in_channel"
