"""An interpretation session between a customs officer and a traveler: turns from either side, in memory only."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import languages
from kiosk.audio import AudioClip
from kiosk.errors import KioskError
from kiosk.interpret.hazards import find_hazards
from kiosk.interpret.turn import SIDES, Turn, transcript_confidence
from kiosk.translate import Translation, TranslationError, TranslationService, get_translation_service
from kiosk.translate.llm_fallback import WEAK_TARGETS

if TYPE_CHECKING:
    from kiosk.asr import Transcriber

log = logging.getLogger(__name__)

# Language assumed for the traveler until their first turn tells otherwise.
DEFAULT_TRAVELER_LANG = "en"


class InterpretError(KioskError, ValueError):
    """Bad use of the session (unknown side, unsupported language). Message is user-safe."""

    code = "bad_input"


class InterpretSession:
    """Turns from either side; the traveler's language is detected from their first spoken turn when unknown."""

    def __init__(self, officer_lang: str = "ko", traveler_lang: str | None = None,
                 translator: TranslationService | None = None,
                 transcriber: Transcriber | None = None) -> None:
        try:
            self.officer_lang = languages.normalize(officer_lang)
            self.traveler_lang: str | None = languages.normalize(traveler_lang) if traveler_lang else None
        except languages.UnsupportedLanguage as exc:
            raise InterpretError(str(exc)) from exc
        self._initial_traveler = self.traveler_lang
        self._translator = translator
        self._transcriber = transcriber
        self._turns: list[Turn] = []
        self._lock = threading.Lock()
        self.started = datetime.now(UTC)

    # ---- engines (lazy) ---------------------------------------------------------------------------
    @property
    def translator(self) -> TranslationService:
        if self._translator is None:
            self._translator = get_translation_service()
        return self._translator

    @property
    def transcriber(self) -> Transcriber:
        if self._transcriber is None:
            from kiosk.asr import get_transcriber

            self._transcriber = get_transcriber()
        return self._transcriber

    # ---- turns ------------------------------------------------------------------------------------
    def _langs(self, side: str, lang: str | None) -> tuple[str, str]:
        if side not in SIDES:
            raise InterpretError(f"side must be 'officer' or 'traveler', not {side!r}")
        try:
            src = languages.normalize(lang) if lang else None
        except languages.UnsupportedLanguage as exc:
            raise InterpretError(str(exc)) from exc
        if side == "officer":
            return src or self.officer_lang, self.traveler_lang or DEFAULT_TRAVELER_LANG
        if src and self.traveler_lang is None:
            self.traveler_lang = src
        return src or self.traveler_lang or DEFAULT_TRAVELER_LANG, self.officer_lang

    def add_text(self, side: str, text: str, lang: str | None = None) -> Turn:
        """A typed turn. `lang` defaults to the side's language."""
        src, tgt = self._langs(side, lang)
        t0 = time.perf_counter()
        try:
            tr = self.translator.translate(text, src, tgt)
        except TranslationError as exc:
            tr = Translation("", src, tgt, "identity", 0.0, True, time.perf_counter() - t0, str(exc))
        turn = Turn(side, text, tr.text, src, tgt, tr.confidence, tr.flagged, tr.engine, datetime.now(UTC),
                    None, tr.note, 0.0, tr.seconds)
        return self.add_turn(turn)

    def add_audio(self, side: str, audio: AudioClip | str | Path) -> Turn:
        """A spoken turn: Whisper transcribes it (detecting the traveler's language if unknown), then it is
        translated. Traveler speech to English without an NLLB pack uses Whisper's own translate task."""
        if side not in SIDES:
            raise InterpretError(f"side must be 'officer' or 'traveler', not {side!r}")
        from kiosk.audio import AudioError, load_audio

        try:
            clip = audio if isinstance(audio, AudioClip) else load_audio(audio)
        except AudioError as exc:
            raise InterpretError(str(exc)) from exc
        hint = self.officer_lang if side == "officer" else self.traveler_lang
        asr = self.transcriber
        t0 = time.perf_counter()
        try:
            tr = asr.transcribe(clip, language=hint)
        except AudioError as exc:
            raise InterpretError(str(exc)) from exc
        asr_s = time.perf_counter() - t0
        heard = tr.text.strip()
        detected = tr.language or hint or ""
        src = detected if languages.is_supported(detected) else (hint or "")
        if side == "traveler" and self.traveler_lang is None and heard and tr.confident and src:
            self.traveler_lang = src
        tgt = self.officer_lang if side == "traveler" else (self.traveler_lang or DEFAULT_TRAVELER_LANG)
        asr_conf = transcript_confidence(tr)
        if not heard or not tr.confident or not src:
            why = ("nothing was heard" if not heard else "language not supported" if not src
                   else "unclear speech")
            return self.add_turn(Turn(side, heard, "", src or detected, tgt, asr_conf, True, "identity",
                                     datetime.now(UTC), clip, why, asr_s, 0.0))
        src = languages.normalize(src)
        t1 = time.perf_counter()
        if src != "en" and tgt != src and not self.translator.has_nllb():
            translation = self._via_whisper(asr, clip, side, src, tgt, asr_conf, t1)
        else:
            try:
                translation = self.translator.translate(heard, src, tgt)
            except TranslationError as exc:
                translation = Translation("", src, tgt, "identity", 0.0, True, time.perf_counter() - t1, str(exc))
            translation = replace(translation, confidence=min(asr_conf, translation.confidence))
        turn = Turn(side, heard, translation.text, src, translation.target_lang, translation.confidence,
                    translation.flagged, translation.engine, datetime.now(UTC), clip, translation.note, asr_s,
                    time.perf_counter() - t1)
        return self.add_turn(turn)

    def _via_whisper(self, asr: Transcriber, clip: AudioClip, side: str, src: str, tgt: str, asr_conf: float,
                     t1: float) -> Translation:
        """No NLLB pack: Whisper translates the speech itself into English (better than the small LLM from
        most languages); for another target the English is translated on by the LLM. If that result is
        doubtful and the listener is the officer, the English is shown instead (officers read English)."""
        wt = asr.transcribe(clip, language=src, task="translate")
        english = wt.text.strip()
        conf = min(asr_conf, transcript_confidence(wt))
        flagged = not english or not wt.confident
        en = Translation(english, src, "en", "whisper", conf, flagged, time.perf_counter() - t1,
                         "unclear speech" if flagged else "")
        if tgt == "en" or flagged:
            return replace(en, target_lang=tgt) if tgt == "en" else replace(en, text="", target_lang=tgt)
        onward: Translation | None = None
        if not (self.translator.engine_for("en", tgt) == "llm" and tgt in WEAK_TARGETS):  # would be flagged
            try:
                onward = self.translator.translate(english, "en", tgt)
            except TranslationError:
                onward = None
        if onward is not None and not onward.flagged and onward.engine != "identity":
            return replace(onward, source_lang=src, confidence=min(conf, onward.confidence),
                           seconds=time.perf_counter() - t1, note="via English (Whisper translate)")
        if side == "traveler":
            return replace(en, seconds=time.perf_counter() - t1,
                           note=f"shown in English: no reliable {tgt} translation available")
        return Translation("", src, tgt, onward.engine if onward else "identity", 0.0, True,
                           time.perf_counter() - t1, f"no reliable {tgt} translation available")

    def add_turn(self, turn: Turn) -> Turn:
        """Record a finished turn (spoken, typed, or made by a phrasebook tap). A traveler's hazard words are
        found here, whatever engine translated the turn."""
        if turn.side == "traveler" and not turn.hazards and turn.original.strip():
            turn = replace(turn, hazards=find_hazards(turn.original, turn.source_lang or DEFAULT_TRAVELER_LANG))
        with self._lock:
            self._turns.append(turn)
        log.info("turn %s %s->%s engine=%s conf=%.2f flagged=%s chars=%d", turn.side, turn.source_lang,
                 turn.target_lang, turn.engine, turn.confidence, turn.flagged, len(turn.original))
        return turn

    @property
    def turns(self) -> tuple[Turn, ...]:
        with self._lock:
            return tuple(self._turns)

    def last_turn(self, side: str | None = None) -> Turn | None:
        for t in reversed(self.turns):
            if side is None or t.side == side:
                return t
        return None

    # ---- export / wipe ------------------------------------------------------------------------------
    def export_json(self) -> dict[str, Any]:
        return {
            "officer_lang": self.officer_lang, "traveler_lang": self.traveler_lang,
            "started": self.started.isoformat(), "turns": [t.to_dict() for t in self.turns],
        }

    def export_text(self) -> str:
        lines = [f"Interpretation session started {self.started:%Y-%m-%d %H:%M:%S} UTC "
                 f"(officer: {self.officer_lang}, traveler: {self.traveler_lang or 'unknown'})"]
        for t in self.turns:
            flag = " [PLEASE REPEAT]" if t.flagged else ""
            if t.hazards:
                flag += " [" + ", ".join(h.korean for h in t.hazards) + "]"
            lines.append(f"[{t.timestamp:%H:%M:%S}] {t.side.upper()} ({t.source_lang}->{t.target_lang}, "
                         f"{t.engine}, confidence {t.confidence:.2f}){flag}")
            lines.append(f"    said:       {t.original}")
            lines.append(f"    translated: {t.translation}")
        return "\n".join(lines) + "\n"

    def clear(self) -> None:
        """Forget every turn (text and audio) and the detected traveler language."""
        with self._lock:
            self._turns.clear()
        self.traveler_lang = self._initial_traveler
        self.started = datetime.now(UTC)
