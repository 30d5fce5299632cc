"""`kiosk phrases list|match|say|lint|export|import`: the standard customs phrasebook from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kiosk.registry import ModelUnavailable


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("phrases", help="standard customs phrasebook (40+ languages, offline)",
                       description="List, match, speak, check and exchange the phrasebook's sentences.")
    ps = p.add_subparsers(dest="phrases_command", metavar="ACTION")

    lp = ps.add_parser("list", help="list phrases (one language, optional category)")
    lp.add_argument("--lang", default="en", help="language to show beside Korean (default en)")
    lp.add_argument("--category", help="only this category (documents, baggage, items, ...)")
    lp.add_argument("--json", action="store_true")
    lp.set_defaults(func=_list)

    mp = ps.add_parser("match", help="match a transcript to a phrase (+ slots, confidence, top 3)")
    mp.add_argument("text", help="what was said")
    mp.add_argument("--lang", default="ko", help="language of the text (default ko, the officer)")
    mp.add_argument("--side", choices=("officer", "traveler"), default=None,
                    help="phrases to match against (default: officer for ko, traveler otherwise)")
    mp.add_argument("--to", dest="tgt", help="also render the matched phrase in this language")
    mp.add_argument("--json", action="store_true")
    mp.set_defaults(func=_match)

    sp = ps.add_parser("say", help="render a phrase with slot values and speak it into a WAV")
    sp.add_argument("phrase_id", help="phrase id, e.g. dut06")
    sp.add_argument("--lang", required=True, help="language to render and speak")
    sp.add_argument("--count", type=int)
    sp.add_argument("--money", help="amount and currency, e.g. '800 USD'")
    sp.add_argument("--item", help="item key (alcohol, watch, ...)")
    sp.add_argument("--place", help="place key (exit, inspection_room, ...)")
    sp.add_argument("--date", help="ISO date, e.g. 2026-12-24")
    sp.add_argument("-o", "--output", type=Path, help="WAV file to write (omit to only print the text)")
    sp.set_defaults(func=_say)

    lt = ps.add_parser("lint", help="check every phrase in every language (exit 1 on problems)")
    lt.add_argument("--lang", action="append", help="only these languages (repeatable)")
    lt.add_argument("--markdown", action="store_true", help="print the coverage table (language x counts)")
    lt.set_defaults(func=_lint)

    ep = ps.add_parser("export", help="TSV for translators: id, ko, en, text, review")
    ep.add_argument("--lang", required=True)
    ep.set_defaults(func=_export)

    ip = ps.add_parser("import", help="merge a translator's TSV (id<TAB>text or the export format)")
    ip.add_argument("file", type=Path)
    ip.add_argument("--lang", required=True)
    ip.add_argument("--reviewed-by", help="mark the imported rows 'reviewed-by: NAME'")
    ip.set_defaults(func=_import)
    p.set_defaults(func=lambda _a: (p.print_help(), 0)[1])


def _book():  # type: ignore[no-untyped-def]
    from kiosk.phrasebook import get_phrasebook

    return get_phrasebook()


def _list(args: argparse.Namespace) -> int:
    from kiosk.phrasebook import PhrasebookError, phrase_language

    try:
        book, lang = _book(), phrase_language(args.lang).code
        phrases = book.by_category(args.category) if args.category else list(book.phrases.values())
    except PhrasebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.category and not phrases:
        print(f"error: no category '{args.category}' (known: {', '.join(book.categories)})", file=sys.stderr)
        return 2
    rows = [{"id": p.id, "category": p.category, "side": p.side, "ko": p.text("ko"),
             lang: p.texts[lang].text if lang in p.texts else None,
             "review": p.texts[lang].review if lang in p.texts else None} for p in phrases]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['id']}  {r['ko']}  |  {r[lang]}")
    return 0


def _match(args: argparse.Namespace) -> int:
    from kiosk.phrasebook import PhrasebookError, phrase_language, render
    from kiosk.phrasebook.match import Matcher

    try:
        lang = phrase_language(args.lang).code
        side = args.side or ("officer" if lang == "ko" else "traveler")
        book = _book()
        m = Matcher(book, lang, side).match(args.text)
    except PhrasebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    data = m.to_dict()
    if args.tgt and m.best is not None:
        try:
            data["rendered"] = render(book, book.phrase(m.best.phrase_id), args.tgt, m.best.slots)
        except PhrasebookError as exc:
            data["rendered"] = None
            data["render_error"] = exc.detail
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for i, c in enumerate(m.candidates):
            mark = "*" if i == 0 and m.confident else " "
            print(f"{mark} {c.phrase_id}  {c.score:.2f}  {book.phrase(c.phrase_id).text(lang)}  {c.slots.to_dict()}")
        if data.get("rendered"):
            print(f"-> {data['rendered']}")
        if not m.confident:
            print("not confident: choose one of the phrases above", file=sys.stderr)
    return 0 if m.confident else 1


def _slots(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from kiosk.phrasebook import Money, Slots

    money = None
    if args.money:
        amount, _, cur = args.money.strip().partition(" ")
        try:
            money = Money(Decimal(amount.replace(",", "")), cur.strip().upper() or "USD")
        except InvalidOperation:
            raise ValueError(f"--money must look like '800 USD', not '{args.money}'") from None
    date = dt.date.fromisoformat(args.date) if args.date else None
    return Slots(count=args.count, money=money, item=args.item, place=args.place, date=date)


def _say(args: argparse.Namespace) -> int:
    from kiosk.phrasebook import PhrasebookError, render

    try:
        book = _book()
        text = render(book, book.phrase(args.phrase_id), args.lang, _slots(args))
    except (PhrasebookError, ValueError) as exc:
        print(f"error: {getattr(exc, 'detail', exc)}", file=sys.stderr)
        return 2
    print(text)
    if args.output:
        from kiosk.audio import save_wav
        from kiosk.tts import TTSError, get_speaker

        try:
            save_wav(get_speaker().synthesize(text, args.lang), args.output)
        except (TTSError, ModelUnavailable, OSError) as exc:
            print(f"error: could not speak: {getattr(exc, 'message', exc)}", file=sys.stderr)
            return 3
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _lint(args: argparse.Namespace) -> int:
    from kiosk.phrasebook import PhrasebookError, coverage_markdown, lint, phrase_language

    try:
        book = _book()
        langs = tuple(phrase_language(x).code for x in args.lang) if args.lang else None
        problems = lint(book, langs)
    except PhrasebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.markdown:
        print(coverage_markdown(book))
    for p in problems:
        print(p, file=sys.stderr)
    n_phr = len(book.phrases)
    print(f"{len(book.languages)} languages, {n_phr} phrases, {len(book.terms)} item/place names: "
          f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def _export(args: argparse.Namespace) -> int:
    from kiosk.phrasebook import PhrasebookError
    from kiosk.phrasebook.tsv import export_tsv

    try:
        sys.stdout.write(export_tsv(_book(), args.lang))
    except PhrasebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _import(args: argparse.Namespace) -> int:
    from kiosk.phrasebook import PhrasebookError, load_phrasebook
    from kiosk.phrasebook.tsv import import_texts, parse_lines

    try:
        book = load_phrasebook()
        path = import_texts(book, args.lang, parse_lines(args.file.read_text(encoding="utf-8")), args.reviewed_by)
    except (PhrasebookError, OSError) as exc:
        print(f"error: {getattr(exc, 'detail', exc)}", file=sys.stderr)
        return 2
    print(f"updated {path}", file=sys.stderr)
    return 0
