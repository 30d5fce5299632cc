"""A phrase match never hides content: carrier phrases x appended goods / hazards / numbers x languages; how many
confident phrase matches hide the appended words (the property tests/test_phrase_cover.py fuzzes with hypothesis).

    PYTHONPATH=. python benchmarks/bench_phrase_cover.py      (PYTHONPATH=<another checkout> measures that one)
"""

from __future__ import annotations

import random
import re
import unicodedata

from kiosk.phrasebook import get_phrasebook, render
from kiosk.phrasebook.match import Matcher
from kiosk.phrasebook.render import SAMPLE_SLOTS

TAILS = {"en": (("but", "and", ""), ["a gun", "cocaine", "two bottles of wine", "a mango", "37"]),
         "es": (("pero", "y", ""), ["una pistola", "cocaína", "vino", "37"]),
         "zh": (("但是", ""), ["一把枪", "毒品", "葡萄酒", "37"]),
         "ja": (("でも", ""), ["拳銃", "覚醒剤", "ワイン", "37"]),
         "de": (("aber", ""), ["eine Pistole", "Kokain", "Wein", "37"])}
UNSPACED = {"zh", "ja"}


def _norm(text: str) -> str:
    return re.sub(r"[^\w]", "", unicodedata.normalize("NFKC", text).lower())


def main(n: int = 400, seed: int = 23) -> None:
    book = get_phrasebook()
    rnd = random.Random(seed)
    matchers = {lang: Matcher(book, lang, "traveler") for lang in TAILS}
    confident = hidden = 0
    for _ in range(n):
        lang = rnd.choice(sorted(TAILS))
        connectors, tails = TAILS[lang]
        pid = rnd.choice([p.id for p in book.by_side("traveler") if lang in p.texts])
        tail, connector = rnd.choice(tails), rnd.choice(connectors)
        base = render(book, book.phrase(pid), lang, SAMPLE_SLOTS).rstrip(".!?。？！ ")
        sep = "" if lang in UNSPACED else " "
        text = sep.join(x for x in (base + ("" if lang in UNSPACED else ","), connector, tail) if x)
        m = matchers[lang].match(text)
        if not m.confident or m.best is None:
            continue
        confident += 1
        said = _norm(render(book, book.phrase(m.best.phrase_id), lang, m.best.slots))
        words = [tail] if lang in UNSPACED else tail.split()
        hidden += not all(_norm(w) in said for w in words if _norm(w) not in ("a", "una", "eine"))
    print(f"{n} utterances, {confident} matched confidently, {hidden} of them hide the appended words")


if __name__ == "__main__":
    main()
