"""Text that says what a line of a page is rather than what the page says: a date line
("Nov. 19, 2019 8:03 am ET", "segunda-feira, 22 de janeiro de 2018 às 0:13") and the short labels
of page furniture ("You may also like...", "Leia também", "Tags", "Share"), in the languages the
Zyte benchmark's pages are written in (bench/main_content_f1.py). Plain text tests, no markup:
parsers/maincontent.py and parsers/html.py decide what the element around such text is.
"""

from __future__ import annotations

import re

_MONTHS = frozenset(
    # English
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    # Portuguese, Spanish
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
    "fev abr mai ago set out dez enero febrero marzo mayo junio julio septiembre setiembre "
    "octubre noviembre diciembre ene dic "
    # French, German, Italian, Dutch
    "janvier février mars avril juin juillet août septembre octobre décembre janv févr avr "
    "juil déc januar jänner februar märz juni juli oktober dezember mär okt gennaio febbraio "
    "aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug ott januari "
    "februari maart mei augustus mrt "
    # Russian (genitive, as dates write them)
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun segunda terça quarta quinta sexta sábado domingo feira lunes martes "
    "miércoles jueves viernes lundi mardi mercredi jeudi vendredi samedi dimanche montag "
    "dienstag mittwoch donnerstag freitag samstag sonntag lunedì martedì mercoledì giovedì "
    "venerdì sabato domenica maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
)
# what else a date line says: its label, the time of day, a zone, small joining words
_DATE_WORDS = frozenset(
    "published publish posted updated update modified last first on at date time created "
    "edited revised am pm a p m et est edt cst cdt pst pdt mst mdt gmt utc bst cet cest ist "
    "aest jst z ago hour hours hr hrs minute minutes min mins day days week weeks today "
    "yesterday an the of de do da às as a las el del le à um uhr om alle ore h em en publicado "
    "publicada atualizado atualizada actualizado actualizada publié publiée mis jour "
    "veröffentlicht aktualisiert stand pubblicato aggiornato gepubliceerd bijgewerkt "
    "опубликовано обновлено 年 月 日 時 分".split()
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=\d)(?=[^\W\d])|"
                    r"(?<=[^\W\d])(?=\d)")  # "ESTUpdated", "2019Updated": two words
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|er|º|ª)?", re.I)
_NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{4}年\d{1,2}月\d{1,2}日")
_TIME = re.compile(r"\d{1,2}[:.h]\d{2}|\d{1,2} ?[ap]\.?m\b", re.I)
_DATE_LABELS = frozenset(
    "published posted updated modified created edited revised publicado publicada atualizado "
    "atualizada actualizado actualizada publié publiée veröffentlicht aktualisiert "
    "pubblicato aggiornato gepubliceerd bijgewerkt опубликовано обновлено".split()
)
_CJK_DATE = re.compile(r"\d+[年月日時分]")
_DATE_LINE_TOKENS = 24
_DIGIT = re.compile(r"\d")


def is_date_line(text: str) -> bool:
    """A line that is only a date or time, with at most its label ("Published:", "Updated")
    and zone: when the page was written, not what it says."""
    if not text or len(text) > 200 or _DIGIT.search(text) is None:
        return False  # (no digit, no date: most lines end here)
    tokens = _TOKEN.findall(_GLUED.sub(" ", text))
    if not tokens or len(tokens) > _DATE_LINE_TOKENS:
        return False
    month = numbers = labelled = 0
    for token in tokens:
        word = token.lower().rstrip(".")
        if _NUMBER.fullmatch(word) or _CJK_DATE.fullmatch(word):
            numbers += 1
        elif word in _MONTHS:
            month += 1
        elif word in _DATE_LABELS:
            labelled += 1
        elif word not in _WEEKDAYS and word not in _DATE_WORDS:
            return False
    if not numbers:
        return False
    if month or _NUMERIC_DATE.search(text) is not None:
        return True
    # a time of day alone ("10 p.m.") may head a live report's entry: only with its label
    return bool(labelled) and (_TIME.search(text) is not None or "ago" in map(str.lower, tokens))


