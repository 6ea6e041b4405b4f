"""The state store: its own file beside the corpus, migrations, subscriptions, and the
ledger's claims that make a digest go out once.

The store's SQL runs unchanged on PostgreSQL: every test that takes `state_url` runs on
SQLite and on a real PostgreSQL server (tests/postgres.py).
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings
from bot.state import MIGRATIONS, LazyStateStore, StateStore, Subscription, engine_url

NOW = datetime(2024, 2, 17, 7, 31, tzinfo=timezone.utc)
DAY = date(2024, 2, 17)
LEASE = timedelta(minutes=5)


@pytest.fixture
async def state(state_url: str):
    store = await StateStore.open(state_url)
    yield store
    await store.close()


def sub(channel: str = "C1", **changes: str) -> Subscription:
    fields = {"post_time": "08:30", "timezone": "Europe/Paris", "days": "daily", "language": "fr"}
    return Subscription("T1", channel, **(fields | changes))


def test_the_state_file_sits_beside_the_corpus_database_unless_named() -> None:
    assert Settings(db_path=Path("data/news.db")).state_location() == "sqlite:///data/news-state.db"
    assert Settings(state_url="postgresql://db/dossier").state_location() == "postgresql://db/dossier"


def test_state_urls_map_to_their_async_drivers() -> None:
    assert engine_url("sqlite:///var/state.db") == "sqlite+aiosqlite:///var/state.db"
    assert engine_url("postgresql://u@db:5432/dossier") == "postgresql+asyncpg://u@db:5432/dossier"
    assert engine_url("postgres://db/x") == "postgresql+asyncpg://db/x"
    assert engine_url("state.db") == "sqlite+aiosqlite:///state.db"
    with pytest.raises(ConfigError, match="DOSSIER_STATE_URL"):
        engine_url("mysql://db/x")


async def test_migrations_run_once_and_the_file_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.db"
    for _ in range(2):
        async with await StateStore.open(f"sqlite:///{path}"):
            pass
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM _migrations").fetchall() == [(n,) for n, _ in MIGRATIONS]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_a_lazy_state_store_is_opened_once_on_first_use_and_closed_by_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    lazy = LazyStateStore(f"sqlite:///{path}")
    assert not path.exists()  # nothing opened before a request needs it
    first, second = await asyncio.gather(lazy.get(), lazy.get())
    assert first is second and path.exists()
    await first.subscribe(sub(), NOW)
    wal = path.with_name("state.db-wal")
    assert wal.exists()  # a connection is open
    await lazy.close()
    assert not wal.exists()  # SQLite removes it when the last connection closes
    async with await StateStore.open(f"sqlite:///{path}") as reopened:
        assert [s.channel_id for s in await reopened.subscriptions()] == ["C1"]


async def test_a_lazy_state_store_given_an_open_one_returns_it_and_leaves_it_open(state: StateStore) -> None:
    lazy = LazyStateStore("sqlite:///never-opened.db", state)
    assert await lazy.get() is state
    await lazy.close()
    assert await state.subscriptions() == []  # still open: its opener closes it


async def test_a_subscription_is_added_replaced_listed_and_removed(state: StateStore) -> None:
    await state.subscribe(sub("C2"), NOW)
    await state.subscribe(sub("C1"), NOW)
    assert await state.mark_failing("T1", "C1", "not_in_channel", NOW)
    await state.subscribe(sub("C1", post_time="07:00", language="en"), NOW)
    listed = await state.subscriptions("T1")
    assert [(s.channel_id, s.post_time, s.language, s.failing) for s in listed] == [
        ("C1", "07:00", "en", False),  # subscribing again clears the failure
        ("C2", "08:30", "fr", False),
    ]
    assert await state.subscriptions("T2") == []
    assert await state.unsubscribe("T1", "C1")
    assert not await state.unsubscribe("T1", "C1")
    assert [s.channel_id for s in await state.subscriptions()] == ["C2"]


async def test_a_failure_is_news_once_until_the_channel_works_again(state: StateStore) -> None:
    await state.subscribe(sub(), NOW)
    assert await state.mark_failing("T1", "C1", "is_archived", NOW)
    assert not await state.mark_failing("T1", "C1", "is_archived", NOW + timedelta(days=1))
    (listed,) = await state.subscriptions("T1", "C1")
    assert listed.last_error == "is_archived" and listed.failing_since == NOW
    await state.mark_working("T1", "C1")
    assert not (await state.subscriptions("T1", "C1"))[0].failing
    assert await state.mark_failing("T1", "C1", "is_archived", NOW)


async def test_a_day_is_claimed_once_and_a_sent_day_never_again(state: StateStore) -> None:
    first = await state.claim("T1", "C1", DAY, "a", NOW, LEASE)
    assert first is not None and not first.retry
    assert await state.claim("T1", "C1", DAY, "b", NOW, LEASE) is None
    assert await state.claim("T1", "C2", DAY, "b", NOW, LEASE) is not None  # another channel
    await state.mark_sent(first, "1708155060.000100", NOW)
    assert await state.claim("T1", "C1", DAY, "b", NOW + timedelta(days=1), LEASE) is None
    (row,) = await state.ledger("T1", "C1", DAY)
    assert (row.status, row.message_ts, row.sent_at) == ("sent", "1708155060.000100", NOW)



async def test_the_days_sent_or_given_up_of_every_channel_come_in_one_read(state: StateStore) -> None:
    before = DAY - timedelta(days=1)
    sent = await state.claim("T1", "C1", DAY, "a", NOW, LEASE)
    given_up = await state.claim("T2", "C9", DAY, "a", NOW, LEASE)
    old = await state.claim("T1", "C2", before, "a", NOW, LEASE)
    assert sent and given_up and old and await state.claim("T1", "C3", DAY, "a", NOW, LEASE)  # C3: claimed
    await state.mark_sent(sent, "1708155060.000100", NOW)
    await state.mark_failed(given_up, "channel_not_found")
    await state.mark_sent(old, None, NOW)
    assert await state.settled({DAY}) == {("T1", "C1", DAY), ("T2", "C9", DAY)}
    assert await state.settled([DAY, before]) == {("T1", "C1", DAY), ("T2", "C9", DAY), ("T1", "C2", before)}
    assert await state.settled([]) == set()

async def test_a_lapsed_claim_is_taken_over_as_a_retry(state: StateStore) -> None:
    assert await state.claim("T1", "C1", DAY, "crashed", NOW, LEASE) is not None
    assert await state.claim("T1", "C1", DAY, "b", NOW + LEASE - timedelta(seconds=1), LEASE) is None
    again = await state.claim("T1", "C1", DAY, "b", NOW + LEASE, LEASE)
    assert again is not None and again.retry and again.owner == "b"
    (row,) = await state.ledger("T1", "C1", DAY)
    assert (row.owner, row.attempts) == ("b", 2)


async def test_a_released_claim_waits_for_its_retry_time_and_a_failed_one_is_given_up(
    state: StateStore,
) -> None:
    claim = await state.claim("T1", "C1", DAY, "a", NOW, LEASE)
    assert claim is not None
    await state.release(claim, "internal_error", NOW + timedelta(seconds=30))
    assert await state.claim("T1", "C1", DAY, "b", NOW + timedelta(seconds=29), LEASE) is None
    retry = await state.claim("T1", "C1", DAY, "b", NOW + timedelta(seconds=30), LEASE)
    assert retry is not None
    await state.mark_failed(retry, "channel_not_found")
    assert await state.claim("T1", "C1", DAY, "c", NOW + timedelta(hours=1), LEASE) is None
    assert (await state.ledger("T1", "C1", DAY))[0].error == "channel_not_found"


async def test_two_processes_racing_for_the_same_days_claim_each_once(state_url: str) -> None:
    url = state_url
    one, two = await StateStore.open(url), await StateStore.open(url)  # two engines, as two processes
    try:
        days = [DAY + timedelta(days=n) for n in range(20)]

        async def run(store: StateStore, owner: str) -> list[date]:
            won = await asyncio.gather(*(store.claim("T1", "C1", d, owner, NOW, LEASE) for d in days))
            return [c.day for c in won if c is not None]

        a, b = await asyncio.gather(run(one, "a"), run(two, "b"))
        assert sorted(a + b) == days  # every day claimed, none twice
    finally:
        await one.close()
        await two.close()


async def test_the_first_quote_recorded_for_a_day_is_the_days_quote(state: StateStore) -> None:
    assert await state.quote_of("T1", DAY, "q1") == "q1"
    assert await state.quote_of("T1", DAY, "q2") == "q1"
    assert await state.quote_of("T1", DAY + timedelta(days=1), "q2") == "q2"
    shown = await state.quotes_shown("T1", DAY, DAY + timedelta(days=1))
    assert shown == {DAY: "q1"}


async def test_a_read_does_not_queue_behind_another_process_writing(tmp_path: Path) -> None:
    # Slack requests read their workspace's settings while a digest runner (another
    # process) holds the write lock: the read must not wait for it, as BEGIN IMMEDIATE would.
    async with await StateStore.open(f"sqlite:///{tmp_path / 'state.db'}") as state:
        await state.set_workspace_settings("T1", {"language": "en"}, "U1", NOW)
        writer = sqlite3.connect(tmp_path / "state.db", isolation_level=None, timeout=0)
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE workspace_settings SET updated_by = 'U2'")
            assert await asyncio.wait_for(state.workspace_settings("T1"), 5) == {"language": "en"}
            writer.execute("COMMIT")
        finally:
            writer.close()
