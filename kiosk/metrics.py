"""Operational metrics for Prometheus, without personal data.

`observe(event)` takes small typed records that hold no text, audio or identity: a language code, a verdict,
an engine name, a duration. Every label value is checked against a closed set (languages the kiosk knows,
verdicts, stages, model kinds); anything else is counted as "other", so a label can never carry what a traveler
said. `serve()` exposes the metrics over HTTP on the staff port (loopback by default, `KIOSK_METRICS_HOST/PORT`);
`packaging/prometheus.yml` is the scrape configuration.

What is counted: turns per language, verdicts, not-understood turns, which engine (remote/local) answered per
model kind and how often the local one stood in for a failed server, per-stage latency histograms (asr, llm, tts,
the whole turn...), the integrity state of each model (1 = verified, 0 = missing or corrupt), and for `kiosk
serve` the requests served per kind and outcome, their queue wait and the queue depth. Read at each scrape
(`StateCollector`): the build, the rule table and installed update in use, and the exchange rates' expiry.
`packaging/grafana-dashboard.json` and `packaging/prometheus-alerts.yml` are built on these names.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import logging
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, start_http_server
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from kiosk import clock, languages
from kiosk.rules.model import VERDICTS

STAGES = ("listen", "asr", "understand", "answer", "llm", "translate", "tts_first_audio", "tts", "turn")
KINDS = ("asr", "tts", "llm", "translate")
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 30.0)
SERVE_OUTCOMES = ("ok", "busy", "gone", "error")
_MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")
OTHER = "other"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turn:
    """One traveler turn: the language, the verdict given (or "" when none), whether it was understood."""

    language: str
    verdict: str = ""
    understood: bool = True


@dataclass(frozen=True)
class EngineUsed:
    """Which engine served one request of a model kind; `fallback` = the local one stood in for a failed server."""

    kind: str
    engine: Literal["remote", "local"]
    fallback: bool = False


@dataclass(frozen=True)
class StageLatency:
    """How long one pipeline stage took."""

    stage: str
    seconds: float
    language: str = ""


@dataclass(frozen=True)
class ModelIntegrity:
    """The verification state of one model (`kiosk models verify`, or the start-up check)."""

    model_id: str
    ok: bool


@dataclass(frozen=True)
class Served:
    """One request of `kiosk serve`: its kind (asr/tts), outcome (ok, busy = refused by a full queue, gone = the
    client left before it was served, error), the time it waited in the queue and the time to serve it."""

    kind: str
    outcome: str
    wait_s: float = 0.0
    seconds: float = 0.0


@dataclass(frozen=True)
class QueueDepth:
    """Requests of a kind waiting for (or in) `kiosk serve`'s workers right now."""

    kind: str
    depth: int


Event = Turn | EngineUsed | StageLatency | ModelIntegrity | Served | QueueDepth


def _lang(code: str) -> str:
    try:
        return languages.normalize(code) if code else "unknown"
    except languages.UnsupportedLanguage:
        return OTHER


