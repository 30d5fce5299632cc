"""The Speaker: picks the best voice that loads per language (voices/voices.toml, best first) and streams its
speech chunk by chunk, synthesizing one chunk ahead in a background thread while the caller plays the last one."""

from __future__ import annotations

import atexit
import functools
import logging
import threading
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk.audio import AudioClip
from kiosk.config import settings
from kiosk.languages import UnsupportedLanguage, normalize
from kiosk.paths import project_dir
from kiosk.registry import ModelUnavailable, Registry, default_registry
from kiosk.tts.ahead import ReadAhead
from kiosk.tts.espeak import EspeakEngine, espeak_languages
from kiosk.tts.kokoro import KokoroEngine, drop_kokoro_sessions
from kiosk.tts.phrasing import plan_phrases, plan_sentences
from kiosk.tts.piper import PiperEngine
from kiosk.tts.readings import engine_text, speakable
from kiosk.tts.types import Engine, SpeechChunk, TTSError, VoiceChoice

log = logging.getLogger(__name__)

_SENTENCE_GAP_S = 0.2
_PHRASE_GAP_S = 0.0

# ---- read-ahead threads ---------------------------------------------------------------------------
# A read-ahead thread may be inside an ONNX run when the interpreter exits; killing it there aborts the
# process ("terminate called..."), so at exit they are told to stop and given time to finish their chunk.
_SHUTDOWN = threading.Event()
_READ_AHEAD: set[threading.Thread] = set()


@atexit.register
def _stop_read_ahead() -> None:
    _SHUTDOWN.set()
    for t in list(_READ_AHEAD):
        t.join(timeout=10)


# ---- voice configuration --------------------------------------------------------------------------

@dataclass(frozen=True)
class VoiceConfig:
    """voices/voices.toml: the voice chain per language, Kokoro's phonemizer language, espeak-ng's speed, and the
    languages espeak-ng does not speak intelligibly (never used as their fallback)."""

    chains: dict[str, list[str]]
    kokoro_espeak: dict[str, str]
    espeak_wpm: int
    espeak_unintelligible: frozenset[str] = frozenset()
    kokoro_ipa: dict[str, tuple[tuple[str, str], ...]] | None = None  # per language: espeak IPA -> Kokoro's symbols


def load_voice_config(path: Path | None = None) -> VoiceConfig:
    p = path or project_dir("voices") / "voices.toml"
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("voices.toml unreadable (%s); using espeak-ng for every language", type(exc).__name__)
        data = {}
    return VoiceConfig(
        chains={k: list(v) for k, v in data.get("voices", {}).items()},
        kokoro_espeak=dict(data.get("kokoro", {}).get("espeak_language", {})),
        espeak_wpm=int(data.get("espeak", {}).get("words_per_minute", 160)),
        espeak_unintelligible=frozenset(data.get("espeak", {}).get("unintelligible", [])),
        kokoro_ipa={k: tuple((str(a), str(b)) for a, b in v)
                    for k, v in data.get("kokoro", {}).get("ipa_replace", {}).items()},
    )


# ---- speaker --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Loaded:
    """A language's loaded voice: the model it runs on (None for espeak-ng) and the better voices' models it
    stands in for because the registry found them corrupt at run time (it gives way once they are verified)."""

    choice: VoiceChoice
    engine: Engine
    model_id: str | None
    instead_of: tuple[str, ...] = ()


