"""Pre-synthesized answer sentences (kiosk/tts/cache.py) with the real voices."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.assistant import Assistant
from kiosk.tts import get_speaker, join_chunks
from kiosk.tts.cache import PhraseCache, template_sentences

pytestmark = pytest.mark.slow


def test_template_sentences_are_the_fixed_verdicts_and_closing() -> None:
    en = template_sentences("en")
    assert en[:6] == ["Allowed: nothing to declare.",
                      "Please declare: this is over a duty-free or reporting limit (duty may be charged).",
                      "Restricted: you must declare this for inspection, a permit or quarantine.",
                      "Prohibited: this may not be brought into the country.",
                      "I need a little more information before I can answer.",
                      "Here are the rules."]  # verdict "info" (an information question)
    assert "The customs officer's decision is final." in en
    assert "The customs officer's decision is final." not in template_sentences("en", closing=False)
    assert all("{" not in s for s in en)
    assert template_sentences("ja")[0] == "許可：申告するものはありません。"  # locales/rules/ja.toml [verdict] allowed
    assert len(template_sentences("zh", closing=False)) == 6


def test_answer_starts_from_the_cache_and_is_spoken_whole() -> None:
    cache = PhraseCache(get_speaker())
    assert cache.warm(["en"]) == 6
    answer = Assistant(use_llm=False).ask("I have 3 kg of beef", "en")
    first = answer.answer.split(". ")[0] + "."
    assert first == "Restricted: you must declare this for inspection, a permit or quarantine."
    hit = cache.get(first, "en")
    assert hit is not None and cache.get(first, "en", rate=0.8) is None  # keyed by rate too
    chunks = list(cache.stream(answer.answer, "en"))
    assert chunks[0].text == first and np.array_equal(chunks[0].samples, hit.samples)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    # every sentence is spoken, in order, exactly once
    assert " ".join(c.text for c in chunks).replace("  ", " ") == answer.answer
    whole = join_chunks(chunks, chunks[0].sample_rate)
    assert whole.duration_s > 5.0


def test_nothing_cached_is_the_plain_speaker_stream() -> None:
    cache = PhraseCache(get_speaker())
    chunks = list(cache.stream("Hello there. Welcome to Korea.", "en"))
    assert [c.text for c in chunks] == ["Hello there.", "Welcome to Korea."]
    assert cache.get("Hello there.", "en") is None
