"""`kiosk` command line: a thin shell over the core pipeline. Each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import logging
import sys
import tomllib
from typing import NoReturn

from pydantic import ValidationError

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

# module name -> registers one or more subcommands via register(subparsers)
_COMMAND_MODULES = [
    "kiosk.cli.models_cmd",
    "kiosk.cli.voice_cmd",
    "kiosk.cli.ask_cmd",
    "kiosk.cli.converse_cmd",
    "kiosk.cli.config_cmd",
    "kiosk.cli.chat_cmd",
    "kiosk.cli.translate_cmd",
    "kiosk.cli.phrases_cmd",
    "kiosk.cli.app_cmd",
    "kiosk.cli.rules_cmd",
    "kiosk.cli.declaration_cmd",
    "kiosk.cli.report_cmd",
    "kiosk.cli.serve_cmd",
]

# KioskError.code -> exit status: the one place where failures become exit codes (table in main()'s docstring).
EXIT_CODES: dict[str, int] = {
    "not_understood": 1,
    "bad_input": 2, "audio": 2, "unsupported_language": 2,
    "model_unavailable": 3,
    "storage": 4,
    "unavailable": 5, "no_microphone": 5, "speech_output": 5, "translation": 5,
    "internal": 70,
}
EXIT_INTERRUPTED = 130
_STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG, errno.EIO}


class UsageError(Exception):
    """A command line argparse refuses: main() prints it as one `error:` line, exit 2."""

    def __init__(self, message: str, prog: str) -> None:
        super().__init__(message)
        self.prog = prog


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line (`error: ... (see kiosk X --help)`), not usage text + message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, self.prog)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kiosk",
        description="Offline multilingual customs kiosk: speech in, rule-grounded answers out.",
        epilog="Exit status: 0 ok; 1 done, but the result needs attention; 2 bad input; 3 model unavailable; "
               "4 cannot write (disk full, permission, a directory); 5 a component is missing or failed; "
               "70 internal error; 130 interrupted.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug information (no personal data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        mod.register(sub)
    return parser


def as_kiosk_error(exc: BaseException) -> KioskError:
    """The KioskError an unexpected exception stands for (the rest is an internal error, i.e. a bug)."""
    if isinstance(exc, KioskError):
        return exc
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        code = "storage" if exc.errno in _STORAGE_ERRNOS else "bad_input"
        return KioskError(f"{exc.strerror or type(exc).__name__}{where}", code=code)
    if isinstance(exc, tomllib.TOMLDecodeError | json.JSONDecodeError):
        return KioskError(f"invalid data file ({exc})", code="bad_input")
    if isinstance(exc, ValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": ""}
        loc = ".".join(str(x) for x in first["loc"])
        return KioskError(f"invalid {exc.title} table or data file: {exc.error_count()} error(s), first at "
                          f"'{loc}': {first['msg']}", code="bad_input")
    if isinstance(exc, ImportError):
        return KioskError(f"a module is missing ({exc.name or exc})", code="unavailable",
                          fix="bash packaging/setup.sh install")
    if isinstance(exc, MemoryError):
        return KioskError("out of memory", code="internal")
    if isinstance(exc, RecursionError):
        return KioskError("input nested too deeply to read", code="bad_input")
    if isinstance(exc, ValueError) and "null byte" in str(exc):
        return KioskError("a file name contains a NUL byte", code="bad_input")
    return KioskError(f"internal error ({type(exc).__name__}); run with -v for the traceback", code="internal")


def main(argv: list[str] | None = None) -> int:
    """Run one `kiosk` command. Every expected failure ends as one line `error: ...` on stderr and an exit status:

    ====  ====================================================================================================
    exit  meaning (KioskError codes)
    ====  ====================================================================================================
    0     success
    1     done, but the result needs attention: a model not ok (`models list/verify`), a flagged translation
          or interpretation, a batch with bad lines, speech not understood (`not_understood`)
    2     bad input: usage error, input file missing / unreadable / a directory, damaged or unsupported audio,
          invalid rule table or data file, unknown model id, bad mirror (`bad_input`, `audio`,
          `unsupported_language`)
    3     a model is unavailable: missing, corrupt, unloadable (`model_unavailable`)
    4     cannot write: output is a directory, its folder is missing, permission denied, disk full, read-only;
          KIOSK_HOME is not a writable folder (`storage`)
    5     a component is missing or failed: Python module, system package, microphone, speech synthesis,
          translation (`unavailable`, `no_microphone`, `speech_output`, `translation`)
    70    internal error (a bug): one line; `kiosk -v ...` logs the traceback (`internal`)
    130   interrupted (Ctrl+C)
    ====  ====================================================================================================
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(f"error: {' '.join(str(exc).split())} (see `{exc.prog} --help`)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line and a documented status
        err = as_kiosk_error(exc)
        log.debug("command failed", exc_info=True)
        print("error: " + " ".join(str(err).split()), file=sys.stderr)
        return EXIT_CODES.get(err.code, EXIT_CODES["internal"])


if __name__ == "__main__":
    sys.exit(main())
