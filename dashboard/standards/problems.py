"""What a standard file gets wrong, said in English or French.

A ``Problem`` is either an *error* (the item it names cannot be imported: the upload is refused, all or
nothing) or a *warning* (the standard is bent, what it makes meaningful is still read: listed, not refused).
A ``FileRefusedError`` is a problem with the file as a whole (not XML, an entity declaration, IATI 1.x...):
nothing of the file is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from dashboard.core.i18n import t


class Severity(StrEnum):
    error = "error"  # the item cannot be imported: the upload is refused
    warning = "warning"  # listed; what the standard makes meaningful is still imported


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a standard file.

    ``line`` is the line in the file (1-based; None when the file gives none, e.g. a CSV header problem has
    row 1); ``where`` names the element path (``iati-activity[3]/budget[2]/value``) or the column; ``key`` is a
    message key of ``dashboard/messages/standards.py`` filled with ``values``.
    """

    line: int | None
    where: str
    key: str
    values: dict[str, object] = field(default_factory=dict)
    severity: Severity = Severity.error
    activity: str | None = None  # the IATI identifier, or the SCDL row's grant, when known

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.values)

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.error

    def text(self, lang: str | None = None) -> str:
        """One line for the command line: where, then what."""
        place = t("standards.label.line", lang, line=self.line) if self.line is not None else ""
        parts = [part for part in (place, self.where) if part]
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message(lang)}" if prefix else self.message(lang)


class FileRefusedError(ValueError):
    """The whole file is refused (nothing read): ``key``/``values`` give the message, ``line`` where."""

    def __init__(self, key: str, line: int | None = None, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.line = line
        self.values = values

    @classmethod
    def with_values(cls, key: str, values: dict[str, object], line: int | None = None) -> FileRefusedError:
        """A refusal whose message values come as a mapping (a lower reader's error, passed on)."""
        refusal = cls(key, line)
        refusal.values = dict(values)
        return refusal

    def message(self, lang: str | None = None) -> str:
        text = t(self.key, lang, **self.values)
        if self.line is not None:
            return t("standards.label.line", lang, line=self.line) + f": {text}"
        return text


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one kind (same message key and severity), counted, with the first few places: a file of
    5 000 activities with one recurring quirk is one line of the preview, not 5 000."""

    key: str
    severity: Severity
    count: int
    lines: tuple[int, ...]  # the first lines where it occurs (at most ``shown`` of them)
    example: Problem

    def message(self, lang: str | None = None) -> str:
        return self.example.message(lang)


def grouped(problems: list[Problem], *, shown: int = 5) -> list[ProblemGroup]:
    """``problems`` grouped by key and severity, errors first, then by count (most frequent first)."""
    groups: dict[tuple[str, Severity, str], list[Problem]] = {}
    for item in problems:
        # A problem of the file as a whole (no line) is told on its own: its place is the whole point.
        groups.setdefault((item.key, item.severity, item.where if item.line is None else ""), []).append(item)
    result = [ProblemGroup(key, severity, len(items),
                           tuple(dict.fromkeys(item.line for item in items if item.line is not None))[:shown],
                           items[0])
              for (key, severity, _where), items in groups.items()]
    return sorted(result, key=lambda group: (group.severity != Severity.error, -group.count, group.key))
