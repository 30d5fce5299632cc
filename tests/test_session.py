"""Session state and the reset wipe (memory + temp files)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from kiosk.audio import AudioClip
from kiosk.declaration import DeclaredItem
from kiosk.interpret import Turn
from kiosk.session import Session, leftover_session_dirs, purge_leftovers


def test_wipe_clears_memory_and_disk() -> None:
    s = Session(language="ru", accessibility=True)
    samples = np.ones(1600, np.float32)
    s.audio.append(samples)
    s.add_exchange("I have 3 bottles of vodka", "ru", answer=None)
    heard = AudioClip(np.ones(1600, np.float32), 16000)
    s.interpreter("ko").add_turn(Turn("traveler", "three bottles", "세 병", "en", "ko", 0.9, False, "identity",
                                      datetime.now(UTC), heard))
    s.declaration.identity.name = "Ivan Petrov"
    s.declaration.items.append(DeclaredItem(kind="over_allowance", category="alcohol"))
    f = s.temp_file(".pdf")
    f.write_bytes(b"%PDF secret")
    tmp = s.tmp_dir
    old_id = s.id
    assert tmp.exists() and not s.is_empty()
    assert oct(tmp.stat().st_mode & 0o777) == "0o700"

    s.wipe()

    assert s.is_empty()
    assert not tmp.exists() and not f.exists()
    assert not samples.any() and not heard.samples.any(), "audio buffers are overwritten, not just dropped"
    assert s.interpret_turns == () and s.interpretation is None
    assert s.id != old_id and s.declaration.identity.name == "" and s.utterances == []
    assert tmp not in leftover_session_dirs()


def test_purge_leftovers_from_a_crash() -> None:
    s = Session()
    (s.tmp_dir / "x.wav").write_bytes(b"RIFF")
    assert s.tmp_dir in leftover_session_dirs()
    assert purge_leftovers() >= 1
    assert not leftover_session_dirs()
