"""The public link: anyone answers without an account, nothing identifies them, and floods are
refused without knowing who is flooding."""

import logging
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement import flood
from engagement.models import Answer, Response
from engagement.services import surveys as survey_services
from tests.htmlforms import forms_in

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
BROWSER = "Distinctive-Browser/9.9 (respondent)"


def _form_data(client, survey, **extra) -> dict:
    """What a browser would send: the served form's hidden fields and its answers."""
    page = client.get(survey.public_url)
    assert page.status_code == 200
    form = next(f for f in forms_in(page.content.decode()) if f.method == "post")
    hidden = {c.name: c.value for c in form.controls if c.kind == "hidden"}
    fields = {c.name: c for c in form.controls}
    question = {q.kind: q for q in survey.questions.all()}
    single = question["single"].choices.order_by("position").first()
    data = {
        **hidden,
        f"q{question['single'].pk}": str(single.pk),
        f"q{question['scale'].pk}": "4",
        f"q{question['text'].pk}": "More joint supervision would help.",
        "role": "health",
        flood.HONEYPOT: "",
    }
    assert flood.HONEYPOT in fields and flood.SIGNED_FIELD in hidden
    data.update(extra)
    return data


def anonymous() -> Client:
    return Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)


def test_a_practitioner_answers_through_the_link_without_an_account(open_survey):
    client = anonymous()
    response = client.post(open_survey.public_url, _form_data(client, open_survey))
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement:public-survey-thanks", args=[open_survey.link_code])
    assert client.get(response["Location"]).status_code == 200
    answer = Response.objects.get(survey=open_survey)
    assert answer.role == "health"
    assert answer.answers.count() == 3
    assert answer.answers.get(question__kind="text").moderation == Answer.Moderation.AWAITING


def test_nothing_written_while_answering_identifies_the_person(open_survey, caplog):
    """Every row the public POST writes is a response or an answer; none holds the address,
    the browser, a session, an account or a time; no cookie is set and nothing is logged
    about the person."""
    client = anonymous()
    page = client.get(open_survey.public_url)
    assert not page.cookies, "the survey page sets no cookie (not even CSRF's)"
    data = _form_data(client, open_survey)
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(open_survey.public_url, data)
    assert response.status_code == 302
    assert not response.cookies
    assert not Session.objects.exists()
    writes = [q["sql"] for q in captured.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])]
    tables = {re.search(r'(?:INTO|UPDATE|FROM) "([a-z_]+)"', sql).group(1) for sql in writes}
    assert tables == {"engagement_response", "engagement_answer"}
    for sql in writes:
        assert ADDRESS not in sql and "Distinctive-Browser" not in sql
    fields = {f.name for f in Response._meta.concrete_fields}
    assert fields == {"id", "survey", "organisation", "role", "session", "for_agency"}
    assert {f.name for f in Answer._meta.concrete_fields} == {
        "id",
        "response",
        "question",
        "choice",
        "scale_value",
        "text",
        "moderation",
    }
    assert not hasattr(Response, "history") and not hasattr(Answer, "history")
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert ADDRESS not in logged and "Distinctive-Browser" not in logged
    stored = cache._cache.get_client().keys("*")
    assert not [key for key in stored if ADDRESS.encode() in key or b"Distinctive" in key]


def test_someone_signed_in_answers_anonymously_too(open_survey, member):
    client = anonymous()
    client.force_login(member)
    response = client.post(open_survey.public_url, _form_data(client, open_survey))
    assert response.status_code == 302
    answer = Response.objects.get(survey=open_survey)
    assert answer.organisation is None and not answer.for_agency
    assert not any(f.related_model is type(member) for f in Response._meta.concrete_fields)


def test_a_flood_is_refused_once_the_link_has_its_share_and_what_was_typed_is_kept(open_survey, settings):
    settings.ENGAGEMENT_PUBLIC_CAP = 3
    client = anonymous()
    for _ in range(3):
        assert client.post(open_survey.public_url, _form_data(client, open_survey)).status_code == 302
    refused = client.post(open_survey.public_url, _form_data(client, open_survey))
    assert refused.status_code == 429
    assert "Too many answers are arriving at once" in refused.content.decode()
    assert "More joint supervision would help." in refused.content.decode()
    assert Response.objects.filter(survey=open_survey).count() == 3
    # A flood of bare posts (no form, no token) is refused the same way and stores nothing.
    for _ in range(20):
        assert anonymous().post(open_survey.public_url, {}).status_code == 429
    assert Response.objects.filter(survey=open_survey).count() == 3
    keys = [k.decode() for k in cache._cache.get_client().keys("*link-cap*")]
    assert keys and all(re.search(rf"link-cap:{open_survey.pk}:\d+$", key) for key in keys)


