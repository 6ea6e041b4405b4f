"""What every surface shares: the one Slack client factory, the language of a
workspace, and "words in, Slack message out" through `bot.commands.answer` and
`bot.render`. Nothing here knows SQL or Block Kit."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import weakref
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import render
from bot.commands import answer
from bot.errors import ConfigError, DossierError
from bot.messages import error_text, language, t
from bot.settings import Language, Settings
from bot.store import READERS, Store
from handlers import delivery, metrics
from handlers.delivery import slack_error

log = logging.getLogger("dossier.slack")

DEFAULT_API_URL = AsyncWebClient.BASE_URL

_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*")


class SlackClient(AsyncWebClient):
    """The Web API client, counting in /metrics every call Slack refuses or never answers."""

    async def api_call(self, api_method: str, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return await super().api_call(api_method, **kwargs)
        except SlackApiError as error:
            metrics.slack_api_error(api_method, slack_error(error))
            raise
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            metrics.slack_api_error(api_method, type(error).__name__)
            raise


def slack_client(settings: Settings, token: str | None = None) -> SlackClient:
    """The one way dossier builds a Slack Web API client (start-up check, Bolt, uploads, digests):
    Slack's base URL or SLACK_API_URL, a timeout, and retries of 429s, 5xx and dropped connections.
    `token`: a workspace's own bot token (OAuth installs), in place of SLACK_BOT_TOKEN."""
    if token is None and settings.slack_bot_token is None and not settings.oauth:
        raise ConfigError(missing_credentials_message(["SLACK_BOT_TOKEN"]))
    # With OAuth, no token here: Bolt sets each request's from the workspace's installation.
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    base_url = settings.slack_api_url or DEFAULT_API_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return SlackClient(token=token, base_url=base_url,
                       timeout=delivery.TIMEOUT, retry_handlers=delivery.retry_handlers())


def per_request(client: AsyncWebClient) -> SlackClient:
    """Bolt gives each listener a plain AsyncWebClient copied from the app's; this is the same
    client (token, team, base URL, session, retry handlers), as a SlackClient."""
    return SlackClient(token=client.token, base_url=client.base_url, timeout=client.timeout,
                       ssl=client.ssl, proxy=client.proxy, session=client.session,
                       trust_env_in_session=client.trust_env_in_session, headers=client.headers,
                       team_id=client.default_params.get("team_id"), logger=client.logger,
                       retry_handlers=list(client.retry_handlers or []))


def check_credentials(settings: Settings) -> None:
    """Before the app is built: a missing or misplaced credential is one ConfigError line."""
    missing = settings.missing_slack_credentials()
    if missing:
        raise ConfigError(missing_credentials_message(missing))
    problems = settings.slack_token_problems()
    if problems:
        raise ConfigError("; ".join(problems))


def missing_credentials_message(missing: list[str]) -> str:
    names = " and ".join(missing)
    verb = "is" if len(missing) == 1 else "are"
    return (f"{names} {verb} not set: set {'it' if len(missing) == 1 else 'them'} to run "
            "`dossier serve`, or use `dossier ask \"…\"` to query the file offline")


# `/dossier <word> …` with a surface of its own; any other text is help or a question.
SUBCOMMANDS = ("export", "digest", "settings")


def subcommand(text: str | None) -> str | None:
    """The subcommand a `/dossier` text starts with, if it is one of SUBCOMMANDS."""
    words = (text or "").split()
    first = words[0].lower() if words else None
    return first if first in SUBCOMMANDS else None


def language_of(settings: Settings, team_id: str | None) -> Language:
    return language(settings.workspace(team_id).language)


def clean_text(text: str | None) -> str:
    """What a user typed, as Slack sends it, back to plain words (Slack escapes &, < and >)."""
    return html.unescape(text or "").strip()


def question_text(text: str | None, bot_user_id: str | None = None) -> str:
    """A mention's words without the leading @dossier."""
    raw = text or ""
    if bot_user_id:
        raw = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>[\s,:]*", " ", raw)
    raw = _LEADING_MENTION.sub("", raw)
    return clean_text(raw)


@dataclass(frozen=True)
class Reply:
    message: dict[str, Any]  # the Slack message (text and blocks), as posted
    ok: bool  # False: an error message, not an answer (never posted in a channel)

    def payload(self) -> dict[str, Any]:
        return dict(self.message)


# Answers composed at once (look-up, rendering): the others wait, already acknowledged. A burst
# then leaves the event loop free enough to acknowledge the next requests within Slack's three
# seconds, instead of rendering twenty answers between two acknowledgements.
ANSWERS_AT_ONCE = READERS  # as many as the store's read connections: more would only queue there
_composing: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def composing() -> asyncio.Semaphore:
    """The running loop's slots for composing answers (a test's loop has its own)."""
    loop = asyncio.get_running_loop()
    slots = _composing.get(loop)
    if slots is None:
        slots = _composing[loop] = asyncio.Semaphore(ANSWERS_AT_ONCE)
    return slots


async def reply(
    store: Store,
    settings: Settings,
    command: str,
    text: str,
    team_id: str | None,
    *,
    offset: int = 0,
    shared_by: str | None = None,
    public: bool = False,
) -> Reply:
    """The answer to a command (or to a free question, command ""), rendered for Slack.
    Called once the request is acknowledged: it may wait for a slot (`composing`)."""
    lang = language_of(settings, team_id)
    async with composing():
        await store.reopen_if_replaced()  # a corpus rebuilt beside and renamed over: read the new one
        with metrics.handling(command or "question") as outcome:
            try:
                result = await answer(store, command, text, offset=offset)
            except DossierError as error:
                outcome.refused()
                return Reply(render.error_message(error_text(error, lang)).to_dict(), ok=False)
            except Exception:
                outcome.failed()
                log.exception("answering %s failed", command or "a question")
                return Reply(render.error_message(t("error.internal", lang)).to_dict(), ok=False)
            message = render.slack_message(result, lang, shared_by=shared_by, public=public)
            return Reply(message.to_dict(), ok=True)
