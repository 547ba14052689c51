"""The command line, run as a user runs it: `python -m dashboard ...` in a subprocess."""

import os
import subprocess
import sys

from sqlmodel import Session, func, select

from dashboard.core.models import Project


def run_cli(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_db_upgrade_then_demo_then_refusal_then_replace(engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    upgraded = run_cli("db", "upgrade", database_url=url)
    assert upgraded.returncode == 0, upgraded.stderr
    loaded = run_cli("demo", database_url=url)
    assert loaded.returncode == 0, loaded.stderr
    assert "40 projects" in loaded.stdout
    refused = run_cli("demo", database_url=url)
    assert refused.returncode == 1
    assert "already holds 40 projects" in refused.stderr and "--replace" in refused.stderr
    kept = run_cli("demo", "--if-empty", database_url=url)
    assert kept.returncode == 0 and "not loaded" in kept.stdout
    replaced = run_cli("demo", "--replace", database_url=url)
    assert replaced.returncode == 0, replaced.stderr
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Project)).one() == 40


def test_unknown_command_is_a_usage_error(engine) -> None:
    result = run_cli("frobnicate", database_url=engine.url.render_as_string(hide_password=False))
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
