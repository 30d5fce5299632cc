"""Korean written as it is pronounced, for the voice only (issue 22 item 4).

espeak-ng (the phonemizer of the Korean Kokoro voice and the espeak-ng fallback) reads every batchim as written:
"합니다" becomes /hɐpnidɐ/ where a Korean says [함니다], "국내" /ɡuqnɛ/ for [궁내], "있습니다" /itsɯpnidɐ/ for
[이씀니다]. This module rewrites Hangul into its standard pronunciation (표준 발음법, 국립국어원: 제4장 받침의 발음,
제5장 음의 동화, 제6장 경음화; read 2026-12-06 at https://korean.go.kr/kornorms/regltn/regltnView.do) with the
regular rules that need no dictionary, inside each word (eojeol):

- liaison (연음, 제13-15항): 이것을 -> 이거슬, 없어 -> 업써, 많아 -> 마나, 좋아 -> 조아 (ㅎ dropped, 제12항 4);
- palatalization (구개음화, 제17항): 같이 -> 가치, 굳이 -> 구지;
- aspiration (거센소리되기, 제12항): 좋고 -> 조코, 축하 -> 추카, 입학 -> 이팍, 좋습니다 -> 조씀니다;
- coda neutralization and double codas (제9-11항): 밖 -> 박, 없다 -> 업따;
- nasalization (비음화, 제18-19항): 합니다 -> 함니다, 국내 -> 궁내, 심리 -> 심니, 국립 -> 궁닙;
- liquidization (유음화, 제20항): 신라 -> 실라, 칼날 -> 칼랄;
- tensing after a stop (제23항): 학교 -> 학꾜, and a ㄷ coda before its own tensed sound is absorbed (읻씀 -> 이씀);
- ㅢ (제5항): 희망 -> 히망, 주의 -> 주이, a word's last 의 (the particle) -> 에: 직원의 -> 지궈네.

What needs a dictionary or the part of speech (the tensing after a verb stem's ㄴ/ㅁ, ㄴ-insertion, 의견란) is left
as written. Only what the engine gets changes: the screen, the phrase plan and the caches keep the written form.
"""

from __future__ import annotations

import re

__all__ = ["pronounce"]

_ONSETS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_CODAS = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ",
          "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]
_I, _UI, _E = 20, 19, 5  # vowel indices of ㅣ, ㅢ, ㅔ
_BASE, _LAST = 0xAC00, 0xD7A3
_SYLLABLES = re.compile(r"[\uac00-\ud7a3]+")

# a coda before a consonant: its representative sound (제9-11항; 밟-, 넓죽- exceptions not covered)
_NEUTRAL = {"ㄲ": "ㄱ", "ㅋ": "ㄱ", "ㄳ": "ㄱ", "ㄺ": "ㄱ", "ㄵ": "ㄴ", "ㄶ": "ㄴ", "ㅅ": "ㄷ", "ㅆ": "ㄷ", "ㅈ": "ㄷ",
            "ㅊ": "ㄷ", "ㅌ": "ㄷ", "ㅎ": "ㄷ", "ㄼ": "ㄹ", "ㄽ": "ㄹ", "ㄾ": "ㄹ", "ㅀ": "ㄹ", "ㄻ": "ㅁ", "ㅍ": "ㅂ",
            "ㅄ": "ㅂ", "ㄿ": "ㅂ"}
# a double coda before a vowel: (what stays, what moves to the next syllable) (제14항)
_SPLIT = {"ㄳ": ("ㄱ", "ㅆ"), "ㄵ": ("ㄴ", "ㅈ"), "ㄺ": ("ㄹ", "ㄱ"), "ㄻ": ("ㄹ", "ㅁ"), "ㄼ": ("ㄹ", "ㅂ"),
          "ㄽ": ("ㄹ", "ㅆ"), "ㄾ": ("ㄹ", "ㅌ"), "ㄿ": ("ㄹ", "ㅍ"), "ㅄ": ("ㅂ", "ㅆ")}
# a stop coda before ㅎ: (what stays, the aspirated onset) (제12항 1 붙임)
_BEFORE_H = {"ㄱ": ("", "ㅋ"), "ㄲ": ("", "ㅋ"), "ㄺ": ("ㄹ", "ㅋ"), "ㄷ": ("", "ㅌ"), "ㅅ": ("", "ㅌ"),
             "ㅈ": ("", "ㅊ"), "ㅊ": ("", "ㅊ"), "ㅌ": ("", "ㅌ"), "ㅂ": ("", "ㅍ"), "ㄼ": ("ㄹ", "ㅍ")}
