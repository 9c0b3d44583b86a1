"""Several people clicking at once on the embedded default (`make run`: SQLite, runserver).

  make run PORT=8101 &            # in another terminal, or against any running portal
  .venv/bin/python bench/embedded_load.py --base http://127.0.0.1:8101 --clients 10 --duration 60

Each client is a browser of its own (cookies, CSRF token) signed in as one of the demo
accounts (the README's table; ten clients share seven accounts, so some people have two
browsers open). Each then clicks about for the duration, as fast as the server answers: it
follows a random link of the page it is on (any link in the portal but signing out, the
Django admin and file downloads, which measure PDF rendering rather than the database), and
every few clicks sends a form: the meeting page's live quoracy check (as the page's script
does while someone ticks attendance), its notification preferences saved as they are, or
"mark all as read". Every request writes to the database (the sliding session and allauth's
session tracking), which is what made SQLite answer "database is locked".

Prints requests, answers by status, server errors (5xx) with the addresses that gave them,
and latency. Exit status 1 if any answer was a server error. Uses only the standard library;
tests/test_embedded_server.py drives it against a server it starts itself.
"""

import argparse
import html
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.htmlforms import forms_in  # noqa: E402 - a stdlib-only form reader shared with the tests

DEMO_PASSWORD = "demo-password-1234"  # noqa: S105 - the demo's published password (seed_demo.py)
DEMO_ACCOUNTS = [
    "business@example.org",
    "chair@example.org",
    "agency@example.org",
    "executive@example.org",
    "scrutineer@example.org",
    "member@example.org",
    "outsider@example.org",
]
SKIP = re.compile(r"logout|/django-admin/|\.pdf$|\.xlsx$|\.csv$|\.ics$|/pack/?$|/export/|personal-data|/documents/\d+/")
MEETING = re.compile(r"^/meetings/(\d+)/")
LINK = re.compile(r'href="(/[^"#]*)')


@dataclass
class Report:
    statuses: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)  # (method, path, status, first line of the body)
    timings: list = field(default_factory=list)
    forms: Counter = field(default_factory=Counter)
    signed_in: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, method: str, path: str, status: int, seconds: float, body: str) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.timings.append(seconds)
            if status >= 500:
                self.errors.append((method, path, status, body.strip().splitlines()[0][:200] if body.strip() else ""))

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


class Browser:
    def __init__(self, base: str, report: Report):
        self.base = base.rstrip("/")
        self.report = report
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        """(status, path after redirects, body). Redirects are followed like a browser's."""
        body = urlencode(data, doseq=True).encode() if data is not None else None
        url = urljoin(self.base, path)  # http(s) only: --base is the portal's address
        request = Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, final, text = response.status, response.geturl(), response.read().decode("utf-8", "replace")
        except HTTPError as error:
            status, final, text = error.code, error.geturl(), error.read().decode("utf-8", "replace")
        except (URLError, TimeoutError, ConnectionError) as error:
            status, final, text = 599, path, f"{error.__class__.__name__}: {error}"
        self.report.add(method, path, status, time.perf_counter() - started, text)
        return status, urlsplit(final).path, text

    def csrf(self) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")

    def sign_in(self, email: str, password: str) -> bool:
        self.request("GET", "/accounts/login/")
        data = {"login": email, "password": password, "csrfmiddlewaretoken": self.csrf()}
        status, path, _ = self.request("POST", "/accounts/login/", data)
        return status == 200 and path != "/accounts/login/"

    def send_form(self, page: str, text: str, headers: dict | None = None, extra: dict | None = None):
        """The page's main POST form, as the browser would send it: (status, path, body)."""
        candidates = [f for f in forms_in(text) if f.method == "post" and "csrfmiddlewaretoken" in f.names()]
        if not candidates:
            return 0, page, ""
        form = max(candidates, key=lambda f: len(f.controls))
        payload = {**form.payload(), **(extra or {})}
        return self.request("POST", form.action or page, payload, headers)


def links(text: str) -> list[str]:
    found = {html.unescape(href) for href in LINK.findall(text)}
    return [href for href in found if not href.startswith("//") and not SKIP.search(href)]


def attendance_pages(hrefs) -> set[str]:
    """The attendance page of every meeting linked (refused to those who do not run it)."""
    return {f"/meetings/{match.group(1)}/attendance/" for href in hrefs if (match := MEETING.match(href))}


def click_around(browser: Browser, until: float, rng: random.Random) -> None:
    _, here, text = browser.request("GET", "/")
    _, _, meetings = browser.request("GET", "/meetings/")
    seen_links = list({*links(text), *links(meetings)})
    attendance = list(attendance_pages(seen_links))
    clicks = 0
    while time.monotonic() < until:
        clicks += 1
        if clicks % 5 == 0:
            send_a_form(browser, attendance, rng)
            continue
        choices = links(text) or seen_links or ["/"]
        _, here, text = browser.request("GET", rng.choice(choices))
        new = links(text)
        seen_links = list({*seen_links, *new})[:500]
        attendance = list({*attendance, *attendance_pages(new)})


def send_a_form(browser: Browser, attendance: list[str], rng: random.Random) -> None:
    kind = rng.choice(["quoracy", "quoracy", "preferences", "read-all"])
    if kind == "quoracy" and attendance:
        page = rng.choice(attendance)
        status, _, text = browser.request("GET", page)
        if status != 200:
            attendance.remove(page)  # not a meeting this person runs
        else:
            browser.send_form(page, text, headers={"X-Quoracy-Check": "1"})
            browser.report.forms["live quoracy check"] += 1
            return
    if kind == "read-all":
        browser.request("POST", "/inbox/read-all/", {"csrfmiddlewaretoken": browser.csrf()})
        browser.report.forms["mark all as read"] += 1
        return
    status, _, text = browser.request("GET", "/inbox/preferences/")
    if status == 200:
        browser.send_form("/inbox/preferences/", text)
        browser.report.forms["notification preferences"] += 1


def run(base: str, accounts: list[str], password: str, clients: int, duration: float, seed: int = 1) -> Report:
    report = Report()
    start_line = threading.Barrier(clients)

    def client(number: int) -> None:
        browser = Browser(base, report)
        rng = random.Random(seed * 1000 + number)
        ok = browser.sign_in(accounts[number % len(accounts)], password)
        with report.lock:
            report.signed_in += ok
        start_line.wait()  # everyone starts clicking at the same moment
        if ok:
            click_around(browser, time.monotonic() + duration, rng)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 600)
    return report


def summary(report: Report, clients: int, duration: float) -> str:
    timings = sorted(report.timings) or [0.0]
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    lines = [
        f"{clients} clients for {duration:.0f} s ({report.signed_in} signed in)",
        f"requests: {report.requests} ({report.requests / duration:.1f}/s)",
        "answers: " + ", ".join(f"{status}: {count}" for status, count in sorted(report.statuses.items())),
        "forms sent: " + ", ".join(f"{kind}: {count}" for kind, count in sorted(report.forms.items())),
        f"server errors (5xx): {report.server_errors}",
        f"latency: median {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {timings[-1] * 1000:.0f} ms",
    ]
    lines += [f"  {method} {path}: {status} {first}" for method, path, status, first in report.errors[:20]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--accounts", nargs="*", default=DEMO_ACCOUNTS)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    report = run(options.base, options.accounts, options.password, options.clients, options.duration, options.seed)
    print(summary(report, options.clients, options.duration))
    return 1 if report.server_errors or not report.signed_in else 0


if __name__ == "__main__":
    sys.exit(main())
