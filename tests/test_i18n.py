"""Every string a person reads exists in English and in French.

The source is read with ``ast`` (not regular expressions), so a key in a comment or a docstring does not count
and a key split over lines is still found. Four checks:

- every catalogue entry has non-empty English and French texts with the same ``{placeholders}``;
- every literal key given to ``t(...)`` (and every ``*_key=`` / ``*_KEY`` literal) exists in the catalogue;
- keys built at run time (``f"org_type.{value}"``) are covered: their prefix is known here, and every value the
  interface can show (the StrEnum lists of ``dashboard.core.models``) has its key;
- pages and the shell pass no literal text straight to Streamlit (``st.title("Budgets")``) or to chart titles.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pytest

from dashboard.core import metrics, models
from dashboard.core.i18n import LANGUAGES, catalogue, t, t_count
from dashboard.importing.edits import form_columns
from dashboard.importing.schemas import KINDS
from dashboard.web import navigation

ROOT = Path(__file__).resolve().parents[1]
KEY_SHAPE = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z0-9_\-]+)+$")
CATALOGUE_KEY = re.compile(r"^[a-z_][a-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*$")  # region codes are upper-case
LETTERS = re.compile(r"[A-Za-zÀ-ÿ]")


def source_files() -> list[Path]:
    files = [path for path in (ROOT / "dashboard").rglob("*.py") if "migrations" not in path.parts]
    files += sorted((ROOT / "pages").glob("*.py"))
    if (ROOT / "app.py").exists():
        files.append(ROOT / "app.py")
    return sorted(files)


def interface_files() -> list[Path]:
    """Files that draw the interface: pages, the entry script and the Streamlit helpers of dashboard/."""
    files = sorted((ROOT / "pages").glob("*.py"))
    if (ROOT / "app.py").exists():
        files.append(ROOT / "app.py")
    for path in (ROOT / "dashboard").rglob("*.py"):
        if "migrations" in path.parts or "messages" in path.parts:
            continue
        if "import streamlit" in path.read_text(encoding="utf-8"):
            files.append(path)
    return files


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    return f"{shown}:{getattr(node, 'lineno', '?')}"


def call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


# ---------------------------------------------------------------------------------------------------------
# The catalogue itself
# ---------------------------------------------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    return {field for _literal, field, _spec, _conversion in string.Formatter().parse(text) if field is not None}


def test_every_entry_has_english_and_french_with_the_same_placeholders() -> None:
    problems = []
    for key, entry in catalogue().items():
        if not CATALOGUE_KEY.match(key):
            problems.append(f"{key!r}: a key is lower-case words joined by dots (area.name)")
        for lang in LANGUAGES:
            text = entry.get(lang)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{key!r}: no {lang} text")
        if all(isinstance(entry.get(lang), str) for lang in LANGUAGES):
            try:
                english, french = placeholders(entry["en"]), placeholders(entry["fr"])
            except ValueError as error:
                problems.append(f"{key!r}: malformed placeholder ({error})")
                continue
            if english != french:
                problems.append(f"{key!r}: placeholders differ, en {sorted(english)} / fr {sorted(french)}")
    assert not problems, "\n".join(problems)


def test_french_is_not_a_copy_of_english_for_sentences() -> None:
    """A long text identical in both languages was almost certainly never translated."""
    untranslated = [
        key for key, entry in catalogue().items()
        if entry.get("en") == entry.get("fr") and len(entry.get("en", "").split()) >= 4
    ]
    assert not untranslated, f"same English and French text (not translated?): {untranslated}"


def test_a_missing_key_raises_rather_than_showing_the_key() -> None:
    with pytest.raises(KeyError):
        t("no_such.key", "fr")
    assert t("page.overview", "fr") == "Vue d'ensemble"
    assert t("page.overview", "de") == "Overview"  # unknown language falls back to English


# ---------------------------------------------------------------------------------------------------------
# Keys used in the code
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyUse:
    place: str
    key: str | None  # a literal key
    prefix: str | None  # the literal start of a key built at run time


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _literal_items(node: ast.expr, scope: ast.AST | None) -> list[ast.expr] | None:
    """The elements of a literal tuple/list, or of a name assigned one in ``scope`` (one level)."""
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return list(node.elts)
    if isinstance(node, ast.Name) and scope is not None:
        for statement in ast.walk(scope):
            if isinstance(statement, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == node.id for target in statement.targets
            ):
                return _literal_items(statement.value, None)
    return None


def _values_of(name: str, target: ast.expr, items: list[ast.expr]) -> list[str] | None:
    """The string values ``name`` takes when ``target`` (a name or a tuple of names) walks ``items``."""
    values = []
    for item in items:
        if isinstance(target, ast.Name) and target.id == name:
            value = item
        elif isinstance(target, ast.Tuple) and isinstance(item, ast.Tuple) and len(item.elts) == len(target.elts):
            positions = [index for index, element in enumerate(target.elts)
                         if isinstance(element, ast.Name) and element.id == name]
            if not positions:
                return None
            value = item.elts[positions[0]]
        else:
            return None
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            return None
        values.append(value.value)
    return values


def _resolve_parameter(node: ast.JoinedStr, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str,
                       parents: dict[int, ast.AST]) -> list[str] | None:
    """``def header(key): return t(f"partners.column.{key}", lang)`` called only as ``header("name")``, ``header(
    "type")``…: the keys of those literal arguments (None when any call passes something else)."""
    position = [argument.arg for argument in function.args.args].index(name)
    module = function
    while parents.get(id(module)) is not None:
        module = parents[id(module)]  # type: ignore[assignment]
    values = []
    for call in ast.walk(module):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == function.name):
            continue
        argument = call.args[position] if len(call.args) > position else next(
            (keyword.value for keyword in call.keywords if keyword.arg == name), None)
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            return None
        values.append(argument.value)
    if not values:
        return None
    return ["".join(value if isinstance(part, ast.FormattedValue) else str(part.value) for part in node.values)
            for value in values]


def _ancestors(node: ast.AST, parents: dict[int, ast.AST]) -> Iterator[ast.AST]:
    ancestor = parents.get(id(node))
    while ancestor is not None:
        yield ancestor
        ancestor = parents.get(id(ancestor))


def _resolve_format_func(node: ast.JoinedStr, function: ast.Lambda, parents: dict[int, ast.AST]) -> list[str] | None:
    """``st.radio(label, views, format_func=lambda value: t(f"partners.view.{value}", lang))`` with ``views`` a
    literal tuple (or a name assigned one): the keys of those options."""
    call = parents.get(id(parents.get(id(function), function)))
    if not isinstance(call, ast.Call):
        return None
    options = call.args[1] if len(call.args) > 1 else next(
        (keyword.value for keyword in call.keywords if keyword.arg == "options"), None)
    if options is None:
        return None
    module = next((ancestor for ancestor in _ancestors(node, parents) if isinstance(ancestor, ast.Module)), None)
    items = _literal_items(options, module)
    if items is None or not all(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in items):
        return None
    return ["".join(item.value if isinstance(part, ast.FormattedValue) else str(part.value)  # type: ignore[attr-defined]
                    for part in node.values) for item in items]


def resolve_loop_keys(node: ast.JoinedStr, parents: dict[int, ast.AST]) -> list[str] | None:
    """Every key ``f"prefix.{name}"`` can build when ``name`` walks a literal tuple in an enclosing ``for`` or
    comprehension (``for name in ("row", "column")``); None when the values cannot be known from the source."""
    parts = node.values
    fields = [part for part in parts if isinstance(part, ast.FormattedValue)]
    if len(fields) != 1 or not isinstance(fields[0].value, ast.Name):
        return None
    name = fields[0].value.id
    scope = None
    ancestor = parents.get(id(node))
    loops: list[ast.AST] = []
    while ancestor is not None:
        if isinstance(ancestor, ast.For | ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            loops.append(ancestor)
        if isinstance(ancestor, ast.FunctionDef | ast.AsyncFunctionDef) and scope is None:
            scope = ancestor
        ancestor = parents.get(id(ancestor))
    lambda_node = next((loop for loop in _ancestors(node, parents) if isinstance(loop, ast.Lambda)), None)
    if lambda_node is not None and name in {argument.arg for argument in lambda_node.args.args}:
        return _resolve_format_func(node, lambda_node, parents)
    if scope is not None and name in {argument.arg for argument in scope.args.args}:
        return _resolve_parameter(node, scope, name, parents)
    for loop in loops:
        generators = loop.generators if not isinstance(loop, ast.For) else [loop]
        for generator in generators:
            items = _literal_items(generator.iter, scope)
            if items is None:
                continue
            values = _values_of(name, generator.target, items)
            if values is not None:
                def build(value: str) -> str:
                    return "".join(value if isinstance(part, ast.FormattedValue) else str(part.value)
                                   for part in parts)
                return [build(value) for value in values]
    return None


def _key_argument(node: ast.expr, path: Path, parents: dict[int, ast.AST] | None = None) -> list[KeyUse]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [KeyUse(where(path, node), node.value, None)]
    if isinstance(node, ast.JoinedStr):
        head = node.values[0] if node.values else None
        if not (isinstance(head, ast.Constant) and isinstance(head.value, str)):
            # f"{prefix}.{value}": a helper such as ui.label(prefix, ...); its callers are checked instead.
            return []
        resolved = resolve_loop_keys(node, parents or {})
        if resolved is not None:
            return [KeyUse(where(path, node), key, None) for key in resolved]
        return [KeyUse(where(path, node), None, head.value)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = node.left
        if isinstance(left, ast.Constant) and isinstance(left.value, str):
            return [KeyUse(where(path, node), None, left.value)]
    return []


NOT_MESSAGE_KEYWORDS = frozenset({"foreign_key", "primary_key", "session_key", "sort_key", "cache_key"})


def key_uses(paths: Iterable[Path]) -> Iterator[KeyUse]:
    """Keys given to ``t(...)``, to a ``*_key=`` keyword (``title_key="page.map"``), or stored in a
    ``*message_key`` name."""
    areas = {key.split(".", 1)[0] for key in catalogue()}
    for path in paths:
        tree = parse(path)
        parents = _parents(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                if call_name(node) == "t" and node.args:
                    yield from _key_argument(node.args[0], path, parents)
                for keyword in node.keywords:
                    if keyword.arg and keyword.arg.endswith("_key") and keyword.arg not in NOT_MESSAGE_KEYWORDS:
                        for use in _key_argument(keyword.value, path, parents):
                            if use.key is not None and KEY_SHAPE.match(use.key) and use.key.split(".", 1)[0] in areas:
                                yield use
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [target.id for target in targets if isinstance(target, ast.Name)]
                if node.value is not None and any(name.lower().endswith("message_key") for name in names):
                    yield from _key_argument(node.value, path, parents)


def test_every_literal_key_in_the_code_has_a_translation() -> None:
    known = catalogue()
    uses = key_uses(source_files())
    missing = sorted({f"{use.place}: {use.key}" for use in uses if use.key and use.key not in known})
    assert not missing, "keys used in the code but missing from dashboard/core/messages:\n" + "\n".join(missing)


def test_every_navigation_title_and_section_has_a_translation() -> None:
    known = catalogue()
    for page in navigation.PAGES:
        assert page.title_key in known, page
        assert page.section_key in known, page


def test_strings_shaped_like_keys_in_the_interface_exist() -> None:
    """A literal such as ``"budget.variance_title"`` in a page is a message key passed through a helper;
    when its area is one the catalogue uses, it must exist (or the page would show the raw key)."""
    known = catalogue()
    areas = {key.split(".", 1)[0] for key in known}
    missing = set()
    for path in interface_files():
        tree = parse(path)
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
            and node.body and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and KEY_SHAPE.match(node.value)
                and node.value.split(".", 1)[0] in areas
                and node.value not in known
                and not node.value.endswith((".py", ".csv", ".xlsx", ".json", ".html"))
            ):
                missing.add(f"{where(path, node)}: {node.value}")
    assert not missing, "key-shaped strings with no catalogue entry:\n" + "\n".join(sorted(missing))


# ---------------------------------------------------------------------------------------------------------
# Keys built at run time from enumerated values
# ---------------------------------------------------------------------------------------------------------


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


# Every prefix of a key built at run time, with the values the interface may show after it.
DYNAMIC_KEYS: dict[str, tuple[str, ...]] = {
    "org_type.": _values(models.OrganisationType),
    "org_status.": _values(models.OrganisationStatus),
    "partnership_objective.": _values(models.PartnershipObjective),
    "mechanism.": _values(models.Mechanism),
    "project_status.": _values(models.ProjectStatus),
    "role.": _values(models.RoleKind),
    "budget_type.": _values(models.BudgetType),
    "budget_status.": _values(models.BudgetStatus),
    "spending_kind.": _values(models.SpendingKind),
    "result_level.": _values(models.ResultLevel),
    "indicator_status.": _values(metrics.IndicatorStatus),
    "indicators.legend.": _values(metrics.IndicatorStatus),
    "review_decision.": _values(models.ReviewDecision),
    # Literal lists in the modules that build these keys (data_quality.py rules, importing/pipeline.py Change)
    "dq.field.": ("period_start", "period_end", "currency", "baseline", "target", "country", "coordinates"),
    "import.action.": ("create", "update"),
    # The record forms (issue 17): a label for every field of every kind, a name for every kind, and the two
    # enumerations the upload accepts without catalogue names.
    "field.": tuple(sorted({column.name for kind in KINDS for column in form_columns(kind)})),
    "form.kind.": KINDS,
    "form.thing.": KINDS,
    "measure.": _values(models.Measure),
    "direction.": _values(models.Direction),
}


def _optional_dynamic_keys() -> dict[str, tuple[str, ...]]:
    """Prefixes whose value lists live in other engineers' modules; added when those modules exist."""
    extra: dict[str, tuple[str, ...]] = {}
    try:
        from dashboard.queries import reviews

        principles = getattr(reviews, "PRINCIPLES", None)
        if principles:
            extra["principle."] = tuple(getattr(reviews, "PRINCIPLE_KEYS", ()))
    except ImportError:
        pass
    try:
        from dashboard.importing.schemas import KINDS, ColumnType

        extra["import.type."] = _values(ColumnType)
        extra["upload.kind."] = KINDS
    except ImportError:
        pass
    try:
        from dashboard.importing import preview

        extra["import.status."] = (preview.STATUS_COMMITTED, preview.STATUS_UNDONE)
        if hasattr(preview, "WORKBOOK"):  # the several-sheets upload offered beside the kinds
            extra["upload.kind."] = (*extra.get("upload.kind.", ()), preview.WORKBOOK)
    except (ImportError, AttributeError):
        pass
    try:
        from dashboard.queries import gaps

        extra["gaps.gap."] = (gaps.GAP_NO_PARTNER, gaps.GAP_NO_FUNDING,
                              *(f"no_{objective}" for objective in gaps.PARTNERSHIP_OBJECTIVES))
        extra["gaps.region."] = (gaps.NO_REGION,)  # other regions are named by dashboard.core.regions.REGION_NAMES
    except (ImportError, AttributeError):
        pass
    try:
        from dashboard.queries import data_quality

        extra["dq.rule."] = tuple(
            f"{rule.key}.{part}" for rule in data_quality.RULES for part in ("title", "help", "short")
        )
        extra["dq.kind."] = tuple(dict.fromkeys(rule.fix_kind for rule in data_quality.RULES))
    except (ImportError, AttributeError):
        pass
    try:
        from dashboard.queries.alerts import AlertKind
        from dashboard.queries.money import GROUPINGS

        extra["budgets.group."] = tuple(GROUPINGS)
        extra["alert."] = _values(AlertKind)
        extra["alert_detail."] = _values(AlertKind)
    except ImportError:
        pass
    try:  # the standard files' kinds (issue 14): records their changes name, how they were matched
        from dashboard.importing.preview import MATCHED_BY
        from dashboard.importing.sync import RECORD_KINDS, STANDARD_KINDS

        extra["import.record."] = RECORD_KINDS
        extra["import.matched."] = MATCHED_BY
        extra["import.action."] = ("create", "update", "delete")
        extra["upload.kind."] = (*extra.get("upload.kind.", ()), *STANDARD_KINDS)
        extra["money_source."] = _values(models.MoneySource)
        from dashboard.exporting.iati import SKIP_INVALID, SKIP_NO_DATE

        extra["export.iati.skipped."] = (SKIP_NO_DATE, SKIP_INVALID)
        extra["measure."] = _values(models.Measure)
    except ImportError:
        pass
    return extra


