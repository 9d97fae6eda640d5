"""The pages of the app: one declaration each, which the router (`app.py`), the tests and the docs loop over.

A page's key is its address (`/<key>`, the default page at `/`) and its script
(`pages/<key>.py`). No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from i18n import _


@dataclass(frozen=True)
class Page:
    key: str  # url_path and script name
    title: Callable[[], str]  # translated
    icon: str  # a Material icon, as st.Page takes it
    has_map: bool = False
    has_chart: bool = False
    example: str = ""  # a query the page needs to show something (e.g. a country), for tests and docs
    default: bool = False  # the page at "/"
    staff: bool = False  # shown only to signed-in staff

    @property
    def script(self) -> str:
        return f"pages/{self.key}.py"

    @property
    def address(self) -> str:
        """Where a reader opens it, with its example query."""
        path = "/" if self.default else f"/{self.key}"
        return path + (f"?{self.example}" if self.example else "")


PAGES: tuple[Page, ...] = (
    Page("overview", lambda: _("Overview"), ":material/map:", has_map=True, default=True),
    Page("darien", lambda: _("Darién corridor"), ":material/forest:", has_map=True, has_chart=True),
    Page("shelters", lambda: _("Shelters and services"), ":material/home:", has_map=True, has_chart=True),
    Page("deaths", lambda: _("Disappearances and deaths"), ":material/person_search:", has_map=True, has_chart=True),
    Page("displacement", lambda: _("Disaster displacement"), ":material/storm:", has_map=True, has_chart=True),
    Page("country", lambda: _("Country brief"), ":material/flag:", has_map=True, has_chart=True, example="iso3=GTM"),
    Page("data", lambda: _("Data and sources"), ":material/library_books:"),
    Page("import", lambda: _("Import data"), ":material/upload_file:", staff=True),
)
PUBLIC: tuple[Page, ...] = tuple(p for p in PAGES if not p.staff)
