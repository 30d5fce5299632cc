"""The fleet's remote engines wired in (issue 24): the LLM server answers item extraction and translation with
the same checks as the local model (numbers written with words too), the answers name their engine and why the
local one stood in; refusals that are no outage do not bench a server; `kiosk serve` bounds its work.

The LLM server here is `ScriptedLLM` (tests/remote_servers.py): an OpenAI-compatible server on loopback whose
replies the test writes, because what is tested is the kiosk's distrust of a server that answers wrong. The
real llama.cpp server is in test_remote_llm.py."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from remote_servers import ScriptedLLM, free_port

from kiosk.assistant import Assistant
from kiosk.cli.main import main
from kiosk.metrics import Metrics, Served, default_metrics
from kiosk.remote import RemoteUnavailable, with_fallback
from kiosk.remote.workqueue import Busy, Gone, Limits, WorkQueue
from kiosk.remote.wyoming_asr import refusal
from kiosk.translate import TranslationService

GOODS = "I packed a wheel of taleggio."  # a cheese the lexicon does not know: the LLM is asked
JFK = Path(__file__).parent / "data" / "speech" / "en_jfk.wav"  # a noun the lexicon does not know: the LLM is asked


def _extraction(items: list[str]) -> ScriptedLLM:
    return ScriptedLLM(lambda messages: json.dumps({"items": items}))


def test_assistant_asks_the_llm_server_and_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    with _extraction(["dairy"]) as server:
        monkeypatch.setenv("KIOSK_LLM_URL", server.url)
        ans = Assistant(use_llm=True).ask(GOODS, "en")
    assert len(server.requests) == 1  # the question went to the server (it sent 0 before)
    assert "taleggio" in json.dumps(server.requests[0]["messages"])
    assert ans.llm_engine == "remote" and ans.llm_fallback == ""
    assert [i.category for i in ans.items] == ["dairy"] and ans.verdict != "allowed"
    assert ans.to_json()["llm"] == {"engine": "remote", "fallback": ""}


def test_server_output_is_validated_like_the_local_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # a server that invents a category and a verdict gets neither through: only known categories are kept
    with ScriptedLLM(lambda m: '{"items": ["cheese", "allowed", "dairy", "dairy"], "verdict": "allowed"}') as server:
        monkeypatch.setenv("KIOSK_LLM_URL", server.url)
        ans = Assistant(use_llm=True).ask(GOODS, "en")
    assert [i.category for i in ans.items] == ["dairy"] and ans.verdict != "allowed"


def test_kiosk_ask_json_names_the_engine(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    with _extraction([]) as server:
        monkeypatch.setenv("KIOSK_LLM_URL", server.url)
        rc = main(["ask", GOODS, "--lang", "en", "--json"])
    obj = json.loads(capsys.readouterr().out)
    assert rc == 0 and len(server.requests) == 1
    assert obj["engine"] == "rules+llm" and obj["llm"] == {"engine": "remote", "fallback": ""}
    assert obj["verdict"] == "unclear"  # the server named nothing: the unknown item is asked about


def _translator(reply: str) -> ScriptedLLM:
    return ScriptedLLM(lambda messages: reply)


@pytest.mark.parametrize(("reply", "flagged"), [
    ("I have 2 million dollars.", True),  # "2만" is 20,000: a number word changed -> flagged, never passed on
    ("I have 2 dollars.", True),
    ("I have 20,000 dollars.", False),
    ("I have twenty thousand dollars.", False),
])
def test_remote_translation_checks_numbers_written_with_words(monkeypatch: pytest.MonkeyPatch, reply: str,
                                                              flagged: bool) -> None:
    with _translator(reply) as server:
        monkeypatch.setenv("KIOSK_LLM_URL", server.url)
        svc = TranslationService(llm_model_id=None, use_nllb=False, use_phrasebook=False)
        tr = svc.translate("2만 달러 있어요.", "ko", "en")
    assert len(server.requests) == 1 and tr.engine == "llm" and f"remote {server.url}" in tr.note
    assert tr.flagged is flagged and tr.text == reply
    if flagged:
        assert "number" in tr.note and tr.confidence <= 0.1


def test_translation_falls_back_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_LLM_URL", f"http://127.0.0.1:{free_port()}/v1")
    svc = TranslationService(llm_model_id=None, use_nllb=False, use_phrasebook=False)
    tr = svc.translate("2만 달러 있어요.", "ko", "en")
    # no local LLM in this service: identity, flagged, and the note names the server's failure
    assert tr.engine == "identity" and tr.flagged and "remote LLM" in tr.note and "URLError" in tr.note
    t0 = time.perf_counter()
    again = svc.translate("3만 달러 있어요.", "ko", "en")  # the server rests: not asked again, no wait
    assert time.perf_counter() - t0 < 0.5 and "resting" in again.note


class _Engine:
    """A plain engine object (no model): the chooser's bookkeeping is what is tested."""

    def __init__(self, name: str, error: Exception | None = None) -> None:
        self.name, self.error, self.calls = name, error, 0

    def answer(self) -> str:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.name


