"""The Slack app: `build_app` (Bolt, every surface registered), `web_app` (the HTTP
server: /slack/events, /healthz, /readyz) and `serve` (what `dossier serve` runs:
Socket Mode when SLACK_APP_TOKEN is set, else HTTP on settings.host:settings.port; with the
daily digest's scheduler running beside it).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.errors import ConfigError
from bot.settings import Settings, redact_url
from bot.store import Store
from bot.schedule import DigestRunner, Wakeup, run_scheduler
from bot.state import LazyStateStore, StateOpener, StateStore
from handlers import (actions, admin, delivery, digest, export, gate, home, limits, mention, metrics, oauth,
                      pending, quote, source, timeline)
from handlers.common import check_credentials, language_of, per_request, slack_client
from handlers.gate import Gate, Refusal

log = logging.getLogger("dossier.slack")

EVENTS_PATH = "/slack/events"
EVENT_IDS_KEPT = timedelta(hours=1)  # Slack retries an event for a few minutes
BOLT_APP = web.AppKey("bolt_app", AsyncApp)

SURFACES = (timeline, quote, source, mention, home, actions, export)


def build_app(settings: Settings, store: Store, *, fairness: limits.Limits | None = None,
              state: StateStore | None = None, wakeup: Wakeup | None = None,
              state_opener: StateOpener | None = None) -> AsyncApp:
    """The Bolt app with every surface registered. Raises ConfigError when a credential is missing.

    The state store is `state`, else `state_opener()` on first use, else opened from the settings."""
    check_credentials(settings)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    installs = None
    if settings.oauth:
        if state is None:
            raise ValueError("OAuth installs live in the state store: pass `state`")
        installs = oauth.oauth_settings(settings, state)
    with _bolt_reads_no_environment():
        app = AsyncApp(
            client=slack_client(settings),
            signing_secret=secret or "",
            # Socket Mode messages come over an authenticated socket and carry no signature.
            request_verification_enabled=not settings.socket_mode,
            oauth_settings=installs,
            name="dossier",
            logger=logging.getLogger("dossier.bolt"),
        )
    if installs is not None:
        app.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked
    get_state = state_opener or LazyStateStore(settings.state_location(), state).get
    app.middleware(_answer_once(get_state))

    stored = admin.StoredSettings(settings, get_state)

    async def workspace_settings(context: Any, next: Callable[[], Awaitable[None]]) -> None:
        await stored.load(context.team_id)
        await next()

    app.middleware(workspace_settings)
    limits.register(app, settings, fairness)
    app.middleware(_our_client)
    delivery.register(app, lambda team_id: language_of(settings, team_id))
    for surface in SURFACES:
        surface.register(app, store, settings)
    admin.register(app, settings, get_state)
    # The digest also writes, to the same state store as everything above.
    digest.register(app, store, settings, get_state, wakeup=wakeup)
    return app


@contextmanager
def _bolt_reads_no_environment() -> Iterator[None]:
    """Bolt reads SLACK_BOT_TOKEN (and SLACK_CLIENT_ID/SECRET) from the environment by itself,
    and warns at every start that the token is unused when it is also given a client. Settings
    already read them once; while the app is built, Bolt sees them only through its arguments."""
    saved = {name: os.environ.pop(name) for name in _BOLT_READS if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


_BOLT_READS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


def _answer_once(get_state: StateOpener) -> Callable[..., Awaitable[Any]]:
    """An Events API event is answered once, by whichever process takes its id first in the
    state store (shared by replicas, kept across restarts). A retry (X-Slack-Retry-Num) of an
    event already taken is acknowledged and dropped; a retry of one never seen is answered,
    since its first delivery may never have reached us (a restart, a network cut)."""

    async def answer_once(req: Any, resp: BoltResponse, next: Callable[[], Awaitable[None]]) -> Any:
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id")
        if body.get("type") == "event_callback" and event_id:
            try:
                state = await get_state()
                first = await state.first_delivery(str(event_id), str(body.get("team_id") or ""),
                                                   datetime.now(timezone.utc), EVENT_IDS_KEPT)
            except Exception:  # better answer twice than never
                log.exception("state store unavailable: event %s answered without the duplicate check",
                              event_id)
                first = True
            if not first:
                return BoltResponse(status=200, body="")
        await next()
        return resp

    return answer_once


async def _our_client(context: Any, next: Callable[[], Awaitable[None]]) -> None:
    """Listeners call Slack through the one client class (its failures reach /metrics)."""
    if context.get("client") is not None:
        context["client"] = per_request(context["client"])
    await next()


async def _ready(store: Store, connected: Callable[[], Awaitable[bool]] | None) -> list[str]:
    problems = []
    if store.replaced() and not await store.reopen_if_replaced():  # gone, or the new one is unusable
        problems.append(f"{store.path} was replaced or deleted and cannot be reopened: still serving the old file")
    try:
        if (await store.stats()).documents == 0:
            problems.append("the corpus is empty: run `dossier ingest`")
    except Exception as error:
        problems.append(f"the database cannot be read ({type(error).__name__})")
    if connected is not None and not await connected():
        problems.append("Socket Mode is not connected")
    return problems


def web_app(
    settings: Settings,
    store: Store,
    *,
    bolt: AsyncApp | None = None,
    connected: Callable[[], Awaitable[bool]] | None = None,
    events: bool = True,
    state: StateStore | None = None,
) -> web.Application:
    """The HTTP server: Slack's requests on POST /slack/events (unless `events` is False, in
    Socket Mode), liveness on GET /healthz, readiness on GET /readyz, GET /metrics."""
    # No automatic inflating of bodies (Slack sends none compressed; a broken one would be
    # decoded, and fail, before the signature is checked), and headers on time or cut off.
    # After a refusal, what is left of a body is drained for LINGER seconds at most.
    application = web.Application(handler_args={"auto_decompress": False,
                                                "keepalive_timeout": gate.HEADER_TIMEOUT,
                                                "lingering_time": gate.LINGER})

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"alive": True})

    async def readyz(request: web.Request) -> web.Response:
        problems = await _ready(store, connected)
        return web.json_response({"ready": not problems, "problems": problems},
                                 status=503 if problems else 200)

    async def give_pending_answers(_: web.Application) -> None:
        await pending.drain()

    # First of the clean-ups: acknowledged requests get their answers before the sessions close.
    application.on_cleanup.append(give_pending_answers)
    application.router.add_get("/healthz", healthz)
    application.router.add_get("/readyz", readyz)
    application.router.add_get(metrics.PATH, metrics.endpoint)
    if events:
        if bolt is None and state is None:  # opened on first use, closed with the server
            lazy = LazyStateStore(settings.state_location())

            async def close_state(_: web.Application) -> None:
                await lazy.close()

            application.on_cleanup.append(close_state)
            app = build_app(settings, store, state_opener=lazy.get)
        else:
            app = bolt or build_app(settings, store, state=state)
        application[BOLT_APP] = app

        async def close_posts(_application: web.Application) -> None:
            await delivery.close(app)

        application.on_cleanup.append(close_posts)
        assert settings.slack_signing_secret is not None  # build_app checked it
        door = Gate(settings.slack_signing_secret.get_secret_value())

        async def slack_events(request: web.Request) -> web.Response:
            # Checked here, on the raw bytes, before Bolt parses anything.
            checked = await door.check(request)
            if isinstance(checked, Refusal):
                return checked.response()
            bolt_request = AsyncBoltRequest(body=checked, query=request.query_string,
                                            headers=request.headers)  # type: ignore[arg-type]
            return await to_aiohttp_response(await app.async_dispatch(bolt_request))

        application.router.add_post(EVENTS_PATH, slack_events)
        flow = app.oauth_flow
        if flow is not None:  # a browser's GETs, unsigned: the OAuth state vouches for them

            async def install_page(request: web.Request) -> web.Response:
                return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

            async def oauth_redirect(request: web.Request) -> web.Response:
                return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

            application.router.add_get(oauth.INSTALL_PATH, install_page)
            application.router.add_get(oauth.REDIRECT_PATH, oauth_redirect)
    return application


async def check_token(settings: Settings) -> dict[str, Any]:
    """auth.test with the bot token, once at start-up: a wrong token stops here, in one line."""
    client = slack_client(settings)
    try:
        result = await client.auth_test()
    except SlackApiError as error:
        reason = delivery.slack_error(error)
        status = getattr(error.response, "status_code", 200)
        if status == 429 or status >= 500:  # Slack is busy or down: the token may be fine
            raise ConfigError(f"Slack did not answer auth.test ({reason}, still after "
                              "retries): try again later") from None
        raise ConfigError(f"Slack refused SLACK_BOT_TOKEN ({reason}): check the token, or use "
                          "`dossier ask \"…\"` to query the file offline") from None
    except Exception as error:
        raise ConfigError(f"cannot reach the Slack API at {redact_url(client.base_url)} ({type(error).__name__}): "
                          "check the network or SLACK_API_URL") from None
    finally:
        if client.session is not None and not client.session.closed:
            await client.session.close()
    return dict(result.data) if isinstance(result.data, dict) else {}


async def serve(settings: Settings) -> None:
    """Run the bot until SIGINT/SIGTERM. Raises ConfigError (one line) when it cannot start."""
    check_credentials(settings)
    store = await Store.open(settings.db_path, read_only=True, query_timeout_ms=settings.query_timeout_ms)
    runner: web.AppRunner | None = None
    socket_handler: Any = None
    app: AsyncApp | None = None
    scheduler: asyncio.Task[None] | None = None
    state: StateStore | None = None
    try:
        if settings.oauth:  # no one token to check: each workspace brings its own
            log.info("installs by OAuth at %s", oauth.INSTALL_PATH)
        else:
            identity = await check_token(settings)
            log.info("signed in to Slack as %s in %s", identity.get("user"), identity.get("team"))
        state = await StateStore.open(settings.state_location())
        wakeup = Wakeup()
        app = build_app(settings, store, state=state, wakeup=wakeup)
        if app.oauth_flow is not None:
            await oauth.prepare(app.oauth_flow.settings)
        digests = DigestRunner(store, state, settings, digest.poster(settings, state))
        scheduler = asyncio.create_task(run_scheduler(digests, wakeup),
                                        name="digest-scheduler")
        if settings.socket_mode:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            assert settings.slack_app_token is not None
            socket_handler = AsyncSocketModeHandler(app, settings.slack_app_token.get_secret_value())
            await socket_handler.connect_async()
            application = web_app(settings, store, bolt=app, events=False,
                                  connected=socket_handler.client.is_connected)
            mode = "Socket Mode"
        else:
            application = web_app(settings, store, bolt=app)
            mode = f"HTTP, Slack requests on {EVENTS_PATH}"
        freeze_startup_objects()
        runner = await listen(application, settings.host, settings.port)
        log.info("dossier serving (%s); health on http://%s:%s/healthz", mode, settings.host, settings.port)
        await _until_stopped()
    finally:
        if scheduler is not None:
            scheduler.cancel()
            await asyncio.gather(scheduler, return_exceptions=True)
        if socket_handler is not None:
            await socket_handler.close_async()
        if runner is not None:
            await runner.cleanup()
        if state is not None:
            await state.close()
        if app is not None:  # the response_url session (HTTP mode closed it with the server)
            await delivery.close(app)
        await store.close()
        gc.unfreeze()  # back in the collector's care (serve() run in-process, by a test)


def freeze_startup_objects() -> None:
    """Keep what start-up built (modules, the app: some 100,000 objects, all living as long as
    the process) out of the garbage collector's full passes. Each pass walked all of them, tens
    of milliseconds with the event loop stopped, and every request in flight waited: in a burst,
    these pauses were the slowest 1% of acknowledgements. Garbage made so far is collected first."""
    gc.collect()
    gc.freeze()


async def listen(application: web.Application, host: str, port: int) -> web.AppRunner:
    """Serve `application` on host:port (web_app's own handler settings apply)."""
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or not a Unix loop
            pass
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError):
                pass
