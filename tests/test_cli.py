"""The `dossier` command through its real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from bot.store import Store
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


def test_export_csv_to_stdout_keeps_accents_and_sources(seeded_db: Path) -> None:
    result = invoke("export", "timeline", "2019", "--format", "csv", "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("date,precision,text,sources")
    assert any(line.startswith("2019-07,month,") and "Microsoft" in line and "002_b5f6084d3fa5f75b" in line
               for line in lines)
    assert all(not line.startswith("2015") for line in lines)


def test_export_to_a_file_says_how_many_records(seeded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "quotes.jsonl"
    result = invoke("export", "quotes", "altman", "--out", str(out), "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and {r["speaker"] for r in records} == {"Sam Altman"}
    assert f"{len(records)} records written to {out}" in result.stderr


def test_export_to_an_unwritable_path_fails_cleanly(seeded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "t.json"
    result = invoke("export", "timeline", "--format", "timelinejs", "--out", str(out), "--db", str(seeded_db))
    assert result.exit_code == 1
    assert str(out) in result.stderr and "Traceback" not in result.output
    assert not out.parent.exists()


def test_export_before_ingest_exports_nothing_and_says_so(tmp_path: Path) -> None:
    result = invoke("export", "quotes", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "nothing was ingested" in result.stderr


def test_ingesting_an_empty_folder_warns_and_fails(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "empty.db"
    (corpus / ".hidden").write_text("not an article", encoding="utf-8")  # skipped, as always
    result = invoke("ingest", str(corpus), "--db", str(db))
    assert result.exit_code == 1
    assert f"no article file in {corpus}: nothing to ingest" in result.stderr
    assert not db.exists()  # nothing was created for nothing


def test_export_of_an_empty_database(tmp_path: Path) -> None:
    import asyncio

    db = tmp_path / "empty.db"

    async def create() -> None:
        async with await Store.open(db):
            pass

    asyncio.run(create())
    result = invoke("export", "documents", "--format", "json", "--db", str(db))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "nothing was ingested" in result.stderr


def test_export_rejects_timelinejs_for_quotes(seeded_db: Path) -> None:
    result = invoke("export", "quotes", "--format", "timelinejs", "--db", str(seeded_db))
    assert result.exit_code == 1
    assert "timeline" in result.stderr


def test_serve_without_credentials_is_one_clear_line(seeded_db: Path) -> None:
    result = invoke("serve", "--db", str(seeded_db))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SLACK_BOT_TOKEN" in lines[0] and "dossier ask" in lines[0]


ALIASES = """
[[entity]]
name = "Aya Nakamura"
kind = "person"
aliases = ["Nakamura", "la chanteuse Aya"]
"""


def test_a_corpus_alias_table_gives_canonical_speakers(tmp_path: Path, corpus: Path, write_article) -> None:
    write_article("concert", "« Je chanterai pour tout le monde ce soir », a déclaré Nakamura.")
    (corpus / "aliases.toml").write_text(ALIASES, encoding="utf-8")
    db = str(tmp_path / "d.db")
    assert invoke("ingest", str(corpus), "--db", db).exit_code == 0
    answer = invoke("ask", "/quote chanterai", "--db", db)
    assert "— Aya Nakamura" in answer.stdout


def test_an_alias_file_given_on_the_command_line(tmp_path: Path, corpus: Path, write_article) -> None:
    write_article("concert", "« Je chanterai pour tout le monde ce soir », a déclaré Nakamura.")
    table = tmp_path / "people.toml"
    table.write_text(ALIASES, encoding="utf-8")
    db = str(tmp_path / "d.db")
    assert invoke("ingest", str(corpus), "--db", db, "--aliases", str(table)).exit_code == 0
    assert "— Aya Nakamura" in invoke("ask", "/quote nakamura", "--db", db).stdout


def test_a_broken_alias_file_is_a_clear_error(tmp_path: Path, corpus: Path, write_article) -> None:
    write_article("concert", "Texte.")
    (corpus / "aliases.toml").write_text("[[entity]\nname = ", encoding="utf-8")
    result = invoke("ingest", str(corpus), "--db", str(tmp_path / "d.db"))
    assert result.exit_code == 1
    assert "aliases.toml" in result.stderr and "Traceback" not in result.output
