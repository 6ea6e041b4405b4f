"""The digest's content on a corpus the test writes: on this day, new articles, the quote of
the day, counts, the empty day; and how Slack and the terminal show it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import bot.store
from bot import render
from bot.digest import compose, quote_of_the_day
from bot.schedule import preview
from bot.state import StateStore, Subscription
from bot.store import Store
from tests.conftest import ingest_paths
from tests.fakes.slack import visible_text

DAY = date(2024, 2, 17)
NOW = datetime(2024, 2, 17, 7, 30, tzinfo=timezone.utc)

ARTICLES = {
    "gpt2": ("2023-03-02", "Le 17 février 2019, la société OpenAI a présenté GPT-2 à San Francisco. "
             "Le 18 février 2019, la presse en a parlé.\n\n"
             "« Nous ne publierons pas le modèle complet », a déclaré Sam Altman, le patron d'OpenAI."),
    "accord": ("2023-05-10", "Le 17 février 2021, Microsoft a signé un accord avec l'université de Paris. "
               "En février 2020, rien ne s'est passé.\n\n"
               "« C'est une étape décisive pour la recherche », a affirmé Satya Nadella devant les étudiants."),
    "ancien": ("2022-01-05", "Le 17 février 2024, le conseil se réunira à Paris.\n\n"
               "« Nous verrons bien », a répondu Mira Murati aux journalistes."),
}


def stamp(moment: datetime) -> Callable[[], str]:
    return lambda: moment.isoformat(timespec="seconds")


async def write_digest_corpus(db: Path, corpus: Path, write_article: Callable[..., Path],
                              monkeypatch: pytest.MonkeyPatch, now: datetime = NOW) -> None:
    """ARTICLES into `db`: `ancien` ingested two days before `now`, the two others an hour before."""
    for name, ingested in (("ancien", now - timedelta(days=2)), ("gpt2", now - timedelta(hours=1)),
                           ("accord", now - timedelta(hours=1))):
        published, text = ARTICLES[name]
        for old in corpus.iterdir():
            old.unlink()
        write_article(name, text, date=published)
        with monkeypatch.context() as at:
            at.setattr(bot.store, "_now", stamp(ingested))
            await ingest_paths(db, corpus)


@pytest.fixture
async def corpus_db(tmp_path: Path, corpus: Path, write_article, monkeypatch: pytest.MonkeyPatch
                    ) -> AsyncIterator[Store]:
    db = tmp_path / "dossier.db"
    await write_digest_corpus(db, corpus, write_article, monkeypatch)
    store = await Store.open(db, read_only=True)
    yield store
    await store.close()


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[StateStore]:
    store = await StateStore.open(f"sqlite:///{tmp_path / 'state.db'}")
    yield store
    await store.close()


async def make(store: Store, state: StateStore | None, day: date = DAY, *, since: datetime | None = None,
               lang: str = "fr", record: bool = False, quote_days: int = 30):
    return await compose(store, state, team_id="T1", day=day, language=lang,
                         since=since or NOW - timedelta(hours=24), now=NOW, quote_days=quote_days,
                         record=record)


async def test_on_this_day_holds_past_years_day_precision_entries_of_this_date(corpus_db: Store) -> None:
    digest = await make(corpus_db, None)
    assert [(e.date.iso(), [s.doc_id for s in e.sources]) for e in digest.on_this_day] == [
        ("2019-02-17", ["gpt2"]),
        ("2021-02-17", ["accord"]),
    ]  # not 18 February, not "février 2020", not this year's 17 February
    assert digest.on_this_day_total == 2


async def test_new_articles_are_those_ingested_since_the_last_digest(corpus_db: Store) -> None:
    first = await make(corpus_db, None)  # a first digest: the last 24 hours
    assert sorted(a.source.doc_id for a in first.new_articles) == ["accord", "gpt2"]
    assert first.new_total == 2
    week = await make(corpus_db, None, since=NOW - timedelta(days=7))
    assert {a.source.doc_id for a in week.new_articles} == {"accord", "gpt2", "ancien"}
    assert (await make(corpus_db, None, since=NOW - timedelta(minutes=5))).new_total == 0


async def test_the_quote_of_the_day_is_the_same_for_a_workspace_and_day_and_has_a_speaker(
    corpus_db: Store, state: StateStore,
) -> None:
    one = await quote_of_the_day(corpus_db, state, "T1", DAY, 30)
    assert one is not None and one.speaker in {"Sam Altman", "Satya Nadella", "Mira Murati"}
    assert await quote_of_the_day(corpus_db, state, "T1", DAY, 30) == one
    recorded = await quote_of_the_day(corpus_db, state, "T1", DAY, 30, record=True)
    assert recorded == one and (await state.quotes_shown("T1", DAY, DAY + timedelta(days=1)))


async def test_a_quote_is_not_repeated_within_the_configured_days(corpus_db: Store, state: StateStore) -> None:
    seen = []
    for n in range(3):  # three quotes in the corpus, three days: three different quotes
        hit = await quote_of_the_day(corpus_db, state, "T1", DAY + timedelta(days=n), 30, record=True)
        assert hit is not None
        seen.append(hit.text)
    assert len(set(seen)) == 3
    # All three seen lately: the fourth day repeats one rather than showing none.
    assert await quote_of_the_day(corpus_db, state, "T1", DAY + timedelta(days=3), 30) is not None


async def test_a_digest_with_nothing_to_say_is_empty_and_says_so_shortly(corpus_db: Store) -> None:
    digest = await make(corpus_db, None, date(2024, 3, 1), since=NOW - timedelta(minutes=5))
    assert digest.empty and digest.quote is not None
    message = render.digest_message(digest).to_dict()
    assert "Rien de neuf aujourd’hui" in visible_text(message)
    assert "Citation du jour" not in visible_text(message)
    assert "Rien de neuf" in render.digest_terminal(digest)


async def test_slack_and_the_terminal_show_the_three_sections_with_their_sources(corpus_db: Store) -> None:
    digest = await make(corpus_db, None, lang="en")
    shown = visible_text(render.digest_message(digest).to_dict())
    for expected in ("The daily file — February 17, 2024", "On this day", "February 17, 2019 (5 years ago)",
                     "`gpt2` · March 2, 2023", "New articles (2)", "Quote of the day",
                     "The file: 3 articles"):
        assert expected in shown, expected
    text = render.digest_terminal(digest)
    for expected in ("The daily file — February 17, 2024", "February 17, 2021 (3 years ago)",
                     "Source: accord · May 10, 2023", "New articles (2)", "Quote of the day"):
        assert expected in text, expected
    assert "Le dossier du jour — 17 février 2024" in render.digest_terminal(await make(corpus_db, None))


async def test_a_large_digest_stays_inside_slacks_limits(corpus_db: Store) -> None:
    from dataclasses import replace

    digest = await make(corpus_db, None)
    entry, article = digest.on_this_day[0], digest.new_articles[0]
    big = replace(digest, on_this_day=(replace(entry, text="x " * 2000),) * 8, on_this_day_total=40,
                  new_articles=(replace(article, title="Titre <!channel> " * 40),) * 15, new_total=90)
    message = render.digest_message(big).to_dict()
    assert len(message["blocks"]) <= 50
    for block in message["blocks"]:
        text = block.get("text", {}).get("text", "")
        assert len(text) <= 3000
    shown = visible_text(message)
    assert "… et 32 de plus" in shown and "… et 75 de plus" in shown
    assert "<!channel>" not in str(message)


async def test_a_new_article_with_an_address_is_a_link_with_its_outlet(
    tmp_path: Path, corpus: Path, write_article, monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "dossier.db"
    await write_digest_corpus(db, corpus, write_article, monkeypatch)
    for old in corpus.iterdir():
        old.unlink()
    write_article("lien", "url: https://www.example.org/2024/02/16/accord\noutlet: Le Quotidien\n"
                  "title: L'accord, vu de Paris\n date 2024-02-16 Le texte a été signé hier soir.", date=None)
    with monkeypatch.context() as at:
        at.setattr(bot.store, "_now", stamp(NOW - timedelta(minutes=30)))
        await ingest_paths(db, corpus)
    async with await Store.open(db, read_only=True) as store:
        digest = await make(store, None)
    message = render.digest_message(digest).to_dict()
    assert "L'accord, vu de Paris" in visible_text(message)
    assert '"url": "https://www.example.org/2024/02/16/accord"' in json.dumps(message)
    assert "Le Quotidien · 16 février 2024" in visible_text(message)
    assert ("L'accord, vu de Paris — Le Quotidien · 16 février 2024 · https://www.example.org/2024/02/16/accord"
            in render.digest_terminal(digest))


async def test_a_preview_is_the_channels_digest_of_its_own_day_and_records_nothing(
    corpus_db: Store, state: StateStore,
) -> None:
    unsubscribed = await preview(corpus_db, state, "T1", "C1", "en", NOW, 30)
    assert (unsubscribed.language, unsubscribed.day) == ("en", DAY)  # the default: UTC's day
    assert [e.date.iso() for e in unsubscribed.on_this_day] == ["2019-02-17", "2021-02-17"]
    await state.subscribe(Subscription("T1", "C1", "08:30", "America/Los_Angeles", "daily", "fr"), NOW)
    subscribed = await preview(corpus_db, state, "T1", "C1", "en", NOW, 30)
    assert (subscribed.language, subscribed.day) == ("fr", date(2024, 2, 16))  # still the 16th there
    assert subscribed.on_this_day == ()
    assert await state.quotes_shown("T1", DAY - timedelta(days=1), DAY + timedelta(days=1)) == {}
