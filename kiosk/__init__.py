"""Customs Kiosk: offline multilingual traveler assistance for airport customs."""

__version__ = "0.1.0"
