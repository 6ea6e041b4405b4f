"""Text normalization shared by extraction, the store and search.

`fold` is the one definition of "the same word": lower case, no accents,
typographic apostrophes and dashes made plain. Ingest stores folded text, and
queries are folded the same way, so `controles` finds `contrôlés`.
"""

from __future__ import annotations

import re
import unicodedata

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


def fold(text: str) -> str:
    """Lower case, without accents or typographic punctuation: the form we compare and index."""
    decomposed = unicodedata.normalize("NFKD", plain(text))
    return _COMBINING.sub("", decomposed).casefold()


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
