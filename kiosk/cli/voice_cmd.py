"""`kiosk transcribe FILE` and `kiosk say TEXT`: the voice pipeline from the command line."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path

from kiosk.audio import AudioError, load_audio
from kiosk.cli.outputs import check_output, write_wav
from kiosk.cli.validate import arg, language, rate, seconds
from kiosk.errors import KioskError
from kiosk.languages import normalize


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    tp = sub.add_parser(
        "transcribe", help="speech to text (Whisper, offline): language, confidence, timings",
        description="Transcribe an audio file (WAV/FLAC/OGG, any sample rate, mono or stereo) with the offline "
                    "Whisper model. Prints the text, detected language and probability, whether the result is "
                    "confident enough to act on, and timings. Long recordings are split where the speech is; at "
                    "most 180 s of speech is transcribed and the output says how much was left out. Exit 1 when "
                    "the speech is not understood (silence, noise, an unsure transcript), 2 on unreadable audio, "
                    "3 when the model is unavailable (see `kiosk --help`).")
    tp.add_argument("file", help="audio file")
    tp.add_argument("--lang", type=arg(language), help="language hint (ISO 639-1, e.g. ko); default: detect")
    tp.add_argument("--task", choices=["transcribe", "translate"], default="transcribe",
                    help="'translate' gives English text")
    tp.add_argument("--model", default="whisper-base", help="ASR model id (default whisper-base)")
    tp.add_argument("--max-speech", type=arg(seconds), default=180.0, metavar="SECONDS",
                    help="transcribe at most this much speech (default 180); the rest is reported as cut")
    tp.add_argument("--json", action="store_true", help="machine-readable output")
    tp.set_defaults(func=_transcribe)

    sp = sub.add_parser(
        "say", help="text to speech (Piper / Kokoro / espeak-ng, offline) into a WAV file",
        description="Speak TEXT in a language with the best installed voice (Piper for English, Kokoro for "
                    "zh ja es fr it pt hi, espeak-ng for the rest; see voices/voices.toml) and write a WAV file. "
                    "Prints the voice used, time to first audio and total time. Exit 5 (nothing written) when no "
                    "voice speaks the language intelligibly, e.g. ja or zh without the Kokoro model.")
    sp.add_argument("text", help="what to say")
    sp.add_argument("--lang", required=True, type=arg(language), help="language (ISO 639-1, e.g. ko, en, zh)")
    sp.add_argument("-o", "--output", required=True, help="output WAV path")
    sp.add_argument("--rate", type=arg(rate), default=1.0,
                    help="speaking rate from 0.5 to 2.0: 1.0 normal, 0.8 slower (accessibility)")
    sp.set_defaults(func=_say)


def _transcribe(args: argparse.Namespace) -> int:
    from kiosk.asr import get_transcriber
    from kiosk.remote.routed import transcribe, transcriber_chooser

    if Path(args.file).is_dir():
        raise AudioError(f"{args.file} is a directory, not an audio file")
    if Path(args.file).exists() and not Path(args.file).is_file():  # /dev/null, a FIFO: never "not found"
        raise AudioError(f"{args.file} is not a regular file (a device or a pipe); give an audio file")
    clip = load_audio(args.file)  # AudioError (exit 2) for a missing, empty, damaged or non-audio file
    chooser = transcriber_chooser(args.model)  # KIOSK_ASR_URI first, when set
    t0 = time.perf_counter()
    if chooser.remote is None:
        get_transcriber(args.model)  # ModelUnavailable (exit 3)
    load_s = time.perf_counter() - t0
    try:
        used = transcribe(chooser, clip, args.lang, args.task, args.max_speech)
    except ValueError as exc:  # an unknown language hint
        raise KioskError(str(exc), code="bad_input") from exc
    result = used.value
    if args.json:
        print(json.dumps({
            "engine": used.engine, "fallback": used.reason if chooser.remote is not None else "",
            "total_seconds": round(used.seconds, 3),
            "text": result.text, "language": result.language,
            "language_probability": round(result.language_probability, 4), "confident": result.confident,
            "duration_s": round(result.duration_s, 3), "truncated": result.truncated,
            "dropped_s": round(result.dropped_s, 1),
            "model": result.model, "model_load_s": round(load_s, 3), "seconds": round(result.seconds, 3),
        }, ensure_ascii=False, indent=2))
        return 0 if result.confident and result.text.strip() else 1
    print(result.text if result.text else "(no speech recognised)")
    print(f"language: {result.language or '-'} (p={result.language_probability:.2f})  "
          f"confident: {'yes' if result.confident else 'no - ask to repeat'}")
    rtf = result.seconds / result.duration_s if result.duration_s else 0.0
    print(f"audio {result.duration_s:.2f}s, model load {load_s:.2f}s, ASR {result.seconds:.2f}s (RTF {rtf:.2f})")
    if chooser.remote is not None:
        print(f"engine: {used.engine} ({result.model}), total {used.seconds:.2f}s"
              + (f"; fallback: {used.reason}" if used.reason else ""))
    if result.truncated:
        print(f"cut: {result.dropped_s:.1f}s of speech after the first {args.max_speech:.0f}s of speech were not "
              "transcribed (split the recording to hear all of it)")
    return 0 if result.confident and result.text.strip() else 1  # README: 1 = speech not understood


def _say(args: argparse.Namespace) -> int:
    from kiosk.tts import SpeechChunk, get_speaker, join_chunks

    out = check_output(args.output)  # before the synthesis: a directory, no folder, no permission (exit 4)
    normalize(args.lang)  # UnsupportedLanguage (exit 2); a supported language without a voice is exit 5
    if not args.text.strip():
        raise KioskError("nothing to say (empty text)", code="bad_input")
    from kiosk.remote.routed import say, speaker_chooser

    chooser = speaker_chooser()  # KIOSK_TTS_URI first, when set
    if chooser.remote is not None:
        spoken = say(chooser, args.text, args.lang, args.rate)
        if not spoken.clip.duration_s:
            raise KioskError("nothing to say (the text has nothing speakable)", code="bad_input")
        write_wav(spoken.clip, out)
        print(f"voice: {spoken.voice} (engine {spoken.engine}"
              + (f"; fallback: {spoken.fallback})" if spoken.fallback else ")"))
        print(f"first audio {spoken.first_audio_s:.2f}s, total {spoken.total_s:.2f}s, "
              f"audio {spoken.clip.duration_s:.2f}s -> {args.output}")
        return 0
    speaker = get_speaker()
    t0 = time.perf_counter()
    choice = speaker.voice_for(args.lang)  # UnsupportedLanguage (exit 2), TTSError (exit 5)
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    first: float | None = None

    def timed(chunks: Iterator[SpeechChunk]) -> Iterator[SpeechChunk]:
        nonlocal first
        for chunk in chunks:
            if first is None:
                first = time.perf_counter() - t1
            yield chunk

    clip = join_chunks(timed(speaker.stream(args.text, args.lang, rate=args.rate)), choice.sample_rate, args.rate)
    total = time.perf_counter() - t1
    if first is None:
        raise KioskError("nothing to say (the text has nothing speakable)", code="bad_input")
    write_wav(clip, out)  # OutputError (exit 4): disk full, permission denied...
    print(f"voice: {choice.engine} {choice.voice} ({choice.lang}, {choice.sample_rate} Hz) (engine local)")
    print(f"voice load {load_s:.2f}s, first audio {first or 0.0:.2f}s, total {total:.2f}s, "
          f"audio {clip.duration_s:.2f}s -> {args.output}")
    return 0
