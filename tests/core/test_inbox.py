"""The inbox groups messages by day and kind, filters by kind, marks a group read at once, and
the menu counts the groups that need attention."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import notifications
from core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(member):
    now = timezone.now()
    yesterday = now - timedelta(days=1)
    for index in range(3):
        Notification.objects.create(recipient=member, kind="deadline_reminder", title=f"Reminder {index}")
    Notification.objects.create(recipient=member, kind="deadline_escalation", title="Escalated")
    Notification.objects.create(recipient=member, kind="deadline_reminder", title="Old reminder", created_at=yesterday)
    Notification.objects.create(
        recipient=member, kind="deadline_reminder", title="Read long ago", created_at=yesterday, read_at=yesterday
    )
    return now


def test_the_inbox_groups_by_day_then_kind(inbox, member, client_for):
    response = client_for(member).get(reverse("core:notification-list"))
    days = response.context["days"]
    assert [day["day"] for day in days] == [timezone.localdate(), timezone.localdate() - timedelta(days=1)]
    assert [(g["label"], len(g["rows"]), g["unread"]) for g in days[0]["groups"]] == [
        ("Overdue deadline escalations", 1, 1),
        ("Deadline reminders", 3, 3),
    ]
    assert [(g["label"], len(g["rows"]), g["unread"]) for g in days[1]["groups"]] == [("Deadline reminders", 2, 1)]
    html = response.content.decode()
    assert "Deadline reminders: 3 messages, 3 unread" in html
    assert "Mark deadline reminders of today as read" in html
    assert "5 unread messages" in html


def test_the_inbox_filters_by_kind_and_ignores_an_unknown_one(inbox, member, client_for):
    client = client_for(member)
    response = client.get(reverse("core:notification-list"), {"kind": "deadline_escalation"})
    titles = [row.title for row in response.context["page"].object_list]
    assert titles == ["Escalated"]
    assert '<option value="deadline_escalation" selected>' in response.content.decode()
    assert response.context["page"].paginator.count == 1
    response = client.get(reverse("core:notification-list"), {"kind": "<script>"})
    assert response.context["kind"] == "" and len(response.context["page"].object_list) == 6
    assert response.context["page"].paginator.count == 6


def test_the_inbox_pages_by_the_kinds_totals(member, client_for):
    """The page count comes from the filter's totals per kind (no second count): right for the
    whole inbox, for one kind, and for a page past the end."""
    Notification.objects.bulk_create(
        [Notification(recipient=member, kind="deadline_reminder", title=f"R{index}") for index in range(30)]
        + [Notification(recipient=member, kind="deadline_escalation", title=f"E{index}") for index in range(3)]
    )
    client = client_for(member)
    page = client.get(reverse("core:notification-list")).context["page"]
    assert (page.paginator.count, page.paginator.num_pages) == (33, 2)
    page = client.get(reverse("core:notification-list"), {"kind": "deadline_reminder", "page": 2}).context["page"]
    assert (page.paginator.count, page.number, len(page.object_list)) == (30, 2, 5)
    page = client.get(reverse("core:notification-list"), {"kind": "deadline_escalation", "page": 9}).context["page"]
    assert (page.paginator.count, page.number, len(page.object_list)) == (3, 1, 3)


def test_marking_a_group_read_marks_that_kind_on_that_day_only(inbox, member, client_for):
    client = client_for(member)
    assert notifications.attention_count(member) == 3  # today's reminders, today's escalation, yesterday's
    response = client.post(
        reverse("core:notification-read-all"),
        {
            "kind": "deadline_reminder",
            "day": timezone.localdate().isoformat(),
            "next": "/inbox/?kind=deadline_reminder",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/inbox/?kind=deadline_reminder"
    unread = set(Notification.objects.filter(recipient=member, read_at__isnull=True).values_list("title", flat=True))
    assert unread == {"Escalated", "Old reminder"}
    assert notifications.attention_count(member) == 2
    # A bad day or a foreign `next` falls back safely.
    response = client.post(
        reverse("core:notification-read-all"), {"day": "31-02-2026", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:notification-list")
    assert notifications.attention_count(member) == 0


def test_someone_elses_messages_are_never_marked(inbox, member, business, client_for):
    theirs = Notification.objects.create(recipient=business, kind="deadline_reminder", title="Theirs")
    client_for(member).post(reverse("core:notification-read-all"), {"kind": "deadline_reminder"})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_menu_counts_groups_not_rows(member, client_for):
    now = timezone.now()
    for index in range(14):
        Notification.objects.create(recipient=member, kind="deadline_reminder", title=f"R{index}", created_at=now)
    html = client_for(member).get("/").content.decode()
    assert '1<span class="govuk-visually-hidden"> needing attention' in html
    assert isinstance(now, datetime)


def test_the_person_their_roles_and_the_menu_count_are_one_query(inbox, member, django_assert_num_queries):
    """Each request reads the signed-in person with their roles and the menu's count
    (core.auth_backends): the same answers as asking separately."""
    from core import roles
    from core.auth_backends import AuthenticationBackend

    expected_roles, expected_count = roles.user_roles(member), notifications.attention_count(member)
    member.refresh_from_db()
    with django_assert_num_queries(1):
        person = AuthenticationBackend().get_user(member.pk)
        assert person is not None
        assert roles.user_roles(person) == expected_roles and expected_roles
        assert notifications.attention_count(person) == expected_count == 3
    Notification.objects.filter(recipient=member).update(read_at=timezone.now())
    assert notifications.attention_count(AuthenticationBackend().get_user(member.pk)) == 0


def test_someone_who_is_not_there_is_nobody(db):
    from core.auth_backends import AuthenticationBackend

    assert AuthenticationBackend().get_user(987654321) is None
