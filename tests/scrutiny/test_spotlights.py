"""Spotlight reports: the effectiveness group sets the theme and questions, the authors answer
by the meeting's paper deadline (drafts, then a submission), and the group records how assured
it is."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import calendar
from core.models import Deadline, Notification
from core.services import DomainError
from scrutiny.models import Spotlight, SpotlightAnswer
from scrutiny.services import spotlights as services
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_author(agency):
    return UserFactory(name="Second author", organisation=agency)


@pytest.fixture
def spotlight(chair, effectiveness, meeting, agency_lead, second_author):
    spotlight = services.spotlight_create(
        acting_user=chair,
        theme="Return interviews for children missing from home",
        purpose="The scorecard shows interviews are late.",
        authors=[agency_lead, second_author],
        meeting=meeting,
    )
    services.question_add(acting_user=chair, spotlight=spotlight, text="How many were offered within 72 hours?")
    services.question_add(acting_user=chair, spotlight=spotlight, text="What do children say?")
    return spotlight


def _deadline(spotlight):
    return Deadline.objects.for_subject(spotlight).get()


def _answers(spotlight, text="Our answer"):
    return {q.pk: f"{text} {q.position}" for q in spotlight.questions.all()}


def test_the_effectiveness_group_sets_it_and_the_answers_are_due_before_the_meeting(
    spotlight, effectiveness, meeting, agency_lead, second_author, chair
):
    assert spotlight.group == effectiveness
    deadline = _deadline(spotlight)
    assert deadline.rule.key == "meeting_paper"
    assert deadline.due_date == calendar.add_working_days(meeting.date, -5)
    assert set(deadline.responsible_users.all()) == {agency_lead, second_author}
    assert list(deadline.escalation_users.all()) == [chair]
    assert Notification.objects.filter(recipient=agency_lead, kind="spotlight").exists()


def test_only_the_business_unit_or_the_groups_chair_sets_spotlights(business, effectiveness, member, agency_lead):
    other_chair = UserFactory()
    other = group_services.group_save(acting_user=business, name="Education sub-group", kind="subgroup", purpose="x")
    group_services.membership_add(acting_user=business, group=other, person=other_chair)
    group_services.group_set_chair(acting_user=business, group=other, person=other_chair)
    for person in (other_chair, member):
        with pytest.raises(PermissionDenied):
            services.spotlight_create(acting_user=person, theme="x", authors=[agency_lead])
    assert services.spotlight_create(acting_user=business, theme="x", authors=[agency_lead]).group == effectiveness


def test_there_must_be_an_effectiveness_group(business, agency_lead):
    with pytest.raises(DomainError, match="effectiveness remit"):
        services.spotlight_create(acting_user=business, theme="x", authors=[agency_lead])


def test_authors_draft_then_submit_every_answer(spotlight, agency_lead, second_author, member, chair):
    with pytest.raises(PermissionDenied):
        services.spotlight_answers_save(acting_user=member, spotlight=spotlight, answers={}, submit=False)
    first, second = spotlight.questions.all()
    services.spotlight_answers_save(
        acting_user=agency_lead, spotlight=spotlight, answers={first.pk: "Half of them"}, submit=False
    )
    assert SpotlightAnswer.objects.get(author=agency_lead, question=first).status == SpotlightAnswer.Status.DRAFT
    with pytest.raises(DomainError, match="every question"):
        services.spotlight_answers_save(
            acting_user=agency_lead, spotlight=spotlight, answers={first.pk: "Half of them"}, submit=True
        )
    services.spotlight_answers_save(
        acting_user=agency_lead, spotlight=spotlight, answers=_answers(spotlight), submit=True
    )
    assert Notification.objects.filter(recipient=chair, title__contains="submitted answers").exists()
    with pytest.raises(DomainError, match="already submitted"):
        services.spotlight_answers_save(
            acting_user=agency_lead, spotlight=spotlight, answers=_answers(spotlight), submit=True
        )
    with pytest.raises(DomainError, match="questions can no longer change"):
        services.question_add(acting_user=chair, spotlight=spotlight, text="Another")
    assert _deadline(spotlight).is_live
    services.spotlight_answers_save(
        acting_user=second_author, spotlight=spotlight, answers=_answers(spotlight), submit=True
    )
    assert _deadline(spotlight).status == Deadline.Status.MET


def test_the_group_records_its_assurance_once_everyone_has_answered(spotlight, chair, agency_lead, second_author):
    with pytest.raises(DomainError, match="Every author"):
        services.spotlight_assure(acting_user=chair, spotlight=spotlight, assurance_level="assured", comment="x")
    for author in (agency_lead, second_author):
        services.spotlight_answers_save(
            acting_user=author, spotlight=spotlight, answers=_answers(spotlight), submit=True
        )
    with pytest.raises(PermissionDenied):
        services.spotlight_assure(acting_user=agency_lead, spotlight=spotlight, assurance_level="assured", comment="x")
    services.spotlight_assure(
        acting_user=chair, spotlight=spotlight, assurance_level="partly_assured", comment="Data good, voice weak"
    )
    assert spotlight.status == Spotlight.Status.CONSIDERED and spotlight.considered_by == chair
    with pytest.raises(PermissionDenied):
        services.spotlight_answers_save(acting_user=agency_lead, spotlight=spotlight, answers={}, submit=False)


def test_changing_the_meeting_moves_the_deadline_and_dropping_an_author_drops_their_answers(
    spotlight, business, chair, effectiveness, agency_lead, second_author
):
    services.spotlight_answers_save(
        acting_user=second_author, spotlight=spotlight, answers=_answers(spotlight), submit=False
    )
    later = meeting_services.meeting_create(
        acting_user=business,
        group=effectiveness,
        date=spotlight.meeting.date.replace(month=5),
        start_time=spotlight.meeting.start_time,
        location="Room",
    )
    services.spotlight_update(
        acting_user=chair, spotlight=spotlight, theme=spotlight.theme, authors=[agency_lead], meeting=later
    )
    deadline = _deadline(spotlight)
    assert deadline.due_date == calendar.add_working_days(later.date, -5)
    assert list(deadline.responsible_users.all()) == [agency_lead]
    assert not SpotlightAnswer.objects.filter(author=second_author).exists()
    elsewhere = meeting_services.meeting_create(
        acting_user=business,
        group=group_services.group_save(acting_user=business, name="Other", kind="subgroup", purpose="x"),
        date=later.date,
        start_time=later.start_time,
        location="Room",
    )
    with pytest.raises(DomainError, match="Choose a meeting of"):
        services.spotlight_update(
            acting_user=chair, spotlight=spotlight, theme="x", authors=[agency_lead], meeting=elsewhere
        )


def test_who_sees_spotlights(spotlight, member, agency_lead, business, outsider, client_for):
    stranger = UserFactory(roles=["member"])
    assert client_for(member).get(spotlight.get_absolute_url()).status_code == 200
    assert client_for(agency_lead).get(spotlight.get_absolute_url()).status_code == 200
    assert client_for(outsider).get(reverse("scrutiny:spotlight-list")).status_code == 403
    assert client_for(outsider).get(spotlight.get_absolute_url()).status_code == 404
    assert client_for(stranger).get(spotlight.get_absolute_url()).status_code == 404


def test_the_author_answers_through_the_page(spotlight, agency_lead, client_for):
    client = client_for(agency_lead)
    url = reverse("scrutiny:spotlight-answer", args=[spotlight.pk])
    first, second = spotlight.questions.all()
    form = client.get(url).context["form"]
    snapshot = form.initial["_snapshot"]
    draft = client.post(url, {f"answer_{first.pk}": "Draft answer", "_snapshot": snapshot})
    assert draft.status_code == 302
    snapshot = client.get(url).context["form"].initial["_snapshot"]
    refused = client.post(url, {f"answer_{first.pk}": "Final", "submit": "1", "_snapshot": snapshot})
    assert refused.status_code == 200 and "Answer every question before submitting" in refused.content.decode()
    done = client.post(
        url,
        {f"answer_{first.pk}": "Final", f"answer_{second.pk}": "They feel heard", "submit": "1", "_snapshot": snapshot},
    )
    assert done.status_code == 302
    assert SpotlightAnswer.objects.filter(author=agency_lead, status="submitted").count() == 2
    assert client.get(url)["Location"] == spotlight.get_absolute_url()  # their answers are locked now


def test_an_author_attaches_a_report_the_group_reads_once_submitted(
    spotlight, agency_lead, second_author, member, outsider, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import Document
    from tests.subgroups.test_handoffs import real_pdf

    client = client_for(agency_lead)
    url = reverse("scrutiny:spotlight-answer", args=[spotlight.pk])
    first, second = spotlight.questions.all()
    answers = {f"answer_{first.pk}": "Seven of ten", f"answer_{second.pk}": "They feel heard"}

    # A file that is not a paper is refused, with the answers kept and nothing saved.
    snapshot = client.get(url).context["form"].initial["_snapshot"]
    bad = SimpleUploadedFile("report.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    refused = client.post(url, {**answers, "_snapshot": snapshot, "report": bad})
    page = refused.content.decode()
    assert refused.status_code == 200 and "govuk-error-summary" in page and "Seven of ten" in page
    assert not Document.objects.exists()

    # Attached with a draft: only the author sees it until they submit.
    report = real_pdf(1, "interviews.pdf")
    assert client.post(url, {**answers, "_snapshot": snapshot, "report": report}).status_code == 302
    document = Document.objects.get()
    assert document.uploaded_by == agency_lead and document.subject == spotlight
    assert "interviews.pdf" in client.get(url).content.decode()
    assert "interviews.pdf" not in client_for(member).get(spotlight.get_absolute_url()).content.decode()

    # A second file is a new version; submitting shows the latest to the group.
    client = client_for(agency_lead)
    snapshot = client.get(url).context["form"].initial["_snapshot"]
    newer = real_pdf(2, "interviews-v2.pdf")
    assert client.post(url, {**answers, "_snapshot": snapshot, "report": newer, "submit": "1"}).status_code == 302
    latest = Document.objects.get(next_version__isnull=True)
    assert latest.version == 2 and latest.previous == document
    detail = client_for(member).get(spotlight.get_absolute_url()).content.decode()
    assert "interviews-v2.pdf" in detail and "interviews.pdf<" not in detail
    assert client_for(member).get(latest.get_absolute_url()).status_code == 200
    assert client_for(outsider).get(latest.get_absolute_url()).status_code == 404
