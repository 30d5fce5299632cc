"""Numbers and units in 10 languages: digits in every locale format, number words, units after a number.

"1,234.56", "1.234,56", "12 500", "1.5e4", "three thousand", "quinze mil", "fünfzehntausend", "만 오천", "一万二千",
"1.5万", "หนึ่งหมื่นห้าพัน" -> floats. An ambiguous "12.500" is read by the language's convention, except for money,
where a group of exactly three digits after one dot is always thousands (no price has three decimals).
"""

from __future__ import annotations

import functools
import math
import re
import tomllib

from kiosk.assistant import decimals, halves
from kiosk.assistant import lexicon as lx
from kiosk.assistant.fixed_words import in_fixed_word
from kiosk.assistant.textnorm import clean
from kiosk.config import settings

_DOT_THOUSANDS = {"de", "es", "fr", "vi", "ru", "pt", "it", "id"}
MAX_NUMBER = 1e15  # absurdly long numerals are clamped (still "over" every threshold), never inf
DIGITS = r"\d+(?:[.,\u00a0\u202f' ]\d{3})*(?:[.,]\d+)?(?:e[+-]?\d{1,2}(?![\w]))?"


@functools.lru_cache(maxsize=64)
def words(name: str) -> tuple[str, ...]:
    """A cue-word list of the lexicon, normalised like the question text (NFKC changes e.g. Thai ำ)."""
    return tuple(normalize_text(w) for w in getattr(lx, name))


def normalize_text(text: str) -> str:
    """The canonical text every reader works on (kiosk.assistant.textnorm.clean: NFKC, lower case, no zero-width
    or bidi controls, ASCII digits, emoji as words, look-alike letters folded, spelled-out words joined)."""
    return clean(text)


def alt(terms: list[str]) -> str:
    parts = []
    for t in sorted({t for t in terms if t}, key=len, reverse=True):
        parts.append(t[3:] if t.startswith("re:") else re.escape(t))
    return "|".join(parts)


def spaced(lang: str) -> bool:
    return lang in lx.SPACED


def parse_digits(s: str, lang: str) -> float:
    """A numeral in any locale format -> its value. A numeral no convention reads ("1.000,000.000") is taken as
    all its digits in a row: a larger amount can only make the verdict stricter, never a wrong "allowed"."""
    try:
        value = _parse_digits(s, lang)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        digits = re.sub(r"\D", "", s.split("e")[0])
        value = float(digits) if digits else 0.0
    return min(value, MAX_NUMBER)


def _parse_digits(s: str, lang: str) -> float:
    s = re.sub(r"[\u00a0\u202f' ]", "", s)
    exp = 0
    m = re.search(r"e([+-]?\d{1,2})$", s)
    if m:  # scientific notation: "1.5e4", "1,5e4"
        exp = int(m.group(1))
        s = s[:m.start()]
        return float(s.replace(",", ".")) * 10 ** exp if s.count(",") + s.count(".") <= 1 else float("nan")
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        other = "." if dec == "," else ","
        s = s.replace(other, "").replace(dec, ".")
    elif "," in s:
        parts = s.split(",")
        s = s.replace(",", "") if len(parts) > 2 or len(parts[1]) == 3 else s.replace(",", ".")
    elif "." in s:
        parts = s.split(".")
        if len(parts) > 2 or (len(parts[1]) == 3 and lang in _DOT_THOUSANDS):
            s = s.replace(".", "")
    return float(s)


def money_digits(raw: str, value: float) -> float:
    """A price never has three decimals: "12.500 euros" is 12,500 in every language."""
    if re.fullmatch(r"\d{1,3}\.\d{3}", raw.strip()):
        return float(raw.strip().replace(".", ""))
    return value


