"""`kiosk translate "TEXT" --from xx --to yy` and `kiosk interpret A.wav --officer ko --traveler xx`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk import languages
from kiosk.registry import ModelUnavailable


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    tp = sub.add_parser("translate", help="translate text (NLLB pack > multilingual LLM), offline",
                        description="Translate text between the kiosk's languages and say which engine did it.")
    tp.add_argument("text", help="text to translate")
    tp.add_argument("--from", dest="src", required=True, metavar="LANG", help="source language (ko, en, zh, ...)")
    tp.add_argument("--to", dest="tgt", required=True, metavar="LANG", help="target language")
    tp.add_argument("--json", action="store_true", help="machine-readable output")
    tp.add_argument("-o", "--output", type=Path, metavar="OUT.wav", help="also speak the translation into a WAV")
    tp.set_defaults(func=_translate)

    ip = sub.add_parser("interpret", help="interpret one spoken turn between officer and traveler",
                        description="Transcribe a WAV (language detected), translate it to the other side's "
                                    "language, and report transcript, language, translation, engine, timings.")
    ip.add_argument("audio", type=Path, help="WAV/FLAC/OGG file of one turn")
    ip.add_argument("--officer", default="ko", metavar="LANG", help="officer's language (default ko)")
    ip.add_argument("--traveler", default=None, metavar="LANG", help="traveler's language (default: detect)")
    ip.add_argument("--side", choices=("traveler", "officer"), default="traveler", help="who speaks (default traveler)")
    ip.add_argument("--json", action="store_true", help="machine-readable output")
    ip.add_argument("-o", "--output", type=Path, metavar="OUT.wav", help="also speak the translation into a WAV")
    ip.set_defaults(func=_interpret)


def _speak(text: str, lang: str, out: Path) -> str | None:
    """Synthesize text into out; returns an error message or None."""
    try:
        from kiosk.audio import save_wav
        from kiosk.tts import TTSError, get_speaker
    except ImportError as exc:  # pragma: no cover - depends on the optional TTS layer
        return f"speech output unavailable ({exc})"
    try:
        save_wav(get_speaker().synthesize(text, lang), out)
    except (TTSError, ModelUnavailable, OSError) as exc:
        return f"could not speak the translation: {getattr(exc, 'message', exc)}"
    return None


def _speak_if_asked(args: argparse.Namespace, text: str, lang: str, flagged: bool) -> tuple[str | None, str | None]:
    """With -o, speak a confident, non-empty translation: (path of the WAV written or None, error message or None)."""
    if not args.output or not text or flagged:
        return None, None
    error = _speak(text, lang, args.output)
    return (None if error else str(args.output)), error


def _translate(args: argparse.Namespace) -> int:
    from kiosk.translate import TranslationError, get_translation_service

    try:
        tr = get_translation_service().translate(args.text, args.src, args.tgt)
    except TranslationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    audio, speak_error = _speak_if_asked(args, tr.text, tr.target_lang, tr.flagged)
    if args.json:
        data = tr.to_dict()
        if args.output:
            data["audio"] = audio
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(tr.text)
        print(f"[{tr.source_lang}->{tr.target_lang} engine={tr.engine} confidence={tr.confidence:.2f} "
              f"time={tr.seconds:.2f}s]" + (" PLEASE REPEAT: low confidence" if tr.flagged else ""),
              file=sys.stderr)
    if speak_error:
        print(speak_error, file=sys.stderr)
    return 1 if tr.flagged else 0


def _interpret(args: argparse.Namespace) -> int:
    from kiosk.interpret import InterpretError, InterpretSession

    if not args.audio.is_file():
        print(f"error: audio file not found: {args.audio}", file=sys.stderr)
        return 2
    try:
        session = InterpretSession(officer_lang=args.officer, traveler_lang=args.traveler)
        turn = session.add_audio(args.side, args.audio)
    except (InterpretError, languages.UnsupportedLanguage) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ModelUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    audio, speak_error = _speak_if_asked(args, turn.translation, turn.target_lang, turn.flagged)
    if args.json:
        data = turn.to_dict()
        data["detected_language"] = turn.source_lang
        if args.output:
            data["audio"] = audio
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"transcript ({turn.source_lang}): {turn.original}")
        print(f"translation ({turn.target_lang}): {turn.translation}")
        print(f"engine: {turn.engine}  confidence: {turn.confidence:.2f}  asr: {turn.asr_seconds:.2f}s  "
              f"translate: {turn.translate_seconds:.2f}s")
        if turn.flagged:
            print(f"PLEASE REPEAT ({turn.note or 'low confidence'})")
    if speak_error:
        print(speak_error, file=sys.stderr)
    return 1 if turn.flagged else 0
