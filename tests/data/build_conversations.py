"""Writes tests/data/conversations.jsonl: multi-turn conversations in 10 languages (issue #9 item 3).

Each turn's expectation was checked by hand against ../shared/LAW-KR.md for the arrival date given:
- basic allowance USD 800 in total (jacket 500 + shoes 400 = 900 -> declare);
- alcohol since 2025-03-21: 2 L and USD 400 in total, no bottle count (2 x 1 L for USD 150 -> allowed;
  3 x 1 L -> declare; one bottle of wine for USD 60 -> allowed, a bottle is within 2 L);
  2022-09-06..2025-03-20: also at most 2 bottles (3 x 500 mL -> declare in 2024, allowed in 2025-06);
- tobacco 200 cigarettes (2 cartons = 400 -> declare), travelers 19+ by calendar year (17 -> declare);
- cash: all currencies together over USD 10,000 -> declare (8,000 USD + 3,000 EUR = ~11,226 USD);
- livestock products (jerky) must be declared for quarantine -> restricted;
- information questions -> verdict "info".
"expect" per turn: verdict of the whole basket, basket size, and whether a clarifying question is asked.

Run once: python tests/data/build_conversations.py (the output is committed; ~25 % are "heldout").
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

# script -> [(verdict, basket size, question asked?)] per turn
SCRIPTS: dict[str, list[tuple[str, int, bool]]] = {
    "whisky_followup": [("unclear", 1, True), ("allowed", 1, False)],
    "allowance_total": [("allowed", 1, False), ("declare", 2, False)],
    "info_then_item": [("info", 0, False), ("allowed", 1, False)],
    "wine_cigs_remove": [("allowed", 1, False), ("declare", 2, False), ("allowed", 1, False)],
    "correction": [("declare", 1, False), ("allowed", 1, False)],
    "cash_then_meat": [("allowed", 1, False), ("declare", 2, False), ("restricted", 3, False)],
    "age": [("allowed", 1, False), ("declare", 1, False)],
    "info_only": [("info", 0, False), ("info", 0, False)],
}

TEXTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "whisky_followup": ["I have whisky.", "Two bottles of one litre, 150 dollars in total."],
        "allowance_total": ["I bought a jacket for 500 dollars.", "I also bought shoes for 400 dollars."],
        "info_then_item": ["How much can I bring without paying tax?", "I bought a bag for 300 dollars."],
        "wine_cigs_remove": ["One bottle of wine, 60 dollars.", "And two cartons of cigarettes.",
                             "I'll throw the cigarettes away."],
        "correction": ["Three bottles of wine, one litre each, 90 dollars in total.", "No wait, two bottles, not three."],
        "cash_then_meat": ["I have 8,000 dollars in cash.", "And 3,000 euros.", "Also some beef jerky."],
        "age": ["I have one carton of cigarettes.", "I am 17 years old."],
        "info_only": ["Where do I declare?", "Can I bring medicine?"],
    },
    "ko": {
        "whisky_followup": ["위스키가 있어요.", "1리터짜리 두 병이고, 합쳐서 150달러예요."],
        "allowance_total": ["재킷을 500달러에 샀어요.", "신발도 400달러에 샀어요."],
        "info_then_item": ["세금 안 내고 얼마까지 가져올 수 있어요?", "가방을 300달러에 샀어요."],
        "wine_cigs_remove": ["와인 한 병, 60달러예요.", "그리고 담배 두 보루요.", "담배는 버릴게요."],
        "correction": ["와인 세 병, 병당 1리터, 합쳐서 90달러예요.", "아니요, 세 병이 아니라 두 병이에요."],
        "cash_then_meat": ["현금 8,000달러 있어요.", "그리고 3,000유로요.", "육포도 조금 있어요."],
        "age": ["담배 한 보루 있어요.", "저는 17살이에요."],
        "info_only": ["어디서 신고해요?", "약 가져와도 돼요?"],
    },
    "zh": {
        "whisky_followup": ["我带了威士忌。", "两瓶，每瓶一升，一共150美元。"],
        "allowance_total": ["我买了一件夹克，500美元。", "我还买了一双鞋，400美元。"],
        "info_then_item": ["免税可以带多少？", "我买了一个包，300美元。"],
        "wine_cigs_remove": ["一瓶葡萄酒，60美元。", "还有两条香烟。", "香烟我扔掉。"],
        "correction": ["三瓶葡萄酒，每瓶一升，一共90美元。", "不对，是两瓶，不是三瓶。"],
        "cash_then_meat": ["我带了8000美元现金。", "还有3000欧元。", "还有一些牛肉干。"],
        "age": ["我带了一条香烟。", "我17岁。"],
        "info_only": ["在哪里申报？", "可以带药吗？"],
    },
    "ja": {
        "whisky_followup": ["ウイスキーを持っています。", "1リットルのボトルが2本で、合計150ドルです。"],
        "allowance_total": ["ジャケットを500ドルで買いました。", "靴も400ドルで買いました。"],
        "info_then_item": ["税金なしでいくらまで持ち込めますか？", "バッグを300ドルで買いました。"],
        "wine_cigs_remove": ["ワイン1本、60ドルです。", "それとタバコ2カートン。", "タバコは捨てます。"],
        "correction": ["ワイン3本、1本1リットル、合計90ドルです。", "いいえ、3本ではなく2本です。"],
        "cash_then_meat": ["現金8,000ドルを持っています。", "それと3,000ユーロ。", "ビーフジャーキーも少しあります。"],
        "age": ["タバコを1カートン持っています。", "私は17歳です。"],
        "info_only": ["どこで申告しますか？", "薬を持ち込めますか？"],
    },
    "es": {
        "whisky_followup": ["Tengo whisky.", "Dos botellas de un litro, 150 dólares en total."],
        "allowance_total": ["Compré una chaqueta por 500 dólares.", "También compré zapatos por 400 dólares."],
        "info_then_item": ["¿Cuánto puedo traer sin pagar impuestos?", "Compré un bolso por 300 dólares."],
        "wine_cigs_remove": ["Una botella de vino, 60 dólares.", "Y dos cartones de cigarrillos.",
                             "Voy a tirar los cigarrillos."],
        "correction": ["Tres botellas de vino, de un litro cada una, 90 dólares en total.",
                       "No, espera, dos botellas, no tres."],
        "cash_then_meat": ["Llevo 8.000 dólares en efectivo.", "Y 3.000 euros.", "También un poco de cecina."],
        "age": ["Tengo un cartón de cigarrillos.", "Tengo 17 años."],
        "info_only": ["¿Dónde tengo que declarar?", "¿Puedo traer medicamentos?"],
    },
    "fr": {
        "whisky_followup": ["J'ai du whisky.", "Deux bouteilles d'un litre, 150 dollars au total."],
        "allowance_total": ["J'ai acheté une veste à 500 dollars.", "J'ai aussi acheté des chaussures à 400 dollars."],
        "info_then_item": ["Combien puis-je apporter sans payer de taxes ?", "J'ai acheté un sac à 300 dollars."],
        "wine_cigs_remove": ["Une bouteille de vin, 60 dollars.", "Et deux cartouches de cigarettes.",
                             "Je vais jeter les cigarettes."],
        "correction": ["Trois bouteilles de vin, un litre chacune, 90 dollars au total.",
                       "Non, attendez, deux bouteilles, pas trois."],
        "cash_then_meat": ["J'ai 8 000 dollars en espèces.", "Et 3 000 euros.", "Aussi un peu de bœuf séché."],
        "age": ["J'ai une cartouche de cigarettes.", "J'ai 17 ans."],
        "info_only": ["Où dois-je déclarer ?", "Est-ce que je peux apporter des médicaments ?"],
    },
    "de": {
        "whisky_followup": ["Ich habe Whisky.", "Zwei Flaschen zu einem Liter, insgesamt 150 Dollar."],
        "allowance_total": ["Ich habe eine Jacke für 500 Dollar gekauft.", "Ich habe auch Schuhe für 400 Dollar gekauft."],
        "info_then_item": ["Wie viel darf ich zollfrei mitbringen?", "Ich habe eine Tasche für 300 Dollar gekauft."],
        "wine_cigs_remove": ["Eine Flasche Wein, 60 Dollar.", "Und zwei Stangen Zigaretten.",
                             "Die Zigaretten werfe ich weg."],
        "correction": ["Drei Flaschen Wein, je ein Liter, insgesamt 90 Dollar.", "Nein, warte, zwei Flaschen, nicht drei."],
        "cash_then_meat": ["Ich habe 8.000 Dollar Bargeld.", "Und 3.000 Euro.", "Außerdem etwas Trockenfleisch."],
        "age": ["Ich habe eine Stange Zigaretten.", "Ich bin 17 Jahre alt."],
        "info_only": ["Wo muss ich anmelden?", "Darf ich Medikamente mitbringen?"],
    },
    "ru": {
        "whisky_followup": ["У меня есть виски.", "Две бутылки по одному литру, всего 150 долларов."],
        "allowance_total": ["Я купил куртку за 500 долларов.", "Ещё я купил обувь за 400 долларов."],
        "info_then_item": ["Сколько можно ввезти без пошлины?", "Я купил сумку за 300 долларов."],
        "wine_cigs_remove": ["Одна бутылка вина, 60 долларов.", "И два блока сигарет.", "Сигареты я выброшу."],
        "correction": ["Три бутылки вина по одному литру, всего 90 долларов.", "Нет, подождите, две бутылки, не три."],
        "cash_then_meat": ["У меня 8 000 долларов наличными.", "И 3 000 евро.", "Ещё немного вяленого мяса."],
        "age": ["У меня один блок сигарет.", "Мне 17 лет."],
        "info_only": ["Где нужно декларировать?", "Можно ввезти лекарства?"],
    },
    "vi": {
        "whisky_followup": ["Tôi có rượu whisky.", "Hai chai một lít, tổng cộng 150 đô la."],
        "allowance_total": ["Tôi đã mua một cái áo khoác giá 500 đô la.", "Tôi cũng đã mua giày giá 400 đô la."],
        "info_then_item": ["Tôi được mang bao nhiêu mà không phải đóng thuế?", "Tôi đã mua một cái túi giá 300 đô la."],
        "wine_cigs_remove": ["Một chai rượu vang, 60 đô la.", "Và hai cây thuốc lá.", "Tôi sẽ vứt thuốc lá đi."],
        "correction": ["Ba chai rượu vang, mỗi chai một lít, tổng cộng 90 đô la.", "À không, hai chai, không phải ba."],
        "cash_then_meat": ["Tôi có 8.000 đô la tiền mặt.", "Và 3.000 euro.", "Thêm một ít khô bò."],
        "age": ["Tôi có một cây thuốc lá.", "Tôi 17 tuổi."],
        "info_only": ["Tôi khai báo ở đâu?", "Tôi có thể mang thuốc không?"],
    },
    "th": {
        "whisky_followup": ["ฉันมีวิสกี้", "สองขวด ขวดละหนึ่งลิตร รวม 150 ดอลลาร์"],
        "allowance_total": ["ฉันซื้อแจ็กเก็ตราคา 500 ดอลลาร์", "ฉันซื้อรองเท้าราคา 400 ดอลลาร์ด้วย"],
        "info_then_item": ["นำของเข้าได้เท่าไหร่โดยไม่เสียภาษี", "ฉันซื้อกระเป๋าราคา 300 ดอลลาร์"],
        "wine_cigs_remove": ["ไวน์หนึ่งขวด 60 ดอลลาร์", "และบุหรี่สองคอตตอน", "บุหรี่ฉันจะทิ้ง"],
        "correction": ["ไวน์สามขวด ขวดละหนึ่งลิตร รวม 90 ดอลลาร์", "ไม่ใช่ สองขวด ไม่ใช่สามขวด"],
        "cash_then_meat": ["ฉันมีเงินสด 8,000 ดอลลาร์", "และ 3,000 ยูโร", "มีเนื้อแห้งนิดหน่อยด้วย"],
        "age": ["ฉันมีบุหรี่หนึ่งคอตตอน", "ฉันอายุ 17 ปี"],
        "info_only": ["ต้องสำแดงที่ไหน", "นำยาเข้ามาได้ไหม"],
    },
}
# Six scripts per language rotate so that every script appears in several languages; en/ko/zh/de get the
# extra age and information-only scripts, en/ko/ja the date cases.
EXTRA = {"en": ["age", "info_only"], "ko": ["age", "info_only"], "zh": ["age"], "de": ["info_only"]}
BASE = ["whisky_followup", "allowance_total", "info_then_item", "wine_cigs_remove", "correction", "cash_then_meat"]

# bottle-count history: three 500 mL bottles, USD 60 in total
DATED = {
    "en": "Three bottles of wine, 500 ml each, 60 dollars in total.",
    "ko": "와인 세 병, 병당 500ml, 합쳐서 60달러예요.",
    "ja": "ワイン3本、1本500ml、合計60ドルです。",
}


def split_of(case_id: str) -> str:
    return "heldout" if zlib.crc32(case_id.encode()) % 4 == 0 else "tuned"


def build() -> list[dict]:
    out: list[dict] = []
    for lang, texts in TEXTS.items():
        for script in BASE + EXTRA.get(lang, []):
            turns = [{"text": t, "expect": {"verdict": v, "basket": n, "question": q}}
                     for t, (v, n, q) in zip(texts[script], SCRIPTS[script], strict=True)]
            cid = f"conv-{lang}-{script}"
            out.append({"id": cid, "lang": lang, "arrival": "2026-11-25", "turns": turns, "split": split_of(cid)})
        if lang in DATED:
            for arrival, verdict in (("2024-06-01", "declare"), ("2025-06-01", "allowed")):
                cid = f"conv-{lang}-dated-{arrival}"
                out.append({"id": cid, "lang": lang, "arrival": arrival, "split": split_of(cid),
                            "turns": [{"text": DATED[lang], "expect": {"verdict": verdict, "basket": 1,
                                                                        "question": False}}]})
    return out


if __name__ == "__main__":
    rows = build()
    path = Path(__file__).with_name("conversations.jsonl")
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(len(rows), "conversations,", sum(len(r["turns"]) for r in rows), "turns,",
          sum(r["split"] == "heldout" for r in rows), "heldout")
