"""A virtual microphone and speaker (a private PulseAudio daemon) for tests and benchmarks.

`VirtualAudio` starts its own `pulseaudio` as the current user (root included) with a private runtime folder, so
several test runs on one machine never share a daemon:

* the speaker is a null sink (`kiosk_speaker`); what the kiosk plays arrives at `kiosk_speaker.monitor`;
* the microphone is a null sink (`kiosk_mic_in`) fed with `paplay`, remapped into a real source (`kiosk_mic`)
  by `module-remap-source` — that source is what the kiosk records.

Both are the daemon's defaults, and the process environment points PulseAudio clients (`PULSE_SERVER`) at it, so
PortAudio (sounddevice, through the ALSA `pulse` plugin from libasound2-plugins) sees them as its default input
and output. `stop()` ends the daemon it started, by its pid. Needs the Debian packages `pulseaudio`,
`pulseaudio-utils` and `libasound2-plugins` (packaging/setup.sh installs them).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kiosk.audio.clip import AudioClip, save_wav
from kiosk.audio.errors import AudioError

log = logging.getLogger(__name__)

SPEAKER = "kiosk_speaker"
MIC_SINK = "kiosk_mic_in"
MIC = "kiosk_mic"
RATE = 16000
_TOOLS = ("pulseaudio", "pactl", "pacat", "paplay", "parec")


class VirtualAudioUnavailable(AudioError):
    """PulseAudio (or its tools) is missing or would not start."""

    code = "audio"


@dataclass
class Capture:
    """Raw 16 kHz mono float32 audio arriving at a source, with the wall clock (time.monotonic) of its first
    sample, estimated from when the bytes arrived."""

    source: str
    rate: int = RATE
    _chunks: list[tuple[float, np.ndarray]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, arrived: float, samples: np.ndarray) -> None:
        with self._lock:
            self._chunks.append((arrived, samples))

    def samples(self) -> np.ndarray:
        with self._lock:
            parts = [c for _, c in self._chunks]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def t0(self) -> float:
        """Best estimate of the wall time of sample 0: every chunk bounds it from above (a sample cannot arrive
        before it was played), so the earliest bound wins."""
        with self._lock:
            best = float("inf")
            n = 0
            for arrived, chunk in self._chunks:
                n += len(chunk)
                best = min(best, arrived - n / self.rate)
            return best

    def time_of(self, index: int) -> float:
        return self.t0() + index / self.rate


class VirtualAudio:
    """A private PulseAudio daemon with a virtual microphone and speaker. Use as a context manager."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._env: dict[str, str] = {}
        self._saved_env: dict[str, str | None] = {}
        self._captures: list[tuple[subprocess.Popen[bytes], threading.Thread]] = []
        self._keep_alive: list[subprocess.Popen[bytes]] = []

    # ---- life cycle ------------------------------------------------------------------------------------
    def start(self) -> VirtualAudio:
        missing = [t for t in _TOOLS if shutil.which(t) is None]
        if missing:
            raise VirtualAudioUnavailable(
                f"PulseAudio tools missing: {', '.join(missing)}",
                fix="apt-get install pulseaudio pulseaudio-utils libasound2-plugins (bash packaging/setup.sh)")
        self._dir = Path(tempfile.mkdtemp(prefix="kiosk-pulse-"))
        socket = self._dir / "native"
        self._env = {"PULSE_RUNTIME_PATH": str(self._dir), "PULSE_STATE_PATH": str(self._dir),
                     "PULSE_SERVER": f"unix:{socket}", "PULSE_COOKIE": str(self._dir / "cookie")}
        env = {**os.environ, **self._env, "HOME": str(self._dir)}
        cmd = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
               "--disable-shm=yes", "--log-target=stderr", "--log-level=error",
               f"--load=module-native-protocol-unix socket={socket} auth-anonymous=1",
               f"--load=module-null-sink sink_name={SPEAKER} rate={RATE} channels=1",
               f"--load=module-null-sink sink_name={MIC_SINK} rate={RATE} channels=1",
               f"--load=module-remap-source source_name={MIC} master={MIC_SINK}.monitor"]
        if os.geteuid() == 0:
            cmd.insert(1, "--system=no")
        self._proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while not socket.exists():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                err = (self._proc.stderr.read() if self._proc.stderr else b"").decode(errors="replace")[-400:]
                self.stop()
                raise VirtualAudioUnavailable(f"pulseaudio did not start: {err.strip()}")
            time.sleep(0.05)
        # A null sink nobody plays into stops its clock now and then (its monitor then stalls for seconds); a real
        # microphone never stops sending. A stream of zeros into each sink keeps both clocks running (adding
        # zeros changes no sample of what is mixed).
        for sink in (SPEAKER, MIC_SINK):
            self._keep_alive.append(subprocess.Popen(
                ["pacat", "--playback", f"--device={sink}", "--raw", "--format=s16le", f"--rate={RATE}",
                 "--channels=1", "--latency-msec=30", "/dev/zero"],
                env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self._pactl("set-default-sink", SPEAKER)
        self._pactl("set-default-source", MIC)
        for key, value in self._env.items():
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value
        _reload_portaudio()
        log.info("virtual audio device up (pid %d)", self._proc.pid)
        return self

    def stop(self) -> None:
        for proc, thread in self._captures:
            _end(proc)
            thread.join(timeout=2)
        self._captures.clear()
        for proc in self._keep_alive:
            _end(proc)
        self._keep_alive.clear()
        if self._proc is not None:
            _end(self._proc)
            if self._proc.stderr:
                self._proc.stderr.close()
            self._proc = None
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env.clear()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> VirtualAudio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    # ---- using it ---------------------------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        return {**os.environ, **self._env}

    def _pactl(self, *args: str) -> str:
        out = subprocess.run(["pactl", *args], env=self.env(), capture_output=True, text=True, timeout=10)
        if out.returncode != 0:
            raise VirtualAudioUnavailable(f"pactl {args[0]} failed: {out.stderr.strip()[-200:]}")
        return out.stdout

    def speak_into_mic(self, clip: AudioClip, wait: bool = True) -> subprocess.Popen[bytes]:
        """Play a clip into the virtual microphone (paplay). With wait=False returns the running paplay."""
        assert self._dir is not None, "start() first"
        path = self._dir / f"say-{time.monotonic_ns()}.wav"
        save_wav(clip, path)
        proc = subprocess.Popen(["paplay", f"--device={MIC_SINK}", "--latency-msec=10", str(path)],
                                env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if wait:
            proc.wait(timeout=clip.duration_s + 10)
        return proc

    def capture(self, source: str) -> Capture:
        """Start recording a source (e.g. f"{SPEAKER}.monitor" or f"{MIC_SINK}.monitor") until stop()."""
        cap = Capture(source)
        proc = subprocess.Popen(["parec", f"--device={source}", "--format=float32le", f"--rate={RATE}",
                                 "--channels=1", "--latency-msec=20", "--raw"],
                                env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

        def read() -> None:
            assert proc.stdout is not None
            rest = b""
            while True:
                data = proc.stdout.read1(4096)  # type: ignore[attr-defined]
                now = time.monotonic()
                if not data:
                    return
                data = rest + data
                usable = len(data) - len(data) % 4
                rest = data[usable:]
                cap.add(now, np.frombuffer(data[:usable], dtype="<f4").astype(np.float32))

        thread = threading.Thread(target=read, name=f"parec-{source}", daemon=True)
        thread.start()
        self._captures.append((proc, thread))
        # right after the daemon starts, a monitor may take a second or two to send its first block
        deadline = time.monotonic() + 8
        while len(cap.samples()) < RATE // 10:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise VirtualAudioUnavailable(f"no audio arrives from {source}")
            time.sleep(0.02)
        return cap

    def stop_capture(self, cap: Capture) -> None:
        for proc, thread in list(self._captures):
            if thread.name == f"parec-{cap.source}":
                _end(proc)
                thread.join(timeout=2)
                self._captures.remove((proc, thread))


def _end(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    if proc.stdout:
        proc.stdout.close()


def _reload_portaudio() -> None:
    """PortAudio reads the ALSA configuration (whose hook makes `pulse` the default when a server runs) when it is
    initialized: re-initialize it so a daemon started after `import sounddevice` becomes the default device."""
    import sounddevice as sd

    sd._terminate()
    sd._initialize()


@contextlib.contextmanager
def virtual_audio() -> Iterator[VirtualAudio]:
    dev = VirtualAudio().start()
    try:
        yield dev
    finally:
        dev.stop()
