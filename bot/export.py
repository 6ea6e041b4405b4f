"""`dossier export`: the timeline, the quotes or the documents, streamed to a file or stdout.

    await write_export(store, "timeline", "2015-2019 microsoft", "csv", sys.stdout)
    await export_to_path(store, "quotes", "altman", "jsonl", Path("quotes.jsonl"))

Records are streamed a batch at a time from the store, never all held in
memory. `export_to_path` writes a temporary file next to the target and renames
it into place, so an interrupted or failed export leaves no partial file.

FILTER takes the words of the matching command: `timeline 2015-2019 microsoft`
(years and words, as `/timeline`), `quotes altman` (a speaker and/or words of
the quote, as `/quote`), `documents 002` (a doc id or its prefix) or
`documents musk` (words, as `/source`). No filter exports everything.

Fields (stable; `null` in JSON is an empty cell in CSV):

| kind      | field       | meaning                                                            |
|-----------|-------------|--------------------------------------------------------------------|
| timeline  | `date`      | ISO 8601 at its own precision: `2019`, `2019-07`, `2023-02-17`     |
|           | `precision` | `year`, `month` or `day`                                           |
|           | `text`      | the one-line statement `/timeline` shows                           |
|           | `sources`   | list of `{doc_id, published, url, outlet}`; `published` is the     |
|           |             | article's date at its precision, or null when it has no date       |
|           |             | header; `url` and `outlet` come from its metadata lines, or null   |
| quotes    | `text`      | the quotation, without its quote marks                             |
|           | `speaker`   | canonical name, or null when the article does not say who spoke    |
|           | `doc_id`    | the article it comes from                                          |
|           | `published` | the article's date at its precision, or null                       |
|           | `cue`       | the words that name the speaker, as written (`a-t-il ajouté`,      |
|           |             | `le milliardaire`, `selon Météo-France`), or null                  |
|           | `attribution` | how the speaker was found: `named`, `pronoun`, `description`,    |
|           |             | `follow-on`, `tweet`, `parsed` (the parser's subject); with no     |
|           |             | speaker, `anonymous` (`un salarié`)                                |
|           |             | or `unresolved` (a pronoun or description tied to nobody); or null |
|           | `evidence`  | for a pronoun, a description or a follow-on: the sentence where    |
|           |             | the speaker's name was found; else null                            |
|           | `url`       | where the article can be read (its `url:` line), or null           |
|           | `outlet`    | who published it (its `outlet:` line), or null                     |
| documents | `doc_id`    | the file name without its extension                                |
|           | `published` | date header at its precision, or null                              |
|           | `title`     | the article's title, or null                                       |
|           | `chars`     | length of the body, in characters                                  |
|           | `events`    | dated sentences extracted from it                                  |
|           | `quotes`    | quotations extracted from it                                       |
|           | `sha256`    | hash of the file's bytes                                           |
|           | `url`, `outlet`, `author` | the article's metadata lines, or null                |

Order: the timeline is chronological (a year before its months, a month before
its days); unfiltered quotes come in ingest order, filtered ones in the order
`/quote` shows them (best match first, or newest article first for a speaker);
documents by publication date (undated last), or best match first for words.

Formats:

- `jsonl`: one JSON object per line (UTF-8).
- `json`: one JSON array of the same objects.
- `csv`: UTF-8 with a byte order mark (Excel and LibreOffice open accents
  intact), a header row, one column per field. In the timeline, `sources` is
  the sources' doc ids joined by `;` and an extra `published` column holds their
  publication dates in the same order, joined by `;` (empty for an undated
  article), so the `2023-03;` of `002;004` reads back pairwise (004 undated);
  `url` and `outlet` columns hold theirs the same way.
  Doc ids are file names: one holding `;` would blur that cell.
- `timelinejs`: (timeline only) a TimelineJS3 JSON object, loadable as is:
  `start_date` carries only the parts the date's precision has (never an
  invented month or day); the article text is HTML-escaped; each source with an
  address is a link to its article.

Nothing matched (or nothing ingested): no record, and the format's empty form
(`[]` for json, the header row for csv, no events for timelinejs).
"""

from __future__ import annotations

import csv
import html
import json
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, TextIO

from bot import lookups, render
from bot.answers import QuoteHit, SourceRef, TimelineEntry
from bot.errors import BadInput
from bot.models import PartialDate
from bot.store import DocumentRow, Store
from bot.text import one_line, words

KINDS = ("timeline", "quotes", "documents")
FORMATS = ("jsonl", "json", "csv", "timelinejs")

