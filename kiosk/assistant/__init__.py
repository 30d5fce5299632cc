"""Rule-grounded customs assistant: text in 10 languages -> items -> rule engine -> templated answer.

Modules: assistant (Assistant, get_assistant), conversation (Conversation: basket across turns), answer (Answer,
BasketItem, Confirm, RuleRef), parser/numbers/unaccounted (deterministic understanding), lexicon (data files in
locales/lexicon), templates (answer text from locales/rules), spoken (amounts in words), langdetect.
"""

from __future__ import annotations

from kiosk.assistant.answer import ANSWER_VERDICTS, Answer, BasketItem, Confirm, RuleRef
from kiosk.assistant.assistant import Assistant, get_assistant
from kiosk.assistant.conversation import Conversation
from kiosk.assistant.langdetect import detect_language
from kiosk.assistant.parser import ParsedQuestion, parse_question
from kiosk.assistant.templates import split_answer
from kiosk.rules.model import VERDICTS, Item

__all__ = ["ANSWER_VERDICTS", "VERDICTS", "Answer", "Assistant", "BasketItem", "Confirm", "Conversation", "Item",
           "ParsedQuestion", "RuleRef", "detect_language", "get_assistant", "parse_question", "split_answer"]
