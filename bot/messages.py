"""Every string a user reads, in French (the default) and English, looked up by key.

    t("empty", "en", query="xyz")      → 'Nothing found for "xyz".'
    error_text(NotFound("no document `x`"), "fr")
    month_name(7, "fr")                → "juillet"

Strings are templates for `str.format`; the caller escapes what it puts in them
(`bot.render` does, for Slack). Keys missing in English fall back to French, and
a missing key raises KeyError (tests catch it), so a typo never reaches a user.
"""

from __future__ import annotations

import re

from bot.errors import BadInput, ConfigError, DossierError, NotFound
from bot.settings import Language

LANGUAGES: tuple[Language, ...] = ("fr", "en")

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}

MESSAGES: dict[str, dict[str, str]] = {
    # Headers (plain text)
    "timeline.header": {"fr": "Chronologie", "en": "Timeline"},
    "timeline.header_query": {"fr": "Chronologie : {query}", "en": "Timeline: {query}"},
    "quotes.header": {"fr": "Citations", "en": "Quotes"},
    "quotes.header_query": {"fr": "Citations : {query}", "en": "Quotes: {query}"},
    "source.header_query": {"fr": "Sources : {query}", "en": "Sources: {query}"},
    "card.header": {"fr": "Document {doc_id}", "en": "Document {doc_id}"},
    "help.header": {"fr": "dossier — aide", "en": "dossier — help"},
    "home.header": {"fr": "dossier", "en": "dossier"},
    # Counts
    "count.one": {"fr": "1 résultat", "en": "1 result"},
    "count.many": {"fr": "{total} résultats", "en": "{total} results"},
    "count.range": {"fr": "Résultats {first}–{last} sur {total}", "en": "Results {first}–{last} of {total}"},
    "count.shown": {"fr": "{shown} sur {total} affichés", "en": "{shown} of {total} shown"},
    "count.next": {
        "fr": "{left} de plus : bouton « Plus »",
        "en": "{left} more: “More” button",
    },
    "count.next_terminal": {
        "fr": "{left} de plus (suite à partir de {offset})",
        "en": "{left} more (continue from {offset})",
    },
    "count.refine": {
        "fr": "Précisez la recherche pour voir la suite.",
        "en": "Narrow the search to see the rest.",
    },
    # Empty results
    "empty": {"fr": "Aucun résultat pour « {query} ».", "en": "Nothing found for “{query}”."},
    "empty.no_query": {"fr": "Aucun résultat.", "en": "Nothing found."},
    "empty.past_end": {
        "fr": "Plus de résultats : les {total} sont déjà affichés.",
        "en": "No more results: all {total} were shown.",
    },
    "suggest": {"fr": "Essayez : {suggestion}", "en": "Try: {suggestion}"},
    "suggest.none": {
        "fr": "Essayez d’autres mots, une année, ou {help}.",
        "en": "Try other words, a year, or {help}.",
    },
    # Sources and people
    "source.one": {"fr": "Source", "en": "Source"},
    "source.many": {"fr": "Sources", "en": "Sources"},
    "source.more": {"fr": "et {n} autres", "en": "and {n} more"},
    "date.unknown": {"fr": "date inconnue", "en": "date unknown"},
    "date.none": {"fr": "sans date", "en": "no date"},  # after a source's name: `doc (sans date)`
    "speaker.unknown": {"fr": "orateur inconnu", "en": "unknown speaker"},
    # How a speaker was found: the cue as the article wrote it, and its kind.
    "cue": {"fr": "indice : {open}{cue}{close} ({kind})", "en": "cue: {open}{cue}{close} ({kind})"},
    "cue.bare": {"fr": "indice : {kind}", "en": "cue: {kind}"},
    "cue.named": {"fr": "nommé", "en": "named"},
    "cue.pronoun": {"fr": "pronom", "en": "pronoun"},
    "cue.description": {"fr": "description", "en": "description"},
    "cue.follow-on": {"fr": "suite de la citation précédente", "en": "follows the previous quote"},
    "cue.tweet": {"fr": "tweet", "en": "tweet"},
    "cue.anonymous": {"fr": "anonyme", "en": "anonymous"},
    "cue.unresolved": {"fr": "non résolu", "en": "unresolved"},
    "cue.parsed": {"fr": "sujet trouvé par l’analyse syntaxique", "en": "subject found by the parser"},
    "quote.open": {"fr": "« ", "en": "“"},
    "quote.close": {"fr": " »", "en": "”"},
    "untitled": {"fr": "(sans titre)", "en": "(untitled)"},
    "card.events": {"fr": "Événements ({n})", "en": "Events ({n})"},
    "card.quotes": {"fr": "Citations ({n})", "en": "Quotes ({n})"},
    "card.none": {"fr": "aucun", "en": "none"},
    "card.chars": {"fr": "{n} caractères", "en": "{n} characters"},
    "card.also": {"fr": "aussi", "en": "also"},
    # Buttons and sharing
    "button.share": {"fr": "Partager dans le canal", "en": "Share in channel"},
    "button.more": {"fr": "Plus", "en": "More"},
    "shared_by": {"fr": "Partagé par {user}", "en": "Shared by {user}"},
    # Help
    "help.intro": {
        "fr": "dossier tient le dossier de l’affaire : chronologie, citations et sources des articles.",
        "en": "dossier keeps the file on the story: timeline, quotes and sources from the articles.",
    },
    "help.timeline": {
        "fr": "`/timeline [année | début-fin | mots]` — la chronologie, datée et sourcée. Ex. : `/timeline 2019`, `/timeline février 2023`, `/timeline de mars à juin 2023`, `/timeline 2015-2018 microsoft`",
        "en": "`/timeline [year | start-end | words]` — the dated, sourced timeline. E.g. `/timeline 2019`, `/timeline July 2019`, `/timeline 2023-02-17`, `/timeline 2015-2018 microsoft`",
    },
    "help.quote": {
        "fr": "`/quote [mots | orateur]` — qui a dit quoi, et où. Ex. : `/quote altman`, `/quote bande d’idiots`",
        "en": "`/quote [words | speaker]` — who said what, and where. E.g. `/quote altman`, `/quote bande d’idiots`",
    },
    "help.source": {
        "fr": "`/source [doc id | affirmation]` — la fiche d’un article, ou les articles qui appuient une affirmation. Ex. : `/source 002`",
        "en": "`/source [doc id | claim]` — an article’s card, or the articles behind a claim. E.g. `/source 002`",
    },
    "help.dossier": {
        "fr": "`/dossier help` — cette aide",
        "en": "`/dossier help` — this help",
    },
    "help.export": {
        "fr": "`/dossier export timeline|quotes|documents [filtre]` — le fichier en message privé (jsonl ; ajoutez `csv`, `json` ou `timelinejs`)",
        "en": "`/dossier export timeline|quotes|documents [filter]` — the file in a direct message (jsonl; add `csv`, `json` or `timelinejs`)",
    },
    "help.settings": {
        "fr": "`/dossier settings` — les réglages de cet espace (langue, administrateurs, exports), pour ses administrateurs",
        "en": "`/dossier settings` — this workspace’s settings (language, admins, exports), for its admins",
    },
    "help.digest": {
        "fr": "`/dossier digest here 08:30 Europe/Paris` — le dossier du jour chaque matin dans ce canal (`/dossier digest help` pour le reste)",
        "en": "`/dossier digest here 08:30 Europe/Paris` — the daily file every morning in this channel (`/dossier digest help` for more)",
    },
    "help.mention": {
        "fr": "`@dossier question` — une question en toutes lettres, réponse dans le fil. Ex. : `@dossier qui a dit bande d’idiots ?`",
        "en": "`@dossier question` — a question in plain words, answered in the thread. E.g. `@dossier who said bande d’idiots?`",
    },
    "help.problem": {"fr": "⚠️ {problem}", "en": "⚠️ {problem}"},
    # App Home
    "home.intro": {
        "fr": "Je tiens le dossier de l’affaire à partir des articles ingérés. Chaque réponse cite ses sources (doc id et date de publication).",
        "en": "I keep the file on the story from the ingested articles. Every answer cites its sources (doc id and publication date).",
    },
    "home.empty": {
        "fr": "Le dossier est vide : lancez `dossier ingest <dossier d’articles>`.",
        "en": "The file is empty: run `dossier ingest <folder of articles>`.",
    },
    "home.documents": {"fr": "*{n}* documents", "en": "*{n}* documents"},
    "home.undated": {"fr": "dont {n} sans date", "en": "{n} without a date"},
    "home.span": {"fr": "publiés de {first} à {last}", "en": "published from {first} to {last}"},
    "home.counts": {
        "fr": "*{events}* entrées de chronologie, *{quotes}* citations",
        "en": "*{events}* timeline entries, *{quotes}* quotes",
    },
    "home.speakers": {"fr": "Les plus cités : {names}", "en": "Most quoted: {names}"},
    "home.latest": {"fr": "Derniers articles", "en": "Latest articles"},
    "home.usage": {"fr": "*Commandes*", "en": "*Commands*"},
    # Export
    "export.started": {
        "fr": "Export {kind} en préparation : je vous l’envoie en message privé.",
        "en": "Preparing the {kind} export: I’ll send it to you in a direct message.",
    },
    "export.done": {
        "fr": "Export {kind} ({rows} lignes){filter}.",
        "en": "{kind} export ({rows} rows){filter}.",
    },
    "export.filter": {"fr": ", filtre « {filter} »", "en": ", filter “{filter}”"},
    "export.failed": {
        "fr": "L’export n’a pas pu être envoyé : {reason}",
        "en": "The export could not be sent: {reason}",
    },
    "export.usage": {
        "fr": "Usage : `/dossier export timeline|quotes|documents [filtre] [csv|json|jsonl|timelinejs]`",
        "en": "Usage: `/dossier export timeline|quotes|documents [filter] [csv|json|jsonl|timelinejs]`",
    },
    "export.unavailable": {
        "fr": "l’export n’est pas encore disponible sur ce serveur.",
        "en": "export is not available on this server yet.",
    },
    # Daily digest
    "digest.header": {"fr": "Le dossier du jour — {date}", "en": "The daily file — {date}"},
    "digest.on_this_day": {"fr": "Ce jour-là", "en": "On this day"},
    "digest.years_ago": {"fr": "il y a {n} ans", "en": "{n} years ago"},
    "digest.year_ago": {"fr": "il y a 1 an", "en": "1 year ago"},
    "digest.new": {"fr": "Nouveaux articles ({n})", "en": "New articles ({n})"},
    "digest.quote": {"fr": "Citation du jour", "en": "Quote of the day"},
    "digest.more": {"fr": "… et {n} de plus", "en": "… and {n} more"},
    "digest.counts": {
        "fr": "Le dossier : {documents} articles, {entries} entrées de chronologie, {quotes} citations",
        "en": "The file: {documents} articles, {entries} timeline entries, {quotes} quotes",
    },
    "digest.empty": {
        "fr": "Rien de neuf aujourd’hui : aucun événement à cette date les années passées, aucun nouvel article.",
        "en": "Nothing new today: no event on this date in past years, no new article.",
    },
    "digest.usage": {
        "fr": "`/dossier digest here 08:30 Europe/Paris [weekdays|daily] [fr|en]` abonne ce canal au dossier du jour ; `/dossier digest` liste les abonnements ; `/dossier digest off` désabonne ce canal ; `/dossier digest preview` montre le dossier du jour, à vous seul.",
        "en": "`/dossier digest here 08:30 Europe/Paris [weekdays|daily] [fr|en]` subscribes this channel to the daily file; `/dossier digest` lists the subscriptions; `/dossier digest off` unsubscribes this channel; `/dossier digest preview` shows today’s file, to you alone.",
    },
    "digest.days.daily": {"fr": "chaque jour", "en": "every day"},
    "digest.days.weekdays": {"fr": "du lundi au vendredi", "en": "Monday to Friday"},
    "digest.lang.fr": {"fr": "en français", "en": "in French"},
    "digest.lang.en": {"fr": "en anglais", "en": "in English"},
    "digest.at": {"fr": "{date} à {time}", "en": "{date} at {time}"},
    "digest.subscribed": {
        "fr": "Ce canal recevra le dossier du jour {days} à {time} ({zone}), {language}. Prochain envoi : {next}. Si le bot n’est pas encore membre du canal, invitez-le : `/invite @dossier`.",
        "en": "This channel will get the daily file {days} at {time} ({zone}), {language}. Next post: {next}. If the bot is not a member of the channel yet, invite it: `/invite @dossier`.",
    },
    "digest.removed": {
        "fr": "Ce canal ne recevra plus le dossier du jour.",
        "en": "This channel will no longer get the daily file.",
    },
    "digest.not_subscribed": {
        "fr": "Ce canal n’est pas abonné au dossier du jour.",
        "en": "This channel is not subscribed to the daily file.",
    },
    "digest.list.header": {"fr": "Dossier du jour : abonnements", "en": "Daily file: subscriptions"},
    "digest.list.none": {"fr": "Aucun canal n’est abonné.", "en": "No channel is subscribed."},
    "digest.list.line": {
        "fr": "{channel} — {days} à {time} ({zone}), {language} · prochain envoi : {next} · dernier : {last}",
        "en": "{channel} — {days} at {time} ({zone}), {language} · next post: {next} · last: {last}",
    },
    "digest.never": {"fr": "jamais", "en": "never"},
    "digest.failing": {
        "fr": "⚠️ en échec : `{error}` (invitez le bot dans le canal, puis réabonnez-le)",
        "en": "⚠️ failing: `{error}` (invite the bot to the channel, then subscribe it again)",
    },
    "settings.show": {
        "fr": "*Réglages de dossier pour cet espace*\nlangue : `{language}`\nadministrateurs de dossier : {admins}\nexports : {exporters}\ndigest sans nouvelles : `{digest_when_empty}`\n\nChanger : `/dossier settings language fr|en`, `/dossier settings admins @nom …` (`none` : les administrateurs Slack), `/dossier settings export everyone|admins`, `/dossier settings digest-empty line|nothing`",
        "en": "*dossier settings for this workspace*\nlanguage: `{language}`\ndossier admins: {admins}\nexports: {exporters}\ndigest with no news: `{digest_when_empty}`\n\nChange: `/dossier settings language fr|en`, `/dossier settings admins @name …` (`none`: the Slack admins), `/dossier settings export everyone|admins`, `/dossier settings digest-empty line|nothing`",
    },
    "settings.default_admins": {"fr": "les administrateurs et propriétaires Slack de l’espace",
                                "en": "the workspace’s Slack admins and owners"},
    "settings.exporters.everyone": {"fr": "tout le monde", "en": "everyone"},
    "settings.exporters.admins": {"fr": "les administrateurs de dossier", "en": "dossier admins"},
    "settings.not_admin": {
        "fr": "Seuls les administrateurs de dossier de cet espace (par défaut, ses administrateurs Slack) peuvent voir et changer ses réglages.",
        "en": "Only this workspace’s dossier admins (by default, its Slack admins) can see and change its settings.",
    },
    "settings.saved": {"fr": "C’est enregistré : {name} = `{value}`.", "en": "Saved: {name} = `{value}`."},
    "settings.bad": {
        "fr": "Je ne connais pas ce réglage ou cette valeur : `{words}`. `/dossier settings` montre les réglages et comment les changer.",
        "en": "I don’t know that setting or value: `{words}`. `/dossier settings` shows the settings and how to change them.",
    },
    "export.not_allowed": {
        "fr": "Dans cet espace, seuls les administrateurs de dossier peuvent exporter.",
        "en": "In this workspace, only dossier admins can export.",
    },
    "digest.not_admin": {
        "fr": "Seuls les administrateurs de dossier de cet espace peuvent changer les abonnements.",
        "en": "Only this workspace’s dossier admins can change subscriptions.",
    },
    "digest.preview": {"fr": "Aperçu, visible par vous seul.", "en": "Preview, visible only to you."},
    # Errors
    "error.not_found": {"fr": "Introuvable : {detail}", "en": "Not found: {detail}"},
    "error.bad_input": {"fr": "Je ne peux pas utiliser cette demande : {detail}", "en": "I can’t use that request: {detail}"},
    "error.config": {"fr": "Configuration : {detail}", "en": "Configuration: {detail}"},
    "error.other": {"fr": "Erreur : {detail}", "en": "Error: {detail}"},
    "error.internal": {
        "fr": "Désolé, quelque chose s’est mal passé de mon côté. Réessayez dans un instant.",
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
    },
    "error.undelivered": {
        "fr": "Désolé, Slack n’a pas accepté ma réponse à votre demande. Réessayez dans un instant.",
        "en": "Sorry, Slack did not accept my answer to your request. Please try again in a moment.",
    },
    "error.cannot_post_here": {
        "fr": "Je ne peux pas répondre dans {channel} : invitez-moi dans ce canal (`/invite @dossier`), ou posez-moi la question ici.",
        "en": "I can’t answer in {channel}: invite me to that channel (`/invite @dossier`), or ask me here.",
    },
    "error.slow_down": {
        "fr": "Doucement : beaucoup de recherches en peu de temps. Réessayez dans {seconds} s.",
        "en": "Easy there: many searches in a short time. Please try again in {seconds} s.",
    },
    "error.action": {
        "fr": "Ce bouton a expiré : relancez la commande.",
        "en": "This button has expired: run the command again.",
    },
}

