"""Benchmark the customs assistant on the evaluation sets, per set and split (tuned vs held-out).

Sets (tests/data/): questions.jsonl (single questions), adversarial.jsonl (hazards: "allowed" is always wrong),
conversations.jsonl (multi-turn; each turn scored on the whole basket's verdict), blind.jsonl (40 cases in 10
languages written after tuning and never tuned on: all held out). For each set and split it prints
accuracy, the count of wrong "allowed" and p50/p95 latency per turn.

Modes: rules (lexicon + rules only) and, with --llm, rules+llm (the shipped policy: the local model is consulted
when part of the text is not accounted for). Code without kiosk.assistant.conversation (before issue #9) is run
turn by turn without memory, which is what it did.

Usage: python benchmarks/bench_ask.py [--sets questions,adversarial,conversations] [--llm] [--json]
       [--show-failures tuned]   (never look at held-out failures while tuning)
       python benchmarks/bench_ask.py --grammar   (why GBNF-constrained sampling is slow; see bench_grammar)
       python benchmarks/bench_ask.py --numbers   (number readers compared: ours, Babel, cn2an)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import inspect
import json
import time
from pathlib import Path
from typing import Any

from kiosk.assistant import Assistant

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ("questions", "adversarial", "conversations", "blind")


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def load(name: str) -> list[dict]:
    return [json.loads(x) for x in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


def _conversation_factory(assistant: Assistant) -> Any:
    try:
        from kiosk.assistant.conversation import Conversation
    except ImportError:
        return None
    return lambda arrival: Conversation(assistant, arrival=arrival)


def _ask_kwargs(assistant: Assistant, arrival: dt.date | None) -> dict:
    if arrival is not None and "arrival" in inspect.signature(assistant.ask).parameters:
        return {"arrival": arrival}
    return {}


def score(assistant: Assistant, name: str, rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """One result per scored turn: {split, ok, wrong_allowed, seconds, id, text, expected, got}."""
    results: list[dict] = []
    make_conv = _conversation_factory(assistant)
    for row in rows:
        split = row.get("split", "tuned")
        if name == "conversations":
            arrival = dt.date.fromisoformat(row["arrival"]) if row.get("arrival") else None
            conv = make_conv(arrival) if make_conv else None
            for turn in row["turns"]:
                t0 = time.perf_counter()
                if conv is not None:
                    ans = conv.ask(turn["text"], lang=row.get("lang"))
                else:
                    ans = assistant.ask(turn["text"], lang=row.get("lang"), **_ask_kwargs(assistant, arrival))
                dt_s = time.perf_counter() - t0
                exp = turn["expect"]["verdict"]
                results.append({"split": split, "ok": ans.verdict == exp, "seconds": dt_s, "id": row["id"],
                                "wrong_allowed": ans.verdict == "allowed" and exp != "allowed",
                                "text": turn["text"], "expected": exp, "got": ans.verdict})
        else:
            t0 = time.perf_counter()
            ans = assistant.ask(row["text"], lang=row.get("lang"))
            dt_s = time.perf_counter() - t0
            exp = row["expected_verdict"]
            results.append({"split": split, "ok": ans.verdict == exp, "seconds": dt_s, "id": row.get("id", ""),
                            "wrong_allowed": ans.verdict == "allowed" and exp != "allowed",
                            "text": row["text"][:160], "expected": exp, "got": ans.verdict})
    return results, [r for r in results if not r["ok"]]


def summarize(results: list[dict]) -> dict:
    out: dict[str, dict] = {}
    for split in ("tuned", "heldout", "all"):
        rs = [r for r in results if split == "all" or r["split"] == split]
        if not rs:
            continue
        times = [r["seconds"] for r in rs]
        out[split] = {"n": len(rs), "accuracy": round(sum(r["ok"] for r in rs) / len(rs), 4),
                      "wrong_allowed": sum(r["wrong_allowed"] for r in rs),
                      "p50_ms": round(1000 * pct(times, 50), 1), "p95_ms": round(1000 * pct(times, 95), 1)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jurisdiction", default="KR")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--llm", action="store_true", help="also run the shipped rules+llm policy")
    ap.add_argument("--show-failures", choices=("tuned",), help="print failures of the tuned split only")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--numbers", action="store_true", help="compare number readers (ours, Babel, cn2an)")
    ap.add_argument("--grammar", action="store_true", help="time the LLM call plain / logits mask / GBNF grammar")
    args = ap.parse_args()
    if args.numbers:
        print(json.dumps(bench_numbers(), indent=2))
        return 0
    if args.grammar:
        print(json.dumps(bench_grammar(), indent=2))
        return 0
    modes = [("rules", False)] + ([("rules+llm", True)] if args.llm else [])
    report: dict[str, dict] = {}
    for mode, use_llm in modes:
        assistant = Assistant(args.jurisdiction, use_llm=use_llm)
        for name in args.sets.split(","):
            results, failures = score(assistant, name, load(name))
            report[f"{mode}/{name}"] = summarize(results)
            if args.show_failures and not args.json:
                for f in failures:
                    if f["split"] == "tuned":
                        print(f"  FAIL {name} {f['id']}: {f['text']!r} expected {f['expected']} got {f['got']}")
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for key, splits in report.items():
        for split, r in splits.items():
            print(f"{key:28} {split:8} n={r['n']:4}  accuracy {r['accuracy']:6.1%}  wrong-allowed "
                  f"{r['wrong_allowed']:3}  p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms")
    return 0


# -- grammar-constrained sampling: why it is slow, and a fast equivalent --------------------------------------------
def bench_grammar(n: int = 6) -> dict:
    """Time the LLM's extraction call three ways on the same texts (2 threads, greedy, order rotated):

    plain   today's default: unconstrained output, validated strictly afterwards;
    gbnf    llama.cpp GBNF grammar (kiosk.llm._gbnf): llama-cpp-python puts the grammar sampler *before* greedy in
            its sampler chain, so every generated token runs the grammar over the whole vocabulary (151,936 tokens
            for Qwen2.5) — a cost per token x vocabulary x grammar stacks;
    mask    the same alphabet as a logits mask: only tokens that can appear in the answer (brackets, quotes, comma,
            pieces of the category names) keep their logit; one numpy operation per token.

    Tried and dropped: a sampler chain top-k(64) -> grammar -> greedy (llama.cpp's own order of work) aborts the
    process ("Unexpected empty grammar stack after accepting piece") as soon as no top-k token fits the grammar;
    llama.cpp's common sampler avoids that by checking only the greedy token and re-running the grammar over the
    whole vocabulary when it is rejected — llama-cpp-python's high-level API has no such path.
    """
    import numpy as np
    from llama_cpp import LlamaGrammar, LogitsProcessorList

    from kiosk.llm import _SYSTEM, _gbnf, get_llm, parse_llm_json
    from kiosk.rules.schema import CATEGORIES

    llm = get_llm()
    llama = llm.llama
    grammar = LlamaGrammar.from_string(_gbnf(), verbose=False)
    allowed: set[int] = set()
    for piece in ["[", "]", '"', ", ", "[]", '["', '"]', '", "', *[f'"{c}"' for c in CATEGORIES],
                  *[f'["{c}"]' for c in CATEGORIES], *[f', "{c}"' for c in CATEGORIES]]:
        allowed.update(llama.tokenize(piece.encode(), add_bos=False, special=False))
    allowed.add(llama.token_eos())
    keep = np.array(sorted(allowed))

    def mask(_ids: Any, logits: Any) -> Any:
        out = np.full_like(logits, -np.inf)
        out[keep] = logits[keep]
        return out

    def call(text: str, mode: str) -> tuple[float, int, bool]:
        messages = [{"role": "system", "content": _SYSTEM},
                    {"role": "user", "content": "Traveler message (data): " + json.dumps(text, ensure_ascii=False)}]
        kw: dict[str, Any] = {}
        if mode == "gbnf":
            kw["grammar"] = grammar
        elif mode == "mask":
            kw["logits_processor"] = LogitsProcessorList([mask])
        t0 = time.perf_counter()
        with llm.lock:
            res: Any = llama.create_chat_completion(messages=messages, max_tokens=24, temperature=0.0, **kw)
        content = res["choices"][0]["message"]["content"] or ""
        return time.perf_counter() - t0, int(res["usage"]["completion_tokens"]), parse_llm_json(content)[1]

    texts = ["I have a Glock 19 in my backpack", "Tengo una Beretta en la maleta", "我带了电击枪和笔记本电脑",
             "I have my laptop and a crossbow", "Ich habe Wurst und Käse dabei", "У меня есть шокер"][:n]
    modes = ("plain", "mask", "gbnf")
    times: dict[str, list[float]] = {m: [] for m in modes}
    tokens: dict[str, int] = dict.fromkeys(modes, 0)
    ok: dict[str, int] = dict.fromkeys(modes, 0)
    call("warm-up", "plain")  # the system prompt is evaluated once, then reused from llama.cpp's prefix cache
    for i, text in enumerate(texts):
        for mode in modes[i % 3:] + modes[:i % 3]:  # rotate the order: no mode always runs first
            dt_s, n_tok, good = call(text, mode)
            times[mode].append(dt_s)
            tokens[mode] += n_tok
            ok[mode] += good
    return {m: {"n": len(texts), "p50_s": round(pct(times[m], 50), 2), "max_s": round(max(times[m]), 2),
                "tokens": tokens[m], "s_per_token": round(sum(times[m]) / max(1, tokens[m]), 3),
                "valid_json": ok[m]} for m in modes}


# -- number parsing: our reader vs Babel (locale digits) and cn2an (Chinese numerals) ------------------------------
DIGIT_CASES = [("12.500", "en", 12500), ("12.500", "de", 12500), ("1.250,00", "en", 1250), ("12 500", "fr", 12500),
               ("1,200", "en", 1200), ("1.200", "es", 1200), ("8.000", "vi", 8000), ("1,5", "de", 1.5),
               ("0.75", "en", 0.75), ("12,500", "en", 12500), ("1 234,56", "fr", 1234.56), ("700", "ko", 700),
               ("1,250,000", "ko", 1250000), ("12,500", "th", 12500), ("3.000", "ru", 3000), ("8 000", "ru", 8000),
               ("1.250", "fr", 1250), ("15,000", "zh", 15000), ("2.5", "ja", 2.5), ("10.000,50", "es", 10000.5)]
CJK_CASES = [("两千五", 2500), ("一万二千", 12000), ("1.5万", 15000), ("三千五百", 3500), ("十万", 100000),
             ("一万五千", 15000), ("两万", 20000), ("五百五十", 550), ("一千零五十", 1050), ("三万五", 35000)]


def bench_numbers() -> dict:
    """Amounts as written in the evaluation sets: which reader is right more often (money: 3 decimals = thousands)."""
    from babel.numbers import NumberFormatError, parse_decimal

    from kiosk.assistant.numbers import find_numbers, money_digits, parse_digits
    from kiosk.languages import get

    ours = babel = 0
    for raw, lang, exp in DIGIT_CASES:
        ours += abs(money_digits(raw, parse_digits(raw, lang)) - exp) < 1e-9
        with contextlib.suppress(NumberFormatError, ValueError):
            babel += abs(float(parse_decimal(raw, locale=get(lang).locale)) - exp) < 1e-9
    import cn2an

    from kiosk.assistant import numbers

    words_sum = with_cn2an = lib = 0
    for raw, exp in CJK_CASES:
        numbers.USE_CN2AN = False
        words_sum += abs(find_numbers(raw, "zh")[0][2] - exp) < 1e-9
        numbers.USE_CN2AN = True
        with_cn2an += abs(find_numbers(raw, "zh")[0][2] - exp) < 1e-9
        lib += abs(float(cn2an.cn2an(raw, "smart")) - exp) < 1e-9
    return {"digits": {"n": len(DIGIT_CASES), "kiosk": ours, "babel.parse_decimal": babel},
            "chinese_numerals": {"n": len(CJK_CASES), "adding number words": words_sum, "cn2an smart": lib,
                                 "kiosk (cn2an, then words)": with_cn2an}}


if __name__ == "__main__":
    raise SystemExit(main())
