"""The pipeline's touch flows: a touch edit of the basket and the declaration drafted from it (mixed into
`kiosk.pipeline.Pipeline`; read that module first). Each is a generator of typed events like a spoken turn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kiosk.config import settings
from kiosk.errors import PipelineError, step
from kiosk.events import Answered, Done, Drafted, Failed, Thinking, TurnEvent
from kiosk.metrics import Turn as TurnMetric
from kiosk.metrics import observe
from kiosk.session import Session

if TYPE_CHECKING:
    from kiosk.assistant import Answer, Assistant
    from kiosk.rules.model import Item


@dataclass(frozen=True)
class BasketEdit:
    """One touch edit of the basket: take an item out, correct its facts, add one, or confirm the amount read back."""

    action: Literal["remove", "update", "add", "confirm", "pick"]
    item_id: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    """For "update": quantity, volume_ml, value, currency (Conversation.update)."""
    item: Item | None = None
    """For "add"."""
    summary: str = ""
    """What was done, as text (recorded as the exchange's question)."""
    apply: Callable[[Session], Answer] | None = None
    """For "pick": the touch picker's adapter (kiosk.ui.basket.BasketAdapter) brings the basket in line with the
    picked items and records their one exchange itself (a re-check replaces it)."""

class BasketFlows:
    """edit_basket / declaration, for a class that gives `assistant()` (the Pipeline)."""

    def assistant(self) -> Assistant:
        raise NotImplementedError

    def edit_basket(self, session: Session, edit: BasketEdit) -> Iterator[TurnEvent]:
        """A touch edit of the basket, under the same rules as a spoken turn (`Conversation.remove/update/add/
        confirm`): the new answer for the whole basket is recorded in the session and yielded."""
        generation = session.generation
        try:
            yield Thinking(step="answer")
            with step("answer"):
                conv = session.converse(self.assistant())
                if edit.action == "pick" and edit.apply is not None:
                    answer = edit.apply(session)
                elif edit.action == "remove":
                    answer = conv.remove(edit.item_id)
                elif edit.action == "update":
                    answer = conv.update(edit.item_id, **edit.facts)
                elif edit.action == "add" and edit.item is not None:
                    answer = conv.add(edit.item)[1]
                else:
                    answer = conv.confirm()
            if session.generation != generation:
                yield Done(stopped=True)
                return
            if edit.action != "pick":
                session.add_exchange(edit.summary, answer.language, answer)
            observe(TurnMetric(answer.language, answer.verdict))
            yield Answered(answer=answer)
            yield Done(result=answer)
        except PipelineError as err:
            yield Done(stopped=True) if session.generation != generation else Failed(status=err.status)

    def declaration(self, session: Session, language: str | None = None) -> Iterator[TurnEvent]:
        """The declaration drafted from the basket (the latest answer covers the whole conversation, with each
        item's own verdict): every item not clearly within the allowance is on the form, an unresolved one to be
        checked by the officer. What the traveler typed (identity, trip, yes/no answers) is kept; the items are
        the basket's, never added twice. `Drafted.needed`: a form is needed (else the green channel)."""
        from kiosk.declaration import prefill

        last = session.last_answer
        base = session.declaration.model_copy(deep=True)
        base.items = []
        draft = prefill([last] if last is not None else [], language=language or session.language,
                        utterances=session.utterances, base=base, removed=session.members_removed)
        session.declaration = draft
        unsure = last is not None and last.verdict in ("unclear", "restricted", "prohibited")
        yield Drafted(declaration=draft, needed=draft.must_declare or unsure, allowance=self._allowance(session))
        yield Done(result=draft)

    @staticmethod
    def _allowance(session: Session) -> tuple[float, str] | None:
        """The general duty-free allowance in force on the arrival date (each person has their own)."""
        from kiosk.rules import engine as rules_engine

        try:
            eng = rules_engine.get_engine(settings().jurisdiction)
        except Exception:  # no table: say nothing rather than a wrong number
            return None
        conv = session.conversation
        day = conv.arrival if conv is not None and conv.arrival is not None else rules_engine.today()
        rules = eng.table.by_kind("allowance", day)
        return (float(rules[0].thresholds["value"]), eng.table.currency) if rules else None
