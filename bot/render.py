"""One renderer for Slack (Block Kit) and the terminal. No SQL, no Slack I/O.

    slack_message(answer, "fr")            → SlackMessage(text, blocks); .to_dict() for the API
    slack_message(answer, shared_by="U1")  → the same answer, posted visibly, naming who shared it
    slack_message(answer, public=True)     → an answer posted where others see it: no Share button
    terminal(answer, "en")                 → plain text for `dossier ask`
    digest_message(digest) / digest_terminal(digest)   → the daily digest, in its own language
    workspace_settings(ws, "fr")           → `/dossier settings`: a workspace's settings
    home_view(stats, "fr")                 → the App Home view

Escaping lives here. Article text (timeline lines, quotes, passages, a card's
lead) is sent as `rich_text` elements (`bot.richtext`), never as mrkdwn, so that
`*jamais*`, `:rage:`, `~` and `_` are shown as the article wrote them. Every other
piece of text from a user or an article goes through `escape()` before it lands in
mrkdwn (`&`, `<`, `>`), so a `<!channel>` or `<@U123>` is shown, never acted on.
Headers and button labels are plain_text objects, which Slack never parses.

A source is shown by `source_mrkdwn()` (and its rich_text and plain twins): a link
`<url|outlet · date>` when the article has an address, else its doc id and date.
`source_label()` is the one label of a source, in every output (exports too).

Slack's limits are kept here too: at most 50 blocks, 3000 characters per
section, 150 per header, 2000 per button value. When results do not fit, fewer
are shown, the count line says "n of total" and the More button continues from
the first result not shown: nothing is dropped silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    RichTextBlock,
    RichTextListElement,
    RichTextQuoteElement,
    RichTextSectionElement,
    SectionBlock,
)

from bot import richtext

from bot.answers import (
    COMMANDS,
    MARK_END,
    MARK_START,
    Answer,
    CorpusStats,
    Digest,
    DocumentCard,
    HelpAnswer,
    NewArticle,
    SubscriptionStatus,
    Page,
    QuoteHit,
    QuotesAnswer,
    SourceAnswer,
    SourceHit,
    SourceRef,
    TimelineAnswer,
    TimelineEntry,
)
from bot.messages import detail, language, month_name, t
from bot.models import PartialDate
from bot.settings import Language, WorkspaceSettings
from bot.text import one_line

MAX_BLOCKS = 50  # a message
MAX_HOME_BLOCKS = 100  # a Home tab view
SECTION_CHARS = 3000
CONTEXT_CHARS = 3000
HEADER_CHARS = 150
BUTTON_VALUE_CHARS = 2000
FALLBACK_CHARS = 3000  # the notification text; Slack allows more, nobody reads more
MAX_OFFSET = 1_000_000  # a "More" button past this is not one we made

SHARE_ACTION = "dossier_share"
MORE_ACTION = "dossier_more"

_HELP_KEYS = {"/timeline": "help.timeline", "/quote": "help.quote", "/source": "help.source"}
_ALL_HELP = ("help.timeline", "help.quote", "help.source", "help.dossier", "help.export", "help.digest",
             "help.settings", "help.mention")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


# --- text helpers ------------------------------------------------------------------


def escape(text: str) -> str:
    """Text from users or articles, made inert for Slack mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unmark(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _fit(raw: str, limit: int, render: Any = escape) -> str:
    """render(raw), cut at a word boundary with an ellipsis so that the result fits `limit`."""
    text = render(raw)
    if len(text) <= limit:
        return text
    cut = raw[:limit]
    while cut and len(render(cut)) > limit - 1:
        # Escaping only lengthens, so dropping the excess in raw characters always makes progress.
        cut = cut[: len(cut) - (len(render(cut)) - (limit - 1))]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return render(cut.rstrip()) + "…"


def date_text(date: PartialDate | None, lang: str = "fr") -> str:
    """A date at its own precision: `2019`, `juillet 2019`, `17 février 2023` (or `date inconnue`)."""
    if date is None:
        return t("date.unknown", lang)
    if date.month is None:
        return str(date.year)
    month = month_name(date.month, lang)
    if date.day is None:
        return f"{month} {date.year}"
    if language(lang) == "en":
        return f"{month} {date.day}, {date.year}"
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {month} {date.year}"


def _doc_id_mrkdwn(doc_id: str) -> str:
    safe = escape(doc_id.replace("`", "'"))
    return f"`{safe}`"


def source_label(ref: SourceRef, lang: str = "fr", *, iso: bool = False) -> str:
    """A source named for a reader, the one label of every output: its outlet (its doc id
    when the outlet is unknown) and its date. `Le Monde · mars 2023` in Slack and on a
    terminal; with `iso`, `Le Monde (2023-03)` or `… (sans date)`, as a TimelineJS slide cites it."""
    name = ref.outlet or ref.doc_id
    if iso:
        return f"{name} ({ref.published.iso() if ref.published else t('date.none', lang)})"
    return f"{name} · {date_text(ref.published, lang)}"


def _link_url(url: str) -> str:
    # In `<url|label>` a `|` or `>` would end the address early; their escapes are valid in URLs.
    return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")


def source_mrkdwn(ref: SourceRef, lang: str = "fr") -> str:
    """One source as Slack shows it everywhere: `<url|outlet · date>`, else `doc_id` · date.

    The one source renderer of every surface (timeline, quotes, /source, card, digest)."""
    if ref.url:
        return f"<{_link_url(ref.url)}|{escape(source_label(ref, lang))}>"
    return f"{_doc_id_mrkdwn(ref.doc_id)} · {escape(date_text(ref.published, lang))}"


def source_rich(ref: SourceRef, lang: str = "fr") -> list[richtext.Element]:
    """`source_mrkdwn` as rich_text elements, for a source inside article text (a card's list)."""
    if ref.url:
        return [richtext.link(ref.url, source_label(ref, lang))]
    return [richtext.text(ref.doc_id, code=True), richtext.text(f" · {date_text(ref.published, lang)}")]


def source_plain(ref: SourceRef, lang: str = "fr") -> str:
    """A source on a terminal or in a file: `Le Monde · mars 2023 · https://…`, else doc id · date."""
    if ref.url:
        return f"{source_label(ref, lang)} · {ref.url}"
    return f"{ref.doc_id} · {date_text(ref.published, lang)}"


def _colon(lang: str) -> str:
    return " : " if language(lang) == "fr" else ": "


def _sources_line(sources: tuple[SourceRef, ...], lang: str, *, plain: bool = False, more: int = 0) -> str:
    """`Sources : `002_…` · mars 2023 ; `003_…` · février 2023` (all of them, or "+n" when too many);
    `more` sources not listed end it with "et n autres"."""
    label = t("source.one" if len(sources) + more == 1 else "source.many", lang) + _colon(lang)
    one = source_plain if plain else source_mrkdwn
    sep = " ; " if language(lang) == "fr" else "; "
    parts = [one(s, lang) for s in sources]
    line = label + sep.join(parts) + (" " + t("source.more", lang, n=more) if more else "")
    if plain or len(line) <= CONTEXT_CHARS:
        return line
    kept: list[str] = []
    for i, part in enumerate(parts):
        if len(label + sep.join([*kept, part]) + f" (+{len(parts) - i + more})") > CONTEXT_CHARS:
            return label + sep.join(kept) + f" (+{len(parts) - i + more})"
        kept.append(part)
    return label + sep.join(kept) + f" (+{more})"


def _quote_marks(text: str, lang: str) -> str:
    return t("quote.open", lang) + text + t("quote.close", lang)


def _speaker(hit: QuoteHit, lang: str) -> str:
    return hit.speaker if hit.speaker else t("speaker.unknown", lang)


def _cue(hit: QuoteHit, lang: str) -> str:
    """` · indice : « a-t-il ajouté » (pronom)`: how the speaker was found, or "" when nothing said."""
    if not hit.cue and not hit.attribution:
        return ""
    kind = t(f"cue.{hit.attribution}", lang) if hit.attribution else t("cue.named", lang)
    if not hit.cue:  # found without words naming the speaker: by the parser, or a follow-on
        return " · " + t("cue.bare", lang, kind=kind)
    cue = t("cue", lang, open=t("quote.open", lang), cue=hit.cue, close=t("quote.close", lang), kind=kind)
    return " · " + cue


def _count_line(page: Page, shown: int, lang: str) -> str:
    if shown == 0:
        return t("count.many", lang, total=page.total)
    if page.offset == 0 and shown == page.total:
        return t("count.one", lang) if shown == 1 else t("count.many", lang, total=page.total)
    return t("count.range", lang, first=page.offset + 1, last=page.offset + shown, total=page.total)


# --- what an answer is, independent of the medium -------------------------------------


def _command_of(answer: Answer) -> str | None:
    if isinstance(answer, TimelineAnswer):
        return "/timeline"
    if isinstance(answer, QuotesAnswer):
        return "/quote"
    if isinstance(answer, SourceAnswer):
        return "/source"
    return None


def _header(answer: Answer, lang: str) -> str:
    if isinstance(answer, TimelineAnswer):
        return (t("timeline.header_query", lang, query=answer.query) if answer.query
                else t("timeline.header", lang))
    if isinstance(answer, QuotesAnswer):
        return t("quotes.header_query", lang, query=answer.query) if answer.query else t("quotes.header", lang)
    if isinstance(answer, SourceAnswer):
        if answer.card is not None:
            return t("card.header", lang, doc_id=answer.card.source.doc_id)
        return t("source.header_query", lang, query=answer.query)
    return t("help.header", lang)


def _results(answer: Answer) -> tuple[Any, ...]:
    if isinstance(answer, TimelineAnswer):
        return answer.entries
    if isinstance(answer, QuotesAnswer):
        return answer.hits
    if isinstance(answer, SourceAnswer):
        return answer.hits
    return ()


def action_value(command: str, query: str, offset: int, shared_by: str | None = None) -> str:
    """What a Share or More button carries: the command, its words, where to start,
    and who shared the page (so that the next page of a shared answer still says so)."""
    data: dict[str, Any] = {"c": command, "q": query, "o": offset}
    if shared_by:
        data["s"] = shared_by
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def parse_action_value(value: str) -> tuple[str, str, int]:
    """The inverse of action_value; ValueError when the value is not ours."""
    data = json.loads(value)
    command, query, offset = data["c"], data["q"], data["o"]
    if (command not in COMMANDS or not isinstance(query, str) or not isinstance(offset, int)
            or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET):
        raise ValueError("not a dossier action value")
    return command, query, offset


def action_sharer(value: str) -> str | None:
    """Who shared the page a button sits on (a Slack user id), if anyone."""
    sharer = json.loads(value).get("s")
    return sharer if isinstance(sharer, str) and _USER_ID.match(sharer) else None


# --- Slack -------------------------------------------------------------------------------


@dataclass
class SlackMessage:
    text: str  # the notification / fallback text (mrkdwn, escaped)
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": [b.to_dict() for b in self.blocks]}


def _mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text, verbatim=True)


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=_mrkdwn(text[:SECTION_CHARS]))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[_mrkdwn(text[:CONTEXT_CHARS])])


