"""A mypy plugin for SQLModel's table classes: a field read on the CLASS is a SQLAlchemy column
(``InstrumentedAttribute[T]``), as it is at run time, not the field's Python type.

Without it mypy reads ``Project.id`` as ``int | None`` and refuses ``Project.id.in_(...)``,
``select(...).where(Project.code == code)`` and every other query written against a model (SQLModel's answer is
to wrap each column in ``sqlmodel.col()``). On an instance (``project.id``) the field keeps its Python type.
Registered in ``pyproject.toml`` (``[tool.mypy] plugins``); mypy runs on ``dashboard/`` in ``scripts/test.sh``.

Whether a class is a table (``table=True``) is noted in the class's metadata when mypy analyses it, because that
is what mypy's cache keeps (a class read back from the cache has lost its keywords).
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import MypyFile, TypeInfo, Var
from mypy.plugin import AttributeContext, ClassDefContext, Plugin, ReportConfigContext
from mypy.types import Instance, Type

SQLMODEL_BASE = "sqlmodel.main.SQLModel"
COLUMN = "sqlalchemy.orm.attributes.InstrumentedAttribute"
METADATA_KEY = "dashboard_sqlmodel"
PLUGIN_VERSION = "2"  # change it when the rule changes: mypy's cache keeps what older versions decided


def _note_table(context: ClassDefContext) -> None:
    """At analysis: remember on the class whether it declares ``table=True`` (or ``table=False``)."""
    table = context.cls.keywords.get("table")
    if table is not None:
        context.cls.info.metadata[METADATA_KEY] = {"table": getattr(table, "name", None) == "True"}


def _is_table(info: TypeInfo) -> bool:
    """A SQLModel subclass declared ``table=True`` (itself, or the nearest ancestor that says)."""
    if not any(base.fullname == SQLMODEL_BASE for base in info.mro):
        return False
    for klass in info.mro:
        if klass.fullname == SQLMODEL_BASE:
            return False
        noted = klass.metadata.get(METADATA_KEY)
        if noted is not None:
            return bool(noted["table"])
    return False


class SQLModelColumns(Plugin):
    def report_config_data(self, ctx: ReportConfigContext) -> str:
        return PLUGIN_VERSION

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        # The column class must be known wherever a model is read (priority 10: an ordinary import).
        return [(10, COLUMN.rpartition(".")[0], -1)]

    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        node = self.lookup_fully_qualified(fullname)
        if node is not None and isinstance(node.node, TypeInfo) and any(
                base.fullname == SQLMODEL_BASE for base in node.node.mro):
            return _note_table
        return None

    def _column_type(self, context: AttributeContext) -> Type:
        column = self.lookup_fully_qualified(COLUMN)
        if column is None or not isinstance(column.node, TypeInfo):
            return context.default_attr_type
        return Instance(column.node, [context.default_attr_type])

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        owner_name, _, attribute = fullname.rpartition(".")
        node = self.lookup_fully_qualified(owner_name)
        if node is None or not isinstance(node.node, TypeInfo) or not _is_table(node.node):
            return None
        symbol = node.node.names.get(attribute)
        if symbol is None or not isinstance(symbol.node, Var) or symbol.node.is_classvar:
            return None  # methods, properties and class variables are what they say
        return self._column_type


def plugin(version: str) -> type[Plugin]:
    return SQLModelColumns
