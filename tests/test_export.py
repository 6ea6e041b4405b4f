"""`dossier export`: every kind in every format, as a user opens the files.

Three databases: the seeds; articles a test writes and ingests; and a store
filled by hand (`Store.save`), whose exact rows let the tests pin merged
sources, undated articles and HTML escaping without depending on extraction.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot import lookups
from bot.errors import BadInput
from bot.export import (
    FIELDS,
    FORMATS,
    KINDS,
    export_filename,
    export_to_path,
    write_export,
)
from bot.models import Article, Event, Extraction, PartialDate, Passage, Quote
from bot.store import Store
from tests.conftest import ingested


ALL = 100_000  # a page size larger than any test database

COMBINATIONS = [(k, f) for k in KINDS for f in FORMATS if f != "timelinejs" or k == "timeline"]


# --- helpers: read an export back as a user's tool would ---------------------


async def export_text(store: Store, kind: str, fmt: str, filter_text: str = "") -> tuple[int, str]:
    out = io.StringIO()
    count = await write_export(store, kind, filter_text, fmt, out)
    return count, out.getvalue()


def parse(kind: str, fmt: str, text: str) -> list[dict[str, Any]]:
    """The records of an export, in the jsonl shape, whatever its format."""
    if fmt == "jsonl":
        assert text == "" or text.endswith("\n")
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "json":
        return json.loads(text)
    if fmt == "csv":
        assert text.startswith("\ufeff"), "CSV without a BOM: Excel would garble the accents"
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
        return [from_csv(kind, row) for row in rows]
    raise AssertionError(fmt)


def from_csv(kind: str, row: dict[str, str]) -> dict[str, Any]:
    def value(cell: str) -> str | None:
        return cell or None

    if kind == "timeline":
        ids = row["sources"].split(";")
        dates, urls, outlets = (row[f].split(";") for f in ("published", "url", "outlet"))
        assert len(ids) == len(dates) == len(urls) == len(outlets), row
        return {
            "date": row["date"],
            "precision": row["precision"],
            "text": row["text"],
            "sources": [{"doc_id": i, "published": value(d), "url": value(u), "outlet": value(o)}
                        for i, d, u, o in zip(ids, dates, urls, outlets)],
        }
    if kind == "quotes":
        return {k: value(v) for k, v in row.items()}
    record: dict[str, Any] = {k: value(v) for k, v in row.items()}
    for number in ("chars", "events", "quotes"):
        record[number] = int(row[number])
    return record


def entry_record(entry: Any) -> dict[str, Any]:
    """What an export must say of a TimelineEntry that /timeline shows."""
    return {
        "date": entry.date.iso(),
        "precision": entry.date.precision.value,
        "text": entry.text,
        "sources": [
            {"doc_id": s.doc_id, "published": s.published.iso() if s.published else None,
             "url": s.url, "outlet": s.outlet}
            for s in entry.sources
        ],
    }


def hit_key(hit: Any) -> tuple[str, str | None, str, str | None]:
    published = hit.source.published.iso() if hit.source.published else None
    return (hit.text, hit.speaker, hit.source.doc_id, published)


def record_key(record: dict[str, Any]) -> tuple[str, str | None, str, str | None]:
    return (record["text"], record["speaker"], record["doc_id"], record["published"])


def check_timelinejs(document: Any) -> list[dict[str, Any]]:
    """The structure TimelineJS3 loads: events of slides, each with a start_date and text."""
    assert isinstance(document, dict)
    assert isinstance(document["events"], list)
    title = document["title"]
    assert "start_date" not in title
    assert isinstance(title["text"]["headline"], str) and title["text"]["headline"]
    for event in document["events"]:
        start = event["start_date"]
        assert set(start) <= {"year", "month", "day"}
        assert isinstance(start["year"], str) and start["year"].isdigit()
        if "day" in start:
            assert "month" in start
        for part in ("month", "day"):
            if part in start:
                assert isinstance(start[part], str) and start[part].isdigit()
        assert 1 <= int(start.get("month", 1)) <= 12 and 1 <= int(start.get("day", 1)) <= 31
        assert event["text"]["headline"] and event["text"]["text"]
    return document["events"]


def expected_start(iso: str) -> dict[str, str]:
    """TimelineJS parts of an ISO date at its precision; only what the date has."""
    parts = [str(int(p)) for p in iso.split("-")]
    return dict(zip(("year", "month", "day"), parts))


# --- a store filled by hand ----------------------------------------------------


def article(doc_id: str, published: PartialDate | None, title: str | None, body: str) -> Article:
    return Article(doc_id, f"/corpus/{doc_id}.txt", f"sha-{doc_id}", published, title, body)


@pytest.fixture
async def built(tmp_path: Path) -> AsyncIterator[Store]:
    """Two articles reporting Musk's departure (one undated), and tricky text."""
    store = await Store.open(tmp_path / "built.db")
    body_a = "Musk quitte OpenAI en 2018.\n\nLe 3 mars 2021, <b>R&D</b> « chez » Tesla."
    await store.save(
        article("001_aaa", PartialDate(2023, 3), "Éloge de l’IA, « vraiment »", body_a),
        Extraction(
            events=(
                Event(PartialDate(2018), "Elon Musk quitte OpenAI en 2018.", 0),
                Event(PartialDate(2021, 3, 3), "Le 3 mars 2021, <b>R&D</b> chez Tesla, dit-on.", 1),
            ),
            quotes=(
                Quote("Nous ne sommes pas contrôlés, \"vraiment\", par Microsoft", "Sam Altman", 0,
                      "clame-t-il", "pronoun", "Sam Altman, en revanche, nie tout."),
                Quote("Une phrase\nsur deux lignes, sans auteur", None, 1, "a confié un salarié", "anonymous"),
            ),
            passages=(
                Passage(0, "Musk quitte OpenAI en 2018.", ("Elon Musk", "OpenAI")),
                Passage(1, "Le 3 mars 2021, R&D chez Tesla.", ("Tesla",)),
            ),
        ),
        "Musk quitte OpenAI en 2018.",
    )
    await store.save(
        article("002_bbb", None, None, "Elon Musk a quitté OpenAI en 2018."),
        Extraction(
            events=(Event(PartialDate(2018), "Elon Musk a quitté OpenAI en 2018 après des tensions.", 0),),
            passages=(Passage(0, "Elon Musk a quitté OpenAI en 2018.", ("Elon Musk", "OpenAI")),),
        ),
        "Elon Musk a quitté OpenAI en 2018.",
    )
    yield store
    await store.close()


