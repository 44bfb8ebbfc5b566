"""The browser half of scripts/benchmark-browser: our timeline page beside TimelineJS.

    .venv/bin/python scripts/benchmark_browser.py measure --size N --base URL --slug SLUG \
        --results FILE          one size: both systems, RUNS loads each; a JSON line to FILE
    .venv/bin/python scripts/benchmark_browser.py report FILE
                                the tables and the targets of issue 13

scripts/benchmark-browser builds the databases and runs gunicorn; this file only loads
pages. Chromium resolves no host name (--host-resolver-rules), so nothing can leave
127.0.0.1, and any request for another host stops the run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    CDPSession,
    ConsoleMessage,
    Page,
    Response,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "tests/browser/timelinejs/node_modules/@knight-lab/timelinejs/dist"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Every host name fails to resolve, so only 127.0.0.1 (an address, never looked up) loads.
CHROMIUM_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1280, "height": 800}
SETTLE_MS = 500  # the network counts as quiet after this long without a request
RESPONSE_TIMEOUT = 60  # seconds for the clicked control to respond

DEFINITIONS = """\
What is measured, in a fresh browser context per load (no cache, cookies or service
worker; the HTTP cache also disabled through CDP), Chromium headless, 1280x800:
  FCP        performance.getEntriesByName("first-contentful-paint"), from navigation start.
  ready      from navigation start (performance.now()) to the first animation frame in which
             Dateline:   the first event card's title link (li.card h3 a[data-expand]) is
                         visible (checkVisibility, a non-empty box; if inside the window,
                         nothing over it) and htmx has bound its hx-get (the expand control
                         works), after the first contentful paint;
             TimelineJS: TimelineJS has fired "ready", the first slide's headline (the title
                         slide) is visible in the viewport, and the next button is visible with
                         nothing over its centre.
  click      then, from the click on that control (the event's timeStamp) to the first
             frame showing its answer: Dateline: the card's details, fetched from the server,
             are in the card; TimelineJS: the first event is current and its headline is
             inside the window. Our page must answer within 60 s or the run stops.
  KiB wire   sum of CDP Network.loadingFinished encodedDataLength over every request of the
             load until the network is quiet for 0.5 s: bytes received, headers included,
             bodies as served (WhiteNoise's gzip/brotli static files, our HTML gzipped by
             GZipMiddleware; TimelineJS's JSON file uncompressed, as its server sends it).
  KiB gz     the same responses with every body still uncompressed gzipped (level 6): what
             a compressing proxy in front would send (bodies only, no headers).
  requests   how many responses that was.
  DOM nodes  document.getElementsByTagName("*").length at the ready moment."""

# Watched from inside the page, every animation frame; the page says what it saw on the
# console, so that waiting for it is Playwright's client-side wait, which times out even
# while TimelineJS holds the page's main thread (a wait_for_function would not).
WATCH = """(() => {
const visible = (el) => {
  if (!el || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
};
const inView = (el) => {
  const box = el.getBoundingClientRect();
  return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
};
const fcp = () => {
  const entry = performance.getEntriesByName("first-contentful-paint")[0];
  return entry ? entry.startTime : null;
};
const done = (control) => {
  const box = control.getBoundingClientRect();
  return {
    ready: performance.now(),
    fcp: fcp(),
    nodes: document.getElementsByTagName("*").length,
    in_view: inView(control),
    x: box.left + Math.min(box.width / 2, 20),
    y: box.top + box.height / 2,
  };
};
const onTop = (el) => {
  const box = el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 20),
                                        box.top + box.height / 2);
  return hit !== null && el.contains(hit);
};
const ready = {
  dateline: () => {
    const link = document.querySelector("li.card h3 a[data-expand]");
    if (!visible(link) || fcp() === null) return false;
    const bound = link["htmx-internal-data"];
    if (!window.htmx || !bound || !bound.initHash) return false;
    if (inView(link) && !onTop(link)) return false;
    return done(link);
  },
  timelinejs: () => {
    if (!window.timeline || !window.timeline.ready || fcp() === null) return false;
    const headline = document.querySelector(".tl-slide .tl-headline");
    const next = document.querySelector(".tl-slidenav-next");
    if (!visible(headline) || !inView(headline) || !visible(next) || !inView(next)) return false;
    if (!onTop(next)) return false;
    return done(next);
  },
}[SYSTEM];
const answered = {
  // The card's region holds the event's details, fetched from the server.
  dateline: () => {
    const link = document.querySelector("li.card h3 a[data-expand]");
    const region = document.getElementById(link.getAttribute("aria-controls"));
    return region !== null && region.children.length > 0;
  },
  // TimelineJS has moved to the first event, and its headline is inside the window.
  timelinejs: () => {
    const first = window.timeline.config.events[0].unique_id;
    if (window.timeline.current_id !== first) return false;
    const headline = document.getElementById(first).querySelector(".tl-headline");
    const box = headline.getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.right <= innerWidth;
  },
}[SYSTEM];
const watch = () => {
  const seen = ready();
  if (seen) console.debug("bench:ready " + JSON.stringify(seen));
  else requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
document.addEventListener("click", (event) => {
  const clicked = event.timeStamp;
  const wait = () => {
    if (answered()) console.debug("bench:answered " + (performance.now() - clicked));
    else requestAnimationFrame(wait);
  };
  requestAnimationFrame(wait);
}, {capture: true, once: true});
})();"""


def said(prefix: str) -> Callable[[ConsoleMessage], bool]:
    return lambda message: message.text.startswith(prefix)


TIMELINEJS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A newsroom page with TimelineJS</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/dist/css/timeline.css">
  <script src="/dist/js/timeline.js"></script>
</head>
<body>
  <div id="timeline-embed" style="width: 100%; height: 600px"></div>
  <script>
    window.timeline = new TL.Timeline("timeline-embed", "/export.timelinejs.json", {
      font: null,
      script_path: "/dist/js/",
    });
  </script>
</body>
</html>
"""


class Offsite(Exception):
    """A request for something other than 127.0.0.1."""


@dataclass
class Load:
    """One page load in a fresh browser context."""

    fcp_ms: float | None = None
    ready_ms: float | None = None
    wire_bytes: int = 0
    gzip_bytes: int = 0
    requests: int = 0
    nodes: int = 0
    in_view: bool = False
    respond_ms: float | None = None  # from the click on that control to its response
    resources: dict[str, int] = field(default_factory=dict)  # "kind file" -> wire bytes
    failure: str = ""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


class Network:
    """What CDP reports about one page's requests."""

    def __init__(self, cdp: CDPSession) -> None:
        self.urls: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.encodings: dict[str, str] = {}
        self.wire: dict[str, int] = {}
        self.in_flight: set[str] = set()
        self.last_activity = time.monotonic()
        self.offsite: list[str] = []
        cdp.on("Network.requestWillBeSent", self.sent)
        cdp.on("Network.responseReceived", self.received)
        cdp.on("Network.loadingFinished", self.finished)
        cdp.on("Network.loadingFailed", self.failed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        if not is_local(url):
            self.offsite.append(url)
        if url.startswith("data:"):
            return
        self.urls[event["requestId"]] = url
        self.kinds[event["requestId"]] = event.get("type", "Other").lower()
        self.in_flight.add(event["requestId"])
        self.last_activity = time.monotonic()

    def received(self, event: dict[str, Any]) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        self.encodings[event["requestId"]] = headers.get("content-encoding", "")

    def finished(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.urls:
            self.wire[event["requestId"]] = int(event["encodedDataLength"])
        self.in_flight.discard(event["requestId"])
        self.last_activity = time.monotonic()

    def failed(self, event: dict[str, Any]) -> None:
        self.in_flight.discard(event["requestId"])
        self.last_activity = time.monotonic()

    def settle(self, page: Page, *, timeout_s: float) -> None:
        """Wait until no request has been in flight for SETTLE_MS (at most timeout_s)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver the CDP events meanwhile
            quiet = (time.monotonic() - self.last_activity) * 1000
            if not self.in_flight and quiet >= SETTLE_MS:
                return


def load(browser: Browser, url: str, system: str, *, timeout_s: float) -> Load:
    """Load url once in a fresh context and measure it."""
    result = Load()
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    try:
        page = context.new_page()
        page.add_init_script(WATCH.replace("SYSTEM", json.dumps(system)))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        network = Network(context.new_cdp_session(page))
        responses: list[Response] = []
        page.on("response", lambda response: responses.append(response))
        try:
            limit = timeout_s * 1000
            with page.expect_console_message(said("bench:ready "), timeout=limit) as seen:
                page.goto(url, wait_until="commit", timeout=limit)
        except PlaywrightTimeout:
            result.failure = f"did not load within {timeout_s:g} s"
            return result
        ready = json.loads(seen.value.text.removeprefix("bench:ready "))
        result.ready_ms, result.fcp_ms = ready["ready"], ready["fcp"]
        result.nodes, result.in_view = ready["nodes"], ready["in_view"]
        network.settle(page, timeout_s=30)
        if network.offsite:
            raise Offsite(", ".join(network.offsite[:5]))
        count_bytes(result, network, responses)
        try:
            with page.expect_console_message(
                said("bench:answered "), timeout=RESPONSE_TIMEOUT * 1000
            ) as answer:
                if result.in_view:
                    page.mouse.click(ready["x"], ready["y"])
                else:
                    page.locator("li.card h3 a[data-expand]").first.click()
            result.respond_ms = float(answer.value.text.removeprefix("bench:answered "))
        except PlaywrightTimeout:
            result.respond_ms = None
        if network.offsite:
            raise Offsite(", ".join(network.offsite[:5]))
        if errors:
            print(f"   {system:<10} page errors: {errors[:3]}", file=sys.stderr)
        return result
    finally:
        context.close()


def count_bytes(result: Load, network: Network, responses: list[Response]) -> None:
    """Add up what the load transferred, as served and as a gzipping proxy would serve it."""
    bodies: dict[str, bytes] = {}
    for response in responses:
        if response.url.startswith("data:"):
            continue
        try:
            bodies[response.url] = response.body()
        except Exception:  # a redirect or an aborted response has no body
            bodies.setdefault(response.url, b"")
    for request_id, wire in network.wire.items():
        name = urlsplit(network.urls[request_id]).path.rstrip("/").rsplit("/", 1)[-1]
        name = f"{network.kinds[request_id]} {name or '/'}"
        result.wire_bytes += wire
        result.requests += 1
        result.resources[name] = result.resources.get(name, 0) + wire
        body = bodies.get(network.urls[request_id], b"")
        encoded = network.encodings.get(request_id, "")
        result.gzip_bytes += wire if encoded else len(gzip.compress(body, compresslevel=6))


def fetch(url: str) -> tuple[dict[str, Any], dict[str, str]]:
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 (127.0.0.1 only)
        return json.load(response), {k.lower(): v for k, v in response.headers.items()}


def save_export(base: str, slug: str, path: Path) -> dict[str, Any]:
    """Save our TimelineJS export of the timeline, whole, to path; say what it took.

    An export holds at most 10,000 events (Dateline-Export-Limit), in date order. Past
    that, the next part starts (the export's start filter) on the day the last event of
    the part before started, and the parts are joined without repeats, so that TimelineJS
    gets every event."""
    began = time.perf_counter()
    address = f"{base}/timelines/{slug}/export.timelinejs.json"
    document, headers = fetch(address)
    events = {event["unique_id"]: event for event in document.get("events", [])}
    parts = 1
    while headers.get("dateline-export-truncated") == "true":
        last = document["events"][-1]["start_date"]
        year, month, day = (int(last.get(part, 1)) for part in ("year", "month", "day"))
        first_day = f"{year:04d}-{month:02d}-{day:02d}"
        document, headers = fetch(f"{address}?start={first_day}")
        parts += 1
        before = len(events)
        events.update((event["unique_id"], event) for event in document["events"])
        if len(events) == before:
            raise SystemExit(f"The export from {first_day} on brought no new events; cannot go on.")
    document["events"] = list(events.values())
    data = json.dumps(document).encode()
    path.write_bytes(data)
    return {
        "events": len(document["events"]),
        "bytes": len(data),
        "seconds": round(time.perf_counter() - began, 1),
        "requests": parts,
    }


def serve_directory(directory: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    port = free_port()
    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


def earlier_failures(results: Path, size: int) -> int | None:
    """The smallest size below this one at which TimelineJS did not load, if any."""
    if not results.exists():
        return None
    failed = [
        row["size"]
        for row in map(json.loads, results.read_text().splitlines())
        if row["size"] < size and row["timelinejs"]["failure"]
    ]
    return min(failed) if failed else None


def measure_system(
    browser: Browser, url: str, system: str, *, runs: int, timeout_s: float
) -> dict[str, Any]:
    loads: list[Load] = []
    for run in range(runs):
        one = load(browser, url, system, timeout_s=timeout_s)
        print(
            f"   {system:<10} run {run + 1}: "
            + (
                one.failure
                or f"FCP {one.fcp_ms:.0f} ms, ready {one.ready_ms:.0f} ms, "
                f"{one.wire_bytes / 1024:.1f} KiB, {one.nodes:,} nodes, click answered "
                + (f"in {one.respond_ms:.0f} ms" if one.respond_ms is not None else "never")
            ),
            file=sys.stderr,
            flush=True,
        )
        if one.failure:
            # One load past the time-out is answer enough; more would only add minutes.
            return {"failure": one.failure, "runs": [asdict(one)]}
        if one.respond_ms is None and system == "dateline":
            raise SystemExit(f"Our page at {url}: the title's expand did not respond to a click")
        loads.append(one)

    def median(name: str) -> float | None:
        values = [getattr(one, name) for one in loads if getattr(one, name) is not None]
        return statistics.median(values) if values else None

    return {
        "failure": "",
        "runs": [asdict(one) for one in loads],
        "median": {
            name: median(name)
            for name in (
                "fcp_ms",
                "ready_ms",
                "respond_ms",
                "wire_bytes",
                "gzip_bytes",
                "requests",
                "nodes",
            )
        },
        "unanswered": sum(one.respond_ms is None for one in loads),
        "in_view": all(one.in_view for one in loads),
        "resources": loads[-1].resources,
    }


def measure(args: argparse.Namespace) -> None:
    if not (DIST / "js" / "timeline.js").is_file():
        raise SystemExit(f"TimelineJS is not installed in {DIST}: run `make timelinejs`.")
    results = Path(args.results)
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        site = Path(tmp)
        (site / "dist").symlink_to(DIST, target_is_directory=True)
        (site / "index.html").write_text(TIMELINEJS_PAGE)
        skip_at = earlier_failures(results, args.size)
        export: dict[str, Any] = {}
        if skip_at is None:
            export = save_export(args.base, args.slug, site / "export.timelinejs.json")
            print(
                f"   export saved for TimelineJS: {export['events']:,} events, "
                f"{export['bytes'] / 1e6:.1f} MB, {export['seconds']} s "
                f"({export['requests']} request{'s' * (export['requests'] > 1)})",
                file=sys.stderr,
            )
        server, port = serve_directory(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
                )
                ours = measure_system(
                    browser,
                    f"{args.base}/timelines/{args.slug}/",
                    "dateline",
                    runs=args.runs,
                    timeout_s=args.page_timeout,
                )
                if ours["failure"]:
                    raise SystemExit(f"Our timeline page at {args.size:,}: {ours['failure']}")
                if skip_at is None:
                    theirs = measure_system(
                        browser,
                        f"http://127.0.0.1:{port}/",
                        "timelinejs",
                        runs=args.runs,
                        timeout_s=args.timelinejs_timeout,
                    )
                else:
                    theirs = {
                        "failure": f"not tried: did not load at {skip_at:,}",
                        "runs": [],
                    }
                    print(f"   timelinejs {theirs['failure']}", file=sys.stderr)
                browser.close()
        except Offsite as offsite:
            raise SystemExit(f"A request left 127.0.0.1: {offsite}") from None
        finally:
            server.shutdown()
    row = {
        "size": args.size,
        "runs": args.runs,
        "dateline": ours,
        "timelinejs": theirs,
        "export": export,
        "timelinejs_timeout": args.timelinejs_timeout,
    }
    with results.open("a") as out:
        out.write(json.dumps(row) + "\n")


# --- The report -------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


def kib(value: float | None) -> str:
    return "-" if value is None else f"{value / 1024:,.1f} KiB"


def count(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def ratio(theirs: float | None, ours: float | None) -> str:
    return "-" if not theirs or not ours else f"{theirs / ours:,.1f}x"


def report(args: argparse.Namespace) -> None:
    rows = sorted(
        (json.loads(line) for line in Path(args.results).read_text().splitlines()),
        key=lambda row: row["size"],
    )
    print(DEFINITIONS)
    for row in rows:
        ours, theirs = row["dateline"], row["timelinejs"]
        a, b = ours["median"], theirs.get("median", {})
        export = row["export"]
        runs = f"{row['runs']} run{'s' * (row['runs'] > 1)}"
        print(f"\n== {row['size']:,} events, median of {runs}")
        print(f"{'':<12} {'Dateline':>13} {'TimelineJS':>13} {'TimelineJS / Dateline':>22}")
        lines = [
            ("FCP", ms, "fcp_ms"),
            ("ready", ms, "ready_ms"),
            ("click", ms, "respond_ms"),
            ("KiB wire", kib, "wire_bytes"),
            ("KiB gz", kib, "gzip_bytes"),
            ("requests", count, "requests"),
            ("DOM nodes", count, "nodes"),
        ]
        for label, show, name in lines:
            theirs_text = show(b.get(name)) if not theirs["failure"] else "-"
            print(
                f"{label:<12} {show(a[name]):>13} {theirs_text:>13} "
                f"{ratio(b.get(name), a[name]):>22}"
            )
        if theirs["failure"]:
            print(f"TimelineJS: {theirs['failure']}")
        elif theirs["unanswered"]:
            print(
                f"TimelineJS: the next button did not respond within {RESPONSE_TIMEOUT} s "
                f"in {theirs['unanswered']} of {row['runs']} runs"
            )
        if not ours["in_view"]:
            print("Dateline: the first event card is below the fold of a 1280x800 window")
        biggest = sorted(ours["resources"].items(), key=lambda item: -item[1])
        print("Dateline's bytes: " + ", ".join(f"{name} {kib(n)}" for name, n in biggest))
        if export:
            print(
                f"TimelineJS read our export from a file saved before its runs "
                f"({export['events']:,} events, {export['bytes'] / 1e6:.1f} MB, "
                f"fetched in {export['seconds']} s), so its times leave out our export's."
            )

    print("\n== Summary (medians)")
    header = (
        "| events | Dateline FCP | TimelineJS FCP | Dateline ready | TimelineJS ready "
        "| ratio | Dateline KiB | vs 20 | TimelineJS KiB | Dateline nodes | TimelineJS nodes |"
    )
    print(header)
    print("|" + "---:|" * 11)
    smallest = rows[0]["dateline"]["median"]["wire_bytes"] if rows[0]["size"] == 20 else None
    for row in rows:
        a, t = row["dateline"]["median"], row["timelinejs"]
        b = t.get("median", {}) if not t["failure"] else {}
        tready = ms(b.get("ready_ms")) if b else t["failure"]
        print(
            f"| {row['size']:,} | {ms(a['fcp_ms'])} | {ms(b.get('fcp_ms'))} "
            f"| {ms(a['ready_ms'])} | {tready} | {ratio(b.get('ready_ms'), a['ready_ms'])} "
            f"| {kib(a['wire_bytes'])} | {ratio(a['wire_bytes'], smallest)} "
            f"| {kib(b.get('wire_bytes'))} "
            f"| {count(a['nodes'])} | {count(b.get('nodes'))} |"
        )
    targets(rows)


def targets(rows: list[dict[str, Any]]) -> None:
    """Check issue 13's targets; a measurement, so the exit status never depends on them."""
    print("\n== Targets (issue 13)")
    by_size = {row["size"]: row for row in rows}
    heaviest = max(rows, key=lambda row: row["dateline"]["median"]["wire_bytes"])
    most = heaviest["dateline"]["median"]["wire_bytes"]
    verdict = "PASS" if most <= 80 * 1024 else "FAIL"
    print(
        f"{verdict}  our first view <= 80 KiB transferred: at most {kib(most)} "
        f"(at {heaviest['size']:,} events)"
        + ("" if verdict == "PASS" else f", {kib(most - 80 * 1024)} over")
    )
    if 20 in by_size and 100_000 in by_size:
        small = by_size[20]["dateline"]["median"]["wire_bytes"]
        large = by_size[100_000]["dateline"]["median"]["wire_bytes"]
        flat = large / small
        print(
            f"{'PASS' if flat <= 1.2 else 'FAIL'}  flat in N, 100k / 20 <= 1.2: "
            f"{flat:.2f} ({kib(large)} / {kib(small)})"
        )
    else:
        print("-     flat in N, 100k / 20 <= 1.2: needs SIZES with 20 and 100000")
    for size, goal in ((1_000, 8), (5_000, 25)):
        if size not in by_size:
            print(f"-     >= {goal}x faster than TimelineJS at {size:,}: {size:,} not measured")
            continue
        row = by_size[size]
        ours = row["dateline"]["median"]["ready_ms"]
        if row["timelinejs"]["failure"]:
            bound = row["timelinejs_timeout"] * 1000 / ours
            print(
                f"{'PASS' if bound >= goal else '?   '}  >= {goal}x faster than TimelineJS "
                f"to first visible events at {size:,}: "
                f"more than {bound:,.0f}x (TimelineJS {row['timelinejs']['failure']})"
            )
            continue
        speedup = row["timelinejs"]["median"]["ready_ms"] / ours
        print(
            f"{'PASS' if speedup >= goal else 'FAIL'}  >= {goal}x faster than TimelineJS to "
            f"first visible events at {size:,}: {speedup:,.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True)
    one = commands.add_parser("measure")
    one.add_argument("--size", type=int, required=True)
    one.add_argument("--base", required=True)
    one.add_argument("--slug", required=True)
    one.add_argument("--results", required=True)
    one.add_argument("--runs", type=int, default=3)
    one.add_argument("--page-timeout", type=float, default=60)
    one.add_argument("--timelinejs-timeout", type=float, default=120)
    one.set_defaults(run=measure)
    summary = commands.add_parser("report")
    summary.add_argument("results")
    summary.set_defaults(run=report)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
