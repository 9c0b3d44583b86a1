"""Need-to-know: who sees which case and how much of it, the access log of every view, and
lists and searches that never leak a pseudonym."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.access_log import access_log_for, access_log_url
from reviews.services import practice, rapid
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_reviews(notified_case, business, chair):
    """Rapid review A chaired by the cast's chair; rapid review B with another panel."""
    case_a = notified_case(child_pseudonym="Child A", summary="Case A detail: a fall down the stairs.")
    case_b = notified_case(child_pseudonym="Child B", summary="Case B detail: an overdose.")
    other = UserFactory(name="Bo Panel", roles=["member"])
    rapid.panel_set(acting_user=business, rapid_review=case_a.rapid_review, chair=chair, members=[])
    rapid.panel_set(acting_user=business, rapid_review=case_b.rapid_review, chair=other, members=[])
    return case_a, case_b, other


def test_a_panel_member_of_review_a_cannot_see_review_b(two_reviews, chair, client_for):
    case_a, case_b, _ = two_reviews
    client = client_for(chair)
    assert client.get(case_a.rapid_review.get_absolute_url()).status_code == 200
    assert client.get(case_a.get_absolute_url()).status_code == 200
    for url in (
        case_b.rapid_review.get_absolute_url(),
        case_b.get_absolute_url(),
        reverse("reviews:rapid-review-pdf", args=[case_b.rapid_review.pk]),
        reverse("reviews:rapid-review-edit", args=[case_b.rapid_review.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_lists_and_searches_never_show_what_the_person_cannot_open(two_reviews, chair, client_for):
    case_a, case_b, _ = two_reviews
    client = client_for(chair)
    listing = client.get(reverse("reviews:incident-list")).content.decode()
    assert case_a.reference in listing and "Child A" in listing
    assert case_b.reference not in listing and "Child B" not in listing
    searched = client.get(reverse("reviews:incident-list"), {"q": "Child B"}).content.decode()
    assert case_b.reference not in searched and "No cases match" in searched


def test_an_executive_sees_the_summary_but_not_the_case_detail(two_reviews, executive, business, client_for):
    case_a, _, _ = two_reviews
    rapid.rapid_review_update(
        acting_user=business, rapid_review=case_a.rapid_review, facts="Facts only the panel reads."
    )
    client = client_for(executive)
    for url in (case_a.get_absolute_url(), case_a.rapid_review.get_absolute_url()):
        page = client.get(url).content.decode()
        assert case_a.reference in page
        assert "You are seeing the summary" in page
        for detail in ("Child A", "a fall down the stairs", "Facts only the panel reads", "Testshire Hospitals"):
            assert detail not in page, (url, detail)
    listing = client.get(reverse("reviews:incident-list")).content.decode()
    assert case_a.reference in listing and "Child A" not in listing
    # A search by pseudonym must not confirm which case it is.
    assert case_a.reference not in client.get(reverse("reviews:incident-list"), {"q": "Child A"}).content.decode()
    assert client.get(reverse("reviews:rapid-review-pdf", args=[case_a.rapid_review.pk])).status_code == 403


def test_the_scrutineer_reads_the_detail(two_reviews, scrutineer, client_for):
    case_a, _, _ = two_reviews
    page = client_for(scrutineer).get(case_a.get_absolute_url()).content.decode()
    assert "Child A" in page and "a fall down the stairs" in page


def test_an_agency_lead_sees_only_their_agencys_return_requests(two_reviews, business, agency, agency_lead, client_for):
    case_a, case_b, _ = two_reviews
    from tests.factories import OrganisationFactory

    mine = rapid.returns_request(acting_user=business, rapid_review=case_a.rapid_review, organisations=[agency])[0]
    theirs = rapid.returns_request(
        acting_user=business, rapid_review=case_b.rapid_review, organisations=[OrganisationFactory(name="Other Trust")]
    )[0]
    client = client_for(agency_lead)
    listing = client.get(reverse("reviews:return-list")).content.decode()
    assert case_a.reference in listing and case_b.reference not in listing and "Other Trust" not in listing
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(case_a.rapid_review.get_absolute_url()).status_code == 404
    assert client.get(case_a.get_absolute_url()).status_code == 404


def test_every_view_of_a_restricted_record_is_logged(two_reviews, business, chair, executive, client_for, agency):
    case_a, _, _ = two_reviews
    review = case_a.rapid_review
    agency_return = rapid.returns_request(acting_user=business, rapid_review=review, organisations=[agency])[0]
    lcspr = practice.practice_review_create(
        acting_user=business, kind="lcspr", title="Learning", decided_on=timezone.localdate(), incident=case_a
    )
    visits = [
        (chair, case_a.get_absolute_url(), case_a),
        (chair, review.get_absolute_url(), review),
        (chair, agency_return.get_absolute_url(), agency_return),
        (executive, case_a.get_absolute_url(), case_a),
        (executive, lcspr.get_absolute_url(), lcspr),
        (business, reverse("reviews:incident-history", args=[case_a.pk]), case_a),
        (business, reverse("reviews:rapid-review-edit", args=[review.pk]), review),
    ]
    for person, url, record in visits:
        before = access_log_for(record).count()
        assert client_for(person).get(url).status_code == 200, url
        rows = access_log_for(record)
        assert rows.count() == before + 1, url
        assert rows.first().user == person and rows.first().path == url


def test_the_business_unit_reads_the_log_per_record_and_nobody_else_does(two_reviews, business, chair, client_for):
    case_a, _, _ = two_reviews
    client_for(chair).get(case_a.get_absolute_url())
    business_client = client_for(business)
    page = business_client.get(case_a.get_absolute_url()).content.decode()
    assert access_log_url(case_a) in page
    log = business_client.get(access_log_url(case_a)).content.decode()
    assert chair.name in log and "Viewed" in log
    # 404, as for a record that does not exist: the page must not reveal which records do.
    assert client_for(chair).get(access_log_url(case_a)).status_code == 404


def test_the_rapid_review_panel_does_not_open_the_lcspr_unless_on_it(two_reviews, business, chair, client_for):
    case_a, _, _ = two_reviews
    lcspr = practice.practice_review_create(
        acting_user=business, kind="lcspr", title="Learning", decided_on=timezone.localdate(), incident=case_a
    )
    assert client_for(chair).get(lcspr.get_absolute_url()).status_code == 404
    practice.practice_panel_set(acting_user=business, review=lcspr, members=[chair])
    assert client_for(chair).get(lcspr.get_absolute_url()).status_code == 200


def test_removing_someone_from_the_panel_ends_their_access(two_reviews, business, chair, client_for):
    case_a, _, _ = two_reviews
    other_chair = UserFactory(name="New Chair", roles=["member"])
    rapid.panel_set(acting_user=business, rapid_review=case_a.rapid_review, chair=other_chair, members=[])
    assert client_for(chair).get(case_a.rapid_review.get_absolute_url()).status_code == 404


def test_the_deadline_titles_never_carry_the_pseudonym(two_reviews, business):
    case_a, _, _ = two_reviews
    from core.models import Deadline

    titles = " ".join(Deadline.objects.values_list("title", flat=True))
    assert case_a.reference in titles and "Child A" not in titles and "Child B" not in titles


def test_a_case_not_yet_notified_is_only_for_the_business_unit_and_the_scrutineer(
    record_case, chair, member, scrutineer, client_for
):
    incident = record_case(aware_on=timezone.localdate() - timedelta(days=1))
    assert client_for(scrutineer).get(incident.get_absolute_url()).status_code == 200
    for person in (chair, member):
        assert client_for(person).get(incident.get_absolute_url()).status_code == 404
