"""Answer text from per-language templates in locales/rules/<lang>.toml.

Every number said comes from the rule table in force (placeholders such as {value}, {liters}, {reduction_pct});
the templates hold no digits. A rule with several thresholds is said as one clause per threshold, so a table
without e.g. a nicotine-liquid limit never mentions one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal

from kiosk.config import settings
from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES, first_sentence, get
from kiosk.rules.engine import RuleEngine

if TYPE_CHECKING:
    from kiosk.assistant.answer import Answer
from kiosk.rules.model import SEVERITY, Evaluation, Item
from kiosk.rules.schema import Rule

SECTIONS = ("verdict", "rule", "clause", "finding", "assume", "missing", "text", "currency")
_ALCOHOL_CLAUSES = ("bottles", "volume_ml", "value")
_TOBACCO_CLAUSES = ("cigarettes", "cigars", "heated_sticks", "nicotine_ml", "tobacco_g")
_PERCENT = {"reduction_pct": "self_declaration_reduction", "surcharge_pct": "undeclared_surcharge",
            "repeat_pct": "repeat_surcharge"}
NO_SPACE = ("zh", "ja")


@functools.lru_cache(maxsize=16)
def load_templates(lang: str) -> dict[str, dict[str, str]]:
    code = lang if lang in UI_LANGUAGES else "en"
    path = settings().locales_dir / "rules" / f"{code}.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {s: dict(data.get(s, {})) for s in SECTIONS}


class _Defaults(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def fmt_number(x: Any, lang: str) -> str:
    if isinstance(x, int | float) and not isinstance(x, bool):
        v = float(x)
        return format_decimal(int(v) if v.is_integer() else round(v, 2), locale=get(lang).locale)
    return str(x)


def _fill(text: str, values: dict[str, Any], lang: str) -> str:
    return text.format_map(_Defaults({k: fmt_number(v, lang) for k, v in values.items() if v is not None}))


def rule_values(rule: Rule, engine: RuleEngine, lang: str) -> dict[str, Any]:
    """Placeholder values of one rule: its thresholds, derived units (L, %), currency, joined clauses."""
    t = load_templates(lang)
    vals: dict[str, Any] = {**rule.thresholds, "min_age": rule.min_age, "currency": engine.table.currency,
                            "duty_currency": engine.table.duty_currency}
    if "volume_ml" in rule.thresholds:
        vals["liters"] = rule.thresholds["volume_ml"] / 1000
    for pct, key in _PERCENT.items():
        if key in rule.thresholds:
            vals[pct] = round(rule.thresholds[key] * 100, 2)
    keys = _TOBACCO_CLAUSES if rule.template == "tobacco" else _ALCOHOL_CLAUSES
    joiner = t["clause"]["or"] if rule.template == "tobacco" else t["clause"]["and"]
    vals["limits"] = joiner.join(_fill(t["clause"][k], vals, lang) for k in keys if k in rule.thresholds)
    vals["calendar"] = _fill(t["clause"]["calendar_age"], vals, lang) if rule.age_by_calendar_year else ""
    return vals


def rule_text(rule: Rule, engine: RuleEngine, lang: str) -> str:
    t = load_templates(lang)
    text = t["rule"].get(rule.template, t["rule"]["restricted_generic"])
    return _fill(text, rule_values(rule, engine, lang), lang)


def missing_text(missing: str, lang: str) -> str:
    t = load_templates(lang)
    return t["missing"].get(missing, missing)


def question_text(missing: str, lang: str) -> str:
    t = load_templates(lang)
    text = t["text"]["ask"].format(missing=missing_text(missing, lang))
    return korean_particles(text) if lang == "ko" else text  # shown on its own too: "가격을", never "가격을(를)"


def join(parts: list[str], lang: str) -> str:
    joiner = "" if lang in NO_SPACE else " "
    text = joiner.join(p.strip() for p in parts if p and p.strip())
    return korean_particles(text) if lang == "ko" else text


# Korean particles after a filled-in word: the form depends on whether the word ends in a consonant (받침).
_KO_PARTICLES = {"을(를)": ("을", "를"), "이(가)": ("이", "가"), "은(는)": ("은", "는"), "과(와)": ("과", "와")}
_KO_PARTICLE_RE = re.compile(r"(\S)(을\(를\)|이\(가\)|은\(는\)|과\(와\))")


def korean_particles(text: str) -> str:
    """"물품 가격을(를)" -> "물품 가격을", "주류을(를)" -> "주류를": the particle that fits the word before it
    (Hangul: by its final consonant; digits and Latin letters keep the written-both form)."""
    def pick(m: re.Match[str]) -> str:
        ch, both = m.group(1), m.group(2)
        if not "가" <= ch <= "힣":
            return ch + both
        after_consonant, after_vowel = _KO_PARTICLES[both]
        return ch + (after_consonant if (ord(ch) - 0xAC00) % 28 else after_vowel)

    return _KO_PARTICLE_RE.sub(pick, text)


def _assumption(kind: str, rule: Rule, items: tuple[Item, ...], idx: tuple[int, ...], lang: str) -> str:
    t = load_templates(lang)
    desc = ", ".join(dict.fromkeys(items[i].description for i in idx if i < len(items)))
    vals: dict[str, Any] = {"liters": rule.thresholds.get("volume_ml", 0) / 1000}
    safe = desc.replace("{", "(").replace("}", ")")
    return _fill(t["assume"][kind].replace("{description}", safe), vals, lang)


def compose(ev: Evaluation, engine: RuleEngine, lang: str, injection: bool = False,
            question: str | None = None, day: dt.date | None = None) -> str:
    """Verdict sentence, the rules behind it (one sentence each), assumptions, duty, the one question, officer."""
    code = lang if lang in UI_LANGUAGES else "en"
    t = load_templates(code)
    when = day or ev.arrival
    parts: list[str] = [t["verdict"][ev.verdict]]
    if injection:
        parts.append(t["text"]["injection"])
    seen: set[str] = set()
    for f in sorted(ev.findings, key=lambda f: -SEVERITY[f.verdict]):
        params: dict[str, Any] = dict(f.params)
        if f.key in ("minor", "one_kind", "unknown"):
            parts.append(_fill(t["finding"][f.key], params, code))
        if f.rule_id and f.rule_id not in seen:
            seen.add(f.rule_id)
            rule = engine.rule(f.rule_id, when)
            parts.append(rule_text(rule, engine, code))
            if f.verdict == "declare" and rule.whole_item_taxed and f.key == "over":
                parts.append(t["clause"]["whole_item"])
            if f.assumption:
                parts.append(_assumption(f.assumption, rule, ev.items, f.items, code))
        if f.key in ("over", "missing") and params.get("total") and "limit" in params:
            parts.append(_fill(t["finding"]["total"], {"total": params["total"],
                                                       "currency": params.get("currency", "")}, code))
    duty_rules = engine.table.by_kind("duty", when)
    if ev.estimated_duty_krw is not None and ev.estimated_duty_krw > 0:
        vals = rule_values(duty_rules[0], engine, code) if duty_rules else {}
        if duty_rules and duty_rules[0].id not in seen:
            parts.append(rule_text(duty_rules[0], engine, code))
        parts.append(_fill(t["text"]["estimate"], {**vals, "duty": ev.estimated_duty_krw}, code))
    elif ev.rates_expired:
        parts.append(t["text"]["rates_expired"])
    elif ev.verdict == "declare" and any(
            f.verdict == "declare" and f.rule_id and engine.rule(f.rule_id, when).kind == "quantity_allowance"
            for f in ev.findings):
        parts.append(t["text"]["no_estimate"])
    if question:
        parts.append(question)
    parts.append(officer_text(code))
    return join(parts, code)


def officer_text(lang: str) -> str:
    """The closing sentence: the officer decides, and the button to press, named as it reads on screen (every
    answer ends with it, information answers too: issue 20 item 6, a raw "{button}" reached travelers)."""
    code = lang if lang in UI_LANGUAGES else "en"
    return load_templates(code)["text"]["officer"].format(button=tr(code, "ask_officer"))


def split_answer(ans: Answer) -> tuple[str, str]:
    """(key sentence, the rest) of an answer. The key sentence is the verdict sentence the answer starts with
    (locales/rules/<lang>.toml [verdict]); exact in every script, also where sentences end without a space (zh, ja)
    or without punctuation (th)."""
    text = ans.answer.strip()
    key = load_templates(ans.language)["verdict"].get(ans.verdict, "").strip()
    if not key or not text.startswith(key):
        key = first_sentence(text, ans.language)
    return key, text[len(key):].strip() if text.startswith(key) else ""
