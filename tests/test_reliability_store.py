"""Broken databases and concurrent writers: one clear line and a non-zero exit, never a
traceback or a hang; two ingests at once lose nothing; a full disk says so."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot import store as store_module
from bot.cli import main
from bot.errors import StoreError
from bot.store import Store
from tests.conftest import SEEDS, ingest_paths

DOSSIER = str(Path(sys.executable).with_name("dossier"))
SERVE_ENV = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:9/api/"}


async def run_dossier(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, str]:
    """The real entry point as a process; a hang fails the test instead of stalling it."""
    proc = await asyncio.create_subprocess_exec(
        DOSSIER, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, **(env or {})})
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"dossier {' '.join(args)} hung") from None
    return proc.returncode or 0, out.decode()


def broken_databases(tmp_path: Path, seeded_db: Path) -> dict[str, Path]:
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("these are my notes, not a database\n" * 10)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(seeded_db.read_bytes()[:40_000])
    return {"not SQLite": not_sqlite, "truncated": truncated}


async def test_a_database_that_is_not_sqlite_is_one_line_and_exit_1_for_every_command(
    tmp_path: Path, seeded_db: Path
) -> None:
    db = broken_databases(tmp_path, seeded_db)["not SQLite"]
    commands = {"ask": ["ask", "/timeline"], "export": ["export", "timeline"],
                "ingest": ["ingest", str(SEEDS)], "serve": ["serve", "--port", "0"]}
    runs = [run_dossier(*argv, "--db", str(db), env=SERVE_ENV if name == "serve" else None)
            for name, argv in commands.items()]
    for name, (code, output) in zip(commands, await asyncio.gather(*runs)):
        assert code == 1, (name, output)
        assert output.strip().splitlines() == [
            f"Error: {db} is not a dossier database (not SQLite): point --db elsewhere, or move it away"
        ] or name == "ask" and output.startswith("Error: Erreur : "), (name, output)
        assert "Traceback" not in output


@pytest.mark.parametrize("command", [["ask", "/timeline"], ["export", "timeline"], ["ingest", str(SEEDS)]])
def test_a_truncated_database_is_one_line(tmp_path: Path, seeded_db: Path, command: list[str]) -> None:
    db = broken_databases(tmp_path, seeded_db)["truncated"]
    result = CliRunner().invoke(main, [*command, "--db", str(db)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "is damaged (truncated or corrupt)" in result.output


def test_a_locked_database_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "locked.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write, in rollback mode
    try:
        for args in (["ask", "/timeline"], ["ingest", str(SEEDS)]):
            result = CliRunner().invoke(main, [*args, "--db", str(db)])
            assert result.exit_code == 1, result.output
            assert "is locked by another process" in result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
    finally:
        holder.close()


async def test_a_second_writer_is_refused_in_one_line_while_the_first_holds_the_file(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    async with await Store.open(db):
        code, output = await run_dossier("ingest", str(SEEDS), "--db", str(db))
        assert code == 1
        assert output.strip() == (f"Error: {db} is being written by another `dossier ingest` (pid {os.getpid()}):"
                                  " run this one again when it is done")
        with pytest.raises(StoreError):
            await Store.open(db)
        async with await Store.open(db, read_only=True) as reader:  # readers are never refused
            assert (await reader.stats()).documents == 0
    code, output = await run_dossier("ingest", str(SEEDS), "--db", str(db))
    assert code == 0 and output.startswith("5 added"), output


async def test_two_ingests_at_once_lose_nothing(tmp_path: Path, write_article: Callable[..., Path],
                                                corpus: Path) -> None:
    for i in range(30):
        write_article(f"a{i:02d}", f"En {1990 + i}, la société numéro {i} a ouvert une usine à Lyon. "
                                   f"« Nous sommes fiers », a déclaré Jeanne Martin{i}.")
    db = tmp_path / "d.db"
    results = await asyncio.gather(*(run_dossier("ingest", str(corpus), "--db", str(db)) for _ in range(2)))
    for code, output in results:
        assert "Traceback" not in output
        # The second waited for nothing (the first was done), found all 30, or was refused.
        assert (code == 0 and ("30 added" in output or "30 unchanged" in output)
                or code == 1 and "being written by another" in output), output
    assert any(code == 0 for code, _ in results)
    code, output = await run_dossier("ingest", str(corpus), "--db", str(db))
    assert code == 0 and output.startswith("0 added, 0 updated, 30 unchanged"), output
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(store_module.MIGRATIONS)


def test_a_full_disk_says_so(tmp_path: Path, write_article: Callable[..., Path], corpus: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "d.db"
    asyncio.run(ingest_paths(db, SEEDS))
    write_article("big", " ".join(f"Le {i} mars 2020, la mairie numéro {i} a voté un budget." for i in range(200)))
    connect = store_module._writer_connection

    def on_a_full_disk(path: Path) -> object:  # ingest's writer
        conn = connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own "disk is full"
        return conn

    monkeypatch.setattr(store_module, "_writer_connection", on_a_full_disk)
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 1
    assert "database or disk is full" in result.output
    assert "cannot rollback" not in result.output and "Traceback" not in result.output
    monkeypatch.undo()

    async def documents() -> int:
        async with await Store.open(db, read_only=True) as reader:
            return (await reader.stats()).documents

    assert asyncio.run(documents()) == 5  # the seeds are all still there


async def test_a_database_rebuilt_and_renamed_over_is_read_and_a_deleted_one_is_not_ready(
    tmp_path: Path, seeded_db: Path, corpus: Path, write_article: Callable[..., Path],
    aiohttp_client: Any, make_settings: Callable[..., Any]
) -> None:
    from handlers.app import web_app

    db = tmp_path / "served.db"
    shutil.copy(seeded_db, db)
    store = await Store.open(db, read_only=True)
    try:
        client = await aiohttp_client(web_app(make_settings(db_path=db), store),
                                      server_kwargs={"host": "127.0.0.1", "port": 0})
        assert (await client.get("/readyz")).status == 200
        # The safe way to replace a corpus: build beside it, then rename it over.
        write_article("nouveau", "En 2024, la ville de Brest a inauguré un téléphérique.")
        rebuilt = tmp_path / "rebuilt.db"
        shutil.copy(seeded_db, rebuilt)
        await ingest_paths(rebuilt, corpus)
        rebuilt.replace(db)
        assert store.replaced()
        assert (await client.get("/readyz")).status == 200  # reopened
        assert not store.replaced()
        assert [h.doc_id for h in await store.search_documents('"telepherique"', limit=5)] == ["nouveau"]
        db.unlink()
        response = await client.get("/readyz")
        assert response.status == 503
        assert (await response.json())["problems"] == [
            f"{db} was replaced or deleted and cannot be reopened: still serving the old file"]
        assert not db.exists()  # looking for it did not create an empty one
    finally:
        await store.close()


async def test_source_still_finds_the_right_article_after_dump_and_restore(
    tmp_path: Path, corpus: Path, write_article: Callable[..., Path]
) -> None:
    words = {"alpha": "aqueduc", "bravo": "belvédère", "charlie": "chapiteau"}
    for name, word in words.items():
        write_article(name, f"En 2019, la ville a restauré le {word} municipal.")
    db = tmp_path / "d.db"
    await ingest_paths(db, corpus)
    write_article("alpha", "En 2020, la ville a restauré l’aqueduc municipal, une seconde fois.")
    await ingest_paths(db, corpus)  # alpha is replaced: its row moves to the end of documents

    copies = [db]
    vacuumed = tmp_path / "vacuumed.db"  # VACUUM, like .dump, renumbers rows without an explicit key
    shutil.copy(db, vacuumed)
    with sqlite3.connect(vacuumed) as conn:
        conn.execute("VACUUM")
    copies.append(vacuumed)
    if shutil.which("sqlite3"):  # the command-line shell, when installed
        restored = tmp_path / "restored.db"
        dump = subprocess.run(["sqlite3", str(db), ".dump"], capture_output=True, check=True).stdout
        subprocess.run(["sqlite3", str(restored)], input=dump, check=True)
        copies.append(restored)

    for path in copies:
        async with await Store.open(path, read_only=True) as store:
            for name, word in words.items():
                [hit] = await store.search_documents(f'"{word}"', limit=5)
                assert hit.doc_id == name, (path.name, word, hit.doc_id)
