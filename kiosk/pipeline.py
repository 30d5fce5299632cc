"""One pipeline owns a turn. Read this file to see both flows of the kiosk:

traveler turn  (`Pipeline.traveler_turn`):  listen -> understand (Whisper) -> answer (rule tables) -> speak
touch edit     (`Pipeline.edit_basket`):    remove / correct / confirm an item -> answer (rule tables)
declaration    (`Pipeline.declaration`):    the basket -> the declaration draft (every item not clearly allowed)
officer turn   (`Pipeline.interpret_turn`): listen -> understand + translate (officer <-> traveler) -> speak

Each turn is a generator of typed events (kiosk.events: Listening, Recorded, Thinking, Heard, Answered,
Translated, Speaking, Drafted, Done, Failed). The Qt UI and the CLI (`kiosk converse`) iterate the same generator and only
render what it yields. Everything a turn learns is recorded in the `Session` (the one store: language decision,
conversation, interpretation turns, audio); a turn that outlives a reset of its session records nothing.

Models are the process-wide lazy singletons of kiosk.asr / kiosk.tts / kiosk.assistant, or a shared server on the
airport LAN when one is configured (kiosk.remote: Wyoming ASR/TTS, local fallback); nothing loads before it is
first needed (or `warm_up()`). Stage latencies and verdict counts go to kiosk.metrics (never text or audio). Every failure leaves a turn as a `Failed(status)` event carrying a catalog key for
the person and a detail + fix for the operator — never a raw exception. No Qt here.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import languages
from kiosk.assistant.templates import split_answer
from kiosk.basket_flows import BasketFlows
from kiosk.config import settings
from kiosk.errors import PipelineError, Status, step
from kiosk.events import (
    Answered,
    CheckHeard,
    Done,
    Failed,
    Heard,
    Listening,
    Recorded,
    Side,
    Speaking,
    Thinking,
    Translated,
    TurnEvent,
)
from kiosk.metrics import StageLatency, observe
from kiosk.metrics import Turn as TurnMetric
from kiosk.pipeline_ahead import adopt, answer_ahead
from kiosk.remote import asr_chooser, speech, tts_chooser
from kiosk.session import Session

if TYPE_CHECKING:
    from kiosk.asr import Transcriber, Transcript
    from kiosk.asr.ahead import Ahead
    from kiosk.asr.streaming import StreamingTranscriber
    from kiosk.assistant import Answer, Assistant
    from kiosk.audio import AudioClip, Recorder
    from kiosk.translate import Translation
    from kiosk.tts import Speaker, SpeechChunk
    from kiosk.tts.cache import PhraseCache

log = logging.getLogger(__name__)

# Why recognition may be unsure yet worth showing the traveler (the words are in a kiosk language, maybe wrong):
# they confirm with one touch instead of repeating. No speech, another language, a repetition loop: ask again.
CONFIRMABLE = frozenset({"low_logprob"})


class Pipeline(BasketFlows):
    """Runs turns (the touch flows of the basket and the declaration: kiosk.basket_flows). Thread-safe: turns run in worker threads (the models lock themselves)."""

    def __init__(self, *, play_audio: bool = True, asr_model: str | None = None) -> None:
        self.play_audio = play_audio
        self.asr_model = asr_model or settings().asr_model
        self._recorders: dict[float, Recorder] = {}
        self._lock = threading.Lock()
        # A Wyoming server on the LAN first (KIOSK_ASR_URI / KIOSK_TTS_URI), the local model as fallback.
        self._asr = asr_chooser(self.transcriber)
        self._tts = tts_chooser(self.speaker)
        self._cache: PhraseCache | None = None  # the answers' fixed sentences, synthesized once (warm_up)
        self._live: dict[int, StreamingTranscriber] = {}  # clip id -> recognition run while it was spoken
        self._aheads: dict[int, Ahead] = {}  # clip id -> its answer computed during the end silence

    # ---- the traveler's turn ------------------------------------------------------------------------------
    def traveler_turn(self, session: Session, audio: AudioClip | str | Path | None = None, *,
                      text: str | None = None, rate: float = 1.0, brief: bool = False, speak: bool = True,
                      listen_max_s: float = 15.0, stop: threading.Event | None = None,
                      end_speech: threading.Event | None = None,
                      accessible: bool | None = None, heard: Transcript | None = None,
                      check_heard: bool = False) -> Iterator[TurnEvent]:
        """One question of the traveler, by voice (`audio`; None = the microphone) or typed (`text`), answered
        for the whole conversation so far and spoken in the session's language (`brief`: the key sentence).
        `stop` cancels the turn; `end_speech` ends the recording (push-to-talk released) and the turn goes on;
        `accessible` (default: `brief`) waits longer before deciding a slower speaker has finished.

        With `check_heard`, words recognition is unsure of are not a failure ("please repeat"): the turn yields
        `CheckHeard` (what was heard and the facts that decide the verdict) and ends; the traveler's one-touch
        "yes, that's right" answers it with `heard=` that transcript (as speech: amounts near a limit are still
        read back). Without it (a renderer that does not show CheckHeard yet), such a turn fails not_understood."""
        stop = stop or threading.Event()
        generation = session.generation
        audio_heard = text is None
        heard_confident: bool | None = None  # spoken: was the recognizer confident (the desk shows it)
        confirmed = heard is not None  # unsure words the traveler confirmed on screen (the desk shows it)
        t_turn = time.perf_counter()
        clip: AudioClip | None = None
        try:
            if heard is not None:  # confirmed by the traveler after CheckHeard
                text = heard.text
                language = session.decide_language(heard.language, confident=True)
                audio_heard = True
                yield Heard(transcript=heard, language=language, confirmed=True)
            elif text is None:
                clip = yield from self._hear(session, "traveler", audio, stop, listen_max_s, generation, end_speech,
                                             brief if accessible is None else accessible, answering=True)
                if clip is None:
                    yield Done(stopped=True)
                    return
                t_turn = time.perf_counter()  # the whole turn's latency counts from the end of speech
                yield Thinking(step="understand")
                transcript = self.understand(clip, session.language, unsure_ok=check_heard)
                if session.generation != generation:
                    yield Done(stopped=True)
                    return
                if not transcript.confident:  # words heard but not sure of them: show them, one touch confirms
                    yield self.check_heard(transcript, session.language or transcript.language)
                    yield Done(stopped=False)
                    return
                language = session.decide_language(transcript.language, confident=transcript.confident)
                yield Heard(transcript=transcript, language=language)
                text = transcript.text
                heard_confident = transcript.confident
            else:
                language = session.language or settings().lang
            yield Thinking(step="answer")
            with step("answer"):  # for the whole conversation so far: the basket, follow-ups, corrections
                answer = self._answered_ahead(session, clip, text, language)  # during the end silence
                if answer is None:
                    answer = session.converse(self.assistant()).ask(text, language, from_speech=audio_heard)
            observe(StageLatency("answer", answer.seconds, answer.language))
            observe(TurnMetric(answer.language, answer.verdict))
            if session.generation != generation:  # the session was reset meanwhile: record and say nothing
                yield Done(stopped=True)
                return
            session.add_exchange(text, language, answer, heard_confident=heard_confident, confirmed=confirmed)
            log.info("answered verdict=%s rules=%d in %.2fs", answer.verdict, len(answer.rules), answer.seconds)
            yield Answered(answer=answer)
            if speak and not stop.is_set():
                spoken = split_answer(answer)[0] if brief else answer.answer  # the verdict sentence, any script
                yield from self._speak(spoken, answer.language, rate, stop)
            observe(StageLatency("turn", time.perf_counter() - t_turn, answer.language))  # end of speech to end
            yield Done(result=answer, stopped=stop.is_set())
        except PipelineError as err:  # after a reset, a failure of the old visit's work is nobody's business
            yield Done(stopped=True) if session.generation != generation else Failed(status=err.status)
        finally:  # a turn closed early (reset, window closed) leaves no recognizer thread behind
            if clip is not None:
                self._forget_live(clip)
                if (ahead := self._aheads.pop(id(clip), None)) is not None:
                    ahead.discard()

    # ---- touch edits of the basket and the declaration -----------------------------------------------------
    # ---- the officer's desk: one interpretation turn -------------------------------------------------------
    def interpret_turn(self, session: Session, side: Side, audio: AudioClip | str | Path | None = None, *,
                       officer_lang: str = "ko", rate: float = 1.0, speak: bool = True,
                       listen_max_s: float = 15.0, stop: threading.Event | None = None,
                       end_speech: threading.Event | None = None) -> Iterator[TurnEvent]:
        """One utterance of `side` ("officer" | "traveler"): recognized, translated for the other side, and
        spoken in the listener's language unless the translation is flagged (then the screen asks to repeat)."""
        stop = stop or threading.Event()
        generation = session.generation
        try:
            if side not in ("officer", "traveler"):
                raise PipelineError(Status("bad_input", "err_internal", f"unknown side {side!r}", step="interpret"))
            clip = yield from self._hear(session, side, audio, stop, listen_max_s, generation, end_speech)
            if clip is None:
                yield Done(stopped=True)
                return
            yield Thinking(side=side, step="interpret")
            with step("interpret"):
                interpreter = session.interpreter(officer_lang)
                turn = interpreter.add_audio(side, clip)
            if session.generation != generation:
                yield Done(stopped=True)
                return
            if side == "traveler" and not turn.flagged:
                session.decide_language(turn.source_lang)
            log.info("interpreted %s turn %s->%s flagged=%s", side, turn.source_lang, turn.target_lang, turn.flagged)
            yield Translated(turn=turn)
            if speak and turn.translation and not turn.flagged and not stop.is_set():
                yield from self._speak(turn.translation, turn.target_lang, rate, stop)
            yield Done(result=turn, stopped=stop.is_set())
        except PipelineError as err:
            yield Done(stopped=True) if session.generation != generation else Failed(status=err.status)

    # ---- reading aloud (screen text, prompts, replays) -----------------------------------------------------
    def read_aloud(self, text: str, lang: str, rate: float = 1.0,
                   stop: threading.Event | None = None) -> Iterator[TurnEvent]:
        """Speak `text` (a screen, a prompt, a replayed translation) as a turn of its own."""
        stop = stop or threading.Event()
        try:
            yield from self._speak(text, lang, rate, stop)
            yield Done(stopped=stop.is_set())
        except PipelineError as err:
            yield Failed(status=err.status)

    # ---- stages ------------------------------------------------------------------------------------------
    def _hear(self, session: Session, side: Side, audio: AudioClip | str | Path | None, stop: threading.Event,
              listen_max_s: float, generation: int, end_speech: threading.Event | None = None,
              accessible: bool = False, answering: bool = False) -> Generator[TurnEvent, None, AudioClip | None]:
        """Listening -> Recorded; returns the clip (None when cancelled, when nothing was said, or when the
        session was reset meanwhile). From the microphone, recognition already runs in the pauses while the
        person speaks (kiosk.asr.streaming), so at the end of speech little is left to transcribe."""
        if audio is None:
            yield Listening(side=side)
            with step("listen"):
                clip = self._listen(side, session, listen_max_s, end_speech or stop, accessible, answering)
        else:
            with step("listen"):
                clip = self._load(audio)
        if session.generation != generation or stop.is_set() or not len(clip.samples):
            self._forget_live(clip)
            return None
        session.audio.append(clip)
        yield Recorded(audio=clip, side=side)
        return clip

    def _listen(self, side: Side, session: Session, listen_max_s: float, end: threading.Event,
                accessible: bool, answering: bool = False) -> AudioClip:
        from kiosk.audio import EndpointConfig, ack_tone, play

        live = None
        if self._asr.remote is None and side == "traveler":  # a LAN server transcribes at the end instead
            from kiosk.asr.streaming import StreamingTranscriber

            live = StreamingTranscriber(self.asr_model, language=session.language,  # `answering`: a customs turn
                                        ahead=answer_ahead(self.assistant, session) if answering else None)
        try:
            utt = self._recorder(listen_max_s).listen(
                stop=end, listener=live, endpointing=EndpointConfig.for_accessibility() if accessible else None,
                on_endpoint=(lambda: play(ack_tone(), wait=False)) if self.play_audio else None)
        except BaseException:
            if live is not None:
                live.close()
            raise
        if live is not None:
            self._live[id(utt.clip)] = live
        return utt.clip

    def _forget_live(self, clip: AudioClip) -> StreamingTranscriber | None:
        live = self._live.pop(id(clip), None)
        if live is not None:
            live.close()
        return live

    def understand(self, clip: AudioClip, lang: str | None = None, *, unsure_ok: bool = False) -> Transcript:
        """Speech -> Transcript; silence, noise and unsure transcripts raise not_understood (ask to repeat).
        `unsure_ok`: a transcript whose only fault is a low token probability (words heard in a kiosk language,
        maybe wrongly) is returned instead, for the traveler to confirm (`check_heard`)."""
        with step("understand"):
            if clip.duration_s <= 0.05:
                raise PipelineError(Status("not_understood", "err_not_understood", "no speech", step="understand"))
            live = self._live.pop(id(clip), None)
            if live is not None:  # recognized during the pauses while it was spoken: usually done already
                t0 = time.perf_counter()
                try:
                    transcript = live.result(clip)
                    if (ahead := live.claim_ahead()) is not None:
                        self._aheads[id(clip)] = ahead
                finally:
                    live.close()
                observe(StageLatency("asr", time.perf_counter() - t0, transcript.language))
            else:
                used = self._asr.run(lambda engine: engine.transcribe(clip, language=lang))
                transcript = used.value
                observe(StageLatency("asr", used.seconds, transcript.language))
            if not transcript.confident:
                observe(TurnMetric(lang or transcript.language, understood=False))
                why = transcript.assessment.reason if transcript.text.strip() else "no_speech"
                if unsure_ok and why in CONFIRMABLE:
                    return transcript
                raise PipelineError(Status("not_understood", "err_not_understood",
                                           f"not confident: {why} ({transcript.language})", step="understand"))
            log.info("understood %d chars, lang=%s p=%.2f in %.2fs", len(transcript.text), transcript.language,
                     transcript.language_probability, transcript.seconds)
            return transcript

    def _answered_ahead(self, session: Session, clip: AudioClip | None, text: str, language: str) -> Answer | None:
        """The answer computed during the end silence (kiosk.pipeline_ahead), adopted into the session when it
        was computed for these words from the conversation as it still is; None: compute it now."""
        ahead = self._aheads.pop(id(clip), None) if clip is not None else None
        answer = adopt(ahead, session, text, language) if ahead is not None else None
        if answer is not None:
            log.debug("answer computed during the end silence")
        return answer

    @staticmethod
    def check_heard(transcript: Transcript, language: str) -> CheckHeard:
        """What was heard and the facts in it that decide the verdict, for the traveler to confirm."""
        from kiosk.assistant.parser import parse_question

        try:
            facts = parse_question(transcript.text, language).items
        except Exception as exc:  # the words are shown anyway
            log.warning("no facts from the heard words (%s)", type(exc).__name__)
            facts = ()
        return CheckHeard(transcript=transcript, language=language, facts=tuple(facts),
                          reason=transcript.assessment.reason)

    def _speak(self, text: str, lang: str, rate: float, stop: threading.Event) -> Iterator[TurnEvent]:
        """Synthesize sentence by sentence; each chunk is yielded (and played, when this pipeline plays audio)
        as soon as it is ready. A failing speaker is reported; the text is on screen anyway."""
        if not text.strip() or stop.is_set():
            return
        with step("speak"):
            if self._tts.remote is None and self._cache is not None:  # fixed sentences play at once
                chunks = self._cache.stream(text, lang, rate)
            else:
                chunks = speech(self._tts, text, lang, rate)  # a server failing mid-answer: local finishes
        try:
            while not stop.is_set():
                with step("speak"):
                    chunk = next(chunks, None)
                if chunk is None:
                    return
                yield Speaking(chunk=chunk, lang=lang)
                if self.play_audio:
                    self._play(chunk, stop)
        finally:
            with contextlib.suppress(Exception):
                chunks.close()  # type: ignore[attr-defined]

    def translate(self, text: str, src: str, tgt: str) -> Translation:
        with step("translate"):
            from kiosk.translate import get_translation_service

            return get_translation_service().translate(text, src, tgt)

    # ---- models and devices (lazy, process-wide) -----------------------------------------------------------
    def transcriber(self) -> Transcriber:
        from kiosk.asr import get_transcriber

        return get_transcriber(self.asr_model)

    def speaker(self) -> Speaker:
        from kiosk.tts import get_speaker

        return get_speaker()

    def assistant(self) -> Assistant:
        from kiosk.assistant import get_assistant

        return get_assistant(settings().jurisdiction, settings().use_llm)

    def warm_up(self) -> list[Status]:
        """Load speech recognition, the assistant and every UI language's voice now (from a worker at start-up),
        so that the first answer in, say, Japanese does not wait for its phonemizer. Returns what failed."""
        problems: list[Status] = []
        for name, load in (("understand", self.transcriber), ("answer", lambda: self.assistant().warm_up()),
                           ("speak", lambda: self.speaker().warm_up(languages.UI_LANGUAGES)),
                           ("speak", self._warm_cache)):
            try:
                with step(name):
                    load()
            except PipelineError as err:
                problems.append(err.status)
        return problems

    def _warm_cache(self) -> None:
        """Synthesize the verdict sentences every answer starts with, at normal and accessibility rate."""
        from kiosk.tts.cache import PhraseCache

        cache = PhraseCache(self.speaker())
        cache.warm(languages.UI_LANGUAGES, rates=(1.0, 0.8))
        self._cache = cache

    def close(self) -> None:
        """Close the microphone streams (the app's shutdown)."""
        with self._lock:
            recorders, self._recorders = list(self._recorders.values()), {}
        for rec in recorders:
            rec.close()

    def _recorder(self, max_seconds: float) -> Recorder:
        from kiosk.audio import Recorder

        with self._lock:
            rec = self._recorders.get(max_seconds)
            if rec is None:
                rec = self._recorders[max_seconds] = Recorder(max_seconds=max_seconds)
            return rec

    @staticmethod
    def _load(audio: AudioClip | str | Path) -> AudioClip:
        from kiosk.audio import load_audio

        return load_audio(audio) if isinstance(audio, str | Path) else audio

    def _play(self, chunk: SpeechChunk, stop: threading.Event) -> None:
        """Play one chunk; a missing speaker is logged, not raised (the text is on screen)."""
        from kiosk.audio import AudioClip, play

        try:
            play(AudioClip(chunk.samples, chunk.sample_rate), stop)
        except Exception as exc:
            log.warning("audio output failed (%s)", type(exc).__name__)


def run(events: Iterator[TurnEvent]) -> list[TurnEvent]:
    """Drain a turn (tests, batch use): every event, in order."""
    return list(events)


_default: Pipeline | None = None


def get_pipeline() -> Pipeline:
    """The process-wide Pipeline."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default
