"""Model registry: manifest, verification, assembly from packages, install of packs from a mirror."""

from kiosk.registry.registry import ModelStatus, ModelUnavailable, Registry, default_registry, model_path

__all__ = ["ModelStatus", "ModelUnavailable", "Registry", "default_registry", "model_path"]
