"""Probe classes `sessions`, `removal`, `exit70`, `settings` and `codes` of probe_sweep.py."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from probe_sweep import Outcome, Probe, cli, expect


def sessions(tmp: Path) -> list[Probe]:
    probes = []
    bad = ["", " ", "\t", 0, 1, 123, 1.5, True, False, None, [], ["a"], {}, {"id": "a"}, -1, 10**30]
    for i, value in enumerate(bad):
        lines = [{"session": value, "text": "I have 10 grams of heroin.", "lang": "en"},
                 {"session": value, "text": "Just my phone.", "lang": "en"}]
        probes.append(_batch_probe(tmp, f"session {value!r}", i, lines, lambda out: None if all(
            "error" in o and '"session" must be a non-empty string' in o["error"] for o in out)
            else f"answered: {[o.get('verdict') for o in out]}"))
    pairs = [("a", "A"), ("a", "a "), ("123", "0123"), ("x", "x\u200b"), ("é", "e\u0301"), ("1", "１")]
    for j, (first, second) in enumerate(pairs):
        lines = [{"session": first, "text": "I have 10 grams of heroin.", "lang": "en"},
                 {"session": second, "text": "Just my phone.", "lang": "en"}]
        probes.append(_batch_probe(tmp, f"distinct ids {first!r}/{second!r}", 100 + j, lines, lambda out: None if (
            out[0].get("verdict") == "prohibited" and out[1].get("verdict") not in ("prohibited", None))
            else f"verdicts {[o.get('verdict') for o in out]}"))
    same = [{"session": "t1", "text": "I have 10 grams of heroin.", "lang": "en"},
            {"session": "t1", "text": "Just my phone.", "lang": "en"}]
    probes.append(_batch_probe(tmp, "one traveler keeps the basket", 200, same,
                               lambda out: None if out[1].get("verdict") == "prohibited" else "basket lost"))
    return probes + mixed_sessions(tmp, 40)


def mixed_sessions(tmp: Path, n: int) -> list[Probe]:
    """Seeded random batches mixing valid and invalid ids: an invalid id is always an error line, and heroin
    (narcotics) is in a line's basket only if that very session spoke of it."""
    import random

    rnd = random.Random(2021)
    ids: list[object] = ["a", "b", "A", "a ", "", " ", 1, "1", None, True, [], "ｂ"]
    texts = ["I have 10 grams of heroin.", "Just my phone.", "Two bottles of whisky, one litre each.",
             "I have 20,000 dollars in cash.", "A laptop for 900 dollars."]
    probes = []
    for i in range(n):
        lines = [{"session": rnd.choice(ids), "text": rnd.choice(texts), "lang": "en"} for _ in range(rnd.randint(3, 8))]

        def judge(out: list[dict], lines: list[dict] = lines) -> str | None:
            said: dict[str, bool] = {}
            for line, o in zip(lines, out, strict=True):
                sid = line["session"]
                valid = isinstance(sid, str) and sid.strip() != ""
                if not valid:
                    if "error" not in o:
                        return f"id {sid!r} answered"
                    continue
                said[sid] = said.get(sid, False) or "heroin" in line["text"]
                has = any(b["category"] == "narcotics" for b in o.get("basket", []))
                if has != said[sid]:
                    return f"session {sid!r}: narcotics in basket {has}, spoken {said[sid]}"
            return None
        probes.append(_batch_probe(tmp, f"mixed batch {i} ({len(lines)} lines)", 300 + i, lines, judge))
    return probes


def _batch_probe(tmp: Path, name: str, i: int, lines: list[dict], judge: Callable[[list[dict]], str | None]) -> Probe:
    src = tmp / f"batch-{i}.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")

    def check(o: Outcome) -> str | None:
        generic = expect(0, 1)(o)
        return generic or judge([json.loads(x) for x in o.out.splitlines()])
    return Probe("sessions", name, lambda: cli(["ask", "--batch", str(src), "--json", "--no-llm"]), check)


