"""Model mirrors (issue 21): a signed manifest is required, a built-in id is only ever the shipped model, `verify`
names the manifest it checked; downloads are bounded in size and time and leave no empty staging folders."""

from __future__ import annotations

import http.server
import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from signed_mirror import (
    OTHER_KEY,
    LoopbackMirror,
    issuer_keys,
    sha,
    sign_mirror,
    write_mirror,
    write_public_key,
)

from kiosk.cli import main
from kiosk.paths import PROJECT_ROOT
from kiosk.registry import Registry
from kiosk.registry.download import Limits
from kiosk.registry.install import InstallError, install_from
from kiosk.registry.manifest import Manifest, ManifestError, parse_mirror_manifest

VOICES = PROJECT_ROOT / "voices" / "kokoro"


@pytest.fixture(autouse=True)
def _trust_the_test_issuer(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """keys/ of this kiosk (KIOSK_KEYS_DIR) trusts the test issuer: `verify` checks the signature again."""
    monkeypatch.setenv("KIOSK_KEYS_DIR", str(write_public_key(tmp_path_factory.mktemp("keys"))))


def _registry(tmp_path: Path) -> Registry:
    return Registry(home=tmp_path / "home", manifest=Manifest(models=[]))


def _left_in_staging(reg: Registry) -> list[str]:
    staging = reg.home / ".staging"
    return sorted(str(p.relative_to(reg.home)) for p in staging.rglob("*")) + (["(.staging)"] if staging.exists()
                                                                                else [])


# ---- item 1: signatures -----------------------------------------------------------------------------------
def test_unsigned_mirror_is_refused_before_any_download(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    mirror = write_mirror(tmp_path / "m", "pack-a", {"model.bin": b"weights"}, sign=False)
    with pytest.raises(InstallError, match="is not signed") as exc:
        install_from(str(mirror), registry=reg, keys=issuer_keys())
    assert exc.value.code == "bad_input" and "kiosk rules sign" in exc.value.fix
    assert not reg.model_dir("pack-a").exists() and reg.installed_packs() == []
    assert _left_in_staging(reg) == []


def test_foreign_key_and_tampered_manifest_are_refused(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    mirror = write_mirror(tmp_path / "m", "pack-a", {"model.bin": b"weights"}, sign=False)
    sign_mirror(mirror, key=OTHER_KEY)
    with pytest.raises(InstallError, match="signed with an unknown key"):
        install_from(str(mirror), registry=reg, keys=issuer_keys())
    sign_mirror(mirror)
    manifest = (mirror / "manifest.json").read_text(encoding="utf-8")
    (mirror / "manifest.json").write_text(manifest.replace('"*"', '"en"'), encoding="utf-8")  # after signing
    with pytest.raises(InstallError, match="manifest.json does not match its signed checksum"):
        install_from(str(mirror), registry=reg, keys=issuer_keys())
    with pytest.raises(InstallError, match="no trusted public key"):
        install_from(str(mirror), registry=reg, keys={})
    assert reg.installed_packs() == [] and _left_in_staging(reg) == []


def _two_file_builtin(tmp_path: Path) -> tuple[Registry, dict[str, bytes]]:
    files = {"a.bin": (VOICES / "af_heart.bin").read_bytes(), "b.bin": (VOICES / "ef_dora.bin").read_bytes()}
    reg = Registry(home=tmp_path / "home", manifest=Manifest.model_validate({"version": 1, "models": [
        {"id": "test-model", "kind": "tts", "languages": ["en"], "packages": ["some-pkg==1.0"], "files": [
            {"path": n, "size": len(d), "sha256": sha(d), "parts": [f"repo:voices/kokoro/{src}"]}
            for (n, d), src in zip(files.items(), ("af_heart.bin", "ef_dora.bin"), strict=True)]}]}))
    return reg, files


@pytest.mark.parametrize("change", ["bytes", "extra file"])
def test_a_signed_mirror_cannot_replace_a_builtin_model_with_other_bytes(tmp_path: Path, change: str) -> None:
    """The issue's case: a built-in id, same file names and sizes, other bytes (a changed config). Even signed,
    a built-in id is only ever the shipped model."""
    reg, files = _two_file_builtin(tmp_path)
    before = {p.name: p.read_bytes() for p in reg.path("test-model").iterdir() if p.suffix == ".bin"}
    offered = dict(files)
    if change == "bytes":
        offered["b.bin"] = bytes(reversed(files["b.bin"]))  # same size, other bytes
    else:
        offered["extra.json"] = b'{"speed": 2.5}'
    mirror = write_mirror(tmp_path / "m", "test-model", offered)
    with pytest.raises(InstallError, match="built-in model 'test-model' .* of another size or sha256, or extra"):
        install_from(str(mirror), registry=reg, keys=issuer_keys())
    assert {p.name: p.read_bytes() for p in reg.path("test-model").iterdir() if p.suffix == ".bin"} == before
    st = reg.verify("test-model")
    assert st.state == "ok" and st.detail.startswith("verified (sha256) against the given built-in manifest")


def test_an_edited_installed_catalogue_does_not_change_a_builtin_model(tmp_path: Path) -> None:
    """installed.json is writable state: an entry for a built-in id with other hashes is ignored."""
    reg, files = _two_file_builtin(tmp_path)
    (reg.home / "installed.json").write_text(json.dumps({"version": 1, "models": [
        {"id": "test-model", "kind": "tts", "languages": ["en"], "files": [
            {"path": n, "size": len(d), "sha256": sha(d[::-1])} for n, d in files.items()]}]}), encoding="utf-8")
    assert reg.spec("test-model").origin == "builtin"
    st = reg.verify("test-model")
    assert st.state == "ok" and "the built-in model is used" in st.detail


def test_verify_names_the_signed_manifest_and_checks_it_again(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    mirror = write_mirror(tmp_path / "m", "pack-a", {"model.bin": b"weights v1"})
    install_from(str(mirror), registry=reg, keys=issuer_keys())
    kid = next(iter(issuer_keys()))
    st = reg.verify("pack-a")
    assert st.state == "ok", st.detail
    assert st.detail == (f"verified (sha256) against the signed mirror manifest (key {kid}, version 2026.12.1, "
                         f"from {mirror}): all files it lists")
    # someone swaps the weights and edits installed.json to match: the signed manifest says otherwise
    new = b"weights v2 (other)"
    (reg.model_dir("pack-a") / "model.bin").write_bytes(new)
    catalogue = json.loads((reg.home / "installed.json").read_text(encoding="utf-8"))
    catalogue["models"][0]["files"][0].update(size=len(new), sha256=sha(new))
    (reg.home / "installed.json").write_text(json.dumps(catalogue), encoding="utf-8")
    st = Registry(home=reg.home, manifest=Manifest(models=[])).verify("pack-a")
    assert st.state == "corrupt"
    assert st.detail == ("not verified: installed.json does not list what the signed mirror manifest lists "
                         "(changed after install)")
    shutil.rmtree(reg.home / ".signed")  # a pack installed by an older kiosk, unsigned
    st = Registry(home=reg.home, manifest=Manifest(models=[])).verify("pack-a")
    assert st.state == "corrupt" and "installed without a signed mirror manifest" in st.detail


def test_cli_refuses_an_unsigned_mirror_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KIOSK_KEYS_DIR", str(write_public_key(tmp_path / "keys")))
    mirror = write_mirror(tmp_path / "m", "pack-a", {"model.bin": b"weights"}, sign=False)
    assert main(["models", "install", "--from", str(mirror)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: model mirror ") and "is not signed" in err[0]
    sign_mirror(mirror)
    assert main(["models", "install", "--from", str(mirror)]) == 0
    assert main(["models", "verify", "pack-a"]) == 0
    assert "against the signed mirror manifest (key " in capsys.readouterr().out


# ---- item 5: bounded downloads ------------------------------------------------------------------------------
Behaviour = Callable[[http.server.BaseHTTPRequestHandler, bytes], None]


class _Mirror(LoopbackMirror):
    """Loopback HTTP mirror (random port); `behave[name]` replaces how a file's body is sent."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, self._answer)
        self.behave: dict[str, Behaviour] = {}
        self.sent: dict[str, int] = {}

    def _answer(self, h: http.server.BaseHTTPRequestHandler, path: Path, data: bytes) -> bool:
        how = self.behave.get(path.name)
        if how is None:
            return False
        how(h, data)
        return True


@pytest.fixture()
def mirror(tmp_path: Path) -> Iterator[_Mirror]:
    srv = _Mirror(tmp_path / "mirror")
    yield srv
    srv.close()


FAST = Limits(idle_s=0.6, min_rate=1e9, grace_s=0.8)  # the deadline is the grace: 0.8 s for any small file


def _trickle(every_s: float, declare: bool = True) -> Behaviour:
    def send(h: http.server.BaseHTTPRequestHandler, data: bytes) -> None:
        h.send_response(200)
        if declare:
            h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        for i in range(len(data)):
            h.wfile.write(data[i:i + 1])
            h.wfile.flush()
            time.sleep(every_s)
    return send


def test_a_trickling_mirror_meets_the_overall_deadline(mirror: _Mirror, tmp_path: Path) -> None:
    write_mirror(mirror.root, "pack-a", {"model.bin": b"x" * 40})
    mirror.behave["model.bin"] = _trickle(0.1)  # 4 s in all, a byte every 0.1 s: never idle for 0.6 s
    reg = _registry(tmp_path)
    t0 = time.monotonic()
    with pytest.raises(InstallError, match="model.bin: too slow .* run the install again to resume"):
        install_from(mirror.url, registry=reg, keys=issuer_keys(), limits=FAST)
    assert time.monotonic() - t0 < 2.5
    assert not reg.model_dir("pack-a").exists()


def test_a_trickling_manifest_meets_the_deadline_too(mirror: _Mirror, tmp_path: Path) -> None:
    write_mirror(mirror.root, "pack-a", {"model.bin": b"x"})
    mirror.behave["manifest.json"] = _trickle(0.1, declare=False)
    t0 = time.monotonic()
    with pytest.raises(InstallError, match="cannot read manifest.json .*too slow"):
        install_from(mirror.url, registry=_registry(tmp_path), keys=issuer_keys(), limits=FAST)
    assert time.monotonic() - t0 < 2.5


def test_a_stalled_mirror_meets_the_idle_deadline(mirror: _Mirror, tmp_path: Path) -> None:
    def stall(h: http.server.BaseHTTPRequestHandler, data: bytes) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[:3])
        h.wfile.flush()
        time.sleep(2.0)
        h.wfile.write(data[3:])

    write_mirror(mirror.root, "pack-a", {"model.bin": b"0123456789"})
    mirror.behave["model.bin"] = stall
    reg = _registry(tmp_path)
    with pytest.raises(InstallError, match=r"model.bin: the mirror stalled \(no data for 0.6 s\)"):
        install_from(mirror.url, registry=reg, keys=issuer_keys(), limits=Limits(idle_s=0.6, grace_s=30))
    part = reg.home / ".staging" / "pack-a" / "model.bin.part"
    assert part.read_bytes() == b"012"  # kept: the next run resumes from byte 3


@pytest.mark.parametrize("declare", [True, False])
def test_a_mirror_sending_more_than_declared_is_cut_off_while_streaming(mirror: _Mirror, tmp_path: Path,
                                                                       declare: bool) -> None:
    big = 50 << 20

    def flood(h: http.server.BaseHTTPRequestHandler, data: bytes) -> None:
        h.send_response(200)
        if declare:
            h.send_header("Content-Length", str(big))
        h.end_headers()
        block = b"\0" * (1 << 16)
        mirror.sent["model.bin"] = 0
        for _ in range(big // len(block)):
            h.wfile.write(block)
            mirror.sent["model.bin"] += len(block)

    write_mirror(mirror.root, "pack-a", {"model.bin": b"0123456789"})  # declared: 10 bytes
    mirror.behave["model.bin"] = flood
    reg = _registry(tmp_path)
    with pytest.raises(InstallError, match="more than the 10 .*declared") as exc:
        install_from(mirror.url, registry=reg, keys=issuer_keys(), limits=FAST)
    assert "nothing kept" in exc.value.detail
    time.sleep(0.2)
    assert mirror.sent.get("model.bin", 0) < 20 << 20  # the download stopped long before the 50 MB
    assert not reg.model_dir("pack-a").exists() and _left_in_staging(reg) == []


def test_failed_installs_leave_no_empty_staging_folders(mirror: _Mirror, tmp_path: Path) -> None:
    files = {"model.bin": b"good weights", "sub/vocab.txt": b"a\nb\n"}
    write_mirror(mirror.root, "pack-a", files, declared={**files, "model.bin": b"other weight"})  # sha256 mismatch
    reg = _registry(tmp_path)
    with pytest.raises(InstallError, match="sha256 mismatch"):
        install_from(mirror.url, registry=reg, keys=issuer_keys())
    assert _left_in_staging(reg) == []
    write_mirror(mirror.root, "pack-a", files)
    install_from(mirror.url, registry=reg, keys=issuer_keys())
    assert _left_in_staging(reg) == [] and reg.verify("pack-a").state == "ok"


def test_a_path_in_the_way_is_not_called_a_full_disk(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    (reg.home / ".staging").write_text("a file where the staging folder goes")
    mirror = write_mirror(tmp_path / "m", "pack-a", {"model.bin": b"weights"})
    with pytest.raises(InstallError) as exc:
        install_from(str(mirror), registry=reg, keys=issuer_keys())
    assert exc.value.code == "storage" and "free space" not in str(exc.value)
    assert ".staging" in str(exc.value)


# ---- item 4: a hostile manifest is a one-line error (exit 2), never an internal error ------------------------
@pytest.mark.parametrize("case", ["nul", "deep", "control", "backslash", "huge name", "dup id", "bool size"])
def test_hostile_signed_manifests_are_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str], case: str) -> None:
    root = tmp_path / "m"
    root.mkdir()
    entry = {"id": "pack-a", "kind": "mt", "languages": ["*"],
             "files": [{"path": "model.bin", "size": 1, "sha256": "0" * 64}]}
    text = {
        "nul": json.dumps({"version": 1, "models": [{**entry, "files": [{**entry["files"][0], "path": "a\0b"}]}]}),
        "deep": '{"version": 1, "models": [' + "[" * 50_000 + "]" * 50_000 + "]}",
        "control": json.dumps({"version": 1, "models": [{**entry, "files": [{**entry["files"][0], "path": "a\nb"}]}]}),
        "backslash": json.dumps({"version": 1, "models": [{**entry, "files": [{**entry["files"][0],
                                                                                 "path": "..\\evil"}]}]}),
        "huge name": json.dumps({"version": 1, "models": [{**entry, "files": [{**entry["files"][0],
                                                                                 "path": "x" * 300}]}]}),
        "dup id": json.dumps({"version": 1, "models": [entry, entry]}),
        "bool size": json.dumps({"version": 1, "models": [{**entry, "files": [{**entry["files"][0], "size": True}]}]}),
    }[case]
    (root / "manifest.json").write_text(text, encoding="utf-8")
    sign_mirror(root)
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    assert main(["models", "install", "--from", str(root)]) == 2, case
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: invalid manifest.json at "), err
    assert "\0" not in err[0]


# ---- fuzz: the mirror manifest parser raises ManifestError or returns a Manifest, nothing else --------------
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=12)
_VALID = {"version": 1, "models": [{"id": "pack-a", "kind": "mt", "languages": ["*"], "files": [
    {"path": "sub/model.bin", "size": 10, "sha256": "a" * 64}]}]}


def _parses_or_refuses(raw: bytes) -> None:
    try:
        m = parse_mirror_manifest(raw)
    except ManifestError as exc:
        assert str(exc) and len(str(exc)) < 400
        return
    assert all(spec.origin == "pack" for spec in m.models)
    for spec in m.models:
        for f in spec.files:
            assert "\0" not in f.path and not f.path.startswith(("/", ".")) and ".." not in Path(f.path).parts


@seed(20261206)
@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=300))
def test_fuzz_manifest_parser_with_arbitrary_bytes(raw: bytes) -> None:
    _parses_or_refuses(raw)


@seed(20261206)
@settings(max_examples=300, deadline=None, database=None)
@given(st.sampled_from(["version", "models", "id", "kind", "languages", "files", "path", "size", "sha256",
                        "extra"]), _json)
def test_fuzz_manifest_parser_with_one_field_replaced(field: str, value: object) -> None:
    data = json.loads(json.dumps(_VALID))
    model, file = data["models"][0], data["models"][0]["files"][0]
    target = data if field in ("version", "models", "extra") else model if field in (
        "id", "kind", "languages", "files", "extra") else file
    target[field] = value
    _parses_or_refuses(json.dumps(data).encode())


@seed(20261206)
@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=40), st.integers(min_value=-3, max_value=1 << 70))
def test_fuzz_manifest_parser_paths_and_sizes(path: str, size: int) -> None:
    data = json.loads(json.dumps(_VALID))
    data["models"][0]["files"][0].update(path=path, size=size)
    _parses_or_refuses(json.dumps(data).encode())
