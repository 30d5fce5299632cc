"""Does espeak-ng really speak Japanese / Chinese? Whisper round trip (kiosk.asr, language given) of customs
sentences spoken by the espeak-ng fallback voices, character error rate per sentence (issue #10 item 5).

Decision rule, fixed before measuring: a fallback voice is acceptable for a language when its mean CER over the
sentences is <= 0.30 (Kokoro, the primary voice, is measured alongside for reference).

    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/espeak_fallback.py
"""

from __future__ import annotations

import re
import sys
import unicodedata

import jiwer

from kiosk.asr import get_transcriber
from kiosk.audio import AudioClip
from kiosk.tts.espeak import EspeakEngine
from kiosk.tts.speaker import Speaker

ACCEPT_MEAN_CER = 0.30

SENTENCES = {
    "ja": [
        "パスポートと税関申告書を見せてください。",
        "申告するものはありますか。",
        "このかばんを開けてください。",
        "肉や果物を持っていますか。",
        "現金は一万ドル以上ありますか。",
        "ありがとうございます。よい旅を。",
    ],
    "zh": [
        "请出示您的护照和海关申报单。",
        "您有需要申报的物品吗？",
        "请打开这个行李箱。",
        "您带了肉类或水果吗？",
        "您携带的现金超过一万美元吗？",
        "谢谢，祝您旅途愉快。",
    ],
}


def _hira(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def ja_kana(text: str) -> str:
    import pyopenjtalk

    return _hira(str(pyopenjtalk.g2p(text, kana=True)))


def zh_pinyin(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


VARIANTS = {
    "ja": [("espeak-ng ja (text)", "ja", None), ("espeak-ng ja (pyopenjtalk kana)", "ja", ja_kana)],
    "zh": [("espeak-ng cmn (text)", "cmn", None), ("espeak-ng cmn-latn-pinyin (pypinyin)", "cmn-latn-pinyin",
                                                   zh_pinyin)],
}


def cer(ref: str, hyp: str) -> float:
    def norm(s: str) -> str:
        s = unicodedata.normalize("NFKC", s)
        return re.sub(r"\s+", "", "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in s))

    r, h = norm(ref), norm(hyp)
    return 1.0 if not h else float(jiwer.cer(r, h))


def main() -> int:
    tr = get_transcriber()
    speaker = Speaker()
    for lang, sents in SENTENCES.items():
        print(f"== {lang}")
        runs = [("kokoro (primary)", None, None), *VARIANTS[lang]]
        for name, voice, prep in runs:
            scores = []
            for s in sents:
                if voice is None:
                    clip = speaker.synthesize(s, lang)
                else:
                    eng = EspeakEngine(voice, 160)
                    clip = AudioClip(eng.synth(prep(s) if prep else s, 1.0), eng.sample_rate)
                hyp = tr.transcribe(clip, language=lang).text
                scores.append(cer(s, hyp))
                print(f"   {scores[-1]:.2f}  {hyp}")
            mean = sum(scores) / len(scores)
            verdict = "acceptable" if mean <= ACCEPT_MEAN_CER else "NOT acceptable"
            print(f"{lang} {name}: mean CER {mean:.2f} over {len(scores)} sentences -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
