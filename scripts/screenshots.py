"""Screenshots of every page at phone, laptop and presenter widths, in English and Spanish.

Starts the app on a free local port (or uses --url), opens each page in headless
Chromium with every outside host blocked, and writes full-page PNGs to
tests/artifacts/<page>-<language>-<width>.png, to be looked at before a page is
called done. Prints any request that tried to leave the machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS, OutsideRequests, block_outside, chromium_path, free_port, start_server  # noqa: E402
from tests.e2e.pages import wait_for_app  # noqa: E402

PAGES = {"overview": "", "darien": "darien", "shelters": "shelters", "deaths": "deaths", "displacement": "displacement", "country": "country?iso3=GTM", "data": "data"}
WIDTHS = {390: 844, 1366: 768, 1920: 1080}
LANGUAGES = ("en", "es")
MAX_HEIGHT = 7000
TALL = "() => { const main = document.querySelector('[data-testid=\"stMain\"]'); return main ? main.scrollHeight : document.body.scrollHeight; }"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running app (default: start one)")
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--widths", nargs="*", type=int, default=list(WIDTHS))
    parser.add_argument("--languages", nargs="*", default=list(LANGUAGES))
    args = parser.parse_args()
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = None
    url = args.url
    if not url:
        port = free_port()
        server = start_server(port)
        url = f"http://127.0.0.1:{port}"
    outside = OutsideRequests()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for width in args.widths:
                context = browser.new_context(viewport={"width": width, "height": WIDTHS.get(width, 900)})
                block_outside(context, outside)
                page = context.new_page()
                for language in args.languages:
                    for name in args.pages:
                        path = PAGES[name]
                        joiner = "&" if "?" in path else "?"
                        page.goto(f"{url}/{path}{joiner}lang={language}")
                        try:
                            wait_for_app(page)
                        except PlaywrightTimeout:
                            print(f"{name} ({language}, {width} px) did not finish drawing; taken as it is")
                        page.wait_for_timeout(2500)  # maps and charts settle
                        # the page scrolls inside Streamlit's main block: grow the window to show all of it
                        tall = page.evaluate(TALL)
                        page.set_viewport_size({"width": width, "height": max(WIDTHS.get(width, 900), min(tall, MAX_HEIGHT))})
                        page.wait_for_timeout(1500)
                        out = ARTIFACTS / f"{name}-{language}-{width}.png"
                        page.screenshot(path=str(out))
                        page.set_viewport_size({"width": width, "height": WIDTHS.get(width, 900)})
                        print(out.relative_to(ROOT))
                context.close()
            browser.close()
    finally:
        if server:
            server.terminate()
            server.wait(timeout=20)
    if outside:
        print("requests that tried to leave the machine:", *sorted(set(outside)), sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
