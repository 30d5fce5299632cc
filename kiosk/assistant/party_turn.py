"""A turn that names family members: each part of the turn goes to its person, goods already in the basket move
or split off to a member ("one of the cartons is my husband's"), members' ages and whether they arrive with the
traveler. Changes the basket only; the conversation composes the answer."""

from __future__ import annotations

from dataclasses import replace

from kiosk.assistant import family
from kiosk.assistant.basket import partition, with_name
from kiosk.assistant.intent import is_fact
from kiosk.assistant.llm_items import LlmItems
from kiosk.assistant.parser import ParsedQuestion, parse_question
from kiosk.assistant.pronouns import it_goods
from kiosk.rules.model import Item
from kiosk.rules.party import ME


def _merge_gifts(parts: list[family.Part], gifts: set[str]) -> list[family.Part]:
    """A member who only receives a gift ("a handbag for my mom for 400 dollars") owns nothing: their part is read
    on with the part before it, so the goods and the price stay together, the traveler's."""
    out: list[family.Part] = []
    for p in parts:
        if p.owner in gifts and out:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {p.text}")
        elif p.owner in gifts:
            out.append(replace(p, owner=ME))
        else:
            out.append(p)
    return out


_PRO_DROP = ("ko", "zh", "ja")  # a clause with no subject after "my wife came with me" is the speaker's


def _after_presence(parts: list[family.Part], lang: str) -> list[family.Part]:
    """"아내랑 같이 왔는데 위스키 세 병 샀어요", "我和妻子一起来的 三瓶红酒": in a language that drops the subject, the
    goods told after a member's "came with me" clause are the speaker's, not the member's (the stricter reading:
    one person's allowance holds them). The member's part ends with the word that ends the clause."""
    if lang not in _PRO_DROP:
        return parts
    out: list[family.Part] = []
    for p in parts:
        cut = None
        if p.owner not in (None, ME) and family.presence(p.text, lang) is True:
            ends = [m.end() for rx in family._cue_regexes(lang, "presence", "here") for m in rx.finditer(p.text)]
            end = max(ends)
            space = p.text.find(" ", end)
            cut = space if space >= 0 and p.text[space:].strip() else None
        if cut is None:
            out.append(p)
        else:
            out += [replace(p, text=p.text[:cut]), family.Part(ME, p.text[cut:])]
    return out


