"""The `dossier` command through its real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from tests.conftest import SEEDS


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_ingest_prints_one_summary_line_and_exit_0(tmp_path: Path) -> None:
    result = invoke("ingest", str(SEEDS), "--db", str(tmp_path / "d.db"))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("5 added, 0 updated, 0 unchanged, 0 rejected")
    again = invoke("ingest", str(SEEDS), "--db", str(tmp_path / "d.db"))
    assert "0 added, 0 updated, 5 unchanged" in again.stdout


def test_ingest_defaults_to_the_corpus_folder_and_env_db(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, Path.cwd() / "seeds")
    result = invoke("ingest", env={"DOSSIER_DB_PATH": str(tmp_path / "env.db")})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()
    assert not (Path.cwd() / "dossier.db").exists()


def test_rejected_file_exits_1_and_names_it(tmp_path: Path, corpus: Path, write_article) -> None:
    write_article("ok", "En 2020, un texte.")
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00")
    result = invoke("ingest", str(corpus), "--db", str(tmp_path / "d.db"))
    assert result.exit_code == 1
    assert f"rejected: {corpus / 'bad.txt'}: binary file" in result.stderr
    assert "1 added, 0 updated, 0 unchanged, 1 rejected" in result.stdout


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "d.db"))
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr


def test_ask_before_ingest_says_what_to_do(tmp_path: Path) -> None:
    result = invoke("ask", "/timeline", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "dossier ingest" in result.stderr
    assert "Traceback" not in result.output


def test_ask_prints_sources_with_doc_id_and_date(seeded_db: Path) -> None:
    result = invoke("ask", "/timeline 2019", "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    assert "2019-07" in result.stdout or "juillet 2019" in result.stdout
    assert "002_b5f6084d3fa5f75b" in result.stdout
    assert "2023-03" in result.stdout or "mars 2023" in result.stdout


def test_ask_json_is_the_slack_payload(seeded_db: Path) -> None:
    result = invoke("ask", "--json", "/quote", "altman", "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= {"text", "blocks"}
    flat = json.dumps(payload, ensure_ascii=False)
    assert "Sam Altman" in flat and "002_b5f6084d3fa5f75b" in flat


def test_config_show_never_prints_a_secret() -> None:
    result = invoke("config", "show", env={"SLACK_BOT_TOKEN": "xoxb-very-secret"})
    assert result.exit_code == 0
    assert "slack_bot_token = set" in result.stdout
    assert "xoxb-very-secret" not in result.stdout


def test_config_check_names_what_is_missing(tmp_path: Path) -> None:
    result = invoke("config", "check", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "SLACK_BOT_TOKEN" in result.stdout and "dossier ingest" in result.stdout
