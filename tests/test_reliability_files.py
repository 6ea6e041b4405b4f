"""Hostile corpora and files: links out of the corpus folder, loops, FIFOs and devices
are refused with their reason while the rest is ingested; CSV exports cannot carry a
formula; a bad setting never echoes a secret."""

from __future__ import annotations

import asyncio
import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.corpus import read_article
from bot.errors import ConfigError
from bot.export import write_export
from bot.settings import load_settings
from bot.store import Store
from tests.conftest import ingested

ARTICLE = "En 2019, la ville de Lyon a inauguré un stade. « C’est un grand jour », a déclaré Jeanne Martin."


def ingest_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ingest", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_only_regular_files_inside_the_folder_are_read(tmp_path: Path, corpus: Path,
                                                       write_article: Callable[..., Path]) -> None:
    secrets = tmp_path / "secrets.env"
    secrets.write_text("SLACK_BOT_TOKEN=xoxb-do-not-index-me\n")
    write_article("a-before", ARTICLE)
    (corpus / "b-loop.txt").symlink_to(corpus / "b-loop.txt")            # a link to itself
    (corpus / "c-secret.txt").symlink_to(secrets)                         # out of the folder
    (corpus / "d-dangling.txt").symlink_to(corpus / "nowhere.txt")
    os.mkfifo(corpus / "e-fifo.txt")                                     # would hang a reader
    (corpus / "f-zero.txt").symlink_to("/dev/zero")                       # out, and endless
    (corpus / "g-inside.txt").symlink_to(write_article("h-real", ARTICLE.replace("2019", "2020")))
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up").symlink_to(corpus)                            # a folder loop
    write_article("z-after", ARTICLE.replace("2019", "2021"))
    db = tmp_path / "d.db"

    code, output = ingest_cli(str(corpus), "--db", str(db))
    assert code == 1
    assert f"rejected: {corpus}/b-loop.txt: a symbolic link loop" in output
    assert f"rejected: {corpus}/c-secret.txt: a symbolic link leading outside {corpus}: not followed" in output
    assert f"rejected: {corpus}/d-dangling.txt: a symbolic link to nothing" in output
    assert f"rejected: {corpus}/e-fifo.txt: not a regular file (a FIFO)" in output
    assert f"rejected: {corpus}/f-zero.txt: a symbolic link leading outside {corpus}: not followed" in output
    # a-before, g-inside, z-after: the walk went on past each one; h-real has g-inside's very
    # bytes (g-inside links to it), so it is reported as its duplicate, not stored twice.
    assert "3 added" in output
    assert f"1 duplicate not stored ({corpus}/h-real.txt: same bytes as {corpus}/g-inside.txt)" in output

    async def search(words: str) -> int:
        async with await Store.open(db, read_only=True) as store:
            return await store.count_documents_matching(f'"{words}"')

    assert asyncio.run(search("xoxb")) == 0


def test_a_device_or_fifo_named_on_the_command_line_is_refused_not_read(corpus: Path) -> None:
    os.mkfifo(corpus / "pipe")
    for path in (Path("/dev/zero"), corpus / "pipe"):
        refused = read_article(path, 5_000_000)
        assert getattr(refused, "reason", "").startswith("not a regular file"), refused
    code, output = ingest_cli("/dev/zero", "--db", str(corpus.parent / "d.db"))
    assert code == 1 and "rejected: /dev/zero: not a regular file (a device)" in output


async def test_csv_cells_never_start_a_formula(tmp_path: Path, corpus: Path,
                                               write_article: Callable[..., Path]) -> None:
    write_article("=HYPERLINK(1)", "En 2019, la ville de Lyon a voté. « =HYPERLINK(\"http://evil.example\",\"clic\") »,"
                  " a déclaré Jeanne Martin. « +33 612 », a ajouté Jeanne Martin.")
    write_article("@SUM", "-En 2020, la ville de Lyon a fermé le stade.")
    async with ingested(tmp_path / "d.db", corpus, added=2) as store:
        for kind in ("timeline", "quotes", "documents"):
            out = io.StringIO()
            await write_export(store, kind, "", "csv", out)
            rows = list(csv.reader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
            cells = [cell for row in rows[1:] for cell in row]
            assert cells, kind
            assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], kind
            assert any(c.startswith("'=") or c.startswith("'@") or c.startswith("'-") for c in cells), kind
        jsonl = io.StringIO()
        await write_export(store, "quotes", "", "jsonl", jsonl)
        assert '"text": "=HYPERLINK' in jsonl.getvalue()  # other formats keep the text as written


@pytest.mark.parametrize("toml, secret", [
    ('slack_bot_token = ["xoxb-secret-in-a-list"]\n', "xoxb-secret-in-a-list"),
    ('slack_signing_secret = {value = "sign-me-secret"}\n', "sign-me-secret"),
    ('slack_api_url = ["https://user:hunter2@proxy.example/api/"]\n', "hunter2"),
])
def test_a_bad_setting_never_echoes_a_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             toml: str, secret: str) -> None:
    config = tmp_path / "dossier.toml"
    config.write_text(toml)
    monkeypatch.setenv("DOSSIER_CONFIG", str(config))
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert secret not in str(error.value)
    result = CliRunner().invoke(main, ["config", "show"])
    assert result.exit_code == 1 and secret not in result.output


def test_config_show_hides_a_password_in_the_api_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_API_URL", "https://user:hunter2@proxy.example/api/")
    result = CliRunner().invoke(main, ["config", "show"])
    assert "hunter2" not in result.output
    assert "slack_api_url = https://***@proxy.example/api/" in result.output
