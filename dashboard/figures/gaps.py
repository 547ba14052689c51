"""The gap grid: partnership objectives by region."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.queries.gaps import GapAnalysis


def gap_heatmap(analysis: GapAnalysis, *, region_names: dict[str, str], hover: str) -> go.Figure:
    """Active partners per objective (rows) and region (columns); empty cells are the gaps and stay white
    with a 0 written in, so they stand out in print as on screen."""
    frame = analysis.frame
    matrix = frame.pivot_table(index="objective_code", columns="region", values="active_partners", aggfunc="sum")
    matrix = matrix.reindex(columns=list(analysis.regions)).fillna(0)
    figure = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=[region_names.get(region, region) for region in matrix.columns],
            y=list(matrix.index),
            text=matrix.values.astype(int),
            texttemplate="%{text}",
            colorscale=[(0.0, "#ffffff"), (0.001, "#e0f0ea"), (1.0, "#0b6e4f")],
            hovertemplate=hover,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        height=max(240, 50 + 34 * len(matrix.index)),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        yaxis={"autorange": "reversed", "type": "category"},
        xaxis={"side": "top", "type": "category"},
        plot_bgcolor="#f3f3f3",
    )
    return figure