@pytest.mark.parametrize("prefix", sorted(DYNAMIC_KEYS))
def test_every_enumerated_value_the_interface_shows_has_a_translation(prefix: str) -> None:
    known = catalogue()
    missing = [prefix + value for value in DYNAMIC_KEYS[prefix] if prefix + value not in known]
    assert not missing, f"no translation for {missing}"


# Helpers that build "<prefix>.<value>" keys from their first argument (ui.label, partners.enum_label...).
LABEL_HELPERS = frozenset({"label", "enum_label", "label_list"})


def test_shell_label_helper_prefixes_are_covered() -> None:
    """``ui.label("org_type", value, lang)`` builds ``org_type.<value>``: its prefix must be a covered one."""
    covered = {prefix.rstrip(".") for prefix in {**DYNAMIC_KEYS, **_optional_dynamic_keys()}}
    unknown = []
    for path in source_files():
        for node in ast.walk(parse(path)):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            # label(...) or ui.label(...), not SQLAlchemy's column.label("name")
            is_helper = (isinstance(func, ast.Name) and func.id in LABEL_HELPERS) or (
                isinstance(func, ast.Attribute) and func.attr in LABEL_HELPERS
                and isinstance(func.value, ast.Name) and func.value.id in {"ui", "partners"}
            )
            if is_helper:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in covered:
                    unknown.append(f"{where(path, node)}: {first.value}")
    assert not unknown, (
        "labels built from a prefix this test does not cover (add the prefix and its value list to "
        "DYNAMIC_KEYS in tests/test_i18n.py):\n" + "\n".join(unknown)
    )


