"""The load test's users: people of four kinds signing in (password, then an authenticator code,
as in production) and using the portal as they would: reading their home page, dashboards,
lists and records, and saving forms.

Driven by bench/load.py, which starts the portal the production way and hands this file the
accounts in LOAD_USERS_FILE (email, password, TOTP secret, kind). Not a test of Django: every
request is a real HTTPS request to gunicorn over loopback.

The users are Locust's FastHttpUser (geventhttpclient): Locust shares the two cores with the
portal, and its default HttpUser (python-requests) spent more of them than gunicorn did, which
slowed the portal and, once Locust's own process was nearly saturated, its timing too.
Redirects are not followed for page reads, so a page that sends its reader elsewhere (signed
out, refused) is a failure, not the sign-in page counted as a success.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["LOAD_USERS_FILE"]).read())  # noqa: SIM115 - read once at start
_next = {kind: itertools.cycle([a for a in ACCOUNTS if a["kind"] == kind]) for kind in {a["kind"] for a in ACCOUNTS}}

DETAIL_LINK = re.compile(r'href="(/(?:meetings|plans|directory|groups|reviews/cases|audits/cycles)/\d+/)"')


def totp(secret: str, at: float | None = None) -> str:
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", bytes([digest[offset] & 0x7F]) + digest[offset + 1 : offset + 4])[0]
    return f"{value % 1_000_000:06d}"


class _Form(HTMLParser):
    """The main POST form of a page, as the browser would send it unchanged."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._form = {"action": attrs.get("action", ""), "data": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "file", "button"):
                self._form["data"].setdefault(attrs["name"], []).append(attrs.get("value", "on"))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self._form["data"][self._textarea] = [""]
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in self._form["data"]):
            self._form["data"][self._select] = [attrs.get("value", "")]

    def handle_data(self, data):
        if self._textarea:
            self._form["data"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def main_form(html: str) -> dict | None:
    parser = _Form()
    parser.feed(html)
    forms = [f for f in parser.forms if "csrfmiddlewaretoken" in f["data"]]
    return max(forms, key=lambda f: len(f["data"])) if forms else None


class PortalUser(FastHttpUser):
    abstract = True
    kind = ""
    wait_time = between(1, 4)
    # The throwaway certificate bench/load.py makes is self-signed.
    insecure = True

    def post_form(self, path: str, data: dict, name: str, **kwargs):
        """A form POST as a browser sends it: every value of each field, and the page's address
        (Django's CSRF check insists on it over HTTPS)."""
        return self.client.post(
            path,
            data=urlencode(data, doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{self.host}{path}"},
            name=name,
            **kwargs,
        )

    def on_start(self):
        self.account = next(_next[self.kind])
        self.details = []
        page = self.client.get("/accounts/login/", name="sign in: page")
        form = main_form(page.text)
        self.post_form(
            "/accounts/login/",
            {**form["data"], "login": self.account["email"], "password": self.account["password"]},
            "sign in: password",
        )
        page = self.client.get("/accounts/2fa/authenticate/", name="sign in: code page")
        form = main_form(page.text)
        with self.post_form(
            "/accounts/2fa/authenticate/",
            {**form["data"], "code": totp(self.account["secret"])},
            "sign in: code",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            # Signed in, the portal sends the person on to their page; refused, it shows the
            # code form again.
            if response.status_code != 302 or "/accounts/" in (response.headers.get("Location") or ""):
                response.failure(f"sign-in did not complete for {self.account['email']}")

    def read(self, path: str, name: str | None = None):
        with self.client.get(path, name=name or path, catch_response=True, allow_redirects=False) as response:
            if response.status_code in (301, 302) and "/accounts/" in (response.headers.get("Location") or ""):
                response.failure("signed out")
            elif response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            else:
                self.details += DETAIL_LINK.findall(response.text)
                self.details = self.details[-200:]
            return response

    def read_a_record(self):
        if self.details:
            path = random.choice(self.details)
            self.read(path, name=re.sub(r"\d+", "<id>", path))

    def save_unchanged(self, path: str, name: str):
        """Open an edit form and save it as it is: the full write path (validation, the
        concurrency check, history) without changing the demo's content."""
        page = self.client.get(path, name=f"{name} (form)")
        form = main_form(page.text) if page.status_code == 200 else None
        if form is None:
            return
        with self.post_form(form["action"] or path, form["data"], f"{name} (save)", catch_response=True) as response:
            if response.status_code != 200 or "govuk-error-summary" in response.text:
                response.failure(f"save refused: {response.status_code}")


class BusinessUnit(PortalUser):
    kind = "business"
    weight = 3

    @task(3)
    def home(self):
        self.read("/", "home")

    @task(2)
    def meetings(self):
        self.read("/meetings/")
        self.read_a_record()

    @task(2)
    def plans(self):
        self.read("/plans/")
        self.read_a_record()

    @task(2)
    def directory(self):
        self.read("/directory/")
        self.read_a_record()

    @task(1)
    def deadlines(self):
        self.read("/deadlines/overdue/")

    @task(1)
    def reviews(self):
        self.read("/reviews/")

    @task(1)
    def audits(self):
        self.read("/audits/")

    @task(1)
    def save_account(self):
        self.save_unchanged("/account/edit/", "account details")


class ExecutiveMember(PortalUser):
    kind = "executive"
    weight = 2

    @task(3)
    def dashboard(self):
        self.read("/dashboard/")

    @task(2)
    def scorecard(self):
        self.read("/assurance/scorecard/")

    @task(1)
    def plans(self):
        self.read("/plans/")
        self.read_a_record()

    @task(1)
    def home(self):
        self.read("/", "home")


class AgencyLead(PortalUser):
    kind = "agency_lead"
    weight = 3

    @task(3)
    def home(self):
        self.read("/", "home")

    @task(2)
    def deadlines(self):
        self.read("/deadlines/")

    @task(2)
    def plans(self):
        self.read("/plans/")
        self.read_a_record()

    @task(1)
    def inbox(self):
        self.read("/inbox/")

    @task(1)
    def preferences(self):
        self.save_unchanged("/inbox/preferences/", "notification settings")


class Chair(PortalUser):
    kind = "chair"
    weight = 2

    @task(2)
    def groups(self):
        self.read("/groups/")
        self.read_a_record()

    @task(2)
    def meetings(self):
        self.read("/meetings/")
        self.read_a_record()

    @task(1)
    def challenges(self):
        self.read("/assurance/challenges/")

    @task(1)
    def save_account(self):
        self.save_unchanged("/account/edit/", "account details")


@events.init_command_line_parser.add_listener
def _quiet(parser):
    parser.set_defaults(loglevel="WARNING")


# Every page request's time (sign-in excepted: its password hashing is reported on its own
# rows) and when it finished, and when each person finished signing in, written out at the end
# so that bench/load.py can give one p95 over all of them, and one over those made once
# everybody had signed in (while people sign in, their password hashing takes the cores).
_page_times: list[tuple[float, bool, float]] = []
_signed_in_at: list[float] = []


@events.request.add_listener
def _record(name, response_time, exception, **_kwargs):
    if name.startswith("sign in"):
        if name == "sign in: code" and exception is None:
            _signed_in_at.append(time.time())
    else:
        _page_times.append((response_time, exception is not None, time.time()))


@events.quitting.add_listener
def _write_times(environment, **_kwargs):
    path = os.environ.get("LOAD_TIMES_FILE")
    if path:
        with open(path, "w") as handle:
            json.dump({"pages": _page_times, "signed_in": _signed_in_at}, handle)
