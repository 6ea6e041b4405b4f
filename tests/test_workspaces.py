"""Per-workspace settings over the wire: `/dossier settings` for a workspace's admins (its
Slack admins by default, then the dossier admins it names), a clear refusal for anyone
else, and two workspaces that never see or change each other's settings."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from bot.settings import Settings
from bot.state import StateStore
from handlers.admin import SETTINGS_FRESH, StoredSettings
from tests.fakes.slack import FakeSlack, SlackDriver, command_body, visible_text

ONE, TWO = "T0ONE", "T0TWO"
NOW = datetime(2024, 2, 17, 7, 31, tzinfo=timezone.utc)


@pytest.fixture
async def bot(start_bot: Callable[..., Any], slack_api: FakeSlack, state_url: str) -> AsyncIterator[SlackDriver]:
    slack_api.slack_admins = {"U0ADMIN1", "U0ADMIN2"}
    slack_api.user_teams = {"U0ADMIN1": ONE, "U0MEMBER1": ONE, "U0ADMIN2": TWO, "U0MEMBER2": TWO}
    state = await StateStore.open(state_url)
    yield await start_bot(state=state, state_url=state_url)
    await state.close()


async def settings_of(bot: SlackDriver, team: str, user: str, text: str = "settings") -> str:
    return visible_text(await bot.command("/dossier", text, team_id=team, user_id=user))


async def test_a_slack_admin_sees_and_changes_the_settings_a_member_is_refused(bot: SlackDriver) -> None:
    shown = await settings_of(bot, ONE, "U0ADMIN1")
    assert "langue : `fr`" in shown and "les administrateurs et propriétaires Slack" in shown
    refused = await settings_of(bot, ONE, "U0MEMBER1")
    assert "Seuls les administrateurs de dossier" in refused and "langue" not in refused
    refused = await settings_of(bot, ONE, "U0MEMBER1", "settings language en")
    assert "Seuls les administrateurs" in refused
    assert "langue : `fr`" in await settings_of(bot, ONE, "U0ADMIN1")


async def test_a_change_is_answered_and_used_in_that_workspace_only(bot: SlackDriver) -> None:
    saved = await settings_of(bot, ONE, "U0ADMIN1", "settings language en")
    assert saved == "Saved: language = `en`."
    answer = visible_text(await bot.command("/timeline", "2019", team_id=ONE))
    assert "July 2019" in answer
    other = visible_text(await bot.command("/timeline", "2019", team_id=TWO))
    assert "juillet 2019" in other
    assert "langue : `fr`" in await settings_of(bot, TWO, "U0ADMIN2")


async def test_no_admin_of_one_workspace_administers_another(bot: SlackDriver) -> None:
    # An admin of T0ONE whose command claims T0TWO: Slack says the user belongs to T0ONE.
    refused = await settings_of(bot, TWO, "U0ADMIN1", "settings language en")
    assert "Seuls les administrateurs" in refused
    assert "langue : `fr`" in await settings_of(bot, TWO, "U0ADMIN2")


async def test_named_dossier_admins_replace_the_slack_admins(bot: SlackDriver, slack_api: FakeSlack) -> None:
    saved = await settings_of(bot, ONE, "U0ADMIN1", "settings admins <@U0MEMBER1|camille>")
    assert "`U0MEMBER1`" in saved
    shown = await settings_of(bot, ONE, "U0MEMBER1")
    assert "administrateurs de dossier : `U0MEMBER1`" in shown
    assert "Seuls les administrateurs" in await settings_of(bot, ONE, "U0ADMIN1")
    slack_api.owners = {"U0ADMIN1"}  # an owner stays an admin, whatever the list
    assert "langue" in await settings_of(bot, ONE, "U0ADMIN1")
    assert "Seuls les administrateurs" in await settings_of(bot, TWO, "U0MEMBER1")


async def export_ack(bot: SlackDriver, team: str, user: str) -> str:
    """What /dossier export answers at once (the acknowledgement)."""
    sent = await bot.post(command_body("/dossier", "export quotes", bot.new_response_url(), team_id=team,
                                       user_id=user))
    assert sent.status == 200
    return visible_text(json.loads(sent.text))


async def test_who_may_export(bot: SlackDriver, slack_api: FakeSlack) -> None:
    await settings_of(bot, ONE, "U0ADMIN1", "settings export admins")
    assert "seuls les administrateurs de dossier peuvent exporter" in await export_ack(bot, ONE, "U0MEMBER1")
    assert "en préparation" in await export_ack(bot, ONE, "U0ADMIN1")
    await slack_api.wait_for("files.completeUploadExternal")
    assert "en préparation" in await export_ack(bot, TWO, "U0MEMBER2")
    await slack_api.wait_for("files.completeUploadExternal", count=2)


async def test_an_unknown_setting_or_value_is_explained(bot: SlackDriver) -> None:
    for text in ("settings language de", "settings colour blue", "settings admins bob"):
        answer = await settings_of(bot, ONE, "U0ADMIN1", text)
        assert "Je ne connais pas ce réglage" in answer and "/dossier settings" in answer
    assert "langue : `fr`" in await settings_of(bot, ONE, "U0ADMIN1")


async def test_settings_survive_a_restart_and_reach_every_replica(bot: SlackDriver, start_bot: Callable[..., Any],
                                                                  state_url: str) -> None:
    await settings_of(bot, ONE, "U0ADMIN1", "settings language en")
    state = await StateStore.open(state_url)
    try:
        replica = await start_bot(state=state, state_url=state_url)
        assert "July 2019" in visible_text(await replica.command("/timeline", "2019", team_id=ONE))
    finally:
        await state.close()


async def test_one_workspaces_digest_subscriptions_are_not_anothers(bot: SlackDriver, state_url: str) -> None:
    subscribed = await settings_of(bot, ONE, "U0ADMIN1", "digest here 08:30 Europe/Paris")
    assert "Ce canal recevra" in subscribed
    assert "Aucun canal n’est abonné" in await settings_of(bot, TWO, "U0ADMIN2", "digest")
    # the same channel id, from the other workspace: nothing of T0ONE's to remove
    assert "n’est pas abonné" in await settings_of(bot, TWO, "U0ADMIN2", "digest off")
    async with await StateStore.open(state_url) as state:
        assert [(s.team_id, s.channel_id) for s in await state.subscriptions()] == [(ONE, "C0NEWS")]
    assert "C0NEWS" in await settings_of(bot, ONE, "U0MEMBER1", "digest")


async def test_stored_settings_are_read_once_for_requests_together_and_again_once_stale(
        make_settings: Callable[..., Settings], state_url: str) -> None:
    settings = make_settings(state_url=state_url)
    now = [100.0]
    async with await StateStore.open(state_url) as state:
        reads = []
        real = state.workspace_settings

        async def counted(team_id: str) -> dict[str, Any]:
            reads.append(team_id)
            return await real(team_id)

        state.workspace_settings = counted  # type: ignore[method-assign]

        async def opener() -> StateStore:
            return state

        stored = StoredSettings(settings, opener, clock=lambda: now[0])
        await state.set_workspace_settings(ONE, {"language": "en"}, "U0ADMIN1", NOW)
        await asyncio.gather(*(stored.load(ONE) for _ in range(30)))  # a burst from one workspace
        assert reads == [ONE] and settings.workspace(ONE).language == "en"
        # Another replica changes it: seen here once the settings read are SETTINGS_FRESH old.
        await state.set_workspace_settings(ONE, {"language": "fr"}, "U0ADMIN1", NOW)
        now[0] += SETTINGS_FRESH / 2
        await stored.load(ONE)
        assert settings.workspace(ONE).language == "en"
        now[0] += SETTINGS_FRESH
        await stored.load(ONE)
        assert reads == [ONE, ONE] and settings.workspace(ONE).language == "fr"
        await stored.load(TWO)  # each workspace its own
        assert reads == [ONE, ONE, TWO]
