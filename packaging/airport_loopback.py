"""A loopback "airport" in one command: two kiosk processes, one ASR server (`kiosk serve`), one LLM server
(llama-cpp-python's OpenAI-compatible server), Prometheus scraping all three, and a rule update published once
to a mirror and taken up by both running kiosks without a restart.

    python packaging/airport_loopback.py [--keep]       # needs the default models; Prometheus if installed

Each kiosk process runs the very turn the screen runs (`kiosk.pipeline.Pipeline.traveler_turn`, no audio out)
with KIOSK_ASR_URI / KIOSK_LLM_URL pointing at the servers, its own KIOSK_HOME and metrics port, and the
RulesWatcher the app starts. What the script shows, step by step (and checks; exit 1 when a check fails):
1. a spoken question is transcribed by the ASR server and a goods question the lexicon does not know goes to the
   LLM server (both kiosks say engine "remote");
2. "one bottle of whisky, 1 l, 420 USD" is "declare" under the built-in tables (cap 400 USD);
3. the issuing office signs a table with a 450 USD cap and publishes it once; each kiosk's timer job
   (`kiosk rules install --from MIRROR`) installs it, a second run is a no-op (exit 0); both running kiosks now
   answer "allowed" — no restart;
4. the ASR server is stopped: the next spoken question is answered by the local Whisper (engine "local", the
   reason named);
5. Prometheus (when installed) scraped the kiosks and the server: turns, engines, rules versions.
All ports are random free loopback ports; everything lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
QUESTION = "I have one bottle of whisky, 1 liter, 420 dollars"
UNKNOWN_GOODS = "I packed a wheel of parmesan."
SPEECH = ROOT / "tests" / "data" / "speech" / "en_jfk.wav"


# ---- a kiosk process ---------------------------------------------------------------------------------------------

def kiosk_process() -> int:
    """One kiosk: metrics endpoint, rules watcher, and turns read as JSON lines from stdin."""
    from kiosk.events import Answered, Done, Failed, Heard
    from kiosk.metrics import serve
    from kiosk.pipeline import Pipeline
    from kiosk.session import Session
    from kiosk.updates import RulesWatcher

    serve()
    watcher = RulesWatcher(interval_s=0.5).start()
    pipeline = Pipeline(play_audio=False)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        session = Session(language="en")
        out: dict[str, Any] = {"rules": watcher.seen}
        audio = req.get("audio")
        for ev in pipeline.traveler_turn(session, audio, text=None if audio else req["text"], speak=False):
            if isinstance(ev, Heard):
                used = pipeline._asr  # the chooser: which engine transcribed, and why not the server
                out["asr"] = {"model": ev.transcript.model, "remote_ready": used.remote_ready(),
                              "why_not_remote": used.no_remote_reason()}
            elif isinstance(ev, Answered):
                out.update(verdict=ev.answer.verdict, llm=ev.answer.to_json()["llm"])
            elif isinstance(ev, Failed):
                out["failed"] = ev.status.code
            elif isinstance(ev, Done):
                break
        print(json.dumps(out), flush=True)
    return 0


class Kiosk:
    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name = name
        self._log = log.open("wb")
        self.proc = subprocess.Popen([sys.executable, __file__, "--kiosk"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._log, env=env, text=True)
        assert json.loads(self._read())["ready"]

    def _read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} ended: {self._log.name}")
        return line

    def ask(self, **req: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return dict(json.loads(self._read()))

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self._log.close()


# ---- the airport -----------------------------------------------------------------------------------------------

@contextlib.contextmanager
def http_folder(root: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def prometheus(tmp: Path, targets: dict[str, list[str]]) -> Iterator[str | None]:
    exe = shutil.which("prometheus")
    if exe is None:
        yield None
        return
    from remote_servers import free_port, wait_port

    port = free_port()
    cfg = {"global": {"scrape_interval": "1s", "scrape_timeout": "1s"},
           "scrape_configs": [{"job_name": job, "static_configs": [{"targets": t}]} for job, t in targets.items()]}
    (tmp / "prometheus.yml").write_text(json.dumps(cfg))  # JSON is YAML
    log = tmp / "prometheus.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([exe, f"--config.file={tmp / 'prometheus.yml'}", f"--storage.tsdb.path={tmp / 'tsdb'}",
                                 f"--web.listen-address=127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_port(port, proc, log)  # type: ignore[arg-type]
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def query(prom: str, expr: str) -> list[dict[str, Any]]:
    url = f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as resp:
        return list(json.loads(resp.read())["data"]["result"])


def render_dashboard(prom: str, start: float, end: float, out: Path) -> None:
    """The panels of packaging/grafana-dashboard.json drawn from this Prometheus (Grafana itself is not needed to
    look at them): each panel's queries over the run, $__rate_interval = 30 s."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dash = json.loads((ROOT / "packaging" / "grafana-dashboard.json").read_text(encoding="utf-8"))
    panels = dash["panels"]
    cols = 3
    fig, axes = plt.subplots((len(panels) + cols - 1) // cols, cols, figsize=(18, 3.2 * ((len(panels) + 2) // 3)))
    step = max(1.0, (end - start) / 200)
    for ax, panel in zip(axes.flat, panels, strict=False):
        ax.set_title(panel["title"], fontsize=9)
        for target in panel["targets"]:
            expr = target["expr"].replace("$__rate_interval", "30s")
            url = f"{prom}/api/v1/query_range?" + urllib.parse.urlencode(
                {"query": expr, "start": start, "end": end, "step": step})
            with urllib.request.urlopen(url, timeout=30) as resp:
                result = json.loads(resp.read())["data"]["result"]
            for series in result:
                xs = [float(t) - start for t, _ in series["values"]]
                ys = [float(v) for _, v in series["values"]]
                label = target.get("legendFormat", "")
                for key, value in series["metric"].items():
                    label = label.replace("{{" + key + "}}", value)
                ax.plot(xs, ys, label=label[:30] or expr[:30])
        if ax.lines:
            ax.legend(fontsize=6, loc="upper left")
        else:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle(f"{dash['title']} (loopback airport, seconds since start)")
    fig.tight_layout()
    fig.savefig(out, dpi=80)
    plt.close(fig)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kiosk", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, mirror, tsdb)")
    ap.add_argument("--dashboard-png", type=Path, help="draw the Grafana dashboard's panels from Prometheus here")
    args = ap.parse_args()
    if args.kiosk:
        return kiosk_process()

    from remote_servers import free_port, serve

    from kiosk.paths import models_home
    from kiosk.rules.engine import TABLES_DIR
    from kiosk.updates import generate_keypair, publish, sign_dir

    checks: list[tuple[str, bool]] = []

    def check(what: str, ok: bool) -> None:
        checks.append((what, ok))
        print(f"  [{'ok' if ok else 'FAILED'}] {what}", flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="airport-"))
    phrase = b"airport loopback demo"
    generate_keypair(tmp / "office" / "issuer.key", tmp / "keys" / "issuer.pub", phrase)
    (tmp / "mirror").mkdir()
    asr_port, asr_metrics, llm_port = free_port(), free_port(), free_port()
    kiosk_metrics = [free_port(), free_port()]
    # a generous timeout: on a loaded development box the small LLM server can take several seconds per answer
    base = dict(os.environ, PYTHONPATH=str(ROOT), KIOSK_KEYS_DIR=str(tmp / "keys"), KIOSK_REMOTE_TIMEOUT="120",
                KIOSK_LLM_MODEL="smollm2-135m", HF_HUB_OFFLINE="1", QT_QPA_PLATFORM="offscreen")
    gguf = next((models_home() / "smollm2-135m").glob("*.gguf"))
    print(f"airport in {tmp}", flush=True)
    started = time.time()
    with contextlib.ExitStack() as stack:
        os.environ["KIOSK_METRICS_PORT"] = str(asr_metrics)
        asr = stack.enter_context(serve(["kiosk", "serve", "--uri", f"tcp://127.0.0.1:{asr_port}", "--no-tts",
                                         "--metrics"], asr_port, tmp / "asr-server.log"))
        stack.enter_context(serve(["llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port",
                                   str(llm_port), "--n_ctx", "1024", "--n_threads", "1"], llm_port,
                                  tmp / "llm-server.log"))
        from kiosk.remote import OpenAIClient, RemoteLLM

        t0 = time.perf_counter()  # the server's first answer evaluates the whole prompt (slow on a busy box)
        RemoteLLM(OpenAIClient(f"http://127.0.0.1:{llm_port}", timeout=600)).extract("The train was late.")
        print(f"LLM server warmed up in {time.perf_counter() - t0:.1f} s", flush=True)
        mirror = stack.enter_context(http_folder(tmp / "mirror"))
        kiosks = []
        for i, mport in enumerate(kiosk_metrics, start=1):
            env = dict(base, KIOSK_HOME=str(tmp / f"kiosk{i}"), KIOSK_METRICS_PORT=str(mport),
                       KIOSK_ASR_URI=f"tcp://127.0.0.1:{asr_port}", KIOSK_LLM_URL=f"http://127.0.0.1:{llm_port}/v1")
            kiosks.append(Kiosk(f"kiosk{i}", env, tmp / f"kiosk{i}.log"))
            stack.callback(kiosks[-1].close)
        prom = stack.enter_context(prometheus(tmp, {"customs-kiosk": [f"127.0.0.1:{p}" for p in kiosk_metrics],
                                                    "kiosk-serve": [f"127.0.0.1:{asr_metrics}"]}))

        print("1. speech to the ASR server, unknown goods to the LLM server", flush=True)
        for k in kiosks:
            heard = k.ask(audio=str(SPEECH))
            check(f"{k.name}: speech transcribed by the server ({heard.get('asr')})",
                  heard.get("asr", {}).get("model", "").startswith("wyoming:"))
            goods = k.ask(text=UNKNOWN_GOODS)
            check(f"{k.name}: goods question answered with the LLM server ({goods.get('llm')})",
                  goods.get("llm", {}).get("engine") == "remote" and goods.get("verdict") != "allowed")
        print("2. built-in tables: 420 USD of whisky is over the 400 USD cap", flush=True)
        for k in kiosks:
            check(f"{k.name}: declare", k.ask(text=QUESTION).get("verdict") == "declare")

        print("3. the office publishes a 450 USD cap once; each kiosk's timer installs it", flush=True)
        update = tmp / "office" / "update-2099.1"
        update.mkdir()
        for name in ("kr.toml", "jp.toml", "rates.toml"):
            shutil.copy(TABLES_DIR / name, update / name)
        kr = (TABLES_DIR / "kr.toml").read_text(encoding="utf-8")
        (update / "kr.toml").write_text(kr.replace("value = 400", "value = 450"), encoding="utf-8")
        sign_dir(update, tmp / "office" / "issuer.key", "rules", "2099.1", passphrase=phrase, expires_days=14)
        publish(update, tmp / "mirror", keys=_keys(tmp / "keys"))
        for i in (1, 2):
            env = dict(base, KIOSK_HOME=str(tmp / f"kiosk{i}"))
            for attempt in (1, 2):  # the timer's run, then its next run
                run = subprocess.run([sys.executable, "-m", "kiosk", "rules", "install", "--from", mirror], env=env,
                                     capture_output=True, text=True, timeout=120)
                check(f"kiosk{i} timer run {attempt}: exit {run.returncode}: {run.stdout.strip()}",
                      run.returncode == 0 and ("already current" in run.stdout) == (attempt == 2))
        time.sleep(1.5)  # the watchers look every 0.5 s
        for k in kiosks:
            after = k.ask(text=QUESTION)
            check(f"{k.name}: allowed under rules {after.get('rules')} (no restart)",
                  after.get("verdict") == "allowed" and after.get("rules") == "2099.1")

        print("4. the ASR server dies: the local Whisper answers", flush=True)
        asr.terminate()
        asr.wait(timeout=30)
        heard = kiosks[0].ask(audio=str(SPEECH))
        check(f"kiosk1: transcribed locally ({heard.get('asr')})",
              heard.get("asr", {}).get("model") == "whisper-base"
              and "Connection" in heard.get("asr", {}).get("why_not_remote", ""))

        if prom is None:
            print("5. Prometheus is not installed (Debian: apt-get install prometheus): skipped", flush=True)
        else:
            print("5. Prometheus scraped the fleet", flush=True)
            time.sleep(3)
            turns = query(prom, "sum by (instance) (kiosk_turns_total)")
            check(f"turns per kiosk: {[(r['metric']['instance'], r['value'][1]) for r in turns]}", len(turns) == 2)
            rules = query(prom, "kiosk_rules_info")
            check(f"rules per kiosk: {[(r['metric']['instance'], r['metric']['update']) for r in rules]}",
                  {r["metric"]["update"] for r in rules} == {"2099.1"} and len(rules) == 2)
            served = query(prom, 'max_over_time(kiosk_serve_requests_total{outcome="ok"}[10m])')  # it was stopped
            check(f"ASR server requests served: {[r['value'][1] for r in served]}", bool(served))
            engines = query(prom, "sum by (kind, engine) (kiosk_engine_requests_total)")
            check(f"engines: {sorted((r['metric']['kind'], r['metric']['engine'], r['value'][1]) for r in engines)}",
                  bool(engines))
            if args.dashboard_png:
                render_dashboard(prom, started, time.time(), args.dashboard_png)
                print(f"dashboard panels drawn: {args.dashboard_png}", flush=True)
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = [w for w, ok in checks if not ok]
    print(f"{len(checks) - len(failed)}/{len(checks)} checks passed" + (f"; logs in {tmp}" if args.keep else ""))
    return 1 if failed else 0


def _keys(folder: Path) -> Any:
    from kiosk.updates import load_public_keys

    return load_public_keys(folder)


if __name__ == "__main__":
    raise SystemExit(main())
