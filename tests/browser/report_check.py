#!/usr/bin/env python3
"""report_check.py: opens a kgraph HTML report in headless Chromium and checks it works.

Speaks the Chrome DevTools Protocol over --remote-debugging-pipe (fd 3: commands to the
browser, fd 4: its replies and events; messages are JSON, each ended by a NUL byte), with
the standard library only. Checks, on the file:// URL of the report:
  - the overview diagram has the expected number of entity nodes in the DOM, and there is
    a section per entity;
  - clicking a node of the overview (a real mouse click) shows that entity's section:
    location.hash names it, the element exists and is scrolled to the top of the view;
  - no console error, no uncaught exception, no log error, and no network request other
    than file:// and data:;
and saves PNG screenshots of the top of the page (SCREENSHOT) and of the section the
click led to (SCREENSHOT with "-section" before ".png").

Usage: report_check.py REPORT.html ENTITY_COUNT SCREENSHOT.png [ENTITY_ID]
Exit status: 0 passed, 1 failed, 77 skipped (no chromium).
"""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe", "--hide-scrollbars", "--mute-audio",
         "--window-size=1280,1000"]
TIMEOUT = 60.0


class Browser:
    """A Chromium process and one page session, driven over the pipe."""

    def __init__(self, exe, profile):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends move above 4 first, so that placing them at 3 and 4 cannot
        # overwrite one with the other
        high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)
        to_browser_r, from_browser_w = high_r, high_w

        def wire():  # in the child: the protocol's fds 3 and 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen(
            [exe] + FLAGS + ["--user-data-dir=" + profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, pass_fds=(3, 4))  # closing other fds runs after wire()
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buf = b""
        self._next_id = 0
        self.session = None
        self.events = []  # (method, params) of the page session, in order

    def _read_message(self, deadline):
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=True):
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self._next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            if "method" in m and m.get("sessionId") == self.session:
                self.events.append((m["method"], m.get("params", {})))

    def wait_event(self, name):
        deadline = time.monotonic() + TIMEOUT
        for method, _ in self.events:
            if method == name:
                return
        while True:
            m = self._read_message(deadline)
            if "method" in m and m.get("sessionId") == self.session:
                self.events.append((m["method"], m.get("params", {})))
                if m["method"] == name:
                    return

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": True})
        if "exceptionDetails" in r:
            raise RuntimeError("evaluating %s: %s" % (expression, r["exceptionDetails"]))
        return r["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    report, expected, shot = os.path.abspath(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    wanted = sys.argv[4] if len(sys.argv) == 5 else None
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
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"}, session=False)
        browser.session = browser.call("Target.attachToTarget",
                                       {"targetId": target["targetId"], "flatten": True},
                                       session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(domain + ".enable")
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        url = "file://" + report
        browser.call("Page.navigate", {"url": url})
        browser.wait_event("Page.loadEventFired")

        nodes = browser.evaluate("document.querySelectorAll('#overview svg g.node.entity').length")
        check(nodes == expected, "overview draws %s entity nodes (expected %d)" % (nodes, expected))
        sections = browser.evaluate("document.querySelectorAll('section.entity').length")
        check(sections == expected, "%s entity sections (expected %d)" % (sections, expected))
        links = browser.evaluate(
            "[...document.querySelectorAll('#overview svg g.node.entity a')]"
            ".filter(a => (a.getAttribute('href') || a.getAttribute('xlink:href') || '')"
            ".startsWith('#entity-')).length")
        check(links == expected, "every overview node links to its section (%s links)" % links)

        shot_data = browser.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(shot_data))
        check(os.path.getsize(shot) > 1000, "screenshot saved to " + shot)

        # a real click on a node of the overview
        pick = ("(() => { const ns = [...document.querySelectorAll('#overview svg g.node.entity')];"
                " const n = %s; if (!n) return null; n.scrollIntoView({block: 'center'});"
                " const r = n.querySelector('a').getBoundingClientRect();"
                " return {id: n.id, href: n.querySelector('a').getAttribute('xlink:href') ||"
                " n.querySelector('a').getAttribute('href'), x: r.x + r.width / 2,"
                " y: r.y + r.height / 2}; })()")
        chooser = ("ns.find(n => n.querySelector('a').getAttribute('xlink:href') === '#entity-%s')"
                   % wanted) if wanted else "ns[0]"
        node = browser.evaluate(pick % chooser)
        check(node is not None, "found a node to click (%s)" % (node and node["id"]))
        if node:
            for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
                browser.call("Input.dispatchMouseEvent",
                             {"type": kind, "x": node["x"], "y": node["y"], "button": "left",
                              "clickCount": 1})
            time.sleep(0.3)
            state = browser.evaluate(
                "(() => { const id = decodeURIComponent(location.hash.slice(1));"
                " const el = document.getElementById(id);"
                " return {hash: location.hash, found: !!el,"
                " top: el ? el.getBoundingClientRect().top : null,"
                " heading: el ? el.querySelector('h3').textContent : null}; })()")
            check(state["hash"] == node["href"],
                  "clicking %s goes to %s (location.hash %s)" % (node["id"], node["href"],
                                                                 state["hash"]))
            check(state["found"], "the section %s exists" % state["hash"])
            check(state["top"] is not None and abs(state["top"]) < 40,
                  "the section is scrolled into view (top at %s px): %s"
                  % (state["top"], state["heading"]))
            section_shot = os.path.splitext(shot)[0] + "-section.png"
            with open(section_shot, "wb") as f:
                f.write(base64.b64decode(
                    browser.call("Page.captureScreenshot", {"format": "png"})["data"]))
            check(os.path.getsize(section_shot) > 1000, "screenshot of the section saved to "
                  + section_shot)

        time.sleep(0.2)
        browser.evaluate("1")  # collect the events that arrived meanwhile
        for method, params in browser.events:
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                failures.append("console error: %s" % params.get("args"))
            elif method == "Runtime.exceptionThrown":
                failures.append("exception: %s" % params.get("exceptionDetails"))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                failures.append("log error: %s" % params["entry"].get("text"))
            elif method == "Network.requestWillBeSent":
                req = params["request"]["url"]
                if not (req.startswith("file://") or req.startswith("data:")):
                    failures.append("network request to %s" % req)
        check(not any(f.startswith(("console", "exception", "log", "network")) for f in failures),
              "no console error, exception or network request other than file:// and data:")
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