def removal(tmp: Path) -> list[Probe]:
    hazards = ["I have cocaine.", "I have 10 grams of heroin.", "I have a gun.", "I have beef jerky.",
               "I have 20,000 dollars in cash.", "I have some cannabis gummies.", "I have a live parrot.",
               "I have fresh mangoes.", "I have a zapper.", "I have fake Rolex watches.", "I have meth.",
               "I have a pistol.", "I have pork sausages.", "I have plant seeds."]
    commands = ["/remove i1", "/remove  i1  ", "/remove i1\n/remove i1", "forget it\n/remove i1", "forget it",
                "remove the last item", "I don't have that anymore", "/remove I1", "/remove i1 i1"]
    probes = []
    for text in hazards:
        for cmd in commands:
            stdin = f"{text}\n{cmd}\n/basket\n/quit\n"

            def check(o: Outcome) -> str | None:
                generic = expect(0)(o)
                if generic:
                    return generic
                lines = o.out.splitlines()
                heads = [i for i, line in enumerate(lines) if line.startswith("[")]
                verdicts = [lines[i].split("]")[0][1:] for i in heads]
                first = next((line for line in lines if line.startswith("  i1  ")), "")
                # a hazard as a spoken removal sees it: prohibited or restricted goods, or unknown ones
                if not first or not (first.endswith(("-> prohibited", "-> restricted")) or "[unknown]" in first):
                    return None  # nothing in the basket, or goods a traveler may take back (also by voice)
                if "allowed" in verdicts:
                    return f"became allowed: {verdicts}"
                if not any(line.startswith("  i1  ") for line in lines[heads[-1]:]):
                    return "the hazard left the basket"
                return None
            probes.append(Probe("removal", f"{text} + {cmd!r}", lambda s=stdin: cli(
                ["chat", "--no-llm", "--lang", "en"], stdin=s), check))
    return probes


def exit70(tmp: Path) -> list[Probe]:
    probes = []
    out = ["converse", "--text", "hi", "-o"]
    for name in ("answer", "answer.txt", "answer.mp3", "answer.WAV.bak", "/proc/version", "/proc/self/x.wav",
                 "/dev/full/x.wav", str(tmp), str(tmp / "no" / "x.wav"), "a\0b.wav", "", " "):
        probes.append(Probe("exit70", f"converse -o {name!r}", lambda n=name: cli([*out, n]), expect(2, 4)))
    for name in ("answer", "answer.mp3", "/proc/version", "a\0b.wav", ""):
        probes.append(Probe("exit70", f"say -o {name!r}", lambda n=name: cli(
            ["say", "hi", "--lang", "en", "-o", n]), expect(2, 4)))
    rows = {"no expected_verdict": {"text": "x", "lang": "en"}, "verdict null": {"text": "x", "expected_verdict": None},
            "text number": {"text": 5, "expected_verdict": "allowed"}, "list row": [1, 2], "string row": "x",
            "deep": None}
    for name, row in rows.items():
        q = tmp / f"q-{name.replace(' ', '_')}.jsonl"
        q.write_text(("[" * 5000 + "]" * 5000) if row is None else json.dumps(row), encoding="utf-8")
        probes.append(Probe("exit70", f"report --questions ({name})", lambda q=q: cli(
            ["report", "--questions", str(q), "--no-speech", "-o", str(tmp / "rep")]), expect(2)))
    for name, row in {"path not file": {"lang": "en", "path": "a.wav", "ref": "x"},
                      "no ref": {"lang": "en", "file": "a.wav"}, "file missing": {"lang": "en", "file": "zz.wav",
                                                                                  "ref": "x"},
                      "file absolute": {"lang": "en", "file": "/etc/passwd", "ref": "x"},
                      "file NUL": {"lang": "en", "file": "a\0.wav", "ref": "x"}}.items():
        s = tmp / f"s-{name.replace(' ', '_')}.jsonl"
        s.write_text(json.dumps(row), encoding="utf-8")
        probes.append(Probe("exit70", f"report --speech ({name})", lambda s=s: cli(
            ["report", "--questions", str(tmp / "none"), "--speech", str(s)]), expect(2)))
    for name, body in {"NUL path": '{"version":1,"models":[{"id":"a","kind":"mt","languages":["*"],"files":'
                                   '[{"path":"a\\u0000b","size":1,"sha256":"' + "0" * 64 + '"}]}]}',
                       "50k deep": '{"version":1,"models":' + "[" * 50_000 + "]" * 50_000 + "}",
                       "not json": "{", "utf16": '{"version": 1, "models": []}'.encode("utf-16").decode("latin-1"),
                       "models not list": '{"version":1,"models":{}}',
                       "size string": '{"version":1,"models":[{"id":"a","kind":"mt","languages":["*"],"files":'
                                      '[{"path":"a","size":"1","sha256":"' + "0" * 64 + '"}]}]}'}.items():
        from signed_mirror import sign_mirror, write_public_key

        root = tmp / f"m70-{len(probes)}"
        root.mkdir()
        (root / "manifest.json").write_text(body, encoding="latin-1" if name == "utf16" else "utf-8")
        sign_mirror(root)
        keys = str(write_public_key(tmp / "keys70"))
        probes.append(Probe("exit70", f"models install ({name})", lambda r=root, k=keys: cli(
            ["models", "install", "--from", str(r)], {"KIOSK_HOME": str(tmp / "h70"), "KIOSK_KEYS_DIR": k}),
            expect(2)))
    probes.append(Probe("exit70", "models install --from NUL", lambda: cli(["models", "install", "--from", "a\0b"]),
                        expect(2)))
    probes.append(Probe("exit70", "ask --batch NUL path", lambda: cli(["ask", "--batch", "a\0b"]), expect(2)))
    return probes + fuzzed_argv(tmp, 160)


