"""The buttons under an answer: Share in channel (the same answer, visible, naming
who shared it) and More (the next page, in place of the page it was clicked on)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot import render
from bot.messages import t
from bot.settings import Settings
from bot.store import Store
from handlers.common import language_of, reply
from handlers.pending import after_ack


def register(app: AsyncApp, store: Store, settings: Settings) -> None:
    async def run(ack: Any, action: dict, body: dict, respond: Any, context: Any, *, share: bool) -> None:
        await ack()
        lang = language_of(settings, context.team_id)
        value = action.get("value", "")
        try:
            command, query, offset = render.parse_action_value(value)
            sharer = render.action_sharer(value)
        except (ValueError, KeyError, TypeError, AttributeError):
            await respond(**render.error_message(t("error.action", lang)).to_dict(),
                          response_type="ephemeral", replace_original=False)
            return
        if share:
            after_ack(share_in_channel(command, query, context.team_id, (body.get("user") or {}).get("id"), respond),
                      "Share")
            return
        public = (body.get("container") or {}).get("is_ephemeral") is False
        after_ack(next_page(command, query, offset, context.team_id, sharer, public, respond), "More")

    async def share_in_channel(command: str, query: str, team_id: str | None, user: str | None,
                               respond: Any) -> None:
        answered = await reply(store, settings, command, query, team_id, shared_by=user)
        await respond(**answered.payload(), response_type="in_channel" if answered.ok else "ephemeral",
                      replace_original=False)

    async def next_page(command: str, query: str, offset: int, team_id: str | None, sharer: str | None,
                        public: bool, respond: Any) -> None:
        # The next page takes the place of the one clicked, through its response_url
        # (the one way to edit an ephemeral message), keeping who it was shown to.
        answered = await reply(store, settings, command, query, team_id, offset=offset, shared_by=sharer,
                               public=public)
        if not answered.ok:  # an error: said to the clicker, the page stays
            await respond(**answered.payload(), response_type="ephemeral", replace_original=False)
            return
        await respond(**answered.payload(), response_type="in_channel" if public else "ephemeral",
                      replace_original=True)

    @app.action(render.SHARE_ACTION)
    async def on_share(ack: Any, action: dict, body: dict, respond: Any, context: Any) -> None:
        await run(ack, action, body, respond, context, share=True)

    @app.action(render.MORE_ACTION)
    async def on_more(ack: Any, action: dict, body: dict, respond: Any, context: Any) -> None:
        await run(ack, action, body, respond, context, share=False)
