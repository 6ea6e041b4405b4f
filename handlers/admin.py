"""`/dossier settings`, and `is_admin`: the one admin check every handler uses.

    /dossier settings                          show this workspace's settings (admins only)
    /dossier settings language fr|en
    /dossier settings admins @alice @bob       `none`: back to the default
    /dossier settings export everyone|admins   who may use /dossier export
    /dossier settings digest-empty line|nothing

A dossier admin is, by default, a Slack admin or owner of the workspace (users.info);
once the settings name dossier admins, those users and the workspace's owners. What an
admin changes goes to the state store, one row per workspace, and is read again before the
workspace's requests, at most every SETTINGS_FRESH seconds (every replica sees it). Everything here acts on the
workspace the request comes from: nobody sees or changes another's settings.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot import render
from bot.messages import t
from bot.settings import Language, Settings
from bot.state import StateOpener
from handlers import metrics
from handlers.common import clean_text, language_of, slack_error, subcommand

log = logging.getLogger("dossier.slack")

SETTINGS_FRESH = 2.0  # seconds a workspace's stored settings serve its requests before being read again

_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,})$")
NONE_WORDS = ("none", "aucun", "default", "défaut")

# A setting's name as typed → (field, the values it takes)
CHOICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "language": ("language", ("fr", "en")),
    "langue": ("language", ("fr", "en")),
    "export": ("exporters", ("everyone", "admins")),
    "exports": ("exporters", ("everyone", "admins")),
    "digest-empty": ("digest_when_empty", ("line", "nothing")),
}


async def is_admin(client: Any, settings: Settings, team_id: str | None, user_id: str | None) -> bool:
    """The one admin check. Named dossier admins, else the workspace's Slack admins; its
    owners always. Asks Slack (users.info) only when the list does not settle it."""
    if not user_id or not team_id:
        return False
    named = settings.workspace(team_id).admins
    if user_id in named:
        return True
    try:
        found = await client.users_info(user=user_id)
    except SlackApiError as error:
        log.warning("users.info for the admin check failed: %s", slack_error(error))
        return False
    user = found.get("user") or {}
    if user.get("team_id") not in (None, team_id):  # a user of another workspace
        return False
    owner = bool(user.get("is_owner") or user.get("is_primary_owner"))
    return owner or (not named and bool(user.get("is_admin")))


def parse_change(words: list[str]) -> tuple[str, Any] | None:
    """`language en` → ("language", "en"); `admins <@U1> U2` → ("admins", ["U1", "U2"]); else None."""
    if not words:
        return None
    name, values = words[0].lower(), words[1:]
    if name in ("admins", "admin", "administrateurs"):
        if len(values) == 1 and values[0].lower() in NONE_WORDS:
            return "admins", []
        users = [_USER.match(value) for value in values]
        if not values or not all(users):
            return None
        return "admins", sorted({m.group(1) or m.group(2) for m in users if m})
    if name in CHOICES and len(values) == 1 and values[0].lower() in CHOICES[name][1]:
        return CHOICES[name][0], values[0].lower()
    return None


def register(app: AsyncApp, settings: Settings, get_state: StateOpener) -> None:
    async def wants_settings(body: dict) -> bool:
        return subcommand(body.get("text")) == "settings"

    @app.command("/dossier", matchers=[wants_settings])
    async def on_settings(ack: Any, command: dict, respond: Any, client: Any, context: Any) -> None:
        await ack()
        team_id, user = context.team_id, command.get("user_id")
        lang = language_of(settings, team_id)
        words = clean_text(command.get("text")).split()[1:]
        with metrics.handling("settings") as outcome:
            if not await is_admin(client, settings, team_id, user):
                outcome.refused()
                message = render.error_message(t("settings.not_admin", lang))
            elif not words:
                message = render.workspace_settings(settings.workspace(team_id), lang)
            else:
                message = render.error_message(await change(team_id, user, words, lang))
        await respond(**message.to_dict(), response_type="ephemeral", replace_original=False)

    async def change(team_id: str, user: str | None, words: list[str], lang: Language) -> str:
        parsed = parse_change(words)
        if parsed is None:
            return t("settings.bad", lang, words=" ".join(words))
        name, value = parsed
        state = await get_state()
        stored = await state.workspace_settings(team_id) | {name: value}
        await state.set_workspace_settings(team_id, stored, user, datetime.now(timezone.utc))
        settings.use_stored(team_id, stored)
        lang = language_of(settings, team_id)  # a new language answers in itself
        return t("settings.saved", lang, name=name, value=", ".join(value) if isinstance(value, list) else value)


class StoredSettings:
    """Each workspace's settings as its admins changed them, read from the state store before
    its requests are handled, at most once every SETTINGS_FRESH seconds: a burst of a thousand
    commands reads them once, not a thousand times ahead of a thousand acknowledgements. A
    change made here is in force at once (`use_stored`); one made on another replica, within
    SETTINGS_FRESH seconds."""

    def __init__(self, settings: Settings, get_state: StateOpener, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self._get_state = get_state
        self._clock = clock
        self._reads: dict[str, tuple[float, asyncio.Future[None]]] = {}  # team → (stale at, its read)

    async def load(self, team_id: str | None) -> None:
        if not team_id:
            return
        now = self._clock()
        held = self._reads.get(team_id)
        if held is None or held[0] <= now:  # requests arriving together share one read
            held = (now + SETTINGS_FRESH, asyncio.ensure_future(self._read(team_id)))
            self._reads[team_id] = held
        await asyncio.shield(held[1])

    async def _read(self, team_id: str) -> None:
        try:
            self._settings.use_stored(team_id, await (await self._get_state()).workspace_settings(team_id))
        except Exception:  # the request is still answered, with the settings last read
            log.exception("reading workspace %s's settings from the state store failed", team_id)