@functools.lru_cache(maxsize=32)
def _number_regex(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[float, str]]]:
    words = dict(lx.NUMBER_WORDS.get(lang, {}))
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:  # "полтора", "ふたつ"
        extra_words = tomllib.load(fh).get("number_words", {}).get(lang, {})
    words.update({normalize_text(k): (float(v[0]), str(v[1])) for k, v in extra_words.items()})
    if lang != "en" and spaced(lang):
        words.update({k: v for k, v in lx.NUMBER_WORDS["en"].items() if k in ("million", "k")})
    if lang in ("zh", "ja", "ko", "th"):
        words.setdefault("k", (1000, "b"))
    extra = []
    if lang == "ko":
        units = "병|갑|보루|개비|개피|개|상자|박스|통|팩|리터|킬로|마리|잔|캔|봉지|스틱|대|살"
        tens = "|".join(_ko_tens())  # 열, 스물, 서른, 마흔 … (common.toml [ko_native])
        extra.append(rf"(?:{tens})?\s?(?:하나|다섯|여섯|일곱|여덟|아홉|한|두|둘|세|셋|네|넷)(?=\s?(?:{units}))")
        extra.append(rf"(?:{tens})(?=\s?(?:{units}))")
        extra.append(r"[일이삼사오육칠팔구](?=\s?[십백천만억])")
        extra.append(r"(?<=[십백천만억])[일이삼사오육칠팔구](?![가-힣])")
        extra.append(r"(?<=[십백천만억]\s)[일이삼사오육칠팔구](?![가-힣])")
    parts = [DIGITS] + extra + ([alt(list(words))] if words else [])
    return re.compile("|".join(f"(?:{p})" for p in parts)), words


@functools.lru_cache(maxsize=1)
def _ko_tens() -> tuple[str, ...]:
    """Native Korean tens ("열" 10, "스물" 20 … "아흔" 90), longest first."""
    return tuple(sorted((w for w, v in lx.KO_NATIVE.items() if v % 10 == 0), key=len, reverse=True))


def _ko_native(tok: str) -> float | None:
    tok = tok.replace(" ", "")
    total = 0.0
    for prefix in _ko_tens():
        val = lx.KO_NATIVE[prefix]
        if tok.startswith(prefix):
            total += val
            tok = tok[len(prefix):]
            break
    if tok:
        if tok not in lx.KO_NATIVE:
            return None
        total += lx.KO_NATIVE[tok]
    return total or None


def _combine(tokens: list[tuple[float, str]], pairs: bool = False) -> float:
    """The value of a run of number words. `pairs` (English): "seven fifty" is 750, "nineteen ninety" 1990 (a
    number under twenty before a tens word says hundreds; 57 is said "fifty seven"), never 57."""
    if pairs:
        tokens = [(v * 100, k) if k == "d" and 1 <= v <= 19 and v == int(v) and i + 1 < len(tokens)
                  and tokens[i + 1][1] == "d" and tokens[i + 1][0] in _TENS else (v, k)
                  for i, (v, k) in enumerate(tokens)]
    total = section = current = 0.0
    for v, kind in tokens:
        if kind == "d":
            current += v
        elif kind == "s":
            section += (current or 1) * v
            current = 0
        else:
            total += ((section + current) or 1) * v
            section = current = 0
    return total + section + current


_TENS = frozenset(float(t) for t in range(20, 100, 10))
USE_CN2AN = True  # measured: benchmarks/bench_ask.py --numbers
_CJK_NUMERAL = re.compile(r"[0-9.零〇一二两兩三四五六七八九十百千万萬亿億]+")


def _cn2an(raw: str, fallback: float) -> float:
    """Chinese numerals with cn2an (measured better: "两千五" = 2,500 and "三万五" = 35,000, where adding the
    words gives 2,005 and 30,005); our own reading when cn2an cannot parse the run."""
    if not _CJK_NUMERAL.fullmatch(raw) or raw.replace(".", "").isdigit():
        return fallback
    import cn2an

    try:
        return float(cn2an.cn2an(raw.replace("萬", "万").replace("億", "亿").replace("兩", "两"), "smart"))
    except (ValueError, KeyError, IndexError):
        return fallback


