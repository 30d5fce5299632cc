"""Issue 20 item 6: no raw placeholder ("{button}", "{value}") ever reaches a traveler.

Every template of every language (answer templates in locales/rules/<lang>.toml, family templates in
locales/family/<lang>.toml) is rendered; each language's template has exactly the placeholders of the English one
(the code fills those); and every answer of the project's question, conversation and family sets, information
answers included, is checked for a surviving brace in all 10 languages."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
import tomllib
from pathlib import Path

import pytest

from kiosk.assistant import Assistant, Conversation
from kiosk.assistant.templates import officer_text
from kiosk.config import settings
from kiosk.i18n import tr
from kiosk.languages import UI_LANGUAGES

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 11, 25)
_BRACE = re.compile(r"[{}]")


def _templates(folder: str, lang: str) -> dict[str, str]:
    with (settings().locales_dir / folder / f"{lang}.toml").open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, str] = {}

    def walk(prefix: str, node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        elif isinstance(node, str):
            out[prefix] = node

    walk("", data)
    return out


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("folder", ["rules", "family"])
@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_template_renders_without_braces(folder: str, lang: str) -> None:
    en = _templates(folder, "en")
    own = _templates(folder, lang)
    for key, text in own.items():
        fields = _fields(text)
        if key in en:  # a translation fills exactly what the code fills for English
            assert fields == _fields(en[key]), (lang, key)
        rendered = text.format_map({f: "7" for f in fields})
        assert not _BRACE.search(rendered), (lang, key, rendered)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_officer_sentence_names_the_button(lang: str) -> None:
    text = officer_text(lang)
    assert tr(lang, "ask_officer") in text and not _BRACE.search(text)


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


def test_no_answer_of_the_project_sets_has_a_brace(rules_only: Assistant) -> None:
    """Single questions, conversations (information turns included) and family conversations, all languages."""
    seen_info: set[str] = set()
    answers = 0
    for row in _rows("questions") + _rows("adversarial"):
        ans = rules_only.ask(row["text"], lang=row.get("lang"), arrival=TODAY)
        assert not _BRACE.search(ans.answer + (ans.question or "")), (row["text"], ans.answer)
        answers += 1
    for row in _rows("conversations") + _rows("family"):
        conv = Conversation(rules_only, arrival=TODAY)
        for turn in row["turns"]:
            ans = conv.ask(turn["text"], lang=row.get("lang"), from_speech=True)
            assert not _BRACE.search(ans.answer + (ans.question or "")), (turn["text"], ans.answer)
            if ans.verdict == "info":
                seen_info.add(ans.language)
            answers += 1
    assert answers > 500 and len(seen_info) >= 5  # information answers (the case) were among them


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_information_answer_ends_with_the_button_not_a_placeholder(rules_only: Assistant, lang: str) -> None:
    """The reported bug: Korean and Chinese information answers ended with "'{button}' 버튼을…" / "请按"{button}""."""
    from kiosk.assistant import lexicon as lx

    info_cue = lx.cues(lang, "info")[0]
    ans = Conversation(rules_only, arrival=TODAY).ask(info_cue, lang=lang)
    assert ans.verdict == "info"
    assert "{button}" not in ans.answer and tr(lang, "ask_officer") in ans.answer
