"""The five real articles in seeds/: what a user would see for each."""

import re
from pathlib import Path

import pytest

from bot.extract import AliasTable, extract
from bot.models import Article, Extraction

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ALIASES = AliasTable.default()


def seed(prefix: str) -> Extraction:
    """Read a seed the simple way: strip `date YYYY-MM `, or take the first line as the title."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    header = re.match(r"\s*date \d{4}-\d{2}(?:-\d{2})? ", text)
    title = None
    if header:
        text = text[header.end() :]
    else:
        title, text = text.split("\n\n", 1)
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
    article = Article(path.stem, str(path), "0", None, title, "\n\n".join(blocks))
    return extract(article, ALIASES)


def events(found: Extraction) -> list[tuple[str, str]]:
    return [(e.date.iso(), e.sentence) for e in found.events]


pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="no seeds folder")


def test_seed_000_quotes_and_no_false_event() -> None:
    found = seed("000")
    assert found.events == ()  # not GPT4, not the publication date
    texts = [(q.text, q.speaker) for q in found.quotes]
    # subject "le magnat…", untied, but Elon Musk is the subject of the sentence just before
    assert texts[0] == ("Je suis la raison pour laquelle OpenAI existe", "Elon Musk")
    assert texts[1][0].startswith("C'est comme si une entreprise qui veut défendre l'Amazonie")
    assert texts[1][0].endswith("pour les revendre ensuite")
    assert texts[1][1] == "Elon Musk"
    assert len(texts) == 2  # no bogus quote from the stray straight quote, no "Open Source"
    assert "Larry Page" in found.names and "Microsoft" in found.names


def test_seed_001_tweet() -> None:
    found = seed("001")
    assert [(q.speaker, q.text) for q in found.quotes] == [
        # "allant jusqu'à dire que cette IA est « … »": words quoted, by "l'entrepreneur", whom the
        # article never ties to a name by apposition, so nobody.
        (None, "dangereusement puissante"),
        (
            "Elon Musk",
            "OpenAI was created as an open source (which is why I named it “Open” AI), non-profit company "
            "to serve as a counterweight to Google, but now it has become a closed source, maximum-profit "
            "company effectively controlled by Microsoft. Not what I intended at all.",
        ),
    ]
    assert [(e.date.iso(), e.date.precision.value) for e in found.events] == [("2023-02-17", "day")]
    assert found.events[0].sentence.startswith("Elon Musk (@elonmusk) : « OpenAI was created")
    assert "Igor Babuschkin" in found.passages[1].names


def test_seed_002_events() -> None:
    found = seed("002")
    dated = events(found)
    assert [d for d, _ in dated] == ["2015", "2018", "2017", "2019", "2019-07"]
    assert "financement initial" in dated[0][1]
    assert "Musk a quitté" in dated[1][1]
    assert "Google en 2017" in dated[2][1]
    assert "OpenAI LP" in dated[3][1]
    assert "Microsoft" in dated[4][1]


def test_seed_002_quotes_are_sam_altmans() -> None:
    found = seed("002")
    assert [(q.speaker, q.text[:40]) for q in found.quotes] == [
        ("Sam Altman", "Nous ne sommes pas contrôlés par Microso"),
        ("Sam Altman", "Je ne pense pas que ce serait bien de re"),
    ]
    assert found.quotes[1].text.endswith("fasse des ravages dans le monde.")  # unterminated «
    assert found.quotes[1].paragraph == 4


def test_seed_003_has_no_event_and_no_quote() -> None:
    found = seed("003")
    assert found.events == () and found.quotes == ()
    assert found.names[:4] == ("Elon Musk", "Microsoft", "OpenAI", "ChatGPT")
    assert "Satya Nadella" in found.names


def test_seed_004() -> None:
    found = seed("004")
    assert [d for d, _ in events(found)] == ["2018", "2015", "2018"]
    by_text = {q.text.split(".")[0]: q.speaker for q in found.quotes}
    assert by_text["ce fut très dur"] == "Sam Altman"
    assert by_text["vous êtes tous une bande d’idiots, allez vous faire foutre"] is None
    assert "salaud" not in by_text
    assert {"Reid Hoffman", "Peter Thiel", "Sam Altman", "Elon Musk"} <= set(found.names)
