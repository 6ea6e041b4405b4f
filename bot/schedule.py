"""When digests are due, and posting each exactly once.

    due_day(sub, now)        the local day whose digest is due at `now`, if any (that day only)
    next_post(sub, now)      the next post's moment after `now` (for confirmations and waking)
    local_day(sub, now)      the subscription's day at `now`, in its zone
    preview(…)               a channel's digest of its day, as it would be posted, recording nothing
    DigestRunner.run_due()   claim, compose, post and record every due digest
    run_scheduler()          what `dossier serve` runs: wake for the next due subscription

Exactly once: a (workspace, channel, day) is claimed in the state store with a lease
before anything is posted, and marked sent with the message ts after. A claim whose
holder died is taken over when its lease ends; the new holder first looks in the
channel for a message carrying the digest's metadata (the post may have gone out just
before the crash) and posts only if there is none. A process that was down at the
scheduled time posts that day's digest when it is back, the same local day only.

The core knows nothing of Slack: posting goes through a `Poster`, which the Slack
handlers supply, and which raises ChannelRefused or PostFailed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import render
from bot.answers import Digest, SubscriptionStatus
from bot.digest import subscription_digest
from bot.errors import BadInput
from bot.settings import Settings
from bot.state import SENT, Claim, StateStore, Subscription
from bot.store import Store

log = logging.getLogger("dossier.digest")

LEASE = timedelta(minutes=5)  # a claim's holder has this long to post; then another may
RETRY_AFTER = timedelta(minutes=2)  # after a transient failure (5xx, timeouts past the client's retries)
RESCAN = timedelta(minutes=1)  # the scheduler looks again at least this often (other replicas' changes)
METADATA_TYPE = "dossier_digest"
DAILY, WEEKDAYS = "daily", "weekdays"


class ChannelRefused(Exception):
    """The channel cannot be posted to (not found, bot not in it, archived, bad token)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PostFailed(Exception):
    """A failure that may pass (server errors, timeouts, rate limits past the retries)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Poster(Protocol):
    async def post(self, team_id: str, channel_id: str, message: dict[str, Any],
                   metadata: dict[str, Any]) -> str:
        """Post the message with its metadata in a workspace's channel; the message ts."""

    async def find(self, team_id: str, channel_id: str, metadata: dict[str, Any],
                   oldest: datetime) -> str | None:
        """The ts of a message posted since `oldest` that carries this metadata, if any."""


# --- when ----------------------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    """An IANA time zone; BadInput names the one not known."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(f"unknown time zone {name}: use an IANA name such as Europe/Paris") from None


def post_time(text: str) -> time:
    """`08:30` or `8h30` → 08:30; BadInput otherwise."""
    cleaned = text.lower().replace("h", ":")
    try:
        hours, minutes = (cleaned.split(":") + ["0"])[:2]
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise BadInput(f"not a time of day: {text} (write 08:30)") from None


def posts_on(sub: Subscription, day: date) -> bool:
    return sub.days != WEEKDAYS or day.weekday() < 5


def post_moment(sub: Subscription, day: date) -> datetime:
    """The moment of a day's post, in the subscription's zone."""
    return datetime.combine(day, post_time(sub.post_time), tzinfo=zone(sub.timezone))


def local_day(sub: Subscription, now: datetime) -> date:
    """The subscription's day at `now`, in its zone."""
    return now.astimezone(zone(sub.timezone)).date()


def due_day(sub: Subscription, now: datetime) -> date | None:
    """The subscription's local day if its post time has come (and it was subscribed before)."""
    day = local_day(sub, now)
    if not posts_on(sub, day):
        return None
    moment = post_moment(sub, day)
    if moment > now or (sub.created_at is not None and moment < sub.created_at):
        return None
    return day


def next_post(sub: Subscription, now: datetime) -> datetime:
    """The first post moment after `now` (a subscription made past today's time starts tomorrow)."""
    day = local_day(sub, now)
    for ahead in range(8):
        moment = post_moment(sub, day + timedelta(days=ahead))
        if moment > now and posts_on(sub, moment.date()):
            return moment
    raise AssertionError("a week holds a posting day")


def digest_metadata(team_id: str, channel_id: str, day: date) -> dict[str, Any]:
    """What a posted digest carries, so that a retry can recognise it in the channel."""
    return {"event_type": METADATA_TYPE,
            "event_payload": {"team_id": team_id, "channel_id": channel_id, "day": day.isoformat()}}


async def statuses(state: StateStore, now: datetime, team_id: str | None = None,
                   channel_id: str | None = None) -> list[SubscriptionStatus]:
    """Each subscription with its next post, its last one, and its error if it is failing."""
    found = []
    for sub in await state.subscriptions(team_id, channel_id):
        last = await state.last_sent(sub.team_id, sub.channel_id, date.max)
        latest = (await state.ledger(sub.team_id, sub.channel_id))[:1]
        # A channel Slack refuses, else a day not posted yet because of an error that may pass.
        error = sub.last_error or next((row.error for row in latest if row.status != SENT), None)
        last_post = last.sent_at.astimezone(zone(sub.timezone)) if last and last.sent_at else None
        found.append(SubscriptionStatus(
            sub.team_id, sub.channel_id, sub.post_time, sub.timezone, sub.days, sub.language,
            next_post(sub, now), last_post, error))
    return found


def default_subscription(team_id: str, channel_id: str, language: str) -> Subscription:
    """What a channel with no subscription would get: daily, at midnight UTC."""
    return Subscription(team_id, channel_id, "00:00", "UTC", DAILY, language)