def _header_block(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=one_line(text, HEADER_CHARS), emoji=False))


def _rich(*elements: Any) -> RichTextBlock:
    return RichTextBlock(elements=list(elements))


def _line(*parts: Any) -> RichTextSectionElement:
    flat: list[richtext.Element] = []
    for part in parts:
        flat.extend(part if isinstance(part, list) else [part])
    return RichTextSectionElement(elements=flat)


def _speaker_rich(hit: QuoteHit, lang: str) -> richtext.Element:
    # A named speaker in bold; "unknown speaker" in italics, so nobody reads it as a name.
    return richtext.text(_speaker(hit, lang), bold=bool(hit.speaker), italic=not hit.speaker)


def _item_blocks(item: Any, lang: str) -> list[Block]:
    """One result: its article text as rich_text, then a context line naming its source(s)."""
    if isinstance(item, TimelineEntry):
        date = date_text(item.date, lang)
        line = _line(richtext.text(date, bold=True), richtext.text(" — "),
                     richtext.article(one_line(item.text, SECTION_CHARS - len(date) - 3)))
        return [_rich(line), _context(_sources_line(item.sources, lang, more=item.more))]
    if isinstance(item, QuoteHit):
        budget = SECTION_CHARS - len(_quote_marks("", lang))
        quote = RichTextQuoteElement(elements=richtext.article(_quote_marks(one_line(item.text, budget), lang)))
        return [_rich(quote, _line(richtext.text("— "), _speaker_rich(item, lang))),
                _context(_sources_line((item.source,), lang) + escape(_cue(item, lang)))]
    if isinstance(item, SourceHit):
        title = [richtext.text(one_line(item.title, 500), bold=True), richtext.text("\n")] if item.title else []
        snippet = richtext.article(one_line(item.snippet, SECTION_CHARS), marked=True)
        return [_rich(_line(title, snippet)), _context(_sources_line((item.source,), lang))]
    raise TypeError(f"no rendering for {type(item).__name__}")


