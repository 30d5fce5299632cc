"""Picks the translation engine: phrasebook (confident standard sentence) > installed NLLB pack > the LLM server
(KIOSK_LLM_URL) > the local multilingual LLM > identity (flagged). Every model translation, local or remote, must
carry the source's numbers (digits or words: "2만" is 20000), else it is rejected: flagged with the reason. When
the server was configured but not used, `Translation.note` says why ("remote LLM: ...")."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from typing import Any

from kiosk import languages
from kiosk.registry import ModelUnavailable, Registry, default_registry
from kiosk.translate.llm_fallback import DEFAULT_LLM, LlmTranslator
from kiosk.translate.nllb import NllbTranslator
from kiosk.translate.numbers import number_mismatch
from kiosk.translate.packs import load_pack
from kiosk.translate.phrasebook_engine import PhrasebookTranslator
from kiosk.translate.types import MAX_CHARS, Translation, TranslationError

log = logging.getLogger(__name__)

NLLB_IDS = ("nllb-200-distilled-600m", "nllb-200-distilled-1.3b", "nllb-200-1.3b", "nllb-200-3.3b")


class TranslationService:
    """Text translation with the best engine available. Engines load lazily, once."""

    def __init__(self, registry: Registry | None = None, llm_model_id: str | None = DEFAULT_LLM,
                 use_nllb: bool = True, nllb_kwargs: dict[str, Any] | None = None,
                 use_phrasebook: bool = True, use_remote: bool = True) -> None:
        self._registry = registry
        self.use_remote = use_remote
        self._remote: Any = None  # the KIOSK_LLM_URL chooser, built on first use
        self.phrasebook = PhrasebookTranslator() if use_phrasebook else None
        self.llm_model_id = llm_model_id
        self.use_nllb = use_nllb
        self._nllb_kwargs = nllb_kwargs or {}
        self._packs: list[tuple[str, NllbTranslator]] | None = None
        self._nllb_problem: str | None = None
        self._llm: LlmTranslator | None = None
        self._llm_problem: str | None = None
        self._lock = threading.Lock()

    @property
    def registry(self) -> Registry:
        return self._registry or default_registry()

    # ---- engines -----------------------------------------------------------------------------
    def _nllb_ids(self) -> list[str]:
        ids = [m.id for m in self.registry.by_kind("mt")]
        return sorted(ids, key=lambda i: (NLLB_IDS.index(i) if i in NLLB_IDS else len(NLLB_IDS), i))

    def packs(self) -> list[tuple[str, NllbTranslator]]:
        """Every installed, verified "mt" pack as (model id, translator), NLLB ids first; loaded once."""
        if not self.use_nllb:
            return []
        with self._lock:
            if self._packs is None:
                problems, packs = [], []
                for mid in self._nllb_ids():
                    try:
                        spec = self.registry.spec(mid)
                        packs.append((mid, load_pack(self.registry.path(mid), list(spec.languages),
                                                     **self._nllb_kwargs)))
                    except ModelUnavailable as exc:
                        problems.append(f"{exc.problem}; fix: {exc.fix}")
                    except TranslationError as exc:
                        problems.append(str(exc))
                self._packs = packs
                if not packs:
                    self._nllb_problem = "; ".join(problems) or (
                        "no NLLB pack installed; fix: kiosk models install --from <mirror> nllb-200-distilled-600m")
                    log.info("no translation pack available")
            return self._packs

    def nllb(self) -> NllbTranslator | None:
        """The first installed translation pack (NLLB, M2M100 or Marian), or None (reason in engines())."""
        packs = self.packs()
        return packs[0][1] if packs else None

    def pack_for(self, src: str, tgt: str) -> NllbTranslator | None:
        """The first installed pack that translates src -> tgt."""
        for _mid, tr in self.packs():
            if tr.supports_pair(src, tgt):
                return tr
        return None

    def llm(self) -> LlmTranslator | None:
        if self.llm_model_id is None:
            return None
        with self._lock:
            if self._llm is None and self._llm_problem is None:
                try:
                    reg = self._registry
                    (reg or default_registry()).path(self.llm_model_id)
                    self._llm = LlmTranslator(self.llm_model_id, registry=reg)
                except ModelUnavailable as exc:
                    self._llm_problem = f"{exc.problem}; fix: {exc.fix}"
            return self._llm

    def remote(self) -> Any:
        """The chooser for the LLM server at KIOSK_LLM_URL (kiosk.remote), or None when none is configured."""
        if not self.use_remote:
            return None
        with self._lock:
            if self._remote is None:
                from kiosk.remote import translation_chooser

                chooser = translation_chooser(lambda: None)
                self._remote = chooser if chooser.remote is not None else False
            return self._remote or None

    def has_nllb(self) -> bool:
        """Whether a free-form translation pack (NLLB, M2M100 or Marian) is installed."""
        return self.nllb() is not None

    def engines(self) -> dict[str, str]:
        packs, llm = self.packs(), self.llm()
        ready = ", ".join(mid if tr.engine == "nllb" else f"{mid}: {tr.engine}" for mid, tr in packs)
        return {
            "phrasebook": "ready (standard sentences, ko <-> 42 languages)" if self.phrasebook else "disabled",
            "nllb": f"ready ({ready})" if packs else f"unavailable: {self._nllb_problem or 'disabled'}",
            "llm": f"ready ({self.llm_model_id})" if llm else f"unavailable: {self._llm_problem or 'disabled'}",
            "remote_llm": (f"tried first ({self.remote().remote.client.base_url})" if self.remote() is not None
                           else "not configured (KIOSK_LLM_URL)"),
            "whisper": "speech to English only (interpretation, when no NLLB pack)",
            "identity": "always (same text, flagged: please repeat)",
        }

    def engine_for(self, src: str, tgt: str) -> str:
        if languages.normalize(src) == languages.normalize(tgt):
            return "identity"
        pack = self.pack_for(src, tgt)
        if pack is not None:
            return pack.engine
        return "llm" if self.remote() is not None or self.llm() is not None else "identity"

    # ---- translation ---------------------------------------------------------------------------
    @staticmethod
    def checked(source: str, tr: Translation) -> Translation:
        """A model translation whose numbers differ from the source's is rejected (flagged with the reason)."""
        if tr.engine in ("phrasebook", "identity") or not tr.text:
            return tr
        reason = number_mismatch(source, tr.source_lang, tr.text, tr.target_lang)
        if not reason or (tr.flagged and reason in tr.note):  # none, or the engine flagged it already
            return tr
        note = f"{reason}; {tr.note}" if tr.note else reason
        return dataclasses.replace(tr, flagged=True, confidence=min(tr.confidence, 0.1), note=note)

    def translate(self, text: str, src: str, tgt: str) -> Translation:
        """Translate text; TranslationError for an unsupported language or too long text.

        src == tgt gives the text back unflagged; empty text, or no engine able to translate, gives a
        flagged result (the caller asks the person to repeat).
        """
        t0 = time.perf_counter()
        if self.phrasebook is not None and text.strip() and len(text) <= MAX_CHARS:
            pb = self.phrasebook.translate(text, src, tgt)
            if pb is not None:
                return pb
        try:
            s, t = languages.normalize(src), languages.normalize(tgt)
        except languages.UnsupportedLanguage as exc:
            raise TranslationError(str(exc)) from exc
        if len(text) > MAX_CHARS:
            raise TranslationError(f"text too long to translate ({len(text)} characters, limit {MAX_CHARS})")
        if not text.strip():
            return Translation("", s, t, "identity", 0.0, True, 0.0, "empty input")
        if s == t:
            return Translation(text, s, t, "identity", 1.0, False, time.perf_counter() - t0)
        notes = []
        pack = self.pack_for(s, t)
        if pack is not None:
            try:
                return self.checked(text, pack.translate_batch([text], s, t)[0])
            except TranslationError as exc:
                log.warning("%s failed, falling back", pack.engine)
                notes.append(f"{pack.engine} failed: {exc}")
        remote = self.remote()
        if remote is not None:
            used, why = remote.try_remote(lambda engine: engine.translate(text, s, t))
            if used is not None:
                return self.checked(text, used.value)
            notes.append(f"remote LLM: {why}")
            from kiosk.metrics import EngineUsed, observe

            observe(EngineUsed("translate", "local", fallback=True))
        llm = self.llm()
        if llm is not None:
            try:
                tr = self.checked(text, llm.translate(text, s, t))
                return dataclasses.replace(tr, note="; ".join([*notes, tr.note] if tr.note else notes))
            except (TranslationError, ModelUnavailable) as exc:
                log.warning("LLM translation failed")
                notes.append(f"llm failed: {exc}")
        return Translation(text, s, t, "identity", 0.0, True, time.perf_counter() - t0,
                           "; ".join(notes) or "no translation engine available")

    def translate_batch(self, texts: list[str], src: str, tgt: str) -> list[Translation]:
        pack = self.pack_for(src, tgt)
        if pack is not None:
            return [self.checked(x, tr) for x, tr in zip(texts, pack.translate_batch(texts, src, tgt), strict=True)]
        return [self.translate(x, src, tgt) for x in texts]


_service: TranslationService | None = None
_service_lock = threading.Lock()


def get_translation_service() -> TranslationService:
    """The kiosk's shared TranslationService (default registry)."""
    global _service
    with _service_lock:
        if _service is None:
            _service = TranslationService()
        return _service
