"""Piper voices (VITS, ONNX; 22.05 kHz): the fastest voice, used for English."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from kiosk.config import settings


class PiperEngine:
    def __init__(self, model_dir: Path, voice: str) -> None:
        from piper import PiperVoice

        onnx = model_dir / f"{voice}.onnx"
        self._voice = PiperVoice.load(onnx, config_path=model_dir / f"{voice}.onnx.json")
        self.sample_rate = int(self._voice.config.sample_rate)
        self._lock = threading.Lock()

    def synth(self, text: str, rate: float) -> np.ndarray:
        from piper import SynthesisConfig

        cfg = SynthesisConfig(length_scale=self._voice.config.length_scale / rate)
        if settings().tts_deterministic:
            # Piper samples generator and phoneme-width noise on every call, so the same text never gives the
            # same audio twice. Zero noise makes it reproducible (flatter prosody): used by the test suite and
            # for audits where a reply must sound identical each time.
            cfg.noise_scale = 0.0
            cfg.noise_w_scale = 0.0
        with self._lock:
            parts = [c.audio_float_array for c in self._voice.synthesize(text, syn_config=cfg)]
        return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
