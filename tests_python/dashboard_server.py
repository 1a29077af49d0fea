"""Start the Streamlit dashboard and Debian's headless chromium for browser tests, both on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STREAMLIT = Path(sys.executable).with_name("streamlit")
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT_DIR = PROJECT_ROOT / "test-artifacts" / "screenshots"

# Without these switches Debian's chromium tries to reach update, sync and QUIC endpoints, and in a
# sandboxed container it refuses connections. --headless is added by playwright (headless=True).
CHROMIUM_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_dashboard(published_database: Path, log_path: Path, timeout_seconds: float = 60) -> Iterator[str]:
    """Run the dashboard on the published copy `published_database` and yield its URL; stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "ADVOCACY_PUBLISHED_PATH": str(published_database),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    command = [
        str(STREAMLIT),
        "run",
        str(PROJECT_ROOT / "advocacy_tools" / "dashboard" / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_healthy(url, process, log_path, timeout_seconds)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dashboard exited with code {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"dashboard at {url} not healthy after {timeout_seconds} s:\n{log_path.read_text()[-3000:]}")


@contextmanager
def chromium_context() -> Iterator[BrowserContext]:
    """Yield a playwright context on Debian's chromium with a fresh profile folder."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(
            f"{CHROMIUM} not found; install Debian's packages: apt-get install -y --no-install-recommends"
            " chromium chromium-driver"
        )
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-"))
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                user_data_dir=str(profile),
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGUMENTS,
                viewport={"width": 1500, "height": 1100},
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def save_screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ (git-ignored) and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    # Charts draw after the page script has finished; give them a moment so the screenshot shows them.
    page.wait_for_timeout(2000)
    page.screenshot(path=str(path), full_page=True)
    return path