async def test_hand_built_timeline_merges_sources_and_keeps_undated_null(built: Store) -> None:
    count, text = await export_text(built, "timeline", "jsonl")
    records = parse("timeline", "jsonl", text)
    assert count == 2
    assert records[0] == {
        "date": "2018",
        "precision": "year",
        "text": "Elon Musk quitte OpenAI en 2018.",
        "sources": [
            {"doc_id": "001_aaa", "published": "2023-03", "url": None, "outlet": None},
            {"doc_id": "002_bbb", "published": None, "url": None, "outlet": None},
        ],
    }
    assert records[1]["date"] == "2021-03-03" and records[1]["precision"] == "day"
    assert list(records[0]) == list(FIELDS["timeline"])


async def test_hand_built_csv_keeps_accents_commas_quotes_and_newlines(built: Store) -> None:
    for kind in KINDS:
        _, jsonl = await export_text(built, kind, "jsonl")
        _, table = await export_text(built, kind, "csv")
        assert parse(kind, "csv", table) == parse(kind, "jsonl", jsonl), kind
    _, table = await export_text(built, "timeline", "csv")
    header, first = table.removeprefix("\ufeff").splitlines()[:2]
    assert header == "date,precision,text,sources,published,url,outlet"
    assert first == "2018,year,Elon Musk quitte OpenAI en 2018.,001_aaa;002_bbb,2023-03;,;,;"
    # What Excel reads: UTF-8 bytes behind a BOM, accents intact.
    raw = table.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    _, documents = await export_text(built, "documents", "csv")
    assert "Éloge de l’IA, « vraiment »" in documents.encode("utf-8").decode("utf-8-sig")