FIELDS: dict[str, tuple[str, ...]] = {
    "timeline": ("date", "precision", "text", "sources"),
    "quotes": ("text", "speaker", "doc_id", "published", "cue", "attribution", "evidence", "url", "outlet"),
    "documents": ("doc_id", "published", "title", "chars", "events", "quotes", "sha256", "url", "outlet",
                  "author"),
}
CSV_FIELDS: dict[str, tuple[str, ...]] = {
    **FIELDS, "timeline": (*FIELDS["timeline"], "published", "url", "outlet"),
}
CSV_SEPARATOR = ";"  # joins the timeline's sources in one cell
BOM = "\ufeff"

PAGE = 500  # records asked of a paged look-up at a time
HEADLINE_CHARS = 100  # a TimelineJS slide's headline; its text holds the whole statement
_EXTENSIONS = {"jsonl": "jsonl", "json": "json", "csv": "csv", "timelinejs": "json"}

Record = dict[str, Any]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise BadInput(f"cannot export `{kind}`: choose one of {', '.join(KINDS)}")


def check(kind: str, fmt: str) -> None:
    """Raise BadInput unless `kind` and `fmt` make an export."""
    _check_kind(kind)
    if fmt not in FORMATS:
        raise BadInput(f"unknown export format `{fmt}`: choose one of {', '.join(FORMATS)}")
    if fmt == "timelinejs" and kind != "timeline":
        raise BadInput(f"the timelinejs format is for the timeline only, not for {kind}")


def export_filename(kind: str, fmt: str) -> str:
    """`dossier-timeline.csv`, `dossier-quotes.jsonl`, `dossier-timeline-timelinejs.json`…"""
    check(kind, fmt)
    stem = f"dossier-{kind}-timelinejs" if fmt == "timelinejs" else f"dossier-{kind}"
    return f"{stem}.{_EXTENSIONS[fmt]}"


# --- records -------------------------------------------------------------------


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date is not None else None


def timeline_record(entry: TimelineEntry) -> Record:
    return {
        "date": entry.date.iso(),
        "precision": entry.date.precision.value,
        "text": entry.text,
        "sources": [{"doc_id": s.doc_id, "published": _iso(s.published), "url": s.url, "outlet": s.outlet}
                    for s in entry.sources],
    }


def quote_record(hit: QuoteHit) -> Record:
    return {
        "text": hit.text,
        "speaker": hit.speaker,
        "doc_id": hit.source.doc_id,
        "published": _iso(hit.source.published),
        "cue": hit.cue,
        "attribution": hit.attribution,
        "evidence": hit.evidence,
        "url": hit.source.url,
        "outlet": hit.source.outlet,
    }


def document_record(row: DocumentRow) -> Record:
    return {
        "doc_id": row.doc_id,
        "published": _iso(row.published),
        "title": row.title,
        "chars": row.chars,
        "events": row.events,
        "quotes": row.quotes,
        "sha256": row.sha256,
        "url": row.url,
        "outlet": row.outlet,
        "author": row.author,
    }


async def iter_records(store: Store, kind: str, filter_text: str = "") -> AsyncIterator[Record]:
    """The records of one kind, filtered as the matching command filters, streamed."""
    _check_kind(kind)
    text = " ".join(filter_text.split())
    if kind == "timeline":
        source = _timeline(store, text)
    elif kind == "quotes":
        source = _quotes(store, text)
    else:
        source = _documents(store, text)
    async for record in source:
        yield record


async def _timeline(store: Store, text: str) -> AsyncIterator[Record]:
    spec = lookups.TimelineFilter.parse(text)  # the very filter /timeline applies
    async for row in store.iter_entries(spec.span, spec.match()):
        yield timeline_record(lookups.timeline_entry(row))


async def _quotes(store: Store, text: str) -> AsyncIterator[Record]:
    if not words(text):
        async for row in store.iter_quotes():
            yield quote_record(lookups.quote_hit(row))
        return
    # A speaker and/or words: exactly what /quote finds, page after page.
    offset: int | None = 0
    while offset is not None:
        answer = await lookups.quotes(store, text, limit=PAGE, offset=offset)
        for hit in answer.hits:
            yield quote_record(hit)
        offset = answer.page.next_offset(len(answer.hits)) if answer.hits else None


async def _documents(store: Store, text: str) -> AsyncIterator[Record]:
    if not text:
        async for row in store.documents():
            yield document_record(row)
        return
    if " " not in text:  # one word: a doc id, or a prefix of some
        found = False
        async for row in store.documents(prefix=text):
            found = True
            yield document_record(row)
        if found:
            return
    # Words: the documents /source finds, best first.
    offset: int | None = 0
    while offset is not None:
        answer = await lookups.source(store, text, limit=PAGE, offset=offset)
        for hit in answer.hits:
            yield document_record(await store.document(hit.source.doc_id))
        offset = answer.page.next_offset(len(answer.hits)) if answer.hits else None


