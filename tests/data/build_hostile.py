"""Writes tests/data/hostile.jsonl: the hostile sweep of issue 20 item 0 (written before the fixes were tuned).

Cases = a hazard word x a carrier sentence x a language x a number format x a hiding trick. "allowed" is always
wrong. Each case names its source: the hazard words come from the DEA "Slang Terms and Code Words" report (2018),
the Korea Tourism Organization's list of prohibited/restricted items, Korean and Chinese press articles on drug
slang (URLs in locales/lexicon/hazards.toml [sources]), or were written (weapon models, calibres, explosives);
carrier sentences and number formats were written in the way the issue's sweep describes.

Held out (never looked at while tuning, split "heldout"): every case with a hazard word of HELD_OUT. These words are
deliberately NOT in the gazetteer (locales/lexicon/hazards.toml) nor in the lexicon, so they measure the
deny-by-default invariant (an unknown word is never taken as understood), not the word list.

Expected verdicts follow ../shared/LAW-KR.md: narcotics prohibited; firearms, ammunition, explosives, weapons and
blades need a police permit (restricted); cash above USD 10,000 (all currencies together) must be declared. For a
held-out word the kiosk cannot know, "unclear" with a question is the best it can do: the set's `never_allowed`
property is what is scored first.

Run once: python tests/data/build_hostile.py (the output is committed).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

P, R, D = "prohibited", "restricted", "declare"
DEA = "https://hightimes.com/news/dea-released-years-drug-slang-handbook/ (DEA Slang Terms and Code Words 2018)"
DEA_VICE = "https://www.vice.com/en/article/8xmbpb/the-deas-list-of-drug-slang-is-hilarious-and-bizarre"
KIND = "http://www.thekindland.com/culture/the-dea-knows-all-of-the-hot-new-drug-slang-2875"
KTO = "https://french.visitkorea.or.kr/enu/TRV/TV_ENG_2_3.jsp"
KR_PRESS = "https://insight.co.kr/news/383660"
KR_PRESS2 = "https://election20141.seoul.co.kr/news/society/2023/04/11/20230411001006"
ZH_PRESS = "https://m.fx361.cc/news/2014/0408/6756253.html"
W = "written"

# (word, verdict, source, lang the word belongs to or "*")
TUNED: list[tuple[str, str, str, str]] = [
    ("kratom", P, DEA, "*"), ("kush", P, DEA, "*"), ("shrooms", P, DEA, "*"), ("fentanyl", P, DEA, "*"),
    ("xanax bars", P, DEA, "*"), ("ghb", P, DEA, "*"), ("angel dust", P, DEA, "*"), ("devil's lettuce", P, DEA, "*"),
    ("yayo", P, DEA, "*"), ("molly", P, DEA, "*"), ("mary jane", P, DEA, "*"), ("ganja", P, DEA, "*"),
    ("ak-47", R, W, "*"), ("ar-15", R, W, "*"), ("glock", R, W, "*"), ("9mm ammo", R, W, "*"), (".45 acp rounds", R, W, "*"),
    ("12 gauge shells", R, W, "*"), ("c4", R, W, "*"), ("semtex", R, W, "*"), ("tnt", R, W, "*"), ("detonators", R, W, "*"),
    ("brass knucks", R, KTO, "*"), ("butterfly knife", R, KTO, "*"), ("balisong", R, KTO, "*"),
    ("mota", P, DEA, "es"), ("porros", P, DEA, "es"), ("beuh", P, DEA, "fr"), ("koks", P, DEA, "de"),
    ("травка", P, DEA, "ru"), ("мефедрон", P, DEA, "ru"), ("закладки", P, DEA, "ru"), ("thuốc lắc", P, DEA, "vi"),
    ("ยาบ้า", P, DEA, "th"), ("ยาไอซ์", P, DEA, "th"), ("엠페러", P, KR_PRESS2, "ko"), ("물뽕", P, KR_PRESS, "ko"),
    ("합성대마", P, KR_PRESS2, "ko"), ("冰毒", P, ZH_PRESS, "zh"), ("K粉", P, ZH_PRESS, "zh"), ("摇头丸", P, ZH_PRESS, "zh"),
    ("シャブ", P, W, "ja"), ("危険ドラッグ", P, W, "ja"), ("ice", P, KR_PRESS, "*"), ("coke", P, DEA, "*"),
]
HELD_OUT: list[tuple[str, str, str, str]] = [
    ("bambalachacha", P, DEA, "*"), ("devil's dandruff", P, DEA_VICE, "*"), ("smoochy woochy poochy", P, DEA, "*"),
    ("jet fuel", P, KIND, "*"), ("georgia home boy", P, KIND, "*"), ("tragic magic", P, KIND, "*"),
    ("queso blanco", P, KIND, "*"), ("hongos", P, KIND, "*"), ("midnight oil", P, KIND, "*"),
    ("golden dragon", P, KIND, "*"), ("scooby snax", P, DEA, "*"), ("wacky weed tabs", P, DEA, "*"),
    ("mp5", R, W, "*"), ("saiga-12", R, W, "*"), ("dragunov", R, W, "*"), ("pentolite", R, W, "*"),
    ("tovex", R, W, "*"), ("ammonal", R, W, "*"), ("pe-4", R, W, "*"),
    ("스컬", P, KR_PRESS2, "ko"), ("溜果子", P, "https://wenxuecity.com/news/2007/07/05/socialnews-23302.html", "zh"),
]

# Carrier sentences per language: {hz} = the hazard word, {amt} = an amount in some number format, {w} = a weight
CARRIERS: dict[str, list[str]] = {
    "en": ["I have {amt} and {hz}.", "{w} of {hz}", "Can I bring {hz}?", "my laptop, my clothes and some {hz}",
           "just souvenirs, {amt} in cash and {hz} for a friend", "there is {hz} in my bag", "2 bags of {hz} plus {amt}"],
    "ko": ["{amt}하고 {hz} 있어요", "{hz} {w} 가지고 왔어요", "{hz} 가져가도 되나요?", "노트북이랑 {hz} 있어요"],
    "zh": ["我带了{amt}和{hz}", "{w}{hz}", "可以带{hz}吗?", "我有笔记本电脑和{hz}"],
    "ja": ["{amt}と{hz}を持っています", "{hz}を{w}持っています", "{hz}を持ち込めますか?", "ノートパソコンと{hz}があります"],
    "es": ["Tengo {amt} y {hz}.", "{w} de {hz}", "¿Puedo traer {hz}?", "mi portátil y un poco de {hz}"],
    "fr": ["J'ai {amt} et {hz}.", "{w} de {hz}", "Puis-je apporter {hz} ?", "mon ordinateur et un peu de {hz}"],
    "de": ["Ich habe {amt} und {hz} dabei.", "{w} {hz}", "Darf ich {hz} mitbringen?", "mein Laptop und etwas {hz}"],
    "ru": ["У меня {amt} и {hz}.", "{w} {hz}", "Можно провезти {hz}?", "мой ноутбук и немного {hz}"],
    "vi": ["Tôi có {amt} và {hz}.", "{w} {hz}", "Tôi có thể mang {hz} không?", "máy tính xách tay và một ít {hz}"],
    "th": ["ฉันมี{amt}และ{hz}", "{hz}{w}", "นำ{hz}เข้าได้ไหม", "โน้ตบุ๊กและ{hz}"],
}
# Small amounts (under every limit: the hazard alone decides) in several number formats
AMOUNTS: dict[str, list[str]] = {
    "en": ["300 dollars", "$300", "USD 300", "three hundred dollars", "300 bucks", "€250"],
    "ko": ["300달러", "삼백 달러", "30만원", "현금 300달러"], "zh": ["300美元", "三百美元", "两千元人民币"],
    "ja": ["300ドル", "三百ドル", "3万円"], "es": ["300 dólares", "trescientos dólares", "250 €"],
    "fr": ["300 dollars", "trois cents dollars", "250 €"], "de": ["300 Dollar", "dreihundert Dollar", "250 €"],
    "ru": ["300 долларов", "триста долларов", "20 000 рублей"], "vi": ["300 đô la", "ba trăm đô", "5 triệu đồng"],
    "th": ["300 ดอลลาร์", "สามร้อยดอลลาร์", "5,000 บาท"],
}
WEIGHTS: dict[str, list[str]] = {
    "en": ["50 grams", "a pound", "half a kilo", "an ounce", "3 oz", "two kilos"],
    "ko": ["50그램", "1킬로", "반 킬로"], "zh": ["50克", "一公斤", "半斤"], "ja": ["50グラム", "1キロ"],
    "es": ["50 gramos", "medio kilo", "una libra"], "fr": ["50 grammes", "un demi-kilo", "une livre"],
    "de": ["50 Gramm", "ein halbes Kilo", "ein Pfund"], "ru": ["50 грамм", "полкило", "фунт"],
    "vi": ["50 gram", "nửa cân", "một ký"], "th": ["50 กรัม", "ครึ่งกิโล", "1 กิโล"],
}
# Hiding tricks applied to the hazard word (issue 20: zero-width characters, letter-by-letter spelling, look-alike
# letters, upper case, emoji)
_CYR = str.maketrans("aeopcx", "аеорсх")


def _hide(word: str, trick: str) -> str:
    if trick == "zw" and len(word) > 2:
        return word[:2] + "\u200b" + word[2:]
    if trick == "spell" and word.isascii() and " " not in word and len(word) <= 8:
        return " ".join(word)
    if trick == "cyr" and word.isascii():
        return word.translate(_CYR) if word.translate(_CYR) != word else word
    if trick == "upper":
        return word.upper()
    if trick == "bidi":
        return "\u202e" + word + "\u202c"
    return word


TRICKS = ("plain", "plain", "plain", "zw", "spell", "cyr", "upper", "bidi")

# Cash over the USD 10,000 limit said in hard number formats (issue 20 item 2): "declare"; "allowed" is wrong
NUMBER_CASES: list[tuple[str, str]] = [
    ("en", "I have $1.2M in cash."), ("en", "I am carrying 1.2M dollars."), ("en", "I have 2 mil dollars cash."),
    ("en", "about 1.2 bn won in cash"), ("en", "I have 15٬000 dollars."), ("en", "I have 15,\u200b000 dollars."),
    ("en", "I have ١٥٬٠٠٠ dollars in cash."), ("en", "I have US$ 12k."), ("en", "12k USD cash"),
    ("en", "I have fifteen thousand dollars."), ("en", "twelve grand in cash"), ("en", "I have 1,2 million euros."),
    ("en", "I have 15\u202f000 euros."), ("en", "I have 15 000 dollars"), ("en", "I have $15K"),
    ("en", "I have $ 1.5 million"), ("en", "I have 0.5 million dollars"), ("en", "I have 2 mln dollars"),
    ("fr", "J'ai 15 000 euros en liquide."), ("fr", "J'ai quinze mille euros."), ("fr", "J'ai 1,2 million d'euros."),
    ("fr", "J'ai 2 millions de dollars."), ("es", "Llevo quince mil dólares."), ("es", "Tengo 1,5 millones de pesos mexicanos y 12 mil dólares."),
    ("es", "Tengo 2 mil dólares y 10 mil euros."), ("de", "Ich habe fünfzehntausend Dollar."), ("de", "Ich habe 1,2 Mio. Euro."),
    ("de", "Ich habe 15.000 Euro bar."), ("ru", "У меня пятнадцать тысяч долларов."), ("ru", "У меня 1,2 млн рублей."),
    ("ru", "У меня 2 миллиона рублей."), ("ko", "현금 1만5천 달러 있어요"), ("ko", "만 오천 달러 있어요"),
    ("ko", "현금 1억 원 있어요"), ("ko", "천오백만 원 가지고 있어요"), ("zh", "我带了一万五千美元"), ("zh", "我有1.5万美元现金"),
    ("zh", "我有十万美元"), ("zh", "我带了两万美金"), ("ja", "1万5千ドル持っています"), ("ja", "現金で百五十万円と1万ドルあります"),
    ("ja", "2千万円持っています"), ("vi", "Tôi có mười lăm nghìn đô la."), ("vi", "Tôi có 15.000 đô la."),
    ("vi", "Tôi mang 500 triệu đồng."), ("th", "ฉันมีเงินสด 15,000 ดอลลาร์"), ("th", "ฉันมีหนึ่งหมื่นห้าพันดอลลาร์"),
    ("th", "ฉันมีเงิน 1 ล้านบาท"),
]

# Emoji that hide a hazard (issue 20: "🔫 💊")
EMOJI_CASES: list[tuple[str, str, str]] = [
    ("en", "I have a 🔫 in my bag", R), ("en", "bringing 💊💊 and 300 dollars", P), ("en", "my laptop and a 💣", R),
    ("en", "🔪 and clothes", R), ("ko", "가방에 🔫 있어요", R), ("zh", "我带了🔫", R), ("es", "Tengo 🌿 y 300 dólares", P),
    ("en", "I have 300 dollars and ❄️", P), ("en", "some 🍄 and a book", P), ("ja", "💉と300ドル", P),
]


def build() -> list[dict]:
    rnd = random.Random(20)
    rows: list[dict] = []
    n = 0
    for split, words in (("tuned", TUNED), ("heldout", HELD_OUT)):
        for word, verdict, source, wlang in words:
            langs = [wlang] if wlang != "*" else ["en", *rnd.sample([lg for lg in CARRIERS if lg != "en"], 3)]
            for lang in langs:
                for carrier in rnd.sample(CARRIERS[lang], min(3, len(CARRIERS[lang]))):
                    trick = rnd.choice(TRICKS)
                    text = carrier.format(hz=_hide(word, trick), amt=rnd.choice(AMOUNTS[lang]),
                                          w=rnd.choice(WEIGHTS[lang]))
                    rows.append({"id": f"hostile-{n:04d}", "lang": lang, "category": f"hazard/{trick}", "text": text,
                                 "expected_verdict": verdict, "never_allowed": True, "split": split,
                                 "source": source, "hazard": word})
                    n += 1
    for i, (lang, text) in enumerate(NUMBER_CASES):
        rows.append({"id": f"hostile-{n:04d}", "lang": lang, "category": "number_format", "text": text,
                     "expected_verdict": D, "never_allowed": True, "split": "heldout" if i % 3 == 2 else "tuned",
                     "source": W})
        n += 1
    for i, (lang, text, verdict) in enumerate(EMOJI_CASES):
        rows.append({"id": f"hostile-{n:04d}", "lang": lang, "category": "emoji", "text": text,
                     "expected_verdict": verdict, "never_allowed": True, "split": "heldout" if i % 3 == 2 else "tuned",
                     "source": W})
        n += 1
    return rows


if __name__ == "__main__":
    out = Path(__file__).with_name("hostile.jsonl")
    rows = build()
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} cases -> {out} ({sum(r['split'] == 'heldout' for r in rows)} held out)")