# Labels of page furniture: the whole text of a heading, a paragraph or a box's first line.
# RELATED labels head a box of other pages' links; the others name a bar or a line of their own.
_RELATED = (
    r"related|related (?:articles?|stories|posts?|news|content|links|coverage|topics|reading|"
    r"videos?)|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|"
    r"(?:read|see|view) (?:more|also)|also read|more|"
    r"more (?:[\w']+ ){0,3}(?:stories|news|articles|posts|videos)|more (?:from [\w' ]{1,30}|"
    r"on this(?: story| topic)?|like this)|recommended(?: for you| stories| articles)?|"
    r"trending(?: now| stories)?|most (?:popular|read|viewed|shared)|popular (?:posts|stories|now)|"
    r"(?:don'?t|do not) miss|explore further|latest (?:news|stories|articles)|top stories|"
    r"editor'?s picks|in other news|"
    # Portuguese, Spanish
    r"(?:você )?(?:também )?pode gostar|leia (?:também|mais)|veja (?:também|mais)|saiba mais|"
    r"mais (?:lidas?|lidos|notícias)|(?:notícias|posts|matérias|artigos) relacionad[oa]s|"
    r"relacionad[oa]s|(?:también )?te puede interesar|lee también|leer más|ver más|"
    r"(?:noticias|artículos) relacionad[oa]s|(?:lo )?más (?:leíd[oa]s?|noticias|vistos?)|"
    # French, German, Italian, Dutch
    r"(?:à )?lire aussi|voir aussi|sur le même sujet|articles similaires|les plus lus|"
    r"lesen sie auch|auch interessant|mehr zum thema|weitere artikel|meistgelesen|"
    r"das könnte sie auch interessieren|leggi anche|potrebbe interessarti|articoli correlati|"
    r"lees ook|meer nieuws|"
    # Russian, Japanese
    r"читайте также|похожие статьи|популярное|関連記事|人気記事|おすすめ記事"
)
_BARS = (
    r"tags?|topics|categories|share(?: this| this (?:article|story|post|page))?(?: on \w+)?|"
    r"sharing is caring|follow us|advert(?:isement)?|sponsored(?: content)?|comments?|"
    r"\d+ comments?(?: \W+)?|photos?|fotos?|фото|iklan|"
    r"close|video|breaking news|"
    r"leave a (?:comment|reply)|join the conversation|sign up for (?:our|the) newsletter|"
    r"subscribe|subscribe sign in|sign in|log ?in|log ?out|already a subscriber|"
    r"(?:subscribe )?to (?:read|continue reading) (?:the full (?:story|article)|this article|more)|"
    r"compartilh[ea]r?|comentários|publicidade|comparte|compartir|etiquetas|comentarios|"
    r"publicidad|partager|commentaires|publicité|mots-clés|teilen|kommentare|anzeige|"
    r"schlagworte|condividi|commenti|pubblicità|delen|reacties|поделиться|комментарии|タグ"
)
_RELATED_LABEL = re.compile(rf"(?:{_RELATED})", re.I)
_LABEL = re.compile(rf"(?:{_RELATED}|{_BARS})", re.I)
_LABEL_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_LABEL_CHARS = 48


def _bare(text: str) -> str:
    return _LABEL_EDGES.sub("", " ".join(text.split())).replace("’", "'")


def is_label(text: str) -> bool:
    """The whole text is a furniture label ("Related articles", "SEE MORE:", "Tags")."""
    return len(text) <= 2 * _LABEL_CHARS and _LABEL.fullmatch(_bare(text)) is not None


def is_related_label(text: str) -> bool:
    """The label of a box of other pages ("You may also like...", "Leia também")."""
    return len(text) <= 2 * _LABEL_CHARS and _RELATED_LABEL.fullmatch(_bare(text)) is not None
