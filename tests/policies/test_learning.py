"""Learning links: a review finding (or an audit, a challenge) asks for a procedure to
change; the register shows what waits on which document; publishing the version that answers
it closes the loop and tells the source's owner on the source itself. And the citable list a
Section 11 standard reads."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core import calendar, learning_sources
from core.models import Notification
from core.services import DomainError
from policies.services import approval, learning, register
from reviews.services import practice
from tests.factories import UserFactory

from .builders import approved, draft, pdf, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(business):
    review = practice.practice_review_create(
        acting_user=business, kind="thematic", title="Thematic review of neglect", decided_on=calendar.today()
    )
    return practice.finding_add(acting_user=business, review=review, text="Escalation was not used when it should.")


def _link(user, policy, record, text="Add a step for escalating to the designated safeguarding lead"):
    source = learning_sources.source_for_type(ContentType.objects.get_for_model(record))
    return learning.change_request_add(
        acting_user=user, policy=policy, source_key=source.key, source_id=record.pk, what_should_change=text
    )


def test_reviews_audits_and_scrutiny_offer_their_learning():
    assert {s.key for s in learning_sources.sources()} >= {
        "reviews.finding",
        "audits.caseaudit",
        "audits.auditcycle",
        "scrutiny.challenge",
    }


def test_a_finding_links_to_a_document_and_waits_on_it(business, group, finding, member):
    policy = published(business, group, lead=member)
    link = _link(business, policy, finding)
    assert link.is_open and link.source == finding
    assert link.source_label == f"{finding.review}, finding 1"
    assert "Learning waiting on Escalation policy" in Notification.objects.filter(recipient=member).values_list(
        "title", flat=True
    )
    with pytest.raises(Exception, match="already waiting"):
        _link(business, policy, finding)


def test_learning_the_person_cannot_see_cannot_be_linked(business, group, finding, chair):
    policy = draft(business, group)
    with pytest.raises(DomainError, match="you can see"):
        learning.change_request_add(
            acting_user=chair, policy=policy, source_key="reviews.finding", source_id=finding.pk, what_should_change="x"
        )


def test_publishing_the_version_that_answers_it_closes_the_loop_and_tells_the_findings_owner(business, group, finding):
    owner = UserFactory(name="Review officer")
    finding.review.created_by = owner
    finding.review.save()
    policy = published(business, group)
    link = _link(business, policy, finding)
    register.review_start(acting_user=business, policy=policy)
    register.version_save(acting_user=business, policy=policy, change_summary="Escalation step", upload=pdf())
    approved(business, policy, group)
    version = approval.policy_publish(
        acting_user=business,
        policy=policy,
        published_on=calendar.today(),
        review_date=calendar.today() + timedelta(days=365),
        answers=[link],
    )
    link.refresh_from_db()
    assert link.resolved_by_version == version and not link.is_open
    told = Notification.objects.get(recipient=owner)
    assert told.title == "Learning answered: Escalation policy, version 2 is published"
    assert told.subject_type.model == "finding" and told.subject_id == finding.pk


def test_learning_not_answered_by_the_new_version_keeps_waiting(business, group, finding):
    policy = draft(business, group)
    link = _link(business, policy, finding)
    approved(business, policy, group)
    approval.policy_publish(
        acting_user=business,
        policy=policy,
        published_on=calendar.today(),
        review_date=calendar.today() + timedelta(days=365),
        answers=[],
    )
    link.refresh_from_db()
    assert link.is_open


def test_the_register_names_the_source_only_to_those_who_may_see_it(business, group, finding, client_for, member):
    policy = published(business, group)
    _link(business, policy, finding)
    as_business = client_for(business).get(reverse("policies:learning-list")).content.decode()
    assert f"{finding.review}, finding 1" in as_business and finding.review.get_absolute_url() in as_business
    as_member = client_for(member).get(reverse("policies:learning-list")).content.decode()
    assert "Escalation policy" in as_member
    assert str(finding.review) not in as_member and "you do not have access to" in as_member


def test_an_agencys_adoptions_are_evidence_its_section_11_return_can_cite(business, group, agency_lead, outsider):
    from core import evidence
    from policies.evidence import ADOPTED_PROCEDURES
    from policies.services import adoption

    in_force = published(business, group, title="Information-sharing agreement")
    organisation = agency_lead.organisation
    assert evidence.items_for(organisation, agency_lead, topic=ADOPTED_PROCEDURES) == []
    adoption.adoption_confirm(acting_user=agency_lead, policy=in_force, organisation=organisation)
    [item] = evidence.items_for(organisation, agency_lead, topic=ADOPTED_PROCEDURES)
    assert item.title == "Information-sharing agreement" and item.on == calendar.today()
    assert item.detail == "Version 1 adopted, confirmed by Alex Lead"
    assert item.url == reverse("website:policy-detail", args=[in_force.slug])
    assert evidence.item(item.reference, business) == item
    assert evidence.items_for(organisation, outsider, topic=ADOPTED_PROCEDURES) == []
    assert evidence.item("policies.adoption:x", business) is None
    register.policy_withdraw(acting_user=business, policy=in_force, reason="Replaced")
    assert evidence.item(item.reference, business) is None