# languages whose number words the reader knows (the others: digits of any script only)
PARSER_LANGS = frozenset({"ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de", "it", "pt", "id"})
_DIGIT_RUN = re.compile(r"\d+(?:[.,\u00a0\u202f' ]\d{3})*(?:[.,]\d+)?")


def digit_numbers(text: str) -> list[tuple[int, int, float]]:
    """Numbers written with digits in a language the reader has no words for (start, end, value): "1,200" and
    "1.200,50" by their grouping, "0.75" a decimal. Digits of any script are ASCII after normalize_text."""
    out = []
    for m in _DIGIT_RUN.finditer(text):
        raw = re.sub(r"[\u00a0\u202f' ]", "", m.group(0))
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
            raw = raw.replace(",", "")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", raw):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", ".")
        try:
            out.append((m.start(), m.end(), min(float(raw), MAX_NUMBER)))
        except ValueError:
            continue
    return out


def numbers(text: str, lang: str) -> list[tuple[int, int, float]]:
    """The kiosk's one number reader for any text (positions in normalize_text(text)): words and digits in the
    languages it knows, digits of every script in the others. Used by the parser, the translation number check,
    the phrasebook slots and the remote translator's check."""
    t = normalize_text(text)
    return find_numbers(t, lang) if lang in PARSER_LANGS else digit_numbers(t)


def find_numbers(text: str, lang: str) -> list[tuple[int, int, float]]:
    """Number expressions (start, end, value): digits, number words, mixtures ("1만5천", "15 mil"), said decimals
    ("one point five", "일점오", "一点五"), multiplier abbreviations ("$1.2M", "1,2 Mio."); vague amounts ("thousands
    of dollars", "수천 달러") are left out: the kiosk asks. The one number reader of the kiosk (issue 20 item 2;
    text2num was measured on the same probes and not kept: benchmarks/bench_numbers_said.py)."""
    ko_dec = _ko_decimals(text) if lang == "ko" else decimals.digit_decimals(text, lang) if spaced(lang) else []
    masked = text
    for s, e, _ in ko_dec:  # "일점오": read here, hidden from the rest
        masked = masked[:s] + " " * (e - s) + masked[e:]
    masked, half_spans = halves.mask(masked, lang)  # "two and a half thousand": read below, as one number
    out = _join_decimals(text, lang, _find_numbers(masked, lang))
    out = halves.join(text, out, half_spans, functools.partial(_scale_of, lang)) if half_spans else out
    return sorted(n for n in out + ko_dec if not _vague(text, n[0], n[1], lang)
                  and not (in_fixed_word(text, n[0], n[1], lang)  # 一 of 一起, 一緒: no count;
                           and unit_at(text, n[1], lang) is None))  # 一升瓶, 一条: a unit after it, a number


def _scale_of(lang: str, said: str) -> tuple[float, str] | None:
    """The scale word (>= 100: "thousand", "grand", "nghìn", "พัน") that `said` ends with: (value, word)."""
    table = {w: v for w, (v, k) in _number_regex(lang)[1].items() if k != "d" and v >= 100}
    table.update({w: f for w, (f, cur) in _multipliers(lang)[1].items() if not cur and f >= 100})
    s = said.strip()
    word = max((w for w in table if s.endswith(w) and (len(w) == len(s) or not spaced(lang)
                                                        or not s[-len(w) - 1].isalpha())), key=len, default=None)
    return (table[word], word) if word else None


