"""Request verification: only requests signed by Slack, recently, are answered."""

from __future__ import annotations

import time

from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack import FakeSlack, SlackDriver, command_body, signature

# The worked example of https://api.slack.com/authentication/verifying-requests-from-slack
EXAMPLE_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
EXAMPLE_TIMESTAMP = "1531420618"
EXAMPLE_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
EXAMPLE_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


class FrozenClock:
    def now(self) -> float:
        return float(EXAMPLE_TIMESTAMP) + 10


def test_slacks_worked_example() -> None:
    assert signature(EXAMPLE_SECRET, EXAMPLE_TIMESTAMP, EXAMPLE_BODY) == EXAMPLE_SIGNATURE
    verifier = SignatureVerifier(EXAMPLE_SECRET, clock=FrozenClock())  # type: ignore[arg-type]
    assert verifier.is_valid(EXAMPLE_BODY, EXAMPLE_TIMESTAMP, EXAMPLE_SIGNATURE)
    assert not verifier.is_valid(EXAMPLE_BODY.replace("roadrunner", "coyote"), EXAMPLE_TIMESTAMP, EXAMPLE_SIGNATURE)


async def assert_refused(slack: SlackDriver, slack_api: FakeSlack, **post: object) -> None:
    body = str(post.pop("body", command_body("/timeline", "2019", slack.new_response_url())))
    sent = await slack.post(body, **post)  # type: ignore[arg-type]
    assert sent.status == 401
    await slack_api.settle(0.2)
    assert slack_api.replies == []


async def test_forged_signature_is_refused(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await assert_refused(slack, slack_api, secret="not-the-secret")


async def test_unsigned_request_is_refused(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await assert_refused(slack, slack_api, sign=False)


async def test_stale_request_is_refused(slack: SlackDriver, slack_api: FakeSlack) -> None:
    await assert_refused(slack, slack_api, timestamp=int(time.time()) - 6 * 60)


async def test_tampered_body_is_refused(slack: SlackDriver, slack_api: FakeSlack) -> None:
    url = slack.new_response_url()
    signed_for = command_body("/timeline", "2019", url)
    headers = {"X-Slack-Signature": signature(slack.secret, int(time.time()), signed_for),
               "X-Slack-Request-Timestamp": str(int(time.time()))}
    await assert_refused(slack, slack_api, body=command_body("/timeline", "2020", url), sign=False, headers=headers)


async def test_a_recent_signed_request_is_answered(slack: SlackDriver) -> None:
    url = slack.new_response_url()
    sent = await slack.post(command_body("/timeline", "2019", url), timestamp=int(time.time()) - 60)
    assert sent.status == 200
    assert (await slack.response(url))["text"].startswith("Chronologie : 2019")
