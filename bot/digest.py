"""The daily digest's content: on this day in past years, the articles that came in, the
quote of the day, and a line of counts, composed into a `Digest` (bot.answers) that
Slack and the terminal render alike.

    digest = await compose(store, state, team_id="T1", day=date(2024, 2, 17), language="fr",
                           since=..., now=..., quote_days=30)
    digest = await subscription_digest(store, state, sub, day, now, quote_days)  # a channel's

The quote of the day is the same for every channel of a workspace on one day: a
position drawn from a hash of (workspace, day), stepping past quotes the workspace saw
in the last `quote_days` days. Posting records it (`record=True`), so that a preview
and the post agree and a later corpus change cannot swap it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from bot import lookups
from bot.answers import Digest, QuoteHit
from bot.state import StateStore, Subscription
from bot.store import QuoteRow, Store

ON_THIS_DAY = 8  # entries shown; the count says how many there are
NEW_ARTICLES = 15
FIRST_WINDOW = timedelta(hours=24)  # what a channel's first digest calls new


def quote_key(row: QuoteRow) -> str:
    """A quote's name that survives a rebuild of the corpus (row ids do not)."""
    return f"{row.doc_id}:{hashlib.sha256(row.folded.encode()).hexdigest()[:16]}"


def _seed(team_id: str, day: date) -> int:
    return int(hashlib.sha256(f"{team_id}|{day.isoformat()}".encode()).hexdigest()[:15], 16)


async def _quote_by_key(store: Store, key: str) -> QuoteRow | None:
    doc_id = key.rsplit(":", 1)[0]
    for row in await store.quotes_by(doc_id=doc_id, limit=None):
        if quote_key(row) == key:
            return row
    return None


async def quote_of_the_day(store: Store, state: StateStore | None, team_id: str, day: date,
                           quote_days: int, *, record: bool = False) -> QuoteHit | None:
    """The workspace's quote of the day: deterministic, with a speaker, not one seen lately."""
    if state is not None:
        recorded = (await state.quotes_shown(team_id, day, day + timedelta(days=1))).get(day)
        if recorded is not None and (row := await _quote_by_key(store, recorded)) is not None:
            return lookups.quote_hit(row)
    count = await store.count_spoken_quotes()
    if count == 0:
        return None
    recent: set[str] = set()
    if state is not None and quote_days > 0:
        recent = set((await state.quotes_shown(team_id, day - timedelta(days=quote_days), day)).values())
    start = _seed(team_id, day) % count
    chosen = None
    for step in range(min(count, len(recent) + 1)):  # at most len(recent) are skipped
        row = await store.spoken_quote_at((start + step) % count)
        if row is not None and quote_key(row) not in recent:
            chosen = row
            break
    if chosen is None:  # every quote was shown lately: repeating one beats showing none
        chosen = await store.spoken_quote_at(start)
        if chosen is None:
            return None
    if record and state is not None:
        kept = await state.quote_of(team_id, day, quote_key(chosen))
        if kept != quote_key(chosen):  # another process recorded the day's quote first
            chosen = await _quote_by_key(store, kept) or chosen
    return lookups.quote_hit(chosen)


async def since_last_digest(state: StateStore, team_id: str, channel_id: str, day: date,
                            now: datetime) -> datetime:
    """Where a channel's "new articles" start: its last digest, else the last 24 hours."""
    last = await state.last_sent(team_id, channel_id, day)
    if last is not None and last.sent_at is not None:
        return last.sent_at
    return now - FIRST_WINDOW


async def compose(store: Store, state: StateStore | None, *, team_id: str, day: date, language: str,
                  since: datetime, now: datetime, quote_days: int, record: bool = False) -> Digest:
    on_day_total, on_day = await lookups.on_this_day(store, day, ON_THIS_DAY)
    new_total, new = await lookups.new_articles(store, since, now, NEW_ARTICLES)
    quote = await quote_of_the_day(store, state, team_id, day, quote_days, record=record)
    stats = await store.stats()
    return Digest(
        day=day,
        language=language,
        on_this_day=on_day,
        on_this_day_total=on_day_total,
        new_articles=new,
        new_total=new_total,
        since=since,
        quote=quote,
        documents=stats.documents,
        entries=stats.entries,
        quotes=stats.quotes,
    )


async def subscription_digest(store: Store, state: StateStore, sub: Subscription, day: date, now: datetime,
                              quote_days: int, *, record: bool = False) -> Digest:
    """A channel's digest of `day`: in its language, new articles since its last digest."""
    since = await since_last_digest(state, sub.team_id, sub.channel_id, day, now)
    return await compose(store, state, team_id=sub.team_id, day=day, language=sub.language, since=since,
                         now=now, quote_days=quote_days, record=record)
