"""`kiosk translate "TEXT" --from xx --to yy` and `kiosk interpret A.wav --officer ko --traveler xx`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk import languages
from kiosk.audio import AudioError
from kiosk.cli.outputs import check_output, write_wav
from kiosk.errors import KioskError


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


def _speak(text: str, lang: str, out: Path) -> KioskError | None:
    """Synthesize text into out; returns the error (nothing written) or None."""
    from kiosk.tts import get_speaker

    try:
        write_wav(get_speaker().synthesize(text, lang), out)
    except KioskError as exc:  # TTSError, ModelUnavailable, OutputError (disk full...)
        return exc
    return None


def _speak_if_asked(args: argparse.Namespace, text: str, lang: str, flagged: bool) -> tuple[str | None,
                                                                                             KioskError | None]:
    """With -o, speak a confident, non-empty translation: (path of the WAV written or None, error or None)."""
    if not args.output or not text or flagged:
        return None, None
    error = _speak(text, lang, args.output)
    return (None if error else str(args.output)), error


def _spoken_status(error: KioskError | None, flagged: bool) -> int:
    """Exit status once the result is printed: a failed -o is not a success (its own code), flagged is 1."""
    if error is not None:
        from kiosk.cli import EXIT_CODES

        print(f"error: could not speak the translation: {error}", file=sys.stderr)
        return EXIT_CODES.get(error.code, EXIT_CODES["internal"])
    return 1 if flagged else 0


def _translate(args: argparse.Namespace) -> int:
    from kiosk.translate import get_translation_service
    from kiosk.translate.types import MAX_CHARS

    languages.normalize(args.src), languages.normalize(args.tgt)  # UnsupportedLanguage: exit 2
    if len(args.text) > MAX_CHARS:  # bad input (exit 2), not a failed component
        raise KioskError(f"text too long to translate ({len(args.text)} characters, limit {MAX_CHARS}); split it",
                         code="bad_input")
    if args.output:
        check_output(args.output)  # exit 4 before any work
    tr = get_translation_service().translate(args.text, args.src, args.tgt)  # TranslationError: exit 5
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
    return _spoken_status(speak_error, tr.flagged)


def _interpret(args: argparse.Namespace) -> int:
    from kiosk.events import Failed, Translated
    from kiosk.interpret import InterpretSession
    from kiosk.pipeline import Pipeline
    from kiosk.session import Session

    if args.audio.is_dir():
        raise AudioError(f"{args.audio} is a directory, not an audio file")
    if not args.audio.is_file():
        raise AudioError(f"audio file not found: {args.audio}")
    if args.output:
        check_output(args.output)  # exit 4 before any work
    InterpretSession(officer_lang=args.officer, traveler_lang=args.traveler)  # a bad language: exit 2, before work
    session = Session(language=languages.normalize(args.traveler) if args.traveler else None)
    turn = None
    # the very turn the officer screen runs (kiosk.pipeline); its failure keeps its code (exit status)
    for ev in Pipeline(play_audio=False).interpret_turn(session, args.side, args.audio, officer_lang=args.officer,
                                                        speak=False):
        if isinstance(ev, Failed):
            raise KioskError(ev.status.detail, fix=ev.status.fix, code=ev.status.code)
        if isinstance(ev, Translated):
            turn = ev.turn
    if turn is None:
        raise KioskError("the interpretation turn ended without a result")
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
    return _spoken_status(speak_error, turn.flagged)
