"""The daily digest over the wire: `/dossier digest …` from signed Slack requests, and
digests posted through the real Web API client to the Slack double, exactly once:
racing runners, a process killed between claim and post, a 429, a refusing channel."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bot.schedule import LEASE, RETRY_AFTER, DigestRunner, Wakeup, run_scheduler, statuses
from bot.settings import Settings, WorkspaceSettings
from bot.state import StateStore, Subscription
from bot.store import Store
from handlers.app import web_app
from handlers.digest import poster
from handlers.metrics import REGISTRY
from tests.fakes.fixtures import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack import TEAM_ID, FakeSlack, SlackDriver, visible_text
from tests.serving import dossier_serve, serve_env
from tests.test_digest import NOW, write_digest_corpus

AT = datetime(2024, 2, 17, 8, 31, tzinfo=timezone(timedelta(hours=1)))  # 08:31 in Paris, a Saturday
DAY = date(2024, 2, 17)


@dataclass
class Env:
    settings: Settings
    store: Store
    state: StateStore
    fake: FakeSlack

    def runner(self, owner: str = "a", state: StateStore | None = None) -> DigestRunner:
        state = state or self.state
        return DigestRunner(self.store, state, self.settings, poster(self.settings, state), owner=owner,
                            clock=lambda: AT)

    async def subscribe(self, channel: str, post_time: str = "08:30", days: str = "daily",
                        language: str = "fr", team: str = TEAM_ID) -> None:
        sub = Subscription(team, channel, post_time, "Europe/Paris", days, language)
        await self.state.subscribe(sub, NOW - timedelta(days=1))

    def reach(self) -> dict[str, str]:
        """The settings a dossier process needs to reach the same stores and Slack double."""
        return {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": self.fake.api_url,
                "DOSSIER_DB_PATH": str(self.settings.db_path), "DOSSIER_STATE_URL": self.settings.state_location()}

    def environ(self) -> dict[str, str]:
        """A `dossier digest` process's environment."""
        return serve_env(self.settings.db_path.parent, **self.reach())


@pytest.fixture
async def env(tmp_path: Path, corpus: Path, write_article, monkeypatch: pytest.MonkeyPatch,
              slack_api: FakeSlack) -> AsyncIterator[Env]:
    db = tmp_path / "dossier.db"
    await write_digest_corpus(db, corpus, write_article, monkeypatch)
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                        slack_api_url=slack_api.api_url, db_path=db,
                        state_url=f"sqlite:///{tmp_path / 'state.db'}")
    store = await Store.open(db, read_only=True)
    state = await StateStore.open(settings.state_location())
    yield Env(settings, store, state, slack_api)
    await state.close()
    await store.close()


async def driver(env: Env, drive: Callable[..., Any], **settings: object) -> SlackDriver:
    return await drive(web_app(env.settings.model_copy(update=settings), env.store, state=env.state))


def posts(fake: FakeSlack, channel: str) -> list[dict]:
    return fake.posted(channel)


# --- subscribing from Slack ------------------------------------------------------------


async def test_subscribe_list_preview_and_off_from_slack(env: Env, drive: Callable[..., Any]) -> None:
    slack = await driver(env, drive)
    confirmed = visible_text(await slack.command("/dossier", "digest here 08:30 Europe/Paris weekdays en"))
    assert "Ce canal recevra le dossier du jour du lundi au vendredi à 08:30 (Europe/Paris), en anglais" in confirmed
    assert "Prochain envoi : " in confirmed and " à 08:30." in confirmed
    assert "invitez-le : `/invite @dossier`" in confirmed  # a channel the bot is not in would fail

    listed = await slack.command("/dossier", "digest")
    assert "<#C0NEWS> — du lundi au vendredi à 08:30 (Europe/Paris), en anglais" in visible_text(listed)
    assert "dernier : jamais" in visible_text(listed)

    preview = await slack.command("/dossier", "digest preview")
    assert preview["response_type"] == "ephemeral"
    shown = visible_text(preview)
    assert "The daily file — " in shown and "Preview, visible only to you." in shown  # its language
    assert env.fake.calls_to("chat.postMessage") == []  # a preview posts nothing

    assert "ne recevra plus" in visible_text(await slack.command("/dossier", "digest off"))
    assert "Aucun canal n’est abonné" in visible_text(await slack.command("/dossier", "digest"))
    assert "n’est pas abonné" in visible_text(await slack.command("/dossier", "digest off"))


