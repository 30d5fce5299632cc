"""Every button's text against its background, in every state the stylesheet styles, read from the stylesheet
itself (a disabled primary button was light grey on the accent yellow: 1.2:1). WCAG 1.4.3 asks no contrast of
disabled controls; the kiosk asks it anyway (a traveler must be able to read what is not yet possible)."""

from __future__ import annotations

import itertools
import re

import pytest

from kiosk.ui.theme import ACCESSIBLE, MIN_CONTRAST, NORMAL, Theme, contrast, stylesheet

PROPS = ("primary", "officer", "key", "compact", "ptt")
STATES = ("disabled", "checked", "focus", "pressed")


def _rules(sheet: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) in source order, one entry per selector of a comma list."""
    out = []
    for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet.replace("{{", "{").replace("}}", "}")):
        decls = dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d))
        out += [(s.strip(), decls) for s in sel.split(",") if s.strip()]
    return out


def _colours(theme: Theme, props: set[str], states: set[str]) -> tuple[str, str]:
    """(text colour, background) of a QPushButton with these dynamic properties in these states: the matching
    rules by specificity then source order, as Qt's style sheets cascade."""
    found: dict[str, tuple[tuple[int, int], str]] = {}
    for order, (sel, decls) in enumerate(_rules(stylesheet(theme, 80))):
        m = re.fullmatch(r"QPushButton((?:\[\w+=\"true\"\])*)((?::\w+)*)", sel)
        if m is None:
            continue
        attrs = set(re.findall(r"\[(\w+)=", m.group(1)))
        pseudo = set(re.findall(r":(\w+)", m.group(2)))
        if attrs <= props and pseudo <= states:
            rank = (len(attrs) + len(pseudo), order)
            for key, prop in (("color", "color"), ("background", "background")):
                if prop in decls and (key not in found or rank >= found[key][0]):
                    found[key] = (rank, decls[prop])
    return found["color"][1], found["background"][1]


@pytest.mark.parametrize("theme", [NORMAL, ACCESSIBLE], ids=["normal", "accessible"])
def test_every_button_state_is_readable(theme: Theme) -> None:
    low = []
    for props in ({"primary"}, {"officer"}, {"key"}, {"compact"}, set()):
        for n in range(len(STATES) + 1):
            for states in itertools.combinations(STATES, n):
                if "focus" in states or "pressed" in states and "disabled" in states:
                    continue  # focus changes only the border; a disabled button cannot be pressed
                fg, bg = _colours(theme, props, set(states))
                ratio = contrast(fg, bg)
                if ratio < MIN_CONTRAST[theme.name]:
                    low.append(f"{sorted(props)} {states}: {fg} on {bg} = {ratio:.2f}")
    assert not low, f"{theme.name}: below {MIN_CONTRAST[theme.name]}:1\n" + "\n".join(low)
    assert _colours(theme, {"primary"}, set()) == (theme.accent_fg, theme.accent)  # the parser reads the sheet
