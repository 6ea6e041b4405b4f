"""The state store: what the bot writes while it runs. Never the corpus database, so
rebuilding the corpus loses none of it.

Tables (numbered migrations below; add new ones at the end, never edit a landed one):
    digest_subscriptions   a channel's daily digest: time, zone, days, language, failing or not
    digest_ledger          one row per (workspace, channel, day): the claim, its lease, the message ts
    digest_quotes          the quote of the day of each (workspace, day)
    handled_events         Events API event ids already answered, until they expire
    workspace_settings     what a workspace's admins changed with /dossier settings

SQLAlchemy 2's async Core gives one code path for the SQLite file of one process
(aiosqlite, the default) and PostgreSQL (asyncpg) when scaled out; slack_sdk's
installation and OAuth state stores run on the same engine. Every statement is plain
SQL that both run unchanged: INSERT … ON CONFLICT, RETURNING, no SQLite-only function.
Instants are fixed-width UTC ISO text (`instant()`), so comparing them as text orders
them in time on both databases.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.errors import ConfigError

BUSY_TIMEOUT_MS = 10_000  # how long a SQLite writer waits for another process's transaction

MIGRATIONS: list[tuple[str, Sequence[str]]] = [
    (
        "001_digest",
        (
            """
            CREATE TABLE digest_subscriptions (
                team_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                post_time TEXT NOT NULL,
                timezone TEXT NOT NULL,
                days TEXT NOT NULL,
                language TEXT NOT NULL,
                created_by TEXT,
                created_at TEXT NOT NULL,
                last_error TEXT,
                failing_since TEXT,
                PRIMARY KEY (team_id, channel_id)
            )
            """,
            """
            CREATE TABLE digest_ledger (
                team_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                day TEXT NOT NULL,
                status TEXT NOT NULL,
                owner TEXT NOT NULL,
                lease_until TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                message_ts TEXT,
                sent_at TEXT,
                error TEXT,
                PRIMARY KEY (team_id, channel_id, day)
            )
            """,
            "CREATE INDEX digest_ledger_sent ON digest_ledger (team_id, channel_id, sent_at)",
            """
            CREATE TABLE digest_quotes (
                team_id TEXT NOT NULL,
                day TEXT NOT NULL,
                quote_key TEXT NOT NULL,
                PRIMARY KEY (team_id, day)
            )
            """,
        ),
    ),
    # Events API deliveries already taken by a process, kept until they expire (Slack
    # retries within minutes): a restart or a second replica never answers one event twice.
    (
        "002_handled_events",
        (
            """
            CREATE TABLE handled_events (
                event_id TEXT PRIMARY KEY,
                team_id TEXT NOT NULL,
                handled_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX handled_events_expiry ON handled_events (expires_at)",
        ),
    ),
    # A workspace's own settings changed from Slack (/dossier settings), over dossier.toml's.
    (
        "003_workspace_settings",
        (
            """
            CREATE TABLE workspace_settings (
                team_id TEXT PRIMARY KEY,
                settings TEXT NOT NULL,
                updated_by TEXT,
                updated_at TEXT NOT NULL
            )
            """,
        ),
    ),
]

# Ledger statuses.
CLAIMED, SENT, FAILED = "claimed", "sent", "failed"