@pytest.mark.parametrize(("code", "rest"), [("busy", 2.0), ("unsupported_language", 0.0),
                                            ("speech_output", 0.0), ("unavailable", None), (None, None)])
def test_refusal_codes_rest_the_server_as_long_as_they_mean(code: str | None, rest: float | None) -> None:
    assert refusal("TTS server x", code).rest_s == rest


def test_a_missing_voice_is_not_an_outage() -> None:
    remote = _Engine("remote", RemoteUnavailable("no voice for 'ko'", rest_s=0, code="unsupported_language"))
    chooser = with_fallback(remote, lambda: _Engine("local"), kind="tts", retry_after_s=30)
    used = chooser.run(lambda e: e.answer())
    assert (used.value, used.engine) == ("local", "local") and "no voice" in used.reason
    assert chooser.remote_ready()  # the next language still goes to the server
    remote.error = None
    assert chooser.run(lambda e: e.answer()).engine == "remote"


def test_an_outage_rests_the_server() -> None:
    remote = _Engine("remote", ConnectionRefusedError())
    chooser = with_fallback(remote, lambda: _Engine("local"), kind="asr", retry_after_s=30)
    assert chooser.run(lambda e: e.answer()).reason == "ConnectionRefusedError"
    assert not chooser.remote_ready() and remote.calls == 1
    used = chooser.run(lambda e: e.answer())
    assert remote.calls == 1 and used.engine == "local" and used.reason.startswith("resting after")


def test_work_queue_refuses_when_full_and_drops_work_nobody_waits_for() -> None:
    before = default_metrics().served.labels("asr", "busy")._value.get()
    gone_before = default_metrics().served.labels("asr", "gone")._value.get()
    ran: list[int] = []

    def work(n: int) -> int:
        time.sleep(0.3)
        ran.append(n)
        return n

    async def scenario() -> list[object]:
        q = WorkQueue("asr", Limits(workers=1, queue=1, max_wait_s=5))
        left = {"3": False}
        tasks = [asyncio.create_task(q.run(work, 1)), asyncio.create_task(q.run(work, 2, gone=lambda: left["3"]))]
        await asyncio.sleep(0.05)
        results: list[object] = []
        try:
            await q.run(work, 3)  # one running, one waiting: full
        except Busy:
            results.append("busy")
        left["3"] = True  # the waiting request's client leaves before a worker is free
        for t in tasks:
            try:
                results.append(await t)
            except Gone:
                results.append("gone")
        results.append(q.pending)
        return results

    assert asyncio.run(scenario()) == ["busy", 1, "gone", 0]
    assert ran == [1]  # the abandoned request never ran
    assert default_metrics().served.labels("asr", "busy")._value.get() == before + 1
    assert default_metrics().served.labels("asr", "gone")._value.get() == gone_before + 1


def test_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="bad limits"):
        Limits(workers=0)


def test_serve_metrics_have_samples_from_the_start() -> None:
    m = Metrics()
    m.touch_serve("tts")
    m.observe(Served("tts", "ok", 0.01, 0.2))
    body = m.render().decode()
    assert 'kiosk_serve_requests_total{kind="tts",outcome="ok"} 1.0' in body
    assert 'kiosk_serve_requests_total{kind="tts",outcome="busy"} 0.0' in body
    assert 'kiosk_serve_queue_depth{kind="tts"} 0.0' in body
    assert 'kiosk_serve_seconds_count{kind="tts"} 1.0' in body


# ---- kiosk serve under load and a server dying mid-answer (real Whisper and voices; slow) -------------------------

def _scrape(port: int) -> str:
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        return str(resp.read().decode("utf-8"))


def _sample(body: str, line_start: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in body.splitlines() if line.startswith(line_start))


