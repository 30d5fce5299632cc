"""Build the tiny NLLB-architecture test model in this folder (run by hand; needs torch + transformers).

    pip install torch==2.13.0 transformers
    python tests/data/tiny_nllb/build.py

What it does, all offline on the CPU:
1. trains a sentencepiece BPE model on corpus.tsv (30 customs phrases in 7 languages, written for this
   project) with the NLLB language tokens (eng_Latn, kor_Hang, ...) as user-defined symbols;
2. creates a tiny M2M100ForConditionalGeneration (the architecture of NLLB-200: d_model 128, 2+2 layers)
   with transformers, and trains it for a few minutes to memorize the phrase table between English/Korean
   and the other languages (the NLLB input format: ``[src_lang] tokens </s>`` -> ``[tgt_lang] tokens </s>``);
3. converts it with ctranslate2's TransformersConverter (int8) into the layout of a CT2-converted NLLB:
   model.bin, config.json, shared_vocabulary.json, sentencepiece.bpe.model.

Quality: it reproduces the memorized phrases of corpus.tsv for the trained directions and produces
nonsense for anything else. It exists to test loading, language tokens, batching and errors, nothing more.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 1234
STEPS = 1500
LANGS_EXTRA = ["rus_Cyrl", "vie_Latn", "tha_Thai", "ita_Latn", "por_Latn", "hin_Deva", "ind_Latn", "tgl_Latn",
               "khk_Cyrl", "arb_Arab"]


def read_corpus() -> tuple[list[str], list[list[str]]]:
    with (HERE / "corpus.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


def train_spm(langs: list[str], rows: list[list[str]], out: Path) -> None:
    import sentencepiece as spm

    text = [cell for row in rows for cell in row]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text * 3), model_prefix=str(out / "sentencepiece.bpe"), model_type="bpe",
        vocab_size=900, hard_vocab_limit=False, character_coverage=1.0, user_defined_symbols=langs,
        bos_id=1, eos_id=2, unk_id=0, pad_id=-1, num_threads=2)


def main() -> int:
    import ctranslate2
    import sentencepiece as spm
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    header, rows = read_corpus()
    langs = header + LANGS_EXTRA
    work = Path(tempfile.mkdtemp(prefix="tiny_nllb_"))
    train_spm(langs, rows, work)
    sp = spm.SentencePieceProcessor(model_file=str(work / "sentencepiece.bpe.model"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    # fairseq / NLLB layout: <s> <pad> </s> <unk>, then the sentencepiece pieces after its own specials.
    vocab = ["<s>", "<pad>", "</s>", "<unk>"] + [p for p in pieces[3:] if p not in langs] + langs
    index = {tok: i for i, tok in enumerate(vocab)}
    unk = index["<unk>"]

    def ids(text: str, lang: str) -> list[int]:
        return [index[lang]] + [index.get(p, unk) for p in sp.encode(text, out_type=str)] + [index["</s>"]]

    pairs: list[tuple[list[int], list[int]]] = []
    col = {lang: i for i, lang in enumerate(header)}
    hubs = ["eng_Latn", "kor_Hang"]
    for row in rows:
        for a in header:
            for b in header:
                if a != b and (a in hubs or b in hubs):
                    pairs.append((ids(row[col[a]], a), ids(row[col[b]], b)))
    print(f"vocab {len(vocab)}, {len(pairs)} training pairs", file=sys.stderr)

    config = M2M100Config(
        vocab_size=len(vocab), d_model=128, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=256, decoder_ffn_dim=256, max_position_embeddings=256,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, dropout=0.0,
        attention_dropout=0.0, activation_dropout=0.0, scale_embedding=True, activation_function="relu",
        encoder_layerdrop=0.0, decoder_layerdrop=0.0, tie_word_embeddings=True)
    model = M2M100ForConditionalGeneration(config)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=STEPS, pct_start=0.1)
    pad = index["<pad>"]

    def pad_to(seqs: list[list[int]]) -> torch.Tensor:
        n = max(len(s) for s in seqs)
        return torch.tensor([s + [pad] * (n - len(s)) for s in seqs])

    model.train()
    for step in range(STEPS):
        batch = random.sample(pairs, 64)
        src = pad_to([s for s, _ in batch])
        tgt = pad_to([t for _, t in batch])
        dec_in = torch.cat([torch.full((tgt.shape[0], 1), index["</s>"]), tgt[:, :-1]], dim=1)
        labels = tgt.clone()
        labels[labels == pad] = -100
        out = model(input_ids=src, attention_mask=(src != pad).long(), decoder_input_ids=dec_in, labels=labels)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if step % 100 == 0 or step == STEPS - 1:
            print(f"step {step} loss {out.loss.item():.4f}", file=sys.stderr)
    model.eval()
    hf_dir = work / "hf"
    model.save_pretrained(hf_dir)

    class _Tok:  # the few tokenizer attributes the converter reads (NllbTokenizer semantics)
        bos_token, eos_token, unk_token, unk_token_id = "<s>", "</s>", "<unk>", unk
        special_tokens_map: dict[str, list[str]] = {"additional_special_tokens": langs}
        num_madeup_words = 0

        def get_vocab(self) -> dict[str, int]:
            return dict(index)

        def convert_ids_to_tokens(self, i: int) -> str:
            return vocab[i]

    from ctranslate2.converters import transformers as ct2t

    ct2t.TransformersConverter.load_tokenizer = lambda self, cls, path, **kw: _Tok()  # type: ignore[method-assign]
    out_dir = work / "ct2"
    ctranslate2.converters.TransformersConverter(str(hf_dir)).convert(str(out_dir), quantization="int8",
                                                                        force=True)
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(out_dir / name, HERE / name)
    shutil.copy(work / "sentencepiece.bpe.model", HERE / "sentencepiece.bpe.model")
    cfg = json.loads((HERE / "config.json").read_text(encoding="utf-8"))
    print(json.dumps(cfg), file=sys.stderr)

    # Self-check on the converted model.
    tr = ctranslate2.Translator(str(HERE), device="cpu")
    buf = io.StringIO()
    ok = 0
    for row in rows:
        src = [header[0]] + sp.encode(row[0], out_type=str) + ["</s>"]
        res = tr.translate_batch([src], target_prefix=[["kor_Hang"]], beam_size=1)
        hyp = sp.decode(res[0].hypotheses[0][1:])
        ok += hyp == row[1]
        buf.write(f"{row[0]} -> {hyp}\n")
    print(buf.getvalue(), f"exact en->ko: {ok}/{len(rows)}", file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
