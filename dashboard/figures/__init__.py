"""Plotly figure builders (pure: frames in, figures out)."""
