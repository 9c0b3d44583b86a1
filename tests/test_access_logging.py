"""Every read of a restricted record is in the access log, whatever the HTTP method.

An outside test found detail pages of rapid reviews, cases, practice reviews and escalations,
and the rapid review PDF, answering 200 with their full content to OPTIONS, TRACE, POST, PUT,
PATCH and DELETE, while only GET was logged. Read-only views of restricted records now answer
GET and HEAD only (core.access_log.restricted_read), and HEAD is logged like GET.
"""

import re

import pytest
from django.db import transaction
from django.urls import resolve

from core.models import AccessLog

from .test_url_matrix import MATRIX

pytestmark = pytest.mark.django_db

OTHER_METHODS = ("post", "put", "patch", "delete", "options", "trace")
# Who tries each page: the first of these the matrix lets in.
READERS = ("business", "scrutineer", "chair", "agency_lead", "executive", "member", "outsider")
NAMED_IN_THE_REPORT = (
    "reviews:incident-detail",
    "reviews:rapid-review-detail",
    "reviews:rapid-review-pdf",
    "reviews:practice-review-detail",
    "scrutiny:escalation-detail",
)


def _reader(entry):
    return next((role for role in READERS if entry.expected_for(role) == 200), None)


def _send(client, method: str, url: str):
    with transaction.atomic():
        before = AccessLog.objects.count()
        response = getattr(client, method)(url)
        written = AccessLog.objects.count() - before
        transaction.set_rollback(True)
    return response, written


@pytest.mark.parametrize("name", NAMED_IN_THE_REPORT)
def test_the_pages_the_outside_test_named_answer_get_and_head_only_and_log_both(name, shared_world, client):
    entry = MATRIX[name]
    url = entry.url(shared_world)
    client.force_login(shared_world[_reader(entry)])
    for method in ("get", "head"):
        response, written = _send(client, method, url)
        assert response.status_code == 200, method
        assert written == 1, f"{method.upper()} wrote {written} access-log rows"
    for method in OTHER_METHODS:
        response, written = _send(client, method, url)
        assert response.status_code == 405, f"{method.upper()} answered {response.status_code}"
        assert written == 0
        assert b"Child" not in response.content


def test_every_page_that_logs_a_read_refuses_every_other_method_without_showing_the_record(shared_world, client):
    """Walks every GET page in the permission matrix as someone allowed to read it. A page that
    writes an access-log row when read must log HEAD the same way, and answer 405 to every
    method but GET, HEAD and (for a form page) POST. So a new restricted page is covered the
    day it is added."""
    problems, logged = [], []
    for name, entry in sorted(MATRIX.items()):
        reader = _reader(entry)
        if entry.method != "get" or reader is None:
            continue
        url = entry.url(shared_world)
        client.force_login(shared_world[reader])
        response, written = _send(client, "get", url)
        view = resolve(url.split("?")[0]).func
        if getattr(view, "restricted_read", False) and not written:
            problems.append(f"{name}: marked restricted_read but GET wrote no access-log row")
        if not written:
            continue
        logged.append(name)
        head, head_written = _send(client, "head", url)
        head_refused = head.status_code == 405 and not head_written  # a form page may refuse HEAD
        if not head_refused and (head.status_code != response.status_code or head_written != written):
            problems.append(f"{name}: HEAD answered {head.status_code} and wrote {head_written} rows")
        allowed = ("post",) if not getattr(view, "restricted_read", False) else ()
        for method in OTHER_METHODS:
            if method in allowed:
                continue
            refused, refused_written = _send(client, method, url)
            if refused.status_code != 405 or refused_written:
                problems.append(f"{name}: {method.upper()} answered {refused.status_code}, wrote {refused_written}")
    assert len(logged) >= 15, logged  # the walk really reached the restricted pages
    assert not problems, "\n".join(problems)


def test_downloading_every_answer_of_a_cycle_is_logged_with_what_it_held(shared_world, client):
    """/audits/cycles/<id>/answers.xlsx holds every organisation's answers, drafts included."""
    from core.access_log import access_log_for, access_log_url

    cycle = shared_world["audit_cycle"]
    client.force_login(shared_world["business"])
    with transaction.atomic():
        response = client.get(MATRIX["audits:cycle-export"].url(shared_world))
        assert response.status_code == 200
        [row] = access_log_for(cycle)
        returns = cycle.submissions.filter(is_withdrawn=False).count()
        assert row.user == shared_world["business"] and row.action == AccessLog.Action.EXPORT
        assert f"the returns of {returns} organisations" in row.detail and "not yet submitted" in row.detail
        # The business unit reads it on the cycle's own access log, linked from the cycle.
        page = client.get(cycle.get_absolute_url()).content.decode()
        assert access_log_url(cycle) in page
        assert row.detail in client.get(access_log_url(cycle)).content.decode()
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ["outsider", "member", "agency_lead", "chair", "executive", "scrutineer"])
def test_the_access_log_page_answers_the_same_whether_the_record_exists_or_not(role, shared_world, client):
    from django.urls import reverse

    case = shared_world["case_a"]
    client.force_login(shared_world[role])
    existing = reverse("core:access-log", args=["reviews", "seriousincident", case.pk])
    missing = reverse("core:access-log", args=["reviews", "seriousincident", case.pk + 100000])
    not_restricted = reverse("core:access-log", args=["partnership", "organisation", shared_world["organisation"].pk])
    answers = {url: client.get(url) for url in (existing, missing, not_restricted)}
    assert {response.status_code for response in answers.values()} == {404}
    # The same page too, once the per-request nonce and token are set aside.
    bodies = {re.sub(r'(nonce|value)="[^"]*"', "", r.content.decode()).replace(url, "") for url, r in answers.items()}
    assert len(bodies) == 1