def test_every_dynamic_key_prefix_in_the_code_is_covered() -> None:
    """A key built at run time whose prefix this test does not know could miss a translation unseen."""
    covered = tuple({**DYNAMIC_KEYS, **_optional_dynamic_keys()})
    known = catalogue()
    unknown = []
    for use in key_uses(source_files()):
        if use.prefix is None:
            continue
        if use.prefix.startswith(covered):
            continue
        # A prefix naming a closed family of keys that all exist (e.g. f"metric.{name}") is allowed only when
        # it is spelled out here; otherwise say where it is.
        if not use.prefix or not any(key.startswith(use.prefix) for key in known):
            unknown.append(f"{use.place}: {use.prefix!r}…")
        elif use.prefix not in ALLOWED_DYNAMIC_PREFIXES:
            unknown.append(f"{use.place}: {use.prefix!r}… (add its value list to DYNAMIC_KEYS in this test)")
    assert not unknown, "keys built at run time that no test checks:\n" + "\n".join(unknown)


# Prefixes whose value lists are checked by their own modules' tests.
ALLOWED_DYNAMIC_PREFIXES: frozenset[str] = frozenset()


def test_principle_keys_exist_when_reviews_defines_them() -> None:
    extra = _optional_dynamic_keys()
    known = catalogue()
    missing = [prefix + value for prefix, values in extra.items() for value in values if prefix + value not in known]
    assert not missing, f"no translation for {missing}"


