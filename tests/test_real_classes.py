"""Issue 20, failure classes of the real-phrasing set (helper j20): two tobacco kinds named by brand keep both kinds
in every language (with two kinds only one is exempt: shared/LAW-KR.md, 시행규칙 제48조③)."""

from __future__ import annotations

import pytest

from kiosk.assistant import Assistant


@pytest.fixture(scope="module")
def rules_only() -> Assistant:
    return Assistant("KR", use_llm=False)


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