async def test_hand_built_timelinejs_escapes_html_and_dates_at_precision(built: Store) -> None:
    count, text = await export_text(built, "timeline", "timelinejs")
    events = check_timelinejs(json.loads(text))
    assert count == len(events) == 2
    assert events[0]["start_date"] == {"year": "2018"}
    assert events[1]["start_date"] == {"year": "2021", "month": "3", "day": "3"}
    body = events[1]["text"]["text"]
    assert "<b>R&D</b>" not in body and "&lt;b&gt;R&amp;D&lt;/b&gt;" in body
    assert "&lt;b&gt;" in events[1]["text"]["headline"]
    assert events[0]["text"]["text"].endswith(
        "<p>Sources : 001_aaa (2023-03), 002_bbb (sans date)</p>"
    )


async def test_hand_built_quotes_and_documents(built: Store) -> None:
    _, text = await export_text(built, "quotes", "json")
    quotes = parse("quotes", "json", text)
    assert quotes == [
        {"text": 'Nous ne sommes pas contrôlés, "vraiment", par Microsoft', "speaker": "Sam Altman",
         "doc_id": "001_aaa", "published": "2023-03", "cue": "clame-t-il", "attribution": "pronoun",
         "evidence": "Sam Altman, en revanche, nie tout.", "url": None, "outlet": None},
        {"text": "Une phrase\nsur deux lignes, sans auteur", "speaker": None,
         "doc_id": "001_aaa", "published": "2023-03", "cue": "a confié un salarié", "attribution": "anonymous",
         "evidence": None, "url": None, "outlet": None},
    ]
    _, text = await export_text(built, "documents", "jsonl")
    assert parse("documents", "jsonl", text) == [
        {"doc_id": "001_aaa", "published": "2023-03", "title": "Éloge de l’IA, « vraiment »",
         "chars": len("Musk quitte OpenAI en 2018.\n\nLe 3 mars 2021, <b>R&D</b> « chez » Tesla."),
         "events": 2, "quotes": 2, "sha256": "sha-001_aaa", "url": None, "outlet": None, "author": None},
        {"doc_id": "002_bbb", "published": None, "title": None,
         "chars": len("Elon Musk a quitté OpenAI en 2018."), "events": 1, "quotes": 0,
         "sha256": "sha-002_bbb", "url": None, "outlet": None, "author": None},
    ]


async def test_document_filters_by_id_prefix_and_words(built: Store) -> None:
    def ids(text: str) -> list[str]:
        return [r["doc_id"] for r in parse("documents", "jsonl", text)]

    assert ids((await export_text(built, "documents", "jsonl", "002"))[1]) == ["002_bbb"]
    assert ids((await export_text(built, "documents", "jsonl", "00"))[1]) == ["001_aaa", "002_bbb"]
    assert ids((await export_text(built, "documents", "jsonl", "001_a"))[1]) == ["001_aaa"]
    assert ids((await export_text(built, "documents", "jsonl", "002_bbb"))[1]) == ["002_bbb"]
    assert ids((await export_text(built, "documents", "jsonl", "tesla"))[1]) == ["001_aaa"]
    assert (await export_text(built, "documents", "jsonl", "zzzz"))[0] == 0


# --- the seeds -------------------------------------------------------------------


@pytest.mark.parametrize("kind, fmt", COMBINATIONS)
async def test_every_kind_and_format_on_the_seeds(seeded: Store, kind: str, fmt: str) -> None:
    count, text = await export_text(seeded, kind, fmt)
    _, jsonl = await export_text(seeded, kind, "jsonl")
    reference = parse(kind, "jsonl", jsonl)
    assert count == len(reference) > 0
    if fmt == "timelinejs":
        events = check_timelinejs(json.loads(text))
        assert [e["start_date"] for e in events] == [expected_start(r["date"]) for r in reference]
        for event, record in zip(events, reference):
            for source in record["sources"]:
                assert source["doc_id"] in event["text"]["text"]
    else:
        records = parse(kind, fmt, text)
        assert records == reference
        assert all(list(r) == list(FIELDS[kind]) for r in records)


