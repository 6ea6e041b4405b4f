"""`@dossier question` in a channel (app_mention) and a direct message (message.im),
answered in the thread with chat.postMessage."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.settings import Settings
from bot.store import Store
from handlers.common import language_of, question_text, reply
from handlers.delivery import post_in_thread
from handlers.pending import after_ack


def register(app: AsyncApp, store: Store, settings: Settings) -> None:
    def answer_in_thread(event: dict, client: Any, context: Any) -> None:
        question = question_text(event.get("text"), context.bot_user_id)
        after_ack(give(question, context.team_id, client, event["channel"], event.get("thread_ts") or event["ts"],
                       event.get("user")), "a mention")

    async def give(question: str, team_id: str | None, client: Any, channel: str, thread_ts: str,
                   user: str | None) -> None:
        # Posted in the thread, where everyone in it reads it: nothing to share.
        answered = await reply(store, settings, "", question, team_id, public=True)
        await post_in_thread(client, channel=channel, thread_ts=thread_ts, user=user,
                             lang=language_of(settings, team_id), **answered.payload())

    @app.event("app_mention")
    async def on_mention(event: dict, client: Any, context: Any) -> None:
        answer_in_thread(event, client, context)

    @app.event("message")
    async def on_message(event: dict, client: Any, context: Any) -> None:
        # Only a person's own new message in a DM; edits, joins and bots are not questions.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        answer_in_thread(event, client, context)
