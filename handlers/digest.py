"""`/dossier digest …`: a channel's daily digest, and the Slack poster the scheduler uses.

    /dossier digest here 08:30 Europe/Paris [weekdays|daily] [fr|en]   subscribe this channel
    /dossier digest                                                    the workspace's subscriptions
    /dossier digest off                                                unsubscribe this channel
    /dossier digest preview                                            today's digest, to the asker

Changing a subscription takes a dossier admin of the workspace (`handlers.admin.is_admin`:
its Slack admins and owners, or the dossier admins its settings name). `SlackPoster` is the
`bot.schedule.Poster` over a Web API client from the one factory: Slack's refusals of
a channel become ChannelRefused, anything that may pass becomes PostFailed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import render
from bot.errors import BadInput, DossierError
from bot.messages import error_text, t
from bot.schedule import (
    DAILY,
    WEEKDAYS,
    ChannelRefused,
    PostFailed,
    Wakeup,
    post_time,
    preview,
    statuses,
    zone,
)
from bot.settings import Settings
from bot.state import StateOpener, StateStore, Subscription
from bot.store import Store
from handlers import admin, metrics, oauth
from handlers.common import clean_text, language_of, slack_client, slack_error, subcommand

log = logging.getLogger("dossier.slack")

# Slack's answers that say the channel itself cannot be posted to: no retry helps.
REFUSALS = frozenset({"channel_not_found", "not_in_channel", "is_archived", "invalid_auth",
                      "account_inactive", "token_revoked", "restricted_action", "missing_scope",
                      "not_authed", "not_installed"})
HISTORY_PAGES = 5  # pages of conversations.history searched for a digest posted before a crash


ClientFinder = Callable[[str], Awaitable[AsyncWebClient]]


class SlackPoster:
    """Posts digests through a workspace's Web API client, and finds one already posted.

    `clients(team_id)` is that client: the one bot token's, or with OAuth the workspace's
    own; a workspace with no installation refuses (ChannelRefused), like a revoked token."""

    def __init__(self, clients: ClientFinder) -> None:
        self._client = clients

    async def post(self, team_id: str, channel_id: str, message: dict[str, Any],
                   metadata: dict[str, Any]) -> str:
        client = await self._client(team_id)
        result = await _slack(client.chat_postMessage(
            channel=channel_id, text=message["text"], blocks=message["blocks"], metadata=metadata,
            unfurl_links=False, unfurl_media=False))
        metrics.digest_sent(datetime.now(timezone.utc))
        return str(result["ts"])

    async def find(self, team_id: str, channel_id: str, metadata: dict[str, Any],
                   oldest: datetime) -> str | None:
        client = await self._client(team_id)
        cursor = None
        for _ in range(HISTORY_PAGES):
            page = await _slack(client.conversations_history(
                channel=channel_id, oldest=f"{oldest.timestamp():.6f}", include_all_metadata=True,
                limit=200, cursor=cursor))
            for message in page.get("messages", []):
                if message.get("metadata") == metadata:
                    return str(message["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                return None
        return None


def poster(settings: Settings, state: StateStore) -> SlackPoster:
    """The digest's poster: with the bot token, or with OAuth each workspace's own."""
    if not settings.oauth:
        client = slack_client(settings)

        async def the_one(team_id: str) -> AsyncWebClient:
            return client

        return SlackPoster(the_one)
    installations = oauth.oauth_settings(settings, state).installation_store

    async def installed(team_id: str) -> AsyncWebClient:
        bot = await installations.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise ChannelRefused("not_installed")
        return slack_client(settings, token=bot.bot_token)

    return SlackPoster(installed)


async def _slack(call: Awaitable[Any]) -> Any:
    """A Web API call's answer; Slack's refusal of a channel → ChannelRefused, the rest → PostFailed."""
    try:
        return await call
    except SlackApiError as error:
        reason = slack_error(error)
        if reason in REFUSALS:
            raise ChannelRefused(reason) from None
        raise PostFailed(reason) from None
    except (aiohttp.ClientError, TimeoutError) as error:  # past the client's own retries
        raise PostFailed(type(error).__name__) from None


@dataclass(frozen=True)
class Subscribe:
    post_time: str
    timezone: str
    days: str
    language: str | None


def parse_subscribe(words: list[str]) -> Subscribe:
    """`08:30 Europe/Paris weekdays en` (after `here`) → what to subscribe; BadInput when unclear."""
    if len(words) < 2:
        raise BadInput("say when: here 08:30 Europe/Paris")
    at = post_time(words[0])
    zone(words[1])
    days, lang = DAILY, None
    for word in (w.lower() for w in words[2:]):
        if word in (DAILY, WEEKDAYS):
            days = word
        elif word in ("fr", "en"):
            lang = word
        else:
            raise BadInput(f"unknown option {word}: weekdays, daily, fr or en")
    return Subscribe(at.strftime("%H:%M"), words[1], days, lang)


def register(app: AsyncApp, store: Store, settings: Settings, get_state: StateOpener, *,
             wakeup: Wakeup | None = None) -> None:
    async def wants_digest(body: dict) -> bool:
        return subcommand(body.get("text")) == "digest"

    @app.command("/dossier", matchers=[wants_digest])
    async def on_digest(ack: Any, command: dict, respond: Any, context: Any, client: Any) -> None:
        await ack()
        lang = language_of(settings, context.team_id)
        words = clean_text(command.get("text")).split()[1:]
        with metrics.handling("digest") as outcome:
            try:
                message = await _answer(words, command, context.team_id, lang, client)
            except DossierError as error:
                outcome.refused()
                message = render.error_message(error_text(error, lang) + "\n" + t("digest.usage", lang))
            except Exception:
                outcome.failed()
                log.exception("/dossier digest %s failed", words[:1])
                message = render.error_message(t("error.internal", lang))
            await respond(**message.to_dict(), response_type="ephemeral", replace_original=False)

    async def _answer(words: list[str], command: dict, team_id: str, lang: str,
                      client: Any) -> render.SlackMessage:
        state = await get_state()
        now = datetime.now(timezone.utc)
        channel, user = command.get("channel_id", ""), command.get("user_id")
        action = words[0].lower() if words else "list"
        if action in ("list", "status"):
            return render.digest_subscriptions(await statuses(state, now, team_id), lang)  # type: ignore[arg-type]
        if action in ("help", "aide"):
            return render.error_message(t("digest.usage", lang))
        if action == "preview":
            return render.digest_preview(await preview(store, state, team_id, channel, lang, now,
                                                       settings.digest_quote_days))
        if action not in ("here", "off"):
            raise BadInput(f"unknown command digest {action}")
        if not await admin.is_admin(client, settings, team_id, user):
            return render.error_message(t("digest.not_admin", lang))
        if action == "off":
            removed = await state.unsubscribe(team_id, channel)
            return render.error_message(t("digest.removed" if removed else "digest.not_subscribed", lang))
        wanted = parse_subscribe(words[1:])
        await state.subscribe(Subscription(team_id, channel, wanted.post_time, wanted.timezone, wanted.days,
                                           wanted.language or lang, created_by=user), now)
        if wakeup is not None:
            wakeup.poke()
        (status,) = await statuses(state, now, team_id, channel)
        return render.digest_confirmation(status, lang)  # type: ignore[arg-type]
