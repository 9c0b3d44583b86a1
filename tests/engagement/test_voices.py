"""The "you said, we did" log: from what was said to what was done, on the clock, reviewed by
the chair, on the public page, in the scorecard and in the yearly report."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from core import assurance
from core.models import Deadline, Notification
from core.services import DomainError
from engagement import figures
from engagement.models import YouSaid
from engagement.services import voices as services
from scrutiny.periods import year_of
from scrutiny.report import compile_report
from scrutiny.services.report import report_create

from .builders import today, you_said

pytestmark = pytest.mark.django_db


def test_an_item_goes_from_what_was_said_to_what_was_done(business, chair, member, voice_group):
    item = you_said(business, group=voice_group)
    assert item.status == YouSaid.Status.RECORDED and item.reference == f"YS-{item.pk}"
    due = today() + timedelta(days=40)
    services.you_said_assign(
        acting_user=chair, item=item, owner=member, response_due=due, we_will="Ask the bus company"
    )
    item.refresh_from_db()
    deadline = Deadline.objects.for_subject(item).get()
    assert (deadline.due_date, list(deadline.responsible_users.all())) == (due, [member])
    assert list(deadline.escalation_users.all()) == [chair]
    assert Notification.objects.filter(recipient=member, subject_id=item.pk).count() == 1

    with pytest.raises(PermissionDenied):
        services.you_said_respond(acting_user=chair, item=item, we_did="x", done_on=today())
    services.you_said_respond(acting_user=member, item=item, we_did="The last bus now leaves at nine.", done_on=today())
    item.refresh_from_db()
    deadline.refresh_from_db()
    assert item.status == YouSaid.Status.REVIEW and deadline.status == Deadline.Status.MET
    assert Notification.objects.filter(recipient=chair, subject_id=item.pk).exists()

    with pytest.raises(PermissionDenied):
        services.you_said_review(acting_user=business, item=item, agree=True)
    services.you_said_review(acting_user=chair, item=item, agree=True, note="Thank you")
    item.refresh_from_db()
    assert item.status == YouSaid.Status.DONE and item.reviewed_by == chair
    assert [h.history_change_reason for h in item.history.order_by("history_date")][:2] == [
        "Recorded",
        f"Given to {member}, “we did” due {due:%-d %B %Y}",
    ]


def test_a_chair_can_send_it_back_with_a_new_date(business, chair, member, voice_group):
    item = you_said(business, group=voice_group)
    services.you_said_assign(acting_user=business, item=item, owner=member, response_due=today() + timedelta(days=5))
    services.you_said_respond(acting_user=member, item=item, we_did="We wrote to them.", done_on=today())
    with pytest.raises(DomainError, match="what still needs doing"):
        services.you_said_review(acting_user=chair, item=item, agree=False)
    services.you_said_review(
        acting_user=chair,
        item=item,
        agree=False,
        note="Tell us what changed",
        response_due=today() + timedelta(days=20),
    )
    item.refresh_from_db()
    assert item.status == YouSaid.Status.WITH_OWNER
    assert Deadline.objects.for_subject(item).live().get().due_date == today() + timedelta(days=20)


def test_a_new_owner_replaces_the_deadline_and_finished_work_stops_the_reminders(business, member, chair):
    item = you_said(business)
    services.you_said_assign(acting_user=business, item=item, owner=member, response_due=today() + timedelta(days=5))
    services.you_said_assign(acting_user=business, item=item, owner=chair, response_due=today() + timedelta(days=9))
    deadlines = Deadline.objects.for_subject(item)
    assert deadlines.live().get().responsible_users.get() == chair
    assert deadlines.get(status=Deadline.Status.CANCELLED).responsible_users.get() == member
    services.you_said_respond(acting_user=chair, item=item, we_did="Done.", done_on=today())
    assert not deadlines.live().exists()


def test_names_are_refused_unless_someone_has_checked(business, outsider, member):
    with pytest.raises(DomainError, match="“Jayden Smith” may identify someone"):
        you_said(business, summary="Jayden Smith wants more buses")
    item = you_said(business, summary="Northbridge Youth Council wants more buses")
    with pytest.raises(DomainError, match="no role in the partnership"):
        services.you_said_assign(acting_user=business, item=item, owner=outsider, response_due=today())
    checked = services.you_said_save(
        acting_user=business, item=item, summary="Amy Lane youth club wants more buses", confirmed=True
    )
    assert checked.summary.startswith("Amy Lane")
    with pytest.raises(DomainError, match="today or in the past"):
        services.you_said_save(acting_user=business, item=item, heard_on=today() + timedelta(days=1))


def test_only_published_entries_reach_the_public_page(business, member, chair, voice_group):
    done = you_said(business, summary="Somewhere quiet to talk at school", group=voice_group)
    hidden = you_said(business, summary="A private thing said in a review", source="case_review")
    services.you_said_assign(acting_user=business, item=done, owner=member, response_due=today())
    with pytest.raises(DomainError, match="Give it an owner"):
        services.you_said_publish(acting_user=business, item=hidden)
    services.you_said_publish(acting_user=business, item=done)
    page = Client().get(reverse("engagement:public-you-said")).content.decode()
    assert "Somewhere quiet to talk at school" in page and "We are working on it" in page
    assert "A private thing said in a review" not in page
    assert done.said not in page, "what was said in detail stays inside the portal"
    services.you_said_respond(
        acting_user=member, item=done, we_did="Quiet rooms opened in four schools.", done_on=today()
    )
    services.you_said_review(acting_user=chair, item=done, agree=True)
    page = Client().get(reverse("engagement:public-you-said")).content.decode()
    assert "Quiet rooms opened in four schools." in page and "We did" in page
    services.you_said_unpublish(acting_user=business, item=done)
    assert "Somewhere quiet" not in Client().get(reverse("engagement:public-you-said")).content.decode()


def test_the_share_with_a_we_did_feeds_the_scorecard(business, member, chair, voice_group):
    assert assurance.figure(figures.WE_DID_SHARE) is not None
    assert figures.we_did_share(today() - timedelta(days=90), today()) is None
    items = [you_said(business, summary=f"Thing number {n}", group=voice_group) for n in range(4)]
    services.you_said_assign(acting_user=business, item=items[0], owner=member, response_due=today())
    services.you_said_respond(acting_user=member, item=items[0], we_did="Done.", done_on=today())
    services.you_said_review(acting_user=chair, item=items[0], agree=True)
    assert figures.we_did_share(today() - timedelta(days=90), today()) == Decimal("25.0")


def test_the_yearly_report_says_what_children_told_us_and_what_we_did(business, member, chair, voice_group):
    item = you_said(business, summary="Somewhere quiet to talk at school", group=voice_group, heard_on=today())
    services.you_said_assign(acting_user=business, item=item, owner=member, response_due=today())
    services.you_said_respond(acting_user=member, item=item, we_did="Quiet rooms opened.", done_on=today())
    services.you_said_review(acting_user=chair, item=item, agree=True)
    report = report_create(acting_user=business, year=year_of(today()))
    compiled = compile_report(report)
    section = next(s for s in compiled.sections if s.key == "voice")
    assert section.has_content and section.requirement == "voice"
    html = section.render()
    assert "told us 1 thing" in html and "Quiet rooms opened." not in html, "not published yet"
    services.you_said_publish(acting_user=business, item=item)
    html = compile_report(report).sections[compiled.sections.index(section)].render()
    assert "Somewhere quiet to talk at school" in html and "Quiet rooms opened." in html
    assert next(c for c in compiled.checklist if c.key == "voice").met
