"""The officer's desk: the kiosk's signed advice scanned at the desk, the officer's decision (hash-chained log),
the decision notice with the right to contest, and the kiosk–officer agreement figures. No Qt."""

from kiosk.desk.advice import ItemAdvice, KioskAdvice, advise, kiosk_id, table_version
from kiosk.desk.decision import OUTCOMES, REASONS, Decision, DecisionError, ItemDecision, direction, text_free
from kiosk.desk.evalset import ReplayResult, load_cases, replay
from kiosk.desk.figures import GroupFigures, Rate, figures, wilson, write_decisions_report
from kiosk.desk.journal import DecisionLog, LogCheck, LogError, check_log
from kiosk.desk.notice import notice_text, render_notice
from kiosk.desk.payload import DeskPayload, sign_payload, verify_payload
from kiosk.desk.review import PersonItems, Review
from kiosk.desk.scanner import ScanInput, deposit, lookup, parse_scan, short_code
from kiosk.desk.texts import Remedies, Remedy, dtr, remedies

__all__ = [
    "OUTCOMES", "REASONS", "Decision", "DecisionError", "DecisionLog", "DeskPayload", "GroupFigures",
    "ItemAdvice", "ItemDecision", "KioskAdvice", "LogCheck", "LogError", "PersonItems", "Rate", "Remedies",
    "Remedy", "ReplayResult", "Review", "ScanInput", "advise", "check_log", "deposit", "direction", "dtr",
    "figures", "kiosk_id", "load_cases", "lookup", "notice_text", "parse_scan", "remedies", "render_notice",
    "replay", "short_code", "sign_payload", "table_version", "text_free", "verify_payload", "wilson",
    "write_decisions_report",
]
