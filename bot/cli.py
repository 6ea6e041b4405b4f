"""The `dossier` command: ingest, ask, export, serve, digest, config.

Each command builds the settings once, opens the store, calls one core function
and turns a DossierError into a one-line message (exit 1), never a traceback.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import click

from bot.errors import DossierError
from bot.settings import DOTENV_FILE, Settings, config_file, load_settings, redact_url
from bot.store import Store, database_problem

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """The one bridge from click's sync world to our async core."""
    return asyncio.run(coroutine)


def build_settings(**overrides: Any) -> Settings:
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return load_settings(**given)
    except DossierError as error:
        raise click.ClickException(str(error)) from None


def user_errors(func: Callable[..., T]) -> Callable[..., T]:
    """DossierError, or SQLite failing under us → `Error: message`, exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except DossierError as error:
            raise click.ClickException(str(error)) from None
        except sqlite3.Error as error:  # after opening: the disk filled up, the file went bad
            raise click.ClickException(database_problem(error)) from None

    return wrapper


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database (default: $DOSSIER_DB_PATH, else dossier.db).",
)
lang_option = click.option(
    "--lang", type=click.Choice(["fr", "en"]), default=None, help="Answer language (default: fr)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dossier", message="dossier %(version)s")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, to stderr.")
def main(verbose: bool) -> None:
    """dossier keeps the file on a news story: timeline, quotes and sources from a folder of articles.

    \b
    dossier ingest seeds/                 read the articles into dossier.db
    dossier ask "/timeline 2019"          answer as the Slack bot would
    dossier export timeline --format csv  take the timeline elsewhere
    dossier serve                         run the Slack bot
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@db_option
@click.option("--aliases", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML alias table that extends the built-in one.")
@click.option("--atomic", is_flag=True,
              help="Build beside the database (DB.next), then rename it over the database: a running "
                   "bot never sees a half-built file, and the result reads from a read-only filesystem.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Extraction processes, 0 to extract in the ingest process itself (default: one"
                   " per core but the writer's, at least one, from 100 files; 0 for fewer).")
@user_errors
def ingest(paths: tuple[Path, ...], db_path: Path | None, aliases: Path | None, atomic: bool,
           workers: int | None) -> None:
    """Read article files or folders into the database (default: the corpus folder).

    Unchanged files are skipped, changed ones replaced. Bad files are reported
    and the rest still ingested; the exit code is 1 if any file was rejected
    (with --atomic, the database is then replaced all the same, without them).

    \b
    Examples:
      dossier ingest seeds/ more/article.txt --db news.db
      dossier ingest /articles --db /corpus/dossier.db --atomic    (a container, a cron job)
    """
    from bot.ingest import alias_table, count_files, default_workers, ingest as ingest_files
    from bot.publish import publish, start_draft

    settings = build_settings(db_path=db_path, aliases_path=aliases)
    targets = list(paths) or [settings.corpus_dir]
    for target in targets:
        if not target.exists():
            raise click.ClickException(f"{target}: no such file or folder")
    files = count_files(targets)
    if files == 0:  # before any database is made for nothing
        click.echo(f"warning: no article file in {', '.join(map(str, targets))}: nothing to ingest"
                   " (put one UTF-8 text or HTML file per article there)", err=True)
        sys.exit(1)
    table = alias_table(targets, settings.aliases_path)
    processes = default_workers(files) if workers is None else workers

    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    target_db = start_draft(settings.db_path) if atomic else settings.db_path

    async def go() -> Any:
        async with await Store.open(target_db) as store:
            if not sys.stderr.isatty():
                return await ingest_files(store, targets, aliases=table,
                                          max_bytes=settings.max_file_bytes, workers=processes)
            with click.progressbar(length=files, label="Ingesting", file=sys.stderr) as bar:
                return await ingest_files(store, targets, aliases=table,
                                          max_bytes=settings.max_file_bytes, workers=processes,
                                          on_file=lambda _path: bar.update(1))

    report = run(go())
    if atomic:
        publish(target_db, settings.db_path)
    for rejection in report.rejected:
        click.echo(f"rejected: {rejection.path}: {rejection.reason}", err=True)
    click.echo(report.summary())
    if report.rejected:
        sys.exit(1)


@main.command(context_settings={"ignore_unknown_options": True})  # `ask -1 an` is a question
@click.argument("question", nargs=-1, required=True)
@db_option
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the Slack message payload (text, blocks).")
@user_errors
def ask(question: tuple[str, ...], db_path: Path | None, lang: str | None, as_json: bool) -> None:
    """Answer as the bot would, without Slack.

    \b
    Examples:
      dossier ask "/timeline 2015-2019 microsoft"
      dossier ask "/quote altman"
      dossier ask "/source 002"
      dossier ask "qui a dit bande d'idiots ?"
    """
    from bot import render
    from bot.commands import answer
    from bot.messages import error_text

    settings = build_settings(db_path=db_path)
    language = lang or settings.workspace_defaults.language
    command, text = split_command(" ".join(question))

    async def go() -> Any:
        async with await open_for_reading(settings) as store:
            return await answer(store, command, text)

    try:
        result = run(go())
    except DossierError as error:  # in the language of the answer
        raise click.ClickException(error_text(error, language)) from None
    if as_json:
        payload = render.slack_message(result, language).to_dict()
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render.terminal(result, language))


