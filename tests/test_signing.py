"""Signed rule updates: Ed25519 manifest, install with atomic swap, rollback, refusal of tampered/unsigned/
wrongly-signed updates; exchange-rate expiry."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import http.server
import json
import shutil
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import PROJECT_ROOT
from kiosk.rules.engine import TABLES_DIR, load_rates
from kiosk.updates import (
    UpdateError,
    active_rules_dir,
    generate_keypair,
    install_rules,
    load_public_keys,
    rates_status,
    rates_valid,
    rollback,
    rules_status,
    sign_dir,
    verified_mirror_manifest,
    verify_dir,
)


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    keys = tmp_path / "keys"
    generate_keypair(tmp_path / "issuer.key", keys / "issuer.pub")
    monkeypatch.setenv("KIOSK_KEYS_DIR", str(keys))
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    return {"key": tmp_path / "issuer.key", "keys": keys, "home": tmp_path / "home", "tmp": tmp_path}


def make_update(env: dict[str, Path], version: str, change: str = "") -> Path:
    """A signed update holding the real built-in tables (optionally with a changed comment line)."""
    folder = env["tmp"] / f"update-{version}"
    folder.mkdir()
    for name in ("kr.toml", "jp.toml", "rates.toml"):
        shutil.copy(TABLES_DIR / name, folder / name)
    if change:
        (folder / "kr.toml").write_text((TABLES_DIR / "kr.toml").read_text(encoding="utf-8") + f"# {change}\n",
                                        encoding="utf-8")
    sign_dir(folder, env["key"], "rules", version)
    return folder


def test_sign_then_verify_lists_every_file_with_sha256(env: dict[str, Path]) -> None:
    folder = make_update(env, "2026.11.29")
    m = verify_dir(folder, load_public_keys(env["keys"]))
    assert (m.kind, m.version) == ("rules", "2026.11.29")
    assert [f.path for f in m.files] == ["jp.toml", "kr.toml", "rates.toml"]
    raw = json.loads((folder / "MANIFEST.json").read_text())
    assert raw["format"] == "customs-kiosk-update/1" and len(raw["files"][0]["sha256"]) == 64


def test_install_swaps_current_and_rollback_restores(env: dict[str, Path]) -> None:
    first = install_rules(str(make_update(env, "2026.11.29")))
    assert (first.version, first.previous, first.files) == ("2026.11.29", None, 3)
    assert first.rates == "valid until 2026-11-28" or first.rates.startswith(("expired on", "not valid"))
    home = env["home"] / "rules"
    assert (home / "current").resolve() == (home / "2026.11.29").resolve()
    second = install_rules(str(make_update(env, "2026.12.6", change="amended")))
    assert (second.version, second.previous) == ("2026.12.6", "2026.11.29")
    assert active_rules_dir() == home / "2026.12.6"
    assert (active_rules_dir() / "kr.toml").read_text(encoding="utf-8").endswith("# amended\n")
    assert rollback() == ("2026.11.29", "2026.12.6")
    st = rules_status()
    assert (st.current, st.previous, st.verified) == ("2026.11.29", "2026.12.6", True)
    assert (active_rules_dir() / "kr.toml").read_bytes() == (TABLES_DIR / "kr.toml").read_bytes()
    assert rollback() == ("2026.12.6", "2026.11.29")  # and forward again


def test_only_current_and_previous_are_kept(env: dict[str, Path]) -> None:
    for i, v in enumerate(("2026.11.29", "2026.12.6", "2026.12.13")):
        install_rules(str(make_update(env, v, change=str(i))))
    kept = sorted(p.name for p in (env["home"] / "rules").iterdir() if not p.name.startswith("."))
    assert kept == ["2026.12.13", "2026.12.6", "current", "previous"]


def test_tampered_file_is_refused_and_nothing_changes(env: dict[str, Path]) -> None:
    install_rules(str(make_update(env, "2026.11.29")))
    folder = make_update(env, "2026.12.6")
    kr = folder / "kr.toml"
    kr.write_text(kr.read_text(encoding="utf-8").replace("800", "8000", 1), encoding="utf-8")
    with pytest.raises(UpdateError, match="does not match its signed checksum: kr.toml"):
        install_rules(str(folder))
    st = rules_status()
    assert (st.current, st.previous, st.verified) == ("2026.11.29", None, True)
    assert not (env["home"] / "rules" / "2026.12.6").exists()
    assert not [p for p in (env["home"] / "rules").iterdir() if p.name.startswith(".staging")]


def test_tampered_manifest_breaks_the_signature(env: dict[str, Path]) -> None:
    folder = make_update(env, "2026.11.29")
    m = folder / "MANIFEST.json"
    m.write_text(m.read_text().replace('"2026.11.29"', '"2026.11.30"'))
    with pytest.raises(UpdateError, match="signature does not match its manifest"):
        install_rules(str(folder))


def test_wrong_key_is_refused(env: dict[str, Path]) -> None:
    other = env["tmp"] / "other"
    generate_keypair(other / "rogue.key", other / "rogue.pub")
    folder = env["tmp"] / "rogue-update"
    folder.mkdir()
    shutil.copy(TABLES_DIR / "kr.toml", folder / "kr.toml")
    sign_dir(folder, other / "rogue.key", "rules", "2026.11.29")
    with pytest.raises(UpdateError, match=r"signed with an unknown key \([0-9a-f]{16}\)"):
        install_rules(str(folder))
    assert rules_status().current is None


def test_missing_signature_and_unsigned_extra_file(env: dict[str, Path]) -> None:
    folder = make_update(env, "2026.11.29")
    (folder / "MANIFEST.sig").unlink()
    with pytest.raises(UpdateError, match=r"not signed \(MANIFEST.sig missing\)"):
        install_rules(str(folder))
    folder2 = make_update(env, "2026.11.30")
    (folder2 / "extra.toml").write_text("x = 1\n")
    with pytest.raises(UpdateError, match="unsigned files: extra.toml"):
        verify_dir(folder2, load_public_keys(env["keys"]))


def test_no_trusted_key_refuses_everything(env: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_update(env, "2026.11.29")
    monkeypatch.setenv("KIOSK_KEYS_DIR", str(env["tmp"] / "empty"))
    with pytest.raises(UpdateError, match="no trusted public key"):
        install_rules(str(folder))


def test_signed_but_invalid_table_is_refused(env: dict[str, Path]) -> None:
    folder = env["tmp"] / "bad-table"
    folder.mkdir()
    (folder / "kr.toml").write_text('jurisdiction = "KR"\n[[rules]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(UpdateError, match=r"kr.toml is not a valid table \(ValidationError\); nothing signed"):
        sign_dir(folder, env["key"], "rules", "2026.11.29")  # validated before signing
    assert not (folder / "MANIFEST.json").exists()
    # signed by other means (an older signer, a mistake): the kiosk still refuses it
    from kiosk.updates.signing import build_manifest, key_id, load_private_key

    key = load_private_key(env["key"])
    data = (json.dumps(build_manifest(folder, "rules", "2026.11.29").to_json()) + "\n").encode()
    (folder / "MANIFEST.json").write_bytes(data)
    (folder / "MANIFEST.sig").write_text(json.dumps({"key_id": key_id(key.public_key()), "signature": base64.b64encode(
        key.sign(data)).decode()}), encoding="utf-8")
    with pytest.raises(UpdateError, match=r"kr.toml is not a valid table \(ValidationError\); nothing installed"):
        install_rules(str(folder))


def test_older_version_is_not_replayed(env: dict[str, Path]) -> None:
    old = make_update(env, "2026.11.29")
    install_rules(str(make_update(env, "2026.12.6")))
    with pytest.raises(UpdateError, match="2026.11.29 is not newer than the installed 2026.12.6"):
        install_rules(str(old))
    assert install_rules(str(old), allow_downgrade=True).version == "2026.11.29"


def test_rollback_without_previous(env: dict[str, Path]) -> None:
    with pytest.raises(UpdateError, match="no previous rules version"):
        rollback()


def test_tampering_on_disk_after_install_is_detected(env: dict[str, Path]) -> None:
    install_rules(str(make_update(env, "2026.11.29")))
    installed = env["home"] / "rules" / "2026.11.29" / "rates.toml"
    installed.write_text(installed.read_text().replace("1400.0", "1.0"))
    with pytest.raises(UpdateError, match="rates.toml"):
        active_rules_dir()
    st = rules_status()
    assert not st.verified and "rates.toml" in st.problem


@pytest.fixture()
def http_root(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()
    server.server_close()


def test_install_from_url(env: dict[str, Path], http_root: tuple[str, Path]) -> None:
    url, root = http_root
    shutil.copytree(make_update(env, "2026.11.29"), root / "rules")
    out = install_rules(url + "rules/")
    assert out.version == "2026.11.29" and out.files == 3
    (root / "bad").mkdir()
    shutil.copytree(make_update(env, "2026.12.6"), root / "bad", dirs_exist_ok=True)
    (root / "bad" / "jp.toml").write_text("tampered = true\n")
    with pytest.raises(UpdateError, match="does not match its signed checksum: jp.toml"):
        install_rules(url + "bad")
    assert rules_status().current == "2026.11.29"


def test_cli_install_status_rollback(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "install", "--from", str(make_update(env, "2026.11.29"))]) == 0
    assert main(["rules", "install", "--from", str(make_update(env, "2026.12.6", change="x"))]) == 0
    out = capsys.readouterr().out
    assert "installed rules 2026.12.6 (3 files, signature and checksums verified); previous 2026.11.29 kept" in out
    main(["rules", "status", "--json"])
    st = json.loads(capsys.readouterr().out)
    assert (st["current"], st["previous"], st["verified"]) == ("2026.12.6", "2026.11.29", True)
    assert main(["rules", "rollback"]) == 0
    assert "rules 2026.11.29 is current again" in capsys.readouterr().out
    bad = make_update(env, "2027.1.1")
    (bad / "MANIFEST.sig").unlink()
    assert main(["rules", "install", "--from", str(bad)]) == 2
    assert "not signed" in capsys.readouterr().err


def test_cli_sign_and_keygen(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUSTOMS_SIGNING_PASSPHRASE", "correct horse battery")
    assert main(["rules", "keygen", "--private", str(tmp_path / "k.key"), "--public", str(tmp_path / "k.pub")]) == 0
    assert b"ENCRYPTED" in (tmp_path / "k.key").read_bytes()
    assert main(["rules", "keygen", "--private", str(tmp_path / "k.key"), "--public", str(tmp_path / "x.pub")]) == 2
    (tmp_path / "pack").mkdir()
    shutil.copy(TABLES_DIR / "rates.toml", tmp_path / "pack" / "rates.toml")
    assert main(["rules", "sign", str(tmp_path / "pack"), "--key", str(tmp_path / "k.key"),
                 "--version", "2026.11.29"]) == 0
    assert "signed rules 2026.11.29: 1 files" in capsys.readouterr().out
    verify_dir(tmp_path / "pack", load_public_keys(tmp_path))


def test_shipped_public_key() -> None:
    assert list(load_public_keys(PROJECT_ROOT / "keys")) == ["8226f97d7353859c"]


def test_rates_valid_on_the_real_weekly_table() -> None:
    rates = load_rates()
    raw = tomllib.loads((TABLES_DIR / "rates.toml").read_text(encoding="utf-8"))
    start, end = raw["effective_date"], raw["valid_until"]
    assert rates_valid(rates, start) and rates_valid(rates, end)
    assert not rates_valid(rates, end + dt.timedelta(days=1))
    assert not rates_valid(rates, start - dt.timedelta(days=1))
    assert rates_status(rates, end + dt.timedelta(days=1)) == f"expired on {end.isoformat()}"
    assert rates_status(rates, start) == f"valid until {end.isoformat()}"


def test_signed_model_mirror_manifest(env: dict[str, Path], http_root: tuple[str, Path]) -> None:
    url, root = http_root
    mirror = root / "mirror"
    (mirror / "tiny").mkdir(parents=True)
    (mirror / "tiny" / "model.bin").write_bytes(b"\0" * 1000)
    manifest = {"version": 1, "models": [{"id": "tiny", "kind": "mt", "languages": ["en"], "files": [
        {"path": "model.bin", "size": 1000, "sha256": "541b3e9daa09b20bf85fa273e5cbd3e80185aa4ec298e765db87742b70138a53"}]}]}
    (mirror / "manifest.json").write_text(json.dumps(manifest))
    m = sign_dir(mirror, env["key"], "models", "2026.11.29")
    assert [f.path for f in m.files] == ["manifest.json"]  # the weights are covered by manifest.json's sha256s
    assert json.loads(verified_mirror_manifest(url + "mirror/")) == manifest
    assert json.loads(verified_mirror_manifest(str(mirror))) == manifest
    (mirror / "manifest.json").write_text(json.dumps(manifest).replace('"en"', '"ko"'))
    with pytest.raises(UpdateError, match="manifest.json does not match its signed checksum"):
        verified_mirror_manifest(url + "mirror/")
    with pytest.raises(UpdateError, match="not a model mirror"):
        verified_mirror_manifest(str(make_update(env, "2026.11.29")))
    with pytest.raises(UpdateError, match="is not signed"):
        verified_mirror_manifest(str(env["tmp"]))


def test_status_shows_expired_rates(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    raw = tomllib.loads((TABLES_DIR / "rates.toml").read_text(encoding="utf-8"))
    after = raw["valid_until"] + dt.timedelta(days=3)
    st = rules_status(today=after, builtin_rates=TABLES_DIR / "rates.toml")
    assert st.current is None and not st.rates_valid
    assert st.rates == f"expired on {raw['valid_until'].isoformat()}"
    install_rules(str(make_update(env, "2026.11.29")))
    st = rules_status(today=raw["valid_until"])
    assert st.verified and st.rates_valid and st.rates == f"valid until {raw['valid_until'].isoformat()}"


def test_signed_data_in_subfolders_is_carried(env: dict[str, Path]) -> None:
    folder = env["tmp"] / "with-templates"
    (folder / "locales" / "rules").mkdir(parents=True)
    shutil.copy(TABLES_DIR / "kr.toml", folder / "kr.toml")
    (folder / "locales" / "rules" / "en.toml").write_text('greeting = "Welcome"\n', encoding="utf-8")
    sign_dir(folder, env["key"], "rules", "2026.11.29")
    assert install_rules(str(folder)).files == 2
    assert (active_rules_dir() / "locales" / "rules" / "en.toml").read_text() == 'greeting = "Welcome"\n'


def test_the_engine_answers_from_the_installed_signed_tables(env: dict[str, Path], fresh_engine: None) -> None:
    """A signed update changes what the kiosk says (here the alcohol value cap); a tampered one is not used."""
    from kiosk.assistant import Assistant
    from kiosk.registry.alerts import alert_board
    from kiosk.rules import engine

    folder = env["tmp"] / "update-2099.1"
    folder.mkdir()
    for name in ("jp.toml", "rates.toml"):
        shutil.copy(TABLES_DIR / name, folder / name)
    kr = (TABLES_DIR / "kr.toml").read_text(encoding="utf-8")
    assert kr.count("value = 400") >= 1
    (folder / "kr.toml").write_text(kr.replace("value = 400", "value = 450"), encoding="utf-8")
    sign_dir(folder, env["key"], "rules", "2099.1")
    install_rules(str(folder))

    assert engine.tables_dir() == env["home"] / "rules" / "2099.1"
    answer = Assistant("KR", use_llm=False).ask("I have one bottle of whisky, 1 liter, 420 dollars", lang="en")
    assert answer.verdict == "allowed" and "450" in answer.answer

    installed = env["home"] / "rules" / "2099.1" / "kr.toml"
    installed.write_text(installed.read_text(encoding="utf-8").replace("value = 450", "value = 4500"), "utf-8")
    engine._installed_tables.cache_clear()
    engine.load_table.cache_clear()
    engine.get_engine.cache_clear()
    assert engine.tables_dir() == TABLES_DIR, "a table changed on disk after install is not used"
    assert any(a.code == "rules_unverified" for a in alert_board().active())
    alert_board().clear(code="rules_unverified")


def test_no_table_can_make_narcotics_allowed() -> None:
    """Found by the hardening run: a table with kind = "allowed" on the narcotics rule answered cocaine "allowed".
    The schema refuses it, signed or not."""
    from pydantic import ValidationError

    from kiosk.rules.schema import RuleTable

    raw = tomllib.loads((TABLES_DIR / "kr.toml").read_text(encoding="utf-8"))
    narcotics = next(r for r in raw["rules"] if "narcotics" in r.get("categories", []))
    narcotics["kind"] = "allowed"
    with pytest.raises(ValidationError, match="'narcotics' must be kind 'prohibited'"):
        RuleTable.model_validate(raw)
    narcotics["kind"] = "prohibited"
    weapons = next(r for r in raw["rules"] if "knife" in r.get("categories", []))
    weapons["kind"] = "allowed"
    with pytest.raises(ValidationError, match="'firearm' can never be 'allowed'|'knife' can never be 'allowed'"):
        RuleTable.model_validate(raw)