def _pack_list(title: str, lines: list[RichTextSectionElement], budget_blocks: int) -> tuple[list[Block], int]:
    """Bulleted lines under a bold title, in as few rich_text blocks as fit; returns blocks and lines kept."""
    blocks: list[Block] = []
    heading: list[Any] = [_line(richtext.text(title, bold=True))]
    current: list[RichTextSectionElement] = []
    size = len(title)
    kept = 0
    for line in lines:
        length = richtext.plain_length(line.elements)
        if current and size + length > SECTION_CHARS:
            if len(blocks) + 1 >= budget_blocks:
                break
            blocks.append(_rich(*heading, RichTextListElement(style="bullet", elements=current)))
            heading, current, size = [], [], 0
        current.append(line)
        size += length
        kept += 1
    if current and len(blocks) < budget_blocks:
        blocks.append(_rich(*heading, RichTextListElement(style="bullet", elements=current)))
    elif not current and kept == 0 and budget_blocks > 0:
        blocks.append(_rich(*heading))
    return blocks, kept


def _card_blocks(card: DocumentCard, lang: str, budget: int) -> list[Block]:
    title = (richtext.text(one_line(card.title, 500), bold=True) if card.title
             else richtext.text(t("untitled", lang), italic=True))
    lead = richtext.article(one_line(card.lead, SECTION_CHARS - 510))
    blocks: list[Block] = [
        _rich(_line(title, richtext.text("\n"), lead)),
        _context(f"{source_mrkdwn(card.source, lang)} · {t('card.chars', lang, n=card.chars)}"),
    ]
    event_lines = []
    for entry in card.events:
        parts: list[Any] = [richtext.text(date_text(entry.date, lang), bold=True), richtext.text(" — "),
                            richtext.article(one_line(entry.text, 600))]
        others = [s for s in entry.sources if s.doc_id != card.source.doc_id]
        if others:
            parts.append(richtext.text(f" ({t('card.also', lang)}{_colon(lang)}", italic=True))
            for i, other in enumerate(others):
                parts.extend(([richtext.text(", ")] if i else []) + source_rich(other, lang))
            parts.append(richtext.text(")", italic=True))
        event_lines.append(_line(*parts))
    quote_lines = [
        _line(richtext.article(_quote_marks(one_line(hit.text, 1200), lang)), richtext.text(" — "),
              _speaker_rich(hit, lang))
        for hit in card.quotes
    ]
    notes: list[str] = []
    for key, lines in (("card.events", event_lines), ("card.quotes", quote_lines)):
        heading = t(key, lang, n=len(lines))
        if not lines:
            blocks.append(_section(f"*{heading}*{_colon(lang)}{t('card.none', lang)}"))
            continue
        room = budget - len(blocks) - 1  # keep one block for a note
        packed, kept = _pack_list(heading, lines, max(room, 0))
        blocks.extend(packed)
        if kept < len(lines):
            notes.append(f"{heading} — {t('count.shown', lang, shown=kept, total=len(lines))}")
    if notes:
        blocks.append(_context(" · ".join(notes) + " · " + t("count.refine", lang)))
    return blocks


