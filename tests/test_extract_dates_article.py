"""Dates that need the article: several dates in a sentence, years taken from the publication
date or from a year written before, weekdays, relative dates, and what is not an event.

Each article here is written for the test; the forms are those of French press prose."""

import pytest

from bot.extract import AliasTable, extract
from bot.models import Article, PartialDate

ALIASES = AliasTable.default()


def events(body: str, published: PartialDate | None) -> list[tuple[str, str, str]]:
    """(date, precision, sentence) of each event, as the timeline and the export show them."""
    article = Article("t", "t.txt", "0", published, None, body)
    return [(e.date.iso(), e.date.precision.value, e.sentence) for e in extract(article, ALIASES).events]


def dated(body: str, published: PartialDate | None) -> list[tuple[str, str]]:
    return [(d, p) for d, p, _ in events(body, published)]


# --- several dates in one sentence ---


def test_a_list_of_years_gives_one_event_per_year() -> None:
    body = "Le club a remporté le championnat en 1974, 1979, 1990, 2003 et 2011, un record régional."
    found = events(body, PartialDate(2024, 5))
    assert [d for d, _, _ in found] == ["1974", "1979", "1990", "2003", "2011"]
    assert all(s == body for _, _, s in found)  # each event shows the whole sentence


def test_a_list_of_days_gives_one_event_per_day() -> None:
    body = "La troupe jouera au théâtre municipal les 4, 5 et 6 octobre."
    assert dated(body, PartialDate(2021, 9, 2)) == [
        ("2021-10-04", "day"), ("2021-10-05", "day"), ("2021-10-06", "day"),
    ]


def test_lists_with_weekdays_and_lists_of_months() -> None:
    assert dated("Le festival se tiendra samedi 8 et dimanche 9 juin.", PartialDate(2024, 2, 14)) == [
        ("2024-06-08", "day"), ("2024-06-09", "day"),
    ]
    assert dated("Le musée fermera en juillet, août et septembre.", PartialDate(2024, 2)) == [
        ("2024-07", "month"), ("2024-08", "month"), ("2024-09", "month"),
    ]
    assert dated("Les ventes ont chuté en mai et juin 2020.", None) == [("2020-05", "month"), ("2020-06", "month")]


def test_a_span_of_days_or_months_gives_its_start() -> None:
    assert dated("Du vendredi 2 au dimanche 4 août, la ville fête son saint.", PartialDate(2024, 2)) == [
        ("2024-08-02", "day"),
    ]
    assert dated("Le salon se tiendra du 12 au 15 juin.", PartialDate(2021, 2)) == [("2021-06-12", "day")]
    assert dated("Les fouilles auront lieu entre le 3 et le 9 août.", PartialDate(2021, 2)) == [("2021-08-03", "day")]
    assert dated("De février à avril 2020, les ventes ont chuté.", None) == [("2020-02", "month")]
    assert dated("De novembre à février 2020, les ventes ont chuté.", None) == [("2019-11", "month")]


def test_a_relative_date_after_a_date_of_the_same_sentence_is_a_second_event() -> None:
    body = "Le maire a été élu le 2 juillet 2008 et, deux jours plus tard, il nommait ses adjoints."
    assert dated(body, None) == [("2008-07-02", "day"), ("2008-07-04", "day")]


# --- a day or a month without its year ---


def test_day_and_month_take_the_year_of_publication() -> None:
    body = (
        "Le conseil municipal a voté le budget le 17 novembre. "
        "Les travaux du gymnase doivent s'achever fin décembre. "
        "Le chantier avait commencé en septembre."
    )
    assert dated(body, PartialDate(2019, 11, 28)) == [("2019-11-17", "day"), ("2019-12", "month"), ("2019-09", "month")]


def test_a_weekday_with_its_day_picks_the_year_it_falls_in() -> None:
    # 22 March was a Wednesday in 2017: an article of March 2017 speaks of 2017, not of the
    # 2016 written earlier in the sentence
    body = "Le chômage a reculé en 2016, a annoncé mercredi 22 mars la ministre du Travail."
    assert dated(body, PartialDate(2017, 3)) == [("2016", "year"), ("2017-03-22", "day")]


