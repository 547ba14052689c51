"""Every table a page shows can be downloaded (CSV and Excel through ``dashboard.web.downloads.download_buttons`` or a
``download_button`` beside it), read from the page scripts with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE_CALLS = {"dataframe", "table", "data_editor"}
# Tables shown without a download, each with its reason (the source of the first argument, as written).
WITHOUT_DOWNLOAD: dict[str, str] = {
    # Partner detail tables show money already formatted in several currencies; a download needs a raw
    # variant from dashboard/presenting/partners.py first (reported to the partners engineer).
    "projects_display(detail, lang)": "formatted money only",
    "history": "partner review history: formatted dates; partner detail has the page's own downloads",
    "notes_display(detail.notes, lang)": "free-text notes of one partner",
    # The upload template's column guide: the template itself (CSV and Excel) is downloaded beside it.
    "templates.columns_frame(kind, lang)": "template column guide",
    # A few exchange rates beside the budget tables, stated in full in the caption.
    "tables.rates_table(rates.table, lang)": "reference rates, formatted",
}


def _statement_block(node: ast.AST, parents: dict[int, ast.AST]) -> list[ast.stmt]:
    """The statements around ``node``: the body of the nearest enclosing block."""
    child: ast.AST = node
    ancestor = parents.get(id(node))
    while ancestor is not None:
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(ancestor, field, None)
            if isinstance(statements, list) and any(statement is child for statement in statements):
                return statements
        child, ancestor = ancestor, parents.get(id(ancestor))
    return []


def tables_without_download(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    missing = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in TABLE_CALLS and node.args):
            continue
        block = _statement_block(node, parents)
        source = "\n".join(ast.unparse(statement) for statement in block)
        if "download_button" in source:
            continue
        shown = ast.unparse(node.args[0])
        if shown in WITHOUT_DOWNLOAD:
            continue
        missing.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{node.lineno}: "
                       f"{shown}")
    return missing


def test_every_table_on_every_page_can_be_downloaded() -> None:
    missing = [item for path in sorted((ROOT / "pages").glob("*.py")) for item in tables_without_download(path)]
    assert not missing, ("tables shown without CSV/Excel download (add download_buttons beside them):\n"
                         + "\n".join(missing))


def test_the_scan_finds_a_table_without_download(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        "st.dataframe(frame)\n"
        "ui.download_buttons(frame, 'x', lang)\n"
        "with column:\n"
        "    st.dataframe(other)\n"
        "if ready:\n"
        "    st.table(third)\n"
        "    st.download_button('x', data=b'')\n",
        encoding="utf-8",
    )
    assert [item.split(":")[1] for item in tables_without_download(page)] == ["4"]
