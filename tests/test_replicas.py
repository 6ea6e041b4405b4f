"""Replicas share what they have answered through the state store: two app instances on
one real PostgreSQL answer each Events API event once, whichever of them Slack reaches,
and a retry of an event neither has seen is answered."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bot.state import StateStore
from tests.fakes.slack import FakeSlack, SlackDriver, mention, visible_text

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


@pytest.fixture
async def replicas(postgres_url: str, start_bot: Callable[..., Any]) -> AsyncIterator[list[SlackDriver]]:
    """Two instances of the app, each with its own connection pool, on one PostgreSQL."""
    states = [await StateStore.open(postgres_url) for _ in range(2)]
    yield [await start_bot(state=state, state_url=postgres_url) for state in states]
    for state in states:
        await state.close()


async def test_one_event_delivered_to_both_replicas_is_answered_once(replicas: list[SlackDriver],
                                                                      slack_api: FakeSlack) -> None:
    first, second = replicas
    event = mention("2019", "1700000100.000100")
    sent = await asyncio.gather(first.event(event, event_id="EvBoth"),
                                second.event(event, event_id="EvBoth", headers=RETRY))
    assert [s.status for s in sent] == [200, 200]
    [posted] = await slack_api.wait_for("chat.postMessage")
    assert posted.body["thread_ts"] == "1700000100.000100"
    await slack_api.settle()
    assert len(slack_api.calls_to("chat.postMessage")) == 1


async def test_many_events_spread_over_replicas_get_one_reply_each(replicas: list[SlackDriver],
                                                                    slack_api: FakeSlack) -> None:
    deliveries = []
    for n in range(6):
        event = mention("altman", f"1700000200.00010{n}")
        for replica, headers in ((replicas[n % 2], None), (replicas[(n + 1) % 2], RETRY)):
            deliveries.append(replica.event(event, event_id=f"EvMany{n}", headers=headers))
    assert {s.status for s in await asyncio.gather(*deliveries)} == {200}
    posted = await slack_api.wait_for("chat.postMessage", count=6)
    await slack_api.settle()
    assert len(slack_api.calls_to("chat.postMessage")) == 6
    assert sorted(p.body["thread_ts"] for p in posted) == [f"1700000200.00010{n}" for n in range(6)]


async def test_a_retry_after_a_restart_is_dropped_if_answered_and_answered_if_not(
        replicas: list[SlackDriver], slack_api: FakeSlack, postgres_url: str) -> None:
    first, restarted = replicas  # the second instance stands for the first one, restarted
    await first.event(mention("2019", "1700000300.000100"), event_id="EvBefore")
    await slack_api.wait_for("chat.postMessage")
    await restarted.event(mention("2019", "1700000300.000100"), event_id="EvBefore", headers=RETRY)
    # Slack sent this one while we were down; its retry is the first we hear of it.
    await restarted.event(mention("2019", "1700000301.000100"), event_id="EvDuringRestart", headers=RETRY)
    posted = await slack_api.wait_for("chat.postMessage", count=2)
    await slack_api.settle()
    assert len(slack_api.calls_to("chat.postMessage")) == 2
    assert "juillet 2019, OpenAI révélait" in visible_text(posted[1].body)
    assert posted[1].body["thread_ts"] == "1700000301.000100"


async def test_an_event_id_is_forgotten_once_it_expires(postgres_url: str) -> None:
    now = datetime(2026, 12, 3, 4, 0, tzinfo=timezone.utc)
    keep = timedelta(hours=1)
    async with await StateStore.open(postgres_url) as state:
        assert await state.first_delivery("Ev1", "T1", now, keep)
        assert not await state.first_delivery("Ev1", "T1", now + keep / 2, keep)
        assert await state.first_delivery("Ev1", "T1", now + keep, keep)
        rows = await state._rows("SELECT count(*) AS n FROM handled_events")
        assert rows[0]["n"] == 1  # expired ids are deleted, not only ignored


async def test_without_its_state_store_the_bot_still_answers(start_bot: Callable[..., Any],
                                                             slack_api: FakeSlack,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    slack = await start_bot(state_url="postgresql://postgres@/absent?host=/nonexistent-socket-dir")
    with caplog.at_level(logging.ERROR, logger="dossier.slack"):
        assert (await slack.event(mention("2019", "1700000400.000100"), event_id="EvNoState")).status == 200
        [posted] = await slack_api.wait_for("chat.postMessage")
    assert posted.body["thread_ts"] == "1700000400.000100"
    logged = [r for r in caplog.records if "state store unavailable" in r.getMessage()]
    assert len(logged) == 1 and "EvNoState" in logged[0].getMessage()
