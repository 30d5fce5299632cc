"""The phrasebook data: every phrase in every language, slots equal, placeholders render, review states valid."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.phrasebook import (
    PHRASE_LANGUAGES,
    Money,
    PhrasebookError,
    Slots,
    coverage_markdown,
    get_phrasebook,
    lint,
    load_phrasebook,
    render,
)
from kiosk.phrasebook.render import plural_category
from kiosk.phrasebook.tsv import export_tsv, import_texts, parse_lines


def test_phrasebook_is_complete_and_lint_clean():
    book = get_phrasebook()
    assert len(book.by_side("officer")) >= 200
    assert len(book.by_side("traveler")) >= 80
    assert len(book.languages) >= 40
    assert set(book.languages) == set(PHRASE_LANGUAGES)
    assert lint(book) == []


def test_every_category_of_the_issue_is_there():
    book = get_phrasebook()
    assert set(book.categories) == {"documents", "baggage", "items", "values", "duty", "quarantine", "cash",
                                    "medicines", "directions", "help", "replies"}
    for cid in book.categories:
        assert len(book.by_category(cid)) >= 20, cid


def test_slots_render_per_language_with_babel_not_a_model():
    book = get_phrasebook()
    slots = Slots(money=Money(Decimal(800), "USD"))
    assert render(book, book.phrase("dut04"), "en", slots) == "The duty-free allowance is $800 per person."
    assert render(book, book.phrase("dut04"), "de", slots) == "Die Freigrenze beträgt 800\u00a0$ pro Person."  # CLDR: no-break space
    assert render(book, book.phrase("dut04"), "ko", slots) == "면세 한도는 1인당 US$800입니다."
    krw = Slots(money=Money(Decimal(1500000), "KRW"))
    assert render(book, book.phrase("dut06"), "fr", krw) == "Les droits s'élèvent à 1\u202f500\u202f000\u00a0₩."
    date = Slots(date=dt.date(2026, 12, 24))
    assert render(book, book.phrase("dut22"), "ja", date) == "この品物は2026年12月24日までに受け取ってください。"
    assert render(book, book.phrase("itm09"), "zh", Slots(item="perfume")) == "您带了香水吗？"
    assert render(book, book.phrase("nxt19"), "en", Slots(count=3)) == "Please go to counter 3."


def test_missing_slot_value_is_a_clear_error():
    book = get_phrasebook()
    with pytest.raises(PhrasebookError, match="no value for slot"):
        render(book, book.phrase("dut06"), "en", Slots())
    with pytest.raises(PhrasebookError, match="unknown item"):
        render(book, book.phrase("itm09"), "en", Slots(item="plutonium"))


def _copy_book(tmp_path: Path) -> Path:
    folder = tmp_path / "phrases"
    shutil.copytree(get_phrasebook().folder, folder)
    return folder


def test_lint_finds_a_missing_translation_a_slot_mismatch_and_a_bad_review(tmp_path: Path):
    folder = _copy_book(tmp_path)
    th = folder / "th.toml"
    text = th.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("doc02 ")]
    text = "\n".join(lines).replace("\"ภาษีคือ {money}\"", "\"ภาษีคือ {count}\"")
    text = text.replace('bag05 = { text = "กรุณาเปิดกระเป๋าของคุณ", review = "machine-written" }',
                        'bag05 = { text = "กรุณาเปิดกระเป๋าของคุณ", review = "ok" }')
    th.write_text(text, encoding="utf-8")
    problems = {(p.lang, p.key, p.message.split(" ")[0]) for p in lint(load_phrasebook(folder))}
    assert problems == {("th", "doc02", "missing"), ("th", "dut06", "slots"), ("th", "bag05", "bad")}


def test_tsv_round_trip_marks_reviewed_rows(tmp_path: Path):
    folder = _copy_book(tmp_path)
    book = load_phrasebook(folder)
    tsv = export_tsv(book, "vi")
    assert tsv.splitlines()[0] == "id\tko\ten\ttext\treview"
    row = next(r for r in tsv.splitlines() if r.startswith("doc02\t"))
    assert row.split("\t")[1:] == ["여권을 보여 주세요.", "Please show me your passport.",
                                   "Vui lòng cho tôi xem hộ chiếu của bạn.", "machine-written"]
    import_texts(book, "vi", parse_lines("doc02\tXin vui lòng cho xem hộ chiếu.\n"), reviewed_by="Nguyen Van A")
    again = load_phrasebook(folder)
    entry = again.phrase("doc02").texts["vi"]
    assert (entry.text, entry.review) == ("Xin vui lòng cho xem hộ chiếu.", "reviewed-by: Nguyen Van A")
    assert again.phrase("doc03").texts["vi"].review == "machine-written"
    assert lint(again, ("vi",)) == []


def test_coverage_table_lists_every_language():
    md = coverage_markdown(get_phrasebook())
    lines = md.splitlines()
    assert lines[0].startswith("| language | officer (212) | traveler (84) | items + places (33)")
    assert len(lines) == 2 + len(PHRASE_LANGUAGES)
    assert "| th Thai (ไทย) | 212 | 84 | 33 | 0 | 329 |" in lines


@pytest.mark.parametrize(("count", "category", "expected"), [
    (1, "one", "لدي 1 زجاجة."),
    (2, "two", "لدي 2 زجاجتان."),  # dual
    (3, "few", "لدي 3 زجاجات."),  # 3-10: plural noun
    (10, "few", "لدي 10 زجاجات."),
    (11, "many", "لدي 11 زجاجة."),  # 11-99: singular (accusative; unvocalized feminine looks the same)
    (100, "other", "لدي 100 زجاجة."),
])
def test_arabic_counts_take_the_cldr_plural_form(count: int, category: str, expected: str):
    book = get_phrasebook()
    assert plural_category(count, "ar") == category
    assert render(book, book.phrase("trv43"), "ar", Slots(count=count)) == expected


def test_arabic_masculine_counted_noun_per_cldr_category():
    book = get_phrasebook()
    days = {n: render(book, book.phrase("trv17"), "ar", Slots(count=n)) for n in (1, 2, 3, 10, 11, 100, 103)}
    assert days == {1: "سأبقى 1 يومًا.", 2: "سأبقى 2 يومين.", 3: "سأبقى 3 أيام.", 10: "سأبقى 10 أيام.",
                    11: "سأبقى 11 يومًا.", 100: "سأبقى 100 يوم.", 103: "سأبقى 103 أيام."}
    # a language without variants keeps its one template
    assert render(book, book.phrase("trv17"), "en", Slots(count=3)) == "I will stay for 3 days."


def test_lint_checks_plural_variants(tmp_path: Path):
    folder = _copy_book(tmp_path)
    ar = folder / "ar.toml"
    text = ar.read_text(encoding="utf-8")
    text = text.replace('few = "لدي {count} زجاجات."', 'few = "لدي زجاجات."')  # lost its {count}
    text = text.replace('doc02 = { text = "من فضلك أرني جواز سفرك.",',
                        'doc02 = { text = "من فضلك أرني جواز سفرك.", plural = { few = "x" },')
    ar.write_text(text, encoding="utf-8")
    problems = {(p.lang, p.key, p.message.split(" ")[0]) for p in lint(load_phrasebook(folder), ("ar",))}
    assert problems == {("ar", "trv43", "plural"), ("ar", "doc02", "plural")}
    ja = folder / "ja.toml"  # Japanese has only CLDR 'other'
    ja.write_text(ja.read_text(encoding="utf-8").replace(
        'trv43 = { text = "', 'trv43 = { plural = { one = "{count}本" }, text = "'), encoding="utf-8")
    assert [p.message for p in lint(load_phrasebook(folder), ("ja",))] == [
        "plural category 'one' is not one of ['other']"]
    ar.write_text(text.replace("plural = { few", "plural = { paucal"), encoding="utf-8")
    with pytest.raises(PhrasebookError, match="unknown plural categories"):
        load_phrasebook(folder)


def test_tsv_import_keeps_plural_variants(tmp_path: Path):
    folder = _copy_book(tmp_path)
    book = load_phrasebook(folder)
    import_texts(book, "ar", parse_lines("trv43\tعندي {count} زجاجة.\n"), reviewed_by="Amal")
    entry = load_phrasebook(folder).phrase("trv43").texts["ar"]
    assert entry.text == "عندي {count} زجاجة."
    assert entry.plural["few"] == "لدي {count} زجاجات."