async def test_seed_timeline_is_what_timeline_shows(seeded: Store) -> None:
    _, text = await export_text(seeded, "timeline", "jsonl")
    shown = (await lookups.timeline(seeded, "", limit=ALL)).entries
    assert parse("timeline", "jsonl", text) == [entry_record(e) for e in shown]
    records = parse("timeline", "jsonl", text)
    founding = [r for r in records if r["date"] == "2015"]
    assert len(founding) == 1
    assert {s["doc_id"][:3] for s in founding[0]["sources"]} == {"002", "004"}
    undated = {s["published"] for r in records for s in r["sources"] if s["doc_id"].startswith("004")}
    assert undated == {None}  # 004 has no date header: null, never invented


async def test_seed_timeline_filter_is_the_commands(seeded: Store) -> None:
    for words in ("2019", "2015-2019 microsoft", "microsoft", "2015-2017"):
        _, text = await export_text(seeded, "timeline", "jsonl", words)
        shown = (await lookups.timeline(seeded, words, limit=ALL)).entries
        assert shown, words
        assert parse("timeline", "jsonl", text) == [entry_record(e) for e in shown], words
    _, text = await export_text(seeded, "timeline", "csv", "2015-2019 microsoft")
    assert [r["date"] for r in parse("timeline", "csv", text)] == ["2019-07"]


async def test_seed_quotes_are_what_quote_shows(seeded: Store) -> None:
    _, text = await export_text(seeded, "quotes", "jsonl")
    records = parse("quotes", "jsonl", text)
    shown = (await lookups.quotes(seeded, "", limit=ALL)).hits
    assert Counter(record_key(r) for r in records) == Counter(hit_key(h) for h in shown)
    assert all(not r["text"].startswith(("«", "“", '"')) for r in records)
    speakers = {r["speaker"] for r in records}
    assert {"Sam Altman", "Elon Musk"} <= speakers


async def test_seed_quotes_of_a_speaker_are_what_quote_shows(seeded: Store) -> None:
    for words in ("altman", "musk", "altman microsoft", "amazonie"):
        _, text = await export_text(seeded, "quotes", "jsonl", words)
        records = parse("quotes", "jsonl", text)
        shown = (await lookups.quotes(seeded, words, limit=ALL)).hits
        assert records and [record_key(r) for r in records] == [hit_key(h) for h in shown], words
    _, text = await export_text(seeded, "quotes", "csv", "altman")
    assert {r["speaker"] for r in parse("quotes", "csv", text)} == {"Sam Altman"}


async def test_seed_documents(seeded: Store) -> None:
    _, text = await export_text(seeded, "documents", "jsonl")
    records = parse("documents", "jsonl", text)
    assert len(records) == 5
    dated = [r["published"] for r in records if r["published"] is not None]
    assert dated == sorted(dated)
    by_id = {r["doc_id"][:3]: r for r in records}
    assert by_id["002"]["published"] == "2023-03"
    assert by_id["004"]["published"] is None
    assert records[-1]["published"] is None  # undated last
    card = (await lookups.source(seeded, "002")).card
    assert card is not None
    assert by_id["002"]["chars"] == card.chars
    assert by_id["002"]["events"] >= len(card.events) > 0
    assert by_id["002"]["quotes"] == len(card.quotes)
    assert all(len(r["sha256"]) == 64 for r in records)


# --- articles a test writes --------------------------------------------------------


DUPONT = (
    "La mairie a ouvert la médiathèque en 2019. En juillet 2019, le conseil a voté son budget.\n\n"
    "« Nous avons tenu parole », a déclaré Jean Dupont.\n\n"
    "Le 3 mars 2021, la médiathèque a fermé après un incendie.\n\n"
    "Sur la place, une affiche proclamait : « Rendez-nous nos livres ! »"
)


