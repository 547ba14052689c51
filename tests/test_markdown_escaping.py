"""The one Markdown escaper (``core.text.escape_markdown``) and where it must be applied (issue 16, item 5)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard.core.errors import TranslatableError
from dashboard.core.text import MARKDOWN_SPECIAL, escape_markdown, escape_values

ROOT = Path(__file__).resolve().parents[1]
PAYLOADS = ["![x](http://127.0.0.1:9/p.png)", "[click](http://evil.example)", "**bold** _it_ `code`",
            ":red[alarm] :material/warning:", "$x^2$", "<img src=x>", "# heading", "a | b", "1. item"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_markdown_character_is_escaped_and_nothing_else_changes(payload: str) -> None:
    escaped = escape_markdown(payload)
    assert escaped.replace("\\", "") == payload.replace("\\", "")
    for index, char in enumerate(escaped):
        if char in MARKDOWN_SPECIAL and char != "\\":
            assert escaped[index - 1] == "\\", (payload, index)


def test_a_message_for_markdown_escapes_its_values_only() -> None:
    error = TranslatableError("auth.config_error", error="![x](http://127.0.0.1:9/p.png)")
    assert "\\!\\[x\\]\\(http\\:" in error.markdown("en")
    assert "![x](http://127.0.0.1:9/p.png)" in error.message("en")  # for logs and the command line
    assert escape_values({"name": "[a](b)", "count": 3}) == {"name": "\\[a\\]\\(b\\)", "count": 3}


def test_the_indicators_heading_and_the_other_pages_escape_what_they_put_in_markdown() -> None:
    """The places issue 16 found (the Indicators per-project heading) call the escaper."""
    source = (ROOT / "pages" / "indicators.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    headings = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                and any("indicator['code']" in ast.unparse(value) for value in node.values)]
    assert headings and all("escape_markdown(indicator['code'])" in ast.unparse(node) for node in headings)