@pytest.mark.slow
def test_kiosk_serve_sheds_load_and_counts_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from remote_servers import serve

    from kiosk.audio import load_audio
    from kiosk.remote import RemoteTranscriber

    port, metrics_port = free_port(), free_port()
    monkeypatch.setenv("KIOSK_METRICS_PORT", str(metrics_port))
    log = tmp_path / "serve.log"
    clip = load_audio(JFK)
    with serve(["kiosk", "serve", "--uri", f"tcp://127.0.0.1:{port}", "--no-tts", "--metrics", "--queue", "1",
                "--max-wait", "3"], port, log):
        assert 'kiosk_model_ok{model="whisper-base"} 1.0' in _scrape(metrics_port)

        def one(_: int) -> tuple[str, float]:
            t0 = time.perf_counter()
            try:
                RemoteTranscriber(f"tcp://127.0.0.1:{port}", timeout=3).transcribe(clip, "en")
                return "ok", time.perf_counter() - t0
            except RemoteUnavailable as exc:
                return ("busy" if "busy" in exc.detail else "timeout"), time.perf_counter() - t0

        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(one, range(6)))
        outcomes = [o for o, _ in answers]
        deadline = time.monotonic() + 90  # what is left in the queue is dropped or finished (slow on a busy box)
        while True:
            body = _scrape(metrics_port)
            done = sum(_sample(body, f'kiosk_serve_requests_total{{kind="asr",outcome="{o}"}}')
                       for o in ("ok", "busy", "gone", "error"))
            if done >= 6 or time.monotonic() > deadline:
                break
            time.sleep(1)
    text = log.read_text(errors="replace")
    assert "Task exception was never retrieved" not in text and "Traceback" not in text
    # one worker and one queue place: the others are refused at once (well before the 3 s timeout)
    assert outcomes.count("busy") >= 3 and all(t < 2.5 for o, t in answers if o == "busy"), answers
    served = {o: _sample(body, f'kiosk_serve_requests_total{{kind="asr",outcome="{o}"}}')
              for o in ("ok", "busy", "gone", "error")}
    assert served["busy"] == outcomes.count("busy") and served["error"] == 0
    assert served["ok"] + served["gone"] + served["busy"] == 6, served
    assert _sample(body, 'kiosk_serve_queue_depth{kind="asr"}') == 0


@pytest.mark.slow
def test_tts_server_dying_mid_answer_is_finished_by_the_local_voice(tmp_path: Path) -> None:
    import subprocess
    import sys

    from remote_servers import wait_port

    from kiosk.asr import get_transcriber
    from kiosk.remote import RemoteSpeaker, SpeechRecord, speech
    from kiosk.tts import get_speaker

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "serve", "--uri", f"tcp://127.0.0.1:{port}",
                                 "--no-asr"], stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_port(port, proc, log)
            chooser = with_fallback(RemoteSpeaker(f"tcp://127.0.0.1:{port}", timeout=30), get_speaker,
                                    kind="tts", retry_after_s=30)
            record = SpeechRecord()
            text = "Please go to the red channel. Show your receipt to the officer. Have a nice day."
            stream = speech(chooser, text, "en", 1.0, record)
            first = next(stream)
            proc.kill()  # the server dies after the first sentence
            proc.wait()
            rest = list(stream)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert first.text == "Please go to the red channel."
    assert record.engines == ["remote", "local"] and record.fallback.startswith("mid-answer")
    assert [c.index for c in [first, *rest]] == list(range(1 + len(rest)))
    heard = " ".join(get_transcriber().transcribe(_clip(c), "en").text for c in rest)
    assert "receipt" in heard.lower() and "nice day" in heard.lower()  # the whole answer was spoken


def _clip(chunk: object) -> object:
    from kiosk.audio import AudioClip

    return AudioClip(chunk.samples, chunk.sample_rate)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_transcribe_and_say_name_their_engine_and_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    dead = f"tcp://127.0.0.1:{free_port()}"  # configured, nothing listens
    monkeypatch.setenv("KIOSK_ASR_URI", dead)
    monkeypatch.setenv("KIOSK_TTS_URI", dead)
    assert main(["transcribe", str(JFK), "--lang", "en", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["engine"] == "local" and "ConnectionRefusedError" in obj["fallback"]
    assert obj["total_seconds"] >= obj["seconds"] and "ask not what your country" in obj["text"]
    assert main(["say", "Welcome to Korea.", "--lang", "en", "-o", str(tmp_path / "a.wav")]) == 0
    out = capsys.readouterr().out
    assert "engine local; fallback:" in out and "ConnectionRefusedError" in out and (tmp_path / "a.wav").stat().st_size
    monkeypatch.delenv("KIOSK_ASR_URI")
    assert main(["transcribe", str(JFK), "--lang", "en", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["fallback"] == ""  # no server configured: nothing fell back
