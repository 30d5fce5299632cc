"""Amounts read back in words and digits ("삼십만 원 (300,000 KRW)") for the traveler to confirm.

Words come from num2words (ko en ja es fr ru vi th de) and cn2an (zh); digits from Babel in the answer's locale.
"""

from __future__ import annotations

import logging

from kiosk.assistant.templates import fmt_number

log = logging.getLogger(__name__)


def in_words(value: float, lang: str) -> str:
    n: float | int = int(value) if float(value).is_integer() else round(value, 2)
    try:
        if lang == "zh":
            import cn2an

            return str(cn2an.an2cn(str(n)))
        from num2words import num2words

        return str(num2words(n, lang=lang if lang != "en" else "en"))
    except (NotImplementedError, ValueError, OverflowError, ImportError) as exc:
        log.debug("no number words for %s (%s)", lang, type(exc).__name__)
        return fmt_number(n, lang)


def in_digits(value: float, currency: str, lang: str) -> str:
    return f"{fmt_number(value, lang)} {currency}"
