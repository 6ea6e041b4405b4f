"""Getting an answer to its reader despite Slack's faults.

    retry_handlers()          what every client retries (Web API and response_url):
                              429 after its Retry-After, 5xx and dropped connections,
                              a few times with backoff
    register(app, settings)   every listener's `respond` retries the same way; Slack
                              errors left over are one log line, not a traceback
    post_in_thread(...)       chat.postMessage, and the asker told when it fails

When an answer cannot be delivered, the error is logged once, naming the method
and Slack's error, and the asker is told where Slack still lets us: ephemerally
in the channel, or in a direct message when the bot cannot write in the channel.
When the token itself is refused (revoked, inactive), nobody can be told: the log
line says so.
"""

from __future__ import annotations

import asyncio
import logging
import random
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import ClientOSError, ServerConnectionError, ServerDisconnectedError
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.messages import t

log = logging.getLogger("dossier.slack")

RATE_LIMIT_RETRIES = 3  # a 429 is waited out (its Retry-After) this many times
SERVER_ERROR_RETRIES = 2  # 5xx and dropped connections: retried with backoff
BACKOFF = 0.25  # seconds before the first retry, doubled each time
MAX_RETRY_AFTER = 30  # a 429 asking to wait longer than this is given up on
TIMEOUT = 10  # seconds for one call to Slack, response_url posts included

# The token no longer works: nothing can be posted, to anyone.
TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired",
                          "account_inactive", "no_permission", "missing_scope"})
# The bot cannot write in that channel, but may still write to the asker directly.
CHANNEL_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived",
                            "restricted_action", "restricted_action_thread_only"})


class _HalfToFullJitter(Jitter):
    def recalculate(self, duration: float) -> float:
        return duration * (0.5 + random.random() / 2)



class _ServerErrors(AsyncRetryHandler):
    """Any 5xx is worth another try (slack_sdk's own handler retries 500 and 503 only)."""

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        return response is not None and 500 <= response.status_code < 600


class _RateLimited(AsyncRateLimitErrorRetryHandler):
    """A 429 is retried after its Retry-After, unless that is absurdly long or unreadable."""

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = _retry_after(response)
        return wait is not None and wait <= MAX_RETRY_AFTER

    async def prepare_for_next_attempt_async(self, *, state: RetryState, request: HttpRequest,
                                             response: HttpResponse | None = None,
                                             error: Exception | None = None) -> None:
        # What Slack asked for, plus a little jitter (slack_sdk adds up to a whole second).
        assert response is not None  # _can_retry_async saw a 429
        state.next_attempt_requested = True
        wait = _retry_after(response)
        await asyncio.sleep((1 if wait is None else wait) + random.random() * BACKOFF)
        state.increment_current_attempt()


def _retry_after(response: HttpResponse) -> int | None:
    """Retry-After in seconds (1 when absent), None when it is not a number."""
    value = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
    text = (value[0] if isinstance(value, list) and value else str(value)).strip()
    return int(text) if text.isdigit() else None


def retry_handlers() -> list[AsyncRetryHandler]:
    """Fresh handlers for one client (they keep no state between calls, but cost nothing)."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor=BACKOFF, jitter=_HalfToFullJitter())
    return [
        _RateLimited(max_retry_count=RATE_LIMIT_RETRIES),
        _ServerErrors(max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=backoff),
        AsyncConnectionErrorRetryHandler(
            max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=backoff,
            error_types=[ServerConnectionError, ServerDisconnectedError, ClientOSError],
        ),
    ]


def slack_error(error: SlackApiError) -> str:
    """Slack's error code (`channel_not_found`), or the HTTP status when it sent none."""
    response = error.response
    if response is not None and isinstance(response.data, dict) and response.data.get("error"):
        return str(response.data["error"])
    return f"http_{getattr(response, 'status_code', 'unknown')}"


def _method(error: SlackApiError) -> str:
    url = str(getattr(error.response, "api_url", "") or "")
    return url.rstrip("/").rsplit("/", 1)[-1] or "a Web API call"


def _log_failure(method: str, reason: str, where: str) -> None:
    if reason in TOKEN_ERRORS:
        log.error("%s failed: %s (%s); the bot token no longer works, nobody can be told", method, reason, where)
    else:
        log.error("%s failed: %s (%s)", method, reason, where)