def _help_blocks(answer: HelpAnswer, lang: str) -> list[Block]:
    blocks: list[Block] = []
    if answer.problem:
        blocks.append(_section(t("help.problem", lang, problem=escape(detail(answer.problem, lang)))))
    if answer.empty_file:
        blocks.append(_section(escape(t("home.empty", lang))))
    if answer.command in _HELP_KEYS:
        keys: tuple[str, ...] = (_HELP_KEYS[answer.command],)
    else:
        blocks.append(_section(t("help.intro", lang)))
        keys = _ALL_HELP
    blocks.append(_section("\n".join(t(k, lang) for k in keys)))
    return blocks


def _empty_text(answer: Answer, lang: str, *, plain: bool) -> list[str]:
    page: Page = answer.page  # type: ignore[union-attr]
    query: str = answer.query  # type: ignore[union-attr]
    lines = []
    if page.total and page.offset >= page.total:
        lines.append(t("empty.past_end", lang, total=page.total))
        return lines
    shown_query = query if plain else escape(query)
    lines.append(t("empty", lang, query=shown_query) if query.strip() else t("empty.no_query", lang))
    suggestion = answer.suggestion  # type: ignore[union-attr]
    command = _command_of(answer)
    if suggestion:
        tried = f"{command} {suggestion}"
        lines.append(t("suggest", lang, suggestion=tried if plain else f"`{escape(tried)}`"))
    else:
        help_cmd = "/dossier help"
        lines.append(t("suggest.none", lang, help=help_cmd if plain else f"`{help_cmd}`"))
    return lines