# ---------------------------------------------------------------------------------------------------------
# Literal text that bypasses t()
# ---------------------------------------------------------------------------------------------------------

# Streamlit calls whose first argument (or label-like keyword) is shown to the person.
STREAMLIT_TEXT_CALLS = frozenset({
    "title", "header", "subheader", "caption", "text", "markdown", "write", "info", "warning", "error",
    "success", "toast", "button", "download_button", "link_button", "page_link", "form_submit_button",
    "checkbox", "toggle", "radio", "selectbox", "multiselect", "select_slider", "slider", "text_input",
    "text_area", "number_input", "date_input", "time_input", "file_uploader", "color_picker", "metric",
    "expander", "popover", "status", "spinner", "tabs", "dialog", "segmented_control", "pills", "feedback",
    "chat_input", "set_page_config",
    # st.column_config: a column's label and help are shown as its header
    "Column", "TextColumn", "NumberColumn", "DateColumn", "DatetimeColumn", "TimeColumn", "CheckboxColumn",
    "SelectboxColumn", "LinkColumn", "ListColumn", "ProgressColumn", "BarChartColumn", "LineChartColumn",
    "AreaChartColumn", "ImageColumn", "JSONColumn", "MultiselectColumn",
})
TEXT_KEYWORDS = frozenset({"label", "help", "placeholder", "caption", "body", "page_title", "delta_description"})
# Chart titles and axis labels (plotly) are shown text too.
CHART_TEXT_KEYWORDS = frozenset({"title", "title_text", "xaxis_title", "yaxis_title", "legend_title",
                                 "legend_title_text", "labels", "annotation_text"})
