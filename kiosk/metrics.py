"""Operational metrics for Prometheus, without personal data.

`observe(event)` takes small typed records that hold no text, audio or identity: a language code, a verdict,
an engine name, a duration. Every label value is checked against a closed set (languages the kiosk knows,
verdicts, stages, model kinds); anything else is counted as "other", so a label can never carry what a traveler
said. `serve()` exposes the metrics over HTTP on the staff port (loopback by default, `KIOSK_METRICS_HOST/PORT`);
`packaging/prometheus.yml` is the scrape configuration.

What is counted: turns per language, verdicts, not-understood turns, which engine (remote/local) answered per
model kind and how often the local one stood in for a failed server, per-stage latency histograms, and the
integrity state of each model.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from typing import Literal
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, start_http_server

from kiosk import languages
from kiosk.rules.model import VERDICTS

STAGES = ("listen", "asr", "understand", "answer", "llm", "translate", "tts_first_audio", "tts", "turn")
KINDS = ("asr", "tts", "llm", "translate")
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 30.0)
_MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
OTHER = "other"


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
class RatesState:
    """Whether the customs exchange rates allow a duty estimate today, and the last day they do."""

    valid: bool
    valid_until: dt.date


Event = Turn | EngineUsed | StageLatency | ModelIntegrity | RatesState


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
        self.rates_valid = Gauge("kiosk_rates_valid",
                                 "1 when this week's customs exchange rates are in force (duty estimates given)",
                                 registry=r)
        self.rates_valid_until = Gauge("kiosk_rates_valid_until_timestamp_seconds",
                                       "End (UTC) of the last day the exchange rates are valid for", registry=r)
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
            elif isinstance(event, RatesState):
                self.rates_valid.set(1.0 if event.valid else 0.0)
                end = dt.datetime.combine(event.valid_until + dt.timedelta(days=1), dt.time(), dt.UTC)
                self.rates_valid_until.set(end.timestamp())
            else:
                raise TypeError(f"not a metrics event: {type(event).__name__}")

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return bytes(generate_latest(self.registry))


_default = Metrics()


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
