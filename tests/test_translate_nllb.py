"""NllbTranslator on the committed tiny NLLB-architecture model (tests/data/tiny_nllb, built by build.py).

The tiny model memorized corpus.tsv (30 customs phrases, 7 languages) between English/Korean and the others;
it is a real CTranslate2 M2M100/NLLB model with a real sentencepiece model and NLLB language tokens, so these
tests exercise the production loading, tokenization, language-token, batching and caching code.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from kiosk import languages
from kiosk.translate import MAX_CHARS, NllbTranslator, TranslationError, split_sentences

TINY = Path(__file__).resolve().parent / "data" / "tiny_nllb"


def _corpus() -> tuple[list[str], list[list[str]]]:
    with (TINY / "corpus.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [languages.normalize(h) for h in rows[0]], rows[1:]


LANGS, ROWS = _corpus()
COL = {code: i for i, code in enumerate(LANGS)}


@pytest.fixture(scope="module")
def nllb() -> NllbTranslator:
    return NllbTranslator(TINY)


def test_committed_model_is_small_and_has_the_nllb_layout() -> None:
    names = {p.name for p in TINY.iterdir()}
    assert {"model.bin", "config.json", "shared_vocabulary.json", "sentencepiece.bpe.model", "build.py"} <= names
    assert sum(p.stat().st_size for p in TINY.iterdir()) < 2_000_000


def test_every_kiosk_language_has_its_token(nllb: NllbTranslator) -> None:
    for code, lang in languages.LANGUAGES.items():
        assert lang.nllb in nllb.vocabulary
        assert nllb.supports(code) and nllb.supports(lang.nllb)
    assert not nllb.supports("xx")


@pytest.mark.parametrize("src,tgt", [("en", "ko"), ("ko", "en"), ("es", "en"), ("ko", "es"), ("en", "de")])
def test_translates_the_memorized_phrases(nllb: NllbTranslator, src: str, tgt: str) -> None:
    texts = [r[COL[src]] for r in ROWS]
    out = nllb.translate_batch(texts, src, tgt)
    assert len(out) == len(texts)
    exact = sum(t.text == r[COL[tgt]] for t, r in zip(out, ROWS, strict=True))
    assert exact >= 28, [t.text for t in out]
    first = out[0]
    assert (first.engine, first.source_lang, first.target_lang) == ("nllb", src, tgt)
    assert 0.0 <= first.confidence <= 1.0 and first.seconds > 0


def test_target_language_token_decides_the_output(nllb: NllbTranslator) -> None:
    text = "Where is the exit?"
    ko = nllb.translate_batch([text], "en", "ko")[0].text
    es = nllb.translate_batch([text], "en", "spa_Latn")[0].text  # NLLB codes are accepted too
    de = nllb.translate_batch([text], "eng_Latn", "de-DE")[0].text
    assert ko == "출구가 어디예요?"
    assert es == "¿Dónde está la salida?"
    assert de == "Wo ist der Ausgang?"
    # the language token is stripped from the output
    assert not any(tok in t for t in (ko, es, de) for tok in ("kor_Hang", "spa_Latn", "deu_Latn"))


def test_batch_equals_single_and_is_deterministic(nllb: NllbTranslator) -> None:
    texts = [r[COL["en"]] for r in ROWS[:8]]
    fresh = NllbTranslator(TINY, cache_size=0)
    batch = [t.text for t in fresh.translate_batch(texts, "en", "ko")]
    singles = [fresh.translate_batch([x], "en", "ko")[0].text for x in texts]
    again = [t.text for t in NllbTranslator(TINY).translate_batch(texts, "en", "ko")]
    assert batch == singles == again


def test_cache_serves_repeated_phrases(nllb: NllbTranslator) -> None:
    first = nllb.translate_batch(["Please wait here."], "en", "ko")[0]
    hits = nllb.cache_hits
    second = nllb.translate_batch(["Please wait here.", "Please wait here."], "en", "ko")
    assert nllb.cache_hits == hits + 2
    assert [t.text for t in second] == [first.text] * 2
    assert second[0].confidence == first.confidence


def test_cache_is_bounded() -> None:
    small = NllbTranslator(TINY, cache_size=3)
    small.translate_batch([r[COL["en"]] for r in ROWS[:6]], "en", "ko")
    assert len(small._cache) == 3


def test_sentences_are_split_and_joined(nllb: NllbTranslator) -> None:
    out = nllb.translate_batch(["Hello. Thank you.\nPlease open your bag."], "en", "ko")[0]
    assert out.text == "안녕하세요. 감사합니다. 가방을 열어 주세요."
    zh = nllb.translate_batch(["Hello. Thank you."], "en", "zh")[0]
    assert " " not in zh.text  # Chinese sentences are joined without a space
    assert split_sentences("出口はどこですか？ありがとう。Hi! OK") == ["出口はどこですか？", "ありがとう。", "Hi!", "OK"]
    long = "word " * 300
    parts = split_sentences(long, max_chars=100)
    assert all(len(p) <= 100 for p in parts) and " ".join(parts) == long.strip()


def test_long_input_is_translated_in_chunks(nllb: NllbTranslator) -> None:
    text = " ".join([ROWS[i][COL["en"]] for i in range(30)] * 3)  # 90 sentences, ~2,700 characters
    assert len(text) < MAX_CHARS
    out = nllb.translate_batch([text], "en", "ko")[0]
    assert out.text.count("출구가 어디예요?") == 3


def test_empty_input_is_flagged_not_an_error(nllb: NllbTranslator) -> None:
    out = nllb.translate_batch(["", "   ", "Hello."], "en", "ko")
    assert [t.text for t in out] == ["", "", "안녕하세요."]
    assert out[0].flagged and out[1].flagged and not out[2].flagged
    assert out[0].note == "empty input"
    assert nllb.translate_batch([], "en", "ko") == []


def test_too_long_input_is_refused(nllb: NllbTranslator) -> None:
    with pytest.raises(TranslationError, match="too long"):
        nllb.translate_batch(["a" * (MAX_CHARS + 1)], "en", "ko")


def test_mixed_scripts_and_junk_do_not_crash(nllb: NllbTranslator) -> None:
    out = nllb.translate_batch(["Hello 안녕 こんにちは 你好 Привет 🙂 <script>alert(1)</script> \x00\t"],
                               "en", "ko")[0]
    # the tiny test model knows "Hello"; emoji, markup and control characters are not passed through
    assert (out.engine, out.text, out.flagged) == ("nllb", "안녕하세요.", False) and 0.0 < out.confidence <= 1.0
    one_long_word = nllb.translate_batch(["x" * 3000], "en", "ko")[0]  # > MAX_TOKENS pieces
    assert len(split_sentences("x" * 3000)) == 8  # cut into 400-character pieces
    assert one_long_word.engine == "nllb" and 0 < len(one_long_word.text) < 3000


@pytest.mark.parametrize("bad", ["xx", "klingon", ""])
def test_unknown_language_is_a_clear_error(nllb: NllbTranslator, bad: str) -> None:
    with pytest.raises(TranslationError, match="unsupported language"):
        nllb.translate_batch(["Hello."], bad, "ko")
    with pytest.raises(TranslationError, match="unsupported language"):
        nllb.translate_batch(["Hello."], "en", bad)


def test_language_missing_from_model_vocabulary(tmp_path: Path) -> None:
    for name in ("model.bin", "config.json", "sentencepiece.bpe.model"):
        shutil.copy(TINY / name, tmp_path / name)
    vocab = (TINY / "shared_vocabulary.json").read_text(encoding="utf-8").replace('"arb_Arab"', '"xxx_Arab"')
    (tmp_path / "shared_vocabulary.json").write_text(vocab, encoding="utf-8")
    tr = NllbTranslator(tmp_path)
    assert not tr.supports("ar")
    with pytest.raises(TranslationError, match="no language token arb_Arab"):
        tr.translate_batch(["Hello."], "en", "ar")


def test_missing_or_corrupt_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TranslationError, match="missing model.bin, config.json, sentencepiece.bpe.model"):
        NllbTranslator(tmp_path)
    for p in TINY.iterdir():
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "shared_vocabulary.json").unlink()
    with pytest.raises(TranslationError, match="no shared_vocabulary"):
        NllbTranslator(tmp_path)
    shutil.copy(TINY / "shared_vocabulary.json", tmp_path / "shared_vocabulary.json")
    (tmp_path / "model.bin").write_bytes((TINY / "model.bin").read_bytes()[:5000])
    with pytest.raises(TranslationError, match="cannot load NLLB model"):
        NllbTranslator(tmp_path)