def test_a_form_sent_twice_is_taken_once(open_survey):
    client = anonymous()
    data = _form_data(client, open_survey)
    assert client.post(open_survey.public_url, data).status_code == 302
    again = client.post(open_survey.public_url, data)
    assert again.status_code == 400
    assert "These answers were sent already" in again.content.decode()
    assert Response.objects.filter(survey=open_survey).count() == 1


def test_a_form_sent_straight_away_is_refused_until_the_person_has_had_time_to_read_it(open_survey, settings):
    settings.ENGAGEMENT_FORM_MIN_SECONDS = 60
    client = anonymous()
    response = client.post(open_survey.public_url, _form_data(client, open_survey))
    assert response.status_code == 400
    assert "Take a moment to check your answers" in response.content.decode()
    assert "More joint supervision would help." in response.content.decode()
    assert not Response.objects.exists()


def test_a_missing_or_forged_token_is_refused(open_survey):
    client = anonymous()
    data = _form_data(client, open_survey)
    forged = {**data, flood.SIGNED_FIELD: data[flood.SIGNED_FIELD][:-3] + "abc"}
    assert client.post(open_survey.public_url, forged).status_code == 400
    missing = {k: v for k, v in data.items() if k != flood.SIGNED_FIELD}
    assert client.post(open_survey.public_url, missing).status_code == 400
    assert not Response.objects.exists()


def test_the_box_only_machines_fill_in_is_thanked_and_thrown_away(open_survey):
    client = anonymous()
    response = client.post(open_survey.public_url, _form_data(client, open_survey, **{flood.HONEYPOT: "http://spam"}))
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_a_required_question_left_unanswered_is_asked_for_and_nothing_is_lost(open_survey):
    client = anonymous()
    data = _form_data(client, open_survey)
    single = open_survey.questions.get(kind="single")
    del data[f"q{single.pk}"]
    response = client.post(open_survey.public_url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and f"Answer “{single.text}”" in page
    assert "More joint supervision would help." in page
    assert not Response.objects.exists()


def test_a_closed_survey_or_an_old_link_takes_no_answers(open_survey, business):
    client = anonymous()
    data = _form_data(client, open_survey)
    old = open_survey.public_url
    renewed = survey_services.survey_new_link(acting_user=business, survey=open_survey)
    assert client.get(old).status_code == 404
    assert client.post(old, data).status_code == 404
    survey_services.survey_close(acting_user=business, survey=renewed)
    closed = client.get(renewed.public_url)
    assert closed.status_code == 410 and "This survey has closed" in closed.content.decode()
    assert client.post(renewed.public_url, data).status_code == 410
    assert not Response.objects.exists()


def test_generated_input_to_the_public_form_never_gives_a_server_error(open_survey, settings):
    """The suite's form fuzz skips forms without a CSRF token; this one has none on purpose."""
    from tests.test_form_fuzz import _fuzz

    settings.ENGAGEMENT_PUBLIC_CAP = 10_000
    client = anonymous()
    page = client.get(open_survey.public_url)
    form = next(f for f in forms_in(page.content.decode()) if f.method == "post")
    failures = []
    _fuzz(client, open_survey.public_url, form, "post", failures)
    assert not failures, failures


def test_tokens_expire(open_survey, settings, monkeypatch):
    settings.ENGAGEMENT_FORM_MAX_AGE = 10
    client = anonymous()
    data = _form_data(client, open_survey)
    later = time.time() + 3600
    monkeypatch.setattr(flood.time, "time", lambda: later)
    response = client.post(open_survey.public_url, data)
    assert response.status_code == 400 and "open for a long time" in response.content.decode()


def test_the_access_log_leaves_out_who_answered_a_survey_but_logs_everything_else():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from config.gunicorn_logging import ANONYMOUS_PREFIXES, Logger

    assert reverse("engagement:public-survey", args=["x"]).startswith(ANONYMOUS_PREFIXES)
    logger = Logger(Config())
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", "/thanks/")])

    def atoms(path):
        environ = {
            "REQUEST_METHOD": "POST",
            "RAW_URI": path,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": ADDRESS,
            "HTTP_USER_AGENT": BROWSER,
            "HTTP_REFERER": "https://intranet.example.org/",
        }
        request = SimpleNamespace(headers=[("X-Forwarded-For", ADDRESS), ("User-Agent", BROWSER)])
        return logger.atoms(response, request, environ, timedelta(seconds=0.2))

    survey = atoms("/have-your-say/secret-link-code/")
    assert ADDRESS not in str(survey) and "Distinctive-Browser" not in str(survey)
    assert "secret-link-code" not in str(survey) and "intranet" not in str(survey)
    assert survey["r"] == "POST /have-your-say/… HTTP/1.1" and survey["s"] == "302"
    other = atoms("/accounts/login/")
    assert other["h"] == ADDRESS and other["a"] == BROWSER
