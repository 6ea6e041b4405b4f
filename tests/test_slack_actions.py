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
    assert "juillet 2019 — " in seen and "`002_b5f6084d3fa5f75b` · mars 2023" in seen
    assert render.SHARE_ACTION not in buttons(shared)
    # The same results as the answer the user saw.
    def results(message: dict) -> list[dict]:
        return [b for b in message["blocks"] if b["type"] == "rich_text"]
    assert results(shared) == results(answer)


async def test_more_replaces_the_page_it_was_clicked_on(slack: SlackDriver) -> None:
    first = await slack.command("/timeline", "")
    value = render.action_value("/timeline", "", 1)  # as if the first page held one entry
    more = await slack.action(render.MORE_ACTION, value)
    # Sent to the clicked message's response_url with replace_original: the page is swapped, not added.
    assert more["replace_original"] is True and more["response_type"] == "ephemeral"
    seen = visible_text(more)
    assert "Résultats 2–" in seen
    first_sections = [b for b in first["blocks"] if b["type"] == "rich_text"]
    more_sections = [b for b in more["blocks"] if b["type"] == "rich_text"]
    assert more_sections[0] == first_sections[1]
    assert render.SHARE_ACTION in buttons(more)  # still private to the asker: still shareable


async def test_more_on_a_shared_answer_stays_public_and_names_the_sharer(slack: SlackDriver) -> None:
    value = render.action_value("/timeline", "", 1, shared_by="U0SHARER")
    more = await slack.action(render.MORE_ACTION, value, is_ephemeral=False)
    assert more["replace_original"] is True and more["response_type"] == "in_channel"
    assert "Partagé par <@U0SHARER>" in visible_text(more)
    assert render.SHARE_ACTION not in buttons(more)


async def test_an_unknown_button_value_says_it_expired(slack: SlackDriver, slack_api: FakeSlack) -> None:
    reply = await slack.action(render.MORE_ACTION, json.dumps({"c": "/drop", "q": "", "o": 0}))
    assert "Ce bouton a expiré" in visible_text(reply)
    assert reply["response_type"] == "ephemeral"


async def test_a_mention_answer_is_public_so_it_has_no_share_button(slack: SlackDriver,
                                                                     slack_api: FakeSlack) -> None:
    from tests.test_slack_events import mention

    await slack.event(mention("que s'est-il passé ?"), event_id="EvShare")
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert "Chronologie" in visible_text(posted.body)
    assert buttons(posted.body) == {}
    # Its next page (were there one) replaces it in the thread, for everyone, still without Share.
    page = await slack.action(render.MORE_ACTION, render.action_value("/timeline", "", 1), is_ephemeral=False)
    assert page["replace_original"] is True and page["response_type"] == "in_channel"
    assert render.SHARE_ACTION not in buttons(page) and "Résultats 2–" in visible_text(page)
