"""NLLB-200 on CTranslate2 with its sentencepiece model: batched, sentence-split, cached.

Model folder layout (what `ct2-transformers-converter --model facebook/nllb-200-distilled-600M` writes, plus the
sentencepiece model copied next to it): model.bin, config.json, shared_vocabulary.{json,txt},
sentencepiece.bpe.model. Input format: ``[src_lang] pieces </s>``, target prefix ``[tgt_lang]``.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from kiosk import languages
from kiosk.translate.segment import join_sentences, split_sentences
from kiosk.translate.types import FLAG_BELOW, MAX_CHARS, Engine, Translation, TranslationError

log = logging.getLogger(__name__)

REQUIRED_FILES = ("model.bin", "config.json", "sentencepiece.bpe.model")
MAX_TOKENS = 200  # pieces per sentence chunk (NLLB positions: 1024, quality drops well before)


def nllb_code(code: str) -> str:
    """ISO 639-1 / locale / NLLB code -> NLLB code (TranslationError if the kiosk does not support it)."""
    try:
        return languages.get(code).nllb
    except languages.UnsupportedLanguage as exc:
        raise TranslationError(str(exc)) from exc


def _read_vocabulary(model_dir: Path) -> set[str]:
    js = model_dir / "shared_vocabulary.json"
    if js.exists():
        return set(json.loads(js.read_text(encoding="utf-8")))
    txt = model_dir / "shared_vocabulary.txt"
    if txt.exists():
        return {line.rstrip("\n") for line in txt.read_text(encoding="utf-8").splitlines()}
    raise TranslationError(f"NLLB model at {model_dir} has no shared_vocabulary.json/.txt")


class NllbTranslator:
    """CTranslate2 Translator + sentencepiece. Thread-safe; one instance per model folder is enough.

    Subclasses (kiosk/translate/packs.py) change only the pack layout: engine name, tokenizer files, the
    language tokens and where they go (M2M100: ``__ko__``; Marian/OPUS-MT: one model per language pair).
    """

    engine: Engine = "nllb"
    label = "NLLB"  # for messages
    required_files: tuple[str, ...] = REQUIRED_FILES

    def __init__(self, model_dir: Path, device: str = "cpu", compute_type: str = "int8", inter_threads: int = 1,
                 intra_threads: int = 0, cache_size: int = 512, beam_size: int = 4,
                 max_batch_size: int = 16) -> None:
        import ctranslate2
        import sentencepiece as spm

        self.model_dir = Path(model_dir)
        missing = [f for f in self.required_files if not (self.model_dir / f).is_file()]
        if missing:
            raise TranslationError(f"{self.label} model at {self.model_dir} is missing {', '.join(missing)}")
        self.vocabulary = _read_vocabulary(self.model_dir)
        t0 = time.perf_counter()
        try:
            self._load_tokenizers(spm)
            self._tr = ctranslate2.Translator(str(self.model_dir), device=device, compute_type=compute_type,
                                              inter_threads=inter_threads, intra_threads=intra_threads)
        except (RuntimeError, OSError, ValueError) as exc:
            raise TranslationError(f"cannot load {self.label} model at {self.model_dir}: {exc}") from exc
        log.info("%s loaded in %.2fs (%d tokens)", self.engine, time.perf_counter() - t0, len(self.vocabulary))
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str, str], tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()
        self.cache_hits = 0

    def _load_tokenizers(self, spm: Any) -> None:
        self._sp = spm.SentencePieceProcessor(model_file=str(self.model_dir / "sentencepiece.bpe.model"))
        self._sp_target = self._sp

    def language_token(self, code: str) -> str:
        """The model's token for a language (TranslationError for a language the kiosk does not know)."""
        return nllb_code(code)

    def iso(self, code: str) -> str:
        return languages.normalize(nllb_code(code))

    def supports(self, code: str) -> bool:
        try:
            return self.language_token(code) in self.vocabulary
        except TranslationError:
            return False

    def supports_pair(self, src: str, tgt: str) -> bool:
        return self.supports(src) and self.supports(tgt)

    def _lang_token(self, code: str) -> str:
        tok = self.language_token(code)
        if tok not in self.vocabulary:
            raise TranslationError(f"the {self.label} model has no language token {tok}")
        return tok

    def source_tokens(self, pieces: list[str], src_tok: str, tgt_tok: str) -> list[str]:
        """NLLB / M2M100: ``[src_lang] pieces </s>``."""
        return [src_tok, *pieces, "</s>"]

    def target_prefix(self, tgt_tok: str) -> list[str] | None:
        return [tgt_tok]

    def _encode(self, sentence: str) -> list[list[str]]:
        pieces: list[str] = self._sp.encode(sentence, out_type=str)
        return [pieces[i:i + MAX_TOKENS] for i in range(0, len(pieces), MAX_TOKENS)] or [[]]

    def translate_batch(self, texts: list[str], src: str, tgt: str) -> list[Translation]:
        """Translate texts from src to tgt (ISO 639-1 or NLLB codes). Empty texts come back empty and flagged.

        Every text is split into sentences; all uncached sentences go through CTranslate2 in one batched call.
        `seconds` of each result is the wall time of the whole call.
        """
        t0 = time.perf_counter()
        src_iso, tgt_iso = self.iso(src), self.iso(tgt)
        src_tok, tgt_tok = self._lang_token(src), self._lang_token(tgt)
        for t in texts:
            if len(t) > MAX_CHARS:
                raise TranslationError(f"text too long to translate ({len(t)} characters, limit {MAX_CHARS})")
        split = [split_sentences(t) for t in texts]
        results: dict[str, tuple[str, float]] = {}
        todo: list[str] = []
        with self._lock:
            for sents in split:
                for s in sents:
                    key = (src_tok, tgt_tok, s)
                    if key in self._cache:
                        self._cache.move_to_end(key)
                        results[s] = self._cache[key]
                        self.cache_hits += 1
                    elif s not in results and s not in todo:
                        todo.append(s)
        if todo:
            for s, res in zip(todo, self._run(todo, src_tok, tgt_tok), strict=True):
                results[s] = res
            with self._lock:
                for s in todo:
                    self._cache[(src_tok, tgt_tok, s)] = results[s]
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
        seconds = time.perf_counter() - t0
        out = []
        for sents in split:
            if not sents:
                out.append(Translation("", src_iso, tgt_iso, self.engine, 0.0, True, seconds, "empty input"))
                continue
            parts = [results[s] for s in sents]
            conf = min(p[1] for p in parts)
            flagged = conf < FLAG_BELOW
            out.append(Translation(join_sentences([p[0] for p in parts], tgt_iso), src_iso, tgt_iso, self.engine,
                                   conf, flagged, seconds, "low confidence" if flagged else ""))
        log.debug("%s: %d texts, %d new sentences, %.3fs", self.engine, len(texts), len(todo), seconds)
        return out

    def _run(self, sentences: list[str], src_tok: str, tgt_tok: str) -> list[tuple[str, float]]:
        chunks: list[list[str]] = []
        owner: list[int] = []
        for i, s in enumerate(sentences):
            for c in self._encode(s):
                chunks.append(self.source_tokens(c, src_tok, tgt_tok))
                owner.append(i)
        prefix = self.target_prefix(tgt_tok)
        try:
            res: list[Any] = self._tr.translate_batch(
                chunks, target_prefix=[prefix] * len(chunks) if prefix else None, beam_size=self.beam_size,
                max_batch_size=self.max_batch_size, return_scores=True, max_decoding_length=MAX_TOKENS * 2)
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(f"{self.label} translation failed: {exc}") from exc
        texts: list[list[str]] = [[] for _ in sentences]
        scores: list[list[float]] = [[] for _ in sentences]
        for i, r in zip(owner, res, strict=True):
            hyp = list(r.hypotheses[0])
            if hyp and hyp[0] == tgt_tok:
                hyp = hyp[1:]
            texts[i].append(self._sp_target.decode(hyp))
            # CTranslate2's score is the length-normalized log-probability of the hypothesis.
            scores[i].append(math.exp(r.scores[0]) if r.scores else 0.0)
        return [(" ".join(t).strip(), min(sc) if sc else 0.0) for t, sc in zip(texts, scores, strict=True)]