def test_a_month_after_the_publication_month_in_a_past_sentence_is_last_year() -> None:
    assert dated("Le juge avait rendu son verdict le 18 décembre.", PartialDate(2020, 2, 5)) == [("2019-12-18", "day")]
    assert dated("Le festival aura lieu en janvier.", PartialDate(2020, 9)) == [("2021-01", "month")]
    assert dated("La ministre se rendra à Kyiv en février.", PartialDate(2020, 9)) == [("2021-02", "month")]
    assert dated("Le festival se tient du 16 au 20 novembre.", PartialDate(2020, 2)) == [("2020-11-16", "day")]
    assert dated("Un incendie s'est déclaré le 20 décembre.", PartialDate(2020, 2)) == [("2019-12-20", "day")]
    assert dated("Elle est arrivée à Lille fin novembre.", PartialDate(2020, 2)) == [("2019-11", "month")]
    assert dated("Le vote est fixé au 12 mai.", PartialDate(2020, 2)) == [("2020-05-12", "day")]  # a passive, not a past


def test_prochain_and_dernier_count_from_the_publication_date() -> None:
    assert dated("La finale se jouera le 2 mars prochain.", PartialDate(2018, 6, 1)) == [("2019-03-02", "day")]
    assert dated("Le disque est sorti en octobre dernier.", PartialDate(2018, 6, 1)) == [("2017-10", "month")]
    # the same month: by day when the publication date has one, else this year's
    assert dated("Le disque est sorti le 15 juin dernier.", PartialDate(2018, 6, 1)) == [("2017-06-15", "day")]
    assert dated("Le disque est sorti le 15 juin dernier.", PartialDate(2018, 6)) == [("2018-06-15", "day")]


def test_a_year_written_earlier_in_the_sentence_gives_the_year() -> None:
    body = "Le groupe a déposé son offre le 3 février 2015, avant de la retirer fin avril."
    assert dated(body, PartialDate(2023, 1)) == [("2015-02-03", "day"), ("2015-04", "month")]


def test_a_year_in_another_sentence_does_not() -> None:
    body = "Le parc avait fermé ses portes en juin 2018. La mairie a annoncé sa réouverture en mai."
    assert dated(body, PartialDate(2022, 6)) == [("2018-06", "month"), ("2022-05", "month")]


def test_a_year_a_sentence_opens_on_frames_the_rest_of_its_paragraph() -> None:
    body = (
        "En 2008, la ville a perdu son usine. Le 2 mars, trois cents emplois ont disparu. "
        "Le 9 avril, le maire a démissionné.\n\n"
        "Le 5 mai, la mairie a présenté un nouveau projet."
    )
    assert dated(body, PartialDate(2023, 6)) == [
        ("2008", "year"), ("2008-03-02", "day"), ("2008-04-09", "day"), ("2023-05-05", "day"),
    ]


def test_narration_goes_forward_from_the_date_it_opened_on() -> None:
    body = "Le 12 octobre 1998, le chantier a été lancé. Le 4 février, le premier pont était achevé."
    assert dated(body, None) == [("1998-10-12", "day"), ("1999-02-04", "day")]
    body = "Élu le 8 novembre 1988, il prend ses fonctions le 20 janvier."
    assert dated(body, None) == [("1988-11-08", "day"), ("1989-01-20", "day")]
    body = "En mars 1998, il a publié le rapport qu'il avait annoncé en janvier."  # looking back
    assert dated(body, None) == [("1998-03", "month"), ("1998-01", "month")]


def test_without_a_publication_date_a_day_without_its_year_is_no_event() -> None:
    assert events("Les bureaux ont rouvert le 14 septembre.", None) == []
    assert events("Les bureaux ont rouvert le 14 septembre.", PartialDate(2020)) == [
        ("2020-09-14", "day", "Les bureaux ont rouvert le 14 septembre."),
    ]


# --- weekdays ---


def test_ce_mardi_is_the_tuesday_of_the_publication_week() -> None:
    body = "Le tribunal a rendu sa décision ce mardi. Le prévenu avait été entendu vendredi dernier."
    # 2021-06-10 is a Thursday: its week's Tuesday is the 8th, the Friday before it the 4th
    assert dated(body, PartialDate(2021, 6, 10)) == [("2021-06-08", "day"), ("2021-06-04", "day")]


