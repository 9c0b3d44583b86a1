"""An id no column can hold is an error on its field, never a crash, on every database.

Posting `themes=99999999999999999999` to the practice review form, or `members=...` to the
rapid review panel form, gave a 500 on SQLite (the embedded mode): Django checks a multiple
choice of records with `pk__in`, which it did not guard against integer overflow.
core.lookups makes such ids match nothing. This module runs on PostgreSQL with the suite;
tests/test_embedded_server.py posts the same forms to the embedded server on SQLite.
"""

import pytest

from partnership.models import Organisation, User
from tests.htmlforms import main_form

from ..test_url_matrix import MATRIX

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999"  # past 2**64
TOO_SMALL = "-99999999999999999999"

FORMS = [
    ("reviews:practice-review-edit", "themes"),
    ("reviews:rapid-review-panel", "members"),
    ("reviews:rapid-review-edit", "themes"),
]


@pytest.mark.parametrize(("name", "field"), FORMS)
@pytest.mark.parametrize("bad", [TOO_BIG, TOO_SMALL, str(2**63), str(2**31)])
def test_an_id_out_of_range_is_a_choice_error_on_the_form(name, field, bad, shared_world, client):
    url = MATRIX[name].url(shared_world)
    client.force_login(shared_world["business"])
    form = main_form(client.get(url).content.decode(), needs=field)
    payload = {**form.payload(), field: [bad]}
    response = client.post(url, payload)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and f'href="#id_{field}' in page  # the error is on that field


def test_ids_out_of_range_match_nothing_in_queries(shared_world):
    agency, big, small = shared_world["organisation"], int(TOO_BIG), int(TOO_SMALL)
    assert list(Organisation.objects.filter(pk__in=[big, agency.pk, small])) == [agency]
    assert not Organisation.objects.filter(pk__in=[big]).exists()
    assert Organisation.objects.exclude(pk__in=[big]).count() == Organisation.objects.count()
    assert not User.objects.filter(organisation=big).exists()
    assert not User.objects.filter(organisation_id__in=[big]).exists()
    people = set(User.objects.filter(organisation=agency))
    assert people and set(User.objects.filter(organisation__in=[big, agency.pk])) == people
    assert User.objects.exclude(organisation=big).count() == User.objects.count()
