"""Settings, built once at start-up and passed down; nothing reads the environment later.

Precedence, highest first:
  1. arguments given in code (the CLI's --db, --port …)
  2. environment variables (`DOSSIER_*`, and Slack's own `SLACK_*`, `PORT`)
  3. a `.env` file in the working directory
  4. the TOML file named by `DOSSIER_CONFIG` (default `dossier.toml`), if it exists
  5. the defaults below

Per-workspace settings (language) sit under `[workspaces.<team id>]` in the TOML
file, over the `[workspace_defaults]` table.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from dotenv import dotenv_values
from pydantic import AliasChoices, BaseModel, Field, PrivateAttr, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.errors import ConfigError

Language = Literal["fr", "en"]

DEFAULT_CONFIG_FILE = "dossier.toml"
DOTENV_FILE = ".env"


def config_file() -> Path:
    """The TOML file settings read, named by `DOSSIER_CONFIG`."""
    return Path(os.environ.get("DOSSIER_CONFIG", DEFAULT_CONFIG_FILE))


class WorkspaceSettings(BaseModel):
    """What one Slack workspace may choose."""

    language: Language = "fr"
    admins: list[str] = Field(
        [], description="dossier admins (user ids), besides the workspace's Slack admins and owners."
    )
    exporters: Literal["everyone", "admins"] = Field(
        "everyone", description="Who may use /dossier export."
    )
    digest_when_empty: Literal["line", "nothing"] = Field(
        "line", description="A digest with nothing to say: a short line, or no post at all."
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DOSSIER_",
        env_file=DOTENV_FILE,
        env_ignore_empty=True,  # `SLACK_BOT_TOKEN=` is unset, not an empty token
        extra="ignore",
        populate_by_name=True,
    )

    # Corpus and store
    db_path: Path = Field(Path("dossier.db"), description="SQLite database file.")
    corpus_dir: Path = Field(Path("seeds"), description="Folder `dossier ingest` reads by default.")
    aliases_path: Path | None = Field(
        None, description="TOML alias table that extends the built-in one (canonical names)."
    )
    max_file_bytes: int = Field(
        5_000_000, gt=0, description="Files larger than this are rejected at ingest."
    )
    query_timeout_ms: int = Field(
        2_000, gt=0, description="Budget of one look-up's SQL before it is stopped."
    )

    # State: what the bot writes while it runs (digest subscriptions and ledger)
    state_url: str | None = Field(
        None,
        description="State store: sqlite:///path or postgresql://…; default a file beside the"
        " corpus database (dossier.db → dossier-state.db).",
    )
    digest_quote_days: int = Field(
        30, ge=0, description="A digest's quote of the day is not repeated within this many days."
    )

    # Slack
    slack_bot_token: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token")
    )
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    slack_app_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_APP_TOKEN", "slack_app_token"),
        description="Set it to run in Socket Mode.",
    )
    slack_api_url: str | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_API_URL", "slack_api_url"),
        description="Web API base URL for every Slack client (tests and staging).",
    )
    # Many workspaces: all three set, the app installs by OAuth instead of one SLACK_BOT_TOKEN.
    slack_client_id: str | None = Field(
        None, validation_alias=AliasChoices("SLACK_CLIENT_ID", "slack_client_id"),
        description="The app's Client ID (Basic Information), for OAuth installs.",
    )
    slack_client_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_CLIENT_SECRET", "slack_client_secret")
    )
    slack_state_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_STATE_SECRET", "slack_state_secret"),
        description="Signs the OAuth state parameter; any long random string.",
    )

    # HTTP server
    host: str = Field("127.0.0.1", description="Address `dossier serve` listens on in HTTP mode.")
    port: int = Field(3000, validation_alias=AliasChoices("PORT", "DOSSIER_PORT", "port"))

    # Workspaces
    _stored: dict[str, dict[str, object]] = PrivateAttr(default_factory=dict)
    workspace_defaults: WorkspaceSettings = WorkspaceSettings()
    workspaces: dict[str, WorkspaceSettings] = {}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, dotenv_settings, toml, file_secret_settings)

    def workspace(self, team_id: str | None) -> WorkspaceSettings:
        """A workspace's own settings: the defaults, under its [workspaces.T…] table, under
        what its admins changed from Slack (the state store, `use_stored`)."""
        own = self.workspaces.get(team_id or "")
        stored = self._stored.get(team_id or "", {})
        if own is None and not stored:
            return self.workspace_defaults
        merged = self.workspace_defaults.model_dump() | (own.model_dump(exclude_unset=True) if own else {})
        return WorkspaceSettings(**(merged | stored))

    def use_stored(self, team_id: str, values: dict[str, object]) -> None:
        """What the state store holds for a workspace, read before its requests (handlers/admin.py)."""
        known = {k: v for k, v in values.items() if k in WorkspaceSettings.model_fields}
        WorkspaceSettings(**(self.workspace_defaults.model_dump() | known))  # refuses a bad row
        self._stored[team_id] = known

    def state_location(self) -> str:
        """The state store's URL, set or by default beside the corpus database."""
        if self.state_url:
            return self.state_url
        return f"sqlite:///{self.db_path.with_name(self.db_path.stem + '-state.db')}"

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    @property
    def oauth(self) -> bool:
        """Installed by OAuth into any number of workspaces (else: one workspace, one token)."""
        return any(value is not None for value in self._oauth_values().values())

    def _oauth_values(self) -> dict[str, object]:
        return {"SLACK_CLIENT_ID": self.slack_client_id, "SLACK_CLIENT_SECRET": self.slack_client_secret,
                "SLACK_STATE_SECRET": self.slack_state_secret}

    def missing_slack_credentials(self) -> list[str]:
        """Names of the Slack variables the bot needs and does not have."""
        missing = []
        if self.oauth:
            missing += [name for name, value in self._oauth_values().items() if value is None]
        elif self.slack_bot_token is None:
            missing.append("SLACK_BOT_TOKEN")
        if not self.socket_mode and self.slack_signing_secret is None:
            missing.append("SLACK_SIGNING_SECRET")
        return missing

    def slack_token_problems(self) -> list[str]:
        """Tokens set in the wrong variable, or of the wrong kind: each problem in one line."""
        problems = []
        if self.oauth and self.socket_mode:
            problems.append("SLACK_APP_TOKEN and SLACK_CLIENT_ID are both set: OAuth installs need "
                            "HTTP mode (Slack redirects a browser to /slack/oauth_redirect); unset one")
        bot = self.slack_bot_token.get_secret_value() if self.slack_bot_token else None
        app = self.slack_app_token.get_secret_value() if self.slack_app_token else None
        if bot is not None and not bot.startswith("xoxb-"):
            kind = _TOKEN_KINDS.get(bot[:5], "not a Slack token")
            hint = " (swapped with SLACK_APP_TOKEN?)" if bot.startswith("xapp-") else ""
            problems.append(f"SLACK_BOT_TOKEN holds {kind}{hint}: it takes the Bot User OAuth Token, xoxb-…")
        if app is not None and not app.startswith("xapp-"):
            kind = _TOKEN_KINDS.get(app[:5], "not a Slack token")
            hint = " (swapped with SLACK_BOT_TOKEN?)" if app.startswith("xoxb-") else ""
            problems.append(f"SLACK_APP_TOKEN holds {kind}{hint}: it takes an app-level token, xapp-…")
        return problems