def split_command(line: str) -> tuple[str, str]:
    """`/quote altman` → ("/quote", "altman"); a question without a command → ("", question)."""
    line = line.strip()
    if line.startswith("/"):
        command, _, text = line.partition(" ")
        return command.lower(), text.strip()
    return "", line


async def open_for_reading(settings: Settings) -> Store:
    return await Store.open(settings.db_path, read_only=True,
                            query_timeout_ms=settings.query_timeout_ms)


@main.command()
@click.argument("kind", type=click.Choice(["timeline", "quotes", "documents"]))
@click.argument("filter_words", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv", "timelinejs"]),
              default="jsonl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file, atomically (default: stdout).")
@db_option
@user_errors
def export(kind: str, filter_words: tuple[str, ...], fmt: str, out: Path | None,
           db_path: Path | None) -> None:
    """Export the timeline, the quotes or the documents as JSON Lines, JSON, CSV or TimelineJS.

    FILTER takes the same words as the matching command.

    \b
    Examples:
      dossier export timeline 2015-2019 microsoft --format csv --out timeline.csv
      dossier export quotes altman
      dossier export timeline --format timelinejs --out timeline.json
    """
    from bot.export import export_to_path, write_export

    settings = build_settings(db_path=db_path)
    text = " ".join(filter_words)
    if not settings.db_path.exists():  # nothing ingested yet: an empty export, not a failure
        click.echo(f"nothing was ingested into {settings.db_path}: run `dossier ingest` first", err=True)
        return

    async def go() -> tuple[int, int]:
        async with await open_for_reading(settings) as store:
            documents = (await store.stats()).documents
            if out is None:
                written = await write_export(store, kind, text, fmt, sys.stdout)
            else:
                written = await export_to_path(store, kind, text, fmt, out)
            return documents, written

    documents, written = run(go())
    if documents == 0:
        click.echo(f"nothing was ingested into {settings.db_path}: run `dossier ingest` first", err=True)
    elif out is not None:
        click.echo(f"{written} records written to {out}", err=True)


@main.command()
@click.option("--port", type=int, default=None, help="HTTP port (default: $PORT, else 3000).")
@click.option("--host", default=None, help="HTTP address (default: 127.0.0.1).")
@db_option
@user_errors
def serve(port: int | None, host: str | None, db_path: Path | None) -> None:
    """Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on --port.

    \b
    Example: SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… dossier serve --port 3000
    """
    from handlers.app import serve as serve_app

    logging.getLogger("dossier").setLevel(logging.INFO)  # say where it serves, and when it stops
    settings = build_settings(port=port, host=host, db_path=db_path)
    run(serve_app(settings))


@main.command()
@click.option("--due", is_flag=True, help="Post the digests due now, then exit (cron, a CronJob).")
@click.option("--now", "now_text", metavar="MOMENT",
              help="Run as if at this moment, with its offset: 2024-02-17T08:31+01:00.")
@click.option("--dry-run", is_flag=True, help="Print the digests instead of posting them.")
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help="The day to print (default: today).")
@click.option("--channel", help="Only this channel's subscription.")
@click.option("--status", is_flag=True, help="Each subscription's next and last post, and its error.")
@db_option
@lang_option
@user_errors
def digest(due: bool, now_text: str | None, dry_run: bool, day_text: str | None, channel: str | None,
           status: bool, db_path: Path | None, lang: str | None) -> None:
    """Post, print or inspect the daily digest (subscribe a channel in Slack: /dossier digest).

    Without a subscription, --dry-run prints the default digest, so you can see one
    before subscribing. --due posts each (workspace, channel, day) once, however many
    runners race; exit code 1 when a digest could not be posted.

    \b
    Examples:
      dossier digest --dry-run --date 2024-02-17    a day's digest, on the terminal
      dossier digest --due                          from cron, every 5 minutes
      dossier digest --status                       last posts and errors
    """
    from datetime import date, datetime, timezone

    settings = build_settings(db_path=db_path)
    language = lang or settings.workspace_defaults.language
    now = datetime.now(timezone.utc)
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter(f"{now_text} is not an ISO 8601 moment", param_hint="--now") from None
        if now.tzinfo is None:
            raise click.BadParameter("give the offset too: 2024-02-17T08:31+01:00", param_hint="--now")
    day = None
    if day_text:
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise click.BadParameter(f"{day_text} is not a date: YYYY-MM-DD", param_hint="--date") from None
        if due and not dry_run:
            raise click.BadParameter("--due posts the digests due now; --date is for --dry-run",
                                     param_hint="--date")
    if not (due or dry_run):
        status = True
    lines, ok = run(_digest(settings, now=now, day=day, channel=channel, language=language,
                                   due=due, dry_run=dry_run, status=status))
    for line in lines:
        click.echo(line)
    sys.exit(0 if ok else 1)