async def test_a_bad_time_zone_or_option_is_explained_in_the_users_language(env: Env, drive: Callable[..., Any]) -> None:
    slack = await driver(env, drive)
    shown = visible_text(await slack.command("/dossier", "digest here 08:30 Europe/Pariss"))
    assert "fuseau horaire inconnu Europe/Pariss" in shown and "/dossier digest here" in shown
    assert "heure invalide : 8h3x" in visible_text(await slack.command("/dossier", "digest here 8h3x Europe/Paris"))
    assert "option inconnue hebdo" in visible_text(
        await slack.command("/dossier", "digest here 08:30 Europe/Paris hebdo"))
    assert await env.state.subscriptions() == []


async def test_once_admins_are_named_only_they_change_subscriptions(env: Env, drive: Callable[..., Any]) -> None:
    slack = await driver(env, drive,
                         workspaces={TEAM_ID: WorkspaceSettings(admins=["U0ADMIN"])})
    refused = visible_text(await slack.command("/dossier", "digest here 08:30 Europe/Paris"))
    assert "Seuls les administrateurs de dossier" in refused
    assert await env.state.subscriptions() == []
    assert "Ce canal recevra" in visible_text(
        await slack.command("/dossier", "digest here 08:30 Europe/Paris", user_id="U0ADMIN"))
    assert "Aucun" not in visible_text(await slack.command("/dossier", "digest"))  # anyone may list


async def test_other_dossier_commands_still_answer_beside_digest(env: Env, drive: Callable[..., Any]) -> None:
    slack = await driver(env, drive)
    assert "dossier — aide" in visible_text(await slack.command("/dossier", "help"))


# --- posting ---------------------------------------------------------------------------


async def test_a_due_digest_is_posted_once_with_its_three_sections(env: Env) -> None:
    await env.subscribe("C0NEWS")
    runner = env.runner()
    assert await runner.run_due(AT - timedelta(minutes=2)) == []  # 08:29: not yet
    before = datetime.now(timezone.utc).timestamp()
    (outcome,) = await runner.run_due(AT)
    assert outcome.status == "posted"
    assert REGISTRY.get_sample_value("dossier_digest_last_success_timestamp_seconds") >= int(before)
    (message,) = posts(env.fake, "C0NEWS")
    shown = visible_text(message)
    for expected in ("Le dossier du jour — 17 février 2024", "Ce jour-là", "17 février 2019 (il y a 5 ans)",
                     "Nouveaux articles (2)", "Citation du jour", "Source : `gpt2` · 2 mars 2023"):
        assert expected in shown, expected
    assert message["metadata"] == {"event_type": "dossier_digest", "event_payload": {
        "team_id": TEAM_ID, "channel_id": "C0NEWS", "day": "2024-02-17"}}
    assert await runner.run_due(AT + timedelta(hours=3)) == []  # sent: not even a claim is tried
    assert len(posts(env.fake, "C0NEWS")) == 1
    (row,) = await env.state.ledger(TEAM_ID, "C0NEWS", DAY)
    assert row.status == "sent" and row.message_ts == message["ts"]


async def test_a_process_down_at_post_time_catches_up_that_day_only(env: Env) -> None:
    await env.subscribe("C0NEWS")
    runner = env.runner()
    next_morning = datetime(2024, 2, 18, 0, 10, tzinfo=AT.tzinfo)
    assert await runner.run_due(next_morning) == []  # yesterday's digest is not posted late
    (outcome,) = await runner.run_due(AT + timedelta(hours=5))  # back at 13:31 the same day
    assert outcome.status == "posted" and outcome.day == DAY


async def test_the_next_digest_lists_what_came_in_since_the_last_one(env: Env) -> None:
    await env.subscribe("C0NEWS")
    await env.runner().run_due(AT)
    (outcome,) = await env.runner().run_due(AT + timedelta(days=1))
    assert outcome.status == "posted"
    second = visible_text(posts(env.fake, "C0NEWS")[1])
    assert "Le dossier du jour — 18 février 2024" in second
    assert "Nouveaux articles" not in second  # nothing ingested since the first digest



async def test_a_pass_reads_the_ledger_once_whatever_the_number_of_channels(env: Env) -> None:
    channels = [f"C0CHAN{n}" for n in range(6)]
    for channel in channels:
        await env.subscribe(channel)
    await env.subscribe("C0FAILED")
    env.fake.refuse["C0FAILED"] = "channel_not_found"
    runner = env.runner()
    first = await runner.run_due(AT)
    assert sorted((o.channel_id, o.status) for o in first) == sorted(
        [(c, "posted") for c in channels] + [("C0FAILED", "failed")])
    reads: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "digest_ledger" in statement:
            reads.append(statement)

    event.listen(env.state.engine.sync_engine, "before_cursor_execute", count)
    try:
        assert await runner.run_due(AT + timedelta(hours=1)) == []  # sent or given up: no claim tried
    finally:
        event.remove(env.state.engine.sync_engine, "before_cursor_execute", count)
    assert len(reads) == 1, reads
    assert all(len(posts(env.fake, c)) == 1 for c in channels)