def fuzzed_argv(tmp: Path, n: int) -> list[Probe]:
    """Seeded random command lines: each command's options filled with odd values. Any exit but 70 (and 130)
    is fine; a failure is one `error:` line. `serve`, `app` and `rules` are left out (servers, Qt, key files)."""
    import random

    rnd = random.Random(21)
    odd = ["", " ", "\0", "-", "--", "-1", "0", "nan", "1e999", "x" * 5000, "/dev/null", "/proc/version", str(tmp),
           "../../etc/passwd", "\U0001f600", "\u202eevil", "%s%n", "ko", "en", "zz", "KR", "2026-11-22",
           "1900-01-01", str(tmp / "o.wav"), str(tmp / "none.wav"), "-o", "--json", "I have cocaine", "i1"]
    shapes = [["ask", "V"], ["ask", "V", "--lang", "V"], ["ask", "V", "--age", "V", "--no-llm"],
              ["ask", "V", "--arrival", "V", "--no-llm"], ["ask", "--batch", "V"], ["ask", "V", "--jurisdiction", "V"],
              ["say", "V", "--lang", "V", "-o", "V"], ["say", "hi", "--lang", "en", "-o", "V", "--rate", "V"],
              ["converse", "V"], ["converse", "--text", "V", "--lang", "V", "-o", "V"], ["translate", "V", "--from",
                                                                                        "V", "--to", "V"],
              ["transcribe", "V"], ["transcribe", "V", "--lang", "V"], ["interpret", "V", "--officer", "V"],
              ["models", "verify", "V"], ["models", "install", "--from", "V"], ["report", "--questions", "V",
                                                                                  "--no-speech", "-o", "V"],
              ["config", "V"], ["chat", "--lang", "V"], ["declaration", "V"], ["phrases", "V"], ["V"], ["V", "V"]]
    probes = []
    for i in range(n):
        argv = [rnd.choice(odd) if a == "V" else a for a in rnd.choice(shapes)]
        probes.append(Probe("exit70", f"fuzz {i}: {' '.join(argv)[:60]!r}", lambda a=argv: cli(a),
                            expect(0, 1, 2, 3, 4, 5)))
    return probes


