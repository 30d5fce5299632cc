"""Pre-synthesized fixed sentences, so the first sentence of an answer plays at once.

Every answer starts with a verdict sentence from `locales/rules/<lang>.toml` ("Allowed: nothing to declare.", "I
need a little more information before I can answer.", ...) and ends with the officer sentence; these never change.
`PhraseCache.warm()` synthesizes them at start-up for each language and speaking rate (keyed by text, voice and
rate: a change of voice or rate never plays a stale recording), and `PhraseCache.stream()` speaks an answer with
the cached sentences taken from memory and the others synthesized by `Speaker.stream` in a background thread
while the earlier ones play.
"""

from __future__ import annotations

import logging
import threading
import tomllib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from kiosk.tts import Speaker, SpeechChunk, TTSError, get_speaker, split_sentences
from kiosk.tts.ahead import ReadAhead

log = logging.getLogger(__name__)

__all__ = ["PhraseCache", "template_sentences"]

_NO_SPACE = frozenset({"zh", "ja", "th"})


@dataclass(frozen=True)
class _Key:
    text: str
    engine: str
    voice: str
    rate: float


def _rate(rate: float) -> float:
    return round(float(min(2.0, max(0.5, rate))), 2)


def template_sentences(lang: str, closing: bool = True) -> list[str]:
    """The fixed sentences of the answer templates of a language: the verdicts (every answer starts with one)
    and, with `closing`, the sentences that end answers (the officer's decision is final...)."""
    from kiosk.config import settings

    path = settings().locales_dir / "rules" / f"{lang}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("answer templates for %s unreadable (%s)", lang, type(exc).__name__)
        return []
    texts = [str(v) for v in data.get("verdict", {}).values()]
    if closing:
        from kiosk.i18n import tr

        texts += [str(data.get("text", {}).get(k, "")) for k in ("officer", "injection", "no_estimate")]
        # the officer sentence names the on-screen button exactly as it reads (kiosk.assistant.templates.compose)
        texts = [t.replace("{button}", tr(lang, "ask_officer")) for t in texts]
    out: list[str] = []
    for text in texts:
        if "{" in text:
            continue
        for sentence in split_sentences(text, lang):
            if sentence not in out:
                out.append(sentence)
    return out


class PhraseCache:
    """Synthesized sentences in memory, keyed by (text, voice, rate)."""

    def __init__(self, speaker: Speaker | None = None) -> None:
        self.speaker = speaker or get_speaker()
        self._clips: dict[_Key, SpeechChunk] = {}
        self._lock = threading.Lock()

    def _key(self, text: str, lang: str, rate: float) -> _Key:
        voice = self.speaker.voice_for(lang)
        return _Key(text.strip(), voice.engine, voice.voice, _rate(rate))

    def __len__(self) -> int:
        return len(self._clips)

    def put(self, text: str, lang: str, rate: float = 1.0) -> SpeechChunk:
        """Synthesize one sentence now and keep it."""
        key = self._key(text, lang, rate)
        with self._lock:
            found = self._clips.get(key)
        if found is not None:
            return found
        clip = self.speaker.synthesize(key.text, lang, key.rate)
        chunk = SpeechChunk(key.text, clip.samples, clip.sample_rate, 0, True)
        with self._lock:
            self._clips[key] = chunk
        return chunk

    def get(self, text: str, lang: str, rate: float = 1.0) -> SpeechChunk | None:
        """The cached recording of this sentence in this language's current voice at this rate, or None."""
        try:
            key = self._key(text, lang, rate)
        except TTSError:
            return None
        with self._lock:
            return self._clips.get(key)

    def warm(self, langs: Iterable[str], rates: Iterable[float] = (1.0,), closing: bool = False,
             extra: dict[str, list[str]] | None = None) -> int:
        """Synthesize the template sentences (the verdicts that open every answer; with `closing` also the
        sentences that end answers, and `extra` sentences per language) for these languages and rates.
        Languages without a voice are skipped (logged). Returns how many sentences are cached."""
        rates = tuple(rates)
        for lang in langs:
            sentences = template_sentences(lang, closing) + list((extra or {}).get(lang, []))
            for rate in rates:
                for sentence in sentences:
                    try:
                        self.put(sentence, lang, rate)
                    except TTSError as exc:
                        log.warning("cannot pre-synthesize for %s: %s", lang, exc.message)
                        break
        return len(self)

    def stream(self, text: str, lang: str, rate: float = 1.0) -> Iterator[SpeechChunk]:
        """Like `Speaker.stream`: cached sentences come from memory at once; the others are synthesized by the
        Speaker in a background thread while the earlier chunks play. Closing the generator stops that thread."""
        sentences = split_sentences(text, lang)
        if not sentences:
            return
        segments: list[SpeechChunk | str] = []  # cached chunks, or text to synthesize
        joiner = "" if lang in _NO_SPACE else " "
        for sentence in sentences:
            hit = self.get(sentence, lang, rate)
            if hit is not None:
                segments.append(hit)
            elif segments and isinstance(segments[-1], str):
                segments[-1] = segments[-1] + joiner + sentence
            else:
                segments.append(sentence)
        if len(segments) == 1 and isinstance(segments[0], str):
            yield from self.speaker.stream(segments[0], lang, rate)  # nothing cached: the plain path
            return
        def produce(put: Callable[[SpeechChunk], None], stopped: Callable[[], bool]) -> None:
            for seg in segments:
                if stopped():
                    return
                if isinstance(seg, SpeechChunk):
                    put(seg)
                    continue
                chunks = self.speaker.stream(seg, lang, rate)
                try:
                    for chunk in chunks:
                        put(chunk)
                        if stopped():
                            return
                finally:
                    if isinstance(chunks, Generator):
                        chunks.close()

        ahead = ReadAhead(produce, maxsize=2, name="tts-cache-ahead")
        try:
            for index, item in enumerate(ahead):
                yield SpeechChunk(item.text, np.asarray(item.samples), item.sample_rate, index, item.sentence_end)
        finally:
            ahead.close()