async def preview(store: Store, state: StateStore, team_id: str, channel_id: str, language: str,
                  now: datetime, quote_days: int) -> Digest:
    """The channel's digest of its day at `now`, as its subscription would post it (else the
    default one, in `language`). Records nothing: the day's post is still to come."""
    subs = await state.subscriptions(team_id, channel_id)
    sub = subs[0] if subs else default_subscription(team_id, channel_id, language)
    return await subscription_digest(store, state, sub, local_day(sub, now), now, quote_days)


# --- posting -------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    team_id: str
    channel_id: str
    day: date
    status: str  # posted, found (posted before a crash), quiet (nothing to say), taken, failed, retry
    ts: str | None = None
    error: str | None = None


def owner_id() -> str:
    """Who holds a claim: host, process and a random part (two runners in one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DigestRunner:
    def __init__(self, store: Store, state: StateStore, settings: Settings, poster: Poster,
                 *, owner: str | None = None, clock: Callable[[], datetime] | None = None) -> None:
        self.store, self.state, self.settings, self.poster = store, state, settings, poster
        self.owner = owner or owner_id()
        self.clock = clock or (lambda: datetime.now(timezone.utc))

    async def run_due(self, now: datetime, channel_id: str | None = None) -> list[Outcome]:
        """Post every digest due at `now` (of one channel, if named) and not yet settled; one
        failure stops none other."""
        due = [(sub, day) for sub in await self.state.subscriptions(channel_id=channel_id)
               if (day := due_day(sub, now)) is not None]
        # Days sent or given up have no claim to try: one read of the ledger for them all,
        # where a claim is a write.
        settled = await self.state.settled({day for _, day in due})
        outcomes = []
        for sub, day in due:
            if (sub.team_id, sub.channel_id, day) in settled:
                continue
            try:
                outcomes.append(await self.post_day(sub, day, now))
            except Exception:
                log.exception("digest for %s/%s on %s failed", sub.team_id, sub.channel_id, day)
                outcomes.append(Outcome(sub.team_id, sub.channel_id, day, "retry", error="internal"))
        return outcomes

    async def post_day(self, sub: Subscription, day: date, now: datetime) -> Outcome:
        claim = await self.state.claim(sub.team_id, sub.channel_id, day, self.owner, now, LEASE)
        if claim is None:
            return Outcome(sub.team_id, sub.channel_id, day, "taken")
        metadata = digest_metadata(sub.team_id, sub.channel_id, day)
        try:
            if claim.retry:
                oldest = post_moment(sub, day) - timedelta(minutes=1)
                found = await self.poster.find(sub.team_id, sub.channel_id, metadata, oldest)
                if found is not None:
                    log.info("digest %s/%s %s was posted before a crash (ts %s)",
                             sub.team_id, sub.channel_id, day, found)
                    return await self._done(claim, sub, found, "found")
            digest = await subscription_digest(self.store, self.state, sub, day, now,
                                               self.settings.digest_quote_days, record=True)
            # What the workspace's admins chose from Slack, as it is now (a cron process
            # has seen no request of that workspace to load it).
            self.settings.use_stored(sub.team_id, await self.state.workspace_settings(sub.team_id))
            if digest.empty and self.settings.workspace(sub.team_id).digest_when_empty == "nothing":
                return await self._done(claim, sub, None, "quiet")
            ts = await self.poster.post(sub.team_id, sub.channel_id, render.digest_message(digest).to_dict(),
                                        metadata)
            return await self._done(claim, sub, ts, "posted")
        except ChannelRefused as refused:
            await self.state.mark_failed(claim, refused.reason)
            if await self.state.mark_failing(sub.team_id, sub.channel_id, refused.reason, self.clock()):
                log.warning("digest channel %s of %s refused: %s; marked failing (see `/dossier digest`)",
                            sub.channel_id, sub.team_id, refused.reason)
            return Outcome(sub.team_id, sub.channel_id, day, "failed", error=refused.reason)
        except PostFailed as failed:
            await self.state.release(claim, failed.reason, self.clock() + RETRY_AFTER)
            log.warning("digest for %s/%s on %s not posted (%s); retried in %s",
                        sub.team_id, sub.channel_id, day, failed.reason, RETRY_AFTER)
            return Outcome(sub.team_id, sub.channel_id, day, "retry", error=failed.reason)

    async def _done(self, claim: Claim, sub: Subscription, ts: str | None, status: str) -> Outcome:
        await self.state.mark_sent(claim, ts, self.clock())
        await self.state.mark_working(sub.team_id, sub.channel_id)
        return Outcome(sub.team_id, sub.channel_id, claim.day, status, ts)


# --- inside `dossier serve` ----------------------------------------------------------


class Wakeup:
    """Lets a new subscription wake the scheduler before its planned time."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def poke(self) -> None:
        self._event.set()

    async def sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._event.wait(), timeout=max(seconds, 0))
        except asyncio.TimeoutError:
            pass
        self._event.clear()


async def next_wake(state: StateStore, now: datetime) -> datetime:
    """The next post of any subscription, or RESCAN from now, whichever comes first."""
    moments = [next_post(sub, now) for sub in await state.subscriptions()]
    return min([now + RESCAN, *moments])


async def run_scheduler(runner: DigestRunner, wakeup: Wakeup) -> None:
    """Post what is due, sleep until the next due subscription (or a poke), forever."""
    while True:
        now = runner.clock()
        try:
            await runner.run_due(now)
            wake = await next_wake(runner.state, now)
        except Exception:  # the state store away for a moment: try again later, never die
            log.exception("digest scheduler pass failed")
            wake = now + RESCAN
        await wakeup.sleep((wake - runner.clock()).total_seconds())