# What a token's prefix says it is; the value itself is never shown.
_TOKEN_KINDS = {
    "xoxb-": "a bot token (xoxb-…)",
    "xapp-": "an app-level token (xapp-…)",
    "xoxp-": "a user token (xoxp-…)",
    "xoxe-": "a refresh token (xoxe-…)",
}


def load_settings(**overrides: object) -> Settings:
    """Settings from every source, `overrides` (the command line) first. A bad value is a
    ConfigError of one line per setting, naming it as the user wrote it and where."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = [_explain(detail, overrides) for detail in error.errors(include_url=False)]
        raise ConfigError("bad setting: " + "; ".join(lines)) from None


def env_names(name: str) -> list[str]:
    """The environment variables that set the field `name` (Slack's keep their own names)."""
    field = Settings.model_fields[name]
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [choice for choice in alias.choices if isinstance(choice, str) and choice.isupper()]
    return [f"DOSSIER_{name.upper()}"]


def _field_of(key: str) -> str | None:
    for name in Settings.model_fields:
        if key == name or key in env_names(name):
            return name
    return None


def _explain(detail: dict, overrides: dict) -> str:
    """`DOSSIER_MAX_FILE_BYTES in the environment: should be greater than 0 (got '-3')`."""
    loc = [str(part) for part in detail["loc"]]
    name = _field_of(loc[0]) if loc else None
    problem = detail["msg"].removeprefix("Input ").removeprefix("Value error, ")
    secret = name is not None and Settings.model_fields[name].annotation in (SecretStr, SecretStr | None)
    if not secret and detail.get("type") != "missing":
        problem += f" (got {redact_url(str(detail.get('input')))[:60]!r})"
    if name is None:
        return f"{'.'.join(loc)}: {problem}"
    return f"{_where(name, loc, overrides)}: {problem}"


_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@")


def redact_url(text: str) -> str:
    """A URL's user name and password hidden, for logs and messages: `https://***@host/`."""
    return _URL_CREDENTIALS.sub(r"\1***@", text)


def _where(name: str, loc: list[str], overrides: dict) -> str:
    """Where the bad value came from, in the order the sources are read."""
    if name in overrides:
        return f"--{name.replace('_', '-')} on the command line"
    environ = {key.upper() for key in os.environ}
    dotenv = {key.upper() for key in dotenv_values(DOTENV_FILE)} if Path(DOTENV_FILE).is_file() else set()
    for variable in env_names(name):
        if variable in environ:
            return f"{variable} in the environment"
        if variable in dotenv:
            return f"{variable} in {Path(DOTENV_FILE).resolve()}"
    key = ".".join([name, *loc[1:]])
    return f"key `{key}` in {config_file().resolve()}"
