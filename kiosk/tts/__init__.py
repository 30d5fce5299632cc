"""Text to speech: Piper (en) > Kokoro-82M (zh ja es fr it pt hi) > espeak-ng (everything else). No Qt here.

Which voice speaks which language is in voices/voices.toml (best first); what a voice is handed is the text as it
is said (kiosk.tts.readings, voices/readings.toml: Korean numbers as words before counters, units by name); a missing or corrupt model (also one the
registry finds corrupt while loaded) falls through to the next entry. espeak-ng is the last resort except where it
is unintelligible (ja, zh: measured, benchmarks/espeak_fallback.py): there TTSError "no voice for ja", text only.

Speaker.stream() yields audio chunk by chunk: for Kokoro a short first phrase (speech starts in ~0.3-0.6 s on
2 cores instead of ~1.2 s for a whole sentence), then growing chunks synthesized one ahead in a background
thread while the caller plays the previous one.

Modules: types (records, TTSError), phrasing (what one synthesis call says), piper / kokoro / espeak (engines),
speaker (voice choice, streaming, join_chunks).
"""

from kiosk.tts.kokoro import KOKORO_RATE
from kiosk.tts.phrasing import split_sentences
from kiosk.tts.speaker import Speaker, get_speaker, join_chunks
from kiosk.tts.types import SpeechChunk, TTSError, VoiceChoice

__all__ = ["KOKORO_RATE", "SpeechChunk", "Speaker", "TTSError", "VoiceChoice", "get_speaker", "join_chunks",
           "split_sentences"]
