"""Answers under load: what a burst of users and a slow question do to everyone else.

No timing is asserted (machines are shared): the tests pin the behaviour the speed
relies on. `make bench` measures the speed itself.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from bot import lookups
from bot.store import Store
from tests.fakes.slack import SlackDriver, command_body, visible_text

BURST = 120


async def test_a_burst_of_commands_all_get_the_real_answer(
    start_bot: Callable[..., Any], seeded_db: Path
) -> None:
    # The budget is far longer than one search, far shorter than the whole burst
    # run one after another: a look-up's time queueing must not count against it.
    store = await Store.open(seeded_db, read_only=True, query_timeout_ms=100)
    try:
        slack: SlackDriver = await start_bot(store=store)
        urls = [slack.new_response_url() for _ in range(BURST)]
        sent = await asyncio.gather(
            *(slack.post(command_body("/quote", "pas controles par microsft", url)) for url in urls)
        )
        assert {s.status for s in sent} == {200}
        replies = [visible_text(await slack.response(url, timeout=60)) for url in urls]
    finally:
        await store.close()
    too_long = [r for r in replies if "trop de temps" in r]
    assert too_long == []
    assert all("Nous ne sommes pas contrôlés par Microsoft" in r and "Sam Altman" in r for r in replies)


async def test_quotes_are_ranked_while_the_event_loop_keeps_running(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scorer waits until the loop has run a task started after scoring began.
    # Scoring on the loop thread would stall that task, and the wait would time out.
    scoring, loop_ran = threading.Event(), threading.Event()
    real = fuzz.partial_ratio

    def scorer_that_needs_the_loop(a: str, b: str, **kwargs: Any) -> float:
        scoring.set()
        assert loop_ran.wait(timeout=10), "the event loop stood still while quotes were ranked"
        return real(a, b, **kwargs)

    async def tick_once_scoring_started() -> None:
        while not scoring.is_set():
            await asyncio.sleep(0.001)
        loop_ran.set()

    monkeypatch.setattr(fuzz, "partial_ratio", scorer_that_needs_the_loop)
    answer, _ = await asyncio.gather(
        lookups.quotes(seeded, "pas controles par microsft"), tick_once_scoring_started()
    )
    assert answer.hits[0].speaker == "Sam Altman"
    assert "Nous ne sommes pas contrôlés par Microsoft" in answer.hits[0].text
