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
from bot.text import fold, fold_keep_len, scrub, words

MAX_QUESTION_CHARS = 1_000
PAGE_SIZES = {"/timeline": 10, "/quote": 5, "/source": 5}

# Cues, matched on folded text at the start of a question (after a greeting).
_GREETING = re.compile(
    r"^(bonjour|bonsoir|salut|coucou|hello|hi|hey|good (morning|afternoon|evening))\b"
    r"(\s+(a tous|tout le monde|all|there|everyone|dossier))?[\s,;:.!-]*"
)
_ENDS = " ?!.…"
# "what did X say (about Y)", "qu'a dit X (sur Y)": X is a speaker, Y what they spoke of.
_ABOUT = r"( (sur|a propos( de| du| des| d')?|au sujet( de| du| des| d')?|concernant|about|on|regarding) (?P<about>.+))?$"
_SAID_BY = tuple(re.compile(form + _ABOUT) for form in (
    r"^what (did|does|has|have) (?P<who>.+?) (say|said|says)",
    r"^(qu'a|qu'ont|qu'avait|que) (dit|declare|affirme|pense) (?P<who>.+?)",
    r"^(qu'est-ce que|qu'est ce que) (?P<who>.+?) a (dit|declare|affirme)",
))
_QUOTE_CUES = re.compile(
    r"^(qui a dit|qui dit|qu'a dit|qu'a declare|citations? (de|d')?|quotes? (by|from|of)?"
    r"|who said|ce qu'a dit)\b"
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
    command, text = scrub(command), " ".join(scrub(text).split())
    if len(text) > MAX_QUESTION_CHARS:
        raise BadInput(f"that question is too long: {MAX_QUESTION_CHARS} characters at most")
    if command in ("", "/dossier", "@dossier"):
        if not text or fold(text) in ("help", "aide", "?"):
            return HelpAnswer()
        return await _unless_empty(store, None, await _answer_question(store, text))
    if command not in COMMANDS:
        return HelpAnswer(problem=f"unknown command {command}")
    if not text and command != "/timeline":
        return HelpAnswer(command)
    if fold(text) in ("help", "aide"):
        return HelpAnswer(command)
    return await _unless_empty(store, command, await _run(store, Route(command, text), offset))


async def _unless_empty(store: Store, command: str | None, result: Answer) -> Answer:
    """Nothing found in a database that holds no article: say the file is empty and how to fill it."""
    if _has_results(result) or not await store.is_empty():
        return result
    return HelpAnswer(command, empty_file=True)


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
    question = _without_greeting(question.strip())
    # fold_keep_len keeps one character for one, so a match's span cuts the question itself.
    folded = fold_keep_len(question)
    said = _said_by(question, folded)
    if said is not None:
        return Route("/quote", said)
    for cues, command in ((_QUOTE_CUES, "/quote"), (_TIME_CUES, "/timeline"), (_SOURCE_CUES, "/source")):
        match = cues.search(folded)
        if match is not None:
            return Route(command, question[match.end():].strip(_ENDS))
    bare = folded.strip(_ENDS)
    if _YEAR.search(bare):
        return Route("/timeline", question.strip(_ENDS))
    if await _is_speaker(store, bare):
        return Route("/quote", question.strip(_ENDS))
    return Route("/source", question.strip(_ENDS))  # a doc id opens its card there too


def _without_greeting(question: str) -> str:
    """`Bonjour, qui a dit … ?` is `qui a dit … ?`."""
    match = _GREETING.match(fold_keep_len(question))
    return question[match.end():] if match and match.end() < len(question) else question


def _said_by(question: str, folded: str) -> str | None:
    """`what did altman say about microsoft`, `qu'a dit Macron sur les retraites`: the
    speaker and the subject (`altman microsoft`), so that /quote narrows to that speaker."""
    for form in _SAID_BY:
        match = form.match(folded.rstrip(_ENDS))
        if match is not None:
            who = question[match.start("who"):match.end("who")]
            about = question[match.start("about"):match.end("about")] if match.group("about") else ""
            return " ".join(f"{who} {about}".split())
    return None


async def _is_speaker(store: Store, folded: str) -> bool:
    """The whole question is a speaker's name (`altman`, `elon musk`)."""
    asked = [w for w in words(folded)]
    if not asked or len(asked) > 3:
        return False
    match = await lookups.find_speaker(store, folded)
    return match is not None and len(match.used) == len(asked)
