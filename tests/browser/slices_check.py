#!/usr/bin/env python3
"""slices_check.py: opens a `kgraph render --slices` page in headless Chromium and steps through it.

Uses report_check.py's DevTools-pipe driver. Checks, on the file:// URL of DIR/index.html:
  - one frame is shown at a time, starting with the first; the status names its period;
  - stepping with real key presses (ArrowRight, ArrowLeft, End, Home) and with the slider
    (its value set and an input event) shows the expected frame each time, and in each
    the entity nodes drawn are exactly the expected ones;
  - an entity stands at the same place on the screen in every frame that draws it;
  - no console error, exception, or network request other than file://;
and saves a screenshot (SCREENSHOT).

Usage: slices_check.py INDEX.html EXPECTED.json SCREENSHOT.png
EXPECTED.json: [{"label": "2022-01", "entities": ["a", "b"]}, ...] in frame order.
Exit status: 0 passed, 1 failed, 77 skipped (no chromium)."""
import base64
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report_check import SKIP, Browser, find_chromium  # noqa: E402

KEYS = {"ArrowRight": 39, "ArrowLeft": 37, "Home": 36, "End": 35}

STATE = ("(() => { const shown = [...document.querySelectorAll('figure.slice')]"
         ".filter(f => !f.hidden && f.getBoundingClientRect().height > 0);"
         " const f = shown[0]; if (!f) return {count: shown.length};"
         " const nodes = [...f.querySelectorAll('svg g.node.entity')].map(n => {"
         " const r = n.getBoundingClientRect(); const id = n.id.replace(/^s[0-9]+-e-/, '');"
         " return [id, Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2 + window.scrollY)]; });"
         " return {count: shown.length, label: f.dataset.label, id: f.id, nodes: nodes,"
         " status: document.getElementById('status').textContent,"
         " slider: document.getElementById('slider').value}; })()")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    page, expected, shot = os.path.abspath(sys.argv[1]), json.load(open(sys.argv[2])), sys.argv[3]
    exe = find_chromium()
    if not exe:
        print("skipped: chromium is not installed (scripts/install-deps installs it)")
        return SKIP
    failures = []

    def check(cond, what):
        print(("ok: " if cond else "FAIL: ") + what)
        if not cond:
            failures.append(what)

    profile = tempfile.mkdtemp(prefix="kgraph-chromium-")
    browser = Browser(exe, profile)
    places = {}

    def look(step, want):
        s = browser.evaluate(STATE)
        frame = expected[want]
        check(s.get("count") == 1, "%s: one frame shown (%s)" % (step, s.get("count")))
        if s.get("count") != 1:
            return
        got = sorted(n[0] for n in s["nodes"])
        check(s["label"] == frame["label"] and got == sorted(frame["entities"]) and
              s["status"].startswith(frame["label"]) and s["slider"] == str(want),
              "%s: frame %s (%s), status '%s', entities %s (expected %s)"
              % (step, s["label"], s["id"], s["status"], got, sorted(frame["entities"])))
        for ident, x, y in s["nodes"]:
            if ident in places and abs(places[ident][0] - x) + abs(places[ident][1] - y) > 2:
                check(False, "%s: %s moved from %s to %s" % (step, ident, places[ident], (x, y)))
            places.setdefault(ident, (x, y))

    def key(name):
        for kind in ("rawKeyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", {"type": kind, "key": name, "code": name,
                                                    "windowsVirtualKeyCode": KEYS[name]})
        time.sleep(0.05)

    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"}, session=False)
        browser.session = browser.call("Target.attachToTarget",
                                       {"targetId": target["targetId"], "flatten": True},
                                       session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(domain + ".enable")
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        browser.call("Page.navigate", {"url": "file://" + page})
        browser.wait_event("Page.loadEventFired")
        n = browser.evaluate("document.querySelectorAll('figure.slice').length")
        check(n == len(expected), "%s frames (expected %d)" % (n, len(expected)))
        look("on opening", 0)
        for i in range(1, len(expected)):
            key("ArrowRight")
            look("ArrowRight to %d" % i, i)
        key("ArrowRight")
        look("ArrowRight past the end", len(expected) - 1)
        key("Home")
        look("Home", 0)
        key("End")
        look("End", len(expected) - 1)
        key("ArrowLeft")
        look("ArrowLeft", len(expected) - 2)
        middle = len(expected) // 2
        browser.evaluate("(() => { const s = document.getElementById('slider'); s.value = '%d';"
                         " s.dispatchEvent(new Event('input')); })()" % middle)
        look("the slider at %d" % middle, middle)
        with open(shot, "wb") as f:
            f.write(base64.b64decode(browser.call("Page.captureScreenshot", {"format": "png"})["data"]))
        check(os.path.getsize(shot) > 1000, "screenshot saved to " + shot)
        time.sleep(0.2)
        browser.evaluate("1")
        for method, params in browser.events:
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                failures.append("console error: %s" % params.get("args"))
            elif method == "Runtime.exceptionThrown":
                failures.append("exception: %s" % params.get("exceptionDetails"))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                failures.append("log error: %s" % params["entry"].get("text"))
            elif method == "Network.requestWillBeSent":
                if not params["request"]["url"].startswith("file://"):
                    failures.append("network request to %s" % params["request"]["url"])
        check(not any(f.startswith(("console", "exception", "log", "network")) for f in failures),
              "no console error, exception or network request other than the page's file://")
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
