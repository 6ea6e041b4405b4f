"""Fairness: each user, and each workspace, gets look-ups at a bounded rate.

A token bucket per user and per workspace. A command, a mention, a DM or a
button click takes one token from both; when either is empty the request is
acknowledged and the asker gets a polite "slow down" in their language, with
nothing looked up. Kept in memory: a restart forgets it, which is harmless.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot import render
from bot.messages import t
from bot.settings import Settings
from handlers.common import language_of

USER_BURST, USER_PER_SECOND = 6, 1 / 3  # six at once, then one every three seconds
TEAM_BURST, TEAM_PER_SECOND = 200, 10.0  # a newsroom at once; keeps one team from starving others
log = logging.getLogger("dossier.slack")

REMEMBERED = 50_000  # buckets kept; the least recently used are forgotten


@dataclass
class _Bucket:
    tokens: float
    at: float


class Buckets:
    """Token buckets by key: `take(key)` is 0 when allowed, else the seconds to wait."""

    def __init__(self, burst: int, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._burst = burst
        self._rate = per_second
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> float:
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(float(self._burst), now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.at) * self._rate)
        bucket.at = now
        self._buckets[key] = bucket
        if len(self._buckets) > REMEMBERED:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self._rate


@dataclass
class Limits:
    users: Buckets
    teams: Buckets

    @classmethod
    def default(cls) -> Limits:
        return cls(Buckets(USER_BURST, USER_PER_SECOND), Buckets(TEAM_BURST, TEAM_PER_SECOND))

    def wait(self, team: str, user: str) -> float:
        """0 when this request may run, else the seconds before the next one will."""
        return max(self.users.take(f"{team}:{user}"), self.teams.take(team))


def asker(body: dict[str, Any]) -> tuple[str, str] | None:
    """(team, user) of a request that runs a look-up; None for anything else."""
    if "command" in body:
        return str(body.get("team_id", "")), str(body.get("user_id", ""))
    if body.get("type") == "block_actions":
        return str((body.get("team") or {}).get("id", "")), str((body.get("user") or {}).get("id", ""))
    event = body.get("event") if body.get("type") == "event_callback" else None
    if isinstance(event, dict) and event.get("type") in ("app_mention", "message"):
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return None
        return str(body.get("team_id", "")), str(event["user"])
    return None


def register(app: AsyncApp, settings: Settings, limits: Limits | None = None) -> None:
    limits = limits or Limits.default()

    async def fair_share(req: Any, resp: BoltResponse, next: Callable[[], Awaitable[None]]) -> Any:
        who = asker(req.body if isinstance(req.body, dict) else {})
        wait = limits.wait(*who) if who else 0.0
        if not wait:
            await next()
            return resp
        text = t("error.slow_down", language_of(settings, who[0] if who else None), seconds=math.ceil(wait))
        message = render.error_message(text).to_dict()
        context = req.context
        if "command" in req.body:  # the acknowledgement itself shows the message to the asker
            return BoltResponse(status=200, body=_json(dict(message, response_type="ephemeral")),
                                headers={"content-type": "application/json"})
        event = req.body.get("event")
        if isinstance(event, dict):  # a mention or a DM: no response_url, so a note only they see
            told = context.client.chat_postEphemeral(channel=event["channel"], user=who[1] if who else "",
                                                     **message)
        else:
            told = context.respond(**message, response_type="ephemeral", replace_original=False)
        _in_background(told)  # the acknowledgement does not wait for the telling
        return BoltResponse(status=200, body="")

    app.middleware(fair_share)


_telling: set[asyncio.Task[Any]] = set()


def _in_background(coroutine: Awaitable[Any]) -> None:
    async def tell() -> None:
        try:
            await coroutine
        except Exception as error:  # the asker is not told they were slowed down: no harm done
            log.warning("could not tell a user to slow down: %s", type(error).__name__)

    task = asyncio.ensure_future(tell())
    _telling.add(task)
    task.add_done_callback(_telling.discard)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
