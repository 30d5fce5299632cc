"""Rule distribution as a routine for many kiosks (issue 24 item 4): tables validated before signing, a signed
expiry, an encrypted signing key, a mirror with latest.json, an idempotent install for the timer, rollback only
to a version that verifies, and a running kiosk that takes up a new version without a restart."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli.main import main
from kiosk.rules.engine import TABLES_DIR
from kiosk.updates import (
    RulesWatcher,
    UpdateError,
    generate_keypair,
    install_rules,
    publish,
    rollback,
    rules_status,
    sign_dir,
)
from kiosk.updates.store import current_version

PASS = b"correct horse battery"


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    keys = tmp_path / "keys"
    generate_keypair(tmp_path / "issuer.key", keys / "issuer.pub", PASS)
    monkeypatch.setenv("KIOSK_KEYS_DIR", str(keys))
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CUSTOMS_SIGNING_PASSPHRASE", PASS.decode())
    return {"key": tmp_path / "issuer.key", "home": tmp_path / "home", "tmp": tmp_path, "mirror": tmp_path / "mirror"}


def make_update(env: dict[str, Path], version: str, alcohol_cap: int | None = None, expires_days: float = 30
                ) -> Path:
    folder = env["tmp"] / f"update-{version}"
    folder.mkdir()
    for name in ("kr.toml", "jp.toml", "rates.toml"):
        shutil.copy(TABLES_DIR / name, folder / name)
    if alcohol_cap is not None:
        kr = (TABLES_DIR / "kr.toml").read_text(encoding="utf-8")
        (folder / "kr.toml").write_text(kr.replace("value = 400", f"value = {alcohol_cap}"), encoding="utf-8")
    sign_dir(folder, env["key"], "rules", version, passphrase=PASS, expires_days=expires_days)
    return folder


def test_reinstalling_the_current_version_is_a_quiet_success(env: dict[str, Path],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_update(env, "2026.11.29")
    assert main(["rules", "install", "--from", str(folder)]) == 0
    assert main(["rules", "install", "--from", str(folder)]) == 0  # the timer's usual run
    assert "2026.11.29 is already current (verified); nothing changed" in capsys.readouterr().out
    out = install_rules(str(folder))
    assert out.unchanged and out.version == "2026.11.29" and current_version() == "2026.11.29"
    # the same version number with other content is no reinstall: refused
    other = env["tmp"] / "other"
    shutil.copytree(folder, other)
    (other / "jp.toml").write_text((TABLES_DIR / "jp.toml").read_text(encoding="utf-8") + "# x\n", encoding="utf-8")
    sign_dir(other, env["key"], "rules", "2026.11.29", passphrase=PASS)
    with pytest.raises(UpdateError, match="not newer"):
        install_rules(str(other))


def test_rollback_refuses_a_tampered_previous_version(env: dict[str, Path], capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    install_rules(str(make_update(env, "2026.11.29")))
    install_rules(str(make_update(env, "2026.12.6")))
    old = env["home"] / "rules" / "2026.11.29" / "kr.toml"
    old.write_text(old.read_text(encoding="utf-8").replace("value = 400", "value = 4000"), encoding="utf-8")
    assert main(["rules", "rollback"]) == 2
    assert "previous version 2026.11.29 does not verify" in capsys.readouterr().err
    assert current_version() == "2026.12.6" and rules_status().verified  # nothing switched


def test_expired_update_is_not_installed(env: dict[str, Path]) -> None:
    folder = make_update(env, "2026.11.29", expires_days=14)
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    expires = dt.datetime.fromisoformat(manifest["expires"])
    with pytest.raises(UpdateError, match="expired on"):
        install_rules(str(folder), now=expires + dt.timedelta(seconds=1))
    assert current_version() is None
    assert install_rules(str(folder), now=expires - dt.timedelta(days=1)).version == "2026.11.29"


def test_signing_key_is_encrypted_and_needs_its_passphrase(env: dict[str, Path],
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert b"ENCRYPTED PRIVATE KEY" in env["key"].read_bytes()
    folder = env["tmp"] / "pack"
    folder.mkdir()
    shutil.copy(TABLES_DIR / "rates.toml", folder / "rates.toml")
    with pytest.raises(UpdateError, match="needs a passphrase"):
        sign_dir(folder, env["key"], "rules", "2026.11.29")
    with pytest.raises(UpdateError, match="wrong passphrase"):
        sign_dir(folder, env["key"], "rules", "2026.11.29", passphrase=b"not the one!")
    monkeypatch.setenv("CUSTOMS_SIGNING_PASSPHRASE", "")
    assert main(["rules", "sign", str(folder), "--key", str(env["key"]), "--version", "2026.11.29"]) == 2
    assert "needs a passphrase" in capsys.readouterr().err and not (folder / "MANIFEST.json").exists()
    monkeypatch.setenv("CUSTOMS_SIGNING_PASSPHRASE", PASS.decode())
    assert main(["rules", "sign", str(folder), "--key", str(env["key"]), "--version", "2026.11.29"]) == 0
    assert "installable until" in capsys.readouterr().out


def test_keygen_that_fails_leaves_no_private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CUSTOMS_SIGNING_PASSPHRASE", PASS.decode())
    (tmp_path / "pub-is-a-dir.pub").mkdir()
    rc = main(["rules", "keygen", "--private", str(tmp_path / "k.key"), "--public", str(tmp_path / "pub-is-a-dir.pub")])
    assert rc == 4 and capsys.readouterr().err.startswith("error: cannot write the key")
    assert not (tmp_path / "k.key").exists()
    monkeypatch.setenv("CUSTOMS_SIGNING_PASSPHRASE", "short")
    assert main(["rules", "keygen", "--private", str(tmp_path / "k.key"), "--public", str(tmp_path / "k.pub")]) == 2
    assert not (tmp_path / "k.key").exists()


@pytest.fixture()
def http_mirror(env: dict[str, Path]) -> Iterator[str]:
    env["mirror"].mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(env["mirror"]))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_mirror_with_latest_json(env: dict[str, Path], http_mirror: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = make_update(env, "2026.11.29")
    assert main(["rules", "publish", str(first), "--mirror", str(env["mirror"])]) == 0
    assert json.loads((env["mirror"] / "latest.json").read_text())["version"] == "2026.11.29"
    assert install_rules(http_mirror).version == "2026.11.29"  # over HTTP, following latest.json
    publish(make_update(env, "2026.12.6"), env["mirror"])
    assert install_rules(str(env["mirror"])).version == "2026.12.6"  # from the folder too
    assert install_rules(http_mirror).unchanged
    with pytest.raises(UpdateError, match="not newer than the mirror's latest"):
        publish(make_update(env, "2026.12.1"), env["mirror"])
    (env["mirror"] / "latest.json").write_text(json.dumps({"kind": "rules", "version": "9", "path": "../../etc/"}))
    with pytest.raises(UpdateError, match="unexpected path"):
        install_rules(http_mirror)
    # an unsigned folder is not published
    bare = env["tmp"] / "bare"
    bare.mkdir()
    shutil.copy(TABLES_DIR / "rates.toml", bare / "rates.toml")
    assert main(["rules", "publish", str(bare), "--mirror", str(env["mirror"])]) == 2


def test_a_running_kiosk_takes_up_a_new_version_without_restart(env: dict[str, Path], fresh_engine: None) -> None:
    from kiosk.assistant import Assistant
    from kiosk.assistant.conversation import Conversation

    question = "I have one bottle of whisky, 1 liter, 420 dollars"
    assistant = Assistant("KR", use_llm=False)
    talk = Conversation(assistant)  # a conversation already open when the update arrives
    assert assistant.ask(question, lang="en").verdict == "declare"  # the built-in cap is 400 USD
    watcher = RulesWatcher(interval_s=3600)
    assert watcher.check() is None  # nothing changed yet
    install_rules(str(make_update(env, "2099.1", alcohol_cap=450)))
    reloaded = watcher.check()
    assert reloaded is not None and reloaded.version == "2099.1" and reloaded.engines >= 1
    answer = assistant.ask(question, lang="en")  # the same Assistant object, no restart
    assert answer.verdict == "allowed" and "450" in answer.answer
    assert talk.ask(question, "en").verdict == "allowed"
    install_rules(str(make_update(env, "2099.2", alcohol_cap=400)))
    rollback()  # back to 2099.1 (verified first), then forward again
    assert watcher.check() is None  # still 2099.1 current: no reload needed
    rollback()
    assert watcher.check() is not None and watcher.seen == "2099.2"
    assert assistant.ask(question, lang="en").verdict == "declare"
