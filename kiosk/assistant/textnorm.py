"""Text normalization before anything is read (issue 20 item 0): what a traveler typed or speech recognition wrote,
made into one canonical lower-case form in which no word can hide.

- NFKC (full-width and mathematical letters, ligatures, "㎖" -> "ml"), then lower case;
- format characters removed: zero-width space/joiner/non-joiner, word joiner, BOM, soft hyphen, bidi embeddings,
  overrides and isolates, variation selectors, emoji skin tones ("co\u200bcaine", "15,\u200b000");
- digits of every script made ASCII ("١٥٬٠٠٠" -> "15,000": Arabic-Indic and other decimal digits; the Arabic
  thousands separator, decimal separator and comma become ",", "." and ",");
- emoji mapped to words from the gazetteer ("🔫" -> "gun", "💊" -> "pills"); harmless ones (faces, hearts) dropped;
  any other pictograph becomes the word "emoji", which the gazetteer asks about;
- confusable letters folded: a word written mostly in Latin letters with a Cyrillic or Greek look-alike ("cоcaine"
  with a Cyrillic о) is folded to Latin, and the other way round; digits and signs used as letters ("c0caine",
  "h3roin", "m@rijuana") are folded when the folded word is a hazard term;
- an abbreviation with dots is one word ("u.s." -> "us"), with a number right after it a code ("c.n 3" -> "cn3");
- letter-by-letter spelling joined ("c o c a i n e", "c-o-c-a-i-n-e", "T.N.T"); in Korean, Chinese, Japanese and
  Thai, single characters standing apart ("대 마 초") are joined when the joined text holds a hazard term.

The result is never longer-hiding than the input: every step only removes hiding, so whatever the lexicon finds in
the raw text it still finds.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from kiosk.assistant import gazetteer

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ARABIC_SEPARATORS = str.maketrans({"\u066c": ",", "\u066b": ".", "\u060c": ",", "\u2019": "'", "\u2018": "'"})
_DROP_MARKS = {0xFE0E, 0xFE0F, *range(0x1F3FB, 0x1F400), 0x20E3}
_PICTOGRAPH = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")

_CYR_TO_LAT = str.maketrans("аеорсухіјѕкмтнвԁӏ", "aeopcyxijskmthbdl")
_GRK_TO_LAT = str.maketrans("αοεικνρτυχ", "aoeikvptux")
_LAT_TO_CYR = str.maketrans("aeopcyxkmthb", "аеорсухкмтнв")
_LAT_SHARED = frozenset("aeopcyxkmthbijsdl")  # Latin letters with a Cyrillic look-alike
_CYR_SHARED = frozenset("аеорсухіјѕкмтнвԁӏ")
_LEET = str.maketrans("0134578@$!|", "oieastbasil")
_LEET_L = str.maketrans("0134578@$!|", "oleastbasll")
_WORD = re.compile(r"[0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff@$!|]+")  # Latin, Greek, Cyrillic words
_L = gazetteer.SPACED_CHAR  # a letter or digit of a script with spaces (not Hangul, kana, hanzi, Thai)
_SPELLED = re.compile(rf"(?<!{_L})(?:{_L}[ .\-_*·/]{{1,3}})+{_L}(?!{_L})")
# an abbreviation written with dots ("c.n", "t.v.", "u.s."): one word; a dot between two letters ends no sentence
# (a number right after it is part of its name: "w.e 27" -> "we27", a code and not the word "we")
_DOTTED = re.compile(rf"(?<!{_L}|\.)((?:[a-z]\.)+[a-z])(?!\.?{_L})(\.?)(?: ?(\d+)(?![\d.,]*{_L}))?")


def _join_dotted(m: re.Match[str]) -> str:  # "a.k.47" is left to the speller; "T.N.T." keeps its full stop
    return m.group(1).replace(".", "") + (m.group(3) or m.group(2))


_U = r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff\u0e00-\u0e7f]"
_UNSPACED_SPELLED = re.compile(rf"(?<!{_U})(?:{_U}[ .\-_*·]{{1,2}})+{_U}(?!{_U})")  # "대 마 초": one character each


def _is_latin(ch: str) -> bool:
    return "a" <= ch <= "z" or "\u00e0" <= ch <= "\u024f"


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_greek(ch: str) -> bool:
    return "\u0370" <= ch <= "\u03ff"


@functools.lru_cache(maxsize=1)
def _hazard_words() -> frozenset[str]:
    """Hazard terms of the lexicon (every language) and the gazetteer: the words that look-alike spellings hide."""
    from kiosk.assistant import lexicon as lx

    out = set(gazetteer.plain_terms())
    cats = {"narcotics", "counterfeit_currency", "obscene", "firearm", "replica_gun", "ammunition", "explosive",
            "weapon", "knife"}
    for table in lx.CATEGORY_TERMS.values():
        for cat, terms in table.items():
            if cat in cats:
                out |= {unicodedata.normalize("NFKC", t.strip()).lower() for t in terms.split("|")
                        if t.strip() and not t.startswith("re:")}
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _squashed_hazards() -> dict[str, str]:
    """Hazard words without their hyphens, dots and spaces -> the word ("ak47" -> "ak-47")."""
    return {re.sub(r"[ .\-]", "", w): w for w in sorted(_hazard_words(), key=len)}


@functools.lru_cache(maxsize=1)
def _unspaced_hazards() -> tuple[str, ...]:
    return tuple(w for w in _hazard_words() if gazetteer.UNSPACED.search(w) and len(w) >= 2)


def _chars(text: str) -> str:
    gz = gazetteer.load()
    out: list[str] = []
    for ch in text:
        o = ord(ch)
        if o in _DROP_MARKS:
            continue
        cat = unicodedata.category(ch)
        if cat == "Cf":  # zero-width, bidi controls, BOM, soft hyphen, word joiner
            continue
        if cat == "Nd" and not ("0" <= ch <= "9"):
            out.append(str(unicodedata.digit(ch, 0)))
            continue
        if ch in gz.emoji:
            out.append(f" {gz.emoji[ch]} ")
        elif ch in gz.harmless_emoji:
            out.append(" ")
        elif _PICTOGRAPH.match(ch):
            out.append(" emoji ")
        else:
            out.append(ch)
    return "".join(out)


def _fold_word(m: re.Match[str]) -> str:
    w = m.group(0)
    lat = sum(map(_is_latin, w))
    cyr = sum(map(_is_cyrillic, w))
    grk = sum(map(_is_greek, w))
    if lat and (cyr or grk):
        # a letter only one script has decides ("хаnах": n is Latin only); else the majority
        lat_only = any(_is_latin(c) and c not in _LAT_SHARED for c in w)
        cyr_only = any(_is_cyrillic(c) and c not in _CYR_SHARED for c in w)
        to_lat = w.translate(_CYR_TO_LAT).translate(_GRK_TO_LAT)
        if lat_only != cyr_only:
            w = to_lat if lat_only else w.translate(_LAT_TO_CYR)
        else:
            w = to_lat if to_lat in _hazard_words() or cyr <= lat else w.translate(_LAT_TO_CYR)
    elif (grk or cyr) and w.translate(_CYR_TO_LAT).translate(_GRK_TO_LAT) in _hazard_words():
        w = w.translate(_CYR_TO_LAT).translate(_GRK_TO_LAT)  # "с4" with a Cyrillic с
    if any(c in "0134578@$!|" for c in w) and any(c.isalpha() for c in w):
        for table in (_LEET, _LEET_L):
            folded = w.translate(table)
            if folded != w and folded in _hazard_words():
                return folded
    return w


def _join_spelled(m: re.Match[str]) -> str:
    run = m.group(0)
    letters = re.sub(r"[ .\-_*·/]", "", run)
    alpha = sum(c.isalpha() for c in letters)
    if letters in _squashed_hazards():  # "a k - 7 4" is "ak-74", "2 c - b" is "2c-b", "T.N.T" is "tnt"
        return _squashed_hazards()[letters]
    if alpha < 3 or alpha < len(letters) - alpha:
        return run  # "2 x 1 l", "2 3 4", "a b": amounts and letters, not a spelled word
    if letters[1:] in _hazard_words() and letters not in _hazard_words():  # "a c o c a i n e": "a" + the word
        return f"{letters[0]} {letters[1:]}"

    return letters


def _join_unspaced(m: re.Match[str]) -> str:
    run = m.group(0)
    joined = re.sub(r"[ .\-_*·]", "", run)
    hazards = _unspaced_hazards()
    if any(w in joined and w not in run for w in hazards) and all(w in joined for w in hazards if w in run):
        return joined
    return run


@functools.lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """The canonical form of `text` (see the module doc). Cached: cue words are normalized on every turn."""
    t = unicodedata.normalize("NFKC", text)
    t = _chars(t).translate(_ARABIC_SEPARATORS).translate(_THAI_DIGITS).lower()
    t = _WORD.sub(_fold_word, t)
    t = _DOTTED.sub(_join_dotted, t)
    t = _SPELLED.sub(_join_spelled, t)
    if gazetteer.UNSPACED.search(t):
        t = _UNSPACED_SPELLED.sub(_join_unspaced, t)
    return t
