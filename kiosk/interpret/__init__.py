"""Two-way interpretation between a customs officer and a traveler (core, no Qt).

Every turn is transcribed (speech) and translated into the other side's language, with the engine that did it,
a confidence and a "please repeat" flag. The session lives in memory only: nothing is written anywhere unless
the officer exports it (`export_text` / `export_json`) and saves the result; `clear()` wipes it.

Modules: turn (Turn, Side, REPEAT_MESSAGE, transcript_confidence), session (InterpretSession, InterpretError),
hazards (find_hazards: a traveler's hazard words, in Korean for the officer).
"""

from kiosk.interpret.hazards import Hazard, find_hazards
from kiosk.interpret.session import DEFAULT_TRAVELER_LANG, InterpretError, InterpretSession
from kiosk.interpret.turn import REPEAT_MESSAGE, SIDES, Side, Turn, transcript_confidence

__all__ = ["DEFAULT_TRAVELER_LANG", "REPEAT_MESSAGE", "SIDES", "Hazard", "InterpretError", "InterpretSession", "Side",
           "Turn", "find_hazards", "transcript_confidence"]
