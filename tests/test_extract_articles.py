"""Whole small articles on other topics: politics, sport, science."""

from bot.extract import AliasTable, extract
from bot.models import Article, Extraction

ALIASES = AliasTable.default()


def run(body: str) -> Extraction:
    return extract(Article("t", "t.txt", "0", None, None, body), ALIASES)


POLITICS = """\
Le ministre de l'Économie, Bruno Le Maire, a présenté mardi le projet de budget. « Nous tiendrons nos engagements, quoi qu'il arrive », a-t-il assuré devant les députés.

« C'est un budget insincère et dangereux », a dénoncé la présidente du groupe insoumis, Mathilde Panot. Le Premier ministre a répondu : « Nous assumons nos choix. » Selon Jordan Bardella, « ce texte ne passera pas en l'état ».

Le précédent texte avait été adopté le 3 mars 2021 par le Sénat. L'année suivante, il a été censuré par le Conseil constitutionnel. Le gouvernement avait dépensé 2 000 euros par ménage."""


def test_politics_article() -> None:
    found = run(POLITICS)
    assert [(q.text, q.speaker) for q in found.quotes] == [
        ("Nous tiendrons nos engagements, quoi qu'il arrive", "Bruno Le Maire"),
        ("C'est un budget insincère et dangereux", "Mathilde Panot"),
        ("Nous assumons nos choix.", None),
        ("ce texte ne passera pas en l'état", "Jordan Bardella"),
    ]
    assert [(e.date.iso(), e.date.precision.value, e.paragraph) for e in found.events] == [
        ("2021-03-03", "day", 2),
        ("2022", "year", 2),
    ]
    assert "censuré" in found.events[1].sentence
    assert found.names[:3] == ("Bruno Le Maire", "Mathilde Panot", "Jordan Bardella")


SPORT = """\
L'entraîneur des Bleus, Didier Deschamps, a dévoilé sa liste jeudi. « Je suis très fier de ce groupe », a réagi le sélectionneur. Kylian Mbappé portera le brassard. « C'est un honneur immense pour moi », a-t-il confié.

« On a manqué de réalisme devant le but », a regretté Deschamps après la défaite du 18 décembre 2022. La saison 2022-2023 avait été difficile. En 2018, la France avait gagné la Coupe du monde devant 78 000 spectateurs.

Le club a accueilli 2015 supporters. Dès 2019, le stade a été rénové pour un coût compris entre 50 et 100 millions d'euros."""


def test_sport_article() -> None:
    found = run(SPORT)
    assert [(q.text, q.speaker) for q in found.quotes] == [
        ("Je suis très fier de ce groupe", "Didier Deschamps"),  # `le sélectionneur`: the subject just named
        ("C'est un honneur immense pour moi", "Kylian Mbappé"),
        ("On a manqué de réalisme devant le but", "Didier Deschamps"),
    ]
    assert [(e.date.iso(), e.date.precision.value) for e in found.events] == [
        ("2022-12-18", "day"),
        ("2022", "year"),
        ("2018", "year"),
        ("2019", "year"),
    ]
    assert "Coupe du monde" in found.events[2].sentence


SCIENCE = """\
Des chercheurs du CNRS ont publié le 1er mars 2022 une étude sur Mars. « Nous avons trouvé des traces d'eau liquide sous la surface », explique la planétologue Claire Martin-Duval. La mission, lancée en juillet 2020, doit atteindre Mars en 2031.

Thomas Pesquet s'est exprimé sur le sujet. « L'espace nous apprend l'humilité », estime l'astronaute. Trois mois plus tard, le projet était abandonné.

La sonde précédente avait été lancée en 2015. Deux ans plus tard, elle atteignait son orbite. « Une réussite totale pour l'Europe », a résumé la directrice."""


def test_science_article() -> None:
    found = run(SCIENCE)
    assert [(q.text, q.speaker) for q in found.quotes] == [
        ("Nous avons trouvé des traces d'eau liquide sous la surface", "Claire Martin-Duval"),
        ("L'espace nous apprend l'humilité", "Thomas Pesquet"),  # "l'astronaute": the subject just named
        ("Une réussite totale pour l'Europe", None),
    ]
    assert [(e.date.iso(), e.date.precision.value) for e in found.events] == [
        ("2022-03-01", "day"),  # "Mars" the planet is not a month
        ("2020-07", "month"),
        ("2031", "year"),
        ("2015", "year"),
        ("2017", "year"),  # "Trois mois plus tard" after a year-only anchor gives nothing
    ]
    assert "CNRS" in found.names and "Thomas Pesquet" in found.names


def test_extraction_is_deterministic_and_indices_agree() -> None:
    first, second = run(POLITICS + "\n\n\n" + SPORT), run(POLITICS + "\n\n\n" + SPORT)
    assert first == second
    texts = [p.text for p in first.passages]
    assert [p.index for p in first.passages] == list(range(6))
    for quote in first.quotes:
        assert quote.text.split()[0] in texts[quote.paragraph]
    for event in first.events:
        assert event.sentence.split()[0] in texts[event.paragraph]