def _one_of(value: str, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else OTHER


class Metrics:
    """One Prometheus registry with the kiosk's metrics (a fresh one per instance: tests use their own)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.turns = Counter("kiosk_turns", "Traveler turns by language", ["language"], registry=r)
        self.verdicts = Counter("kiosk_verdicts", "Answers by verdict", ["verdict"], registry=r)
        self.not_understood = Counter("kiosk_not_understood", "Turns asked to repeat (silence, noise, unsure)",
                                      ["language"], registry=r)
        self.engine = Counter("kiosk_engine_requests", "Requests by model kind and serving engine",
                              ["kind", "engine"], registry=r)
        self.fallback = Counter("kiosk_engine_fallbacks", "Local model answered because the remote server failed",
                                ["kind"], registry=r)
        self.latency = Histogram("kiosk_stage_seconds", "Latency of each pipeline stage", ["stage"],
                                 buckets=LATENCY_BUCKETS, registry=r)
        self.integrity = Gauge("kiosk_model_ok", "1 when the model's files verified, 0 when missing or corrupt",
                               ["model"], registry=r)
        self.served = Counter("kiosk_serve_requests", "Requests of kiosk serve by kind and outcome",
                              ["kind", "outcome"], registry=r)
        self.serve_wait = Histogram("kiosk_serve_queue_wait_seconds", "Time a served request waited for a worker",
                                    ["kind"], buckets=LATENCY_BUCKETS, registry=r)
        self.serve_latency = Histogram("kiosk_serve_seconds", "Time to serve one request (after its wait)",
                                       ["kind"], buckets=LATENCY_BUCKETS, registry=r)
        self.queue = Gauge("kiosk_serve_queue_depth", "Requests waiting for or in kiosk serve's workers", ["kind"],
                           registry=r)
        self._lock = threading.Lock()

    def observe(self, event: Event) -> None:
        """Count one event. Label values outside the known sets become "other"."""
        with self._lock:
            if isinstance(event, Turn):
                lang = _lang(event.language)
                self.turns.labels(lang).inc()
                if event.verdict:
                    self.verdicts.labels(_one_of(event.verdict, VERDICTS)).inc()
                if not event.understood:
                    self.not_understood.labels(lang).inc()
            elif isinstance(event, EngineUsed):
                kind = _one_of(event.kind, KINDS)
                self.engine.labels(kind, _one_of(event.engine, ("remote", "local"))).inc()
                if event.fallback:
                    self.fallback.labels(kind).inc()
            elif isinstance(event, StageLatency):
                if event.seconds >= 0:
                    self.latency.labels(_one_of(event.stage, STAGES)).observe(event.seconds)
            elif isinstance(event, ModelIntegrity):
                model = event.model_id if _MODEL_ID.match(event.model_id) else OTHER
                self.integrity.labels(model).set(1.0 if event.ok else 0.0)
            elif isinstance(event, Served):
                kind = _one_of(event.kind, KINDS)
                self.served.labels(kind, _one_of(event.outcome, SERVE_OUTCOMES)).inc()
                if event.outcome == "ok":
                    self.serve_wait.labels(kind).observe(max(event.wait_s, 0.0))
                    self.serve_latency.labels(kind).observe(max(event.seconds, 0.0))
            elif isinstance(event, QueueDepth):
                self.queue.labels(_one_of(event.kind, KINDS)).set(max(event.depth, 0))
            else:
                raise TypeError(f"not a metrics event: {type(event).__name__}")

    def touch_serve(self, kind: str) -> None:
        """Create `kiosk serve`'s series of a kind at 0 (a counter that appears only at its first event hides the
        first increase from rate())."""
        kind = _one_of(kind, KINDS)
        with self._lock:
            for outcome in SERVE_OUTCOMES:
                self.served.labels(kind, outcome)
            self.queue.labels(kind).set(0)

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return bytes(generate_latest(self.registry))


class StateCollector(Collector):
    """Series read at each scrape: the build, the rules in use, the exchange rates' expiry (so a rule update
    installed or reloaded while running shows at once). `today` is injectable for tests."""

    def __init__(self, jurisdiction: str | None = None, today: Callable[[], dt.date] | None = None) -> None:
        self.jurisdiction = jurisdiction
        self.today = today or clock.today

    def describe(self) -> Iterator[GaugeMetricFamily | InfoMetricFamily]:
        """The names only (registering must not read the tables: that imports half the kiosk)."""
        yield InfoMetricFamily("kiosk_build", "")
        yield InfoMetricFamily("kiosk_rules", "")
        for name in ("kiosk_rules_table_version", "kiosk_rates_valid_until_timestamp_seconds", "kiosk_rates_valid"):
            yield GaugeMetricFamily(name, "")

    def collect(self) -> Iterator[GaugeMetricFamily | InfoMetricFamily]:
        build = InfoMetricFamily("kiosk_build", "The kiosk's version")
        build.add_metric([], {"version": _safe_version(_package_version()),
                              "python": f"{sys.version_info.major}.{sys.version_info.minor}"})
        yield build
        try:
            yield from self._rules()
        except Exception as exc:  # a broken table must not break the scrape: the series is missing, up stays 1
            log.warning("rules metrics unavailable (%s)", type(exc).__name__)

    def _rules(self) -> Iterator[GaugeMetricFamily | InfoMetricFamily]:
        from kiosk.config import settings
        from kiosk.rules.engine import load_rates, load_table
        from kiosk.updates.store import current_version

        jur = self.jurisdiction or settings().jurisdiction
        table = load_table(jur)
        update = current_version()
        info = InfoMetricFamily("kiosk_rules", "The rule table in use and the signed update it came from")
        info.add_metric([], {"jurisdiction": table.jurisdiction,
                             "update": _safe_version(update) if update else "builtin"})
        yield info
        version = GaugeMetricFamily("kiosk_rules_table_version", "Version number of the rule table in use",
                                    labels=["jurisdiction"])
        version.add_metric([table.jurisdiction], float(table.version))
        yield version
        rates = load_rates()
        end = dt.datetime.combine(rates.valid_until + dt.timedelta(days=1), dt.time(), dt.UTC).timestamp()
        expiry = GaugeMetricFamily("kiosk_rates_valid_until_timestamp_seconds",
                                   "End of the last day the customs exchange rates are valid (Unix time, UTC)")
        expiry.add_metric([], end)
        yield expiry
        day = self.today()
        valid = GaugeMetricFamily("kiosk_rates_valid", "1 when today lies in the exchange rates' validity")
        valid.add_metric([], 1.0 if rates.effective_date <= day <= rates.valid_until else 0.0)
        yield valid


def _package_version() -> str:
    try:
        return importlib.metadata.version("customs-kiosk")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _safe_version(value: str) -> str:
    return value if _VERSION.match(value) else OTHER


_default = Metrics()
_default.registry.register(StateCollector())


def watch_models(ids: Iterable[str] | None = None, metrics: Metrics | None = None, delay_s: float = 0.0) -> None:
    """kiosk_model_ok for the given models (default: every model the registry knows): 1 for each one that is
    installed and verified now (its verification stamp: cheap once assembled), 0 when missing or corrupt, and 0
    again whenever the run-time check raises an alert. With `delay_s` the states are read that much later in a
    daemon thread (after warm-up has assembled the models; a model not yet assembled would be assembled here)."""
    from kiosk.registry import default_registry
    from kiosk.registry.alerts import alert_board

    alert_board().subscribe(lambda alert: observe(ModelIntegrity(alert.model_id, False), metrics))
    wanted = list(ids) if ids is not None else None

    def read() -> None:
        registry = default_registry()
        for model_id in wanted if wanted is not None else [m.id for m in registry.specs()]:
            observe(ModelIntegrity(model_id, registry.status(model_id).state == "ok"), metrics)

    if delay_s > 0:
        timer = threading.Timer(delay_s, read)
        timer.daemon = True
        timer.start()
    else:
        read()
def default_metrics() -> Metrics:
    """The process-wide metrics the kiosk records into."""
    return _default


def observe(event: Event, metrics: Metrics | None = None) -> None:
    """Record one event into the process-wide metrics (or the given ones)."""
    (metrics or _default).observe(event)


def serve(host: str | None = None, port: int | None = None, metrics: Metrics | None = None
          ) -> tuple[WSGIServer, threading.Thread]:
    """Start the HTTP endpoint (`/metrics`) in a daemon thread; (server, thread). Call server.shutdown() to stop.

    Defaults: `KIOSK_METRICS_HOST` (127.0.0.1) and `KIOSK_METRICS_PORT` (9464); port 0 picks a free port."""
    from kiosk.config import settings

    s = settings()
    server, thread = start_http_server(s.metrics_port if port is None else port,
                                       addr=s.metrics_host if host is None else host,
                                       registry=(metrics or _default).registry)
    return server, thread
