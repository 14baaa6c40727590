"""Which Chromium to launch: Playwright's own where installed, else the system's."""

import os
import shutil
from pathlib import Path

SYSTEM_CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class NoChromium(RuntimeError):
    pass


def launch_options(playwright, base: dict | None = None) -> dict:
    """Options for playwright.chromium.launch: Playwright's Chromium if installed, else the
    system's ($CHROMIUM, or chromium on PATH, e.g. Debian's /usr/bin/chromium) with the flags
    a sandboxed, offline machine needs."""
    base = dict(base or {})
    if Path(playwright.chromium.executable_path).exists():
        return base
    executable = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if executable is None:
        raise NoChromium(
            "No Chromium found: `apt-get install chromium` or `playwright install chromium`."
        )
    args = [*base.get("args", []), *SYSTEM_CHROMIUM_ARGS]
    return {**base, "executable_path": executable, "args": args}