@functools.lru_cache(maxsize=32)
def _vague_words(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        vague = tomllib.load(fh).get("vague", {})
    return (frozenset(normalize_text(w) for w in vague.get("alone", {}).get(lang, ())),
            tuple(normalize_text(w) for w in vague.get("before", {}).get(lang, ())))


def _vague(text: str, s: int, e: int, lang: str) -> bool:
    """"thousands of dollars", "수천 달러", "several hundred": no number the kiosk may be sure of."""
    alone, before = _vague_words(lang)
    said = text[s:e].strip()
    if said in alone:
        return True
    if said[:1].isdigit():
        return False
    head = text[max(0, s - 20):s].rstrip()
    if spaced(lang):
        return any(head == w or head.endswith(" " + w) for w in before)
    return any(head.endswith(w) for w in before)


def _find_numbers(text: str, lang: str) -> list[tuple[int, int, float]]:
    pat, words = _number_regex(lang)
    toks: list[tuple[int, int, float, str]] = []
    for m in pat.finditer(text):
        s, e = m.span()
        tok = m.group(0)
        if not tok.strip():
            continue
        if re.fullmatch(DIGITS, tok):
            toks.append((s, e, parse_digits(tok, lang), "d"))
        elif tok in words:
            v, k = words[tok]
            toks.append((s, e, v, k))
        elif lang == "ko" and tok[-1] in lx.KO_SINO and len(tok.strip()) == 1:
            toks.append((s, e, float(lx.KO_SINO[tok.strip()]), "d"))
        elif lang == "ko":
            nv = _ko_native(tok)
            if nv is not None:
                toks.append((s, e, nv, "d"))
    if spaced(lang):  # word numbers must be whole words (or glued to other number words: "zweitausend")
        runs: list[list[tuple[int, int, float, str]]] = []
        for t in toks:
            if runs and runs[-1][-1][1] == t[0]:
                runs[-1].append(t)
            else:
                runs.append([t])
        keep = []
        for run in runs:
            s, e = run[0][0], run[-1][1]
            before = text[s - 1] if s > 0 else " "
            after = text[e] if e < len(text) else " "
            first_word = re.fullmatch(DIGITS, text[run[0][0]:run[0][1]]) is None
            last_word = re.fullmatch(DIGITS, text[run[-1][0]:run[-1][1]]) is None
            if (first_word and before.isalpha()) or (last_word and after.isalpha()):
                continue
            keep += run
        toks = keep
    connectors = lx.CONNECTORS.get(lang, ())
    groups: list[list[tuple[int, int, float, str]]] = []
    for t in toks:
        if groups:
            gap = text[groups[-1][-1][1]:t[0]].strip(" -")
            if gap == "" or gap in connectors:
                prev = groups[-1][-1]
                prev_is_digit = re.fullmatch(DIGITS, text[prev[0]:prev[1]]) is not None
                cur_is_digit = re.fullmatch(DIGITS, text[t[0]:t[1]]) is not None
                # join "twenty five", "1万5千", "15 mil", "만 오천"; never "2 3" or "a 100"
                if t[3] != "d" or prev[3] != "d" or not (prev_is_digit or cur_is_digit):
                    groups[-1].append(t)
                    continue
        groups.append([t])
    out = []
    for g in groups:
        if all(k != "d" for *_, k in g) and len(g) == 1 and g[0][2] < 1000 and not _unit_after(text, g[0][1]) \
                and not (lang in ("zh", "ja") and unit_at(text, g[0][1], lang)
                         and not text[g[0][1]:g[0][1] + 1].isspace()):  # 十条烟, 十本, 百ミリ: a unit after it
            continue  # a lone "hundred"/"十" with nothing else is not a quantity; "hundert Euro" / "百ドル" is
        value = _combine([(v, k) for _, _, v, k in g], lang == "en")
        if lang in ("zh", "ja") and USE_CN2AN:
            value = _cn2an(text[g[0][0]:g[-1][1]], value)
        end = g[-1][1]
        value, end = _multiplier(text, g[0][0], end, value, lang)
        out.append((g[0][0], end, min(value, MAX_NUMBER) if math.isfinite(value) else MAX_NUMBER))
    return out


_LETTER = "a-zß-öø-ÿĀ-ɏḀ-ỿа-яё"  # the letters of the spaced scripts: a unit never starts a word of them


@functools.lru_cache(maxsize=1)
def _units() -> re.Pattern[str]:
    words = {normalize_text(w) for table in (lx.CURRENCIES, lx.VOLUME_UNITS, lx.WEIGHT_UNITS) for w in table}
    return re.compile(rf"\s?({alt(sorted(w for w in words if w))})(?![{_LETTER}])")


def _unit_after(text: str, end: int) -> bool:
    """A currency, volume or weight word right after `end` ("hundert Euro", "cent millilitres", "백 달러")."""
    return _units().match(text, end) is not None


@functools.lru_cache(maxsize=32)
def _multipliers(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[float, bool]]]:
    """locales/lexicon/multipliers.toml: abbreviation -> (factor, needs a currency beside it)."""
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        data = tomllib.load(fh)
    table = {k: (float(v), False) for part in ("any", lang) for k, v in data.get(part, {}).items()}
    table.update({k: (float(v), True) for k, v in data.get("with_currency", {}).items()})
    return re.compile(rf"[ \t]?({alt(list(table))})(?![{_LETTER}])"), table


