from dashboard.cli import main


def test_quality_command_prints_counts_and_fails_when_strict(demo_engine, capsys) -> None:
    url = demo_engine.url.render_as_string(hide_password=False)
    assert main.main(["--database-url", url, "quality", "--today", "2026-11-22", "--details"]) == 0
    output = capsys.readouterr().out
    assert "     3  Declared totals that differ from the sum of their lines" in output
    assert "declared €3,711,303, lines add up to €2,993,379 (difference €717,924)" in output
    assert "[partners?partner=" in output and "upload?kind=partners]" in output
    assert main.main(["--database-url", url, "quality", "--strict"]) == 1


def test_quality_command_on_an_empty_database_is_all_clear(engine, capsys) -> None:
    url = engine.url.render_as_string(hide_password=False)
    assert main.main(["--database-url", url, "quality", "--strict"]) == 0
    assert "No problem found" in capsys.readouterr().out


def test_reviews_due_command_lists_the_owner_s_overdue_partnerships(demo_engine, capsys) -> None:
    url = demo_engine.url.render_as_string(hide_password=False)
    arguments = ["--database-url", url, "reviews-due", "--today", "2026-11-22", "--owner", "Programme manager"]
    assert main.main(arguments) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].endswith("partnerships past their review date on 22 Nov 2026.")
    assert all("Programme manager" in line for line in lines[:-1]) and len(lines) > 1
