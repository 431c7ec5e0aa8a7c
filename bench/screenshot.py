"""Re-take docs/screenshots/home.png: the home page on a throw-away database, 1280x800.

Run: .venv/bin/python bench/screenshot.py (needs Debian's chromium at /usr/bin/chromium).
"""

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from run import ROOT, base_env, gunicorn, prepare

OUTPUT = ROOT / "docs" / "screenshots" / "home.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="naptrack-screenshot-") as tmp:
        # Development storage: the picture does not depend on hashed static names.
        env = base_env(Path(tmp), production=False)
        prepare(env)
        with gunicorn(env, Path(tmp) / "gunicorn.log") as port, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="networkidle")
            OUTPUT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=OUTPUT)
            browser.close()
    print(f"Wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
