"""Does espeak-ng really speak a language whose primary voice is Kokoro? Whisper round trip (kiosk.asr, language
given) of customs sentences spoken by the espeak-ng fallback voices: character error rate (ja, zh) or word error
rate (es fr it pt hi) per sentence (issue #10 item 5).

Decision rule, fixed before measuring: a fallback voice is acceptable for a language when its mean error over the
sentences is <= 0.30 (for ja/zh Kokoro, the primary voice, is measured alongside for reference).

    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/espeak_fallback.py ja zh     # ~4 min on 2 busy cores
    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/espeak_fallback.py es fr it pt hi --no-primary
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
    "es": ["Por favor, muestre su pasaporte.", "¿Tiene algo que declarar?", "Abra esta maleta, por favor.",
           "¿Lleva carne o fruta?", "Gracias, buen viaje."],
    "fr": ["Veuillez montrer votre passeport.", "Avez-vous quelque chose à déclarer ?", "Ouvrez cette valise, s'il vous "
           "plaît.", "Avez-vous de la viande ou des fruits ?", "Merci, bon voyage."],
    "it": ["Mostri il passaporto, per favore.", "Ha qualcosa da dichiarare?", "Apra questa valigia, per favore.",
           "Porta carne o frutta?", "Grazie, buon viaggio."],
    "pt": ["Por favor, mostre o seu passaporte.", "Tem algo a declarar?", "Abra esta mala, por favor.",
           "Está trazendo carne ou frutas?", "Obrigado, boa viagem."],
    # espeak-ng is the primary voice of ko de ru: the same measure, for reference
    "ko": ["여권을 보여 주세요.", "신고할 물건이 있습니까?", "이 가방을 열어 주세요.", "고기나 과일을 가지고 있습니까?",
           "감사합니다. 좋은 여행 되세요."],
    "de": ["Bitte zeigen Sie Ihren Reisepass.", "Haben Sie etwas zu verzollen?", "Öffnen Sie bitte diesen Koffer.",
           "Haben Sie Fleisch oder Obst dabei?", "Danke, gute Reise."],
    "ru": ["Пожалуйста, покажите ваш паспорт.", "Вам есть что декларировать?", "Откройте этот чемодан, пожалуйста.",
           "У вас есть мясо или фрукты?", "Спасибо, счастливого пути."],
    "hi": ["कृपया अपना पासपोर्ट दिखाइए।", "क्या आपके पास घोषित करने के लिए कुछ है?", "कृपया यह बैग खोलिए।",
           "क्या आपके पास मांस या फल है?", "धन्यवाद, आपकी यात्रा शुभ हो।"],
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
    "es": [("espeak-ng es", "es", None)],
    "fr": [("espeak-ng fr-fr", "fr-fr", None)],
    "it": [("espeak-ng it", "it", None)],
    "pt": [("espeak-ng pt-br", "pt-br", None)],
    "hi": [("espeak-ng hi", "hi", None)],
    "ko": [("espeak-ng ko (primary)", "ko", None)],
    "de": [("espeak-ng de+klatt (primary)", "de+klatt", None)],
    "ru": [("espeak-ng ru (primary)", "ru", None)],
}
CHARACTER_LANGS = {"ja", "zh", "ko"}  # ko: CER, as for the other Korean measurements


def error(lang: str, ref: str, hyp: str) -> float:
    """CER (ja, zh) or WER, after NFKC, lower case, punctuation removed."""
    def norm(s: str) -> str:
        s = unicodedata.normalize("NFKC", s).lower()
        s = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in s)
        return re.sub(r"\s+", "" if lang in CHARACTER_LANGS else " ", s).strip()

    r, h = norm(ref), norm(hyp)
    if not h:
        return 1.0
    return float(jiwer.cer(r, h) if lang in CHARACTER_LANGS else jiwer.wer(r, h))


def main(argv: list[str]) -> int:
    langs = [a for a in argv if not a.startswith("-")] or ["ja", "zh"]
    tr = get_transcriber()
    speaker = Speaker()
    for lang in langs:
        sents = SENTENCES[lang]
        print(f"== {lang}")
        primary = [] if "--no-primary" in argv else [("kokoro (primary)", None, None)]
        runs = [*primary, *VARIANTS[lang]]
        for name, voice, prep in runs:
            scores = []
            for s in sents:
                if voice is None:
                    clip = speaker.synthesize(s, lang)
                else:
                    eng = EspeakEngine(voice, 160)
                    clip = AudioClip(eng.synth(prep(s) if prep else s, 1.0), eng.sample_rate)
                hyp = tr.transcribe(clip, language=lang).text
                scores.append(error(lang, s, hyp))
                print(f"   {scores[-1]:.2f}  {hyp}")
            mean = sum(scores) / len(scores)
            verdict = "acceptable" if mean <= ACCEPT_MEAN_CER else "NOT acceptable"
            metric = "CER" if lang in CHARACTER_LANGS else "WER"
            print(f"{lang} {name}: mean {metric} {mean:.2f} over {len(scores)} sentences -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
