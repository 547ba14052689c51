"""Long work on a page that the person can stop: checking or writing an upload.

The work runs in a worker thread and is handed a ``cancel`` question it asks between chunks; the page's own run
waits for it, drawing the elapsed time every moment. Streamlit stops a page's run at its next drawing call when
the person presses another button (Cancel included) or closes the tab (the session ends): the waiting loop then
says "cancel" and waits for the worker to roll back, so nothing is left half-written and no work goes on for
nobody (issue 16 item 2).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.core.i18n import t

T = TypeVar("T")
POLL_S = 0.25


def run_cancellable(work: Callable[[Callable[[], bool]], T], *, message: str, cancel_label: str, key: str,
                    on_cancel: Callable[[], None], lang: str) -> T:
    """``work(cancel)`` in a worker thread, with ``message``, the elapsed time and a Cancel button (``key``;
    ``on_cancel`` runs when it is pressed, before the page runs again). Returns what ``work`` returns; when
    the page's run is stopped (Cancel, another click, the tab closed) the worker is told to stop and waited
    for before the stop goes on."""
    stop = threading.Event()
    results: list[T] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(work(stop.is_set))
        except BaseException as error:  # handed to the page's run, which raises it
            errors.append(error)

    thread = threading.Thread(target=worker, name=f"upload-{key}", daemon=True)
    holder = st.empty()
    box = holder.container(border=True)
    box.info(message, icon=":material/hourglass_top:")
    elapsed = box.empty()
    box.button(cancel_label, key=key, icon=":material/cancel:", on_click=on_cancel)
    started = time.monotonic()
    thread.start()
    try:
        while thread.is_alive():
            thread.join(POLL_S)
            # A drawing call: where Streamlit stops this run if the person clicked or left.
            elapsed.caption(t("upload.elapsed", lang, seconds=int(time.monotonic() - started)))
    finally:
        if thread.is_alive():
            stop.set()
            thread.join()  # the worker rolls back before the page runs again
    holder.empty()
    if errors:
        raise errors[0]
    return results[0]
