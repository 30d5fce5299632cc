"""Keys that change the letter before the cursor, for the on-screen keyboard (Qt-free): Japanese dakuten, handakuten
and small kana; Vietnamese tone marks, vowel shapes (â ê ô ă ơ ư) and đ. Text is Unicode NFC, the form Vietnamese
and Japanese text is stored and compared in (the marks combine through `unicodedata`, not through tables of
precomposed letters). Each function returns the new text, or None when the key does not apply (the key then types
nothing).
"""

from __future__ import annotations

import unicodedata

DAKUTEN, HANDAKUTEN, SMALL = "゛", "゜", "小"  # the kana keys (U+309B, U+309C) and the small-kana key
_COMBINING = {DAKUTEN: "\u3099", HANDAKUTEN: "\u309a"}
_SMALL = dict(zip("あいうえおつやゆよわかけ", "ぁぃぅぇぉっゃゅょゎゕゖ", strict=True))
KATAKANA_OFFSET = 0x60  # ひらがな U+3041-3096 -> カタカナ U+30A1-30F6

GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"  # Vietnamese tones (huyền, sắc,
TONES = (GRAVE, ACUTE, HOOK, TILDE, DOT)                                            # hỏi, ngã, nặng)
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
SHAPES = {CIRCUMFLEX: "aeo", BREVE: "a", HORN: "ou"}  # which vowels take which shape
D_STROKE = "đ"
VIET_KEYS = (*TONES, CIRCUMFLEX, BREVE, HORN)  # đ is a letter key of its own (viet_mark also takes D_STROKE)
MARK_KEYS = (DAKUTEN, HANDAKUTEN, SMALL, *VIET_KEYS)  # keys that change the text before the cursor
_VOWELS = "aeiouy"
_SHAPED = set(CIRCUMFLEX + BREVE + HORN)


def katakana(ch: str) -> str:
    """The katakana of a hiragana letter (other characters unchanged)."""
    return "".join(chr(ord(c) + KATAKANA_OFFSET) if "\u3041" <= c <= "\u3096" else c for c in ch)


def _hiragana(ch: str) -> str:
    return chr(ord(ch) - KATAKANA_OFFSET) if "\u30a1" <= ch <= "\u30f6" else ch


def kana_mark(before: str, key: str) -> str | None:
    """The last kana of `before` with the key applied: か+゛ -> が (again: か), は+゜ -> ぱ, つ+小 -> っ (again: つ),
    katakana alike. None when it does not apply (ん+゛)."""
    if not before:
        return None
    last = before[-1]
    base = unicodedata.normalize("NFD", last)
    if key == SMALL:
        plain = _hiragana(last)
        small = {**_SMALL, **{v: k for k, v in _SMALL.items()}}.get(plain)
        if small is None:
            return None
        return before[:-1] + (katakana(small) if plain != last else small)
    mark = _COMBINING.get(key)
    if mark is None:
        return None
    if base.endswith(mark):  # pressed again: the plain kana
        return before[:-1] + base[:-1]
    stem = base.rstrip("\u3099\u309a")
    made = unicodedata.normalize("NFC", stem + mark)
    if len(made) != 1:  # no such kana (あ+゛)
        return None
    return before[:-1] + made


def _syllable_start(text: str) -> int:
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return i


def _tone_position(letters: list[str]) -> int | None:
    """Index of the vowel that carries the tone in one Vietnamese syllable: a shaped vowel (ê ô ơ â ă ư; in ươ
    the ơ), else the only vowel, else the last one when a consonant ends the syllable (toán, tiếng), else the
    middle of three and the first of two (khuỷu, hòa, mùa, tài: the traditional placement); the u of qu- and the
    i of gi- count as consonants (quá, già)."""
    word = "".join(unicodedata.normalize("NFD", c)[0] for c in letters)
    vowels = [i for i, c in enumerate(word) if c in _VOWELS]
    if vowels and word.startswith(("qu", "gi")) and len(vowels) > 1 and vowels[0] == 1:
        vowels = vowels[1:]  # the u of qu- and the i of gi- belong to the consonant
    if not vowels:
        return None
    shaped = [i for i in vowels if set(unicodedata.normalize("NFD", letters[i])[1:]) & _SHAPED]
    if shaped:
        return shaped[-1]
    if len(vowels) == 1:
        return vowels[0]
    if vowels[-1] < len(word) - 1:  # a final consonant follows: the last vowel (toán, tiếng)
        return vowels[-1]
    return vowels[1] if len(vowels) == 3 else vowels[0]  # khuỷu ... hòa, mùa, tài


def viet_mark(before: str, key: str) -> str | None:
    """`before` with a Vietnamese key applied to its last syllable: a tone replaces the syllable's tone (the same
    tone again removes it), a shape goes on the last vowel that takes it (again: removed), đ on the last d."""
    start = _syllable_start(before)
    head, letters = before[:start], list(before[start:])
    if not letters:
        return None
    if key == D_STROKE:
        for i in range(len(letters) - 1, -1, -1):
            if letters[i] in "dDđĐ":
                letters[i] = {"d": "đ", "D": "Đ", "đ": "d", "Đ": "D"}[letters[i]]
                return head + "".join(letters)
        return None
    decomposed = [unicodedata.normalize("NFD", c) for c in letters]
    if key in SHAPES:
        for i in range(len(letters) - 1, -1, -1):
            if decomposed[i][0].lower() in SHAPES[key]:
                pair = key == HORN and i > 0 and (decomposed[i - 1][0] + decomposed[i][0]).lower() == "uo"
                shape = "" if key in decomposed[i] else key  # pressed again: removed
                for j in (i - 1, i) if pair else (i,):  # ươ: the horn on both (người, đường)
                    base, marks = decomposed[j][0], decomposed[j][1:]
                    tones = "".join(m for m in marks if m in TONES)
                    letters[j] = unicodedata.normalize("NFC", base + shape + tones)
                return head + "".join(letters)
        return None
    if key not in TONES:
        return None
    had = next((m for d in decomposed for m in d[1:] if m in TONES), None)
    plain = ["".join(m for m in d if m not in TONES) for d in decomposed]  # the syllable without its tone
    letters = [unicodedata.normalize("NFC", p) for p in plain]
    if had == key:
        return head + "".join(letters)
    at = _tone_position(letters)
    if at is None:
        return None
    letters[at] = unicodedata.normalize("NFC", unicodedata.normalize("NFD", letters[at]) + key)
    return head + "".join(letters)


def apply_mark(before: str, key: str) -> str | None:
    """The text before the cursor after a mark key (kana or Vietnamese); None when it does not apply."""
    if key in (DAKUTEN, HANDAKUTEN, SMALL):
        return kana_mark(before, key)
    if key in VIET_KEYS or key == D_STROKE:
        return viet_mark(before, key)
    return None
