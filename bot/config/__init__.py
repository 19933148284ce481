"""The configuration file: TOML in, frozen dataclasses out, every problem named.

Loaded once, at the entry point (`load_config`). `model` holds the records, `parse` the
validation; every error is a `ConfigError` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from ..errors import ConfigError
from ..timestamps import parse_moment
from .model import (
    DEFAULT_HASHTAGS,
    DEFAULT_PATH,
    ENV_CONFIG,
    ENV_PASSWORD,
    CampaignConfig,
    Config,
    SitematrixConfig,
    WikiConfig,
)
from .parse import available_languages, parse_config

__all__ = [
    "DEFAULT_HASHTAGS",
    "DEFAULT_PATH",
    "ENV_CONFIG",
    "ENV_PASSWORD",
    "CampaignConfig",
    "Config",
    "SitematrixConfig",
    "WikiConfig",
    "available_languages",
    "config_path",
    "load_config",
    "parse_config",
    "parse_moment",
]


def config_path(cli_path: str | None, environ: Mapping[str, str]) -> Path:
    """`--config PATH`, else `$LIB1REF_CONFIG`, else `./lib1ref.toml`."""
    return Path(cli_path or environ.get(ENV_CONFIG) or DEFAULT_PATH)


def load_config(path: Path) -> Config:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: config file not found (use --config or $LIB1REF_CONFIG)"
        ) from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config file: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    return parse_config(raw, path)
