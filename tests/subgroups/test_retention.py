"""Retention of meeting records: what is due, legal holds, deletion with everything under it
(files and history included), the log, and the business unit alone deciding."""

import os
from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from core import retention
from core.models import DisposalLog, Document, LegalHold
from core.services import DomainError
from subgroups.models import AgendaItem, Meeting, Paper
from subgroups.services import meetings as services

TODAY = date(2043, 6, 1)


@pytest.fixture
def old_meeting(business, subgroup, agency_lead, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = services.meeting_create(
        acting_user=business, group=subgroup, date=date(2030, 3, 7), start_time=time(10), location="Civic Centre"
    )
    item = services.agenda_item_add(acting_user=business, meeting=meeting, title="Neglect audit", kind="discussion")
    paper = services.paper_add(acting_user=business, item=item, title="Audit findings", owner=agency_lead)
    services.paper_upload(
        acting_user=agency_lead, paper=paper, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 first version")
    )
    services.paper_upload(
        acting_user=agency_lead, paper=paper, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 second version")
    )
    return meeting


def test_a_record_is_due_only_once_its_period_has_run(old_meeting):
    assert not retention.due("meetings", today=date(2042, 3, 6)).exists()  # 12 years by default
    assert list(retention.due("meetings", today=TODAY)) == [old_meeting]
    assert list(retention.due("meeting_papers", today=date(2036, 3, 7))) == list(
        Paper.objects.filter(item__meeting=old_meeting)
    )


def test_the_business_unit_sets_the_period_and_it_applies_at_once(business, old_meeting):
    retention.rule_save(acting_user=business, key="meetings", years=20, action="delete", basis="Local schedule")
    assert not retention.due("meetings", today=TODAY).exists()
    assert retention.policy("meetings").summary == "20 years from the date of the meeting, then delete"


def test_a_record_type_that_cannot_be_anonymised_refuses_it(business):
    with pytest.raises(DomainError, match="cannot be anonymised"):
        retention.rule_save(acting_user=business, key="meetings", years=5, action="anonymise", basis="x")


def test_deleting_a_meeting_removes_everything_under_it_with_files_and_history(
    business, old_meeting, django_capture_on_commit_callbacks
):
    paper = Paper.objects.get(item__meeting=old_meeting)
    documents = list(Document.objects.filter(subject_id=paper.pk))
    assert len(documents) == 2
    paths = [d.file.path for d in documents]
    with django_capture_on_commit_callbacks(execute=True):
        [entry] = retention.dispose(
            acting_user=business, key="meetings", pks=[old_meeting.pk], reason="Past retention", today=TODAY
        )
    assert not Meeting.objects.filter(pk=old_meeting.pk).exists()
    assert not AgendaItem.objects.filter(meeting_id=old_meeting.pk).exists()
    assert not Document.objects.filter(pk__in=[d.pk for d in documents]).exists()
    assert not any(os.path.exists(p) for p in paths)
    assert not Meeting.history.filter(id=old_meeting.pk).exists()
    assert not Paper.history.filter(id=paper.pk).exists()
    assert entry.outcome == DisposalLog.Outcome.DELETED
    assert entry.decided_by == business and entry.decided_by_name == business.name
    assert entry.anchor == date(2030, 3, 7)
    assert entry.related["core.Document"] == 2
    assert entry.related["subgroups.Paper"] == 1
    assert "Practice Review sub-group" in entry.description and "7 March 2030" in entry.description


def test_a_legal_hold_keeps_the_record_until_released(business, old_meeting):
    hold = retention.hold_place(acting_user=business, key="meetings", subject=old_meeting, reason="Complaint")
    assert not retention.due("meetings", today=TODAY).exists()
    with pytest.raises(DomainError, match="no longer due, or are on legal hold"):
        retention.dispose(acting_user=business, key="meetings", pks=[old_meeting.pk], reason="x", today=TODAY)
    assert Meeting.objects.filter(pk=old_meeting.pk).exists()
    with pytest.raises(DomainError, match="already on legal hold"):
        retention.hold_place(acting_user=business, key="meetings", subject=old_meeting, reason="Again")
    retention.hold_release(acting_user=business, hold=hold, reason="Complaint closed")
    assert list(retention.due("meetings", today=TODAY)) == [old_meeting]
    assert LegalHold.objects.get(pk=hold.pk).release_reason == "Complaint closed"


def test_only_the_business_unit_decides(chair, executive, old_meeting):
    for user in (chair, executive):
        with pytest.raises(PermissionDenied):
            retention.dispose(acting_user=user, key="meetings", pks=[old_meeting.pk], reason="x", today=TODAY)
        with pytest.raises(PermissionDenied):
            retention.hold_place(acting_user=user, key="meetings", subject=old_meeting, reason="x")
    assert Meeting.objects.filter(pk=old_meeting.pk).exists()


def test_a_record_not_yet_due_is_refused(business, subgroup):
    recent = services.meeting_create(
        acting_user=business, group=subgroup, date=date(2042, 1, 10), start_time=time(10), location="Hall"
    )
    with pytest.raises(DomainError, match="no longer due"):
        retention.dispose(acting_user=business, key="meetings", pks=[recent.pk], reason="x", today=TODAY)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_disposal_log_cannot_be_changed_or_deleted(business, old_meeting):
    [entry] = retention.dispose(acting_user=business, key="meetings", pks=[old_meeting.pk], reason="x", today=TODAY)
    for attempt in (lambda: DisposalLog.objects.filter(pk=entry.pk).update(reason="y"), entry.delete):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert DisposalLog.objects.get(pk=entry.pk).reason == "x"


def test_the_review_page_lists_what_is_due_and_the_decision_form_keeps_what_was_typed(
    business, old_meeting, client_for, time_machine
):
    time_machine.move_to(TODAY)
    client = client_for(business)
    page = client.get(reverse("core:retention-review"))
    assert page.status_code == 200
    assert "Meetings" in page.content.decode()
    url = reverse("core:retention-due", args=["meetings"])
    listing = client.get(url).content.decode()
    assert "7 March 2030" in listing
    refused = client.post(url, {"records": [str(old_meeting.pk)], "reason": "Past its period"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Confirm that you understand this cannot be undone" in body
    assert "Past its period" in body
    assert Meeting.objects.filter(pk=old_meeting.pk).exists()
    junk = client.post(url, {"records": ["999999"], "reason": "x", "confirm": "on"})
    assert "Select records from the list" in junk.content.decode()
    done = client.post(url, {"records": [str(old_meeting.pk)], "reason": "Past its period", "confirm": "on"})
    assert done.status_code == 302
    assert not Meeting.objects.filter(pk=old_meeting.pk).exists()
    log = client.get(reverse("core:retention-log")).content.decode()
    assert "Past its period" in log
