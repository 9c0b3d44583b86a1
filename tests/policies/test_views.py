"""The register's pages: wiring (status, redirect, message, permission) and what each role
meets on them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from core import calendar
from policies.models import Policy
from policies.services import consultation as consultation_services
from tests.helpers import form_errors, post_edit

from .builders import approved, consulted, decision, draft, pdf, published

pytestmark = pytest.mark.django_db


def test_the_outsider_is_refused_everywhere(outsider, business, group, client_for):
    policy = published(business, group)
    client = client_for(outsider)
    for url in (
        reverse("policies:policy-list"),
        reverse("policies:policy-detail", args=[policy.pk]),
        reverse("policies:learning-list"),
    ):
        assert client.get(url).status_code in (403, 404), url


def test_adding_a_document_refuses_bad_input_and_keeps_what_was_typed(business, group, client_for):
    client = client_for(business)
    url = reverse("policies:policy-create")
    response = client.post(url, {"title": "Thresholds of need", "summary": ""})
    errors = form_errors(response)
    assert errors["summary"] == ["Enter what the document is for"]
    assert errors["owner_group"] == ["Select the group that owns it"]
    assert errors["file"] == ["Upload the document or give the link to it in the external manual"]
    assert 'value="Thresholds of need"' in response.content.decode()
    page = client.post(url, {"title": "x", "file": pdf("page.html", b"<html></html>")})
    assert form_errors(page)["file"] == ["The selected file must be a PDF, DOCX, DOC, ODT or TXT"]


def test_adding_a_document_takes_the_business_unit_to_its_page(business, group, client_for):
    response = client_for(business).post(
        reverse("policies:policy-create"),
        {
            "title": "Thresholds of need",
            "kind": "guidance",
            "summary": "When to refer.",
            "owner_group": group.pk,
            "lead": business.pk,
            "external_url": "https://procedures.example.org/thresholds",
            "change_summary": "First version",
        },
    )
    policy = Policy.objects.get()
    assert response.status_code == 302 and response["Location"] == policy.get_absolute_url()
    assert policy.versions.get().external_url == "https://procedures.example.org/thresholds"


def test_the_page_offers_each_role_only_what_it_may_do(business, group, chair, member, agency_lead, client_for):
    policy = draft(business, group)
    consulted(business, policy, [agency_lead.organisation])
    url = reverse("policies:policy-detail", args=[policy.pk])
    as_business = client_for(business).get(url).content.decode()
    assert reverse("policies:policy-withdraw", args=[policy.pk]) in as_business
    as_member = client_for(member).get(url).content.decode()
    assert reverse("policies:policy-withdraw", args=[policy.pk]) not in as_member
    assert reverse("policies:policy-edit", args=[policy.pk]) not in as_member
    # The consulted agency's lead sees the draft sent to it; the approving group's member sees it too.
    document = policy.versions.get().document
    assert client_for(agency_lead).get(document.get_absolute_url()).status_code == 200


def test_a_draft_is_not_shown_to_a_member_outside_the_group(business, group, client_for):
    from tests.factories import UserFactory

    stranger = UserFactory(roles=["member"])
    policy = draft(business, group)
    client = client_for(stranger)
    assert client.get(reverse("policies:policy-detail", args=[policy.pk])).status_code == 404
    assert client.get(policy.versions.get().document.get_absolute_url()).status_code == 404


def test_an_agency_lead_comments_and_says_nothing_more(business, group, agency_lead, client_for):
    policy = draft(business, group)
    sent = consulted(business, policy, [agency_lead.organisation])
    client = client_for(agency_lead)
    page = client.get(reverse("policies:consultation-detail", args=[sent.pk])).content.decode()
    assert "Send a comment" in page and "Not answered yet" in page
    empty = client.post(reverse("policies:comment-add", args=[sent.pk]), {"organisation": agency_lead.organisation.pk})
    assert form_errors(empty)["text"] == ["Enter your comment"]
    response = client.post(
        reverse("policies:comment-add", args=[sent.pk]),
        {"organisation": agency_lead.organisation.pk, "section": "3.2", "text": "Name the DPO."},
    )
    assert response.status_code == 302
    page = client.get(reverse("policies:consultation-detail", args=[sent.pk])).content.decode()
    assert "Name the DPO." in page and "Comments sent" in page


def test_the_business_unit_answers_and_the_approving_group_reads_it_with_the_draft(
    business, group, agency_lead, member, client_for
):
    policy = draft(business, group)
    sent = consulted(business, policy, [agency_lead.organisation])
    comment = consultation_services.comment_add(
        acting_user=agency_lead, consultation=sent, organisation=agency_lead.organisation, text="Name the DPO."
    )
    client = client_for(business)
    url = reverse("policies:comment-answer", args=[comment.pk])
    assert form_errors(client.post(url, {"response": ""}))["outcome"] == ["Select what happened to the draft"]
    response = client.post(url, {"outcome": "changed", "response": "Added at 3.2."})
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    page = client_for(member).get(sent.get_absolute_url()).content.decode()
    assert "Name the DPO." in page and "Added at 3.2." in page and "The draft was changed" in page


def test_no_comments_without_choosing_the_organisation_says_so(business, group, agency_lead, client_for):
    sent = consulted(business, draft(business, group), [agency_lead.organisation])
    client = client_for(agency_lead)
    response = client.post(reverse("policies:no-comments", args=[sent.pk]), {}, follow=True)
    assert "Select the organisation with no comments" in response.content.decode()


def test_recording_approval_lists_the_groups_decisions(business, group, chair, client_for):
    policy = draft(business, group)
    entry = decision(business, group, text="Approved the escalation policy.")
    client = client_for(chair)
    url = reverse("policies:approval-record", args=[policy.pk])
    page = client.get(url).content.decode()
    assert "Approved the escalation policy." in page
    assert form_errors(client.post(url, {"decision": "999999"}))["decision"] == ["Select a decision from the list"]
    assert client.post(url, {"decision": entry.pk}).status_code == 302
    policy.refresh_from_db()
    assert policy.status == Policy.Status.APPROVED


def test_publishing_from_the_page(business, group, client_for):
    policy = approved(business, draft(business, group), group)
    client = client_for(business)
    url = reverse("policies:policy-publish", args=[policy.pk])
    page = client.get(url)
    assert page.context["form"].initial["published_on"] == calendar.today()
    today = calendar.today()
    bad = client.post(
        url,
        {
            "published_on_0": today.day,
            "published_on_1": today.month,
            "published_on_2": today.year,
            "review_date_0": today.day,
            "review_date_1": today.month,
            "review_date_2": today.year,
        },
    )
    assert form_errors(bad)["review_date"] == ["The review date must be after the date it was published"]
    review = today + timedelta(days=365)
    response = client.post(
        url,
        {
            "published_on_0": today.day,
            "published_on_1": today.month,
            "published_on_2": today.year,
            "review_date_0": review.day,
            "review_date_1": review.month,
            "review_date_2": review.year,
            "ask_adoption": "on",
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PUBLISHED and policy.review_date == review


def test_adoption_confirmed_from_the_page_and_seen_by_the_business_unit(business, group, agency_lead, client_for):
    policy = published(business, group)
    client = client_for(agency_lead)
    assert "Confirm your organisation has adopted it" in client.get(policy.get_absolute_url()).content.decode()
    response = client.post(
        reverse("policies:adoption-confirm", args=[policy.pk]), {"organisation": agency_lead.organisation.pk}
    )
    assert response.status_code == 302
    assert client.get(reverse("policies:adoption-confirm", args=[policy.pk])).status_code == 403
    overview = client_for(business).get(reverse("policies:adoption-list", args=[policy.pk])).content.decode()
    assert agency_lead.organisation.name in overview and "by Alex Lead" in overview
    missing = client_for(business).get(reverse("policies:adoption-list", args=[policy.pk]) + "?show=missing")
    assert agency_lead.organisation.name not in missing.content.decode()


def test_linking_learning_takes_two_steps_without_javascript(business, group, client_for):
    from reviews.services import practice

    review = practice.practice_review_create(
        acting_user=business, kind="thematic", title="Neglect review", decided_on=calendar.today()
    )
    finding = practice.finding_add(acting_user=business, review=review, text="No escalation.")
    policy = published(business, group)
    client = client_for(business)
    url = reverse("policies:learning-add", args=[policy.pk])
    first = client.get(url).content.decode()
    assert "Practice review finding" in first and "Challenge" in first
    assert "Select where the learning comes from" in client.get(url + "?source=").content.decode()
    second = client.get(url + "?source=reviews.finding").content.decode()
    assert f"{review}, finding 1" in second
    response = client.post(
        url + "?source=reviews.finding", {"record": finding.pk, "what_should_change": "Add the escalation step"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#learning")
    assert "Add the escalation step" in client.get(policy.get_absolute_url()).content.decode()


def test_two_people_changing_the_details_at_once(business, group, client_for):
    policy = published(business, group)
    url = reverse("policies:policy-edit", args=[policy.pk])
    client = client_for(business)
    opened = client.get(url)
    snapshot = opened.context["form"].initial["_snapshot"]
    fields = {"title": "Escalation policy", "kind": "policy", "summary": "New", "owner_group": group.pk}
    post_edit(client, url, {**fields, "lead": business.pk, "summary": "First change"})
    second = client.post(url, {**fields, "lead": business.pk, "summary": "Second change", "_snapshot": snapshot})
    assert second.status_code == 200 and form_errors(second)
    policy.refresh_from_db()
    assert policy.summary == "First change"


def test_withdrawing_asks_for_a_reason(business, group, client_for):
    policy = published(business, group)
    client = client_for(business)
    url = reverse("policies:policy-withdraw", args=[policy.pk])
    assert form_errors(client.post(url, {"reason": ""}))["reason"] == ["Enter why the document is being withdrawn"]
    assert client.post(url, {"reason": "Replaced"}).status_code == 302
    policy.refresh_from_db()
    assert policy.status == Policy.Status.WITHDRAWN
    assert client.get(reverse("website:policy-detail", args=[policy.slug])).status_code == 404


def test_the_register_filters(business, group, client_for):
    published(business, group, title="Thresholds of need", kind="guidance")
    draft(business, group, title="Escalation policy")
    client = client_for(business)
    listed = client.get(reverse("policies:policy-list") + "?status=draft").content.decode()
    assert "Escalation policy" in listed and "Thresholds of need" not in listed
    junk = client.get(reverse("policies:policy-list") + "?status=nope&kind=x&group=99999999999999&due=1")
    assert junk.status_code == 200


def test_home_shows_the_lead_their_reviews_and_the_agency_its_consultations(
    business, group, member, agency_lead, client_for
):
    published(business, group, lead=member, title="Thresholds of need", review_in_days=20)
    consulted(business, draft(business, group, title="Escalation policy"), [agency_lead.organisation])
    as_lead = client_for(member).get(reverse("core:home")).content.decode()
    assert "1</span> policy or procedure due for review" in as_lead and "/policies/?due=1" in as_lead
    as_agency = client_for(agency_lead).get(reverse("core:home")).content.decode()
    assert "1</span> draft waiting for your organisation’s comments" in as_agency
    assert "/policies/?status=in_consultation" in as_agency
    assert "procedure to confirm your organisation has adopted" in as_agency


def test_policies_is_in_the_menu_for_roles_only(business, outsider, client_for):
    assert 'href="/policies/"' in client_for(business).get(reverse("core:home")).content.decode()
    assert 'href="/policies/"' not in client_for(outsider).get(reverse("core:home")).content.decode()
