"""Every setting of the kiosk in one place: defaults, environment variables (`KIOSK_*`), documentation.

`settings()` returns the process-wide frozen `Settings` read from the environment; `reload_settings()` re-reads
it (tests). Each field's description is the documentation: README's settings table and
`packaging/kiosk.env.example` list exactly these variables (a test checks both).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kiosk.errors import KioskError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Kiosk settings; each is read from the environment variable `KIOSK_<NAME>` (case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix="KIOSK_", frozen=True, extra="ignore")

    # --- where things are
    home: Path = Field(Path.home() / ".local" / "share" / "customs-kiosk",
                       description="Writable state: assembled models and installed packs (never traveler data)")
    models_dir: Path = Field(PROJECT_ROOT / "models", description="Folder holding the built-in model manifest")
    locales_dir: Path = Field(PROJECT_ROOT / "locales", description="Folder of UI strings, answer templates, lexicons")
    voices_dir: Path = Field(PROJECT_ROOT / "voices", description="Folder of voices.toml and Kokoro voice styles")
    session_tmp: Path | None = Field(None, description="Where session temp files go (default $XDG_RUNTIME_DIR, "
                                                       "else the system temp folder); wiped on every reset")
    # --- default models
    asr_model: str = Field("whisper-base", description="Speech-recognition model id")
    llm_model: str = Field("qwen2.5-0.5b", description="LLM used for item extraction and fallback translation")
    kokoro_model: str = Field("kokoro-82m", description="Kokoro model id for the neural voices")
    jurisdiction: str = Field("KR", description="Rule table used for answers")
    # --- behaviour
    lang: str = Field("en", description="Language of the attract screen")
    operator_pin: str = Field("", description="PIN for the operator exit (Ctrl+Alt+Shift+Q); empty = no exit")
    # --- the physical display: text sizes in millimetres are computed from the real panel (kiosk/ui/display.py)
    screen_diagonal_in: float = Field(32.0, ge=0, description="Diagonal of the kiosk's screen in inches (0 = ask "
                                                              "the display for its physical DPI)")
    screen_resolution: str = Field("1080x1920", pattern=r"^[1-9][0-9]{2,4}x[1-9][0-9]{2,4}$",
                                   description="Pixels of the kiosk's screen, WIDTHxHEIGHT (1080x1920 = portrait, "
                                               "1920x1080 = landscape); also the window size outside kiosk mode")
    use_llm: bool = Field(True, description="Ask the local LLM when the lexicon does not account for the question")
    # --- speed knobs (each chosen by a measurement; see the README)
    asr_threads: int = Field(0, ge=0, description="CPU threads for Whisper (0 = one per CPU core)")
    llm_threads: int = Field(2, ge=1, description="CPU threads for llama.cpp")
    llm_budget_s: float = Field(0.3, ge=0, description="Longest the LLM may generate in a turn before the answer "
                                                        "goes on from the rules alone (0 = no limit)")
    llm_grammar: bool = Field(False, description="Constrain the LLM's JSON with a llama.cpp grammar (slower)")
    llm_repack: bool = Field(False, description="Let llama.cpp repack weights at load (slower to load here)")
    tts_deterministic: bool = Field(False, description="Zero piper's sampling noise (reproducible test audio)")
    # --- fleet: shared model servers, signed updates, metrics (kiosk/remote, kiosk/updates, kiosk/metrics)
    asr_uri: str = Field("", description="Wyoming speech-recognition server tried before the local model, e.g. "
                                         "tcp://asr.customs.lan:10300 (empty = local only)")
    tts_uri: str = Field("", description="Wyoming speech-synthesis server tried before the local voices, e.g. "
                                         "tcp://tts.customs.lan:10200 (empty = local only)")
    tts_voices: str = Field("", description="Voices of the TTS server per language, e.g. "
                                            "'en=en_US-joe-medium,de=de_DE-thorsten-medium' (empty = ask the server)")
    llm_url: str = Field("", description="OpenAI-compatible LLM server tried before the local LLM, e.g. "
                                         "http://llm.customs.lan:8080/v1 (empty = local only)")
    llm_remote_model: str = Field("", description="Model name sent to the OpenAI-compatible server (empty = its default)")
    remote_timeout: float = Field(3.0, gt=0, description="Seconds a remote server may take before the local "
                                                         "model answers instead")
    remote_retry_after: float = Field(30.0, ge=0, description="Seconds the kiosk stays on the local model after a "
                                                              "remote server failed")
    metrics_host: str = Field("127.0.0.1", description="Address of the staff metrics endpoint (loopback by default)")
    metrics_port: int = Field(9464, ge=0, le=65535, description="Port of the Prometheus metrics endpoint (0 = off)")
    keys_dir: Path = Field(PROJECT_ROOT / "keys", description="Folder of the Ed25519 public keys (*.pub) that "
                                                              "signed updates must match")
    # --- the officer's desk (kiosk.desk)
    kiosk_id: str = Field("", max_length=40, pattern=r"^[A-Za-z0-9_.\-]*$",
                          description="This kiosk's id in its signed declaration codes (empty = the host name)")
    kiosk_key: Path | None = Field(None, description="Ed25519 private key (PEM) the kiosk signs declaration QR "
                                                     "codes with (empty = unsigned codes)")
    desk_log: Path | None = Field(None, description="The desk's decision log (default <KIOSK_HOME>/desk/"
                                                    "decisions.jsonl)")
    desk_inbox: Path | None = Field(None, description="Folder where kiosks deposit signed declaration codes for "
                                                      "the desk to find by short code (empty = scan only)")

    @field_validator("jurisdiction")
    @classmethod
    def _jurisdiction(cls, v: str) -> str:
        """Two letters (the id of a rule table); whether that table is installed is checked where it is used
        (`jurisdiction_problem()`, `kiosk config`), since installed tables live under KIOSK_HOME."""
        code = v.strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise ValueError(f"a rule table id is two letters (e.g. KR), not {v[:12]!r}")
        return code

    @field_validator("lang")
    @classmethod
    def _lang(cls, v: str) -> str:
        from kiosk.languages import UI_LANGUAGES

        code = v.strip().lower()
        if code not in UI_LANGUAGES:
            raise ValueError(f"the attract screen speaks {', '.join(UI_LANGUAGES)}, not {v[:12]!r}")
        return code

    @field_validator("home", "models_dir", "locales_dir", "voices_dir", "keys_dir", "session_tmp", mode="before")
    @classmethod
    def _path(cls, v: object, info: ValidationInfo) -> object:
        """An empty variable is not "." (the current folder): KIOSK_SESSION_TMP= means the default, an empty
        folder variable is an error (unset it for the default)."""
        if isinstance(v, str) and not v.strip():
            if info.field_name == "session_tmp":
                return None
            raise ValueError("empty; unset the variable to use the default folder")
        return v


class ConfigError(KioskError):
    """A KIOSK_* variable holds a value the kiosk cannot use."""

    code = "bad_input"


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings, read once from the environment. Raises ConfigError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{env_var(str(e['loc'][0]))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid setting: {problems}", fix="correct the variable (see `kiosk config`)") from exc


def jurisdiction_problem(code: str | None = None) -> str | None:
    """Why KIOSK_JURISDICTION (or `code`) cannot answer (no such installed rule table), or None."""
    from kiosk.rules.engine import UnknownJurisdiction, load_table

    try:
        load_table(code or settings().jurisdiction)
    except UnknownJurisdiction as exc:
        return exc.detail
    return None


def reload_settings() -> Settings:
    """Forget the cached settings and read the environment again."""
    settings.cache_clear()
    return settings()


def env_var(name: str) -> str:
    """The environment variable of a setting field, e.g. `asr_model` -> `KIOSK_ASR_MODEL`."""
    return "KIOSK_" + name.upper()


# Variables read only by the deployment scripts (packaging/), never by Python: documented beside the settings.
SCRIPT_VARIABLES: dict[str, str] = {
    "KIOSK_APP_ARGS": "Extra arguments for `kiosk app` in the kiosk session (e.g. --officer)",
    "KIOSK_ALLOW_VT": "1 lets cage switch virtual terminals (off by default)",
    "KIOSK_VENV": "Virtualenv used by setup.sh and kiosk-session.sh",
    "KIOSK_SKIP_APT": "1 makes setup.sh skip the apt step",
}


def documentation() -> list[tuple[str, str, str]]:
    """(variable, default, description) for every setting, then the script-only variables."""
    rows: list[tuple[str, str, str]] = []
    for name, f in Settings.model_fields.items():
        default = f.default
        shown = "" if default is None else str(default)
        if isinstance(default, Path):
            shown = str(default).replace(str(Path.home()), "~").replace(str(PROJECT_ROOT), "<repo>")
        elif isinstance(default, bool):
            shown = "1" if default else "0"
        rows.append((env_var(name), shown, f.description or ""))
    rows += [(k, "", v) for k, v in SCRIPT_VARIABLES.items()]
    return rows
