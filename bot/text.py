"""Text normalization shared by extraction, the store and search.

`fold` is the one definition of "the same word": lower case, no accents,
typographic apostrophes and dashes made plain, and letters beyond accented
Latin transliterated (`Wałęsa` → `walesa`, `Søren` → `soren`, `İstanbul` →
`istanbul`, by anyascii). Ingest stores folded text, and queries are folded the
same way, so `controles` finds `contrôlés` and `walesa` finds `Wałęsa`.

`stems` is the French Snowball stem of each word, folded: `fondé`, `fondée` and
`fondés` are all `fond`. Ingest indexes stems next to the words, and a query's
words match by their stems too.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer
from anyascii import anyascii

_PUNCT_MAP = str.maketrans(
    {
        "\u2019": "'",  # ’
        "\u2018": "'",  # ‘
        "\u02bc": "'",  # ʼ
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u0153": "oe",  # œ
        "\u0152": "OE",
        "\u00e6": "ae",
        "\u00c6": "AE",
    }
)

_WORD = re.compile(r"[0-9a-z]+")
# Combining marks (accents once NFKD has split them off), in one regex: faster than a
# per-character unicodedata.combining() test, and the same for every Latin script.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def plain(text: str) -> str:
    """Typographic apostrophes, dashes and spaces made plain; accents and case kept."""
    return text.translate(_PUNCT_MAP)


# Lone surrogates (a JSON "\ud800", a command-line byte that is not UTF-8) cannot be
# encoded anywhere; control characters forge lines. Both become harmless.
_UNSAFE = re.compile("[\ud800-\udfff]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def scrub(text: str) -> str:
    """What a user typed, made safe to store, log and show: U+FFFD for a lone surrogate,
    a space for a control character (tab and newline kept)."""
    return _UNSAFE.sub(lambda m: "\ufffd" if m.group(0) >= "\ud800" else " ", text)


# What NFKD leaves outside ASCII: letters without a decomposition (ł, ø, đ, ı, Cyrillic…).
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def _letter(char: str) -> str:
    # Only letters are transliterated: « » € … keep their own meaning (and length) in folded text.
    return anyascii(char) if char.isalpha() else char


def _transliterate(match: re.Match[str]) -> str:
    return "".join(_letter(c) for c in match.group(0))


def fold(text: str) -> str:
    """Lower case, in ASCII letters where a letter has a Latin form, without typographic
    punctuation: the form we compare and index."""
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", plain(text)))
    if not folded.isascii():
        folded = _NON_ASCII.sub(_transliterate, folded)
    return folded.casefold()


class _OneForOne(dict[int, str]):
    """Code point → its folded first character, filled on first sight."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = value = folded[0] if folded else " "
        return value


_ONE_FOR_ONE = _OneForOne()


def fold_keep_len(text: str) -> str:
    """`fold`, one output character per input character, so that match offsets fit `text`."""
    return text.translate(_ONE_FOR_ONE)


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


_STEMMER = snowballstemmer.stemmer("french")
# The most frequent words' stems, kept: a bounded cache, so that ingest's memory does not grow
# with a large corpus's vocabulary.
STEM_CACHE = 16_384
_TOKEN = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=STEM_CACHE)
def _token_stems(token: str) -> tuple[tuple[str, str], ...]:
    """(word, stem) of one token, kept for the frequent ones: most of a text is words seen before."""
    folded = _WORD.findall(fold(token))
    if len(folded) == 1 and not any(c.isupper() for c in token[1:]):
        # `OpenAI`, `ONU`: a brand or an acronym is not French to be stemmed (`open`).
        # Snowball's French rules read accents (`fondée` → `fond`), so the stem comes before the fold.
        stem = _WORD.findall(fold(_STEMMER.stemWord(token.lower())))
        return ((folded[0], stem[0] if len(stem) == 1 else folded[0]),)
    return tuple((w, w) for w in folded)  # a token folding to several words is not stemmed


def word_stems(text: str) -> list[tuple[str, str]]:
    """(word, stem) of each folded word of a text, in order: `fondée` → (`fondee`, `fond`)."""
    return [pair for token in _TOKEN.findall(text) for pair in _token_stems(token)]


def stems(text: str) -> str:
    """The stems of a text's words that differ from the word, as one string (what ingest indexes
    next to the words: a query's `("fondee" OR "fond")` finds either column, and a word that is
    its own stem is indexed once, not twice)."""
    return " ".join(stem for word, stem in word_stems(text) if stem != word)


def one_line(text: str, limit: int = 280) -> str:
    """White space collapsed and cut at a word boundary, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


# Words too common to say anything about a passage, in French and English (folded).
STOPWORDS = frozenset(
    """
    a au aux avec ce ces cet cette c ca d dans de des du elle elles en est et etait eu
    il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre
    nous on ou par pas pour qu que qui s sa se ses si son sont sur t ta te tes toi ton tu
    un une vos votre vous y ete etre avoir ont avait sera plus tres tout tous toute toutes
    aussi alors apres avant comme dont ou fait faire peut selon entre sans sous chez depuis
    lors quand ainsi donc car puis encore deja bien
    the of and to in is was for on that with as by at it an be this from or are were has
    have had not but which who what when where how why
    """.split()
)
