"""The names `bot` exports are the ones its docstring promises, and they exist."""

from __future__ import annotations

import pathlib
import re

import bot
import handlers


def test_bot_exports_what_its_docstring_lists() -> None:
    documented = set(re.findall(r"\w+", bot.__doc__ or ""))
    for name in bot.__all__:
        assert name in documented, f"{name} is exported but not in bot's docstring"
        assert getattr(bot, name) is not None, name
    assert bot.__all__ == sorted(bot.__all__)


def test_handlers_export_the_app_builders() -> None:
    assert handlers.__all__ == ["build_app", "serve", "web_app"]
    for name in handlers.__all__:
        assert callable(getattr(handlers, name))


# render.py and richtext.py (its article-text half) build Block Kit with slack_sdk.models
# (the one Slack type the core may know); cli.py is a face, like handlers/, and starts
# the Slack app for `dossier serve`.
FACES = {"render.py", "richtext.py", "cli.py"}


def test_the_core_imports_no_slack() -> None:
    import pathlib

    core = pathlib.Path(bot.__file__).parent
    offenders = [
        str(path.relative_to(core))
        for path in core.rglob("*.py")
        if path.name not in FACES and re.search(r"^\s*(from|import) (slack_|handlers)", path.read_text(), re.M)
    ]
    assert offenders == []


def test_asking_loads_no_extraction(seeded_db: pathlib.Path) -> None:
    """`dossier ask` answers from the database: the extraction modules (most of the
    package's import time) stay unloaded, and so does the state store's SQLAlchemy."""
    import ast
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from bot.cli import main\n"
        f"main(['ask', '/timeline 2019', '--db', {str(seeded_db)!r}], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('bot.extract.', 'sqlalchemy'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answer, loaded = done.stdout.rstrip().rsplit("\n", 1)
    assert "OpenAI LP" in answer
    heavy = {"bot.extract.speakers", "bot.extract.quotes", "bot.extract.people", "bot.extract.verbs"}
    assert heavy.isdisjoint(ast.literal_eval(loaded)), loaded
    assert "sqlalchemy" not in loaded
