"""The officer's desk core (issue 23): signed declaration codes, scanner input, decisions, the hash-chained log
(including a writer killed mid-write), agreement figures, the evaluation set, the decision notice."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from kiosk.declaration import Declaration, DeclaredItem
from kiosk.desk import (
    DecisionError,
    DecisionLog,
    ItemAdvice,
    KioskAdvice,
    LogError,
    Review,
    check_log,
    deposit,
    figures,
    lookup,
    parse_scan,
    remedies,
    render_notice,
    replay,
    short_code,
    sign_payload,
    verify_payload,
    wilson,
)
from kiosk.desk.figures import disagreements, items_of
from kiosk.desk.scanner import ALPHABET
from kiosk.updates.signing import generate_keypair, load_private_key, load_public_keys

ROOT = Path(__file__).resolve().parent.parent
WHEN = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    d = tmp_path_factory.mktemp("deskkeys")
    generate_keypair(d / "kiosk.pem", d / "pub" / "kiosk.pub")
    return d / "kiosk.pem", load_public_keys(d / "pub")


def _advice(n: int = 2, verdicts: tuple[str, ...] = ("allowed", "declare")) -> KioskAdvice:
    items = tuple(ItemAdvice(category="alcohol" if i % 2 == 0 else "general", description=f"wine {i}" if i % 2 == 0
                             else "Lederhandtasche von Oma", verdict=verdicts[i % len(verdicts)],
                             rule_id="kr.alcohol" if i % 2 == 0 else "kr.basic_allowance",
                             article="관세법 시행규칙 제48조③", quantity=1, unit="bottle", value=None if i % 2 == 0 else 900,
                             currency="" if i % 2 == 0 else "USD", assumptions=("bottle_ml:750",) if i % 2 == 0 else (),
                             low_confidence=() if i % 2 == 0 else ("amount_from_speech",))
                  for i in range(n))
    return KioskAdvice("kiosk-07", "KR/2/2025-03-21", "de", "declare", items)


def _decl() -> Declaration:
    return Declaration(language="de", items=[DeclaredItem(kind="over_allowance", category="general",
                                                          description="Lederhandtasche", value=900, currency="USD")])


# ---- the signed code ------------------------------------------------------------------------------------------
def test_signed_code_verifies_and_every_alteration_is_shown(keys: tuple[Path, dict], tmp_path: Path) -> None:
    key, trusted = keys
    text = sign_payload(_decl(), _advice(), key)
    assert text.isascii() and " " not in text, "a keyboard-mode scanner types ASCII only"
    ok = verify_payload(text, trusted)
    assert ok.status == "verified" and ok.trusted and ok.advice == _advice() and ok.declaration == _decl()
    # an altered body that still decodes (value 900 -> 300), with the original signature
    prefix, body, kid, sig = text.split(".")
    data = json.loads(zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
    data["a"]["i"][1]["val"] = 300
    body2 = base64.urlsafe_b64encode(zlib.compress(json.dumps(data).encode())).decode().rstrip("=")
    altered = verify_payload(f"{prefix}.{body2}.{kid}.{sig}", trusted)
    assert altered.status == "altered" and not altered.trusted and altered.advice is not None
    assert altered.advice.items[1].value == 300, "the altered content is shown, marked as altered"
    # any single character changed: never verified
    rng = random.Random(7)
    for _ in range(40):
        i = rng.randrange(len(prefix) + 1, len(text))
        ch = "A" if text[i] != "A" else "B"
        assert verify_payload(text[:i] + ch + text[i + 1:], trusted).status != "verified"
    # a kiosk key the desk does not trust, and an unsigned kiosk
    generate_keypair(tmp_path / "other.pem", tmp_path / "other.pub")
    assert verify_payload(sign_payload(_decl(), _advice(), tmp_path / "other.pem"), trusted).status == "foreign"
    assert verify_payload(sign_payload(_decl(), _advice(), None), trusted).status == "unsigned"
    assert verify_payload(_decl().to_compact_json(), trusted).status == "unsigned"  # an older kiosk's plain QR
    assert verify_payload("hello", trusted).status == "unreadable"


def test_signed_code_fits_the_qr_with_many_items(keys: tuple[Path, dict]) -> None:
    text = sign_payload(_decl(), _advice(12), load_private_key(keys[0]))
    assert len(text) <= 2300
    assert verify_payload(text, keys[1]).status == "verified"


# ---- scanner input --------------------------------------------------------------------------------------------
def test_scanner_input_as_scanners_type_it(keys: tuple[Path, dict]) -> None:
    text = sign_payload(_decl(), _advice(), keys[0])
    for typed in (text + "\n", text + "\r\n", text + "\t", "]Q1" + text + "\r", "  " + text[:50] + "\n" + text[50:]):
        scan = parse_scan(typed)
        assert scan.kind == "payload" and scan.text == text
    assert parse_scan("").kind == "invalid" and parse_scan("\r\n").kind == "invalid"
    assert parse_scan("x" * 5000).kind == "invalid"


def test_short_code_catches_typing_errors_and_finds_the_payload(keys: tuple[Path, dict], tmp_path: Path) -> None:
    text = sign_payload(_decl(), _advice(), keys[0])
    code = short_code(text)
    assert len(code) == 12 and code.count("-") == 2
    plain = code.replace("-", "")
    assert parse_scan(code).kind == "code" and parse_scan(code.lower() + "\n").text == plain
    for i in range(len(plain)):  # every single substitution and every adjacent swap is refused
        for ch in ALPHABET[:31]:
            if ch != plain[i]:
                assert parse_scan(plain[:i] + ch + plain[i + 1:]).kind == "invalid"
        if i + 1 < len(plain) and plain[i] != plain[i + 1]:
            swapped = plain[:i] + plain[i + 1] + plain[i] + plain[i + 2:]
            assert parse_scan(swapped).kind == "invalid"
    deposit(tmp_path, text)
    assert lookup(tmp_path, plain) == text
    assert lookup(tmp_path, parse_scan(short_code(text + "x")).text) is None


# ---- the advice from a real conversation --------------------------------------------------------------------
def test_advice_names_rule_article_assumption_and_uncertain_facts() -> None:
    from kiosk.assistant import Conversation
    from kiosk.desk import advise

    conv = Conversation()
    answer = conv.ask("I have one bottle of wine for 50 dollars and a bag for 300 dollars", "en")
    advice = advise(conv.basket, engine=conv.assistant.engine, party=conv.party, answer=answer, language="en",
                    low_confidence={"i2": ["speech_unsure"]}, kiosk="k1")
    wine, bag = advice.items
    assert (wine.category, wine.verdict, wine.rule_id) == ("alcohol", "allowed", "kr.alcohol")
    assert "제48조" in wine.article and wine.assumptions == ("bottle_ml:750",)
    assert (bag.verdict, bag.value, bag.low_confidence) == ("allowed", 300, ("speech_unsure",))
    assert advice.table_version.startswith("KR/") and advice.kiosk_id == "k1"


# ---- decisions --------------------------------------------------------------------------------------------------
def test_decision_needs_a_reason_and_records_no_text(keys: tuple[Path, dict]) -> None:
    payload = verify_payload(sign_payload(_decl(), _advice(), keys[0]), keys[1])
    r = Review(payload)
    r.set_verdict(0, "declare", "quantity_differs")
    rec = r.decision(WHEN).record()
    blob = json.dumps(rec, ensure_ascii=False)
    assert "wine" not in blob and "Lederhandtasche" not in blob and "Oma" not in blob
    assert [i["reason"] for i in rec["items"]] == ["quantity_differs", "confirmed"]
    assert rec["items"][0]["kiosk_verdict"] == "allowed" and rec["items"][0]["officer_verdict"] == "declare"
    assert rec["status"] == "verified" and rec["kiosk"] == "kiosk-07" and rec["lang"] == "de"
    r2 = Review(payload)
    r2.verdicts[0] = "declare"  # changed without a reason
    with pytest.raises(DecisionError):
        r2.decision(WHEN)
    r3 = Review(payload)
    r3.set_verdict(0, "allowed")
    from kiosk.desk import ItemDecision
    from kiosk.desk.decision import Decision

    with pytest.raises(DecisionError):
        Decision(payload, (ItemDecision(0, "allowed"), ItemDecision(1, "declare", rule_id="the officer thinks")),
                 "cleared", WHEN).record()


# ---- the log ------------------------------------------------------------------------------------------------------
def _rec(n: int) -> dict:
    return {"v": "desk-decision/1", "n": n, "lang": "en", "items": [{"category": "general", "kiosk_verdict": "allowed",
                                                                    "officer_verdict": "allowed", "reason": "confirmed"}]}


def test_log_chain_detects_edits_deletions_and_truncation(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    log = DecisionLog(path)
    assert [log.append(_rec(n)) for n in range(5)] == [1, 2, 3, 4, 5]
    assert check_log(path).ok and len(check_log(path).records) == 5
    good = path.read_bytes()
    lines = good.splitlines(keepends=True)
    path.write_bytes(good.replace(b'"n":2', b'"n":9'))  # an edited record
    assert check_log(path).tampered and not check_log(path).ok
    with pytest.raises(LogError):
        log.append(_rec(99))  # a damaged chain is never extended
    path.write_bytes(b"".join(lines[:2] + lines[3:]))  # a deleted line
    assert check_log(path).tampered
    path.write_bytes(b"".join(lines[:3]))  # whole lines cut off the end: the chain is valid, the head is not
    chk = check_log(path)
    assert chk.truncated and not chk.ok and len(chk.records) == 3
    with pytest.raises(LogError):
        log.append(_rec(99))
    path.write_bytes(good + b'{"seq":6,"prev":"')  # a torn last line (power cut): reported, not tampering
    chk = check_log(path)
    assert chk.ok and chk.torn_tail and not chk.tampered and len(chk.records) == 5
    assert log.append(_rec(6)) == 6  # the torn bytes are moved aside, the chain goes on
    assert check_log(path).ok and not check_log(path).torn_tail
    assert len(list(tmp_path.glob("decisions.jsonl.torn-*"))) == 1


_WRITER = """
import sys
from pathlib import Path
from kiosk.desk.journal import DecisionLog
log = DecisionLog(Path(sys.argv[1]))
pad = "x" * int(sys.argv[2])
n = 0
while True:
    n += 1
    seq = log.append({"n": n, "pad": pad})
    print(seq, flush=True)