def test_ce_mardi_la_is_a_told_tuesday_not_the_publication_week() -> None:
    assert events("Ce mardi-là, le tribunal a rendu sa décision.", PartialDate(2021, 6, 10)) == []


def test_a_weekday_cannot_be_dated_without_the_day_of_publication() -> None:
    assert events("Le tribunal a rendu sa décision ce mardi.", PartialDate(2021, 6)) == []


def test_a_weekday_alone_is_no_event_and_is_no_anchor() -> None:
    body = (
        "Le 3 mai 2021, la grève a commencé.\n\n"
        "Jeudi soir, les syndicats se sont réunis. Le lendemain, ils ont appelé à reprendre le travail."
    )
    assert dated(body, PartialDate(2021, 5, 20)) == [("2021-05-03", "day")]


# --- relative dates ---


def test_relative_dates_resolve_on_the_articles_own_dates() -> None:
    body = (
        "L'usine a été inaugurée le 12 avril 2010. Le même jour, le ministre visitait le site. "
        "Le lendemain, la presse en parlait. Trois ans plus tard, l'usine fermait.\n\n"
        "Le dernier camion est parti le 30 juin 2013. La veille, les ouvriers avaient fait grève."
    )
    assert dated(body, PartialDate(2023, 1)) == [
        ("2010-04-12", "day"), ("2010-04-12", "day"), ("2010-04-13", "day"), ("2013", "year"),
        ("2013-06-30", "day"), ("2013-06-29", "day"),
    ]


def test_au_lendemain_de_dates_what_follows_the_day_before() -> None:
    body = "Les salariés ont débrayé ce vendredi 9 octobre, au lendemain d'une annonce de la direction."
    found = events(body, PartialDate(2020, 10))
    assert [(d, p) for d, p, _ in found] == [("2020-10-09", "day"), ("2020-10-08", "day")]


def test_au_lendemain_before_a_date_dates_the_sentence_the_day_after() -> None:
    body = "Au lendemain de l'incendie du 14 juin, la mairie a fermé la rue."
    assert dated(body, PartialDate(2020, 6)) == [("2020-06-15", "day"), ("2020-06-14", "day")]
    assert dated("Au lendemain du 14 juin, la rue a rouvert.", PartialDate(2020, 6)) == [("2020-06-15", "day")]


def test_counted_years_later() -> None:
    body = "Le club a été fondé en 1990. Vingt ans plus tard, il remportait son premier titre."
    assert dated(body, None) == [("1990", "year"), ("2010", "year")]


def test_a_l_epoque_is_the_year_of_the_sentence_before() -> None:
    body = "Le parti avait déjà atteint le second tour en 1995. À l'époque, son chef avait obtenu 15 % des voix."
    assert dated(body, None) == [("1995", "year"), ("1995", "year")]


def test_a_relative_date_does_not_reach_past_a_heading() -> None:
    body = (
        "Le club a été fondé le 4 mars 1921.\n\n"
        "Un stade neuf\n\n"
        "Le lendemain de l'annonce, les supporters ont manifesté. Le jour même, le maire réagissait."
    )
    assert dated(body, None) == [("1921-03-04", "day")]


# --- not events ---


@pytest.mark.parametrize(
    "sentence",
    [
        "Les JO 2024 ont coûté plus cher que prévu.",
        "Elle a reçu le prix Goncourt 2019 pour son roman.",
        "Le Mondial 2030 se jouera sur trois continents.",
        "La romancière, âgée de 54 ans, vit à Nantes.",
        "L'entreprise a versé 2023 euros de prime à chaque salarié.",
        "Le constructeur a présenté sa Peugeot 2008 électrique.",
        "Le marché s'est tenu place du 8 mai, comme chaque semaine.",
        "La loi du 9 décembre 1905 a séparé les Églises et l'État.",
        "La production dépasse la moyenne des cinq dernières années (2017-2021).",
        "Depuis sept ans, il vit à Lyon.",
        "Mardi, le conseil s'est réuni.",
        "Le 31 février, rien ne s'est passé.",
    ],
)
def test_not_events(sentence: str) -> None:
    assert events(sentence, PartialDate(2024, 3, 12)) == []
