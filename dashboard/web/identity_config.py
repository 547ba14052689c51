"""The identity-provider configuration as the running server sees it: the ``[auth]`` secrets section and the
role mapping (secrets first, else the environment's JSON read by the settings at start). Shared by the sign-in
gate (``web.sign_in``) and the identity route (``web.server``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard.accounts import users
from dashboard.accounts.identity import load_role_mapping
from dashboard.core.settings import ROLE_MAPPING_ENV, get_settings


def auth_secrets() -> Mapping[str, Any]:
    """The ``[auth]`` secrets section, or an empty mapping when there is no secrets file at all."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # Streamlit's "no secrets.toml" (and "unparsable") error subclasses it
        return {}
    return section if isinstance(section, Mapping) else {}


def role_mapping() -> users.RoleMapping:
    # The environment's mapping as the settings read it at start (core.settings).
    return load_role_mapping({"auth": auth_secrets()},
                             environ={ROLE_MAPPING_ENV: get_settings().role_mapping_json or ""})