"""


@pytest.mark.slow
def test_log_survives_a_writer_killed_mid_write(tmp_path: Path) -> None:
    """SIGKILL a writer at random moments, again and again: the log always verifies (at most a torn last line),
    and every record whose append had returned is there."""
    path = tmp_path / "decisions.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(23)
    acknowledged = 0
    for _round in range(6):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(rng.choice([10, 3000, 60000]))],
                                stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the writer is up and appending (imports take a while on a busy machine)
        time.sleep(rng.random() * 0.3)
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        seqs = [int(s) for s in (first + out).split()]
        chk = check_log(path)
        assert chk.ok, chk.problems
        assert not seqs or len(chk.records) >= seqs[-1], "a record reported as written is missing"
        acknowledged = max([acknowledged, *seqs])
    assert acknowledged > 0
    assert DecisionLog(path).append({"n": 0}) == len(check_log(path).records)
    assert check_log(path).ok and not check_log(path).torn_tail


# ---- figures --------------------------------------------------------------------------------------------------------
def test_wilson_interval_matches_reference_values() -> None:
    lo, hi = wilson(5, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.2366, 0.7634)
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and round(hi, 4) == 0.2775
    assert wilson(0, 0) == (0.0, 1.0)


def test_figures_mark_small_groups_and_count_dangerous_changes() -> None:
    def it(lang: str, kiosk: str, officer: str, reason: str = "other") -> dict:
        return {"lang": lang, "items": [{"category": "general", "kiosk_verdict": kiosk, "officer_verdict": officer,
                                         "reason": "confirmed" if kiosk == officer else reason, "value": 1}]}

    recs = [it("en", "allowed", "allowed")] * 28 + [it("en", "allowed", "declare")] * 2 + \
           [it("th", "declare", "allowed")] * 3
    items = items_of(recs)
    en, th = figures(items, "lang")
    assert (en.group, en.n, en.ranked, en.agreement.k) == ("en", 30, True, 28)
    assert (en.allowed_changed.k, en.allowed_changed.n) == (2, 30)
    assert (th.group, th.ranked, th.over_declared.k, th.allowed_changed.n) == ("th", False, 3, 0)
    assert len(disagreements(items)) == 5


def test_disagreements_replay_against_the_rule_table() -> None:
    from kiosk.rules import get_engine

    case = {"category": "general", "kind": "", "quantity": 1, "unit": "", "value": 300, "currency": "USD",
            "officer_value": 900, "kiosk_verdict": "allowed", "officer_verdict": "declare",
            "reason": "value_differs", "expected_verdict": "declare"}
    wrong = {**case, "officer_value": None, "reason": "rule_misapplied"}  # the table still says allowed at 300
    res = replay([case, wrong], get_engine("KR"))
    assert (res.n, res.passed) == (2, 1) and res.failures[0]["got"] == "allowed"


# ---- remedies and the notice ---------------------------------------------------------------------------------------
def test_remedies_are_data_with_sources() -> None:
    data = remedies()
    assert data.deadline_days == 90 and data.deadline(dt.date(2026, 12, 6)) == dt.date(2027, 3, 6)
    ids = {r.id: r for r in data.remedies}
    assert set(ids) == {"objection", "review", "appeal"} and ids["objection"].optional
    assert "제68조" in ids["appeal"].article and ids["appeal"].verified
    assert all(r.sources and all(url.startswith("http") for _n, url in r.sources) for r in data.remedies)


@pytest.mark.parametrize("lang", ["zh", "th"])  # CJK and Thai beside Korean (en: tests/test_desk_ui.py)
def test_notice_renders_in_the_travelers_language_beside_korean(keys: tuple[Path, dict], lang: str) -> None:
    payload = verify_payload(sign_payload(_decl(), _advice(), keys[0]), keys[1])
    r = Review(payload)
    r.set_verdict(0, "declare", "quantity_differs")
    pdf = render_notice(r.decision(WHEN), lang, received=dt.date(2026, 12, 6))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


NOTICE_KEYS = ("n_title", "n_intro", "n_item", "n_kiosk", "n_officer", "n_reason", "n_rule", "n_outcome", "n_duty",
               "n_date", "n_ref", "n_kiosk_note", "n_contest_title", "n_contest_intro", "n_where",
               "remedy_objection", "remedy_review", "remedy_appeal",
               "place_customs_office", "place_kcs_commissioner", "place_tax_tribunal")


def test_every_ui_language_has_the_notice_in_its_own_words() -> None:
    import string

    from kiosk.desk.decision import OUTCOMES, REASONS
    from kiosk.desk.texts import _catalog
    from kiosk.languages import UI_LANGUAGES
    from kiosk.rules.model import VERDICTS

    keys = [*NOTICE_KEYS, *(f"v_{v}" for v in VERDICTS), *(f"reason_{r}" for r in REASONS),
            *(f"outcome_{o}" for o in OUTCOMES)]
    en = _catalog("en")
    for lang in UI_LANGUAGES:
        cat = _catalog(lang)
        missing = [k for k in keys if not cat.get(k)]
        assert not missing, f"{lang}: notice strings missing {missing}"
        for k in keys:
            fields = {f for _t, f, _s, _c in string.Formatter().parse(cat[k]) if f}
            assert fields == {f for _t, f, _s, _c in string.Formatter().parse(en[k]) if f}, (lang, k)
            if lang != "en" and k not in ("place_tax_tribunal",):
                assert cat[k] != en[k] or len(cat[k]) < 4, f"{lang}: {k} is still English"


def test_items_heard_without_confidence_are_marked_for_the_officer(keys: tuple[Path, dict],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.declaration import prefill
    from kiosk.desk.kiosk_side import declaration_code
    from kiosk.session import Session

    monkeypatch.setenv("KIOSK_KIOSK_KEY", str(keys[0]))
    session = Session(language="en")
    conv = session.converse()
    for text, confident in (("I have one bottle of wine for 50 dollars", True),  # heard clearly
                            ("and a bag for 300 dollars", False)):  # heard without confidence
        session.add_exchange(text, "en", conv.ask(text, "en", from_speech=True), heard_confident=confident)
    decl = prefill(session.answers[-1:], language="en").confirm()
    advice = verify_payload(declaration_code(session, decl), keys[1]).advice
    assert advice is not None
    assert [(i.category, i.low_confidence) for i in advice.items] == [("alcohol", ()), ("general", ("speech_unsure",))]


# ---- the desk's texts in every UI language ----------------------------------------------------------------------
def test_every_desk_text_exists_in_every_ui_language_with_its_placeholders() -> None:
    """The desk review screen and the notice speak the UI language: no key falls back to English (the screen showed
    English chrome under a Russian top bar), each text keeps the English text's placeholders and renders with none
    left over, and none is the English text copied (except words that are the same in that language)."""
    import string

    from kiosk.desk.texts import _catalog, dtr
    from kiosk.languages import UI_LANGUAGES

    same_word = {("de", "kiosk_said")}  # "Kiosk" is German too
    en = _catalog("en")
    assert len(en) >= 76

    def fields(text: str) -> set[str]:
        return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None}

    problems = []
    for lang in UI_LANGUAGES:
        cat = _catalog(lang)
        problems += [f"{lang}: {k} missing" for k in en if not cat.get(k, "").strip()]
        problems += [f"{lang}: {k} not a desk text" for k in cat if k not in en]
        for key, text in cat.items():
            if key not in en:
                continue
            if fields(text) != fields(en[key]):
                problems.append(f"{lang}: {key} placeholders {sorted(fields(text))} != {sorted(fields(en[key]))}")
                continue
            shown = dtr(lang, key, **{f: "7" for f in fields(text)})
            if "{" in shown or "}" in shown:
                problems.append(f"{lang}: {key} left a placeholder: {shown}")
            if lang != "en" and text == en[key] and (lang, key) not in same_word:
                problems.append(f"{lang}: {key} is the English text")
    assert not problems, "\n".join(problems)