_ASPIRATE = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅈ": "ㅊ", "ㅅ": "ㅆ"}  # ㅎ coda + onset (제12항 1, 2)
_NASAL = {"ㄱ": "ㅇ", "ㄷ": "ㄴ", "ㅂ": "ㅁ"}  # 제18항
_TENSE = {"ㄱ": "ㄲ", "ㄷ": "ㄸ", "ㅂ": "ㅃ", "ㅅ": "ㅆ", "ㅈ": "ㅉ"}  # 제23항


def _decompose(ch: str) -> list[str | int]:
    n = ord(ch) - _BASE
    return [_ONSETS[n // 588], (n % 588) // 28, _CODAS[n % 28]]


def _compose(onset: str, vowel: int, coda: str) -> str:
    return chr(_BASE + _ONSETS.index(onset) * 588 + vowel * 28 + _CODAS.index(coda))


def _pair(cur: list[str | int], nxt: list[str | int]) -> None:
    """Apply the rules between one syllable's coda and the next syllable's onset (in place)."""
    coda, onset = str(cur[2]), str(nxt[0])
    if not coda:
        return
    if onset == "ㅇ":  # liaison
        if coda == "ㅇ":
            return
        if coda == "ㅎ":
            cur[2] = ""
        elif coda in ("ㄶ", "ㅀ"):
            cur[2], nxt[0] = "", coda == "ㄶ" and "ㄴ" or "ㄹ"
        elif coda in _SPLIT:
            cur[2], nxt[0] = _SPLIT[coda]
        elif coda in ("ㄷ", "ㅌ") and nxt[1] == _I:
            cur[2], nxt[0] = "", "ㅈ" if coda == "ㄷ" else "ㅊ"
        else:
            cur[2], nxt[0] = "", coda
        return
    if onset == "ㅎ":
        if coda in _BEFORE_H:
            cur[2], nxt[0] = _BEFORE_H[coda]
            if cur[2] == "" and nxt[0] == "ㅌ" and nxt[1] == _I:  # 굳히다 -> 구치다 (제17항 붙임)
                nxt[0] = "ㅊ"
        return
    if coda in ("ㅎ", "ㄶ", "ㅀ"):
        rest = {"ㅎ": "", "ㄶ": "ㄴ", "ㅀ": "ㄹ"}[coda]
        if onset in _ASPIRATE:
            cur[2], nxt[0] = rest, _ASPIRATE[onset]
            return
        if onset == "ㄴ":
            cur[2] = rest or "ㄴ"
            if rest == "ㄹ":
                nxt[0] = "ㄹ"
            return
    coda = _NEUTRAL.get(coda, coda)
    if onset == "ㄹ":
        if coda == "ㄴ":
            coda = "ㄹ"
        elif coda != "ㄹ":
            onset = "ㄴ"
    if onset in ("ㄴ", "ㅁ"):
        coda = _NASAL.get(coda, coda)
        if coda == "ㄹ" and onset == "ㄴ":
            onset = "ㄹ"
    if coda in _NASAL and onset in _TENSE:
        onset = _TENSE[onset]
        if coda == "ㄷ" and onset in ("ㄸ", "ㅆ", "ㅉ"):
            coda = ""
    cur[2], nxt[0] = coda, onset


def _word(run: str) -> str:
    syls = [_decompose(ch) for ch in run]
    if len(syls) > 1 and syls[-1][0] == "ㅇ" and syls[-1][1] == _UI:  # a word's last 의: the particle, [에]
        syls[-1][1] = _E
    for a, b in zip(syls, syls[1:], strict=False):
        _pair(a, b)
    last = syls[-1]
    last[2] = _NEUTRAL.get(str(last[2]), str(last[2]))
    for n, syl in enumerate(syls):  # ㅢ (제5항 다만 3, 4): after a consonant, or not first in the word: [ㅣ]
        if syl[1] == _UI and (syl[0] != "ㅇ" or n):
            syl[1] = _I
    return "".join(_compose(str(o), int(v), str(c)) for o, v, c in syls)


def pronounce(text: str) -> str:
    """`text` with each Hangul word rewritten into its standard pronunciation (other characters unchanged)."""
    return _SYLLABLES.sub(lambda m: _word(m.group(0)), text)
