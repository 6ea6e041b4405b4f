"""Direct quotations of an article and their speakers.

A quoted span (see `marks.quote_spans`) is a quotation when it has at least
`MIN_WORDS` words, or when a colon or a speech verb introduces it (before or after:
`: « c'était très dur »`, `« Jamais », a-t-il dit`), or a verb of naming (`qualifié de
« dangereux et inutile »`, two words at least). Shorter spans are terms in scare quotes
(« transformateurs », "Open Source", “Open”, `le qualifient de « salaud »`) and are skipped.

A tweet embed, a paragraph `— Name (@handle) Date`, makes the paragraphs just
before it (back while they add up to `TWEET_CHARS`) one quotation by that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract.dates import find_dates
from bot.extract.marks import Span, outside_quotes, quote_spans
from bot.extract.sentences import sentence_at
from bot.extract.verbs import VERB_RE
from bot.text import fold_keep_len
from bot.extract.speakers import Attribution, Said, Sentence, Speakers
from bot.models import PartialDate, Quote

MIN_WORDS = 4
_DETERMINER_BEFORE = re.compile(
    r"(?:^|[\s'’])(?:un|une|le|la|les|l|des|du|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|votre|nos|vos)"
    r"[\s'’]*$",
    re.IGNORECASE,
)
# A noun that names what the quotation marks hold, right before them: `l'emoji « … »`.
_NAMING_NOUN = re.compile(
    r"(?:^|[\s'’])(?:le|la|les|l|un|une|son|sa|ses|leur|ce|cet|cette)[\s'’]+"
    r"(?:mot|mots|terme|termes|expression|formule|slogan|hashtag|mot-dièse|emoji|émoji|surnom|sobriquet|"
    r"titre|devise|film|livre|roman|album|chanson|série|émission|spectacle|documentaire|pièce|"
    r"opération|plan|programme|dispositif)\s*[,:]?\s*$",
    re.IGNORECASE,
)
# A name given or a translation before the quotation marks (folded): `alias`, `surnommé`.
_ALIAS = re.compile(
    r"(?:\balias|\bsurnomme\w*|,\s*dite?|\bconnue?s?\s+sous\s+le\s+nom\s+d[e'’]|"
    r"\btradui\w*\s+(?:\w+\s+){0,2}?par|\bsignifi\w*|\bveut\s+dire)\s*,?\s*$"
)
TWEET_CHARS = 300  # 280 characters, and a little room for a link

_SIGNATURE = re.compile(r"^[—–-]\s*(?P<name>[^()@\n]{2,60}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>.*)$")


@dataclass(frozen=True)
class Tweet:
    signature: int  # paragraph index of the `— Name (@handle) Date` line
    first: int  # paragraph index where the tweet's text begins
    name: str
    text: str
    date: PartialDate | None
    handle: str = ""

    def statement(self) -> str:
        """The tweet as a timeline line says it: who, where, and what, in quotes."""
        return f"{self.name} (@{self.handle}) : « {self.text} »" if self.name else self.text


def clean(text: str) -> str:
    """A quote's text: white space collapsed, no trailing comma."""
    flat = " ".join(text.split())
    return flat.rstrip(" ,").strip()


def find_tweets(paras: list[str], speakers: Speakers) -> list[Tweet]:
    tweets = []
    for index, para in enumerate(paras):
        match = _SIGNATURE.match(para.strip())
        if match is None or index == 0:
            continue
        dates = find_dates(match.group("date"))
        date = dates[0].date if dates else None
        first, total = index, 0
        while first > 0:
            candidate = paras[first - 1]
            if _SIGNATURE.match(candidate.strip()):
                break
            if total + len(candidate) + (1 if total else 0) > TWEET_CHARS:
                break
            total += len(candidate) + (1 if total else 0)
            first -= 1
        if first == index:
            continue
        name = speakers.resolve(match.group("name"))
        text = clean(" ".join(paras[first:index]))
        tweets.append(Tweet(index, first, name, text, date, match.group("handle")))
    return tweets