@pytest.fixture
async def written(tmp_path: Path, write_article: Callable[..., Path], corpus: Path) -> AsyncIterator[Store]:
    write_article("100_mediatheque", DUPONT, date="2023-03")
    async with ingested(tmp_path / "written.db", corpus, added=1) as store:
        yield store


async def test_written_article_timeline_at_each_precision(written: Store) -> None:
    _, text = await export_text(written, "timeline", "jsonl")
    records = parse("timeline", "jsonl", text)
    dated = {(r["date"], r["precision"]) for r in records}
    assert {("2019", "year"), ("2019-07", "month"), ("2021-03-03", "day")} <= dated
    assert all(r["sources"] == [{"doc_id": "100_mediatheque", "published": "2023-03", "url": None,
                                 "outlet": None}] for r in records)
    shown = (await lookups.timeline(written, "", limit=ALL)).entries
    assert records == [entry_record(e) for e in shown]

    _, js = await export_text(written, "timeline", "timelinejs")
    starts = [e["start_date"] for e in check_timelinejs(json.loads(js))]
    assert {"year": "2019"} in starts
    assert {"year": "2019", "month": "7"} in starts
    assert {"year": "2021", "month": "3", "day": "3"} in starts
    _, table = await export_text(written, "timeline", "csv", "2021")
    assert [(r["date"], r["sources"]) for r in parse("timeline", "csv", table)] == [
        ("2021-03-03", [{"doc_id": "100_mediatheque", "published": "2023-03", "url": None, "outlet": None}])
    ]


async def test_written_article_quotes_name_the_speaker_or_null(written: Store) -> None:
    _, text = await export_text(written, "quotes", "jsonl")
    records = parse("quotes", "jsonl", text)
    by_text = {r["text"]: r["speaker"] for r in records}
    assert by_text.get("Nous avons tenu parole") == "Jean Dupont", records
    unsigned = [r for r in records if "Rendez-nous nos livres" in r["text"]]
    assert unsigned and unsigned[0]["speaker"] is None  # never a guess
    shown = (await lookups.quotes(written, "", limit=ALL)).hits
    assert Counter(record_key(r) for r in records) == Counter(hit_key(h) for h in shown)
    _, dupont = await export_text(written, "quotes", "csv", "dupont")
    assert parse("quotes", "csv", dupont) == [
        {"text": "Nous avons tenu parole", "speaker": "Jean Dupont",
         "doc_id": "100_mediatheque", "published": "2023-03",
         "cue": "a déclaré Jean Dupont", "attribution": "named", "evidence": None,
         "url": None, "outlet": None}
    ]


# --- files: names, atomic writes, errors --------------------------------------------


def test_export_filenames() -> None:
    assert export_filename("timeline", "csv") == "dossier-timeline.csv"
    assert export_filename("quotes", "jsonl") == "dossier-quotes.jsonl"
    assert export_filename("documents", "json") == "dossier-documents.json"
    assert export_filename("timeline", "timelinejs").endswith(".json")
    assert export_filename("timeline", "timelinejs") != export_filename("timeline", "json")
    with pytest.raises(BadInput):
        export_filename("quotes", "timelinejs")


@pytest.mark.parametrize(
    "kind, fmt, says",
    [("speakers", "jsonl", "speakers"), ("quotes", "xml", "xml"), ("quotes", "timelinejs", "timeline"),
     ("documents", "timelinejs", "timeline")],
)
async def test_bad_kind_or_format_is_a_clear_error_and_writes_nothing(
    built: Store, tmp_path: Path, kind: str, fmt: str, says: str
) -> None:
    out = io.StringIO()
    with pytest.raises(BadInput, match=says):
        await write_export(built, kind, "", fmt, out)
    assert out.getvalue() == ""
    target = tmp_path / "out" / "x"
    target.parent.mkdir()
    with pytest.raises(BadInput):
        await export_to_path(built, kind, "", fmt, target)
    assert os.listdir(target.parent) == []


