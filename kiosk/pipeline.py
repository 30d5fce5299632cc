"""The one facade the UI and the CLI call: listen -> understand -> answer -> speak, and interpretation.

Models are the process-wide lazy singletons of kiosk.asr / kiosk.tts / kiosk.assistant / kiosk.interpret; nothing is
loaded before it is first needed. Every failure leaves here as a `PipelineError` carrying a `Status` with a
catalog key for a user-facing message (never a raw exception in the GUI). No Qt here.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from kiosk.errors import PipelineError, Status, to_status

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _guard(step: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    except PipelineError:
        raise
    except Exception as exc:
        status = to_status(exc, step)
        log.warning("%s failed: %s (%s)", step, status.code, type(exc).__name__)
        raise PipelineError(status) from exc
    finally:
        log.debug("%s took %.2fs", step, time.perf_counter() - t0)


class Pipeline:
    """Facade over the kiosk's models. Thread-safe to call from worker threads (the models lock themselves)."""

    def __init__(self, *, play_audio: bool = True, asr_model: str = "whisper-base") -> None:
        self.play_audio = play_audio
        self.asr_model = asr_model
        self._recorder: Any = None
        self._lock = threading.Lock()

    # ---- models (lazy, process-wide singletons) ----------------------------------------------------------
    def _transcriber(self) -> Any:
        from kiosk.asr import get_transcriber

        return get_transcriber(self.asr_model)

    def _speaker(self) -> Any:
        from kiosk.tts import get_speaker

        return get_speaker()

    def _assistant(self) -> Any:
        from kiosk.assistant import get_assistant

        return get_assistant()

    def warm_up(self) -> list[Status]:
        """Load the speech-recognition model, the assistant and every UI language's voice now (call from a worker
        at start-up), so the first answer in, say, Japanese does not wait seconds for its phonemizer."""
        from kiosk.languages import UI_LANGUAGES
        from kiosk.tts import get_speaker

        problems: list[Status] = []
        for step, fn in (("asr", self._transcriber), ("assistant", self._assistant),
                         ("speak", lambda: get_speaker().warm_up(UI_LANGUAGES))):
            try:
                with _guard(step):
                    fn()
            except PipelineError as err:
                problems.append(err.status)
        return problems

    # ---- voice in --------------------------------------------------------------------------------------
    def listen(self, stop: threading.Event | None = None,
               on_level: Callable[[float], None] | None = None, max_seconds: float = 15.0) -> Any:
        """Record one utterance from the microphone (stops on silence or when `stop` is set) -> AudioClip."""
        with _guard("listen"):
            from kiosk.audio import Recorder

            with self._lock:
                if self._recorder is None or self._recorder.max_seconds != max_seconds:
                    self._recorder = Recorder(max_seconds=max_seconds)
                rec = self._recorder
            return rec.record_utterance(on_level=on_level, stop=stop)

    def understand(self, audio: Any, lang: str | None = None) -> Any:
        """Speech -> Transcript. `audio` is an AudioClip or a file path. Raises not_understood for silence/noise."""
        with _guard("understand"):
            if isinstance(audio, str | Path):
                from kiosk.audio import load_audio

                audio = load_audio(audio)
            if getattr(audio, "duration_s", 1.0) <= 0.05:
                raise PipelineError(Status("not_understood", "err_not_understood", "no speech", step="understand"))
            transcript = self._transcriber().transcribe(audio, language=lang)
            if not transcript.confident:
                raise PipelineError(Status("not_understood", "err_not_understood",
                                           f"not confident ({transcript.language})", step="understand"))
            log.info("understood %d chars, lang=%s p=%.2f in %.2fs", len(transcript.text), transcript.language,
                     transcript.language_probability, transcript.seconds)
            return transcript

    # ---- thinking ----------------------------------------------------------------------------------------
    def answer(self, text: str, lang: str | None) -> Any:
        """Question text -> Answer (verdict, answer text in the question's language, cited rules)."""
        with _guard("answer"):
            t0 = time.perf_counter()
            ans = self._assistant().ask(text, lang=lang)
            log.info("answered verdict=%s rules=%d in %.2fs", ans.verdict, len(ans.rules), time.perf_counter() - t0)
            return ans

    def translate(self, text: str, src: str, tgt: str) -> Any:
        with _guard("translate"):
            from kiosk.translate import get_translation_service

            return get_translation_service().translate(text, src, tgt)

    # ---- voice out ---------------------------------------------------------------------------------------
    def speak(self, text: str, lang: str, rate: float = 1.0) -> Generator[Any, None, None]:
        """Synthesize sentence by sentence -> SpeechChunk iterator (errors surface as PipelineError)."""
        with _guard("speak"):
            chunks = self._speaker().stream(text, lang, rate=rate)
        while True:
            with _guard("speak"):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def say(self, text: str, lang: str, rate: float = 1.0, stop: threading.Event | None = None) -> float:
        """Speak `text` aloud (when play_audio) chunk by chunk. Returns seconds of audio produced."""
        total = 0.0
        if stop is not None and stop.is_set():
            return total
        chunks = self.speak(text, lang, rate)
        for chunk in chunks:  # each next() synthesizes one sentence: check `stop` before asking for more
            total += len(chunk.samples) / chunk.sample_rate
            if self.play_audio:
                self.play(chunk, stop)
            if stop is not None and stop.is_set():
                chunks.close()
                break
        return total

    def play(self, clip: Any, stop: threading.Event | None = None) -> None:
        """Play an AudioClip/SpeechChunk; a missing speaker is logged, not raised (the text is on screen)."""
        if not self.play_audio:
            return
        try:
            from kiosk.audio import AudioClip, play

            play(AudioClip(clip.samples, clip.sample_rate), stop)
        except Exception as exc:
            log.warning("audio output failed (%s)", type(exc).__name__)

    # ---- interpretation ----------------------------------------------------------------------------------
    def new_interpretation(self, officer_lang: str = "ko", traveler_lang: str | None = None) -> Any:
        with _guard("interpret"):
            from kiosk.interpret import InterpretSession

            return InterpretSession(officer_lang=officer_lang, traveler_lang=traveler_lang)

    def interpret(self, session: Any, side: str, audio: Any) -> Any:
        """One utterance of `side` ("officer" | "traveler") -> Turn (original + translation)."""
        if side not in ("officer", "traveler"):
            raise ValueError(f"side must be 'officer' or 'traveler', not {side!r}")
        with _guard("interpret"):
            if isinstance(audio, str | Path):
                from kiosk.audio import load_audio

                audio = load_audio(audio)
            turn = session.add_audio(side, audio)
            log.info("interpreted %s turn %s->%s flagged=%s", side, turn.source_lang, turn.target_lang, turn.flagged)
            return turn


_default: Pipeline | None = None


def get_pipeline() -> Pipeline:
    """The process-wide Pipeline."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default
