"""Shared model servers on the airport LAN: Wyoming ASR/TTS, an OpenAI-compatible LLM; local models as fallback."""

from __future__ import annotations

from kiosk.remote.errors import RemoteUnavailable
from kiosk.remote.factory import asr_chooser, llm_chooser, translation_chooser, tts_chooser
from kiosk.remote.fallback import SpeechRecord, Used, WithFallback, speech, with_fallback
from kiosk.remote.openai_llm import EXTRACTION_SCHEMA, OpenAIClient, RemoteLLM, RemoteTranslator, numbers_in
from kiosk.remote.wyoming_asr import RemoteTranscriber
from kiosk.remote.wyoming_tts import RemoteSpeaker

__all__ = [
    "EXTRACTION_SCHEMA", "OpenAIClient", "RemoteLLM", "RemoteSpeaker", "RemoteTranscriber", "RemoteTranslator",
    "RemoteUnavailable", "SpeechRecord", "Used", "WithFallback", "asr_chooser", "llm_chooser", "numbers_in", "speech",
    "translation_chooser", "tts_chooser", "with_fallback",
]