async def _digest(settings: Settings, *, now: Any, day: Any, channel: str | None, language: str,
                  due: bool, dry_run: bool, status: bool) -> tuple[list[str], bool]:
    """What `dossier digest` prints, and whether all went well."""
    from bot import render
    from bot.digest import subscription_digest
    from bot.schedule import DigestRunner, default_subscription, due_day, local_day, statuses
    from bot.state import StateStore

    async with await StateStore.open(settings.state_location()) as state:
        if status:
            found = await statuses(state, now, channel_id=channel)
            lines = render.subscription_lines(found, language, plain=True)  # type: ignore[arg-type]
            return lines or ["no subscription: subscribe a channel in Slack with /dossier digest here 08:30 "
                             "Europe/Paris"], True
        async with await open_for_reading(settings) as store:
            subs = await state.subscriptions(channel_id=channel)
            if dry_run:
                if not subs and not due:  # the default digest, to see one before subscribing
                    subs = [default_subscription("", channel or "", language)]
                out = []
                for sub in subs:
                    when = due_day(sub, now) if due else (day or local_day(sub, now))
                    if when is not None:
                        digest = await subscription_digest(store, state, sub, when, now,
                                                           settings.digest_quote_days)
                        out.append(render.digest_terminal(digest))
                return out or ["nothing is due"], True
            from handlers.digest import poster

            runner = DigestRunner(store, state, settings, poster(settings, state))
            outcomes = await runner.run_due(now, channel)
    lines = [f"{o.channel_id} {o.day}: {o.status}" + (f" ({o.error})" if o.error else "")
             + (f" ts {o.ts}" if o.ts else "") for o in outcomes]
    return lines or ["nothing is due"], all(o.status not in ("failed", "retry") for o in outcomes)


@main.group()
def config() -> None:
    """Show or check the settings."""


@config.command("show")
@db_option
def config_show(db_path: Path | None) -> None:
    """Print the settings in force; secrets show only whether they are set."""
    settings = build_settings(db_path=db_path)
    for line in describe_settings(settings):
        click.echo(line)


@config.command("check")
@db_option
def config_check(db_path: Path | None) -> None:
    """Say which files were read and what the bot still needs; exit 1 if it cannot run."""
    settings = build_settings(db_path=db_path)
    for line in settings_files():
        click.echo(line)
    problems = []
    if not settings.db_path.exists():
        problems.append(f"no database at {settings.db_path}: run `dossier ingest`")
    elif run(_documents(settings)) == 0:
        problems.append(f"the corpus is empty: {settings.db_path} holds no article; "
                        f"run `dossier ingest` (default folder: {settings.corpus_dir})")
    missing = settings.missing_slack_credentials()
    if missing:
        problems.append(f"for the bot, set {', '.join(missing)} (offline answers: `dossier ask`)")
    problems += settings.slack_token_problems()
    for problem in problems:
        click.echo(f"problem: {problem}")
    if not problems:
        click.echo("ok: ready to serve")
    sys.exit(1 if problems else 0)


def settings_files() -> list[str]:
    """Which settings files were read, with their full path, and which were looked for."""
    lines = []
    for label, path in (("config file", config_file()), (".env file", Path(DOTENV_FILE))):
        state = "read" if path.is_file() else "not found, skipped"
        lines.append(f"{label}: {path.resolve()} ({state})")
    return lines


async def _documents(settings: Settings) -> int:
    async with await open_for_reading(settings) as store:
        return (await store.stats()).documents


def describe_settings(settings: Settings) -> list[str]:
    lines = []
    for name, value in settings.model_dump().items():
        field = type(settings).model_fields[name]
        if "SecretStr" in str(field.annotation):
            shown = "set" if value is not None else "not set"
        else:
            shown = redact_url(str(value)) if isinstance(value, str) else value
        lines.append(f"{name} = {shown}")
    return lines


if __name__ == "__main__":  # pragma: no cover
    main()
