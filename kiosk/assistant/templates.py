"""Answer text from per-language templates in locales/rules/<lang>.toml (numbers come from the rule engine)."""

from __future__ import annotations

import functools
import tomllib
from typing import Any

from babel.numbers import format_decimal

from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES, get
from kiosk.paths import project_dir
from kiosk.rules.engine import RuleEngine
from kiosk.rules.model import SEVERITY, Evaluation

SECTIONS = ("verdict", "rule", "finding", "missing", "text")


@functools.lru_cache(maxsize=16)
def load_templates(lang: str) -> dict[str, dict[str, str]]:
    code = lang if lang in UI_LANGUAGES else "en"
    path = project_dir("locales") / "rules" / f"{code}.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {s: dict(data.get(s, {})) for s in SECTIONS}


class _Defaults(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def _fmt(x: Any, locale: str) -> str:
    if isinstance(x, int | float) and not isinstance(x, bool):
        return format_decimal(round(float(x), 2) if not float(x).is_integer() else int(x), locale=locale)
    return str(x)


def compose(ev: Evaluation, engine: RuleEngine, lang: str, injection: bool = False) -> str:
    code = lang if lang in UI_LANGUAGES else "en"
    t = load_templates(code)
    locale = get(code).locale
    parts: list[str] = [t["verdict"][ev.verdict]]
    if injection:
        parts.append(t["text"]["injection"])
    seen: set[str] = set()
    for f in sorted(ev.findings, key=lambda f: -SEVERITY[f.verdict]):
        params: dict[str, Any] = dict(f.params)
        if f.key in ("minor", "one_kind", "unknown"):
            parts.append(t["finding"][f.key].format_map(_Defaults({k: _fmt(v, locale) for k, v in params.items()})))
        if f.rule_id and f.rule_id not in seen:
            seen.add(f.rule_id)
            rule = engine.rule(f.rule_id)
            vals: dict[str, Any] = {**rule.thresholds, "min_age": rule.min_age, "currency": engine.table.currency}
            if "volume_ml" in rule.thresholds:
                vals["liters"] = rule.thresholds["volume_ml"] / 1000
            text = t["rule"].get(rule.template, t["rule"]["restricted_generic"])
            fmt = _Defaults({k: _fmt(v, locale) for k, v in vals.items() if v is not None})
            parts.append(text.format_map(fmt))
            if rule.kind == "quantity_allowance" and "value" in rule.thresholds:
                parts.append(t["rule"]["value_cap"].format_map(fmt))
        if f.key in ("over", "missing") and params.get("total") and "limit" in params:
            parts.append(t["finding"]["total"].format_map(
                _Defaults(total=_fmt(params["total"], locale), currency=params.get("currency", ""))))
    if ev.estimated_duty_krw is not None and ev.estimated_duty_krw > 0:
        duty_rules = engine.table.by_kind("duty")
        if duty_rules and duty_rules[0].id not in seen:
            parts.append(t["rule"]["duty"])
        parts.append(t["text"]["estimate"].format_map(_Defaults(duty=_fmt(ev.estimated_duty_krw, locale))))
    elif ev.verdict == "declare" and any(
            f.verdict == "declare" and f.rule_id and engine.rule(f.rule_id).kind == "quantity_allowance"
            for f in ev.findings):
        parts.append(t["text"]["no_estimate"])
    if ev.verdict == "unclear" and ev.missing:
        sep = "、" if code in ("zh", "ja") else ", "
        parts.append(t["text"]["ask"].format(missing=sep.join(t["missing"].get(m, m) for m in ev.missing)))
    parts.append(t["text"]["officer"].format(button=tr(code, "ask_officer")))  # the button exactly as it reads
    joiner = "" if code in ("zh", "ja") else " "
    return joiner.join(p.strip() for p in parts if p.strip())