def slack_message(
    answer: Answer, lang: Language = "fr", *, shared_by: str | None = None, public: bool = False
) -> SlackMessage:
    """An answer as a Slack message: header, a section and a source line per result, buttons.

    A public answer (shared, or posted in a channel or thread) has no Share button:
    everyone there already sees it."""
    lang = language(lang)
    public = public or bool(shared_by)
    header = _header(answer, lang)
    blocks: list[Block] = [_header_block(header)]
    if shared_by:
        who = f"<@{shared_by}>" if _USER_ID.match(shared_by) else escape(shared_by)
        blocks.append(_context(t("shared_by", lang, user=who)))

    if isinstance(answer, HelpAnswer):
        blocks.extend(_help_blocks(answer, lang))
        fallback = header
        if answer.problem:
            fallback += " — " + detail(answer.problem, lang)
        if answer.empty_file:
            fallback += " — " + t("home.empty", lang)
        return SlackMessage(_fit(fallback, FALLBACK_CHARS), blocks)

    command = _command_of(answer)
    assert command is not None
    buttons: list[ButtonElement] = []

    if isinstance(answer, SourceAnswer) and answer.card is not None:
        budget = MAX_BLOCKS - len(blocks) - 1  # keep one for the actions
        blocks.extend(_card_blocks(answer.card, lang, budget))
        if not public:
            buttons.append(_button("button.share", SHARE_ACTION, action_value(command, answer.query, 0), lang))
        if buttons:
            blocks.append(ActionsBlock(elements=buttons))
        # The notification names the document only: article text never goes through mrkdwn.
        return SlackMessage(_fit(header, FALLBACK_CHARS), blocks)

    results = _results(answer)
    page: Page = answer.page  # type: ignore[union-attr]
    if not results:
        lines = _empty_text(answer, lang, plain=False)
        blocks.append(_section("\n".join(lines)))
        fallback = f"{escape(header)} — {lines[0]}"
        return SlackMessage(_fit(fallback, FALLBACK_CHARS, lambda s: s), blocks)

    count_index = len(blocks)
    blocks.append(_context(""))  # the count line, written once we know how many fit
    reserved = 2  # a note and the actions
    shown = 0
    for item in results:
        item_blocks = _item_blocks(item, lang)
        if len(blocks) + len(item_blocks) + reserved > MAX_BLOCKS:
            break
        blocks.extend(item_blocks)
        shown += 1
    count = _count_line(page, shown, lang)
    next_offset = page.next_offset(shown)
    note = None
    if next_offset is not None:
        more_value = action_value(command, answer.query, next_offset, shared_by)
        if len(more_value) <= BUTTON_VALUE_CHARS:
            buttons.append(_button("button.more", MORE_ACTION, more_value, lang))
            note = t("count.next", lang, left=page.total - next_offset)
        else:
            note = t("count.refine", lang)
    blocks[count_index] = _context(count if note is None else f"{count} · {note}")
    share_value = action_value(command, answer.query, page.offset)
    if not public and len(share_value) <= BUTTON_VALUE_CHARS:
        buttons.insert(0, _button("button.share", SHARE_ACTION, share_value, lang))
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    fallback = f"{escape(header)} — {count}"
    return SlackMessage(_fit(fallback, FALLBACK_CHARS, lambda s: s), blocks)


def _button(label_key: str, action_id: str, value: str, lang: str) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=t(label_key, lang), emoji=False),
        action_id=action_id,
        value=value,
    )


def error_message(text: str) -> SlackMessage:
    """A short message (an error, an export notice) with its text escaped."""
    body = _fit(text, SECTION_CHARS)
    return SlackMessage(_fit(text, FALLBACK_CHARS), [_section(body)])


# --- terminal ------------------------------------------------------------------------------


