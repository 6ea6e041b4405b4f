"""Many workspaces: the app installs by OAuth when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and
SLACK_STATE_SECRET are set (without them, one workspace and its SLACK_BOT_TOKEN).

    GET /slack/install          the "Add to Slack" page, which sends the browser to Slack
    GET /slack/oauth_redirect   Slack's answer: the workspace's bot token, stored

Installations and OAuth states live in the state store, in slack_sdk's own SQLAlchemy
async stores on its engine, so every replica sees every workspace. Bolt looks up each
request's token by its workspace; app_uninstalled and tokens_revoked delete that
workspace's tokens. The state parameter is stored (one use, ten minutes) and signed with
SLACK_STATE_SECRET, so a state made up, or issued by another deployment sharing the
database, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

from bot.settings import Settings
from bot.state import StateStore
from handlers import scopes

log = logging.getLogger("dossier.slack")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # from "Add to Slack" to Slack's redirect


class SignedStateStore(AsyncOAuthStateStore):
    """An OAuth state stored once (the inner store) and signed with the state secret."""

    def __init__(self, inner: AsyncSQLAlchemyOAuthStateStore, secret: str) -> None:
        self.inner = inner
        self._key = secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def _sign(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        value = await self.inner.async_issue()
        return f"{value}.{self._sign(value)}"

    async def async_consume(self, state: str) -> bool:
        value, _, signature = (state or "").rpartition(".")
        if not value or not hmac.compare_digest(signature, self._sign(value)):
            return False
        return await self.inner.async_consume(value)


def oauth_settings(settings: Settings, state: StateStore) -> AsyncOAuthSettings:
    """Bolt's OAuth settings on the state store's engine (its tables: `prepare`)."""
    assert settings.slack_client_id and settings.slack_client_secret and settings.slack_state_secret
    installations = AsyncSQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=state.engine,
                                                     logger=log)
    states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=state.engine, logger=log)
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=sorted(scopes.bot_scopes()),
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=SignedStateStore(states, settings.slack_state_secret.get_secret_value()),
        state_expiration_seconds=STATE_SECONDS,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        logger=log,
    )


async def prepare(oauth: AsyncOAuthSettings) -> None:
    """Create slack_sdk's tables in the state store if they are not there (idempotent)."""
    installations = oauth.installation_store
    states = oauth.state_store
    assert isinstance(installations, AsyncSQLAlchemyInstallationStore)
    assert isinstance(states, SignedStateStore)
    for attempt in range(2):  # two replicas creating them at once: the second try sees them
        try:
            await installations.create_tables()
            await states.inner.create_tables()
            return
        except Exception:
            if attempt:
                raise
