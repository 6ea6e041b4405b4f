"""Extraction: pure functions, text in, records out. No SQL, no I/O but reading alias files.

`extract(article, aliases)` is the one entry point ingest calls. Modules, one job each:

    sentences  paragraphs and sentences (`paragraphs` defines paragraph indices)
    marks      where quoted spans begin and end
    dates      explicit and relative dates of a sentence
    names      the alias table and proper-name spotting
    verbs      French and English speech verbs
    people     the people of one article: mentions, descriptions tied to them, gender
    speakers   who said a quotation
    parser     the speaker of a quotation the rules left unresolved, from spaCy's parse (optional)
    quotes     which quoted spans are quotations; tweet embeds
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.extract.dates import Anchor, read_dates
from bot.extract.names import AliasTable, clean_names, names_in, single_capitals, surname_index
from bot.extract.sentences import paragraphs, sentence_spans, split_sentences

if TYPE_CHECKING:
    from bot.extract.quotes import Tweet
    from bot.extract.speakers import Sentence
from bot.models import Article, Event, Extraction, PartialDate, Passage
from bot.text import fold

__all__ = ["AliasTable", "extract", "paragraphs", "split_sentences"]


def extract(article: Article, aliases: AliasTable) -> Extraction:
    """Events, quotes, passages and names of one article."""
    # Imported here: they take most of extraction's load time, and reading a question
    # (bot.when, through bot.extract.dates) needs none of them.
    from bot.extract.people import People
    from bot.extract.quotes import find_quotes, find_tweets
    from bot.extract.speakers import Sentence, Speakers

    paras = paragraphs(article.body)

    sentences: list[Sentence] = []
    for p, para in enumerate(paras):
        for start, end in sentence_spans(para):
            sentences.append(Sentence(len(sentences), p, start, end, para[start:end]))

    found = [names_in(para, aliases) for para in paras]
    renamed = clean_names((name for spans in found for _, _, name in spans), aliases)
    if renamed:
        found = [[_renamed(para, span, renamed) for span in spans] for para, spans in zip(paras, found)]
    full_names = [name for spans in found for _, _, name in spans if " " in name]
    surnames = surname_index(full_names)

    passages = []
    mentioned = []
    for p, para in enumerate(paras):
        spans = list(found[p])
        blocked = [(s, e) for s, e, _ in spans]
        for start, end, word in single_capitals(para, blocked):
            full = surnames.get(fold(word))
            if full:
                spans.append((start, end, aliases.canonical(full) or full))
        spans.sort()
        mentioned.append(spans)
        names = (name for _, _, name in spans)
        passages.append(Passage(p, para, tuple(dict.fromkeys(names))))

    people = People.build(aliases, paras, sentences, mentioned)
    speakers = Speakers(aliases, surnames, sentences, people, renamed)
    tweets = find_tweets(paras, speakers)
    quotes = find_quotes(paras, sentences, speakers, tweets)
    events = _events(paras, sentences, tweets, article.published)

    all_names = tuple(dict.fromkeys(n for passage in passages for n in passage.names))
    return Extraction(tuple(events), tuple(quotes), tuple(passages), all_names)


def _renamed(para: str, span: tuple[int, int, str], renamed: dict[str, str]) -> tuple[int, int, str]:
    """A name span after `clean_names`: "Airbus Guillaume Faury" starts at "Guillaume"."""
    start, end, name = span
    kept = renamed.get(name)
    if kept is None:
        return span
    if len(kept.split()) < len(name.split()):
        start = para.index(" ", start) + 1
    return start, end, kept


def _events(
    paras: list[str], sentences: list[Sentence], tweets: list[Tweet], published: PartialDate | None
) -> list[Event]:
    """Dated sentences in reading order, one event per date. Dates without a year take it from
    the article (`published`); relative ones are anchored on the article's previous date."""
    signatures = {t.signature: t for t in tweets}
    events: list[Event] = []
    anchor: Anchor | None = None
    for sentence in sentences:
        if sentence.para in signatures:
            tweet = signatures[sentence.para]
            if tweet.date is not None and sentence.start == 0:
                events.append(Event(tweet.date, tweet.statement(), tweet.first))
                anchor = Anchor(tweet.date, sentence.para)
            continue
        text = " ".join(sentence.text.split())
        found = read_dates(text, sentence.para, published, anchor)
        events.extend(Event(d, text, sentence.para) for d in found.dates)
        anchor = found.anchor
    return events
