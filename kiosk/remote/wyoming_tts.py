"""Speech synthesis on a Wyoming server (`wyoming-piper` on a LAN box, or another kiosk's `kiosk serve`).

`RemoteSpeaker(uri).stream(text, lang)` yields the same `kiosk.tts.SpeechChunk`s as the local `Speaker` (one
request per sentence, so the first sentence plays while the next is made); `synthesize()` joins them. A language the server has no voice for is
refused (RemoteUnavailable), so the local voice speaks instead of an English voice reading Korean text.

Which voices: the configured map (`KIOSK_TTS_VOICES`, e.g. "en=en_US-joe-medium,ko=..."), else the server's
`Info`. wyoming-piper advertises its whole download catalog as installed, so on an offline LAN configure the map;
a voice the server then cannot load comes back as an error or a closed connection, and the local voice speaks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

import numpy as np

from kiosk.audio import AudioClip
from kiosk.remote.errors import RemoteUnavailable
from kiosk.remote.wyoming_asr import check_uri, from_pcm16, refusal, run_with_timeout
from kiosk.tts import SpeechChunk, VoiceChoice, join_chunks, split_sentences

log = logging.getLogger(__name__)


def _lang2(code: str) -> str:
    """"en_US" / "en-us" / "EN" -> "en"."""
    return code.replace("-", "_").split("_")[0].lower()


class RemoteSpeaker:
    """Voices on another machine; `stream`/`synthesize`/`voice_for` like `kiosk.tts.Speaker`."""

    def __init__(self, uri: str, timeout: float = 3.0, voices: Mapping[str, str] | None = None) -> None:
        self.uri = check_uri(uri)
        self.timeout = timeout
        # language -> voice name: configured, else asked from the server's Info once
        self._voices: dict[str, str] | None = ({_lang2(k): v for k, v in voices.items()} if voices else None)

    def voices(self) -> dict[str, str]:
        """Language (ISO 639-1) -> voice name: the configured map, else the server's first voice for it."""
        if self._voices is None:
            self._voices = run_with_timeout(self._describe(), self.timeout, f"TTS server {self.uri}")
        return self._voices

    def voice_for(self, lang: str) -> VoiceChoice:
        name = self.voices().get(_lang2(lang))
        if name is None:
            raise RemoteUnavailable(f"TTS server {self.uri} has no voice for '{lang}'", code="unsupported_language",
                                    rest_s=0)
        return VoiceChoice(_lang2(lang), "wyoming", name, 0)  # the rate is known once audio arrives

    def stream(self, text: str, lang: str, rate: float = 1.0) -> Iterator[SpeechChunk]:
        """One chunk per sentence. The voice check and the first sentence happen in this call (so a server
        that is down fails inside `with_fallback(...).run`); later sentences are made as they are consumed and
        raise RemoteUnavailable from the iteration if the server drops. Wyoming has no speaking rate: rate != 1
        is refused (the local voice slows down)."""
        if abs(rate - 1.0) > 1e-6:
            raise RemoteUnavailable(f"TTS server {self.uri}: Wyoming has no speaking rate ({rate:g})",
                                    rest_s=0)
        choice = self.voice_for(lang)
        sentences = split_sentences(text, choice.lang)
        first = self._chunk(sentences[0], choice.voice, 0) if sentences else None
        return self._rest(first, sentences, choice.voice)

    def _chunk(self, sentence: str, voice: str, index: int) -> SpeechChunk:
        samples, sr = run_with_timeout(self._synthesize(sentence, voice), self.timeout, f"TTS server {self.uri}")
        return SpeechChunk(sentence, samples, sr, index, True)

    def _rest(self, first: SpeechChunk | None, sentences: list[str], voice: str) -> Iterator[SpeechChunk]:
        if first is None:
            return
        yield first
        for index, sentence in enumerate(sentences[1:], start=1):
            yield self._chunk(sentence, voice, index)

    def synthesize(self, text: str, lang: str, rate: float = 1.0) -> AudioClip:
        """The whole text as one clip (sentences joined with the local Speaker's pauses)."""
        chunks = list(self.stream(text, lang, rate))
        return join_chunks(chunks, chunks[0].sample_rate if chunks else 22050, rate)

    async def _describe(self) -> dict[str, str]:
        from wyoming.client import AsyncClient
        from wyoming.info import Describe, Info

        async with AsyncClient.from_uri(self.uri) as client:
            await client.write_event(Describe().event())
            while True:
                event = await client.read_event()
                if event is None:
                    raise ConnectionError("the server closed the connection before its Info")
                if Info.is_type(event.type):
                    info = Info.from_event(event)
                    break
        out: dict[str, str] = {}
        for program in info.tts:
            for voice in program.voices:
                if voice.installed:
                    for language in voice.languages:
                        out.setdefault(_lang2(language), voice.name)
        return out

    async def _synthesize(self, text: str, voice: str) -> tuple[np.ndarray, int]:
        from wyoming.audio import AudioChunk, AudioStart, AudioStop
        from wyoming.client import AsyncClient
        from wyoming.error import Error
        from wyoming.tts import Synthesize, SynthesizeVoice

        parts: list[np.ndarray] = []
        rate = 0
        async with AsyncClient.from_uri(self.uri) as client:
            await client.write_event(Synthesize(text=text, voice=SynthesizeVoice(name=voice)).event())
            while True:
                event = await client.read_event()
                if event is None:
                    raise ConnectionError("the server closed the connection before the end of the audio")
                if Error.is_type(event.type):
                    raise refusal(f"TTS server {self.uri}", Error.from_event(event).code)
                if AudioStart.is_type(event.type):
                    start = AudioStart.from_event(event)
                    if start.width != 2 or start.channels != 1:
                        raise ValueError(f"unsupported audio format width={start.width} channels={start.channels}")
                    rate = start.rate
                elif AudioChunk.is_type(event.type):
                    chunk = AudioChunk.from_event(event)
                    rate = rate or chunk.rate
                    parts.append(from_pcm16(chunk.audio))
                elif AudioStop.is_type(event.type):
                    break
        if not parts or rate <= 0:
            raise ValueError("no audio in the answer")
        return np.concatenate(parts), rate
