"""Choosers built from the settings (`KIOSK_ASR_URI`, `KIOSK_TTS_URI`, `KIOSK_LLM_URL`, `KIOSK_REMOTE_TIMEOUT`).

With no server configured each chooser simply runs the local engine (`Used.engine == "local"`). A malformed
address never stops the kiosk: it is logged, the local engine serves, and `chooser.problem` says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from kiosk.config import settings
from kiosk.remote.errors import RemoteUnavailable
from kiosk.remote.fallback import WithFallback
from kiosk.remote.openai_llm import OpenAIClient, RemoteLLM, RemoteTranslator
from kiosk.remote.wyoming_asr import RemoteTranscriber
from kiosk.remote.wyoming_tts import RemoteSpeaker

L = TypeVar("L")
log = logging.getLogger(__name__)


def asr_chooser(local: Callable[[], L]) -> WithFallback[RemoteTranscriber | L]:
    """Speech recognition: the Wyoming server at KIOSK_ASR_URI, else `local()` (e.g. kiosk.asr.get_transcriber)."""
    s = settings()
    remote, problem = None, ""
    try:
        remote = RemoteTranscriber(s.asr_uri, s.remote_timeout) if s.asr_uri else None
    except RemoteUnavailable as exc:
        problem = f"KIOSK_ASR_URI: {exc.detail}"
        log.error("%s; using the local model", problem)
    return WithFallback[RemoteTranscriber | L](remote, local, "asr", s.remote_retry_after, problem)


def tts_chooser(local: Callable[[], L]) -> WithFallback[RemoteSpeaker | L]:
    """Speech synthesis: the Wyoming server at KIOSK_TTS_URI, else `local()` (e.g. kiosk.tts.get_speaker)."""
    s = settings()
    remote, problem = None, ""
    try:
        remote = RemoteSpeaker(s.tts_uri, s.remote_timeout, parse_voices(s.tts_voices)) if s.tts_uri else None
    except RemoteUnavailable as exc:
        problem = f"KIOSK_TTS_URI: {exc.detail}"
        log.error("%s; using the local voices", problem)
    return WithFallback[RemoteSpeaker | L](remote, local, "tts", s.remote_retry_after, problem)


def parse_voices(spec: str) -> dict[str, str]:
    """"en=en_US-joe-medium, de=de_DE-thorsten-medium" -> {"en": "en_US-joe-medium", "de": ...}."""
    out: dict[str, str] = {}
    for part in spec.split(","):
        lang, sep, voice = part.partition("=")
        if sep and lang.strip() and voice.strip():
            out[lang.strip().lower()] = voice.strip()
    return out


def _client() -> OpenAIClient | None:
    s = settings()
    try:
        return OpenAIClient(s.llm_url, s.llm_remote_model, s.remote_timeout) if s.llm_url else None
    except ValueError as exc:
        log.error("KIOSK_LLM_URL: %s; using the local model", exc)
        return None


def llm_chooser(local: Callable[[], L]) -> WithFallback[RemoteLLM | L]:
    """Item extraction: the OpenAI-compatible server at KIOSK_LLM_URL, else `local()` (kiosk.llm.get_llm)."""
    client = _client()
    return WithFallback[RemoteLLM | L](RemoteLLM(client, settings().llm_grammar) if client else None, local, "llm",
                                       settings().remote_retry_after)


def translation_chooser(local: Callable[[], L]) -> WithFallback[RemoteTranslator | L]:
    """LLM translation: the server at KIOSK_LLM_URL, else `local()` (e.g. the TranslationService)."""
    client = _client()
    return WithFallback[RemoteTranslator | L](RemoteTranslator(client) if client else None, local, "translate",
                                              settings().remote_retry_after)
