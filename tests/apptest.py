"""The one way a test opens a page of the app in Streamlit's AppTest (the real app, its router and sidebar)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


def open_app(page: str | None = None, query: dict | None = None, *, script: Path = APP, check: bool = False) -> AppTest:
    """Run `script` (the app) with the link's `query`, on `pages/<page>.py` (None: the default page).

    `check`: fail the test at once if the page raised.
    """
    at = AppTest.from_file(str(script), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"pages/{page}.py")
    at.run()
    if check:
        assert not at.exception, at.exception
    return at
