"""Dated events: each explicit form, the traps that are not dates, relative anchoring."""

import pytest

from bot.extract import AliasTable, extract
from bot.extract.dates import find_dates, relative_date
from bot.models import Article, PartialDate

ALIASES = AliasTable.default()


def events(body: str) -> list[tuple[str, str, str]]:
    found = extract(Article("t", "t.txt", "0", None, None, body), ALIASES).events
    return [(e.date.iso(), e.date.precision.value, e.sentence) for e in found]


def dates(sentence: str) -> list[tuple[str, str]]:
    return [(f.date.iso(), f.date.precision.value) for f in find_dates(sentence)]


@pytest.mark.parametrize(
    "sentence, iso, precision",
    [
        ("L'entreprise a été fondée en 2015 à San Francisco.", "2015", "year"),
        ("Le partenariat a été signé en juillet 2019.", "2019-07", "month"),
        ("Le texte a été adopté le 17 février 2023 par le Sénat.", "2023-02-17", "day"),
        ("La loi entre en vigueur le 1er mars 2022.", "2022-03-01", "day"),
        ("Le match aura lieu samedi 3 juin 2023 au Stade de France.", "2023-06-03", "day"),
        ("La réforme sera appliquée début 2020, a-t-on appris.", "2020", "year"),
        ("Le chantier a pris du retard fin 2019.", "2019", "year"),
        ("He posted it on February 17, 2023 at night.", "2023-02-17", "day"),
        ("The lab opened in July 2019.", "2019-07", "month"),
        ("The company was founded in 2015.", "2015", "year"),
        ("Le club est en tête depuis 2019.", "2019", "year"),
        ("Dès 2018, les chercheurs avaient alerté.", "2018", "year"),
        ("Le premier rapport (2019) était déjà alarmant.", "2019", "year"),
        ("Les cas ont été recensés le 17/02/2023 à Lyon.", "2023-02-17", "day"),
        ("Le vaccin a été autorisé en mars 2021.", "2021-03", "month"),
        ("L'élection s'est tenue le 3 mars 2021.", "2021-03-03", "day"),
        ("Le club a connu une saison 2022-2023 compliquée.", "2022", "year"),
        ("La sonde arrivera au printemps 2031.", "2031", "year"),
        ("Les ventes ont reculé au troisième trimestre 2023.", "2023", "year"),
    ],
)
def test_each_date_form(sentence: str, iso: str, precision: str) -> None:
    assert dates(sentence) == [(iso, precision)]


def test_a_range_gives_its_start_year() -> None:
    assert dates("Il a dirigé le club de 2015 à 2019.") == [("2015", "year")]
    assert dates("Les ventes ont doublé entre 2010 et 2020.") == [("2010", "year")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Il a dépensé entre 50 et 100 millions de dollars.",
        "Microsoft a investi 10 milliards de dollars.",
        "La prime atteint 2 000 euros par salarié.",
        "La manifestation a réuni 1500 personnes.",
        "Le stade a accueilli en 2015 personnes de plus que prévu.",
        "GPT-4 est plus puissant que GPT4 ou GPT-3.5.",
        "Sam a répondu le 12.",
        "La sonde doit se poser sur Mars dans dix ans.",
        "Le rover explore Mars depuis des années.",
        "Les températures varient en mars et en mai.",
        "Il a couru 2019 mètres.",
        "Le dossier compte des 2015 pages, dit-il.",
        "L'entreprise a été fondée il y a longtemps.",
        "Il a perdu 1999 voix au second tour.",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert dates(sentence) == []


def test_day_and_month_without_a_year_are_not_guessed() -> None:
    assert dates("Le conseil se réunira le 3 mars.") == []
    assert dates("Rendez-vous en juillet prochain.") == []


def test_impossible_day_keeps_only_what_is_sure() -> None:
    assert dates("Le 31 février 2023 n'existe pas.") == [("2023-02", "month")]


def test_the_most_precise_form_wins_within_a_sentence() -> None:
    assert dates("Quatre mois plus tard, en juillet 2019, l'accord est signé.") == [("2019-07", "month")]


def test_relative_year_is_anchored_on_the_previous_date() -> None:
    body = (
        "Le parti a été créé en 2015 par trois militants.\n\n"
        "L'année suivante, il remporte ses premières municipales. "
        "Deux ans plus tard, il entre à l'Assemblée."
    )
    assert events(body) == [
        ("2015", "year", "Le parti a été créé en 2015 par trois militants."),
        ("2016", "year", "L'année suivante, il remporte ses premières municipales."),
        ("2018", "year", "Deux ans plus tard, il entre à l'Assemblée."),
    ]


def test_un_an_plus_tard() -> None:
    body = "La sonde a décollé en juin 2020. Un an plus tard, elle atteint Jupiter."
    assert [(d, p) for d, p, _ in events(body)] == [("2020-06", "month"), ("2021", "year")]


def test_lendemain_needs_a_day_anchor() -> None:
    body = (
        "Le joueur s'est blessé le 14 avril 2023 à l'entraînement. Le lendemain, il a été opéré.\n\n"
        "En 2018, il avait déjà été opéré. Le lendemain, il repartait."
    )
    found = events(body)
    assert found[1][:2] == ("2023-04-15", "day")
    assert "opéré" in found[1][2]
    assert [e[0] for e in found] == ["2023-04-14", "2023-04-15", "2018"]


def test_relative_months_need_a_month_anchor() -> None:
    assert relative_date("Trois mois plus tard, le projet est abandonné.", PartialDate(2019, 11)) == PartialDate(2020, 2)
    assert relative_date("Trois mois plus tard, le projet est abandonné.", PartialDate(2019)) is None


def test_relative_without_anchor_is_not_an_event() -> None:
    assert events("L'année suivante, tout a changé. Le lendemain, il est parti.") == []


def test_deux_ans_apres_something_else_is_not_anchored() -> None:
    assert relative_date("Deux ans après sa création, le club a été vendu.", PartialDate(2010)) is None
    assert relative_date("Deux ans après, le club a été vendu.", PartialDate(2010)) == PartialDate(2012)


def test_event_sentence_is_the_whole_sentence_on_one_line() -> None:
    body = "Selon le rapport, la Nasa a lancé   la mission\nen 2015, avec retard."
    assert events(body) == [("2015", "year", "Selon le rapport, la Nasa a lancé la mission en 2015, avec retard.")]


def test_two_dates_in_a_sentence_give_two_events() -> None:
    found = events("Fondé en 2012, le club a été racheté en juillet 2021.")
    assert [(d, p) for d, p, _ in found] == [("2012", "year"), ("2021-07", "month")]
