"""The installation's settings: one validated object, read once when the app (``web.startup``) or the command
line starts, and refused with a clear message when it is unsafe.

Where each setting comes from:

- ``database_url``: ``DATABASE_URL`` (``postgres://`` and ``postgresql://`` mean psycopg 3), default the SQLite
  file ``data/portfolio.db``;
- ``role_mapping_json``: ``DASHBOARD_ROLE_MAPPING`` (JSON), used when the secrets hold no ``[auth.roles]``;
- ``secrets_path``: ``.streamlit/secrets.toml`` beside ``app.py`` (Streamlit reads the same file);
- ``max_upload_mb``: ``[server] maxUploadSize`` of ``.streamlit/config.toml`` (Streamlit refuses larger files, the
  import pipeline says so), default 50;
- ``bind_address``: ``STREAMLIT_SERVER_ADDRESS``, else ``[server] address`` of ``.streamlit/config.toml``,
  default every interface.

Refused at start (``SettingsError``, a ``core.errors.TranslatableError``): an ``[auth]`` section that configures
sign-in through an identity provider without a ``cookie_secret`` (or with one shorter than 32 characters: the
cookie that keeps the sign-in would be forgeable), a secrets or config file that is not valid TOML, an upload
limit that is not a positive number of megabytes, a role mapping that is not valid JSON.

Tests and the benchmark hand the app its settings with ``use(settings)`` rather than writing the environment.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dashboard.core.errors import TranslatableError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "portfolio.db"
STREAMLIT_DIR = PROJECT_ROOT / ".streamlit"
ROLE_MAPPING_ENV = "DASHBOARD_ROLE_MAPPING"
DEFAULT_MAX_UPLOAD_MB = 50
MIN_COOKIE_SECRET_LENGTH = 32


class SettingsError(TranslatableError):
    """A setting that cannot be used as it is; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    secrets_path: Path
    role_mapping_json: str | None = None
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    bind_address: str | None = None  # None: Streamlit's default, every interface
    # The organisation an IATI export names as reporter when a project names none (dashboard.exporting.iati):
    # its IATI organisation identifier, name and OrganisationType code.
    iati_reporting_org_ref: str = "XX-PORTFOLIO"
    iati_reporting_org_name: str = "Portfolio dashboard"
    iati_reporting_org_type: str = "90"

    def with_database(self, url: str) -> Settings:
        """The same settings on another database (the benchmark's scratch database, a test's)."""
        return replace(self, database_url=normalise_database_url(url))


def normalise_database_url(url: str) -> str:
    """Plain ``postgres://`` URLs (Heroku style, many hosting panels) and ``postgresql://`` mean psycopg 3 here."""
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError("settings.error.toml", path=str(path), problem=str(error)) from None


def _check_auth(auth: Mapping[str, Any], path: Path) -> None:
    """An identity-provider sign-in needs a long random cookie secret: without one Streamlit's sign-in cookie
    could be forged (refused, not defaulted)."""
    configures_provider = bool(auth.get("client_id") or auth.get("redirect_uri") or any(
        isinstance(value, Mapping) and value.get("client_id") for name, value in auth.items() if name != "roles"))
    if not configures_provider:
        return
    secret = auth.get("cookie_secret")
    if not isinstance(secret, str) or len(secret.strip()) < MIN_COOKIE_SECRET_LENGTH:
        raise SettingsError("settings.error.cookie_secret", path=str(path), length=MIN_COOKIE_SECRET_LENGTH)


def load_settings(environ: Mapping[str, str] | None = None, *, streamlit_dir: Path = STREAMLIT_DIR) -> Settings:
    """Read and check the settings from ``environ`` (default ``os.environ``) and the ``.streamlit`` folder.
    Raises ``SettingsError`` on an unsafe or unreadable setting."""
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    secrets_path = streamlit_dir / "secrets.toml"
    secrets = _toml(secrets_path)
    auth = secrets.get("auth")
    if isinstance(auth, Mapping):
        _check_auth(auth, secrets_path)
    role_mapping = environ.get(ROLE_MAPPING_ENV, "").strip() or None
    if role_mapping is not None:
        try:
            json.loads(role_mapping)
        except json.JSONDecodeError as error:
            raise SettingsError("settings.error.role_mapping", variable=ROLE_MAPPING_ENV, problem=str(error)) from None
    server = _toml(streamlit_dir / "config.toml").get("server", {})
    limit = server.get("maxUploadSize", DEFAULT_MAX_UPLOAD_MB)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        raise SettingsError("settings.error.upload_limit", value=limit)
    address = environ.get("STREAMLIT_SERVER_ADDRESS", "").strip() or server.get("address") or None
    reporter = {name: environ.get(f"IATI_REPORTING_ORG_{name.upper()}", "").strip() for name in ("ref", "name", "type")}
    if reporter["type"] and not reporter["type"].isdigit():
        raise SettingsError("settings.error.iati_type", value=reporter["type"])
    return Settings(database_url=normalise_database_url(url), secrets_path=secrets_path,
                    role_mapping_json=role_mapping, max_upload_mb=limit,
                    bind_address=str(address) if address else None,
                    iati_reporting_org_ref=reporter["ref"] or Settings.iati_reporting_org_ref,
                    iati_reporting_org_name=reporter["name"] or Settings.iati_reporting_org_name,
                    iati_reporting_org_type=reporter["type"] or Settings.iati_reporting_org_type)


_current: Settings | None = None


def get_settings() -> Settings:
    """The process's settings: read (and checked) on first use, then the same object; ``use`` replaces it."""
    global _current
    if _current is None:
        _current = load_settings()
    return _current


def use(settings: Settings | None) -> None:
    """Make ``settings`` the process's settings (None: read them again on next use). For the command line's
    ``--database-url``, the benchmark's scratch database and the tests' databases."""
    global _current
    _current = settings
