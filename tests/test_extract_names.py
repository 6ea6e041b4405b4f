"""The alias table, proper-name spotting, passages and the article's names."""

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.extract import AliasTable, extract
from bot.models import Article

ALIASES = AliasTable.default()


def article(body: str) -> Article:
    return Article("t", "t.txt", "0", None, None, body)


def test_default_table_canonical_names() -> None:
    assert ALIASES.canonical("Musk") == "Elon Musk"
    assert ALIASES.canonical("altman") == "Sam Altman"
    assert ALIASES.canonical("Elon  Musk") == "Elon Musk"
    assert ALIASES.canonical("openai") == "OpenAI"
    assert ALIASES.canonical("Melenchon") == "Jean-Luc Mélenchon"
    assert ALIASES.canonical("Nobody Known") is None
    assert ALIASES.canonical("X") is None  # too ambiguous to be Twitter


def test_find_matches_folded_whole_words_in_order() -> None:
    text = "Selon Elon Musk, l’entreprise d’Altman est liée à Microsoft ; Muskiness n'existe pas."
    assert ALIASES.find(text) == ("Elon Musk", "Sam Altman", "Microsoft")


def test_find_needs_the_capital_an_alias_is_written_with() -> None:
    assert ALIASES.find("Il tourne la page et regarde une poutine.") == ()
    assert ALIASES.find("Vladimir Poutine a parlé.") == ("Vladimir Poutine",)


def test_find_ignores_accents_and_apostrophes() -> None:
    assert ALIASES.find("Les propos de Kylian Mbappe et d’Elisabeth Borne") == ("Kylian Mbappé", "Élisabeth Borne")


def test_extended_table_merges_over_the_default(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.toml"
    extra.write_text(
        '[[entity]]\nname = "Elon Musk"\nkind = "person"\naliases = ["le patron de Tesla"]\n\n'
        '[[entity]]\nname = "Lucie Castets"\nkind = "person"\naliases = ["Castets"]\n',
        encoding="utf-8",
    )
    table = AliasTable.load([extra])
    assert table.canonical("Castets") == "Lucie Castets"
    assert table.canonical("le patron de Tesla") == "Elon Musk"
    assert table.canonical("Musk") == "Elon Musk"  # the default aliases are kept
    assert ALIASES.canonical("Castets") is None  # the default table is unchanged


def test_a_later_table_takes_an_alias_over(tmp_path: Path) -> None:
    extra = tmp_path / "aliases.toml"
    extra.write_text('[[entity]]\nname = "Elon Musk Sr"\naliases = ["Musk"]\n', encoding="utf-8")
    assert ALIASES.extended(extra).canonical("Musk") == "Elon Musk Sr"


def test_a_broken_table_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.toml"
    bad.write_text("[[entity]\nname = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        AliasTable.load([bad])
    with pytest.raises(ConfigError, match="cannot read"):
        AliasTable.load([tmp_path / "missing.toml"])


def test_passages_are_the_paragraphs_with_their_names() -> None:
    body = (
        "La raison de la colère d'Elon Musk envers ChatGPT.\n\n\n"
        "The Information s’est entretenu avec un certain Igor Babuschkin et avec Reid Hoffman.\n\n"
        "Selon Charles de Gaulle, Babuschkin travaillait pour Google."
    )
    passages = extract(article(body), ALIASES).passages
    assert [(p.index, p.names) for p in passages] == [
        (0, ("Elon Musk", "ChatGPT")),
        (1, ("Igor Babuschkin", "Reid Hoffman")),
        (2, ("Charles de Gaulle", "Igor Babuschkin", "Google")),
    ]


def test_sentence_initial_common_words_are_not_names() -> None:
    body = "La Raison du plus fort. Dans Paris, Le Monde écrit. Cependant Marie Dubois parle. Un Jour viendra."
    assert extract(article(body), ALIASES).names == ("Marie Dubois",)


def test_surname_alone_found_through_the_full_name() -> None:
    body = "Jean-Baptiste Lemoyne a signé.\n\nPlus tard, Lemoyne a démenti devant Claire Durand."
    passages = extract(article(body), ALIASES).passages
    assert passages[1].names == ("Jean-Baptiste Lemoyne", "Claire Durand")


def test_article_names_are_deduplicated_in_first_seen_order() -> None:
    body = "Gabriel Attal et Jordan Bardella débattent.\n\nBardella attaque, Attal répond, Marine Le Pen observe."
    assert extract(article(body), ALIASES).names == ("Gabriel Attal", "Jordan Bardella", "Marine Le Pen")
