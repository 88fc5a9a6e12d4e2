"""Configuration from the environment.

| variable      | default                                   |
|---------------|-------------------------------------------|
| DATABASE_URL  | sqlite:///<instance folder>/tracker.db     |
| SECRET_KEY    | the contents of <instance folder>/secret_key (``make run`` creates it) |
"""
from __future__ import annotations

import os
from pathlib import Path


class ConfigurationError(RuntimeError):
    """Raised when a required setting is missing."""


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the app configuration: defaults, then the environment, then ``overrides``."""
    overrides = dict(overrides or {})
    instance = Path(instance_path)
    config = {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'tracker.db'}",
        "PER_PAGE_DEFAULT": 25,
        "PER_PAGE_MAX": 100,
    }
    config.update(overrides)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _read_secret_key_file(instance)
    if not config["SECRET_KEY"]:
        raise ConfigurationError(
            "No secret key: set the SECRET_KEY environment variable "
            f"(or write one to {instance / 'secret_key'}; `make run` does this for you)."
        )
    return config


def _read_secret_key_file(instance: Path) -> str | None:
    path = instance / "secret_key"
    if path.is_file():
        return path.read_text().strip() or None
    return None