async def tell_undelivered(client: Any, *, channel: str | None, user: str | None, lang: str,
                           reason: str, thread_ts: str | None = None) -> bool:
    """Tell `user` their answer was lost, where Slack still allows it. True if told."""
    if not user or reason in TOKEN_ERRORS:
        return False
    try:
        if reason in CHANNEL_ERRORS or not channel:
            text = t("error.cannot_post_here", lang, channel=f"<#{channel}>" if channel else "?")
            opened = await client.conversations_open(users=user)
            await client.chat_postMessage(channel=opened["channel"]["id"], text=text)
        else:
            text = t("error.undelivered", lang)
            await client.chat_postEphemeral(channel=channel, user=user, text=text,
                                            **({"thread_ts": thread_ts} if thread_ts else {}))
        return True
    except SlackApiError as error:
        log.error("could not tell %s their answer was lost: %s", user, slack_error(error))
    except Exception as error:  # the network
        log.error("could not tell %s their answer was lost: %s", user, type(error).__name__)
    return False


async def post_in_thread(client: Any, *, channel: str, thread_ts: str, user: str | None, lang: str,
                         **payload: Any) -> bool:
    """chat.postMessage in a thread (retried by the client); on failure, one line and the asker told."""
    try:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **payload)
        return True
    except SlackApiError as error:
        reason = slack_error(error)
    except Exception as error:  # the network, after the retries
        reason = type(error).__name__
    _log_failure("chat.postMessage", reason, f"channel {channel}")
    await tell_undelivered(client, channel=channel, user=user, lang=lang, reason=reason, thread_ts=thread_ts)
    return False


# slack_sdk logs each retry at INFO with the URL, and a response_url is a capability:
# whoever holds it may post to the asker for 30 minutes. Its own lines stay at WARNING.
_WEBHOOK_LOG = logging.getLogger("dossier.slack.response_url")
_WEBHOOK_LOG.setLevel(logging.WARNING)


class Posts:
    """One HTTP session for all of an app's response_url posts: a connection (and its TLS)
    serves answer after answer, where a session each opened, resolved and closed one per
    answer, on the event loop that also acknowledges requests. Opened on first use (in the
    loop that posts), closed with the web server (`close`)."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT))
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None


_POSTS: weakref.WeakKeyDictionary[AsyncApp, Posts] = weakref.WeakKeyDictionary()


async def close(app: AsyncApp) -> None:
    """Close the app's response_url session, if it opened one."""
    posts = _POSTS.get(app)
    if posts is not None:
        await posts.close()


class Respond:
    """Bolt's `respond`, posting to the response_url with our retries and timeout. It never
    raises: a post that still fails is logged once and the asker told in the channel."""

    def __init__(self, response_url: str, *, client: Any, channel: str | None, user: str | None,
                 lang: str, session: aiohttp.ClientSession) -> None:
        self.response_url = response_url
        self._client = client
        self._channel = channel
        self._user = user
        self._lang = lang
        self._session = session

    async def __call__(self, text: str = "", **fields: Any) -> bool:
        message = {"text": text, **{k: v for k, v in fields.items() if v is not None}}
        webhook = AsyncWebhookClient(self.response_url, timeout=TIMEOUT, retry_handlers=retry_handlers(),
                                     logger=_WEBHOOK_LOG, session=self._session)
        try:
            sent = await webhook.send_dict(message)
            reason = None if 200 <= sent.status_code < 300 else f"HTTP {sent.status_code} {sent.body[:40]!r}"
        except Exception as error:  # refused, silent (timeout), dropped
            reason = type(error).__name__ or "no answer"
        if reason is None:
            return True
        log.error("response_url post failed: %s (channel %s)", reason, self._channel)
        await tell_undelivered(self._client, channel=self._channel, user=self._user,
                               lang=self._lang, reason="response_url")
        return False


def register(app: AsyncApp, language_of: Callable[[str | None], str]) -> None:
    posts = _POSTS.setdefault(app, Posts())

    async def reliable_respond(req: Any, resp: BoltResponse, next: Callable[[], Awaitable[None]]) -> Any:
        context = req.context
        if context.response_url:
            context["respond"] = Respond(context.response_url, client=context.client,
                                         channel=context.channel_id, user=context.user_id,
                                         lang=language_of(context.team_id), session=posts.session())
        await next()
        return resp

    async def one_line_for_slack_errors(error: Exception, body: dict, logger: Any) -> None:
        if isinstance(error, SlackApiError):
            _log_failure(_method(error), slack_error(error), f"in a {body.get('type') or 'command'} listener")
        else:  # ours: the whole story, once
            log.error("a listener failed", exc_info=error)

    app.middleware(reliable_respond)
    app.error(one_line_for_slack_errors)