@pytest.mark.parametrize("kind, fmt", COMBINATIONS)
async def test_export_to_path_writes_what_write_export_streams(
    built: Store, tmp_path: Path, kind: str, fmt: str
) -> None:
    target = tmp_path / export_filename(kind, fmt)
    target.write_text("an older export", encoding="utf-8")
    count = await export_to_path(built, kind, "", fmt, target)
    expected_count, expected = await export_text(built, kind, fmt)
    assert count == expected_count > 0
    assert target.read_bytes() == expected.encode("utf-8")  # no newline translation, BOM kept
    assert [n for n in os.listdir(tmp_path) if not n.startswith(("built.db", "cwd"))] == [target.name]


async def test_unwritable_path_is_a_clear_error_naming_it(built: Store, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "timeline.csv"
    with pytest.raises(BadInput, match="no-such-folder/timeline.csv"):
        await export_to_path(built, "timeline", "", "csv", missing)
    assert not missing.parent.exists()

    a_file = tmp_path / "plain.txt"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(BadInput, match="plain.txt/quotes.jsonl"):
        await export_to_path(built, "quotes", "", "jsonl", a_file / "quotes.jsonl")
    assert a_file.read_text(encoding="utf-8") == "x"

    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(BadInput, match="a-folder"):
        await export_to_path(built, "documents", "", "json", folder)
    assert os.listdir(folder) == []
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def failing_after_one(original: Callable[..., Any], error: BaseException) -> Callable[..., Any]:
    async def broken(self: Store, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        async for row in original(self, *args, **kwargs):
            yield row
            raise error

    return broken


@pytest.mark.parametrize(
    "kind, method, fmt",
    [("timeline", "iter_entries", "timelinejs"), ("quotes", "iter_quotes", "csv"),
     ("documents", "documents", "json")],
)
async def test_failure_mid_stream_leaves_no_file(
    built: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, method: str, fmt: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr(Store, method, failing_after_one(getattr(Store, method), RuntimeError("disk gone")))
    target = folder / "export.out"
    with pytest.raises(RuntimeError, match="disk gone"):
        await export_to_path(built, kind, "", fmt, target)
    assert os.listdir(folder) == []

    # An earlier export at that path survives a failed one untouched.
    target.write_text("earlier export", encoding="utf-8")
    with pytest.raises(RuntimeError):
        await export_to_path(built, kind, "", fmt, target)
    assert os.listdir(folder) == ["export.out"]
    assert target.read_text(encoding="utf-8") == "earlier export"


async def test_interrupted_export_leaves_no_file(
    built: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C under asyncio.run cancels the task: the temporary file goes too."""
    monkeypatch.setattr(Store, "iter_entries",
                        failing_after_one(Store.iter_entries, asyncio.CancelledError()))
    target = tmp_path / "exports" / "timeline.jsonl"
    target.parent.mkdir()
    with pytest.raises(asyncio.CancelledError):
        await export_to_path(built, "timeline", "", "jsonl", target)
    assert os.listdir(target.parent) == []


async def test_empty_database_exports_nothing(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "empty.db") as store:
        for kind, fmt in COMBINATIONS:
            count, text = await export_text(store, kind, fmt)
            assert count == 0, (kind, fmt)
            if fmt == "timelinejs":
                assert check_timelinejs(json.loads(text)) == []
            else:
                assert parse(kind, fmt, text) == []
            if fmt == "csv":
                assert text == "\ufeff" + ",".join(
                    (*FIELDS[kind], "published", "url", "outlet") if kind == "timeline" else FIELDS[kind]) + "\r\n"
        target = tmp_path / "empty.jsonl"
        assert await export_to_path(store, "quotes", "", "jsonl", target) == 0
        assert target.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("filter_text", ["2019 a", "2015-2019 le la", "2018 quitté"])
async def test_timeline_export_filters_exactly_as_the_command(seeded: Store, filter_text: str) -> None:
    _count, text = await export_text(seeded, "timeline", "jsonl", filter_text)
    exported = [(r["date"], r["text"]) for r in parse("timeline", "jsonl", text)]
    shown = (await lookups.timeline(seeded, filter_text, limit=ALL)).entries
    assert exported == [(e.date.iso(), e.text) for e in shown]
    assert exported