class Speaker:
    """Chooses the best voice per language and synthesizes sentence by sentence. Models load on first use."""

    def __init__(self, registry: Registry | None = None, config_path: Path | None = None) -> None:
        self._registry = registry
        self._config = load_voice_config(config_path)
        self._engines: dict[str, _Loaded] = {}  # language -> its loaded voice
        self._lock = threading.Lock()

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = default_registry()
        return self._registry

    def _chain(self, lang: str) -> tuple[str, list[str]]:
        try:
            code = normalize(lang)
        except UnsupportedLanguage:
            code = lang.strip().lower()
            if code not in espeak_languages():
                raise TTSError(f"No voice for language '{lang}'.") from None
        chain = self._config.chains.get(code, []) + [f"espeak-ng:{code}"]
        if code in self._config.espeak_unintelligible:  # measured: benchmarks/espeak_fallback.py
            chain = [e for e in chain if not e.startswith("espeak-ng:")]
        return code, list(dict.fromkeys(chain))

    def _load(self, code: str, entry: str) -> tuple[VoiceChoice, Engine, str | None]:
        """(voice, engine, the model id it runs on: None for espeak-ng)."""
        engine, _, voice = entry.partition(":")
        if engine == "piper":
            model_id = f"piper-{voice}"
            p = PiperEngine(self.registry.path(model_id), voice)
            return VoiceChoice(code, "piper", voice, p.sample_rate), p, model_id
        if engine == "kokoro":
            model_id = settings().kokoro_model
            k = KokoroEngine(self.registry.path(model_id), voice, code, self._config.kokoro_espeak.get(code, code),
                             model_id, ipa_replace=(self._config.kokoro_ipa or {}).get(code, ()))
            return VoiceChoice(code, "kokoro", voice, k.sample_rate), k, model_id
        if engine == "espeak-ng":
            e = EspeakEngine(voice, self._config.espeak_wpm)
            return VoiceChoice(code, "espeak-ng", voice, e.sample_rate), e, None
        raise TTSError(f"unknown TTS engine '{engine}' in voices.toml")

    def _cached(self, code: str) -> tuple[VoiceChoice, Engine] | None:
        """The loaded voice of a language, unless the registry found its model corrupt or gone since it was
        loaded (an in-memory flag, no I/O): then it is dropped and the chain is walked again."""
        found = self._engines.get(code)
        if found is None:
            return None
        if found.model_id is not None and not self._usable(found.model_id):
            log.warning("voice %s %s for %s: model %s found unusable at run time; falling back",
                        found.choice.engine, found.choice.voice, code, found.model_id)
            for c in [c for c, v in self._engines.items() if v.model_id == found.model_id]:
                del self._engines[c]
            if found.choice.engine == "kokoro":
                drop_kokoro_sessions()
            return None
        if any(self._usable(m) for m in found.instead_of):  # verified good again: back to the better voice
            log.info("voice for %s: %s usable again", code, ", ".join(found.instead_of))
            del self._engines[code]
            return None
        return found.choice, found.engine

    def _usable(self, model_id: str) -> bool:
        """The registry's run-time verdict (an in-memory flag, no I/O)."""
        try:
            self.registry.check_usable(model_id)
        except ModelUnavailable:
            return False
        return True

    def _engine_for(self, lang: str) -> tuple[VoiceChoice, Engine]:
        code, chain = self._chain(lang)
        with self._lock:
            cached = self._cached(code)
            if cached is not None:
                return cached
            why: list[str] = []
            models: list[str] = []
            flagged: list[str] = []  # better voices' models found corrupt at run time (until verified again)
            for entry in chain:
                try:
                    found = self._load(code, entry)
                except ModelUnavailable as exc:
                    log.warning("voice %s for %s unavailable (%s); trying the next one", entry, code, exc.model_id)
                    why.append(f"{entry}: model {exc.model_id} {'corrupt' if exc.corrupt else 'unavailable'}")
                    models.append(exc.model_id)
                    if not self._usable(exc.model_id):
                        flagged.append(exc.model_id)
                    continue
                except TTSError as exc:
                    log.warning("voice %s for %s unavailable: %s", entry, code, exc.message)
                    why.append(f"{entry}: {exc.message}")
                    continue
                except Exception as exc:  # a corrupt ONNX file, a broken G2P dictionary...
                    log.warning("voice %s for %s failed to load (%s); trying the next one",
                                entry, code, type(exc).__name__)
                    why.append(f"{entry}: failed to load ({type(exc).__name__})")
                    continue
                self._engines[code] = _Loaded(*found, tuple(dict.fromkeys(flagged)))
                return found[0], found[1]
        if code in self._config.espeak_unintelligible:
            why.append(f"espeak-ng does not speak {code} intelligibly")
        raise TTSError(f"no voice for {code} ({'; '.join(why)}); the answer is shown as text only",
                       fix=" ; ".join(f"kiosk models verify {m}" for m in dict.fromkeys(models)))

    def voice_for(self, lang: str) -> VoiceChoice:
        """The best voice that actually loads for this language (ISO 639-1 or any code languages.normalize
        accepts). Raises TTSError when none does."""
        return self._engine_for(lang)[0]

    @staticmethod
    def _plan(text: str, choice: VoiceChoice) -> list[tuple[str, bool]]:
        if choice.engine == "kokoro":
            return plan_phrases(text, choice.lang)
        return plan_sentences(text, choice.lang)

    @staticmethod
    def _synth(choice: VoiceChoice, engine: Engine, text: str, rate: float) -> np.ndarray:
        t0 = time.perf_counter()
        try:
            samples = engine.synth(engine_text(text, choice.lang), rate)  # Korean as pronounced
        except TTSError:
            raise
        except Exception as exc:
            log.warning("tts %s failed (%s)", choice.engine, type(exc).__name__)
            raise TTSError("Speech could not be produced; the answer is shown on screen.") from exc
        samples = np.clip(samples, -1.0, 1.0).astype(np.float32, copy=False)
        log.debug("tts %s: %d chars -> %.2fs audio in %.2fs", choice.engine, len(text),
                  len(samples) / engine.sample_rate, time.perf_counter() - t0)
        return samples

    def stream(self, text: str, lang: str, rate: float = 1.0) -> Iterator[SpeechChunk]:
        """Synthesize phrase by phrase; each chunk is yielded as soon as it is ready.

        Kokoro voices start with a short phrase (see phrasing.plan_phrases) and Piper/espeak-ng with the first
        sentence. While the caller plays a chunk, the next one is synthesized in a background thread (one chunk
        ahead), so there is no synthesis gap between chunks. Closing the generator stops that thread."""
        choice, engine = self._engine_for(lang)
        rate = float(min(2.0, max(0.5, rate)))
        plan = self._plan(speakable(text, choice.lang), choice)  # numbers as words, units by name (voices/readings)
        if not plan:
            return
        # the first chunk is made right here (no thread start-up on the latency path)
        head = 0
        first = np.zeros(0, np.float32)
        while head < len(plan) and len(first) == 0:
            first = self._synth(choice, engine, plan[head][0], rate)
            head += 1
        if len(first) == 0:
            return
        def produce(put: Callable[[tuple[str, bool, np.ndarray]], None], stopped: Callable[[], bool]) -> None:
            for chunk_text, end in plan[head:]:
                if stopped():
                    return
                put((chunk_text, end, self._synth(choice, engine, chunk_text, rate)))

        ahead = (ReadAhead(produce, maxsize=1, name="tts-ahead", shutdown=_SHUTDOWN, threads=_READ_AHEAD)
                 if head < len(plan) else None)
        try:
            yield SpeechChunk(plan[head - 1][0], first, engine.sample_rate, 0, plan[head - 1][1])
            index = 1
            for chunk_text, end, samples in ahead or ():
                if len(samples) == 0:
                    continue
                yield SpeechChunk(chunk_text, samples, engine.sample_rate, index, end)
                index += 1
        finally:
            if ahead is not None:
                ahead.close()

    def warm_up(self, langs: Iterable[str]) -> dict[str, VoiceChoice]:
        """Load the voices for these languages and run one tiny synthesis each (G2P dictionaries, ONNX first
        run), so the first real answer starts fast. Languages without a voice are skipped (logged)."""
        out: dict[str, VoiceChoice] = {}
        for lang in langs:
            try:
                out[lang] = self.voice_for(lang)
                for _ in self.stream("1.", lang):
                    pass
            except TTSError as exc:
                log.warning("no voice to warm up for %s: %s", lang, exc.message)
        return out

    def synthesize(self, text: str, lang: str, rate: float = 1.0) -> AudioClip:
        """The whole text as one clip (sentences separated by a short pause)."""
        return join_chunks(self.stream(text, lang, rate), self.voice_for(lang).sample_rate, rate)


def join_chunks(chunks: Iterable[SpeechChunk], sample_rate: int, rate: float = 1.0) -> AudioClip:
    """Concatenate streamed chunks into one clip: a pause after each sentence (longer for slower speech), only
    the short natural edge at a phrase split inside a sentence."""
    parts: list[np.ndarray] = []
    sr = sample_rate
    sentence_done = False
    for chunk in chunks:
        sr = chunk.sample_rate
        if parts and sentence_done:
            # slower speech (accessibility) also gets longer pauses between sentences
            parts.append(np.zeros(int(_SENTENCE_GAP_S / max(0.5, min(2.0, rate)) * sr), np.float32))
        elif parts:
            # a phrase split inside a sentence: only the short natural edge each chunk keeps (trim)
            parts.append(np.zeros(int(_PHRASE_GAP_S * sr), np.float32))
        parts.append(chunk.samples)
        sentence_done = chunk.sentence_end
    return AudioClip(np.concatenate(parts) if parts else np.zeros(0, np.float32), sr)


@functools.cache
def get_speaker() -> Speaker:
    """The process-wide Speaker (voices load lazily, once)."""
    return Speaker()
