"""Slash commands /timeline, /quote and /source: ack, answer, respond (ephemeral)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.settings import Settings
from bot.store import Store
from handlers.common import clean_text, reply
from handlers.pending import after_ack


def register_command(app: AsyncApp, store: Store, settings: Settings, name: str) -> None:
    async def on_command(ack: Any, command: dict, respond: Any, context: Any) -> None:
        await ack()
        after_ack(answer_privately(store, settings, name, clean_text(command.get("text")), context.team_id,
                                   respond), name)

    on_command.__name__ = f"on_{name.strip('/')}"
    app.command(name)(on_command)


async def answer_privately(store: Store, settings: Settings, command: str, text: str, team_id: str | None,
                           respond: Any) -> None:
    """The answer to `command text`, to the asker alone, through the response_url."""
    answered = await reply(store, settings, command, text, team_id)
    await respond(**answered.payload(), response_type="ephemeral", replace_original=False)