def instant(moment: datetime) -> str:
    """A moment as fixed-width UTC text: `2024-02-17T07:31:00.000000Z`."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place in the state store")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_instant(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc) if value else None


def engine_url(url: str) -> str:
    """A state URL as its async driver wants it.

    `sqlite:///path` (or a bare path) → aiosqlite; `postgresql://…` → asyncpg.
    """
    if "://" not in url:
        return f"sqlite+aiosqlite:///{url}"
    scheme, rest = url.split("://", 1)
    drivers = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg",
               "postgres": "postgresql+asyncpg"}
    if scheme in drivers:
        return f"{drivers[scheme]}://{rest}"
    if scheme in drivers.values():
        return url
    raise ConfigError(f"DOSSIER_STATE_URL must start with sqlite:/// or postgresql://, not {scheme}://")


@dataclass(frozen=True)
class Subscription:
    team_id: str
    channel_id: str
    post_time: str  # local "HH:MM"
    timezone: str  # IANA name
    days: str  # "daily" or "weekdays"
    language: str
    created_by: str | None = None
    last_error: str | None = None
    failing_since: datetime | None = None
    created_at: datetime | None = None  # set by the store; no post is due before it

    @property
    def failing(self) -> bool:
        return self.last_error is not None


@dataclass(frozen=True)
class LedgerRow:
    team_id: str
    channel_id: str
    day: date
    status: str
    owner: str
    lease_until: datetime
    attempts: int
    message_ts: str | None
    sent_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class Claim:
    """A (workspace, channel, day) this process may post until `lease_until`."""

    team_id: str
    channel_id: str
    day: date
    owner: str
    lease_until: datetime
    attempts: int

    @property
    def retry(self) -> bool:
        """An earlier claim lapsed: the post may have gone out before a crash."""
        return self.attempts > 1


class StateStore:
    """An open state store. `await StateStore.open(url)`; close it, or use `async with`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # One statement alone needs no lock taken ahead of it: a read in WAL mode waits for
        # nobody, and a lone write takes the lock itself (waiting its busy timeout).
        self._one_statement = engine.execution_options(**{_ONE_STATEMENT: True})

    @classmethod
    async def open(cls, url: str) -> StateStore:
        full = engine_url(url)
        if full.startswith("sqlite"):
            Path(full.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(full)
        if engine.dialect.name == "sqlite":
            _take_over_sqlite_transactions(engine)
        store = cls(engine)
        try:
            await store._migrate()
        except BaseException:
            await engine.dispose()
            raise
        return store

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> StateStore:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- schema -----------------------------------------------------------------

    async def _migrate(self) -> None:
        async with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # two replicas starting: one migrates
                await conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
            await conn.execute(text(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            ))
            done = set((await conn.execute(text("SELECT name FROM _migrations"))).scalars())
            for name, statements in MIGRATIONS:
                if name in done:
                    continue
                for statement in statements:
                    await conn.execute(text(statement))
                await conn.execute(text("INSERT INTO _migrations (name, applied_at) VALUES (:n, :at)"),
                                   {"n": name, "at": instant(datetime.now(timezone.utc))})

    async def _rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Mapping[str, Any]]:
        """One statement in its own transaction, its rows. A read queues behind no writer, so
        the workspace settings read at each request cost no wait while a digest is claimed."""
        async with self._one_statement.begin() as conn:
            return list((await conn.execute(text(sql), params or {})).mappings())

    async def _run(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        """One write in its own transaction; the number of rows it touched."""
        async with self._one_statement.begin() as conn:
            return (await conn.execute(text(sql), params or {})).rowcount

    # --- digest subscriptions ---------------------------------------------------

    async def subscribe(self, sub: Subscription, now: datetime) -> None:
        """Add or replace a channel's subscription; replacing it clears a past failure."""
        await self._run(
            "INSERT INTO digest_subscriptions (team_id, channel_id, post_time, timezone, days,"
            " language, created_by, created_at) VALUES (:team, :channel, :time, :tz, :days, :lang,"
            " :by, :now) ON CONFLICT (team_id, channel_id) DO UPDATE SET post_time = excluded.post_time,"
            " timezone = excluded.timezone, days = excluded.days, language = excluded.language,"
            " created_by = excluded.created_by, created_at = excluded.created_at,"
            " last_error = NULL, failing_since = NULL",
            {"team": sub.team_id, "channel": sub.channel_id, "time": sub.post_time, "tz": sub.timezone,
             "days": sub.days, "lang": sub.language, "by": sub.created_by, "now": instant(now)},
        )

    async def unsubscribe(self, team_id: str, channel_id: str) -> bool:
        return await self._run(
            "DELETE FROM digest_subscriptions WHERE team_id = :team AND channel_id = :channel",
            {"team": team_id, "channel": channel_id},
        ) > 0

    async def subscriptions(self, team_id: str | None = None, channel_id: str | None = None
                            ) -> list[Subscription]:
        """Subscriptions, of one workspace or channel if named, in a stable order."""
        where = _where(team_id=team_id, channel_id=channel_id)
        rows = await self._rows(
            f"SELECT * FROM digest_subscriptions WHERE {where} ORDER BY team_id, channel_id",
            {"team_id": team_id, "channel_id": channel_id},
        )
        return [Subscription(r["team_id"], r["channel_id"], r["post_time"], r["timezone"], r["days"],
                             r["language"], r["created_by"], r["last_error"],
                             from_instant(r["failing_since"]), from_instant(r["created_at"]))
                for r in rows]

    async def mark_failing(self, team_id: str, channel_id: str, error: str, now: datetime) -> bool:
        """Record a channel's failure; True when it is news (it was not failing with this error)."""
        return await self._run(
            "UPDATE digest_subscriptions SET last_error = :error,"
            " failing_since = COALESCE(failing_since, :now)"
            " WHERE team_id = :team AND channel_id = :channel"
            " AND (last_error IS NULL OR last_error <> :error)",
            {"team": team_id, "channel": channel_id, "error": error, "now": instant(now)},
        ) > 0

    async def mark_working(self, team_id: str, channel_id: str) -> None:
        await self._run(
            "UPDATE digest_subscriptions SET last_error = NULL, failing_since = NULL"
            " WHERE team_id = :team AND channel_id = :channel AND last_error IS NOT NULL",
            {"team": team_id, "channel": channel_id},
        )

    # --- digest ledger: exactly once --------------------------------------------

    async def claim(self, team_id: str, channel_id: str, day: date, owner: str,
                    now: datetime, lease: timedelta) -> Claim | None:
        """Take (workspace, channel, day), or None when it is sent, failed, or leased to another.

        The primary key makes the first claim unique; a lapsed lease (its holder crashed,
        or a transient error let it go) is taken over in the same statement, atomically.
        """
        until = now + lease
        rows = await self._rows(
            "INSERT INTO digest_ledger (team_id, channel_id, day, status, owner, lease_until, attempts)"
            " VALUES (:team, :channel, :day, :claimed, :owner, :until, 1)"
            " ON CONFLICT (team_id, channel_id, day) DO UPDATE SET owner = excluded.owner,"
            " lease_until = excluded.lease_until, attempts = digest_ledger.attempts + 1, error = NULL"
            " WHERE digest_ledger.status = :claimed AND digest_ledger.lease_until <= :now"
            " RETURNING attempts",
            {"team": team_id, "channel": channel_id, "day": day.isoformat(), "claimed": CLAIMED,
             "owner": owner, "until": instant(until), "now": instant(now)},
        )
        if not rows:
            return None
        return Claim(team_id, channel_id, day, owner, until, rows[0]["attempts"])

    async def mark_sent(self, claim: Claim, message_ts: str | None, now: datetime) -> None:
        """The day is done: posted as `message_ts`, or nothing to post (None)."""
        await self._run(
            "UPDATE digest_ledger SET status = :sent, message_ts = :ts, sent_at = :now, error = NULL"
            " WHERE team_id = :team AND channel_id = :channel AND day = :day",
            {**_key(claim), "sent": SENT, "ts": message_ts, "now": instant(now)},
        )

    async def mark_failed(self, claim: Claim, error: str) -> None:
        """Give the day up (a channel Slack refuses): never retried."""
        await self._run(
            "UPDATE digest_ledger SET status = :failed, error = :error"
            " WHERE team_id = :team AND channel_id = :channel AND day = :day AND owner = :owner",
            {**_key(claim), "failed": FAILED, "error": error},
        )

    async def release(self, claim: Claim, error: str, retry_at: datetime) -> None:
        """Let a claim go after a transient error: anyone may take it again from `retry_at`."""
        await self._run(
            "UPDATE digest_ledger SET lease_until = :at, error = :error"
            " WHERE team_id = :team AND channel_id = :channel AND day = :day AND owner = :owner"
            " AND status = :claimed",
            {**_key(claim), "at": instant(retry_at), "error": error, "claimed": CLAIMED},
        )

    async def ledger(self, team_id: str, channel_id: str, day: date | None = None
                     ) -> list[LedgerRow]:
        """A channel's ledger rows (one day's, if named), newest day first."""
        day_text = day.isoformat() if day else None
        where = _where(team_id=team_id, channel_id=channel_id, day=day_text)
        rows = await self._rows(
            f"SELECT * FROM digest_ledger WHERE {where} ORDER BY day DESC",
            {"team_id": team_id, "channel_id": channel_id, "day": day_text},
        )
        return [LedgerRow(r["team_id"], r["channel_id"], date.fromisoformat(r["day"]), r["status"],
                          r["owner"], from_instant(r["lease_until"]), r["attempts"],  # type: ignore[arg-type]
                          r["message_ts"], from_instant(r["sent_at"]), r["error"]) for r in rows]

    async def settled(self, days: Collection[date]) -> set[tuple[str, str, date]]:
        """The (workspace, channel, day) of these days, of every channel, that are sent or
        given up: nothing left to claim. One read, however many channels."""
        if not days:
            return set()
        names = {f"d{i}": day.isoformat() for i, day in enumerate(sorted(set(days)))}
        rows = await self._rows(
            "SELECT team_id, channel_id, day FROM digest_ledger WHERE status <> :claimed"
            f" AND day IN ({', '.join(':' + name for name in names)})",
            {"claimed": CLAIMED, **names},
        )
        return {(r["team_id"], r["channel_id"], date.fromisoformat(r["day"])) for r in rows}

    async def last_sent(self, team_id: str, channel_id: str, before: date) -> LedgerRow | None:
        """The channel's latest digest sent for a day before `before`."""
        rows = await self._rows(
            "SELECT day FROM digest_ledger WHERE team_id = :team AND channel_id = :channel"
            " AND status = :sent AND day < :before ORDER BY day DESC LIMIT 1",
            {"team": team_id, "channel": channel_id, "sent": SENT, "before": before.isoformat()},
        )
        if not rows:
            return None
        return (await self.ledger(team_id, channel_id, date.fromisoformat(rows[0]["day"])))[0]

    # --- Events API deliveries ----------------------------------------------------

    async def first_delivery(self, event_id: str, team_id: str, now: datetime, keep: timedelta) -> bool:
        """Take an event for this process: True the first time its id is seen (within `keep`),
        False for every later delivery, from any process sharing the store."""
        async with self.engine.begin() as conn:
            await conn.execute(text("DELETE FROM handled_events WHERE expires_at <= :now"),
                               {"now": instant(now)})
            taken = await conn.execute(text(
                "INSERT INTO handled_events (event_id, team_id, handled_at, expires_at)"
                " VALUES (:id, :team, :now, :until) ON CONFLICT (event_id) DO NOTHING RETURNING event_id"),
                {"id": event_id, "team": team_id, "now": instant(now), "until": instant(now + keep)})
            return taken.first() is not None

    # --- workspace settings ------------------------------------------------------

    async def workspace_settings(self, team_id: str) -> dict[str, Any]:
        """The settings a workspace changed from Slack ({} if none), as stored."""
        rows = await self._rows("SELECT settings FROM workspace_settings WHERE team_id = :team",
                                {"team": team_id})
        return dict(json.loads(rows[0]["settings"])) if rows else {}

    async def set_workspace_settings(self, team_id: str, values: Mapping[str, Any], by: str | None,
                                     now: datetime) -> None:
        """Replace a workspace's stored settings (one workspace's row, never another's)."""
        await self._run(
            "INSERT INTO workspace_settings (team_id, settings, updated_by, updated_at)"
            " VALUES (:team, :settings, :by, :now) ON CONFLICT (team_id) DO UPDATE SET"
            " settings = excluded.settings, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            {"team": team_id, "settings": json.dumps(dict(values), sort_keys=True), "by": by,
             "now": instant(now)},
        )

    # --- quote of the day -------------------------------------------------------

    async def quotes_shown(self, team_id: str, since: date, before: date) -> dict[date, str]:
        """The quote keys of a workspace's days in [since, before)."""
        rows = await self._rows(
            "SELECT day, quote_key FROM digest_quotes WHERE team_id = :team"
            " AND day >= :since AND day < :before",
            {"team": team_id, "since": since.isoformat(), "before": before.isoformat()},
        )
        return {date.fromisoformat(r["day"]): r["quote_key"] for r in rows}

    async def quote_of(self, team_id: str, day: date, key: str) -> str:
        """Record `key` as the day's quote unless one is already; the day's quote either way."""
        async with self.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO digest_quotes (team_id, day, quote_key) VALUES (:team, :day, :key)"
                " ON CONFLICT (team_id, day) DO NOTHING"),
                {"team": team_id, "day": day.isoformat(), "key": key})
            return (await conn.execute(text(
                "SELECT quote_key FROM digest_quotes WHERE team_id = :team AND day = :day"),
                {"team": team_id, "day": day.isoformat()})).scalar_one()


