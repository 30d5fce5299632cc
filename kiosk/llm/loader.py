"""The one place the kiosk builds a llama.cpp model (llama-cpp-python), for the assistant and the translation
fallback alike."""

from __future__ import annotations

import atexit
import contextlib
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.config import settings
from kiosk.registry import ModelUnavailable

_REPACK_LOCK = threading.Lock()


@contextlib.contextmanager
def _no_weight_repack() -> Iterator[None]:
    """Load weights without llama.cpp's CPU "extra buffer" repacking (llama.cpp's --no-repack).

    With repacked Q4_K weights, batched prompt evaluation segfaults on some AVX-512 CPUs (seen on the dev host
    with llama-cpp-python 0.3.36); plain weights are stable and only slightly slower. KIOSK_LLM_REPACK=1 keeps it.
    """
    import llama_cpp.llama_cpp as native

    if settings().llm_repack:
        yield
        return
    with _REPACK_LOCK:
        orig = native.llama_model_default_params

        def patched() -> Any:
            params = orig()
            params.use_extra_bufts = False
            return params

        native.llama_model_default_params = patched  # type: ignore[assignment]
        try:
            yield
        finally:
            native.llama_model_default_params = orig  # type: ignore[assignment]


def gguf_in(folder: Path) -> Path:
    """The GGUF file of a model folder. Raises ModelUnavailable when there is none."""
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise ModelUnavailable(folder.name, "no .gguf file in the model folder", "kiosk models verify")
    return files[0]


def load_llama(path: Path, lock: threading.Lock | None = None, **kwargs: Any) -> Any:
    """llama_cpp.Llama for a GGUF file, loaded without weight repacking (see _no_weight_repack).

    The one place the kiosk builds a Llama: the assistant (via LocalLLM) and the translation fallback share it.
    Raises ValueError/RuntimeError/OSError from llama.cpp when the file cannot be loaded. `lock`: the one the
    caller holds around every call into the model; the model is freed at exit only when it can be taken.
    """
    from llama_cpp import Llama

    params: dict[str, Any] = {"n_ctx": 2048, "verbose": False, "n_threads": settings().llm_threads}
    params.update(kwargs)
    with _no_weight_repack():
        llama = Llama(model_path=str(path), **params)
    # freed at exit while llama.cpp's bindings still exist (left to __del__ during interpreter teardown it
    # printed "TypeError: 'NoneType' object is not callable" after every run); a weak reference, so that a
    # model dropped earlier is still freed then
    ref = weakref.ref(llama)
    atexit.register(lambda: _close(ref(), lock))
    return llama


def _close(llama: Any, lock: threading.Lock | None) -> None:
    """Free the model, unless a turn is still inside it (a worker thread at exit): then leave it to the OS."""
    if llama is None or (lock is not None and not lock.acquire(timeout=1.0)):
        return
    try:
        llama.close()
    finally:
        if lock is not None:
            lock.release()