# Calls on these are logging or SQL, not display.
NOT_DISPLAY_RECEIVERS = frozenset({"logger", "log", "logging", "LOGGER", "_log", "_logger", "sa", "sqlalchemy",
                                   "warnings", "parser", "subparsers", "argparse"})
# Markup, not words: HTML tags and entities, plotly %{x}, Streamlit's :material/icon:, :red[...] colours and
# :green-badge[...] badges, and markdown punctuation.
MARKUP = re.compile(
    r":material/[a-z_]+:|:[a-z0-9]+(-badge|-background)?\[|<[^>]*>|&[a-z]+;|%\{[^}]*\}|[*_#`>|:\-\[\]()]"
)


def _shown_text(node: ast.expr) -> str | None:
    """The literal letters a node would show, or None when it shows no literal words."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        literal = node.value
    elif isinstance(node, ast.JoinedStr):
        # a formatted value stands as "0": no letter, and ":{colour}-badge[" still reads as markup
        literal = "".join(str(part.value) if isinstance(part, ast.Constant) else "0" for part in node.values)
    elif isinstance(node, ast.List | ast.Tuple):
        texts = [_shown_text(element) for element in node.elts]
        literal = " ".join(text for text in texts if text)
    elif isinstance(node, ast.Dict):
        keys = [key.value if isinstance(key, ast.Constant) else None for key in node.keys]
        if "text" in keys:  # title={"text": ..., "xanchor": "left"}: only the text is shown
            return _shown_text(node.values[keys.index("text")])
        texts = [_shown_text(value) for value in node.values if value is not None]  # labels={"budget": "Budget"}
        literal = " ".join(text for text in texts if text)
    else:
        return None
    stripped = MARKUP.sub(" ", literal)
    return literal if LETTERS.search(stripped) else None


def _receiver_is_streamlit(func: ast.expr) -> bool:
    """``st.x``, ``st.sidebar.x``, ``column.x`` (any object that may be a container), not ``logger.error``."""
    if not isinstance(func, ast.Attribute):
        return False
    receiver = func.value
    return not (isinstance(receiver, ast.Name) and receiver.id in NOT_DISPLAY_RECEIVERS)


def literal_text_in_streamlit_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(parse(path)):
        if not isinstance(node, ast.Call) or not _receiver_is_streamlit(node.func):
            continue
        name = call_name(node)
        candidates: list[ast.expr] = []
        if name in STREAMLIT_TEXT_CALLS:
            if name not in {"page_link", "switch_page"}:  # their first argument is a page, not text
                candidates.extend(node.args if name == "write" else node.args[:1])
            candidates.extend(keyword.value for keyword in node.keywords if keyword.arg in TEXT_KEYWORDS)
        if name in {"update_layout", "update_xaxes", "update_yaxes", "update_traces", "add_annotation",
                    "add_hline", "add_vline", "bar", "line", "scatter", "pie", "Bar", "Scatter", "Pie",
                    "Figure", "scatter_geo", "choropleth", "histogram", "treemap", "sunburst"}:
            candidates.extend(keyword.value for keyword in node.keywords if keyword.arg in CHART_TEXT_KEYWORDS
                              or (keyword.arg or "").endswith("_title"))
        for candidate in candidates:
            shown = _shown_text(candidate)
            if shown:
                found.append(f"{where(path, candidate)}: {name}({shown[:60]!r})")
    return found


def test_pages_pass_no_literal_text_to_streamlit() -> None:
    found = [problem for path in interface_files() for problem in literal_text_in_streamlit_calls(path)]
    assert not found, "literal text shown without t() (add a message key):\n" + "\n".join(found)


def widgets_with_english_placeholder(path: Path) -> list[str]:
    """Multiselects (and selectboxes that start empty) without ``placeholder=``: Streamlit would show its own
    English "Choose options" on a French page."""
    found = []
    for node in ast.walk(parse(path)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        keywords = {keyword.arg: keyword.value for keyword in node.keywords}
        starts_empty = node.func.attr == "multiselect" or (
            node.func.attr == "selectbox" and isinstance(keywords.get("index"), ast.Constant)
            and keywords["index"].value is None  # type: ignore[attr-defined]
        )
        if starts_empty and "placeholder" not in keywords:
            found.append(f"{where(path, node)}: {node.func.attr} without placeholder=t(...)")
    return found


def test_empty_choice_widgets_have_a_translated_placeholder(tmp_path: Path) -> None:
    found = [problem for path in interface_files() for problem in widgets_with_english_placeholder(path)]
    assert not found, "\n".join(found)
    sample = tmp_path / "sample.py"
    sample.write_text("st.multiselect(t('a.b', lang), options)\n"
                      "st.multiselect(t('a.b', lang), options, placeholder=t('a.c', lang))\n"
                      "st.selectbox(t('a.b', lang), options, index=None)\n"
                      "st.selectbox(t('a.b', lang), options)\n", encoding="utf-8")
    assert [problem.split(":")[1] for problem in widgets_with_english_placeholder(sample)] == ["1", "3"]


def test_chart_modules_give_no_literal_titles() -> None:
    names = ("figures/charts.py", "presenting/briefing.py", "maps/view.py")
    paths = [path for name in names if (path := ROOT / "dashboard" / name).exists()]
    found = [problem for path in paths for problem in literal_text_in_streamlit_calls(path)]
    assert not found, "literal chart text shown without t() (add a message key):\n" + "\n".join(found)


def test_the_literal_text_scan_catches_what_it_should(tmp_path: Path) -> None:
    """The scan itself: it must flag these and leave those alone, or the two tests above prove nothing."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import streamlit as st\n"
        "st.title('Budgets')\n"
        "left.metric('Total budget', 12)\n"
        "st.button(label='Save')\n"
        "st.markdown(f'**Budget** {x}')\n"
        "st.tabs(['One', t('a.b', lang)])\n"
        "fig.update_layout(xaxis_title='Year')\n"
        "st.title(t('page.budgets', lang))\n"
        "st.markdown(f'### {heading}')\n"
        "st.markdown('---')\n"
        "st.metric(t('metric.budget', lang), value, key='budget_metric')\n"
        "st.dataframe(frame, column_config={'x': 1})\n"
        "logger.error('database unreachable')\n"
        "fig = px.bar(frame, x='budget', labels={'budget': t('metric.budget', lang)})\n"
        "fig = px.bar(frame, x='budget', labels={'budget': 'Budget'})\n"
        "fig.update_layout(title={'text': title, 'xanchor': 'left'})\n"
        "st.page_link('pages/budgets.py', label=t('page.budgets', lang))\n"
        "st.page_link('pages/budgets.py', label='Budgets')\n"
        "st.markdown(f':green-badge[{label}] **{code}** — {rule}')\n"
        "st.caption(':material/info: ' + t('notice.illustrative', lang))\n"
        "st.markdown(':red[Over budget]')\n"
        "config = {'b': st.column_config.NumberColumn('Budget (EUR)', format='localized')}\n",
        encoding="utf-8",
    )
    found = literal_text_in_streamlit_calls(sample)
    lines = sorted(int(problem.split(":")[1]) for problem in found)
    assert lines == [2, 3, 4, 5, 6, 7, 15, 18, 21, 22]


