"""App Home (app_home_opened → views.publish) and `/dossier` (help, or a question)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot import lookups, render
from bot.settings import Settings
from bot.store import Store
from handlers import metrics
from handlers.common import clean_text, language_of, subcommand
from handlers.pending import after_ack
from handlers.slash import answer_privately


def register(app: AsyncApp, store: Store, settings: Settings) -> None:
    @app.event("app_home_opened")
    async def on_home_opened(event: dict, client: Any, context: Any) -> None:
        if event.get("tab", "home") != "home":
            return
        with metrics.handling("app_home"):
            stats = await lookups.stats(store)
            view = render.home_view(stats, language_of(settings, context.team_id))
            await client.views_publish(user_id=event["user"], view=view)

    async def no_subcommand(body: dict) -> bool:
        return subcommand(body.get("text")) is None

    @app.command("/dossier", matchers=[no_subcommand])
    async def on_dossier(ack: Any, command: dict, respond: Any, context: Any) -> None:
        await ack()
        after_ack(answer_privately(store, settings, "/dossier", clean_text(command.get("text")), context.team_id,
                                   respond), "/dossier")
