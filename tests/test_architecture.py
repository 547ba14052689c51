"""The package layers of ``dashboard/`` (docs/ARCHITECTURE.md), read from the source with ``ast``:

- no import cycle between modules;
- a lower layer never imports an upper one: core < queries, importing, standards, seed, accounts < views,
  exporting, presenting, figures, maps < web, cli, bench;
- no ``from dashboard…`` import inside a function unless that line says why with a ``# deferred:`` comment.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"

LAYERS: dict[str, int] = {
    "core": 0,
    "migrations": 0,  # the schema's history: models and the values-to-date rule only
    "queries": 1,
    "importing": 1,
    "standards": 1,
    "seed": 1,
    "accounts": 1,
    "views": 2,
    "exporting": 2,
    "presenting": 2,
    "figures": 2,
    "maps": 2,
    "web": 3,
    "cli": 3,
    "bench": 3,
}
# Modules directly in dashboard/: the package itself (empty) and ``python -m dashboard`` (the command line).
TOP_MODULES = {"dashboard": 0, "dashboard.__main__": 3}
DEFERRED = "# deferred:"


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    in_function: bool
    text: str  # the source line, for the deferred comment


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def _resolve(name: str, known: Iterable[str]) -> str | None:
    """The longest known module ``name`` starts with (``dashboard.core.db.get_engine`` → ``dashboard.core.db``)."""
    modules = set(known)
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, known: Iterable[str]) -> list[Import]:
    """Every import of a dashboard module by ``name``, with whether it sits inside a function."""
    known = set(known)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - child.level + 1]
                    base = ".".join([*parts, *([base] if base else [])])
                # ``from package import module`` imports the module; ``from module import name`` the module.
                targets = [f"{base}.{alias.name}" for alias in child.names]
            for target in targets:
                if target.split(".")[0] != "dashboard":
                    continue
                imported = _resolve(target, known)
                if imported and imported != name:
                    found.append(Import(name, imported, child.lineno, in_function, lines[child.lineno - 1]))
            visit(child, nested)

    visit(ast.parse(text, filename=str(path)), False)
    return found


def all_imports(root: Path = PACKAGE) -> list[Import]:
    modules = source_modules(root)
    return [item for name, path in modules.items() for item in imports_of(name, path, modules)]


def layer_of(module: str) -> int:
    if module in TOP_MODULES:
        return TOP_MODULES[module]
    package = module.split(".")[1]
    if package not in LAYERS:
        raise AssertionError(f"{module} is in no layer: add its package to LAYERS and docs/ARCHITECTURE.md")
    return LAYERS[package]


def cycles(imports: Iterable[Import]) -> list[list[str]]:
    """The import cycles, as the strongly connected components of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for item in imports:
        graph.setdefault(item.importer, set()).add(item.imported)
        graph.setdefault(item.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def upward_imports(imports: Iterable[Import]) -> list[str]:
    return [f"{item.importer}:{item.line} imports {item.imported} (layer {layer_of(item.imported)} > "
            f"{layer_of(item.importer)})" for item in imports if layer_of(item.imported) > layer_of(item.importer)]


def undeclared_deferred_imports(imports: Iterable[Import]) -> list[str]:
    return [f"{item.importer}:{item.line}: {item.text.strip()}" for item in imports
            if item.in_function and DEFERRED not in item.text]


# ---------------------------------------------------------------------------------------------------------
# The rules, on dashboard/
# ---------------------------------------------------------------------------------------------------------


def test_every_package_of_dashboard_has_a_layer() -> None:
    for module in source_modules():
        layer_of(module)


def test_no_import_cycle() -> None:
    found = cycles(all_imports())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(component) for component in found)


def test_no_lower_layer_imports_an_upper_one() -> None:
    found = upward_imports(all_imports())
    assert not found, "a lower layer imports an upper one:\n" + "\n".join(found)


def test_imports_inside_functions_say_why() -> None:
    found = undeclared_deferred_imports(all_imports())
    assert not found, (f"dashboard imports inside a function without a '{DEFERRED} <why>' comment on the line "
                       "(import at the top of the module instead):\n" + "\n".join(found))


# ---------------------------------------------------------------------------------------------------------
# The checks themselves, on a made-up package: they must catch what they are for
# ---------------------------------------------------------------------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "dashboard"
    for relative, source in {"__init__.py": "", **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def test_the_checks_catch_a_cycle_an_upward_import_and_an_unexplained_deferred_import(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "core/__init__.py": "",
        "core/a.py": "from dashboard.core import b\n",
        "core/b.py": "def f():\n    from dashboard.core.a import g\n",
        "queries/__init__.py": "",
        "queries/q.py": "from dashboard.core.a import x\n"
                        "def f():\n    from dashboard.web import w  # deferred: heavy\n",
        "web/__init__.py": "",
        "web/w.py": "from . import other\n",
        "web/other.py": "import dashboard.core.a\n",
    })
    imports = all_imports(root)
    assert cycles(imports) == [["dashboard.core.a", "dashboard.core.b"]]
    assert [line.split(" imports ")[0] for line in upward_imports(imports)] == ["dashboard.queries.q:3"]
    assert undeclared_deferred_imports(imports) == ["dashboard.core.b:2: from dashboard.core.a import g"]


def test_the_checks_pass_a_clean_package(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "core/__init__.py": "",
        "core/a.py": "import os\n",
        "presenting/__init__.py": "",
        "presenting/p.py": "from dashboard.core import a\nfrom dashboard.queries.q import y\n",
        "queries/__init__.py": "",
        "queries/q.py": "from dashboard.core.a import x\n",
    })
    imports = all_imports(root)
    assert {(item.importer, item.imported) for item in imports} == {
        ("dashboard.presenting.p", "dashboard.core.a"), ("dashboard.presenting.p", "dashboard.queries.q"),
        ("dashboard.queries.q", "dashboard.core.a"),
    }
    assert cycles(imports) == [] and upward_imports(imports) == [] and undeclared_deferred_imports(imports) == []
