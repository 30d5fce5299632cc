"""Hangul composition for the on-screen keyboard (두벌식, the standard Korean layout). Qt-free.

The keyboard keeps the jamo typed since the last other key (a "run") and shows `compose(run)`: initial consonant,
vowel and final consonant become one syllable block, compound vowels (ㅗ+ㅏ=ㅘ) and finals (ㄹ+ㄱ=ㄺ) combine, and a
final consonant moves to the next syllable when a vowel follows (달 + ㅏ -> 다라). Backspace removes one jamo.
"""

from __future__ import annotations

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ",
          "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")
COMPOUND_VOWEL = {("ㅗ", "ㅏ"): "ㅘ", ("ㅗ", "ㅐ"): "ㅙ", ("ㅗ", "ㅣ"): "ㅚ", ("ㅜ", "ㅓ"): "ㅝ", ("ㅜ", "ㅔ"): "ㅞ",
                  ("ㅜ", "ㅣ"): "ㅟ", ("ㅡ", "ㅣ"): "ㅢ"}
COMPOUND_FINAL = {("ㄱ", "ㅅ"): "ㄳ", ("ㄴ", "ㅈ"): "ㄵ", ("ㄴ", "ㅎ"): "ㄶ", ("ㄹ", "ㄱ"): "ㄺ", ("ㄹ", "ㅁ"): "ㄻ",
                  ("ㄹ", "ㅂ"): "ㄼ", ("ㄹ", "ㅅ"): "ㄽ", ("ㄹ", "ㅌ"): "ㄾ", ("ㄹ", "ㅍ"): "ㄿ", ("ㄹ", "ㅎ"): "ㅀ",
                  ("ㅂ", "ㅅ"): "ㅄ"}
_SPLIT_FINAL = {v: k for k, v in COMPOUND_FINAL.items()}
# the 두벌식 keys: (plain, shifted) rows
ROWS: tuple[tuple[str, str], ...] = (("ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅃㅉㄸㄲㅆㅛㅕㅑㅒㅖ"), ("ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ"),
                                     ("ㅋㅌㅊㅍㅠㅜㅡ", "ㅋㅌㅊㅍㅠㅜㅡ"))


def is_jamo(ch: str) -> bool:
    return len(ch) == 1 and (ch in INITIALS or ch in VOWELS)


def _block(lead: str, vowel: str, final: str) -> str:
    if lead and vowel:
        return chr(0xAC00 + (INITIALS.index(lead) * 21 + VOWELS.index(vowel)) * 28 + FINALS.index(final))
    return lead + vowel + final


def compose(jamo: list[str] | str) -> str:
    """The Hangul text a sequence of typed jamo makes: compose("ㄷㅏㄹㄱ") == "닭", compose("ㄷㅏㄹㅏ") == "다라"."""
    out: list[str] = []
    lead = vowel = final = ""

    def flush() -> None:
        nonlocal lead, vowel, final
        if lead or vowel or final:
            out.append(_block(lead, vowel, final))
        lead = vowel = final = ""

    for j in jamo:
        if j in VOWELS:
            if lead and not vowel:
                vowel = j
            elif vowel and not final and (vowel, j) in COMPOUND_VOWEL:
                vowel = COMPOUND_VOWEL[(vowel, j)]
            elif lead and vowel and final:  # the final consonant begins the next syllable
                keep, move = _SPLIT_FINAL.get(final, ("", final))
                final = keep
                flush()
                lead, vowel = move, j
            else:
                flush()
                vowel = j
        elif j in INITIALS:
            if lead and vowel and not final and j in FINALS:
                final = j
            elif lead and vowel and final and (final, j) in COMPOUND_FINAL:
                final = COMPOUND_FINAL[(final, j)]
            else:
                flush()
                lead = j
        else:
            flush()
            out.append(j)
    flush()
    return "".join(out)
