"""The dependency parse behind the rules: used only for quotes the rules left unresolved,
loaded only by extraction, and never needed: without it the rules alone run."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.extract import AliasTable, extract, parser
from bot.models import Article

ALIASES = AliasTable.default()
# A quotation alone after a sentence of narration: no speech verb for the rules to read,
# but the parse finds the person that sentence is about.
REPORTED = (
    "À la sortie du conseil municipal, Paul Girard a quitté la salle sans un mot pour les élus. "
    "« Nous n'avons rien obtenu de concret ce soir »"
)
EVIDENCE = "À la sortie du conseil municipal, Paul Girard a quitté la salle sans un mot pour les élus."


def quotes(body: str) -> list[tuple[str, str | None, str | None]]:
    found = extract(Article("t", "t.txt", "0", None, None, body), ALIASES).quotes
    return [(q.text, q.speaker, q.attribution) for q in found]


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """spaCy cannot be imported, as on an install without the `parser` extra."""
    monkeypatch.setitem(sys.modules, "spacy", None)
    parser._nlp.cache_clear()
    yield
    monkeypatch.undo()
    parser._nlp.cache_clear()  # the next test loads the real model again


def test_the_parse_names_the_subject_the_rules_could_not_reach() -> None:
    pytest.importorskip("spacy")
    assert quotes(REPORTED) == [("Nous n'avons rien obtenu de concret ce soir", "Paul Girard", "parsed")]
    [quote] = extract(Article("t", "t.txt", "0", None, None, REPORTED), ALIASES).quotes
    assert quote.evidence == EVIDENCE  # the sentence where the parse found the name
    assert quote.cue == "Paul Girard"  # the rules read no cue: the words the parse took stand for it


def test_the_parse_never_overrides_a_description_or_a_person_named_after() -> None:
    pytest.importorskip("spacy")
    untied = ("Laure Vidal a reconnu sa défaite face à Marc Aubry. « Je félicite la maire réélue ce soir », "
              "a déclaré la sénatrice.")  # two people just named: the description stays unresolved
    assert quotes(untied) == [("Je félicite la maire réélue ce soir", None, "unresolved")]
    other = REPORTED.replace("pour les élus", "pour Marc Aubry")
    assert quotes(other)[0][1] is None  # Marc Aubry is named after the subject: unclear


def speaker_and_evidence(body: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.evidence) for q in extract(Article("t", "t.txt", "0", None, None, body), ALIASES).quotes]


# --- a description or a pronoun that continues the person the text is about ---

WON = "Claire Martin a remporté l'élection municipale de Vannes dimanche soir."


def test_a_role_that_reacts_is_the_subject_named_just_before() -> None:
    pytest.importorskip("spacy")
    body = (f"{WON} Quelques minutes après les résultats, la candidate a réagi. "
            "« Je serai la maire de tous les habitants », a-t-elle déclaré.")
    assert speaker_and_evidence(body) == [("Claire Martin", WON)]


def test_a_role_is_nobody_when_two_people_of_its_gender_were_just_named() -> None:
    pytest.importorskip("spacy")
    body = ("Claire Martin a devancé Sophie Roux au premier tour. Quelques minutes après les résultats, "
            "la candidate a réagi. « Je serai la maire de tous les habitants », a-t-elle déclaré.")
    assert speaker_and_evidence(body) == [(None, None)]


def test_a_role_the_subject_met_is_someone_else() -> None:
    pytest.importorskip("spacy")
    body = ("Jean Morel a reçu le préfet mardi. Le préfet a réagi dans la soirée. "
            "« Nous restons vigilants », a-t-il déclaré.")
    assert speaker_and_evidence(body) == [(None, None)]  # not Jean Morel: he received the prefect


def test_an_organisation_as_a_subject_on_the_way_ends_the_walk_back() -> None:
    pytest.importorskip("spacy")
    body = ("« Nous resterons ouverts », a dit Jean Morel.\n\nRenault a confirmé la fermeture de l'usine. "
            "« Aucun salarié ne sera laissé de côté », a-t-il assuré.")
    assert [s for s, _ in speaker_and_evidence(body)] == ["Jean Morel", None]


def test_celui_de_after_a_role_goes_back_to_the_named_subject() -> None:
    pytest.importorskip("spacy")
    first = "Jean Morel a présenté mardi la liste des joueurs retenus."
    body = (f"{first} Interrogé sur les absents, le sélectionneur a été bref. Questionné sur son gardien, "
            "celui de l'équipe de 2006 a assuré que Paul Roux restait titulaire : « Il a toute ma confiance ».")
    assert speaker_and_evidence(body) == [("Jean Morel", first)]  # not Paul Roux, the subject of `que`


def test_a_clause_before_a_colon_speaks_through_a_demonym() -> None:
    pytest.importorskip("spacy")
    first = "La dernière qualifiée est Léa Morel."
    body = f"{first} À 22 ans, la Nantaise disputera son premier grand tableau : « Je n'y crois pas encore »."
    assert speaker_and_evidence(body) == [("Léa Morel", first)]


def test_an_inverted_pronoun_after_a_quote_speaks_whatever_its_verb() -> None:
    pytest.importorskip("spacy")
    first = "Sauf que Marc Lenoir a voulu remercier ses fans."  # an opening the rules do not skip
    body = f"{first} « Rendez-vous le mois prochain pour trois concerts » a-t-il publié sur ses réseaux sociaux."
    assert speaker_and_evidence(body) == [("Marc Lenoir", first)]


def test_curly_apostrophes_parse_like_straight_ones() -> None:
    pytest.importorskip("spacy")
    body = ("« Nous avons tenu jusqu’au bout », a réagi Luis Moreno. L’entraîneur lyonnais a toutefois "
            "regretté l’expulsion : « On doit rester à onze. »")
    assert [s for s, _ in speaker_and_evidence(body)] == ["Luis Moreno", "Luis Moreno"]


def test_the_sentence_after_a_quote_may_say_whose_it_is() -> None:
    pytest.importorskip("spacy")
    opening = "Paul Durand a présidé le conseil municipal mardi soir."
    said = f"{opening} « Nous ne lâcherons rien. » C'est ce qu'a répondu Marie Vidal, son adjointe."
    assert speaker_and_evidence(said) == [("Marie Vidal", "C'est ce qu'a répondu Marie Vidal, son adjointe.")]
    [quote] = extract(Article("t", "t.txt", "0", None, None, said), ALIASES).quotes
    assert quote.cue == "C'est ce qu'a répondu Marie Vidal, son adjointe."
    words = f"{opening} « Nous ne lâcherons rien. » Ce sont les mots de Marie Vidal, son adjointe."
    assert [s for s, _ in speaker_and_evidence(words)] == ["Marie Vidal"]  # not Paul Durand, named before
    role = f"{opening} « Nous ne lâcherons rien. » C'est en ces termes que le maire a conclu."
    assert speaker_and_evidence(role) == [("Paul Durand", opening)]
    two = f"{opening} « Nous ne lâcherons rien. » C'est ce qu'ont dit Marie Vidal et Luc Roy."
    assert speaker_and_evidence(two) == [(None, None)]


def test_an_organisation_named_as_the_subject_of_a_speech_verb_speaks() -> None:
    pytest.importorskip("spacy")
    body = ("Les coupures ont touché 20 000 foyers, selon Enedis. Enedis indique : « Nos équipes sont "
            "mobilisées depuis la nuit. » La société Veolia précise que « les salariés seront reclassés ».")
    assert [s for s, _ in speaker_and_evidence(body)] == ["Enedis", "Veolia"]


def test_a_capital_opening_a_sentence_or_a_place_is_no_organisation() -> None:
    pytest.importorskip("spacy")
    body = ("Des habitants ont protesté devant la mairie. Policiers ont indiqué : « Nous sommes intervenus vite ». "
            "Dans la soirée, Paris a répondu : « Rien ne change ».")
    assert [s for s, _ in speaker_and_evidence(body)] == [None, None]


def test_without_the_parser_the_rules_alone_run_and_say_so(
    no_parser: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.extract.parser"):
        assert quotes(REPORTED) == [("Nous n'avons rien obtenu de concret ce soir", None, None)]
        named = "« Nous tiendrons nos engagements », a déclaré Paul Girard."
        assert quotes(named) == [("Nous tiendrons nos engagements", "Paul Girard", "named")]
    said = [r.getMessage() for r in caplog.records if r.name == "bot.extract.parser"]
    assert len(said) == 1 and "rules alone" in said[0], said  # said once, not once per quote


def test_dossier_ask_never_loads_the_parser(seeded_db: Path) -> None:
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from bot.cli import main\n"
        "result = CliRunner().invoke(main, ['ask', '/quote altman'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'Sam Altman' in result.output, result.output\n"
        "print('spacy' in sys.modules)\n"
    )
    env = {**os.environ, "DOSSIER_DB_PATH": str(seeded_db)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_a_quote_where_the_article_names_nobody_never_loads_the_parser() -> None:
    # The parse may only give a person the article names beside the quote: with nobody named
    # (an organisation, lowercase words), there is nothing for it to find, and no model to load.
    script = (
        "import sys\n"
        "from bot.extract import AliasTable, extract\n"
        "from bot.models import Article\n"
        "body = ('En mars 2021, la société Vantel a lancé un projet de barmoul tesin. « Nous verrons bien ce '\n"
        "        'que ce projet donnera dans les prochains mois ». Le projet de barmoul tesin a été suspendu '\n"
        "        'en mai 2021. « Personne ne pouvait prévoir une telle issue pour les salariés »')\n"
        "quotes = extract(Article('t', 't.txt', '0', None, None, body), AliasTable.default()).quotes\n"
        "print([q.speaker for q in quotes], 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[None, None] False"


def test_narration_with_no_speech_verb_pronoun_or_colon_before_a_quote_is_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What the sentence before a lone quote must give the parse (`il`/`elle`, or a speech verb or a
    # colon for a description or an organisation) is read on its words first: narration is not parsed.
    class Asked(Exception):
        pass

    class Model:
        def pipe(self, texts: Iterator[str]) -> Iterator[object]:
            raise Asked(list(texts))

    monkeypatch.setattr(parser, "_nlp", lambda: Model())
    said = "« Nous tiendrons nos engagements envers les salariés », a déclaré Paul Girard. "
    lone = "« Personne ne pouvait prévoir une telle issue pour le quartier »"
    narration = "La société Vantel a suspendu le chantier du quai Nord en mai. "
    assert quotes(said + narration + lone)[1][1] is None  # and the model was never asked
    # An organisation named as the subject of a speech verb: the rules give it the quote, unparsed.
    announced = "La société Vantel a annoncé la fin du chantier du quai Nord en mai. "
    assert quotes(said + announced + lone)[1][1] == "Vantel"
    role = "La directrice a annoncé la fin du chantier du quai Nord en mai. "
    with pytest.raises(Asked) as asked:
        quotes(said + role + lone)
    assert asked.value.args[0] == [role.strip()]