# --- formats -------------------------------------------------------------------


def _json(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False)


def csv_row(kind: str, record: Record) -> dict[str, Any]:
    """A record as CSV cells: null is an empty cell, the timeline's sources two joined cells."""
    row = {k: ("" if v is None else v) for k, v in record.items()}
    if kind == "timeline":
        row["sources"] = CSV_SEPARATOR.join(s["doc_id"] for s in record["sources"])
        for field in ("published", "url", "outlet"):
            row[field] = CSV_SEPARATOR.join(s[field] or "" for s in record["sources"])
    return {k: defuse_formula(v) for k, v in row.items()}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `@SUM`), made
    plain text by a leading apostrophe, as OWASP's "CSV Injection" page advises."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def timelinejs_event(record: Record) -> Record:
    """One TimelineJS3 slide: the date's known parts as strings, the statement and its sources."""
    date = PartialDate.from_iso(record["date"])
    start: dict[str, str] = {"year": str(date.year)}
    if date.month is not None:
        start["month"] = str(date.month)
    if date.day is not None:
        start["day"] = str(date.day)
    cited = ", ".join(_timelinejs_source(s) for s in record["sources"])
    return {
        "start_date": start,
        "text": {
            "headline": html.escape(one_line(record["text"], HEADLINE_CHARS)),
            "text": f"<p>{html.escape(record['text'])}</p><p>Sources : {cited}</p>",
        },
    }


def _timelinejs_source(source: Record) -> str:
    """`Le Quotidien (2023-02)` linked to the article when it has an address, else `doc_id (date)`."""
    published = PartialDate.from_iso(source["published"]) if source["published"] else None
    ref = SourceRef(source["doc_id"], published, url=source.get("url"), outlet=source.get("outlet"))
    label = html.escape(render.source_label(ref, "fr", iso=True))
    if not ref.url:
        return label
    return f'<a href="{html.escape(ref.url, quote=True)}" target="_blank">{label}</a>'


def _timelinejs_title(filter_text: str, count: int, first: str | None, last: str | None) -> Record:
    about = f"{count} entrée{'s' if count != 1 else ''}"
    if first and last:
        about += f", de {first[:4]} à {last[:4]}" if first[:4] != last[:4] else f", {first[:4]}"
    if filter_text:
        about += f" — filtre : {filter_text}"
    return {"text": {"headline": "Chronologie du dossier", "text": f"<p>{html.escape(about)}</p>"}}


async def write_export(store: Store, kind: str, filter_text: str, fmt: str, out: TextIO) -> int:
    """Stream the records of `kind` to `out` in format `fmt`; return how many were written."""
    check(kind, fmt)
    filter_text = " ".join(filter_text.split())
    records = iter_records(store, kind, filter_text)
    count = 0
    if fmt == "jsonl":
        async for record in records:
            out.write(_json(record) + "\n")
            count += 1
    elif fmt == "json":
        out.write("[")
        async for record in records:
            out.write((",\n" if count else "\n") + _json(record))
            count += 1
        out.write("\n]\n" if count else "]\n")
    elif fmt == "csv":
        out.write(BOM)
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS[kind])
        writer.writeheader()
        async for record in records:
            writer.writerow(csv_row(kind, record))
            count += 1
    else:  # timelinejs: events first, so that the title can say how many and when
        out.write('{"events": [')
        first: str | None = None
        last: str | None = None
        async for record in records:
            out.write((",\n" if count else "\n") + _json(timelinejs_event(record)))
            first = first or record["date"]
            last = record["date"]
            count += 1
        out.write("\n],\n" if count else "],\n")
        out.write(f'"title": {_json(_timelinejs_title(filter_text, count, first, last))}}}\n')
    return count


async def export_to_path(store: Store, kind: str, filter_text: str, fmt: str, path: Path) -> int:
    """Write the export to `path` atomically: all of it, or nothing (and no temporary file)."""
    check(kind, fmt)
    path = Path(path)
    if path.is_dir():
        raise BadInput(f"cannot write the export to {path}: it is a folder")
    folder = path.parent
    temp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # O_EXCL: never follow or clobber someone's file; mode 0o666 honours the umask.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise BadInput(f"cannot write the export to {path}: {error.strerror or error}") from None
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            count = await write_export(store, kind, filter_text, fmt, out)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.replace(temp, path)
        except OSError as error:
            raise BadInput(f"cannot write the export to {path}: {error.strerror or error}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return count