def settings_class(tmp: Path) -> list[Probe]:
    probes = []
    env_cases = [
        ({"KIOSK_HOME": str(tmp / "nonexistent" / "dir")}, ["models", "list"], (4,)),
        ({"KIOSK_HOME": str(tmp / "file")}, ["models", "list"], (4,)),
        ({"KIOSK_HOME": ""}, ["models", "list"], (2,)),
        ({"KIOSK_JURISDICTION": "ZZ"}, ["config"], (2,)), ({"KIOSK_JURISDICTION": "ZZ"}, ["ask", "wine", "--no-llm"], (2,)),
        ({"KIOSK_JURISDICTION": "ZZ"}, ["chat", "--no-llm"], (2,)), ({"KIOSK_JURISDICTION": "ZZ"}, ["converse", "--text", "hi"], (2,)),
        ({"KIOSK_JURISDICTION": "K1"}, ["config"], (2,)), ({"KIOSK_JURISDICTION": ""}, ["config"], (2,)),
        ({"KIOSK_JURISDICTION": "KRX"}, ["config"], (2,)), ({"KIOSK_JURISDICTION": "../kr"}, ["config"], (2,)),
        ({"KIOSK_JURISDICTION": "jp"}, ["config"], (0,)), ({"KIOSK_LANG": "xx"}, ["config"], (2,)),
        ({"KIOSK_LANG": "KO"}, ["config"], (0,)), ({"KIOSK_LANG": "ar"}, ["config"], (2,)),
        ({"KIOSK_LLM_THREADS": "0"}, ["config"], (2,)), ({"KIOSK_METRICS_PORT": "70000"}, ["config"], (2,)),
        ({"KIOSK_REMOTE_TIMEOUT": "0"}, ["config"], (2,)), ({"KIOSK_SCREEN_RESOLUTION": "big"}, ["config"], (2,)),
        ({"KIOSK_USE_LLM": "maybe"}, ["config"], (2,)), ({"KIOSK_SESSION_TMP": ""}, ["config"], (0,)),
    ]
    (tmp / "file").write_text("x")
    for env, argv, codes in env_cases:
        probes.append(Probe("settings", f"{env} {' '.join(argv)}", lambda e=env, a=argv: cli(a, e), expect(*codes)))
    probes.append(Probe("settings", "KIOSK_HOME=<missing>/dir creates nothing",
                        lambda: cli(["models", "list"], {"KIOSK_HOME": str(tmp / "nonexistent" / "dir")}),
                        lambda o: expect(4)(o) or ("created" if (tmp / "nonexistent").exists() else None)))
    probes.append(Probe("settings", "KIOSK_JURISDICTION=JP answers from JP", lambda: cli(
        ["ask", "Four bottles of whisky", "--no-llm", "--json"], {"KIOSK_JURISDICTION": "JP"}),
        expect(0, out_has="jp.alcohol")))
    opts = [["--lang", v] for v in ("xx", "", "k", "english", "zz-ZZ", "\u00e9")] + \
        [["--age", v] for v in ("-5", "131", "1e3", "x", "", "5.5")] + \
        [["--arrival", v] for v in ("1900-01-01", "2999-01-01", "2026-13-01", "x", "", "0000-01-01")]
    for o in opts:
        probes.append(Probe("settings", f"ask {' '.join(o)}", lambda o=o: cli(["ask", "two bottles of wine",
                                                                               "--no-llm", *o]), expect(2)))
    for v in ("-1", "0", "nan", "inf", "-inf", "1e9", "x", "", "0.1", "3"):
        probes.append(Probe("settings", f"say --rate {v}", lambda v=v: cli(
            ["say", "hi", "--lang", "en", "-o", str(tmp / "r.wav"), "--rate", v]), expect(2)))
        probes.append(Probe("settings", f"converse --rate {v}", lambda v=v: cli(
            ["converse", "--text", "hi", "--rate", v]), expect(2)))
    for field, value in (("arrival", 123), ("arrival", "1900-01-01"), ("arrival", None), ("arrival", "x"),
                         ("lang", "xx"), ("lang", 5), ("age", -5), ("age", 500), ("age", 1.5), ("age", True)):
        src = tmp / f"f-{field}-{len(probes)}.jsonl"
        src.write_text(json.dumps({"text": "two bottles of wine", field: value}) + "\n", encoding="utf-8")
        probes.append(Probe("settings", f"batch {field}={value!r}", lambda s=src: cli(
            ["ask", "--batch", str(s), "--json", "--no-llm"]),
            lambda o: expect(1)(o) or (None if '"error"' in o.out else "answered")))
    return probes


