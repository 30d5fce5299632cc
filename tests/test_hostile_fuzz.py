"""Issue 20 item 0: the hostile fuzz — hazard x carrier sentence x language x number format x hiding trick, the
property "never allowed" (hypothesis, fixed seed, no model). And the written hostile sweep (tests/data/hostile.jsonl:
street names, calibres, code names, emoji, hard number formats) scored for wrong "allowed", tuned and held out."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from kiosk.assistant import Assistant, gazetteer
from kiosk.assistant import lexicon as lx
from kiosk.assistant.parser import CROSS_LANGUAGE_CATEGORIES
from kiosk.languages import UI_LANGUAGES

DATA = Path(__file__).parent / "data"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_hostile", DATA / "build_hostile.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


B = _builder()

# every hazard word the kiosk knows (gazetteer words that are surely a hazard, lexicon hazard words of every
# language): whatever sentence, language, amount or disguise it comes in, the answer is never "allowed"
HAZARDS = sorted({t for t, c in gazetteer.load().terms().items() if c != "unknown" and not t.startswith("re:")}
                 | {t.strip() for table in lx.CATEGORY_TERMS.values() for c, terms in table.items()
                    if c in CROSS_LANGUAGE_CATEGORIES for t in terms.split("|")
                    if t.strip() and not t.startswith("re:") and len(t.strip()) >= 2})
TRICKS = ("plain", "zw", "spell", "cyr", "upper", "bidi")

# cash sentences per language ({n}: an amount over USD 10,000 in some format, {cur}: the currency word)
CASH = {"en": ("I have {n} {cur} in cash.", "dollars"), "ko": ("현금 {n} {cur} 있어요", "달러"),
        "zh": ("我带了{n}{cur}现金", "美元"), "ja": ("現金{n}{cur}持っています", "ドル"),
        "es": ("Llevo {n} {cur} en efectivo.", "dólares"), "fr": ("J'ai {n} {cur} en espèces.", "dollars"),
        "de": ("Ich habe {n} {cur} in bar.", "Dollar"), "ru": ("У меня {n} {cur} наличными.", "долларов"),
        "vi": ("Tôi có {n} {cur} tiền mặt.", "đô la"), "th": ("ฉันมีเงินสด {n} {cur}", "ดอลลาร์")}
_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def fmt_amount(v: int, style: str) -> str:
    """An integer as people and keyboards write it: grouped by ",", ".", " ", a narrow no-break space, the Arabic
    thousands separator, a zero-width space after the comma, Arabic-Indic digits, or "k"."""
    if style == "k" and v % 1000 == 0:
        return f"{v // 1000}k"
    grouped = f"{v:,}"
    seps = {"comma": ",", "dot": ".", "space": " ", "nnbsp": "\u202f", "arabic": "\u066c", "zw": ",\u200b",
            "arabic_digits": "\u066c"}
    if style == "plain" or style not in seps:
        return str(v)
    out = grouped.replace(",", seps[style])
    return out.translate(_ARABIC) if style == "arabic_digits" else out


@seed(20261206)
@settings(max_examples=400, deadline=None, database=None)
@given(hazard=st.sampled_from(HAZARDS), lang=st.sampled_from(UI_LANGUAGES), carrier=st.integers(0, 9),
       trick=st.sampled_from(TRICKS), amount=st.integers(1, 9999), style=st.sampled_from(
           ("plain", "comma", "space", "arabic_digits", "zw")), weight=st.integers(0, 9))
def test_a_hazard_is_never_allowed(rules_only: Assistant, hazard: str, lang: str, carrier: int, trick: str,
                                   amount: int, style: str, weight: int) -> None:
    carriers = B.CARRIERS[lang]
    amounts = B.AMOUNTS[lang]
    amt = amounts[amount % len(amounts)]
    if "300" in amt:
        amt = amt.replace("300", fmt_amount(amount % 900 + 1, style))
    text = carriers[carrier % len(carriers)].format(hz=B._hide(hazard, trick), amt=amt,
                                                    w=B.WEIGHTS[lang][weight % len(B.WEIGHTS[lang])])
    ans = rules_only.ask(text, lang=lang)
    assert ans.verdict != "allowed", (text, [(i.category, i.description) for i in ans.items])


@seed(20261206)
@settings(max_examples=300, deadline=None, database=None)
@given(lang=st.sampled_from(UI_LANGUAGES), v=st.integers(10_001, 5_000_000),
       style=st.sampled_from(("plain", "comma", "dot", "space", "nnbsp", "arabic", "zw", "arabic_digits", "k")))
def test_cash_over_the_limit_is_never_allowed_in_any_number_format(rules_only: Assistant, lang: str, v: int,
                                                                   style: str) -> None:
    if style == "k":
        v = max(11, v // 1000) * 1000
    template, cur = CASH[lang]
    text = template.format(n=fmt_amount(v, style), cur=cur)
    ans = rules_only.ask(text, lang=lang)
    assert ans.verdict == "declare", (text, ans.verdict, [(i.category, i.value) for i in ans.items])


def test_hostile_sweep_has_no_wrong_allowed(rules_only: Assistant) -> None:
    """The written sweep (670 cases, 253 held out with words kept out of the gazetteer; measured in the closing
    note with benchmarks/bench_ask.py --sets hostile). Tuned: none; held out: at most the 2 measured when the
    split was first run after the fixes (the held-out part is never tuned on)."""
    rows = [json.loads(x) for x in (DATA / "hostile.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(rows) >= 600 and {r["lang"] for r in rows} == set(UI_LANGUAGES)
    assert 0.3 <= sum(r["split"] == "heldout" for r in rows) / len(rows) <= 0.45
    wrong = {"tuned": 0, "heldout": 0}
    for r in rows:
        if rules_only.ask(r["text"], lang=r["lang"]).verdict == "allowed":
            wrong[r["split"]] += 1
    assert wrong["tuned"] == 0 and wrong["heldout"] <= 2, wrong


def test_held_out_words_are_not_in_the_gazetteer() -> None:
    """The held-out split measures the deny-by-default invariant, not the word list: its words stay out of it."""
    known = set(gazetteer.load().terms())
    for word, *_ in B.HELD_OUT:
        assert word.lower() not in known