def terminal(answer: Answer, lang: Language = "fr") -> str:
    """An answer as plain text, with the same content as in Slack (every source: doc id + date)."""
    lang = language(lang)
    header = _header(answer, lang)
    out = [header, "=" * min(len(header), 72)]
    if isinstance(answer, HelpAnswer):
        if answer.problem:
            out.append(t("help.problem", lang, problem=detail(answer.problem, lang)))
        if answer.empty_file:
            out.append(_untick(t("home.empty", lang)))
        if answer.command in _HELP_KEYS:
            keys: tuple[str, ...] = (_HELP_KEYS[answer.command],)
        else:
            out.append(t("help.intro", lang))
            keys = _ALL_HELP
        out.extend(_untick(t(k, lang)) for k in keys)
        return "\n".join(out) + "\n"

    if isinstance(answer, SourceAnswer) and answer.card is not None:
        card = answer.card
        out.append(card.title or t("untitled", lang))
        out.append(card.lead)
        out.append(f"{source_plain(card.source, lang)} · {t('card.chars', lang, n=card.chars)}")
        out.append("")
        out.append(t("card.events", lang, n=len(card.events)))
        for entry in card.events:
            line = f"  {date_text(entry.date, lang)} — {entry.text}"
            others = [s for s in entry.sources if s.doc_id != card.source.doc_id]
            if others:
                line += f" ({t('card.also', lang)}{_colon(lang)}" + ", ".join(source_plain(s, lang) for s in others) + ")"
            out.append(line)
        out.append("")
        out.append(t("card.quotes", lang, n=len(card.quotes)))
        for hit in card.quotes:
            out.append(f"  {_quote_marks(' '.join(hit.text.split()), lang)} — {_speaker(hit, lang)}")
        return "\n".join(out) + "\n"

    results = _results(answer)
    page: Page = answer.page  # type: ignore[union-attr]
    if not results:
        out.extend(_empty_text(answer, lang, plain=True))
        return "\n".join(out) + "\n"
    out.append(_count_line(page, len(results), lang))
    for item in results:
        out.append("")
        if isinstance(item, TimelineEntry):
            out.append(f"{date_text(item.date, lang)} — {item.text}")
            out.append("  " + _sources_line(item.sources, lang, plain=True, more=item.more))
        elif isinstance(item, QuoteHit):
            out.append(f"{_quote_marks(' '.join(item.text.split()), lang)} — {_speaker(item, lang)}")
            out.append("  " + _sources_line((item.source,), lang, plain=True) + _cue(item, lang))
        elif isinstance(item, SourceHit):
            if item.title:
                out.append(item.title)
            out.append("  " + " ".join(unmark(item.snippet).split()))
            out.append("  " + _sources_line((item.source,), lang, plain=True))
    next_offset = page.next_offset(len(results))
    if next_offset is not None:
        out.append("")
        out.append(t("count.next_terminal", lang, left=page.total - next_offset, offset=next_offset))
    return "\n".join(out) + "\n"


def _untick(text: str) -> str:
    return text.replace("`", "")


# --- the daily digest ----------------------------------------------------------------------


def _day(digest: Digest) -> PartialDate:
    return PartialDate(digest.day.year, digest.day.month, digest.day.day)


def _years_ago(entry: TimelineEntry, digest: Digest, lang: str) -> str:
    n = digest.day.year - entry.date.year
    return t("digest.year_ago", lang) if n == 1 else t("digest.years_ago", lang, n=n)


def _more(total: int, shown: int, lang: str) -> str | None:
    return t("digest.more", lang, n=total - shown) if total > shown else None


def _counts(digest: Digest, lang: str) -> str:
    return t("digest.counts", lang, documents=digest.documents, entries=digest.entries,
             quotes=digest.quotes)


def _article_line(article: NewArticle, lang: str) -> RichTextSectionElement:
    """A new article in a list: its title (article text, so rich_text) and its source."""
    title = one_line(article.title, 300) if article.title else t("untitled", lang)
    return _line(richtext.text(title, bold=True), richtext.text(" — "), source_rich(article.source, lang))


def _on_this_day_blocks(entry: TimelineEntry, digest: Digest, lang: str) -> list[Block]:
    when = f"{date_text(entry.date, lang)}"
    ago = f" ({_years_ago(entry, digest, lang)}) — "
    line = _line(richtext.text(when, bold=True), richtext.text(ago),
                 richtext.article(one_line(entry.text, SECTION_CHARS - len(when) - len(ago))))
    return [_rich(line), _context(_sources_line(entry.sources, lang, more=entry.more))]