class PartyTurns(LlmItems):
    _heard_age: bool  # the last family turn told an age or a birth year
    _together: bool  # "we are a family of four": the members named later arrive with the traveler

    _lang_of_turn: str = "en"

    def _party_turn(self, norm: str, language: str, correcting: bool) -> tuple[list[str], str]:
        """A turn that names family members: each part's goods go to its person ("... for my wife", "the wine is
        my wife's": a part naming only a person gives them the goods just before it). Goods already in the basket
        named again without amounts (or with a correction) move to that person; fewer of them than the basket
        holds split off ("one of the cartons is my husband's"). Text the lexicon does not account for goes to the
        LLM as in any turn (its categories become that person's items), else it is an unknown item (unclear)."""
        before = {i for i, _ in self._items}
        self._lang_of_turn = language
        gifts = family.gift_owners(norm, language)  # "a watch for my dad": the buyer's own goods
        parts = _after_presence(_merge_gifts(family.split(norm, language), gifts), language)
        parsed = [parse_question(p.text, language) if p.text.strip() else None for p in parts]
        owners = [p.owner or ME for p in parts]
        shares: dict[int, tuple[str, float]] = {}  # part -> (member, count): "two cartons, one is my wife's"
        for n in range(1, len(parts)):
            prev_goods = parsed[n - 1] is not None and bool(parsed[n - 1].items)  # type: ignore[union-attr]
            pn = parsed[n]
            if parts[n].owner is None or not prev_goods or (pn is not None and (pn.items or any(
                    q.kind != "bare" for q in pn.quantities))):
                continue
            cut = partition(parts[n - 1].text, language) if parts[n].owner != ME else None
            if cut is not None:  # a bare "一" of "一起" in the member's part is no count of theirs
                parsed[n - 1], shares[n - 1] = cut[0], (str(parts[n].owner), cut[1])
            elif pn is None or not pn.quantities:
                owners[n - 1] = owners[n]
        touched: list[str] = []
        prev: list[str] = []
        engine = "rules"
        self._heard_age = False
        for part, p, owner in zip(parts, parsed, owners, strict=True):
            if owner != ME:
                self._member(owner)
            age = part.age if part.age is not None else p.age if p else None
            if age is not None:
                self._set_member(part.owner or ME, age=age, birth_year=None)
            if p is not None and p.birth_year is not None:
                self._set_member(part.owner or ME, birth_year=p.birth_year, age=None)
            self._heard_age |= age is not None or (p is not None and p.birth_year is not None)
            if p is None:  # a member's part that held only an age ("une bouteille est à ma femme, elle a 35 ans")
                if not prev and owner != ME and before:
                    ids = [self._place(it, owner, before, correcting)
                           for it in self._one_of_them(parsed, parts.index(part), before, parts)]
                    touched, prev = touched + [i for i in ids if i not in touched], ids or prev
                continue
            items = list(p.items)
            if not items and prev and part.owner is not None and any(is_fact(q) for q in p.quantities):
                last = next(it for i, it in self._items if i == prev[-1])  # "... and my wife has one bottle"
                again, _ = with_name(last, part.text, language)
                items = [it for it in again.items if it.category == last.category]
            if not items and not prev and owner != ME and before:
                items = self._one_of_them(parsed, parts.index(part), before, parts)
            ids = [self._place(item, owner, before, correcting) for item in items]
            if parts.index(part) in shares and ids:  # the member's share splits off the goods just told
                who, k = shares[parts.index(part)]
                whole = next(it for i, it in self._items if i == ids[0])
                ids.append(self._place(replace(whole, quantity=k, volume_ml=None, value=None), who,
                                       before | set(ids), False))
            if p.unaccounted:
                engine, added = self._llm_items(part.text, p)
                for i in added:
                    self._move(i, owner)
                ids += added or [self._add(Item("unknown", what, source="unknown", owner=owner))
                                 for what in p.unaccounted]
            touched += [i for i in ids if i not in touched]
            prev = ids or prev
        touched += self._each(norm, language, [str(p.owner) for p in parts if p.owner is not None], touched)
        self._presence(norm, language, parts, gifts)
        return touched, engine

    def _one_of_them(self, parsed: list[ParsedQuestion | None], n: int, before: set[str],
                     parts: list[family.Part] | None = None) -> list[Item]:
        """"One of them is my husband's" / "Uno es de mi marido": a bare count, in the member's part or just before
        it, with no goods named in either, is that many of the last goods already in the basket. With no count, a
        word for the goods just told ("it is my wife's", "那瓶是她的", "それは妻のです": `[cues] it_goods`) is all of
        the last goods (the traveler's own first)."""
        here = [q for k in (n - 1, n) if 0 <= k < len(parsed) and (pq := parsed[k]) is not None
                for q in pq.quantities if q.kind == "bare" or (q.kind == "count" and q.category is None)]
        if any(pq is not None and (pq.items or pq.quantities) for pq in parsed[max(0, n - 1):n + 1]) and not here:
            return []
        said = {it_goods(p.text, self._lang_of_turn) for p in (parts or [])[max(0, n - 1):n + 1]} - {None}
        own = [it for i, it in self._items if i in before and it.owner == ME]
        if not here and said and len(own) == 1 and ("many" in said or (own[0].quantity or 1) <= 1):
            # the traveler's one item (two or more: which one is not known, nothing moves)
            return [Item(own[0].category, own[0].description, kind=own[0].kind)]  # no facts: the whole item moves
        if not here or any(pq is not None and pq.items for pq in parsed[max(0, n - 1):n + 1]):
            return []
        told = [it for i, it in self._items if i in before]  # the traveler's own goods first: "give him one more"
        told = [it for it in told if it.unit == here[0].unit] or told  # "一瓶": the goods counted in bottles
        last = ([it for it in told if it.owner == ME] or told)[-1]
        count = here[0].value
        if last.quantity is None or not 0 < count < last.quantity:
            return []
        return [Item(last.category, last.description, quantity=count, unit=last.unit, kind=last.kind)]

    def _presence(self, norm: str, language: str, parts: list[family.Part], gifts: set[str]) -> None:
        """"He is standing next to me" / "she stayed at home": whether the member named arrives with the traveler
        (one member named: the whole turn says it; several: each one's own part)."""
        named = list(dict.fromkeys(p.owner for p in parts if p.owner not in (None, ME) and p.owner not in gifts))
        if len(named) == 1:
            said = family.presence(norm, language)
            if said is not None or self._together:
                self._set_member(str(named[0]), travelling=said is not False)
            return
        for p in parts:
            if p.owner in named:
                said = family.presence(p.text, language)
                if said is not None or self._together:
                    said = said is not False
                    self._set_member(str(p.owner), travelling=said)
