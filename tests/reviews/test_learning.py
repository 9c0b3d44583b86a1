"""Learning: the themes list and its counts, 7-minute briefings published as a public page
and a PDF without restricted details, and where they went."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.services import DomainError
from reviews.models import Briefing
from reviews.report import render_briefing
from reviews.selectors.learning import theme_counts
from reviews.services import learning, practice, rapid
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db

SECTIONS = {
    "background": "A baby was seriously injured at home.",
    "why_it_matters": "Babies cannot tell us what is happening to them.",
    "what_happened": "Three health appointments were missed and nobody asked why.",
    "what_we_learned": "Was-not-brought is a safeguarding question, not an admin one.",
    "what_good_looks_like": "Every missed appointment for a baby is followed up the same day.",
    "questions_for_practice": "When did you last ask why a baby was not brought?",
    "resources": "The partnership’s was-not-brought policy.",
}


@pytest.fixture
def theme(business):
    return learning.theme_save(acting_user=business, name="Professional curiosity")


def test_only_the_business_unit_manages_the_list_of_themes(business, chair, client_for):
    learning.theme_save(acting_user=business, name="Neglect")
    with pytest.raises(PermissionDenied):
        learning.theme_save(acting_user=chair, name="Voice of the child")
    response = client_for(business).post(reverse("reviews:theme-create"), {"name": "neglect", "is_active": "on"})
    assert response.status_code == 200
    assert "There is already a theme with this name" in response.content.decode()


def test_the_themes_page_counts_reviews_and_findings_by_year(rapid_review, business, theme, client_for, practice_group):
    today = timezone.localdate()
    rapid.rapid_review_update(acting_user=business, rapid_review=rapid_review, themes=[theme])
    review = practice.practice_review_create(
        acting_user=business, kind="thematic", title="Neglect in under-fives", decided_on=today
    )
    practice.finding_add(acting_user=business, review=review, text="Nobody asked why", themes=[theme])
    practice.finding_add(acting_user=business, review=review, text="Again nobody asked", themes=[theme])
    years, counts = theme_counts()
    row = next(r for r in counts if r.theme == theme)
    assert years[-1] == today.year
    assert row.by_year[-1] == 2 and row.reviews == 2 and row.findings == 2
    page = client_for(business).get(reverse("reviews:theme-list")).content.decode()
    assert "Professional curiosity" in page


def test_a_briefing_is_published_only_with_all_seven_sections(business, client_for):
    briefing = learning.briefing_save(acting_user=business, title="Babies who are not brought", background="Text")
    with pytest.raises(DomainError, match="Why it matters, What happened"):
        learning.briefing_publish(acting_user=business, briefing=briefing)
    response = client_for(business).post(reverse("reviews:briefing-publish", args=[briefing.pk]), follow=True)
    assert "Write every section before publishing" in response.content.decode()


def test_a_briefing_that_names_the_childs_pseudonym_is_refused(rapid_review, business):
    briefing = learning.briefing_save(
        acting_user=business,
        title="Learning from a rapid review",
        rapid_review=rapid_review,
        **{**SECTIONS, "what_happened": "Child H missed three appointments."},
    )
    with pytest.raises(DomainError, match="mentions “Child H”"):
        learning.briefing_publish(acting_user=business, briefing=briefing)
    learning.briefing_save(acting_user=business, briefing=briefing, what_happened=SECTIONS["what_happened"])
    learning.briefing_publish(acting_user=business, briefing=briefing)
    with pytest.raises(DomainError, match="mentions “Child H”"):
        learning.briefing_save(acting_user=business, briefing=briefing, background="About Child H")


def test_the_published_briefing_is_public_and_renders_to_pdf(rapid_review, business, client):
    briefing = learning.briefing_save(
        acting_user=business, title="Babies who are not brought", rapid_review=rapid_review, **SECTIONS
    )
    learning.briefing_publish(acting_user=business, briefing=briefing)
    assert briefing.status == Briefing.Status.PUBLISHED and briefing.slug.startswith("babies-who-are-not-brought-")
    page = client.get(briefing.get_public_url())  # nobody signed in
    text = page.content.decode()
    assert page.status_code == 200
    assert "Was-not-brought is a safeguarding question" in text
    assert "Child H" not in text and rapid_review.incident.reference not in text
    assert briefing.title in client.get(reverse("reviews:briefing-public-list")).content.decode()
    pdf = client.get(reverse("reviews:briefing-pdf", args=[briefing.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(render_briefing(briefing)))
    words = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for heading in ("Background", "Why it matters", "What happened", "What we learned", "What good looks like"):
        assert heading in words
    assert "Questions for practice" in words and "When did you last ask why a baby was not brought?" in words
    assert "Child H" not in words


def test_a_draft_briefing_is_not_public(business, client):
    draft = learning.briefing_save(acting_user=business, title="Draft", **SECTIONS)
    assert client.get(reverse("reviews:briefing-public", args=["draft-1"])).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 302  # to the sign-in page


def test_drafts_are_for_the_business_unit_and_published_briefings_for_everyone(business, member, client_for):
    draft = learning.briefing_save(acting_user=business, title="Work in progress", **SECTIONS)
    published = learning.briefing_save(acting_user=business, title="Out there", **SECTIONS)
    learning.briefing_publish(acting_user=business, briefing=published)
    client = client_for(member)
    listing = client.get(reverse("reviews:briefing-list")).content.decode()
    assert "Out there" in listing and "Work in progress" not in listing
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_dissemination_is_recorded_with_the_group_or_training(business, client_for, practice_group):
    briefing = learning.briefing_save(acting_user=business, title="Out there", **SECTIONS)
    with pytest.raises(DomainError, match="Publish the briefing"):
        learning.dissemination_record(
            acting_user=business, briefing=briefing, kind="training", training="x", on=timezone.localdate()
        )
    learning.briefing_publish(acting_user=business, briefing=briefing)
    client = client_for(business)
    today = timezone.localdate()
    url = reverse("reviews:dissemination-add", args=[briefing.pk])
    date_fields = {"on_0": today.day, "on_1": today.month, "on_2": today.year}
    response = client.post(url, {"kind": "group", **date_fields})
    assert form_errors(response)["group"] == ["Select the group it was sent to"]
    response = client.post(url, {"kind": "training", **date_fields})
    assert form_errors(response)["training"] == ["Enter the training course or event"]
    client.post(url, {"kind": "group", "group": practice_group.pk, **date_fields})
    client.post(url, {"kind": "training", "training": "Multi-agency neglect course", "reach": "24", **date_fields})
    assert briefing.disseminations.count() == 2
    page = client.get(briefing.get_absolute_url()).content.decode()
    assert "Multi-agency neglect course" in page and str(practice_group) in page
    future = today + timedelta(days=3)
    response = client.post(
        url, {"kind": "training", "training": "x", "on_0": future.day, "on_1": future.month, "on_2": future.year}
    )
    assert form_errors(response)["on"] == ["The date it was shared must be today or in the past"]


def test_the_outsider_is_refused_the_learning_pages(outsider, client_for):
    client = client_for(outsider)
    for name in ("reviews:theme-list", "reviews:briefing-list", "reviews:briefing-create"):
        assert client.get(reverse(name)).status_code in (403, 404), name
