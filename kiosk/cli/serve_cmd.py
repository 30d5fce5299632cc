"""`kiosk serve`: share this machine's Whisper and voices over Wyoming, and its metrics over HTTP."""

from __future__ import annotations

import argparse
import asyncio
import sys

from kiosk.config import settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="serve this machine's ASR and TTS to other kiosks (Wyoming protocol)",
                       description="Expose the kiosk's speech recognition and voices as a Wyoming service "
                                   "(point other kiosks' KIOSK_ASR_URI / KIOSK_TTS_URI at it) and the "
                                   "Prometheus metrics on the staff port.")
    p.add_argument("--uri", default="tcp://127.0.0.1:10300", help="tcp://HOST:PORT or unix://PATH to listen on")
    p.add_argument("--no-asr", action="store_true", help="do not offer speech recognition")
    p.add_argument("--no-tts", action="store_true", help="do not offer speech synthesis")
    p.add_argument("--asr-model", default=None, help="ASR model id (default: KIOSK_ASR_MODEL)")
    p.add_argument("--metrics", action="store_true",
                   help="also serve /metrics on KIOSK_METRICS_HOST:KIOSK_METRICS_PORT")
    p.add_argument("--workers", type=int, default=1,
                   help="requests of a kind served at once (default 1: one transcription already uses every core)")
    p.add_argument("--queue", type=int, default=4,
                   help="requests that may wait for a worker; more are refused 'busy' at once (default 4)")
    p.add_argument("--max-wait", type=float, default=None, metavar="SECONDS",
                   help="drop a request that waited this long (default: KIOSK_REMOTE_TIMEOUT, the kiosks' timeout)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from kiosk.remote.server import Engines, serve_wyoming
    from kiosk.remote.workqueue import Limits

    try:
        limits = Limits(args.workers, args.queue, args.max_wait or settings().remote_timeout)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    model = args.asr_model or settings().asr_model
    transcriber = None
    if not args.no_asr:
        from kiosk.asr import get_transcriber
        from kiosk.registry import ModelUnavailable

        try:
            get_transcriber(model)  # load now: a missing model is reported before the port opens
        except ModelUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        transcriber = lambda: get_transcriber(model)  # noqa: E731
    speaker = None
    if not args.no_tts:
        from kiosk.tts import get_speaker

        speaker = get_speaker
    if transcriber is None and speaker is None:
        print("error: nothing to serve (--no-asr and --no-tts)", file=sys.stderr)
        return 2
    if args.metrics:
        from kiosk.metrics import serve, watch_models

        watch_models([model] if transcriber else [])  # kiosk_model_ok 1 for the loaded Whisper, 0 on an alert
        try:
            server, _ = serve()
        except OSError as exc:
            print(f"error: metrics port {settings().metrics_port}: {exc.strerror or exc}", file=sys.stderr)
            return 5
        s = settings()
        print(f"metrics on http://{s.metrics_host}:{server.server_port}/metrics", file=sys.stderr)
    print(f"serving {'asr ' if transcriber else ''}{'tts ' if speaker else ''}on {args.uri}", file=sys.stderr)
    try:
        asyncio.run(serve_wyoming(args.uri, Engines(transcriber, speaker, model, limits)))
    except KeyboardInterrupt:
        return 130
    return 0
