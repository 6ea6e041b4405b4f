"""Fixtures every test module may use.

- The environment is scrubbed of SLACK_*, DOSSIER_* and PORT, and each test runs
  in its own empty working directory, so no developer's .env or dossier.toml leaks in.
- `seeded_db`: the five seed articles, ingested once per session.
- `write_article`: writes an article file into a test's own corpus folder.
"""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.extract import AliasTable
from bot.ingest import IngestReport, ingest
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

pytest_plugins = ["tests.fakes.fixtures", "tests.postgres"]


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("SLACK_", "DOSSIER_")) or name == "PORT":
            monkeypatch.delenv(name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)


async def ingest_paths(db: Path, *paths: Path) -> IngestReport:
    async with await Store.open(db) as store:
        return await ingest(store, list(paths), aliases=AliasTable.default(), max_bytes=5_000_000)


@asynccontextmanager
async def ingested(db: Path, *paths: Path, added: int) -> AsyncIterator[Store]:
    """Ingest `paths` into `db` (expecting `added` new documents), then the store, read-only."""
    report = await ingest_paths(db, *paths)
    assert report.added == added, report.summary()
    store = await Store.open(db, read_only=True)
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("seeded") / "dossier.db"
    report = asyncio.run(ingest_paths(db, SEEDS))
    assert report.added == 5, report.summary()
    yield db


@pytest.fixture
async def seeded(seeded_db: Path) -> AsyncIterator[Store]:
    """The seeds' database, read-only."""
    store = await Store.open(seeded_db, read_only=True)
    yield store
    await store.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
def write_article(corpus: Path) -> Callable[..., Path]:
    """write_article("name", "text", date="2023-03") → the file, in the test's corpus folder."""

    def write(name: str, text: str, date: str | None = "2023-03") -> Path:
        path = corpus / f"{name}.txt"
        header = f" date {date} " if date else ""
        path.write_text(header + text.strip() + "\n", encoding="utf-8")
        return path

    return write


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The soak (tests marked `soak`) runs only when asked for: `pytest -m soak`."""
    if "soak" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="the long reliability run: `pytest -m soak -s`")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)
