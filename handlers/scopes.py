"""What the Slack app must be granted for the code to work: the bot scope each Web API
method and each subscribed event needs. The manifests in deploy/slack/ are checked
against this table, and the table against the client calls in handlers/ (a test
reads both), so a new call without its scope fails the suite, not the install.

Keys are the AsyncWebClient method names the code calls (`client.chat_postMessage`).
"""

from __future__ import annotations

# Web API method (as called on AsyncWebClient) → the bot scopes it needs (empty: none).
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "auth_test": frozenset(),
    "chat_postMessage": frozenset({"chat:write"}),
    "chat_postEphemeral": frozenset({"chat:write"}),  # "slow down", to the asker alone
    # a digest retried after a crash looks for itself in the channel, public or private
    "conversations_history": frozenset({"channels:history", "groups:history"}),
    "views_publish": frozenset(),
    "users_info": frozenset({"users:read"}),  # is a Slack admin or owner (handlers/admin.py)
    "conversations_open": frozenset({"im:write"}),
    # files.getUploadURLExternal and files.completeUploadExternal
    "files_upload_v2": frozenset({"files:write"}),
}

# Event type (as registered with app.event) → (the manifest's bot_events, the scope they need).
EVENT_SUBSCRIPTIONS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "app_mention": (("app_mention", "app_mentions:read"),),
    # handlers/mention.py answers direct messages only
    "message": (("message.im", "im:history"),),
    "app_home_opened": (("app_home_opened", None),),
    # installed by OAuth: the workspace's tokens are deleted (handlers/oauth.py)
    "app_uninstalled": (("app_uninstalled", None),),
    "tokens_revoked": (("tokens_revoked", None),),
}

# Slash commands need this one scope, whatever their number.
COMMANDS_SCOPE = "commands"


def bot_scopes() -> frozenset[str]:
    """Every bot scope above: what an OAuth install asks each workspace for."""
    methods = {scope for needed in METHOD_SCOPES.values() for scope in needed}
    events = {scope for rows in EVENT_SUBSCRIPTIONS.values() for _, scope in rows if scope}
    return frozenset(methods | events | {COMMANDS_SCOPE})
