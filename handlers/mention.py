"""`@dossier question` in a channel (app_mention) and a direct message (message.im),
answered in the thread with chat.postMessage."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.settings import Settings
from bot.store import Store
from handlers.common import language_of, question_text, reply
from handlers.delivery import post_in_thread


def register(app: AsyncApp, store: Store, settings: Settings) -> None:
    async def answer_in_thread(event: dict, client: Any, context: Any) -> None:
        question = question_text(event.get("text"), context.bot_user_id)
        # Posted in the thread, where everyone in it reads it: nothing to share.
        answered = await reply(store, settings, "", question, context.team_id, public=True)
        await post_in_thread(client, channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"],
                             user=event.get("user"), lang=language_of(settings, context.team_id),
                             **answered.payload())

    @app.event("app_mention")
    async def on_mention(event: dict, client: Any, context: Any) -> None:
        await answer_in_thread(event, client, context)

    @app.event("message")
    async def on_message(event: dict, client: Any, context: Any) -> None:
        # Only a person's own new message in a DM; edits, joins and bots are not questions.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await answer_in_thread(event, client, context)
