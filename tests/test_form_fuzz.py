"""Generated input posted to every form in the portal: no response is a server error.

Every page in the permission matrix is opened as someone allowed to use it; every form on it
(POST forms, and GET filter forms) is filled by Hypothesis with junk: empty and very long
text, null characters, numbers out of range, impossible dates, choices that are not offered,
files of the wrong type, a tampered concurrency snapshot, fields left out. Each submission is
rolled back, so one cannot change what the next meets. The test client raises any exception
a view lets escape, so a crash fails the test with its traceback.

Runs once per URL namespace (one world each). FUZZ_EXAMPLES sets the examples per form.
"""

import os
from collections import defaultdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .htmlforms import Form, forms_in
from .test_url_matrix import MATRIX

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
# Roles in the order we prefer to use a page as: the business unit sees the most forms.
PREFERENCE = (
    "business",
    "chair",
    "agency_lead",
    "executive",
    "scrutineer",
    "member",
    "practitioner",
    "outsider",
    "anonymous",
)

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "31",
    "13",
    "2030-02-30",
    "29/02/2031",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "nul\x00in the middle",
    "٣٤",
    "💥" * 40,
    "a" * 5000,
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
]
FILE_NAMES = ["paper.pdf", "page.html", "image.svg", "tool.exe", "noextension", ".pdf", "book.xlsx", "rows.csv"]
FILE_BODIES = [
    b"",
    b"%PDF-1.4 tiny",
    b"<html><script>alert(1)</script></html>",
    b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    b"MZ\x90\x00",
    b"PK\x03\x04not really a zip",
    b"Name,Kind\nA,Other\n",
]

text_values = st.one_of(st.sampled_from(NASTY), st.text(max_size=120))


def _control_strategy(control):
    if control.kind in ("submit", "button", "reset", "image"):
        return st.none()
    if control.kind == "file":
        return st.one_of(
            st.none(),
            st.builds(
                lambda name, body: SimpleUploadedFile(name, body),
                st.sampled_from(FILE_NAMES),
                st.one_of(st.sampled_from(FILE_BODIES), st.binary(max_size=512)),
            ),
        )
    if control.name == "_snapshot":
        return st.one_of(st.just(control.value), text_values)
    if control.kind in ("select", "radio", "checkbox"):
        offered = [o for o in (control.options or [control.value]) if o is not None]
        return st.one_of(st.sampled_from(offered or [""]), text_values)
    return st.one_of(st.just(control.value), text_values)


def _payload_strategy(form: Form):
    controls = [c for c in form.controls if c.name != "csrfmiddlewaretoken"]
    # Radios and checkboxes share a name: one strategy per name, from all the values offered.
    by_name: dict[str, list] = defaultdict(list)
    for control in controls:
        by_name[control.name].append(control)
    fields = {}
    for name, group in by_name.items():
        first = group[0]
        if first.kind in ("radio", "checkbox"):
            first.options = [c.value for c in group]
        value = _control_strategy(first)
        many = first.kind == "checkbox" and len(group) > 1
        fields[name] = st.one_of(st.none(), st.lists(value, max_size=3)) if many else st.one_of(st.none(), value)
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not None and v != []})


def _role_for(entry) -> str | None:
    for role in PREFERENCE:
        if role != "anonymous" and entry.expected_for(role) == 200:
            return role
    return None


def _namespace(name: str) -> str:
    return name.split(":")[0] if ":" in name else "accounts"


NAMESPACES = sorted({_namespace(name) for name in MATRIX if not name.startswith("admin:")})


def _fuzz(client: Client, url: str, form: Form, method: str, failures: list) -> None:
    strategy = _payload_strategy(form)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def submit(payload):
        with transaction.atomic():
            if method == "get":
                response = client.get(url, {k: v for k, v in payload.items() if not hasattr(v, "read")})
            else:
                response = client.post(url, payload)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{method.upper()} {url} with {payload!r} gave {response.status_code}"

    try:
        submit()
    except Exception as error:  # noqa: BLE001 - every failure is collected and reported together
        failures.append(f"{method.upper()} {url}: {type(error).__name__}: {str(error)[:2000]}")


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_no_form_answers_generated_input_with_a_server_error(namespace, shared_world):
    world = shared_world  # one world per module; each test's writes are undone
    fuzzed, failures = 0, []
    for name, entry in sorted(MATRIX.items()):
        if _namespace(name) != namespace:
            continue
        role = _role_for(entry)
        if role is None:
            continue
        client = Client()
        client.force_login(world[role])
        url = entry.url(world)
        if entry.method == "post":
            # A button: junk alongside it must not break it either.
            form = Form(action=url, method="post", enctype="")
            _fuzz(client, url, form, "post", failures)
            fuzzed += 1
            continue
        page = client.get(url)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        for form in forms_in(page.content.decode()):
            if form.method == "post" and "csrfmiddlewaretoken" not in form.names():
                continue
            target = form.action or url
            if target.startswith("http") or (form.method == "get" and not form.controls):
                continue
            _fuzz(client, target, form, form.method, failures)
            fuzzed += 1
    assert not failures, "\n\n".join(failures)
    assert fuzzed, f"no forms found in {namespace}"
