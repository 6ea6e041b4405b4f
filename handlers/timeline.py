"""`/timeline`: the look-up named by the command, answered to the user alone."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.settings import Settings
from bot.store import Store
from handlers.slash import register_command


def register(app: AsyncApp, store: Store, settings: Settings) -> None:
    register_command(app, store, settings, "/timeline")