async def test_two_runners_racing_post_once(env: Env, tmp_path: Path) -> None:
    await env.subscribe("C0NEWS")
    await env.subscribe("C0OTHER")
    other = await StateStore.open(env.settings.state_location())  # a second process's engine
    try:
        first, second = await asyncio.gather(env.runner("a").run_due(AT),
                                             env.runner("b", other).run_due(AT))
    finally:
        await other.close()
    posted = sorted(o.channel_id for o in first + second if o.status == "posted")
    assert posted == ["C0NEWS", "C0OTHER"]  # the loser of each claim says "taken", or saw it sent
    assert all(o.status == "taken" for o in first + second if o.status != "posted")
    assert len(posts(env.fake, "C0NEWS")) == 1 and len(posts(env.fake, "C0OTHER")) == 1


async def run_cli(env: Env, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", *args, env=env.environ(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def test_two_digest_processes_at_the_same_moment_post_once(env: Env) -> None:
    await env.subscribe("C0NEWS")
    procs = [await run_cli(env, "--due", "--now", AT.isoformat()) for _ in range(2)]
    outputs = [(await p.communicate())[0].decode().split(" ts ")[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    # The second either lost the claim or came after the first had posted.
    assert sorted(outputs) in (["C0NEWS 2024-02-17: posted", "C0NEWS 2024-02-17: taken"],
                               ["C0NEWS 2024-02-17: posted", "nothing is due"]), outputs
    assert len(posts(env.fake, "C0NEWS")) == 1


@pytest.mark.parametrize("reached_slack", [True, False])
async def test_a_process_killed_between_claim_and_post_is_retried_after_its_lease_never_twice(
    env: Env, reached_slack: bool,
) -> None:
    await env.subscribe("C0NEWS")
    # The post reaches Slack (or not) and the process dies before it hears back.
    env.fake.hold["chat.postMessage"] = "keep" if reached_slack else "drop"
    proc = await run_cli(env, "--due", "--now", AT.isoformat())
    await env.fake.wait_for("chat.postMessage", timeout=30)
    proc.kill()
    await proc.wait()
    del env.fake.hold["chat.postMessage"]
    (row,) = await env.state.ledger(TEAM_ID, "C0NEWS", DAY)
    assert row.status == "claimed"

    runner = env.runner("after")
    assert (await runner.run_due(AT + LEASE / 2))[0].status == "taken"  # the lease still holds
    (outcome,) = await runner.run_due(AT + LEASE)
    assert outcome.status == ("found" if reached_slack else "posted")
    assert len(posts(env.fake, "C0NEWS")) == 1
    (row,) = await env.state.ledger(TEAM_ID, "C0NEWS", DAY)
    assert (row.status, row.message_ts, row.attempts) == ("sent", posts(env.fake, "C0NEWS")[0]["ts"], 2)
    assert env.fake.calls_to("conversations.history")[0].body["include_all_metadata"] in ("1", "true", True)


async def test_a_429_is_waited_out_and_the_digest_posted_once(env: Env) -> None:
    await env.subscribe("C0NEWS")
    env.fake.ratelimit["chat.postMessage"] = 1
    (outcome,) = await env.runner().run_due(AT)
    assert outcome.status == "posted"
    assert len(env.fake.calls_to("chat.postMessage")) == 2 and len(posts(env.fake, "C0NEWS")) == 1


async def test_server_errors_past_the_retries_let_the_claim_go_for_a_later_pass(env: Env) -> None:
    await env.subscribe("C0NEWS")
    env.fake.server_error["chat.postMessage"] = 3  # the first try and both retries
    (outcome,) = await env.runner().run_due(AT)
    assert outcome.status == "retry" and posts(env.fake, "C0NEWS") == []
    (pending,) = await statuses(env.state, AT, TEAM_ID)
    assert pending.error == "http_500" and pending.last_post is None  # shown until it goes out
    assert (await env.runner("b").run_due(AT + RETRY_AFTER))[0].status == "posted"
    assert len(posts(env.fake, "C0NEWS")) == 1
    assert (await statuses(env.state, AT, TEAM_ID))[0].error is None


async def test_a_refusing_channel_is_marked_failing_logged_once_and_stops_no_other(
    env: Env, drive: Callable[..., Any], caplog: pytest.LogCaptureFixture,
) -> None:
    for channel in ("C0GONE", "C0NEWS", "C0ZULU"):
        await env.subscribe(channel)
    env.fake.refuse["C0GONE"] = "not_in_channel"
    caplog.set_level(logging.WARNING, logger="dossier.digest")
    outcomes = {o.channel_id: o.status for o in await env.runner().run_due(AT)}
    assert outcomes == {"C0GONE": "failed", "C0NEWS": "posted", "C0ZULU": "posted"}
    await env.runner().run_due(AT + timedelta(days=1))  # still refused the next day
    assert [r.getMessage() for r in caplog.records].count(
        "digest channel C0GONE of T0TEST refused: not_in_channel; marked failing (see `/dossier digest`)") == 1
    listed = visible_text(await (await driver(env, drive)).command("/dossier", "digest"))
    assert "<#C0GONE>" in listed and "en échec : `not_in_channel`" in listed
    assert len(posts(env.fake, "C0NEWS")) == 2

    del env.fake.refuse["C0GONE"]  # invited back: the next day works and the failure is cleared
    await env.runner().run_due(AT + timedelta(days=2))
    assert not (await env.state.subscriptions(TEAM_ID, "C0GONE"))[0].failing


async def test_the_serve_scheduler_wakes_for_a_due_subscription(env: Env) -> None:
    await env.subscribe("C0NEWS")
    task = asyncio.create_task(run_scheduler(env.runner(), Wakeup()))
    try:
        await env.fake.wait_for("chat.postMessage", timeout=10)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert len(posts(env.fake, "C0NEWS")) == 1


async def test_an_empty_day_can_post_nothing(env: Env) -> None:
    await env.subscribe("C0NEWS")
    env.settings = env.settings.model_copy(
        update={"workspaces": {TEAM_ID: WorkspaceSettings(digest_when_empty="nothing")}})
    march = datetime(2024, 3, 1, 8, 31, tzinfo=AT.tzinfo)  # no event on 1 March, nothing new
    (outcome,) = await env.runner().run_due(march)
    assert outcome.status == "quiet" and posts(env.fake, "C0NEWS") == []


async def test_an_empty_digest_choice_made_from_slack_reaches_a_cron_runner(env: Env) -> None:
    await env.subscribe("C0NEWS")
    await env.subscribe("C0NEWS", team="T0OTHER")
    await env.state.set_workspace_settings(TEAM_ID, {"digest_when_empty": "nothing"}, "U0ADMIN", NOW)
    march = datetime(2024, 3, 1, 8, 31, tzinfo=AT.tzinfo)  # no event on 1 March, nothing new
    outcomes = {o.team_id: o.status for o in await env.runner().run_due(march)}
    assert outcomes == {TEAM_ID: "quiet", "T0OTHER": "posted"}  # the other keeps its short line
    (message,) = posts(env.fake, "C0NEWS")
    assert "Rien de neuf aujourd’hui" in visible_text(message)


# --- dossier digest, the command for cron ------------------------------------------------


def cli(env: Env, *args: str, **extra: str):
    from click.testing import CliRunner

    from bot.cli import main

    environ = {"DOSSIER_DB_PATH": str(env.settings.db_path),
               "DOSSIER_STATE_URL": env.settings.state_location(), **extra}
    return CliRunner().invoke(main, ["digest", *args], env=environ, catch_exceptions=False)


async def in_thread(env: Env, *args: str, **extra: str):
    """The CLI runs its own event loop; a thread keeps it off the test's."""
    return await asyncio.to_thread(cli, env, *args, **extra)


async def test_dry_run_without_a_subscription_prints_the_default_digest(env: Env) -> None:
    result = await in_thread(env, "--dry-run", "--date", "2024-02-17")
    assert result.exit_code == 0, result.output
    for expected in ("Le dossier du jour — 17 février 2024", "Ce jour-là",
                     "17 février 2021 (il y a 3 ans) — Le 17 février 2021", "Source : accord · 10 mai 2023",
                     "Citation du jour"):
        assert expected in result.output, expected
    english = await in_thread(env, "--dry-run", "--date", "2024-02-17", "--lang", "en")
    assert "The daily file — February 17, 2024" in english.output
    assert await env.state.subscriptions() == [] and env.fake.calls == []


async def test_dry_run_of_a_channel_uses_its_language_and_due_posts_nothing_when_dry(env: Env) -> None:
    await env.subscribe("C0NEWS", language="en")
    result = await in_thread(env, "--dry-run", "--channel", "C0NEWS", "--date", "2024-02-17")
    assert "The daily file — February 17, 2024" in result.output
    due = await in_thread(env, "--due", "--dry-run", "--now", AT.isoformat())
    assert "The daily file — February 17, 2024" in due.output
    assert env.fake.calls == [] and await env.state.ledger(TEAM_ID, "C0NEWS") == []


async def test_status_shows_the_last_post_and_the_last_error(env: Env) -> None:
    await env.subscribe("C0NEWS")
    await env.subscribe("C0GONE")
    env.fake.refuse["C0GONE"] = "channel_not_found"
    await env.runner().run_due(AT)
    result = await in_thread(env, "--status", "--lang", "en", "--now", AT.isoformat())
    lines = result.output.splitlines()
    assert any(line.startswith("C0NEWS — every day at 08:30 (Europe/Paris)") and "next post: February 18, 2024 at 08:30"
               in line and "last: February 17, 2024 at 08:31" in line for line in lines), lines
    assert any(line.startswith("C0GONE") and "last: never" in line and "⚠️ failing: channel_not_found (invite the bot" in line
               for line in lines), lines


async def test_due_says_what_it_needs_and_refuses_a_date(env: Env) -> None:
    await env.subscribe("C0NEWS")
    missing = await in_thread(env, "--due", "--now", AT.isoformat())
    assert missing.exit_code == 1 and "SLACK_BOT_TOKEN" in missing.output
    dated = await in_thread(env, "--due", "--date", "2024-02-17")
    assert dated.exit_code == 2 and "--date is for --dry-run" in dated.output
    naive = await in_thread(env, "--dry-run", "--now", "2024-02-17T08:31")
    assert naive.exit_code == 2 and "give the offset too" in naive.output
    refused = await in_thread(env, "--due", "--now", AT.isoformat(), SLACK_BOT_TOKEN=BOT_TOKEN,
                              SLACK_API_URL=env.fake.api_url)
    assert refused.exit_code == 0 and "C0NEWS 2024-02-17: posted" in refused.output


async def test_dossier_serve_posts_a_due_digest_once_and_stops_cleanly(env: Env, tmp_path: Path) -> None:
    now = datetime.now(timezone.utc)
    sub = Subscription(TEAM_ID, "C0NEWS", "00:00", "UTC", "daily", "en")  # due since midnight
    await env.state.subscribe(sub, now - timedelta(days=1))
    async with dossier_serve(tmp_path, SLACK_SIGNING_SECRET=SIGNING_SECRET, **env.reach()) as served:
        await env.fake.wait_for("chat.postMessage", timeout=30)
        await env.fake.settle(1.0)  # nothing more is posted meanwhile
    assert served.returncode == 0, served.output()
    (message,) = posts(env.fake, "C0NEWS")
    assert "The daily file — " in visible_text(message)
    (row,) = await env.state.ledger(TEAM_ID, "C0NEWS")
    assert row.status == "sent" and row.message_ts == message["ts"] and row.day == now.date()


async def test_with_oauth_each_workspace_is_posted_with_its_own_token(env: Env) -> None:
    from slack_sdk.oauth.installation_store import Installation

    from handlers import oauth

    env.settings = Settings(**{**env.settings.model_dump(), "slack_bot_token": None,
                               "slack_signing_secret": SIGNING_SECRET, "slack_client_id": "111.222",
                               "slack_client_secret": "client-secret",
                               "slack_state_secret": "state-secret-0123456789"})
    installs = oauth.oauth_settings(env.settings, env.state)
    await oauth.prepare(installs)
    await installs.installation_store.async_save(Installation(
        app_id="A0DOSSIER", team_id="T0ONE", bot_token="xoxb-one", bot_id="B1", bot_user_id="U1",
        user_id="U0ADMIN"))
    await env.subscribe("C0NEWS", team="T0ONE")
    await env.subscribe("C0NEWS", team="T0GONE")  # uninstalled since it subscribed
    outcomes = {o.team_id: (o.status, o.error) for o in await env.runner().run_due(AT)}
    assert outcomes == {"T0ONE": ("posted", None), "T0GONE": ("failed", "not_installed")}
    (call,) = env.fake.calls_to("chat.postMessage")
    assert call.token == "xoxb-one"
    assert (await env.state.subscriptions("T0GONE"))[0].last_error == "not_installed"