def digest_message(digest: Digest) -> SlackMessage:
    """The digest as one channel post: a header, its sections with their sources, the counts.

    At most ON_THIS_DAY entries (two blocks each) and a few rich_text blocks of new
    articles, so the post stays far inside Slack's 50 blocks; the rest is counted, never
    dropped silently.
    """
    lang = language(digest.language)
    header = t("digest.header", lang, date=date_text(_day(digest), lang))
    blocks: list[Block] = [_header_block(header)]
    if digest.empty:
        blocks += [_section(escape(t("digest.empty", lang))), _context(escape(_counts(digest, lang)))]
        return SlackMessage(_fit(f"{header} — {t('digest.empty', lang)}", FALLBACK_CHARS), blocks)
    summary: list[str] = []
    if digest.on_this_day:
        title = t("digest.on_this_day", lang)
        blocks.append(_section(f"*{escape(title)}*"))
        for entry in digest.on_this_day:
            blocks += _on_this_day_blocks(entry, digest, lang)
        if more := _more(digest.on_this_day_total, len(digest.on_this_day), lang):
            blocks.append(_context(escape(more)))
        summary.append(f"{title} ({digest.on_this_day_total})")
    if digest.new_articles:
        title = t("digest.new", lang, n=digest.new_total)
        lines = [_article_line(a, lang) for a in digest.new_articles]
        packed, kept = _pack_list(title, lines, 3)  # 15 lines of at most ~420 characters
        blocks += packed
        if more := _more(digest.new_total, kept, lang):
            blocks.append(_context(escape(more)))
        summary.append(title)
    if digest.quote is not None:
        blocks.append(DividerBlock())
        blocks.append(_section(f"*{escape(t('digest.quote', lang))}*"))
        blocks += _item_blocks(digest.quote, lang)
    blocks.append(_context(escape(_counts(digest, lang))))
    fallback = f"{header} — " + " · ".join(summary or [t("digest.quote", lang)])
    return SlackMessage(_fit(fallback, FALLBACK_CHARS), blocks[:MAX_BLOCKS])


def digest_terminal(digest: Digest) -> str:
    """The same digest as plain text (`dossier digest --dry-run`)."""
    lang = language(digest.language)
    header = t("digest.header", lang, date=date_text(_day(digest), lang))
    out = [header, "=" * min(len(header), 72)]
    if digest.empty:
        out += [t("digest.empty", lang), "", _counts(digest, lang)]
        return "\n".join(out) + "\n"
    if digest.on_this_day:
        out += ["", t("digest.on_this_day", lang)]
        for entry in digest.on_this_day:
            out.append(f"{date_text(entry.date, lang)} ({_years_ago(entry, digest, lang)}) — {entry.text}")
            out.append("  " + _sources_line(entry.sources, lang, plain=True))
        if more := _more(digest.on_this_day_total, len(digest.on_this_day), lang):
            out.append(more)
    if digest.new_articles:
        out += ["", t("digest.new", lang, n=digest.new_total)]
        out += [f"  {a.title or t('untitled', lang)} — {source_plain(a.source, lang)}"
                for a in digest.new_articles]
        if more := _more(digest.new_total, len(digest.new_articles), lang):
            out.append(more)
    if digest.quote is not None:
        hit = digest.quote
        out += ["", t("digest.quote", lang),
                f"{_quote_marks(' '.join(hit.text.split()), lang)} — {_speaker(hit, lang)}",
                "  " + _sources_line((hit.source,), lang, plain=True)]
    out += ["", _counts(digest, lang)]
    return "\n".join(out) + "\n"


_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


def moment_text(moment: datetime, lang: str) -> str:
    """`17 février 2024 à 08:30` in the moment's own zone."""
    day = PartialDate(moment.year, moment.month, moment.day)
    return t("digest.at", lang, date=date_text(day, lang), time=moment.strftime("%H:%M"))


def _subscription_words(status: SubscriptionStatus, lang: str) -> dict[str, str]:
    return {"days": t(f"digest.days.{status.days}", lang), "time": status.post_time,
            "zone": status.timezone, "language": t(f"digest.lang.{language(status.language)}", lang),
            "next": moment_text(status.next_post, lang)}


def digest_confirmation(status: SubscriptionStatus, lang: Language = "fr") -> SlackMessage:
    return error_message(t("digest.subscribed", language(lang), **_subscription_words(status, lang)))


