"""Free-form translation packs besides NLLB-200, on the same CTranslate2 engine (kiosk/translate/nllb.py):

* ``m2m100`` — M2M100 (MIT; e.g. `ct2-transformers-converter --model facebook/m2m100_418M`): one multilingual
  model, language tokens ``__ko__``, input ``__src__ pieces </s>``, target prefix ``__tgt__``;
  files model.bin, config.json, shared_vocabulary.json, sentencepiece.bpe.model.
* ``marian`` — Marian / OPUS-MT (CC-BY 4.0; e.g. `ct2-transformers-converter --model Helsinki-NLP/opus-mt-ko-en`):
  one model per direction, input ``pieces </s>``, no language token; files model.bin, config.json,
  shared_vocabulary.json (or source/target vocabularies), source.spm, target.spm. The direction comes from the
  pack's manifest entry (``"languages": ["ko", "en"]``: source first).

`load_pack(folder, languages)` looks at the files and returns the right translator; the engine name is always
reported on each Translation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk import languages
from kiosk.translate.nllb import NllbTranslator
from kiosk.translate.types import Engine, TranslationError


def _iso(code: str) -> str:
    try:
        return languages.normalize(code)
    except languages.UnsupportedLanguage as exc:
        raise TranslationError(str(exc)) from exc


class M2M100Translator(NllbTranslator):
    """M2M100 on CTranslate2: language tokens ``__xx__`` (ISO 639-1)."""

    engine: Engine = "m2m100"
    label = "M2M100"

    def language_token(self, code: str) -> str:
        return f"__{_iso(code)}__"

    def iso(self, code: str) -> str:
        return _iso(code)


class MarianTranslator(NllbTranslator):
    """Marian / OPUS-MT on CTranslate2: one direction per model, separate source and target sentencepiece."""

    engine: Engine = "marian"
    label = "Marian"
    required_files = ("model.bin", "config.json", "source.spm", "target.spm")

    def __init__(self, model_dir: Path, pair: tuple[str, str], **kwargs: Any) -> None:
        self.pair = (_iso(pair[0]), _iso(pair[1]))
        super().__init__(model_dir, **kwargs)

    def _load_tokenizers(self, spm: Any) -> None:
        self._sp = spm.SentencePieceProcessor(model_file=str(self.model_dir / "source.spm"))
        self._sp_target = spm.SentencePieceProcessor(model_file=str(self.model_dir / "target.spm"))

    def language_token(self, code: str) -> str:
        return _iso(code)

    def iso(self, code: str) -> str:
        return _iso(code)

    def supports(self, code: str) -> bool:
        try:
            return _iso(code) in self.pair
        except TranslationError:
            return False

    def supports_pair(self, src: str, tgt: str) -> bool:
        try:
            return (_iso(src), _iso(tgt)) == self.pair
        except TranslationError:
            return False

    def _lang_token(self, code: str) -> str:
        iso = _iso(code)
        if iso not in self.pair:
            raise TranslationError(f"the marian pack translates {self.pair[0]}->{self.pair[1]} only")
        return iso

    def source_tokens(self, pieces: list[str], src_tok: str, tgt_tok: str) -> list[str]:
        if (src_tok, tgt_tok) != self.pair:
            raise TranslationError(f"the marian pack translates {self.pair[0]}->{self.pair[1]} only")
        return [*pieces, "</s>"]

    def target_prefix(self, tgt_tok: str) -> list[str] | None:
        return None


def pack_format(folder: Path) -> str:
    """'marian', 'm2m100' or 'nllb' from the files in a converted pack folder."""
    if (folder / "source.spm").is_file() and (folder / "target.spm").is_file():
        return "marian"
    vocab = folder / "shared_vocabulary.json"
    if vocab.is_file():
        tokens = json.loads(vocab.read_text(encoding="utf-8"))
        if "__en__" in tokens or "__ko__" in tokens:
            return "m2m100"
    return "nllb"


def load_pack(folder: Path, pack_languages: list[str] | None = None, **kwargs: Any) -> NllbTranslator:
    """The translator for a converted pack folder (TranslationError when the files do not make one)."""
    kind = pack_format(folder)
    if kind == "marian":
        langs = [x for x in (pack_languages or []) if x != "*"]
        if len(langs) != 2:
            raise TranslationError(f"marian pack at {folder} needs its direction in the manifest "
                                   "(\"languages\": [source, target])")
        return MarianTranslator(folder, (langs[0], langs[1]), **kwargs)
    if kind == "m2m100":
        return M2M100Translator(folder, **kwargs)
    return NllbTranslator(folder, **kwargs)
