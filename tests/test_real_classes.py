"""Issue 20, failure classes of the real-phrasing set (helper j20): two tobacco kinds named by brand keep both kinds
in every language (with two kinds only one is exempt: shared/LAW-KR.md, 시행규칙 제48조③)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.assistant import Assistant, Conversation


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "IQOS packs and a carton of Marlboro"),
    ("ko", "아이코스 두 갑이랑 말보로 한 보루 있어요"),
    ("ja", "アイコスのテリア2箱とマルボロ1カートン"),
    ("zh", "两包iqos和一条万宝路"),
    ("vi", "hai gói heets và một cây marlboro"),
    ("th", "ไอคอสสองซองกับมาร์ลโบโรหนึ่งคอตตอน"),
    ("ru", "две пачки айкос и блок мальборо"),
    ("de", "zwei Packungen IQOS und eine Stange Marlboro"),
    ("fr", "deux paquets d'IQOS et une cartouche de Marlboro"),
    ("es", "dos paquetes de IQOS y un cartón de Marlboro"),
])
def test_two_tobacco_kinds_by_brand_keep_both_kinds(rules_only: Assistant, lang: str, text: str) -> None:
    ans = rules_only.ask(text, lang)
    cats = {i.category for i in ans.items}
    assert {"heated_tobacco", "cigarettes"} <= cats
    assert ans.verdict == "declare"  # one kind exempt, the other over its (zero) allowance


@pytest.mark.parametrize(("lang", "text", "word"), [
    ("en", "Can I bring vegemite?", "vegemite"), ("de", "Darf ich Vegemite mitbringen?", "vegemite"),
    ("fr", "Je peux apporter du vegemite ?", "vegemite"), ("es", "¿Puedo traer vegemite?", "vegemite"),
    ("ru", "Можно ли ввезти веджимайт?", "веджимайт"), ("ko", "베지마이트 가져가도 되나요?", "베지마이트"),
    ("ja", "ベジマイトを持ち込めますか？", "ベジマイト"), ("zh", "可以带维吉麦吗？", "维吉麦"),
    ("vi", "tôi có thể mang vegemite không", "vegemite"), ("th", "เอาเวจีไมท์เข้าได้ไหม", "ไมท์"),
])
def test_can_i_bring_an_unknown_word_asks_what_it_is(rules_only: Assistant, lang: str, text: str, word: str) -> None:
    ans = rules_only.ask(text, lang)
    assert ans.verdict == "unclear" and ans.question is not None
    assert any(i.category == "unknown" and word in i.description for i in ans.items)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "How much can I bring without paying tax?"), ("en", "what can I bring into the country duty free?"),
    ("de", "Wie viel darf ich zollfrei einführen?"), ("de", "Gilt die Zwei-Flaschen-Regel noch?"),
    ("fr", "combien puis-je apporter sans payer de taxes"), ("es", "¿Cuánto puedo traer sin pagar impuestos?"),
    ("ru", "сколько можно ввезти без пошлины?"), ("ko", "세금 안 내고 얼마까지 가져올 수 있어요?"),
    ("ja", "免税でいくらまで持ち込めますか？"), ("zh", "免税额度是多少？"),
    ("vi", "tôi có thể mang bao nhiêu mà không phải đóng thuế"), ("th", "นำเข้าได้เท่าไหร่โดยไม่เสียภาษี"),
    ("ko", "what is the limit?"), ("th", "how much can I bring?"),  # English typed on a Korean / Thai screen
])
def test_an_information_question_is_answered_not_asked(rules_only: Assistant, lang: str, text: str) -> None:
    assert rules_only.ask(text, lang).verdict == "info"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I am travelling from Paris today with 300 dollars of clothes"),
    ("en", "Flew in from Canada yesterday, I bought a jacket for 200 dollars"),
    ("fr", "je rentre de Montréal aujourd'hui avec des vêtements pour 200 dollars"),
    ("de", "Ich komme heute aus Wien und habe Kleidung für 200 Dollar gekauft"),
    ("es", "vengo de Madrid hoy y compré ropa por 200 dólares"),
    ("ru", "я прилетел из Франции сегодня, купил одежду за 200 долларов"),
    ("zh", "我在土耳其买了一条围巾，200美元"),
])
def test_travel_talk_does_not_make_harmless_goods_unclear(rules_only: Assistant, lang: str, text: str) -> None:
    assert rules_only.ask(text, lang).verdict == "allowed"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "50 grams of zapperine from Paris"), ("en", "I flew in from Canada with 2 bags of snorf"),
    ("fr", "je viens de Paris avec 300 dollars et du blorp"),
])
def test_travel_talk_never_hides_an_unknown_word_beside_an_amount(rules_only: Assistant, lang: str,
                                                                   text: str) -> None:
    assert rules_only.ask(text, lang).verdict == "unclear"


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("ko", "와인 세 병이요, 한 병에 1리터, 다 해서 90달러요.", "아 죄송해요 세 병 말고 두 병이에요"),
    ("zh", "三瓶红酒，每瓶一升，一共90美元。", "不好意思 是两瓶 不是三瓶"),
    ("vi", "Ba chai rượu vang, mỗi chai một lít, tổng cộng 90 đô.", "xin lỗi là hai chai không phải ba"),
    ("es", "Tres botellas de vino, de un litro cada una, 90 dólares en total.", "no, espera, no son tres sino dos botellas"),
    ("fr", "Trois bouteilles de vin, un litre chacune, 90 dollars au total.", "non attendez, ce sont deux bouteilles et pas trois"),
    ("th", "ไวน์สามขวด ขวดละหนึ่งลิตร รวม 90 ดอลลาร์", "ไม่ใช่สามขวด เป็นสองขวดค่ะ"),
    ("de", "Drei Flaschen Wein, je ein Liter, insgesamt 90 Dollar.", "nein, nicht drei sondern zwei Flaschen"),
    ("ru", "Три бутылки вина, каждая по литру, всего 90 долларов.", "нет, не три, а две бутылки"),
])
def test_a_correction_keeps_the_count_meant(lang: str, first: str, second: str) -> None:
    """Three 1 L bottles (3 L) must be declared; corrected to two (2 L, USD 90) they are within the allowance
    (shared/LAW-KR.md: 2 bottles, 2 L, USD 400). An apology word is no unknown goods."""
    conv = Conversation(Assistant("KR", use_llm=False), arrival=dt.date(2026, 11, 25))
    assert conv.ask(first, lang).verdict == "declare"
    ans = conv.ask(second, lang)
    assert ans.verdict == "allowed" and [i.quantity for i in ans.items] == [2]


@pytest.mark.parametrize(("lang", "text", "verdict"), [
    ("en", "Gifts for my family, sweaters and toys, about 300 dollars in total.", "allowed"),
    ("en", "sweaters and toys, 900 dollars in total", "declare"),
    ("ko", "과자랑 화장품 5만원어치 샀어요", "allowed"),
    ("en", "a bag for 300 dollars and a watch", "unclear"),  # the watch's price is not said: asked
])
def test_one_total_after_a_list_of_goods_is_their_value(rules_only: Assistant, lang: str, text: str,
                                                         verdict: str) -> None:
    assert rules_only.ask(text, lang).verdict == verdict


@pytest.mark.parametrize(("lang", "text", "volume_ml"), [
    ("ru", "Литр коньяка за 50 долларов", 1000), ("ru", "три бутылки водки по литру", 3000),
    ("ru", "бутылка водки пол-литра", 500), ("vi", "ba chai rượu whisky mỗi chai một lít", 3000),
])
def test_a_volume_said_without_a_number_and_per_bottle(rules_only: Assistant, lang: str, text: str,
                                                        volume_ml: float) -> None:
    (item,) = rules_only.ask(text, lang).items
    assert item.category == "alcohol" and item.volume_ml == volume_ml


def test_several_litres_stay_unread(rules_only: Assistant) -> None:
    """"несколько литров" (several litres) is no number: never read as one litre ("allowed")."""
    assert rules_only.ask("несколько литров водки", "ru").verdict != "allowed"


@pytest.mark.parametrize(("lang", "text", "category"), [
    ("de", "Blumensamen für den Garten", "seed"), ("de", "Ich habe ein Taschenmesser", "knife"),
    ("de", "Hüttenkäse", "dairy"), ("zh", "我带了一盆花", "plant"), ("th", "ผลิตภัณฑ์บำรุงผิว 50 ดอลลาร์", "general"),
])
def test_compound_and_regional_goods_words(rules_only: Assistant, lang: str, text: str, category: str) -> None:
    assert category in {i.category for i in rules_only.ask(text, lang).items}


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("zh", "我有两条香烟。", "其中一条是我老公的，他就在我旁边。"),
    ("th", "มีบุหรี่ 2 แถว", "แถวหนึ่งเป็นของสามี เขายืนอยู่ข้างๆ ฉัน"),
])
def test_one_carton_is_the_husbands_who_stands_next_to_me(lang: str, first: str, second: str) -> None:
    """Two cartons are over one person's 200 cigarettes; one of them the husband's, arriving too: each within."""
    conv = Conversation(Assistant("KR", use_llm=False), arrival=dt.date(2026, 11, 25))
    assert conv.ask(first, lang).verdict == "declare"
    assert conv.ask(second, lang).verdict == "allowed"


@pytest.mark.parametrize(("lang", "text", "word"), [
    ("en", "Is marmite allowed?", "marmite"), ("en", "are tim tams ok to bring", "tim tams"),
    ("de", "Ist Vegemite erlaubt?", "vegemite"), ("fr", "Le vegemite est autorisé ?", "vegemite"),
    ("ru", "можно веджимайт?", "веджимайт"), ("ko", "김부각 괜찮아요?", "김부각"), ("ja", "ベジマイトは大丈夫ですか", "ベジマイト"),
])
def test_is_an_unknown_thing_allowed_names_it_in_the_question(rules_only: Assistant, lang: str, text: str,
                                                               word: str) -> None:
    ans = rules_only.ask(text, lang)
    assert ans.verdict == "unclear" and [i.description for i in ans.items] == [word]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "hello"), ("fr", "bonjour"), ("de", "danke schön"), ("es", "hola buenos días"), ("ru", "здравствуйте"),
    ("vi", "xin chào"), ("zh", "你好"), ("ja", "ありがとうございます"), ("ko", "안녕하세요"), ("th", "สวัสดีครับ"),
])
def test_a_greeting_is_no_unknown_item(rules_only: Assistant, lang: str, text: str) -> None:
    ans = rules_only.ask(text, lang)
    assert ans.verdict == "unclear" and not ans.items  # "please tell me what you are bringing"


@pytest.mark.parametrize(("lang", "text", "verdict"), [
    ("en", "My wife and I each have a carton of cigarettes. We came together.", "allowed"),
    ("ko", "와이프랑 저랑 각자 담배 한 보루씩 있어요. 같이 왔어요.", "allowed"),
    ("ko", "와이프랑 저랑 각자 담배 세 보루씩 있어요. 같이 왔어요.", "declare"),
    ("en", "My wife and I each have three bottles of whisky, she is on the same flight", "declare"),
])
def test_each_of_the_persons_named_has_the_goods(rules_only: Assistant, lang: str, text: str, verdict: str) -> None:
    ans = rules_only.ask(text, lang)
    assert ans.verdict == verdict and len(ans.items) == 2 and len({i.owner for i in ans.items}) == 2


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "one carton of marlboro and some winston"), ("en", "I have 500 dollars and some euros"),
    ("en", "$300 and a few yen"), ("ru", "у меня 500 долларов и немного евро"), ("zh", "我有500美元和一些欧元"),
    ("ko", "500달러하고 유로 조금 있어요"), ("en", "two bottles of wine and some beer"),
])
def test_a_second_kind_without_its_amount_is_asked_never_left_out(rules_only: Assistant, lang: str,
                                                                  text: str) -> None:
    """The amount of the second one is not known: "allowed" would rest on the first one alone."""
    ans = rules_only.ask(text, lang)
    assert ans.verdict == "unclear" and len(ans.items) == 2
