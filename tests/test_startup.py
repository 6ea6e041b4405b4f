"""Start-up that explains itself: a bad setting is one line naming what the user wrote
and where; `dossier config check` catches swapped tokens and an empty corpus and says
which files it read; `dossier --version`."""

from __future__ import annotations

import asyncio
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def one_error_line(result) -> str:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert "pydantic" not in line and "http" not in line and "Traceback" not in line
    return line


def test_a_bad_environment_variable_is_named_with_its_source() -> None:
    line = one_error_line(invoke("config", "show", env={"DOSSIER_MAX_FILE_BYTES": "-3"}))
    assert "DOSSIER_MAX_FILE_BYTES in the environment" in line
    assert "greater than 0" in line and "'-3'" in line
    assert "max_file_bytes" not in line  # the field name nobody typed


def test_a_bad_key_in_the_toml_file_is_named_with_the_file() -> None:
    Path("dossier.toml").write_text('query_timeout_ms = "soon"\n[workspaces.T1]\nlanguage = "de"\n',
                                    encoding="utf-8")
    line = one_error_line(invoke("config", "check"))
    toml = str(Path("dossier.toml").resolve())
    assert f"key `query_timeout_ms` in {toml}" in line
    assert f"key `workspaces.T1.language` in {toml}" in line and "'fr' or 'en'" in line


def test_a_bad_line_in_dotenv_is_named_with_the_file() -> None:
    Path(".env").write_text("PORT=trois-mille\n", encoding="utf-8")
    line = one_error_line(invoke("ask", "/timeline"))
    assert f"PORT in {Path('.env').resolve()}" in line and "integer" in line


def test_the_environment_is_named_before_dotenv_when_both_set_it() -> None:
    Path(".env").write_text("PORT=3000\n", encoding="utf-8")
    line = one_error_line(invoke("config", "show", env={"PORT": "x"}))
    assert line.startswith("Error: bad setting: PORT in the environment")


def test_an_empty_variable_is_unset_not_an_empty_token() -> None:
    result = invoke("config", "show", env={"SLACK_BOT_TOKEN": ""})
    assert "slack_bot_token = not set" in result.stdout


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("SLACK_BOT_TOKEN", "xapp-1-A0-very-secret", "SLACK_BOT_TOKEN holds an app-level token (xapp-…) "
                                                 "(swapped with SLACK_APP_TOKEN?)"),
    ("SLACK_APP_TOKEN", "xoxb-very-secret", "SLACK_APP_TOKEN holds a bot token (xoxb-…) "
                                            "(swapped with SLACK_BOT_TOKEN?)"),
    ("SLACK_BOT_TOKEN", "xoxp-very-secret", "SLACK_BOT_TOKEN holds a user token (xoxp-…)"),
])
def test_config_check_catches_a_token_in_the_wrong_variable(seeded_db: Path, variable: str, value: str,
                                                            expected: str) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-right", "SLACK_APP_TOKEN": "xapp-right", variable: value}
    result = invoke("config", "check", "--db", str(seeded_db), env=env)
    assert result.exit_code == 1
    assert f"problem: {expected}" in result.stdout
    assert "very-secret" not in result.output


def test_serve_refuses_a_swapped_token_in_one_line(seeded_db: Path) -> None:
    result = invoke("serve", "--db", str(seeded_db),
                    env={"SLACK_BOT_TOKEN": "xapp-1-secret", "SLACK_SIGNING_SECRET": "s"})
    line = one_error_line(result)
    assert "SLACK_BOT_TOKEN holds an app-level token" in line and "xapp-1-secret" not in line


async def _create_empty(db: Path) -> None:
    from bot.store import Store

    async with await Store.open(db):
        pass


def test_config_check_catches_an_empty_corpus(tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "empty.db")
    assert invoke("ingest", str(corpus), "--db", db).exit_code == 1  # an empty folder: nothing created
    asyncio.run(_create_empty(Path(db)))
    result = invoke("config", "check", "--db", db,
                    env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert result.exit_code == 1
    assert f"problem: the corpus is empty: {db} holds no article" in result.stdout


def test_config_check_says_which_files_it_read(seeded_db: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    result = invoke("config", "check", "--db", str(seeded_db), env=env)
    assert f"config file: {Path('dossier.toml').resolve()} (not found, skipped)" in result.stdout
    assert f".env file: {Path('.env').resolve()} (not found, skipped)" in result.stdout
    assert result.stdout.rstrip().endswith("ok: ready to serve") and result.exit_code == 0

    team = Path("team.toml")
    team.write_text("max_file_bytes = 1000\n", encoding="utf-8")
    Path(".env").write_text("DOSSIER_QUERY_TIMEOUT_MS=1500\n", encoding="utf-8")
    result = invoke("config", "check", "--db", str(seeded_db), env={**env, "DOSSIER_CONFIG": str(team)})
    assert f"config file: {team.resolve()} (read)" in result.stdout
    assert f".env file: {Path('.env').resolve()} (read)" in result.stdout


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dossier {version('dossier')}"
