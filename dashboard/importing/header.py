"""The header of an uploaded table: which column holds which field, checked before any row is read."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from dashboard.importing.problems import Problem, problem
from dashboard.importing.schemas import Column, KindSchema, match_header, schemas
from dashboard.importing.values import choice_key


@dataclass
class HeaderMap:
    """Which column of the file holds which field; ``problems`` stop the file before any row is read."""

    positions: list[tuple[int, Column, str]]  # (index in the row, column, header as written)
    problems: list[Problem]

    def header_of(self, name: str) -> str | None:
        return next((written for _index, column, written in self.positions if column.name == name), None)


def map_header(schema: KindSchema, header: list[str], header_row: int) -> HeaderMap:
    positions: list[tuple[int, Column, str]] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for index, raw in enumerate(header):
        written = str(raw).strip() if raw is not None else ""
        if not written:
            continue  # an empty header over an empty column is Excel's trailing debris; values are checked below
        column = match_header(schema, written)
        if column is None:
            unknown.append(written)
            continue
        if column.name in seen:
            problems.append(problem(header_row, written, written, "error.duplicate_column", other=seen[column.name]))
            continue
        seen[column.name] = written
        positions.append((index, column, written))
    missing = [column for column in schema.required if column.name not in seen]
    other_kind = _better_kind(schema, header) if (missing or unknown) else None
    if other_kind is not None:
        problems.append(problem(header_row, None, "", "error.wrong_kind", kind=schema.kind, other=other_kind))
        return HeaderMap(positions, problems)
    known = ", ".join(column.name for column in schema.columns)
    for written in unknown:
        near = process.extractOne(choice_key(written), [column.name.replace("_", " ") for column in schema.columns],
                                  scorer=fuzz.ratio, score_cutoff=75)
        if near:
            problems.append(problem(header_row, written, written, "error.unknown_column_near",
                                    suggestion=near[0].replace(" ", "_"), known=known))
        else:
            problems.append(problem(header_row, written, written, "error.unknown_column", known=known))
    for column in missing:
        same = column.header_fr == column.name  # "type", "date": one name in both languages
        problems.append(problem(header_row, column.name, "", "error.missing_column_one_name" if same
                                else "error.missing_column", column=column.name, french=column.header_fr))
    return HeaderMap(positions, problems)


def _better_kind(schema: KindSchema, header: list[str]) -> str | None:
    """Another kind whose columns all the file's headers are, when the chosen kind does not fit."""
    written = [str(item).strip() for item in header if item is not None and str(item).strip()]
    for other in schemas().values():
        if other.kind == schema.kind:
            continue
        matched = {column.name for item in written if (column := match_header(other, item))}
        if len(matched) == len(written) and all(column.name in matched for column in other.required):
            return other.kind
    return None


# ---------------------------------------------------------------------------------------------------------
