"""Answers under load: what a burst of users and a slow question do to everyone else.

No timing is asserted (machines are shared): the tests pin the behaviour the speed
relies on. `make bench` measures the speed itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
