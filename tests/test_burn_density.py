"""The burn chart at scale (issue 15): above ``BURN_BIN_ABOVE`` projects it counts them in cells, numbers the
most over-spent and draws the few beyond its top one by one, so that no project is lost; a large table is
shown a page at a time, every row reachable."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.figures import charts


def _burn(size: int) -> pd.DataFrame:
    generator = np.random.default_rng(7)
    elapsed = generator.uniform(0, 1, size)
    rate = generator.gamma(4, 0.25, size)
    rate[:5] = [6.0, 7.5, 9.0, 12.0, 20.0]  # far above everyone else
    budget = generator.uniform(1_000, 100_000, size)
    return pd.DataFrame({
        "code": [f"P-{index:05d}" for index in range(size)], "title": [f"Project {index}" for index in range(size)],
        "time_elapsed": elapsed, "execution_rate": rate, "budget": budget, "consumed": budget * rate,
        "overspent": rate > 1, "behind_time": rate < elapsed - 0.25,
    })


def test_a_large_burn_chart_counts_every_project_and_names_the_most_over_spent() -> None:
    frame = _burn(charts.BURN_BIN_ABOVE + 500)
    figure = charts.burn_density(frame, "en", "EUR")
    assert charts.burn_scatter(frame, "en", "EUR").to_json() == figure.to_json()  # chosen by size
    (cells,) = [trace for trace in figure.data if trace.type == "heatmap"]
    in_cells = round(float(np.nansum(np.asarray(cells.z, dtype=float) ** 2)))  # the shade is the square root
    above = next(trace for trace in figure.data if trace.name and trace.name.startswith("Above"))
    assert in_cells + len(above.x) == len(frame)  # every project is in a cell or drawn on the top edge
    assert {row[0] for row in above.customdata} >= {"P-00000", "P-00001", "P-00002", "P-00003", "P-00004"}
    top = figure.layout.yaxis.range[1]
    assert 110 <= top < 600 and all(value <= top for value in above.y)
    named = next(trace for trace in figure.data if trace.name == f"The {charts.BURN_NAMED} most over-spent "
                                                                    "(numbered)")
    expected = (frame["consumed"] - frame["budget"]).where(frame["overspent"]).nlargest(charts.BURN_NAMED)
    assert [row[0] for row in named.customdata] == frame.loc[expected.index, "code"].tolist()
    assert list(named.text) == [str(rank) for rank in range(1, charts.BURN_NAMED + 1)]
    # A cell's hover counts its over-spent projects: added up, every over-spent project inside the top.
    overspent_inside = int((frame["overspent"] & (frame["execution_rate"] * 100 <= top)).sum())
    cell_counts = [re.search(r"([\d,]+) projects: ([\d,]+) over-spent", text) for row in cells.text for text in row
                   if text]
    assert all(cell_counts)
    assert sum(int(match[1].replace(",", "")) for match in cell_counts if match) == in_cells
    assert sum(int(match[2].replace(",", "")) for match in cell_counts if match) == overspent_inside
    assert len(figure.to_json()) < 200_000  # what the browser receives, for 2 000 projects as for 10 000


def test_a_small_burn_chart_still_draws_each_project() -> None:
    frame = _burn(40)
    figure = charts.burn_scatter(frame, "en", "EUR")
    assert not [trace for trace in figure.data if trace.type == "heatmap"]
    assert sum(len(trace.x) for trace in figure.data if trace.mode == "markers") == 40


def _paged_app() -> None:
    import pandas as pd
    import streamlit as st

    from dashboard.web.widgets import page_of_rows

    frame = pd.DataFrame({"row": range(1, 251)})
    st.dataframe(page_of_rows(frame, "en", key="rows_page"))


def test_a_large_table_is_shown_a_page_at_a_time_and_every_row_can_be_reached() -> None:
    at = AppTest.from_function(_paged_app).run()
    assert not at.exception
    assert at.dataframe[0].value["row"].tolist() == list(range(1, 101))
    assert at.caption[0].value.startswith("Rows 1–100 of 250 (page 1 of 3)")
    at.number_input(key="rows_page").set_value(3).run()
    assert at.dataframe[0].value["row"].tolist() == list(range(201, 251))
    assert at.caption[0].value.startswith("Rows 201–250 of 250 (page 3 of 3)")