def codes(tmp: Path) -> list[Probe]:
    fifo = tmp / "fifo.wav"
    os.mkfifo(fifo)
    (tmp / "ro").mkdir(mode=0o500)
    cases = [
        (["say", "hi", "--lang", "en", "-o", str(tmp)], (4,), "is a directory"),
        (["converse", "--text", "hi", "-o", str(tmp)], (4,), "is a directory"),
        (["translate", "hi", "--from", "en", "--to", "ko", "-o", str(tmp)], (4,), "is a directory"),
        (["interpret", "/dev/null", "-o", str(tmp)], (2, 4), ""),
        (["translate", "a" * 4001, "--from", "en", "--to", "ko"], (2,), "too long"),
        (["translate", "a " * 3000, "--from", "en", "--to", "ko"], (2,), "too long"),
        (["transcribe", "/dev/null"], (2,), "not a regular file"),
        (["transcribe", str(fifo)], (2,), "not a regular file"),
        (["transcribe", "/dev/zero"], (2,), "not a regular file"),
        (["interpret", str(fifo)], (2,), ""),
        (["converse", str(fifo)], (2,), "not a regular file"),
        (["converse", "/dev/null"], (2,), "not a regular file"),
        (["ask", "--batch", str(tmp)], (2,), "directory"),
        (["nosuch"], (2,), "invalid choice"), (["ask", "--bogus"], (2,), "unrecognized"),
        (["say", "hi"], (2,), "required"), (["models", "install"], (2,), "required"),
        (["rules", "install"], (2,), "required"), (["transcribe"], (2,), "required"),
        (["transcribe", "x.wav", "--task", "dance"], (2,), "invalid choice"),
        (["ask"], (2,), "give a question"), (["converse"], (2,), "give at least one"),
        (["models", "verify", "no-such"], (2,), "unknown model"),
        (["app", "--lang", "xx"], (2,), "invalid choice"),
        (["say", "hi", "--lang", "en", "-o", "/dev/full"], (4,), "No space left"),
        (["declaration", "schema", "-o", str(tmp)], (4,), "is a directory"),
        (["declaration", "schema", "-o", "/dev/full"], (4,), "No space left"),
        (["declaration", "schema", "-o", str(tmp / "schema.txt")], (2,), "name it *.json"),
        (["declaration", "schema", "-o", str(tmp / "no" / "s.json")], (4,), "does not exist"),
        (["report", "-o", str(fifo), "--no-speech"], (4,), "not a folder"),
        (["report", "-o", "/proc/version", "--no-speech"], (4,), "not a folder"),
        (["transcribe", str(tmp)], (2,), "is a directory"),
        (["interpret", str(tmp)], (2,), "is a directory"),
        (["ask", "--batch", "/dev/null", "--json"], (0, 2), ""),
        (["models", "install", "--from", "/dev/null"], (2,), "not found"),
        (["models", "install", "--from", "http://127.0.0.1:9/"], (2,), "cannot read"),
        (["models", "install", "--from", "ftp://x/"], (2,), ""),
        (["translate", "hi", "--from", "en", "--to", "ko", "-o", str(tmp / "t.mp3")], (2,), "name it *.wav"),
    ]
    probes = [Probe("codes", " ".join(a)[:70], lambda a=a: cli(a), expect(*c, says=s)) for a, c, s in cases]
    return probes
