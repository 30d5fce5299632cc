"""Small local LLM (llama-cpp-python) used only to turn a free-form question into structured items.

Modules: loader (load_llama: the one place a llama.cpp model is built), extract (LocalLLM, Extraction,
parse_llm_json, get_llm). The default model is the `llm_model` setting (kiosk.config).
"""

from kiosk.llm.extract import Extraction, LLMItem, LocalLLM, get_llm, parse_llm_json
from kiosk.llm.loader import gguf_in, load_llama

__all__ = ["Extraction", "LLMItem", "LocalLLM", "get_llm", "gguf_in", "load_llama", "parse_llm_json"]