def subscription_lines(statuses: list[SubscriptionStatus], lang: Language = "fr", *,
                       plain: bool = False) -> list[str]:
    """One line per subscription: when, in which language, next and last post, failing or not."""
    lines = []
    for status in statuses:
        if plain or not _CHANNEL_ID.match(status.channel_id):
            channel = status.channel_id if plain else escape(status.channel_id)
        else:
            channel = f"<#{status.channel_id}>"
        words = _subscription_words(status, lang)
        last = moment_text(status.last_post, lang) if status.last_post else t("digest.never", lang)
        line = t("digest.list.line", lang, channel=channel, last=last,
                 **{k: v if plain else escape(v) for k, v in words.items()})
        if status.error:
            failing = t("digest.failing", lang, error=status.error.replace("`", "'"))
            line += " · " + (_untick(failing) if plain else escape(failing))
        lines.append(line)
    return lines


def digest_subscriptions(statuses: list[SubscriptionStatus], lang: Language = "fr") -> SlackMessage:
    """`/dossier digest`: the workspace's subscriptions, or none and how to add one."""
    lang = language(lang)
    header = t("digest.list.header", lang)
    blocks: list[Block] = [_header_block(header)]
    if not statuses:
        blocks += [_section(t("digest.list.none", lang)), _context(t("digest.usage", lang))]
        return SlackMessage(f"{escape(header)} — {t('digest.list.none', lang)}", blocks)
    lines = [f"• {line}" for line in subscription_lines(statuses, lang)]
    count = t("count.one", lang) if len(lines) == 1 else t("count.many", lang, total=len(lines))
    blocks.append(_context(escape(count)))
    current = ""
    kept = 0
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_CHARS:
            if len(blocks) + 2 >= MAX_BLOCKS:  # keep one for the note below
                break
            blocks.append(_section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
        kept += 1
    blocks.append(_section(current))
    if kept < len(lines):
        blocks.append(_context(t("count.shown", lang, shown=kept, total=len(lines))))
    return SlackMessage(f"{escape(header)} — {count}", blocks)


def digest_preview(digest: Digest) -> SlackMessage:
    """The digest as the asker alone sees it, marked as a preview."""
    message = digest_message(digest)
    note = _context(escape(t("digest.preview", language(digest.language))))
    return SlackMessage(message.text, [*message.blocks[:MAX_BLOCKS - 1], note])


def workspace_settings(ws: WorkspaceSettings, lang: Language = "fr") -> SlackMessage:
    """`/dossier settings`: a workspace's settings in force, and how to change them."""
    admins = ", ".join(f"`{user}`" for user in ws.admins) or t("settings.default_admins", lang)
    return error_message(t("settings.show", lang, language=ws.language, admins=admins,
                           exporters=t(f"settings.exporters.{ws.exporters}", lang),
                           digest_when_empty=ws.digest_when_empty))


# --- App Home ------------------------------------------------------------------------------


def home_view(stats: CorpusStats, lang: Language = "fr") -> dict[str, Any]:
    """The App Home tab: what the file holds, and how to ask."""
    lang = language(lang)
    blocks: list[Block] = [_header_block(t("home.header", lang)), _section(t("home.intro", lang))]
    if stats.documents == 0:
        blocks.append(_section(escape(t("home.empty", lang))))
    else:
        line = t("home.documents", lang, n=stats.documents)
        if stats.undated:
            line += f" ({t('home.undated', lang, n=stats.undated)})"
        if stats.first is not None and stats.last is not None:
            span = t("home.span", lang, first=date_text(stats.first, lang), last=date_text(stats.last, lang))
            line += f", {escape(span)}"
        line += "\n" + t("home.counts", lang, events=stats.events, quotes=stats.quotes)
        blocks.append(_section(line))
        if stats.top_speakers:
            names = ", ".join(f"{escape(s.name)} ({s.quotes})" for s in stats.top_speakers)
            blocks.append(_context(t("home.speakers", lang, names=names)))
        if stats.latest:  # each with its source, a link when the article has an address
            blocks += _pack_list(t("home.latest", lang), [_article_line(a, lang) for a in stats.latest], 2)[0]
    blocks.append(DividerBlock())
    blocks.append(_section(t("home.usage", lang) + "\n" + "\n".join(t(k, lang) for k in _ALL_HELP)))
    return {"type": "home", "blocks": [b.to_dict() for b in blocks[:MAX_HOME_BLOCKS]]}
