"""`kiosk` command line: a thin shell over the core pipeline. `main.py` parses and maps failures to exit codes;
each subcommand lives in its own `*_cmd.py` module."""

from kiosk.cli.main import EXIT_CODES, as_kiosk_error, build_parser, main

__all__ = ["EXIT_CODES", "as_kiosk_error", "build_parser", "main"]