def test_the_key_scan_finds_keys_however_they_are_passed(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "st.title(t('page.budgets', lang))\n"
        "st.caption(i18n.t(\n    'notice.illustrative',\n    lang))\n"
        "PageSpec('x.py', 'x', title_key='page.nowhere', icon='', section_key='section.portfolio')\n"
        "name = t(f'org_type.{value}', lang)\n"
        "other = t(f'{prefix}.{value}', lang)\n"
        "link: int = Field(foreign_key='project.id')\n"
        "# t('commented.out', lang)\n"
        "cols = [t(f'import.label.{name}', lang) for name in ('row', 'column')]\n"
        "def chart():\n"
        "    groups = (('overspent', 1), ('on_pace', 2))\n"
        "    for key, colour in groups:\n"
        "        t(f'figure.burn_{key}', lang)\n"
        "def header(key):\n"
        "    return t(f'partners.column.{key}', lang)\n"
        "frame = {header('name'): 1, header('type'): 2}\n"
        "views = ('table', 'gaps')\n"
        "st.segmented_control(t('partners.view', lang), views, format_func=lambda value: t(f'partners.view.{value}',"
        " lang))\n",
        encoding="utf-8",
    )
    uses = list(key_uses([sample]))
    assert sorted(use.key for use in uses if use.key) == [
        "figure.burn_on_pace", "figure.burn_overspent", "import.label.column", "import.label.row",
        "notice.illustrative", "page.budgets", "page.nowhere", "partners.column.name", "partners.column.type",
        "partners.view", "partners.view.gaps", "partners.view.table", "section.portfolio",
    ]
    assert [use.prefix for use in uses if use.prefix] == ["org_type."]


def test_a_count_of_one_reads_singular_by_each_language_rule() -> None:
    assert "1 problem to fix" in t_count("upload.refused", "en", 1, count="1")
    assert "2 problems to fix" in t_count("upload.refused", "en", 2, count="2")
    assert "0 problems to fix" in t_count("upload.refused", "en", 0, count="0")
    assert "1 problème à corriger" in t_count("upload.refused", "fr", 1, count="1")
    assert "0 problème à corriger" in t_count("upload.refused", "fr", 0, count="0")  # French: 0 is singular
    assert "2 problèmes à corriger" in t_count("upload.refused", "fr", 2, count="2")
