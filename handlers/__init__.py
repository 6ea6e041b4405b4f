"""dossier's Slack surface. Each module translates Slack to `bot.commands.answer`
and back through `bot.render`, and nothing else; each has `register(app, store, settings)`.

    app.py       build_app(settings, store) → AsyncApp (every surface below; answers each Events API
                 event id once, across replicas); web_app() → aiohttp app with POST /slack/events,
                 GET /healthz, GET /readyz, GET /metrics (and /slack/install, /slack/oauth_redirect
                 with OAuth); serve(settings) for `dossier serve` (Socket Mode when SLACK_APP_TOKEN
                 is set, else HTTP)
    gate.py      what POST /slack/events checks on the raw bytes before Bolt: signature,
                 replay, encoding, shape; refusals are 400/401 with a rate-limited log line
    delivery.py  Slack's faults: retries for every client and response_url post, one log line
                 per lost answer, the asker told where Slack still allows it
    limits.py    per-user and per-workspace token buckets in front of every look-up
    common.py    slack_client(settings): the one Web API client factory; reply(): words → message
    pending.py   after_ack(): an acknowledged request's answer, as a task of its own; drain() at the stop
    timeline.py  /timeline  (ephemeral answer)
    quote.py     /quote     (ephemeral answer)
    source.py    /source    (ephemeral answer)
    mention.py   app_mention and message.im: a free question, answered in the thread
    home.py      app_home_opened → views.publish; /dossier and /dossier help
    actions.py   buttons: "Share in channel" (in_channel, names who shared) and "More" (next page)
    export.py    /dossier export timeline|quotes|documents [filter] [csv|json|timelinejs]: a file in a DM
    digest.py    /dossier digest [here HH:MM Zone | off | preview]; SlackPoster, what the scheduler posts with
    admin.py     /dossier settings for a workspace's admins; is_admin, the one admin check
    oauth.py     many workspaces: Bolt's OAuth flow on the state store, signed OAuth state
    metrics.py   the Prometheus registry; handling(), slack_api_error(), digest_sent(), answers_pending()
    scopes.py    the bot scope each Web API call and event needs (the manifests are tested on it)

Every slash command and button is acknowledged first, then answered through its response_url,
by a task of its own (pending.after_ack): the listener returns, and Bolt lets go of the request.
"""

from handlers.app import build_app, serve, web_app

__all__ = ["build_app", "serve", "web_app"]
