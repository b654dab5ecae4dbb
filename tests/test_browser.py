"""The HTML report as a reader sees it, in headless Chromium driven through its DevTools
protocol: the conflicts first, the figures highlighted, the outlets side by side (stacked
on a phone), the filters working, no request leaving the page and no console error. A
screenshot of each view is saved (in CRYPTO_DIFF_SCREENSHOTS, else the test's temporary
folder). Skipped, saying why, where no Chromium or no websocket-client is installed
(unless CRYPTO_DIFF_REQUIRE_BROWSER is set, as in CI: then it fails)."""
import base64
import itertools
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# as root and in CI: no sandbox, no GPU, nothing fetched or synced in the background
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-debugging-port=0", "--window-size=1280,1000"]
WAIT = 30  # seconds for the browser to start or a page to load


def skip(reason: str):
    """Skip, saying why; fail instead where the browser test is required (CI sets
    CRYPTO_DIFF_REQUIRE_BROWSER=1, so that a missing browser cannot pass unnoticed)."""
    if os.environ.get("CRYPTO_DIFF_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


def browser() -> str:
    found = os.environ.get("CRYPTO_DIFF_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not found:
        skip("no Chromium found (Debian: apt-get install chromium; or set CRYPTO_DIFF_CHROMIUM): "
             "the HTML report is not checked in a browser")
    return found


class Page:
    """One page of a headless Chromium, over the DevTools protocol."""

    def __init__(self, socket):
        self.socket, self.ids, self.events = socket, itertools.count(1), []

    def send(self, method: str, **params):
        ident = next(self.ids)
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)
        raise AssertionError(f"{method}: no answer in {WAIT} s")

    def wait_for(self, event: str):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if any(e.get("method") == event for e in self.events):
                self.events = [e for e in self.events if e.get("method") != event]
                return
            self.events.append(json.loads(self.socket.recv()))
        raise AssertionError(f"no {event} in {WAIT} s")

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def open(self, url: str):
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def problems(self) -> list:
        """Console errors, uncaught exceptions and error log entries so far."""
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(params)
            elif method == "Runtime.exceptionThrown":
                out.append(params)
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(params["entry"])
        return out

    def requests(self) -> list:
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]


@pytest.fixture
def page(tmp_path):
    try:
        import websocket
    except ImportError:
        skip("websocket-client is not installed (pip install '.[test]'): the HTML report is not "
             "checked in a browser")
    profile = tmp_path / "profile"
    process = subprocess.Popen([browser(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file, deadline = profile / "DevToolsActivePort", time.monotonic() + WAIT
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            assert process.poll() is None, "Chromium exited at start"
            assert time.monotonic() < deadline, "Chromium did not start"
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=WAIT) as answer:
            target = next(t for t in json.load(answer) if t["type"] == "page")
        socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=WAIT,
                                             suppress_origin=True)
        page = Page(socket)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        yield page
        socket.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("CRYPTO_DIFF_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report(run, monkeypatch, tmp_path, folder="tests/stories/outlets") -> Path:
    """The HTML report of a folder of the repository, as a file."""
    monkeypatch.chdir(ROOT)
    result = run("compare", folder, "--format", "html")
    assert result.exit_code == 1, result.stderr
    path = tmp_path / "report.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path


VISIBLE_FACTS = "[...document.querySelectorAll('.fact')].filter(f => f.offsetParent !== null)" \
                ".map(f => f.dataset.verdict)"


def test_a_reader_sees_the_conflict_first_its_figures_highlighted_and_the_outlets_side_by_side(
        run, monkeypatch, tmp_path, page, screenshots):
    url = report(run, monkeypatch, tmp_path).as_uri()
    page.open(url)
    assert page.js("document.title").startswith("crypto-diff: 1 conflict")
    verdicts = page.js(VISIBLE_FACTS)
    assert verdicts[0] == "conflict" and verdicts.count("conflict") == 1 and "agree" in verdicts
    marks = page.js("[...document.querySelectorAll('.fact.conflict mark')].map(m => "
                    "[m.textContent, getComputedStyle(m).backgroundColor, m.getBoundingClientRect().width])")
    assert sorted(text for text, _, _ in marks) == ["6,238 BTC", "6,238 BTC", "6,238 BTC", "over 6,240 BTC"]
    assert all(colour not in ("rgba(0, 0, 0, 0)", "transparent") and width > 0 for _, colour, width in marks)
    line = page.js("document.querySelector('.fact.conflict .sides-line').textContent")
    assert line == "3 sources [1,2,5]: 6,238 BTC; The Ledger [4]: over 6,240 BTC"
    odd = page.js("document.querySelector('.fact.conflict .card.odd .outlet').textContent")
    assert odd == "The Ledger [4]"
    silent = page.js("document.querySelector('.fact.conflict .silent').textContent")
    assert silent == "Silent on it: digest [3]"
    tops = page.js("[...document.querySelectorAll('.fact.conflict .card')].map(c => c.getBoundingClientRect().top)")
    assert len(set(tops)) < len(tops)  # side by side on a wide screen
    page.screenshot(screenshots / "report-desktop.png")
    assert page.requests() == [url]  # self-contained: nothing else is fetched
    assert page.problems() == []


def test_the_filters_show_and_hide_verdicts(run, monkeypatch, tmp_path, page, screenshots):
    page.open(report(run, monkeypatch, tmp_path).as_uri())
    page.js("document.querySelector('.filters input[value=agree]').click()")
    assert set(page.js(VISIBLE_FACTS)) == {"conflict"}
    page.js("document.querySelector('.filters input[value=conflict]').click()")
    assert page.js(VISIBLE_FACTS) == []
    page.js("document.querySelector('.filters input[value=agree]').click()")
    assert set(page.js(VISIBLE_FACTS)) == {"agree"}
    page.screenshot(screenshots / "report-filtered.png")
    assert page.problems() == []


def test_the_report_reads_on_a_phone(run, monkeypatch, tmp_path, page, screenshots):
    page.send("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
    page.open(report(run, monkeypatch, tmp_path).as_uri())
    assert page.js("document.documentElement.scrollWidth") <= 390  # nothing to scroll sideways
    lefts = page.js("[...document.querySelectorAll('.fact.conflict .card')].map(c => c.getBoundingClientRect().left)")
    assert len(set(lefts)) == 1  # the outlets stacked
    assert page.js("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    page.screenshot(screenshots / "report-phone.png")
    assert page.problems() == []


def test_the_seeds_report_loads_clean(run, page, monkeypatch, tmp_path, screenshots):
    page.open(report(run, monkeypatch, tmp_path, "seeds").as_uri())
    assert page.js(VISIBLE_FACTS)[:2] == ["conflict", "approx"]
    assert "over 6,240 BTC" in page.js("[...document.querySelectorAll('.fact.conflict mark')].map(m => m.textContent)")
    singles = run("compare", "seeds", "--format", "json").json()["summary"]["single"]
    assert page.js("document.querySelectorAll('.fact.single').length") == singles > 0
    assert page.js("[...document.querySelectorAll('.fact.single')].every(f => f.offsetParent === null)")
    page.screenshot(screenshots / "seeds.png")
    assert page.problems() == []