# DossierError messages are written in English where they are raised; these
# patterns give them their French words. Anything unmatched is shown as raised.
_FRENCH_DETAILS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^no database at (.+): run `dossier ingest` first$"),
     r"pas de base à \1 : lancez d’abord `dossier ingest`"),
    (re.compile(r"^that search takes too long: try fewer or more precise words$"),
     "cette recherche prend trop de temps : essayez moins de mots, ou des mots plus précis"),
    (re.compile(r"^`(.*)` names several documents: (.*)$", re.S),
     r"`\1` désigne plusieurs documents : \2"),
    (re.compile(r"^no document `(.*)`$", re.S), r"pas de document `\1`"),
    (re.compile(r"^that question is too long: (\d+) characters at most$"),
     r"cette question est trop longue : \1 caractères au plus"),
    (re.compile(r"^unknown command (.*)$", re.S), r"commande inconnue \1"),
    (re.compile(r"^unknown time zone (.*): use an IANA name such as Europe/Paris$", re.S),
     r"fuseau horaire inconnu \1 : utilisez un nom IANA comme Europe/Paris"),
    (re.compile(r"^say when: (.*)$", re.S), r"dites quand : \1"),
    (re.compile(r"^unknown option (.*): weekdays, daily, fr or en$", re.S),
     r"option inconnue \1 : weekdays, daily, fr ou en"),
    (re.compile(r"^not a time of day: (.*) \(write 08:30\)$", re.S),
     r"heure invalide : \1 (écrivez 08:30)"),
]


def t(key: str, lang: str = "fr", /, **values: object) -> str:
    """The string `key` in `lang` (French when the language or the key's translation is missing)."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["fr"]
    return template.format(**values) if values else template


def language(lang: str | None) -> Language:
    return "en" if lang == "en" else "fr"


def month_name(month: int, lang: str = "fr") -> str:
    return _MONTHS[language(lang)][month - 1]


def detail(text: str, lang: str = "fr") -> str:
    """A message raised in English, in the user's language when we know its words."""
    if language(lang) == "fr":
        for pattern, french in _FRENCH_DETAILS:
            if pattern.match(text):
                return pattern.sub(french, text)
    return text


def error_text(error: DossierError, lang: str = "fr") -> str:
    """What a user reads for an error they caused (not escaped: the renderer does it)."""
    if isinstance(error, NotFound):
        key = "error.not_found"
    elif isinstance(error, BadInput):
        key = "error.bad_input"
    elif isinstance(error, ConfigError):
        key = "error.config"
    else:
        key = "error.other"
    return t(key, lang, detail=detail(str(error), lang))
