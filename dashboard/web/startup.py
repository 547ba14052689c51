"""What the Streamlit server does once when it starts, before the first page runs (called by ``app.py``)."""

from __future__ import annotations

import functools
import gc

from dashboard.figures.charts import set_default_template


@functools.cache  # app.py runs on every rerun; this must happen once per server process
def start_server() -> None:
    """Set the charts' template, then set aside what is loaded by now.

    A full garbage collection walks every live object. What is loaded when app.py first runs (Streamlit,
    pandas, Plotly, SQLAlchemy, our modules) lives as long as the server, so it is frozen once: on a cold page at
    the large size the full collections then take about 0.05 s instead of 0.25 s.
    """
    set_default_template()
    gc.freeze()
