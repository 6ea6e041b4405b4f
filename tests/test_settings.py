"""Settings: each pair of neighbouring sources, workspaces, and the README's table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.conftest import ROOT


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_defaults() -> None:
    settings = Settings()
    assert settings.db_path == Path("dossier.db")
    assert settings.corpus_dir == Path("seeds")
    assert settings.port == 3000
    assert settings.workspace("T1").language == "fr"
    assert settings.missing_slack_credentials() == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]


def test_toml_over_defaults() -> None:
    write(Path("dossier.toml"), 'db_path = "from-toml.db"\n')
    assert Settings().db_path == Path("from-toml.db")


def test_dotenv_over_toml() -> None:
    write(Path("dossier.toml"), 'db_path = "from-toml.db"\n')
    write(Path(".env"), "DOSSIER_DB_PATH=from-dotenv.db\n")
    assert Settings().db_path == Path("from-dotenv.db")


def test_environment_over_dotenv(monkeypatch: pytest.MonkeyPatch) -> None:
    write(Path(".env"), "DOSSIER_DB_PATH=from-dotenv.db\nPORT=4000\n")
    monkeypatch.setenv("DOSSIER_DB_PATH", "from-env.db")
    settings = Settings()
    assert settings.db_path == Path("from-env.db")
    assert settings.port == 4000


def test_arguments_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_DB_PATH", "from-env.db")
    assert Settings(db_path=Path("from-cli.db")).db_path == Path("from-cli.db")


def test_config_file_is_named_by_dossier_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "team.toml"
    write(other, "max_file_bytes = 1234\n")
    monkeypatch.setenv("DOSSIER_CONFIG", str(other))
    assert Settings().max_file_bytes == 1234


def test_slack_variables_keep_their_own_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    settings = Settings()
    assert settings.socket_mode
    assert settings.missing_slack_credentials() == []  # Socket Mode needs no signing secret
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert "xoxb-1" not in repr(settings)


def test_a_workspace_overrides_the_defaults() -> None:
    write(Path("dossier.toml"),
          '[workspace_defaults]\nlanguage = "fr"\n\n[workspaces.T0123]\nlanguage = "en"\n')
    settings = Settings()
    assert settings.workspace("T0123").language == "en"
    assert settings.workspace("T9999").language == "fr"
    assert settings.workspace(None).language == "fr"


def test_bad_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_MAX_FILE_BYTES", "-3")
    with pytest.raises(ValueError):
        Settings()


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        if name.startswith("workspace"):
            assert f"[{name}" in readme, name
            continue
        env = f"DOSSIER_{name.upper()}"
        aliases = getattr(field.validation_alias, "choices", [])
        assert env in readme or any(str(a) in readme for a in aliases if str(a).isupper()), name
