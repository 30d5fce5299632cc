"""A pronoun that names a family member already told ("one of them is hers", "一瓶是她的", "la otra es de ella",
"eine gehört ihr"): issue 20 item 3, l20's left item. Before the turn is read, a pronoun is rewritten to the member
it names when the party has exactly one member it fits ("hers" -> "my wife's") once the traveler confirmed it: the kiosk asks "Do you mean your wife?" (one
member fits) or which person (two or more fit: `Who`), never guesses, for the pronoun may name someone outside the
party whose goods count as the traveler's own; a "yes" to the one member, or a reply that names one of them, is read
as the turn with that member. With no member told,
or a member word already in the turn, nothing changes.

The pronouns are data: `[pronouns.she]`, `[pronouns.he]` and `[pronouns.any]` (a pronoun of either sex: "그 사람",
"เขา") in locales/lexicon/<lang>.toml, each form with the text that replaces it ("{m}": the member's first word of
locales/family/<lang>.toml; "re:" forms are regular expressions). Subject pronouns that also stand for goods in the
language ("elle", "sie", "它") are left out. The sex of each relation is `[member_sex]` in locales/lexicon/common.toml
(a relation listed in neither, "partner", "child", a companion, fits any pronoun).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.assistant import family
from kiosk.assistant import lexicon as lx
from kiosk.assistant.numbers import normalize_text
from kiosk.rules.party import ME

_LOOKAROUND = re.compile(r"\(\?<?[!=][^)]*\)")


@dataclass(frozen=True)
class Who:
    """The question pending: the turn as said, and the members its pronoun could name."""

    text: str
    owners: tuple[str, ...]


@functools.lru_cache(maxsize=32)
def _forms(lang: str) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(sex, pattern, replacement) of the language's pronoun forms, longest first."""
    spaced = lang in lx.SPACED
    out: list[tuple[str, str, str, int]] = []
    for sex, forms in lx.table(lang, "pronouns").items():
        for form, repl in dict(forms).items():
            form = str(form)
            if form.startswith("re:"):
                body, size = form[3:], 100
            else:
                body, size = re.escape(normalize_text(form)), len(form)
                body = rf"(?<![\w']){body}(?![\w'])" if spaced else body
            out.append((str(sex), body, str(repl), size))
    out.sort(key=lambda f: -f[3])
    return tuple((sex, re.compile(body), repl) for sex, body, repl, _ in out)


def _fits(owner: str, sexes: set[str]) -> bool:
    sex = lx.member_sex(owner.rsplit("_", 1)[0] if re.fullmatch(r"\w+_\d+", owner) else owner)
    return sex is None or "any" in sexes or sexes == {sex}


def _term(owner: str, lang: str) -> str | None:
    """The member's first word in the language's family file ("wife", "妻子", "ma femme"); a regular expression
    term gives its literal letters ("re:딸(?!기)" -> "딸"); None when the relation has no word (a companion)."""
    terms = [str(t) for t in family.data(lang).get("relations", {}).get(owner, ())]
    plain = [t for t in terms if not t.startswith("re:")]
    if plain:
        return plain[0]
    for t in terms:
        lit = _LOOKAROUND.sub("", t[3:])
        if lit and re.escape(lit) == lit:
            return lit
    return None


def _found(norm: str, lang: str) -> list[tuple[int, int, str, str]]:
    """(start, end, sex, replacement) of the pronouns in the normalized text, left to right, never overlapping."""
    hits: list[tuple[int, int, str, str]] = []
    for sex, rx, repl in _forms(lang):
        for m in rx.finditer(norm):
            if m.end() > m.start() and not any(m.start() < e and s < m.end() for s, e, _, _ in hits):
                hits.append((m.start(), m.end(), sex, repl))
    return sorted(hits)


def _rewrite(norm: str, hits: list[tuple[int, int, str, str]], owner: str, lang: str) -> str | None:
    term = _term(owner, lang)
    if term is None:
        return None
    out = norm
    for s, e, _, repl in reversed(hits):
        out = out[:s] + repl.replace("{m}", term) + out[e:]
    return out


def resolve(text: str, lang: str, members: Iterable[str]) -> tuple[str, Who | None]:
    """The turn with its pronoun rewritten to the one member it fits; or the turn unchanged and the `Who` to ask
    (two or more members fit); or unchanged and None (no pronoun, no member who fits, or a member word said)."""
    norm = normalize_text(text)
    hits = _found(norm, lang)
    if not hits or family.names_member(norm, lang):
        return text, None
    sexes = {sex for _, _, sex, _ in hits}
    fit = [o for o in members if o != ME and _fits(o, sexes) and _term(o, lang) is not None]
    # Even one member who fits is asked, never assumed: the pronoun may name someone outside the party ("my sister
    # at home … she asked me to bring her the watch"), whose goods count as the traveler's own; moving them to a
    # member would turn a "declare" into a wrong "allowed".
    return text, (Who(text, tuple(fit)) if fit else None)


def answer(who: Who, text: str, lang: str) -> str | None:
    """The pending turn rewritten to the member the reply names ("my wife", "妻子的"), when it names exactly one of
    them and no goods; else None (the reply is read as any turn)."""
    reply = normalize_text(text)
    named = {m.owner for m in family.mentions(reply, lang) if m.owner in who.owners}
    if not named and len(who.owners) == 1 and family.yes_no(reply, lang) is True:
        named = set(who.owners)  # "Do you mean your wife?" - "yes"
    if len(named) != 1:
        return None
    norm = normalize_text(who.text)
    return _rewrite(norm, _found(norm, lang), named.pop(), lang)


@functools.lru_cache(maxsize=64)
def _it_regex(lang: str, key: str) -> re.Pattern[str] | None:
    words = [normalize_text(w).strip() for w in lx.words_list(lang, key)]
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alts})(?![\w'])" if lang in lx.SPACED else f"(?:{alts})")


def it_goods(text: str, lang: str) -> str | None:
    """A word for the goods just told, in a member's turn with no goods and no count: "one" ("it is hers", "那瓶是
    她的", "c'est à lui": `[words] it_goods`), "many" ("both are hers", "两瓶都是她的": `them_goods`), else None."""
    norm = normalize_text(text)
    for key, kind in (("them_goods", "many"), ("it_goods", "one")):
        rx = _it_regex(lang, key)
        if rx is not None and rx.search(norm):
            return kind
    return None
