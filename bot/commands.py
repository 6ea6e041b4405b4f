"""From what a user typed to an answer: the one dispatch behind Slack and `dossier ask`.

    await answer(store, "/timeline", "2019")       → TimelineAnswer
    await answer(store, "/quote", "altman")        → QuotesAnswer
    await answer(store, "/source", "002")          → SourceAnswer (a document card)
    await answer(store, "", "qui a dit bande d'idiots ?")   → routed by the question

A mention or a DM has no command: `route()` reads the question ("quand…",
"qui a dit…", "d'où vient…", a year, a speaker's name; English too) and picks
the look-up, falling back to source search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import lookups
from bot.answers import COMMANDS, Answer, HelpAnswer, QuotesAnswer, SourceAnswer, TimelineAnswer
from bot.errors import BadInput
from bot.store import Store
from bot.text import fold, words

MAX_QUESTION_CHARS = 1_000
PAGE_SIZES = {"/timeline": 10, "/quote": 5, "/source": 5}

# Cues, matched on folded text at the start of a question (after a greeting or a name).
_QUOTE_CUES = re.compile(
    r"^(qui a dit|qui dit|qu'a dit|qu'a declare|citations? (de|d')?|quotes? (by|from|of)?"
    r"|who said|what did \w+ say|ce qu'a dit)\b"
)
_TIME_CUES = re.compile(
    r"^(quand|depuis quand|en quelle annee|a quelle date|chronologie( de| du| des)?|timeline( of)?"
    r"|when( did| was| were)?|what happened( in)?|que s'est-il passe( en)?)\b"
)
_SOURCE_CUES = re.compile(
    r"^(d'ou vient|d'ou viennent|source( de| du| des)?|sources?|quel article|quels articles"
    r"|which articles?|where does|where do|who reported|qui rapporte)\b"
)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Route:
    command: str  # one of COMMANDS
    text: str  # the question without its cue words


async def answer(store: Store, command: str, text: str, *, offset: int = 0) -> Answer:
    """Run one command (or route a free question when `command` is empty)."""
    text = " ".join(text.split())
    if len(text) > MAX_QUESTION_CHARS:
        raise BadInput(f"that question is too long: {MAX_QUESTION_CHARS} characters at most")
    if command in ("", "/dossier", "@dossier"):
        if not text or fold(text) in ("help", "aide", "?"):
            return HelpAnswer()
        return await _answer_question(store, text)
    if command not in COMMANDS:
        return HelpAnswer(problem=f"unknown command {command}")
    if not text and command != "/timeline":
        return HelpAnswer(command)
    if fold(text) in ("help", "aide"):
        return HelpAnswer(command)
    return await _run(store, Route(command, text), offset)


async def _run(store: Store, route: Route, offset: int) -> Answer:
    limit = PAGE_SIZES[route.command]
    if route.command == "/timeline":
        return await lookups.timeline(store, route.text, limit=limit, offset=offset)
    if route.command == "/quote":
        return await lookups.quotes(store, route.text, limit=limit, offset=offset)
    return await lookups.source(store, route.text, limit=limit, offset=offset)


async def _answer_question(store: Store, question: str) -> Answer:
    chosen = await route(store, question)
    result = await _run(store, chosen, 0)
    if chosen.command != "/source" and not _has_results(result):
        # The question's words may still find articles.
        fallback = await _run(store, Route("/source", chosen.text or question), 0)
        if _has_results(fallback):
            return fallback
    return result


def _has_results(result: Answer) -> bool:
    if isinstance(result, TimelineAnswer):
        return bool(result.entries)
    if isinstance(result, QuotesAnswer):
        return bool(result.hits)
    if isinstance(result, SourceAnswer):
        return bool(result.hits) or result.card is not None
    return True


async def route(store: Store, question: str) -> Route:
    """Which look-up a free question wants, and with which words."""
    folded = fold(question).strip(" ?!.")
    for cues, command in ((_QUOTE_CUES, "/quote"), (_TIME_CUES, "/timeline"), (_SOURCE_CUES, "/source")):
        match = cues.search(folded)
        if match is not None:
            return Route(command, _rest(question, len(match.group(0))))
    if _YEAR.search(folded):
        return Route("/timeline", question.strip(" ?!"))
    if await _is_speaker(store, folded):
        return Route("/quote", question.strip(" ?!"))
    return Route("/source", question.strip(" ?!"))  # a doc id opens its card there too


def _rest(question: str, folded_length: int) -> str:
    # fold() keeps lengths for Latin text except ligatures; cut by words to be safe.
    cue_words = len(words(fold(question)[:folded_length]))
    rest = question.split()
    kept: list[str] = []
    seen = 0
    for token in rest:
        if seen < cue_words:
            seen += len(words(token)) or 0
            continue
        kept.append(token)
    return " ".join(kept).strip(" ?!")


async def _is_speaker(store: Store, folded: str) -> bool:
    """The whole question is a speaker's name (`altman`, `elon musk`)."""
    asked = [w for w in words(folded)]
    if not asked or len(asked) > 3:
        return False
    match = await lookups.find_speaker(store, folded)
    return match is not None and len(match.used) == len(asked)
