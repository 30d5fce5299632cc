"""Prometheus metrics: counts per language/verdict/engine/stage, scraped over HTTP on loopback; never user text."""

from __future__ import annotations

import urllib.request

import pytest

from kiosk.assistant import Assistant
from kiosk.metrics import EngineUsed, Metrics, ModelIntegrity, StageLatency, Turn, serve
from kiosk.registry import Registry

SENTENCE = "My name is Kim Minjun, passport M12345678, and I have three bottles of whisky."


def scrape(metrics: Metrics) -> str:
    server, thread = serve("127.0.0.1", 0, metrics)
    try:
        port = server.server_port
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
            assert resp.status == 200
            return resp.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_scrape_counts_a_real_turn_and_holds_no_user_text() -> None:
    m = Metrics()
    answer = Assistant(use_llm=False).ask(SENTENCE, "en")
    assert (answer.language, answer.verdict) == ("en", "declare")
    m.observe(Turn(answer.language, answer.verdict, understood=True))
    m.observe(StageLatency("answer", answer.seconds))
    m.observe(Turn("ko", "", understood=False))
    m.observe(EngineUsed("asr", "local", fallback=True))
    m.observe(EngineUsed("asr", "remote"))
    for s in Registry().statuses():
        m.observe(ModelIntegrity(s.id, s.state == "ok"))
    # a careless caller passing user text as a label value gets "other", never the text
    m.observe(Turn(SENTENCE, SENTENCE, understood=False))
    m.observe(StageLatency(SENTENCE, 0.1))
    m.observe(ModelIntegrity(SENTENCE, False))
    body = scrape(m)
    assert 'kiosk_turns_total{language="en"} 1.0' in body
    assert 'kiosk_turns_total{language="ko"} 1.0' in body
    assert 'kiosk_turns_total{language="other"} 1.0' in body
    assert 'kiosk_verdicts_total{verdict="declare"} 1.0' in body
    assert 'kiosk_verdicts_total{verdict="other"} 1.0' in body
    assert 'kiosk_not_understood_total{language="ko"} 1.0' in body
    assert 'kiosk_engine_requests_total{engine="local",kind="asr"} 1.0' in body
    assert 'kiosk_engine_requests_total{engine="remote",kind="asr"} 1.0' in body
    assert 'kiosk_engine_fallbacks_total{kind="asr"} 1.0' in body
    assert 'kiosk_stage_seconds_count{stage="answer"} 1.0' in body
    assert 'kiosk_stage_seconds_count{stage="other"} 1.0' in body
    assert 'kiosk_model_ok{model="whisper-base"} 1.0' in body
    assert 'kiosk_model_ok{model="other"} 0.0' in body
    lowered = body.lower()
    for word in ("kim", "minjun", "m12345678", "passport", "whisky", "bottles", "name is"):
        assert word not in lowered, word


def test_language_codes_are_normalized_and_bad_events_refused() -> None:
    m = Metrics()
    m.observe(Turn("EN"))
    m.observe(Turn(""))
    m.observe(StageLatency("asr", -1.0))  # a negative duration is a bug upstream: ignored, not recorded
    assert m.turns.labels("en")._value.get() == 1
    assert m.turns.labels("unknown")._value.get() == 1
    assert 'kiosk_stage_seconds_count{stage="asr"}' not in m.render().decode()
    with pytest.raises(TypeError, match="not a metrics event: str"):
        m.observe("alcohol")  # type: ignore[arg-type]


def test_endpoint_listens_on_loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_METRICS_PORT", "0")
    server, thread = serve(metrics=Metrics())
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_app_starts_the_endpoint_and_reports_integrity_alerts(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kiosk app` start-up: the staff endpoint listens on KIOSK_METRICS_PORT and a model-integrity alert shows
    up as a metric (no window needed for this part)."""
    import socket

    from kiosk.cli import app_cmd
    from kiosk.registry.alerts import alert_board

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("KIOSK_METRICS_PORT", str(port))
    app_cmd._start_metrics()
    alert_board().raise_alert("model_corrupt", "kokoro-82m", "sha256 mismatch", fix="kiosk models verify")
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    finally:
        alert_board().clear(model_id="kokoro-82m")
    assert 'kiosk_model_ok{model="kokoro-82m"} 0.0' in body and "sha256" not in body
