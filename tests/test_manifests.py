"""The Slack app manifests in deploy/slack/ parse, and say what the code needs: each
slash command and event the built app listens to is declared, each Web API method the
code calls has its scope, and no scope is asked for that nothing uses."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings
from bot.state import StateStore
from bot.store import Store
from handlers import oauth, scopes
from handlers.app import EVENTS_PATH, build_app
from tests.conftest import ROOT

MANIFESTS = sorted((ROOT / "deploy" / "slack").glob("*.yaml"))
HTTP_MANIFEST = ROOT / "deploy" / "slack" / "manifest.yaml"


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def closure_value(func: Any, name: str) -> Any:
    """A variable a Bolt built-in matcher closed over (`command`, `event_type`)."""
    while func is not None:
        values = inspect.getclosurevars(func).nonlocals
        if name in values:
            return values[name]
        func = values.get("func")
    return None


def registered(app: Any) -> tuple[set[str], set[str]]:
    """The slash commands and event types the built app's listeners answer."""
    commands: set[str] = set()
    events: set[str] = set()
    for listener in app._async_listeners:
        primary = listener.matchers[0].func
        command = closure_value(primary, "command")
        event_type = closure_value(primary, "event_type")
        if isinstance(command, str):
            commands.add(command)
        elif isinstance(event_type, str):
            events.add(event_type)
    return commands, events


def called_methods() -> set[str]:
    """Every Web API method the code calls on a client, read from the source."""
    methods: set[str] = set()
    for path in [*(ROOT / "handlers").rglob("*.py"), *(ROOT / "bot").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr[:1].islower() and "_" in node.func.attr
                    and callable(getattr(AsyncWebClient, node.func.attr, None))
                    and node.func.attr not in dir(object) and not node.func.attr.startswith("_")
                    and node.func.attr not in ("api_call",)):
                methods.add(node.func.attr)
    return methods


@pytest.fixture
async def app_listens(seeded: Store, tmp_path: Path) -> tuple[set[str], set[str]]:
    """What the app listens to with one token, and installed by OAuth (uninstall events)."""
    single = Settings(slack_bot_token="xoxb-test", slack_signing_secret="s")
    commands, events = registered(build_app(single, seeded))
    many = Settings(slack_client_id="1.2", slack_client_secret="c", slack_state_secret="t",
                    slack_signing_secret="s")
    async with await StateStore.open(f"sqlite:///{tmp_path / 'state.db'}") as state:
        more_commands, more_events = registered(build_app(many, seeded, state=state))
    return commands | more_commands, events | more_events


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid_yaml_with_the_app_description(path: Path) -> None:
    manifest = load(path)
    assert "timeline, quotes and sources" in manifest["display_information"]["description"]
    assert manifest["settings"]["socket_mode_enabled"] is (path.name == "manifest.socket.yaml")


def test_the_listener_reading_finds_what_the_app_registers(app_listens: tuple[set[str], set[str]]) -> None:
    commands, events = app_listens  # if Bolt changes its matchers, this says so
    assert {"/timeline", "/quote", "/source", "/dossier"} <= commands
    assert {"app_mention", "message", "app_home_opened"} <= events


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_every_registered_command_is_declared(path: Path, app_listens: tuple[set[str], set[str]]) -> None:
    commands, _ = app_listens
    declared = {entry["command"] for entry in load(path)["features"]["slash_commands"]}
    assert declared == commands


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_every_event_listened_to_is_subscribed(path: Path, app_listens: tuple[set[str], set[str]]) -> None:
    _, events = app_listens
    assert events <= set(scopes.EVENT_SUBSCRIPTIONS), "an event without its row in handlers/scopes.py"
    wanted = {bot_event for event in events for bot_event, _ in scopes.EVENT_SUBSCRIPTIONS[event]}
    assert set(load(path)["settings"]["event_subscriptions"]["bot_events"]) == wanted


def test_every_called_method_has_a_row_in_the_scope_table() -> None:
    called = called_methods()
    assert {"chat_postMessage", "views_publish", "conversations_open", "auth_test"} <= called
    assert called <= set(scopes.METHOD_SCOPES), f"add to handlers/scopes.py: {called - set(scopes.METHOD_SCOPES)}"


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_scopes_are_exactly_the_ones_used(path: Path, app_listens: tuple[set[str], set[str]]) -> None:
    commands, events = app_listens
    needed = {scope for method in called_methods() for scope in scopes.METHOD_SCOPES[method]}
    needed |= {scope for event in events for _, scope in scopes.EVENT_SUBSCRIPTIONS[event] if scope}
    if commands:
        needed.add(scopes.COMMANDS_SCOPE)
    declared = load(path)["oauth_config"]["scopes"]["bot"]
    assert len(declared) == len(set(declared))
    assert set(declared) == needed
    assert "im:read" not in declared


def test_http_manifest_sends_everything_to_the_events_path() -> None:
    manifest = load(HTTP_MANIFEST)
    urls = [entry["url"] for entry in manifest["features"]["slash_commands"]]
    urls.append(manifest["settings"]["event_subscriptions"]["request_url"])
    urls.append(manifest["settings"]["interactivity"]["request_url"])
    assert urls and all(url.startswith("https://") and url.endswith(EVENTS_PATH) for url in urls)


def test_socket_manifest_has_no_request_url() -> None:
    text = (ROOT / "deploy" / "slack" / "manifest.socket.yaml").read_text(encoding="utf-8")
    assert "request_url" not in text and "url:" not in text



def test_an_oauth_install_asks_for_the_manifests_scopes() -> None:
    for path in MANIFESTS:
        assert set(load(path)["oauth_config"]["scopes"]["bot"]) == scopes.bot_scopes()


def test_the_redirect_url_is_the_path_the_app_serves() -> None:
    [url] = load(HTTP_MANIFEST)["oauth_config"]["redirect_urls"]
    assert url.startswith("https://") and url.endswith(oauth.REDIRECT_PATH)
