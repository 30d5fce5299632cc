"""Free-form packs besides NLLB: M2M100 and Marian/OPUS-MT loaders on tiny real CTranslate2 models
(tests/data/tiny_packs, built offline by build.py), installed through the model registry like production packs."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from signed_mirror import issuer_keys, sign_mirror

from kiosk.registry import Registry
from kiosk.registry.install import install_from
from kiosk.registry.manifest import Manifest
from kiosk.translate import TranslationError, TranslationService
from kiosk.translate.packs import M2M100Translator, MarianTranslator, load_pack, pack_format

PACKS = Path(__file__).resolve().parent / "data" / "tiny_packs"
MARIAN = PACKS / "marian_ko_en"
M2M = PACKS / "m2m100"


def _registry(tmp: Path, packs: list[tuple[str, Path, list[str]]]) -> Registry:
    """A registry with the packs installed from a mirror folder, as `kiosk models install --from DIR` does."""
    mirror = tmp / "mirror"
    models = []
    for mid, folder, langs in packs:
        shutil.copytree(folder, mirror / mid)
        files = [{"path": f.name, "size": f.stat().st_size, "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}
                 for f in sorted(folder.iterdir())]
        models.append({"id": mid, "kind": "mt", "languages": langs, "files": files})
    (mirror / "manifest.json").write_text(json.dumps({"version": 1, "models": models}), encoding="utf-8")
    sign_mirror(mirror)
    reg = Registry(home=tmp / "home", manifest=Manifest(models=[]))
    installed = install_from(str(mirror), registry=reg, keys=issuer_keys())
    assert [r.model_id for r in installed] == [m["id"] for m in models]
    return reg


def test_marian_pack_is_detected_and_translates_only_its_direction():
    assert pack_format(MARIAN) == "marian"
    tr = load_pack(MARIAN, ["ko", "en"])
    assert isinstance(tr, MarianTranslator) and tr.engine == "marian" and tr.pair == ("ko", "en")
    assert tr.supports_pair("ko", "en") and not tr.supports_pair("en", "ko")
    out = tr.translate_batch(["신고할 물건이 없습니다.", "술은 몇 병 있습니까?"], "ko", "en")
    assert [t.text for t in out] == ["I have nothing to declare.", "How many bottles of alcohol do you have?"]
    assert {t.engine for t in out} == {"marian"}
    with pytest.raises(TranslationError, match="translates ko->en only"):
        tr.translate_batch(["Hello."], "en", "ko")


def test_marian_pack_needs_its_direction(tmp_path: Path):
    with pytest.raises(TranslationError, match="needs its direction"):
        load_pack(MARIAN, ["*"])
    broken = tmp_path / "marian"
    shutil.copytree(MARIAN, broken)
    (broken / "target.spm").unlink()
    assert pack_format(broken) == "nllb"  # without both .spm files it is not a Marian pack
    with pytest.raises(TranslationError, match="missing sentencepiece.bpe.model"):
        load_pack(broken, ["ko", "en"])


def test_service_uses_the_pack_that_has_the_direction(tmp_path: Path):
    reg = _registry(tmp_path, [("opus-mt-ko-en", MARIAN, ["ko", "en"])])
    svc = TranslationService(registry=reg, llm_model_id=None, use_phrasebook=False)
    assert svc.engines()["nllb"] == "ready (opus-mt-ko-en: marian)"
    assert svc.engine_for("ko", "en") == "marian" and svc.engine_for("en", "ko") == "identity"
    tr = svc.translate("여기서 기다려 주세요.", "ko", "en")
    assert (tr.engine, tr.text, tr.flagged) == ("marian", "Please wait here.", False)
    numbers = svc.translate("와인 두 병이 있습니다.", "ko", "en")
    assert numbers.text == "I have two bottles of wine." and not numbers.flagged  # 2 == 2


def test_m2m100_pack_uses_its_language_tokens(tmp_path: Path):
    assert pack_format(M2M) == "m2m100"
    tr = load_pack(M2M, ["*"])
    assert isinstance(tr, M2M100Translator) and tr.engine == "m2m100"
    assert tr.supports_pair("en", "ko") and tr.supports_pair("ko", "en") and not tr.supports("th")
    out = tr.translate_batch(["Do you have anything to declare?", "Thank you."], "en", "ko")
    assert [t.text for t in out] == ["신고할 물건이 있습니까?", "감사합니다."]
    assert tr.translate_batch(["여권을 보여 주세요."], "ko", "en")[0].text == "Please show your passport."
    with pytest.raises(TranslationError, match="the M2M100 model has no language token __th__"):
        tr.translate_batch(["Hello."], "en", "th")
    reg = _registry(tmp_path, [("m2m100-418m", M2M, ["*"])])
    svc = TranslationService(registry=reg, llm_model_id=None, use_phrasebook=False)
    assert svc.engine_for("en", "ko") == "m2m100"
    assert svc.translate("Thank you.", "en", "ko").engine == "m2m100"
