"""`python -m bot` is the `dossier` command."""

from bot.cli import main

main(prog_name="dossier")
