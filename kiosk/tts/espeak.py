"""espeak-ng (the Debian binary; 22.05 kHz): the voice of last resort, for every language it knows."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess

import numpy as np
import soundfile as sf

from kiosk.tts.types import TTSError, trim


@functools.cache
def espeak_languages() -> frozenset[str]:
    """The language codes the installed espeak-ng has a voice for (empty when it is not installed)."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run([exe, "--voices"], capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    langs = set()
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 2:
            langs.add(cols[1].lower())
    return frozenset(langs)


class EspeakEngine:
    sample_rate = 22050

    def __init__(self, voice: str, wpm: int) -> None:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise TTSError("espeak-ng is not installed (apt-get install espeak-ng).")
        if voice.lower().split("+")[0] not in espeak_languages():
            raise TTSError(f"espeak-ng has no voice '{voice}'.")
        self._exe = exe
        self._voice = voice
        self._wpm = wpm

    def synth(self, text: str, rate: float) -> np.ndarray:
        wpm = max(80, min(450, int(round(self._wpm * rate))))
        # text goes through stdin, never argv (a leading "-" must not become an option)
        try:
            proc = subprocess.run([self._exe, "-v", self._voice, "-s", str(wpm), "--stdout"],
                                  input=text.encode("utf-8"), capture_output=True, timeout=60, check=True)
            data, sr = sf.read(io.BytesIO(proc.stdout), dtype="float32", always_2d=True)
        except (OSError, subprocess.SubprocessError, sf.LibsndfileError, RuntimeError) as exc:
            raise TTSError("The speech engine failed; the answer is shown on screen.") from exc
        self.sample_rate = int(sr)
        return trim(data.mean(axis=1).astype(np.float32), self.sample_rate, 0.002)