StateOpener = Callable[[], Awaitable[StateStore]]


class LazyStateStore:
    """The state store at `url`, opened on first use rather than at start-up (an app built
    without one: nothing is opened until a request needs it), and closed with its owner.

    `get` is a StateOpener. Given an open `state`, `get` returns it and `close` leaves it to
    whoever opened it."""

    def __init__(self, url: str, state: StateStore | None = None) -> None:
        self._url = url
        self._state = state
        self._own = state is None
        self._lock = asyncio.Lock()  # two first requests at once open it once

    async def get(self) -> StateStore:
        async with self._lock:
            if self._state is None:
                self._state = await StateStore.open(self._url)
            return self._state

    async def close(self) -> None:
        async with self._lock:
            if self._own and self._state is not None:
                await self._state.close()
                self._state = None


def _where(**values: str | None) -> str:
    """`a = :a AND b = :b` for the values given; a parameter's type must never be left
    to guess, as `:a IS NULL` would (PostgreSQL refuses it)."""
    return " AND ".join(f"{name} = :{name}" for name, value in values.items() if value is not None) or "1 = 1"


def _key(claim: Claim) -> dict[str, str]:
    return {"team": claim.team_id, "channel": claim.channel_id, "day": claim.day.isoformat(),
            "owner": claim.owner}


_ONE_STATEMENT = "dossier_one_statement"  # an execution option: the transaction holds one statement


def _take_over_sqlite_transactions(engine: AsyncEngine) -> None:
    """SQLite: WAL, a busy timeout, and BEGIN IMMEDIATE for every transaction of several statements.

    The driver's own transaction handling begins late (and not for DDL); taking the write
    lock at BEGIN makes two processes queue instead of failing when a read turns into a write.
    A transaction of one statement (`_rows`, `_run`) cannot turn a read into a write: it begins
    deferred, so that reads (one at each Slack request) never queue for the write lock.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(_ONE_STATEMENT) else "BEGIN IMMEDIATE")

