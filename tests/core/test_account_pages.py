"""django-allauth's account and two-factor pages in the portal's own style: GOV.UK components,
sentence case, no colons after labels, nothing of allauth's Title Case left."""

import re
import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import UserFactory

# Title Case as allauth writes it: two or more capitalised words in a row in a heading,
# title, label or button ("Two-Factor Authentication", "Email Address", "Sign Out").
TITLE_CASE = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)*\s+[A-Z][a-z]+")
TEXT_ELEMENTS = re.compile(r"<(h1|h2|title|label|button|th|dt)\b[^>]*>(.*?)</\1>", re.S)


def _recently_signed_in(client, user) -> None:
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def _house_style_problems(html: str, partnership_words: set[str]) -> list[str]:
    problems = []
    for tag, inner in TEXT_ELEMENTS.findall(html):
        text = " ".join(re.sub(r"<[^>]+>", " ", inner).split())
        for word in partnership_words:
            text = text.replace(word, "")
        if TITLE_CASE.search(text):
            problems.append(f"<{tag}> in Title Case: {text!r}")
        if tag == "label" and text.endswith(":"):
            problems.append(f"label ends with a colon: {text!r}")
    return problems


PAGES_WITH_TOTP = [
    "mfa_index",
    "account_email",
    "usersessions_list",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_deactivate_totp",
    "mfa_list_webauthn",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES_WITH_TOTP)
def test_account_pages_of_someone_with_two_factor_read_in_house_style(client, name):
    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    client.force_login(user)
    _recently_signed_in(client, user)

    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    # The partnership's own name is a proper noun in the header and title.
    problems = _house_style_problems(html, {"Safeguarding Children Partnership", "Testshire", "Northbridge"})
    assert not problems, "\n".join(problems)
    assert "govuk-heading-l" in html


@pytest.mark.django_db
def test_setting_up_an_authenticator_app_reads_in_house_style(client):
    user = UserFactory()
    client.force_login(user)
    _recently_signed_in(client, user)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Set up an authenticator app" in html
    assert not _house_style_problems(html, {"Safeguarding Children Partnership", "Testshire", "Northbridge"})


@pytest.mark.django_db
def test_a_wrong_new_email_address_is_refused_with_a_summary_and_the_text_kept(client):
    user = UserFactory()
    client.force_login(user)
    _recently_signed_in(client, user)

    response = client.post(reverse("account_email"), {"action_add": "", "email": "not-an-address"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'value="not-an-address"' in html