@functools.lru_cache(maxsize=32)
def _decimal_words(lang: str) -> frozenset[str]:
    with (settings().locales_dir / "lexicon" / "multipliers.toml").open("rb") as fh:
        return frozenset(tomllib.load(fh).get("decimal_words", {}).get(lang, ()))


def _join_decimals(text: str, lang: str, out: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """"one point five" / "一点五" / "một phẩy năm": an integer, a decimal word, an integer -> one decimal."""
    words = _decimal_words(lang)
    if not words or len(out) < 2:
        return out
    res: list[tuple[int, int, float]] = []
    for n in sorted(out):
        if res:
            s0, e0, v0 = res[-1]
            raw = text[n[0]:n[1]].strip()
            if text[e0:n[0]].strip() in words and v0.is_integer() and n[2].is_integer() and n[2] < 1e6:
                frac = float("0." + raw) if raw.isdigit() else n[2] / 10 ** len(str(int(n[2])))
                res[-1] = (s0, n[1], v0 + frac)
                continue
        res.append(n)
    return res


_KO_DIGIT = {"영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_KO_DECIMAL = re.compile(r"(?<![가-힣\d])(\d+|[일이삼사오육칠팔구십백천만]+)\s?점\s?([영공일이삼사오육칠팔구]+|\d+)(?![\d])")


def _ko_decimals(text: str) -> list[tuple[int, int, float]]:
    """Sino-Korean decimals: "일점오 리터" = 1.5, "삼점오" = 3.5, "2점5" = 2.5."""
    out = []
    for m in _KO_DECIMAL.finditer(text):
        whole, frac = m.group(1), m.group(2)
        if whole.isdigit():
            w = float(whole)
        elif len(whole) == 1 and whole in _KO_DIGIT:
            w = float(_KO_DIGIT[whole])
        else:
            inner = _find_numbers(whole, "ko")
            if len(inner) != 1:
                continue
            w = inner[0][2]
        digits = frac if frac.isdigit() else "".join(str(_KO_DIGIT[c]) for c in frac)
        out.append((m.start(), m.end(), w + float("0." + digits)))
    return out


def _multiplier(text: str, start: int, end: int, value: float, lang: str) -> tuple[float, int]:
    """"1.2M" / "2 mil" / "1.2 bn" / "12 grand": the number times its multiplier, and the new end."""
    pat, table = _multipliers(lang)
    m = pat.match(text, end)
    if not m:
        return value, end
    factor, needs_currency = table[m.group(1)]
    from kiosk.assistant.units import unit_at

    if needs_currency and not PREFIX_CURRENCY.search(text[max(0, start - 4):start]):
        unit = unit_at(text, m.end(), lang)
        if unit is None or unit[0] != "money":
            return value, end
    return value * factor, m.end()


PREFIX_CURRENCY = re.compile(r"(us\$|hk\$|nt\$|a\$|c\$|s\$|\$|€|£|¥|₩|฿|₫|₽|usd|eur|krw|jpy|cny|rmb|gbp|thb|vnd|rub)\s?$")


def unit_at(text: str, pos: int, lang: str) -> tuple[str, str | float, int] | None:
    """The unit right after `pos` (kiosk/assistant/units.py): (kind, value, end) or None."""
    from kiosk.assistant.units import unit_at as at

    return at(text, pos, lang)
