"""TranslationService engine choice, the NLLB model-pack path (install from a loopback HTTP mirror), the CLI."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from signed_mirror import issuer_keys, sign_mirror

from kiosk.cli import main
from kiosk.registry import Registry
from kiosk.registry.install import install_from
from kiosk.registry.manifest import Manifest
from kiosk.translate import TranslationError, TranslationService

TINY = Path(__file__).resolve().parent / "data" / "tiny_nllb"
PACK_ID = "nllb-200-distilled-600m"
PACK_FILES = ("model.bin", "config.json", "shared_vocabulary.json", "sentencepiece.bpe.model")


def _build_mirror(root: Path) -> Path:
    """A mirror as an operator would publish the real NLLB pack, here holding the tiny model's files."""
    files = []
    (root / PACK_ID).mkdir(parents=True)
    for name in PACK_FILES:
        data = (TINY / name).read_bytes()
        (root / PACK_ID / name).write_bytes(data)
        files.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"version": 1, "models": [{
        "id": PACK_ID, "kind": "mt", "languages": ["*"], "license": "CC-BY-NC-4.0",
        "description": "NLLB-200 distilled 600M, CTranslate2 int8 (test mirror: tiny model files)",
        "files": files}]}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return sign_mirror(root)


@pytest.fixture(scope="module")
def mirror_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = _build_mirror(tmp_path_factory.mktemp("mirror"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def pack_registry(mirror_url: str, tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reg = Registry(home=tmp_path_factory.mktemp("home"), manifest=Manifest(models=[]))
    [res] = install_from(mirror_url, registry=reg, keys=issuer_keys())
    assert res.model_id == PACK_ID and res.files == 4
    return reg


@pytest.fixture(scope="module")
def service(pack_registry: Registry) -> TranslationService:
    return TranslationService(registry=pack_registry, llm_model_id=None)


def test_installed_pack_is_used_as_nllb(service: TranslationService, pack_registry: Registry) -> None:
    assert pack_registry.status(PACK_ID).state == "ok"
    assert service.engines()["nllb"] == f"ready ({PACK_ID})"
    assert service.engine_for("en", "ko") == "nllb"
    tr = service.translate("Do you have anything to declare?", "en", "ko")
    assert (tr.engine, tr.text, tr.flagged) == ("nllb", "신고할 물건이 있습니까?", False)
    back = service.translate_batch(["가방에 과일이 있어요.", "감사합니다."], "ko", "en")
    assert [t.text for t in back] == ["I have fruit in my bag.", "Thank you."]


def test_same_language_is_identity_not_flagged(service: TranslationService) -> None:
    tr = service.translate("여권을 보여 주세요.", "ko", "ko-KR")
    assert (tr.engine, tr.text, tr.flagged, tr.confidence) == ("identity", "여권을 보여 주세요.", False, 1.0)


def test_bad_input(service: TranslationService) -> None:
    empty = service.translate("  ", "en", "ko")
    assert empty.flagged and empty.text == "" and empty.note == "empty input"
    with pytest.raises(TranslationError, match="unsupported language 'xx'"):
        service.translate("Hello.", "xx", "ko")
    with pytest.raises(TranslationError, match="too long"):
        service.translate("a" * 10_000, "en", "ko")


def test_nothing_to_translate_with_is_flagged_identity(tmp_path: Path) -> None:
    svc = TranslationService(registry=Registry(home=tmp_path, manifest=Manifest(models=[])),
                             llm_model_id="no-such-llm")
    engines = svc.engines()
    assert engines["nllb"].startswith("unavailable: no NLLB pack installed; fix: kiosk models install")
    assert engines["llm"].startswith("unavailable: not in the model manifest")
    tr = svc.translate("Hello.", "en", "ko")
    assert (tr.engine, tr.text, tr.flagged, tr.confidence) == ("identity", "Hello.", True, 0.0)
    assert tr.note == "no translation engine available"


def test_corrupt_pack_is_reported_and_skipped(pack_registry: Registry, tmp_path: Path) -> None:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(pack_registry.home, home, symlinks=True)
    with (home / PACK_ID / "model.bin").open("r+b") as fh:
        fh.truncate(100)
    svc = TranslationService(registry=Registry(home=home, manifest=Manifest(models=[])), llm_model_id=None)
    assert "truncated or corrupt" in svc.engines()["nllb"]
    assert f"kiosk models install --from <mirror> {PACK_ID}" in svc.engines()["nllb"]
    tr = svc.translate("Hello.", "en", "ko")
    assert tr.engine == "identity" and tr.flagged


def test_cli_translate(service: TranslationService, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    import kiosk.translate.service as service_mod

    monkeypatch.setattr(service_mod, "_service", service)  # the kiosk's shared service, on the test registry
    assert main(["translate", "Where is the exit?", "--from", "en", "--to", "ko", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # a standard traveler question: the phrasebook answers first
    assert (data["text"], data["engine"], data["flagged"], data["phrase_id"]) == (
        "출구 어디입니까?", "phrasebook", False, "trv60")
    assert main(["translate", "Where is the exit?", "--from", "en", "--to", "es", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # not Korean on either side: the installed pack
    assert data["engine"] == "nllb" and data["phrase_id"] is None
    assert main(["translate", "Thank you.", "--from", "en", "--to", "es"]) == 0
    cap = capsys.readouterr()
    assert cap.out.strip() == "Gracias." and "engine=nllb" in cap.err
    assert main(["translate", "Hi", "--from", "en", "--to", "xx"]) == 2
    assert "unsupported language 'xx'" in capsys.readouterr().err
    assert main(["translate", "", "--from", "en", "--to", "ko"]) == 1
    assert "PLEASE REPEAT" in capsys.readouterr().err
