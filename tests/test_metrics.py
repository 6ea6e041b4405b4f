"""GET /metrics over the wire: commands by name and outcome, handler latency, the Web
API's refusals by method and error, and the last digest. Counters are the process's,
so each test reads the change its own requests made."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.store import Store
from handlers import metrics
from tests.fakes.slack import FakeSlack, SlackDriver, command_body, mention


async def scrape(slack: SlackDriver) -> dict[tuple[str, frozenset], float]:
    response = await slack.client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(await response.text()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def commands(samples: dict, command: str, outcome: str) -> float:
    return value(samples, "dossier_commands_total", command=command, outcome=outcome)


async def test_commands_are_counted_by_name_and_outcome(slack: SlackDriver) -> None:
    before = await scrape(slack)
    await slack.command("/timeline", "2019")
    await slack.command("/timeline", "2019")
    await slack.command("/source", "mot " * 300)  # too long a question: the user's, not ours
    after = await scrape(slack)
    assert commands(after, "/timeline", "ok") - commands(before, "/timeline", "ok") == 2
    assert commands(after, "/source", "refused") - commands(before, "/source", "refused") == 1
    assert commands(after, "/timeline", "error") == commands(before, "/timeline", "error")
    count = "dossier_handler_seconds_count"
    assert value(after, count, command="/timeline") - value(before, count, command="/timeline") == 2
    bucket = value(after, "dossier_handler_seconds_bucket", command="/timeline", le="+Inf")
    assert bucket == value(after, count, command="/timeline")


async def test_answers_acknowledged_and_not_yet_given_are_a_gauge(slack: SlackDriver,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from handlers import common

    release = asyncio.Event()
    real = common.answer

    async def held(*args: Any, **kwargs: Any) -> Any:
        await release.wait()
        return await real(*args, **kwargs)

    monkeypatch.setattr(common, "answer", held)
    before = value(await scrape(slack), "dossier_answers_pending")
    urls = [slack.new_response_url() for _ in range(3)]
    for i, url in enumerate(urls):
        assert (await slack.post(command_body("/timeline", "2019", url, user_id=f"U{i:04d}"))).status == 200
    assert value(await scrape(slack), "dossier_answers_pending") - before == 3
    release.set()
    for url in urls:
        await slack.response(url)
    for _ in range(500):  # each task ends once Slack has said "ok" to its post (no timing here)
        if value(await scrape(slack), "dossier_answers_pending") == before:
            break
        await asyncio.sleep(0.01)
    assert value(await scrape(slack), "dossier_answers_pending") == before


async def test_our_failure_counts_as_an_error(start_bot: Callable[..., Any], seeded_db: Path) -> None:
    store = await Store.open(seeded_db, read_only=True)
    slack = await start_bot(store=store)
    before = await scrape(slack)
    await store.close()  # every look-up now fails: our fault, not the user's
    reply = await slack.command("/quote", "altman")
    assert "mal passé de mon côté" in str(reply)
    after = await scrape(slack)
    assert commands(after, "/quote", "error") - commands(before, "/quote", "error") == 1


async def test_slack_api_errors_by_method_and_error(slack: SlackDriver, slack_api: FakeSlack) -> None:
    before = await scrape(slack)
    slack_api.refuse["C0GONE"] = "channel_not_found"  # the asker is then told by DM, which works
    assert (await slack.event(mention("2019", channel="C0GONE"), event_id="EvMetrics1")).status == 200
    await slack_api.wait_for("chat.postMessage")
    await slack_api.settle()
    after = await scrape(slack)
    name = "dossier_slack_api_errors_total"
    labels = {"method": "chat.postMessage", "error": "channel_not_found"}
    assert value(after, name, **labels) - value(before, name, **labels) == 1
    assert commands(after, "question", "ok") - commands(before, "question", "ok") == 1


async def test_a_failed_export_upload_is_an_error_and_names_the_method(slack: SlackDriver,
                                                                      slack_api: FakeSlack) -> None:
    before = await scrape(slack)
    slack_api.fail["files.completeUploadExternal"] = "not_allowed"
    await slack.command("/dossier", "export quotes")
    await slack_api.settle()  # the outcome is counted once the failure notice has been sent
    after = await scrape(slack)
    name = "dossier_slack_api_errors_total"
    labels = {"method": "files.completeUploadExternal", "error": "not_allowed"}
    assert value(after, name, **labels) - value(before, name, **labels) == 1
    assert commands(after, "export", "error") - commands(before, "export", "error") == 1


async def test_last_successful_digest_time(slack: SlackDriver) -> None:
    moment = datetime(2026, 12, 3, 7, 30, tzinfo=timezone.utc)
    metrics.digest_sent(moment)
    after = await scrape(slack)
    assert value(after, "dossier_digest_last_success_timestamp_seconds") == moment.timestamp()


async def test_what_a_user_types_never_becomes_a_label(slack: SlackDriver) -> None:
    with metrics.handling("/drop table"):
        pass
    after = await scrape(slack)
    assert all("/drop table" not in dict(labels).values() for _, labels in after)
    assert commands(after, "other", "ok") >= 1


def test_only_the_metrics_module_touches_prometheus() -> None:
    from tests.conftest import ROOT

    users = [str(path.relative_to(ROOT)) for folder in ("bot", "handlers")
             for path in (ROOT / folder).rglob("*.py") if "prometheus_client" in path.read_text()]
    assert users == ["handlers/metrics.py"]