def find_quotes(
    paras: list[str], sentences: list[Sentence], speakers: Speakers, tweets: list[Tweet]
) -> list[Quote]:
    """Every quotation of the article, in reading order."""
    in_tweet = {i for t in tweets for i in range(t.first, t.signature + 1)}
    by_para: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_para.setdefault(sentence.para, []).append(sentence)
    quotes: list[Quote] = []
    tweet_at = {t.first: t for t in tweets}
    last: tuple[Sentence, Quote] | None = None  # the previous quotation, when attributed
    for index, para in enumerate(paras):
        if index in tweet_at:
            tweet = tweet_at[index]
            signature = clean(paras[tweet.signature])
            quotes.append(Quote(tweet.text, tweet.name, index, signature, "tweet" if tweet.name else None))
            last = None
        if index in in_tweet:
            continue
        for span in quote_spans(para):
            text = clean(para[span.inner_start : span.inner_end])
            if not re.search(r"\w", text):
                continue
            sentence = sentence_at(by_para.get(index, []), span.start)
            if sentence is None:
                continue
            attribution = speakers.attribute(sentence, para, span.start, span.end)
            words = len(text.split())
            reported = words >= 2 and text[:1].islower() and _speech_outside(sentence, para, span)
            reported = reported or (words >= 2 and _whole_sentence(text, sentence, para, span))
            # Not words said: a name in quotation marks (`l'emoji « pouffe de rire »`, `alias « … »`),
            # a nickname or initials (« DD »), one word after `qualifié de` (« salaud »: two or more
            # are words quoted), a short term nothing introduces.
            if _named_thing(para[sentence.start : span.start], text) or (words < MIN_WORDS and (
                    speakers.nickname(text) or (not reported and (
                        not attribution.introduced or (attribution.naming and words < 2))))):
                if attribution.speaker is not None:
                    _forget(speakers, sentence, span.start)
                continue
            if attribution.speaker is None and attribution.cue is None:
                attribution = _follow_on(speakers, sentence, para, span, last)
            quotes.append(Quote(text, attribution.speaker, index, attribution.cue, attribution.kind,
                                attribution.evidence))
            last = (sentence, quotes[-1]) if attribution.speaker else None
    return quotes


def _follow_on(speakers: Speakers, sentence: Sentence, para: str, span: Span,
               last: tuple[Sentence, Quote] | None) -> Attribution:
    """A sentence that is only a quotation goes on with the speaker of the sentence before it:
    an attributed quote (`X a déclaré : « … ». « … »`), or a speech verb with a named subject
    (`Le Sdis a prévenu les habitants. « … »`)."""
    rest = para[sentence.start : span.start] + para[span.end : sentence.end]
    if sentence.index == 0 or re.search(r"\w", rest):
        return Attribution(None, False)
    previous = speakers.sentences[sentence.index - 1]
    if previous.para < sentence.para - 1:
        return Attribution(None, False)
    if last is not None and last[0].index == previous.index:
        quote = last[1]
        said = Said(quote.speaker or "", "follow-on", quote.evidence or " ".join(previous.text.split()))
        cue = quote.cue
    elif last is not None and last[0].para == sentence.para and speakers.people_named([previous.index]) == {last[1].speaker} \
            and not speakers.someone_else(previous.text, last[1].speaker or ""):
        # `« … », dit X. Un coup dur pour X, qui … . « … »`: the narration between the two quotes
        # names their speaker and no one else, so the speaker goes on
        said = Said(last[1].speaker or "", "follow-on", " ".join(previous.text.split()))
        cue = None
    else:
        said = speakers.speech_subject(previous)
        if said is None:
            return Attribution(None, False)
        cue = None
    speakers.attributed.setdefault(sentence.index, []).append((span.start, said))
    return Attribution(said.name, True, cue, "follow-on", said.evidence)


def _named_thing(before: str, text: str) -> bool:
    """The quotation marks hold the name of a thing or of someone, not words said: after a noun
    that names (`l'emoji « … »`, `le slogan « … »`, `le film « … »`), after `alias`, `surnommé`,
    or after a translation (`que l'on pourrait traduire par « … »`)."""
    if len(text.split()) > 8 or text[-1:] in ".!?…":
        return False
    return bool(_NAMING_NOUN.search(before) or _ALIAS.search(fold_keep_len(before).lower()))


def _whole_sentence(text: str, sentence: Sentence, para: str, span: Span) -> bool:
    """The quotation is a sentence of its own, capital to full stop: `« C'est du mépris. »`."""
    outside = para[sentence.start : span.start] + para[span.end : sentence.end]
    return text[:1].isupper() and text[-1:] in ".!?…" and not re.search(r"\w", outside)


def _speech_outside(sentence: Sentence, para: str, span: Span) -> bool:
    """The sentence reports speech: a speech verb outside its quotations (`X assure qu'il veut
    « aider l'humanité »`), so a short lowercase quotation in it is words quoted, not a term."""
    if _DETERMINER_BEFORE.search(para[sentence.start : span.start]):
        return False  # `un « partenariat exclusif »`, `ce « plan B »`: a term named, not words quoted
    return bool(VERB_RE.search(fold_keep_len(outside_quotes(para[sentence.start : sentence.end])).lower()))


def _forget(speakers: Speakers, sentence: Sentence, open_: int) -> None:
    said = speakers.attributed.get(sentence.index, [])
    speakers.attributed[sentence.index] = [(o, s) for o, s in said if o != open_]
