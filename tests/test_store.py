"""The store's guarantees that no look-up shows on the seeds: time budget, read-only, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.errors import BadInput, ConfigError, NotFound
import bot.store
from bot.store import MIGRATIONS, Store

ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


async def test_a_read_past_its_budget_is_stopped_with_a_clear_error(seeded_db: Path) -> None:
    async with await Store.open(seeded_db, read_only=True, query_timeout_ms=50) as store:
        with pytest.raises(BadInput, match="takes too long"):
            await store._fetch(ENDLESS)
        # The connection is still usable afterwards, with its budget reset.
        assert (await store.stats()).documents == 5


async def test_a_read_only_store_refuses_writes(seeded_db: Path) -> None:
    async with await Store.open(seeded_db, read_only=True) as store:
        with pytest.raises(sqlite3.OperationalError):
            await store._conn.execute("DELETE FROM documents")


async def test_opening_a_missing_database_read_only_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="dossier ingest"):
        await Store.open(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


async def test_migrations_run_once(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    for _ in range(2):
        async with await Store.open(db):
            pass
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM _migrations").fetchall() == [(n,) for n, _ in MIGRATIONS]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_an_older_database_gets_the_new_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_article
) -> None:
    from tests.conftest import ingest_paths

    write_article("vote", "Le Sénat a voté la loi sur le climat.")
    db = tmp_path / "old.db"
    with monkeypatch.context() as only_the_first:
        only_the_first.setattr(bot.store, "MIGRATIONS", MIGRATIONS[:1])
        await ingest_paths(db, tmp_path / "corpus")
    with pytest.raises(ConfigError, match="run `dossier ingest` once"):
        await Store.open(db, read_only=True)  # a reader cannot upgrade it
    async with await Store.open(db) as store:
        total, counts = await store.document_frequencies(["senat", "absent"])
    assert (total, counts) == (1, {"senat": 1, "absent": 0})
