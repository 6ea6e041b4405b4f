"""The buttons under an answer: Share in channel (the same answer, visible, naming
who shared it) and More (the next page, to the one who clicked)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot import render
from bot.messages import t
from bot.settings import Settings
from bot.store import Store
from handlers.common import language_of, reply


def register(app: AsyncApp, store: Store, settings: Settings) -> None:
    async def run(ack: Any, action: dict, body: dict, respond: Any, context: Any, *, share: bool) -> None:
        await ack()
        lang = language_of(settings, context.team_id)
        try:
            command, query, offset = render.parse_action_value(action.get("value", ""))
        except (ValueError, KeyError, TypeError):
            await respond(**render.error_message(t("error.action", lang)).to_dict(),
                          response_type="ephemeral", replace_original=False)
            return
        user = (body.get("user") or {}).get("id")
        answered = await reply(store, settings, command, query, context.team_id,
                               offset=offset, shared_by=user if share else None)
        visible = share and answered.ok
        await respond(**answered.payload(), response_type="in_channel" if visible else "ephemeral",
                      replace_original=False)

    @app.action(render.SHARE_ACTION)
    async def on_share(ack: Any, action: dict, body: dict, respond: Any, context: Any) -> None:
        await run(ack, action, body, respond, context, share=True)

    @app.action(render.MORE_ACTION)
    async def on_more(ack: Any, action: dict, body: dict, respond: Any, context: Any) -> None:
        await run(ack, action, body, respond, context, share=False)
