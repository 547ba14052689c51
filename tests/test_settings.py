"""The settings are read once, checked, and an unsafe one is refused with a message that says what to do; the
errors people read share one translatable base class."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.accounts.users import AccountError
from dashboard.core.errors import TranslatableError
from dashboard.core.settings import SettingsError, load_settings
from dashboard.importing.readers import ReadError
from dashboard.importing.undo import UndoRefusedError
from dashboard.importing.values import CellError

SECRET = "0123456789abcdef0123456789abcdef"


def _streamlit_dir(tmp_path: Path, *, secrets: str = "", config: str = "") -> Path:
    folder = tmp_path / ".streamlit"
    folder.mkdir(parents=True)
    if secrets:
        (folder / "secrets.toml").write_text(secrets, encoding="utf-8")
    if config:
        (folder / "config.toml").write_text(config, encoding="utf-8")
    return folder


def test_defaults_and_the_environment(tmp_path: Path) -> None:
    folder = _streamlit_dir(tmp_path)
    default = load_settings({}, streamlit_dir=folder)
    assert default.database_url.startswith("sqlite:///") and default.database_url.endswith("data/portfolio.db")
    assert (default.max_upload_mb, default.bind_address, default.role_mapping_json) == (50, None, None)
    chosen = load_settings({"DATABASE_URL": "postgresql://u@h:5432/x", "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
                            "DASHBOARD_ROLE_MAPPING": '{"domains": {"spc.int": ["staff"]}}'}, streamlit_dir=folder)
    assert chosen.database_url == "postgresql+psycopg://u@h:5432/x"
    assert chosen.bind_address == "127.0.0.1"
    assert chosen.with_database("postgres://a@b/c").database_url == "postgresql+psycopg://a@b/c"


def test_the_shipped_streamlit_folder_is_accepted() -> None:
    assert load_settings({}).max_upload_mb == 50


def test_an_identity_provider_without_a_cookie_secret_is_refused(tmp_path: Path) -> None:
    folder = _streamlit_dir(tmp_path, secrets='[auth]\nredirect_uri = "https://x/oauth2callback"\n'
                                               'client_id = "abc"\nserver_metadata_url = "https://idp/.well-known"\n')
    with pytest.raises(SettingsError, match="cookie_secret") as refused:
        load_settings({}, streamlit_dir=folder)
    assert "cookie_secret" in refused.value.message("fr") and refused.value.message("fr") != str(refused.value)
    short = _streamlit_dir(tmp_path / "short", secrets='[auth.microsoft]\nclient_id = "abc"\ncookie_secret = "x"\n')
    with pytest.raises(SettingsError, match="at least 32 characters"):
        load_settings({}, streamlit_dir=short)
    good = _streamlit_dir(tmp_path / "good", secrets=f'[auth]\nclient_id = "abc"\ncookie_secret = "{SECRET}"\n')
    assert load_settings({}, streamlit_dir=good).secrets_path == good / "secrets.toml"
    roles_only = _streamlit_dir(tmp_path / "roles", secrets='[auth.roles.emails]\n"a@b.org" = ["staff"]\n')
    load_settings({}, streamlit_dir=roles_only)  # a role mapping alone configures no provider


@pytest.mark.parametrize(("environ", "secrets", "config", "said"), [
    ({"DASHBOARD_ROLE_MAPPING": "{oops"}, "", "", "DASHBOARD_ROLE_MAPPING is not valid JSON"),
    ({}, "[auth\n", "", "is not valid TOML"),
    ({}, "", "[server]\nmaxUploadSize = 0\n", "maxUploadSize"),
])
def test_unreadable_settings_are_refused_with_what_to_fix(tmp_path: Path, environ: dict[str, str], secrets: str,
                                                         config: str, said: str) -> None:
    with pytest.raises(SettingsError, match=said):
        load_settings(environ, streamlit_dir=_streamlit_dir(tmp_path, secrets=secrets, config=config))


def test_errors_people_read_share_one_translatable_base() -> None:
    examples = [
        AccountError("account.error.exists", username="ana"),
        UndoRefusedError("import.undo.already_undone", batch=3),
        CellError("error.not_a_number"),
        ReadError("error.empty_file"),
        SettingsError("settings.error.upload_limit", value=0),
    ]
    for error in examples:
        assert isinstance(error, TranslatableError)
        assert str(error) == error.message("en") != error.message("fr")
    assert str(AccountError("account.error.exists", username="ana")) == (
        "an account named 'ana' already exists: use set-roles to change its roles")
    assert issubclass(CellError, TranslatableError) and CellError.KEY_PREFIX == "import."
