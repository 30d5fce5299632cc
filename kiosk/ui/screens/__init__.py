"""The kiosk's screens, one module each."""

from kiosk.ui.screens.ask import AskScreen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.screens.interpret import InterpretScreen, SidePanel
from kiosk.ui.screens.language import LanguageScreen
from kiosk.ui.screens.overlay import StillThere, TopBar
from kiosk.ui.screens.review import ReviewScreen

__all__ = ["AskScreen", "AttractScreen", "FormScreen", "InterpretScreen", "LanguageScreen", "ReviewScreen",
           "Screen", "SidePanel", "StillThere", "TopBar"]
