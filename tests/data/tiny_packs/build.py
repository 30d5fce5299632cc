"""Build the tiny M2M100 and Marian (OPUS-MT layout) test packs in this folder (by hand; needs torch+transformers).

    pip install torch==2.13.0 transformers==4.57.1
    python tests/data/tiny_packs/build.py [m2m100] [marian] [--steps 700]

Like tests/data/tiny_nllb/build.py, all offline on the CPU, from the 30 customs phrases of
tests/data/tiny_nllb/corpus.tsv (English and Korean columns):

* ``m2m100/``: sentencepiece BPE with the M2M100 language tokens (``__en__``, ``__ko__``, ...) as user-defined
  symbols, a tiny ``M2M100ForConditionalGeneration`` (d_model 128, 2+2 layers) trained to memorize en<->ko in the
  M2M100 format (``__src__ pieces </s>`` -> ``__tgt__ pieces </s>``), converted with CTranslate2 (int8):
  model.bin, config.json, shared_vocabulary.json, sentencepiece.bpe.model.
* ``marian_ko_en/``: separate source (Korean) and target (English) sentencepiece models ``source.spm`` /
  ``target.spm`` as OPUS-MT ships them, a tiny ``MarianMTModel`` trained on ko->en, converted with CTranslate2:
  model.bin, config.json, shared_vocabulary.json, source.spm, target.spm.

Quality: the memorized phrases only. They exist to test the pack loaders, not translation.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "tiny_nllb" / "corpus.tsv"
SEED = 1234
STEPS = 700
M2M_LANGS = ["__en__", "__ko__", "__zh__", "__ja__", "__es__", "__fr__", "__de__"]


def read_pairs() -> list[tuple[str, str]]:
    with CORPUS.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    col = {c: i for i, c in enumerate(rows[0])}
    return [(r[col["eng_Latn"]], r[col["kor_Hang"]]) for r in rows[1:]]


def train_spm(texts: list[str], prefix: Path, symbols: list[str], vocab: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts * 3), model_prefix=str(prefix), model_type="bpe", vocab_size=vocab,
        hard_vocab_limit=False, character_coverage=1.0, user_defined_symbols=symbols or None,
        bos_id=1 if symbols else -1, eos_id=2 if symbols else 0, unk_id=0 if symbols else 1,
        pad_id=-1, num_threads=2)


def train(model, pairs: list[tuple[list[int], list[int]]], pad: int, start: int,  # type: ignore[no-untyped-def]
          zero_row: int | None = None) -> None:
    """zero_row: keep this embedding row at zero (Marian: CTranslate2 starts decoding from a zero embedding; the
    tied output projection would otherwise train the <pad> row away from zero)."""
    import torch

    steps = int(sys.argv[sys.argv.index("--steps") + 1]) if "--steps" in sys.argv else STEPS
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps, pct_start=0.1)

    def pad_to(seqs: list[list[int]]) -> torch.Tensor:
        n = max(len(s) for s in seqs)
        return torch.tensor([s + [pad] * (n - len(s)) for s in seqs])

    model.train()
    for step in range(steps):
        batch = random.sample(pairs, min(32, len(pairs)))
        src, tgt = pad_to([s for s, _ in batch]), pad_to([t for _, t in batch])
        dec_in = torch.cat([torch.full((tgt.shape[0], 1), start), tgt[:, :-1]], dim=1)
        labels = tgt.clone()
        labels[labels == pad] = -100
        out = model(input_ids=src, attention_mask=(src != pad).long(), decoder_input_ids=dec_in, labels=labels)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if zero_row is not None:
            with torch.no_grad():
                model.get_input_embeddings().weight[zero_row].zero_()
        if step % 100 == 0 or step == steps - 1:
            print(f"step {step} loss {out.loss.item():.4f}", file=sys.stderr)
    model.eval()


def convert(hf_dir: Path, out_dir: Path, tok: object) -> None:
    import ctranslate2
    from ctranslate2.converters import transformers as ct2t

    ct2t.TransformersConverter.load_tokenizer = lambda self, cls, path, **kw: tok  # type: ignore[method-assign]
    ctranslate2.converters.TransformersConverter(str(hf_dir)).convert(str(out_dir), quantization="int8", force=True)


def build_m2m100(work: Path, pairs: list[tuple[str, str]]) -> None:
    import sentencepiece as spm
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    train_spm([t for p in pairs for t in p], work / "m2m", M2M_LANGS, 700)
    sp = spm.SentencePieceProcessor(model_file=str(work / "m2m.model"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab = ["<s>", "<pad>", "</s>", "<unk>"] + [p for p in pieces[3:] if p not in M2M_LANGS] + M2M_LANGS
    index = {t: i for i, t in enumerate(vocab)}

    def ids(text: str, lang: str) -> list[int]:
        return [index[lang]] + [index.get(p, 3) for p in sp.encode(text, out_type=str)] + [2]

    data = [(ids(en, "__en__"), ids(ko, "__ko__")) for en, ko in pairs]
    data += [(ids(ko, "__ko__"), ids(en, "__en__")) for en, ko in pairs]
    cfg = M2M100Config(vocab_size=len(vocab), d_model=128, encoder_layers=2, decoder_layers=2,
                       encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=256,
                       decoder_ffn_dim=256, max_position_embeddings=128, pad_token_id=1, bos_token_id=0,
                       eos_token_id=2, decoder_start_token_id=2, dropout=0.0, attention_dropout=0.0,
                       activation_dropout=0.0, scale_embedding=True, activation_function="relu",
                       encoder_layerdrop=0.0, decoder_layerdrop=0.0, tie_word_embeddings=True)
    model = M2M100ForConditionalGeneration(cfg)
    train(model, data, pad=1, start=2)
    model.save_pretrained(work / "m2m_hf")

    class Tok:  # the tokenizer attributes the converter reads (M2M100Tokenizer semantics)
        bos_token, eos_token, unk_token, unk_token_id = "<s>", "</s>", "<unk>", 3
        special_tokens_map: dict[str, list[str]] = {"additional_special_tokens": M2M_LANGS}
        num_madeup_words = 0

        def get_vocab(self) -> dict[str, int]:
            return dict(index)

        def convert_ids_to_tokens(self, i: int) -> str:
            return vocab[i]

    out = HERE / "m2m100"
    convert(work / "m2m_hf", work / "m2m_ct2", Tok())
    out.mkdir(exist_ok=True)
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(work / "m2m_ct2" / name, out / name)
    shutil.copy(work / "m2m.model", out / "sentencepiece.bpe.model")


def build_marian(work: Path, pairs: list[tuple[str, str]]) -> None:
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel

    train_spm([ko for _, ko in pairs], work / "source", [], 400)
    train_spm([en for en, _ in pairs], work / "target", [], 300)
    src_sp = spm.SentencePieceProcessor(model_file=str(work / "source.model"))
    tgt_sp = spm.SentencePieceProcessor(model_file=str(work / "target.model"))
    pieces: list[str] = []
    for sp in (src_sp, tgt_sp):
        for i in range(sp.get_piece_size()):
            p = sp.id_to_piece(i)
            if p not in ("<unk>", "</s>", "<s>") and p not in pieces:
                pieces.append(p)
    vocab = ["</s>", "<unk>"] + pieces + ["<pad>"]  # OPUS-MT order; <pad> last (dropped by the converter)
    index = {t: i for i, t in enumerate(vocab)}
    pad = index["<pad>"]

    def ids(sp: spm.SentencePieceProcessor, text: str) -> list[int]:
        return [index.get(p, 1) for p in sp.encode(text, out_type=str)] + [0]

    data = [(ids(src_sp, ko), ids(tgt_sp, en)) for en, ko in pairs]
    cfg = MarianConfig(vocab_size=len(vocab), d_model=128, encoder_layers=2, decoder_layers=2,
                       encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=256,
                       decoder_ffn_dim=256, max_position_embeddings=128, pad_token_id=pad, eos_token_id=0,
                       decoder_start_token_id=pad, dropout=0.0, attention_dropout=0.0, activation_dropout=0.0,
                       scale_embedding=True, activation_function="swish", share_encoder_decoder_embeddings=True)
    model = MarianMTModel(cfg)
    train(model, data, pad=pad, start=pad, zero_row=pad)
    model.save_pretrained(work / "marian_hf")

    class Tok:  # MarianTokenizer semantics
        eos_token, unk_token = "</s>", "<unk>"

        def get_vocab(self) -> dict[str, int]:
            return dict(index)

    out = HERE / "marian_ko_en"
    convert(work / "marian_hf", work / "marian_ct2", Tok())
    out.mkdir(exist_ok=True)
    for f in (work / "marian_ct2").iterdir():
        if f.name in ("model.bin", "config.json") or f.name.endswith("vocabulary.json"):
            shutil.copy(f, out / f.name)
    shutil.copy(work / "source.model", out / "source.spm")
    shutil.copy(work / "target.model", out / "target.spm")


def main() -> int:
    import torch

    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    pairs = read_pairs()
    work = Path(tempfile.mkdtemp(prefix="tiny_packs_"))
    which = [a for a in sys.argv[1:] if a in ("m2m100", "marian")] or ["m2m100", "marian"]
    if "m2m100" in which:
        build_m2m100(work, pairs)
    if "marian" in which:
        build_marian(work, pairs)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
