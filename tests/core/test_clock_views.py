"""The statutory clock's pages: who sees which deadlines, and bad input refused with messages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import CalendarToken, ClosureDay, Notification, NotificationPreference
from core.services import deadlines as clock
from tests.helpers import form_errors, post_edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadlines(agency, agency_lead, chair, council):
    today = timezone.localdate()
    own = clock.deadline_create(
        subject=agency,
        rule_key="audit_return",
        start=today,
        due_date=today + timedelta(days=3),
        title="Agency return",
        responsible_organisation=agency,
    )
    personal = clock.deadline_create(
        subject=council,
        rule_key="action",
        start=today,
        due_date=today - timedelta(days=2),
        title="Chair's report",
        responsible_users=[chair],
    )
    other = clock.deadline_create(
        subject=council,
        rule_key="audit_return",
        start=today,
        due_date=today,
        title="Council return",
        responsible_organisation=council,
    )
    return own, personal, other


def _titles(response):
    return [d.title for d in response.context["page"].object_list]


def test_people_see_their_own_and_their_organisations_deadlines_only(deadlines, member, chair, client_for):
    own, personal, other = deadlines
    assert _titles(client_for(member).get(reverse("core:deadline-list"))) == ["Agency return"]
    assert sorted(_titles(client_for(chair).get(reverse("core:deadline-list")))) == ["Chair's report", "Council return"]
    assert client_for(member).get(reverse("core:deadline-detail", args=[personal.pk])).status_code == 404
    assert client_for(member).get(reverse("core:deadline-list"), {"scope": "all"}).status_code == 403


def test_the_business_unit_sees_everything_and_overdue_by_organisation(deadlines, business, council, client_for):
    client = client_for(business)
    assert len(_titles(client.get(reverse("core:deadline-list"), {"scope": "all"}))) == 3
    overdue = client.get(reverse("core:deadline-list"), {"scope": "all", "status": "overdue"})
    assert _titles(overdue) == ["Chair's report"]
    rows = client.get(reverse("core:deadline-overdue")).context["rows"]
    assert [(r.name, r.count) for r in rows] == [("No organisation (named people only)", 1)]
    filtered = client.get(reverse("core:deadline-list"), {"scope": "all", "organisation": council.pk})
    assert _titles(filtered) == ["Council return"]


def test_statuses_read_as_people_speak(deadlines, business, client_for):
    page = client_for(business).get(reverse("core:deadline-list"), {"scope": "all"}).context["page"]
    labels = {d.title: d.state_label for d in page.object_list}
    assert labels["Council return"] == "Due today"
    assert labels["Chair's report"].startswith("Overdue")
    assert labels["Agency return"].startswith("Due in") or labels["Agency return"].endswith("left")


def test_home_shows_my_deadlines(deadlines, chair, client_for):
    content = client_for(chair).get("/").content.decode()
    assert "Chair&#x27;s report" in content and "Agency return" not in content


def test_my_work_groups_deadlines_by_now_this_week_and_waiting_on_others(
    deadlines, agency, agency_lead, business, chair, client_for
):
    """Counts under three headings, the soonest three of each, and a link to the rest that
    lists exactly what was counted."""
    today = timezone.localdate()
    for number in range(5):
        clock.deadline_create(
            subject=agency,
            rule_key="action",
            start=today,
            due_date=today + timedelta(days=2),
            title=f"Agency action {number}",
            responsible_organisation=agency,
            escalation_users=[chair],
        )
    groups = {g.key: g for g in client_for(chair).get("/").context["panels"][0]["context"]["groups"]}
    assert [groups[k].count for k in ("now", "week", "waiting")] == [2, 0, 5]
    assert [d.title for d in groups["now"].rows] == ["Chair's report", "Council return"]
    assert len(groups["waiting"].rows) == 3 and groups["waiting"].names_organisation

    content = client_for(chair).get("/").content.decode()
    assert "See all 5" in content and "Due in the next 7 days" in content
    listed = client_for(chair).get(f"{reverse('core:deadline-list')}?{groups['waiting'].query}")
    assert sorted(_titles(listed)) == [f"Agency action {n}" for n in range(5)]
    now = client_for(chair).get(f"{reverse('core:deadline-list')}?{groups['now'].query}")
    assert sorted(_titles(now)) == ["Chair's report", "Council return"]
    # The lead's organisation meets them: due this week, not waiting on anyone.
    lead = {g.key: g.count for g in client_for(agency_lead).get("/").context["panels"][0]["context"]["groups"]}
    assert lead == {"now": 0, "week": 6, "waiting": 0}


def test_my_work_deadlines_take_the_same_queries_however_many(deadlines, agency, chair, client_for):
    from tests.helpers import assert_constant_queries

    today = timezone.localdate()

    def grow():
        for days in (0, 3, -4):
            clock.deadline_create(
                subject=agency,
                rule_key="action",
                start=today,
                due_date=today + timedelta(days=days),
                title="More",
                responsible_users=[chair],
                escalation_users=[chair],
            )

    assert_constant_queries(client_for(chair), "/", grow)


def test_calendar_month_is_a_table_and_survives_junk(deadlines, business, client_for):
    client = client_for(business)
    today = timezone.localdate()
    response = client.get(reverse("core:deadline-calendar"), {"month": f"{today.year}-{today.month}"})
    weeks = response.context["weeks"]
    first, last = weeks[0][0].day, weeks[-1][-1].day
    expected = {d.title for d in deadlines if first <= d.due_date <= last}
    shown = {d.title for week in weeks for cell in week for d in cell.deadlines}
    assert shown == expected and expected
    for junk in ("2026-13", "abc", "99999-1", ""):
        assert client.get(reverse("core:deadline-calendar"), {"month": junk}).status_code == 200


def test_business_unit_moves_a_deadline_with_a_reason(deadlines, business, client_for):
    own = deadlines[0]
    url = reverse("core:deadline-action", args=[own.pk, "move"])
    refused = client_for(business).post(
        url, {"due_date_0": "31", "due_date_1": "2", "due_date_2": "2030", "reason": ""}
    )
    errors = form_errors(refused)
    assert errors["due_date"] == ["The new due date must be a real date"]
    assert errors["reason"] == ["Enter the reason"]
    client_for(business).post(url, {"due_date_0": "1", "due_date_1": "3", "due_date_2": "2030", "reason": "Agreed"})
    own.refresh_from_db()
    assert own.due_date == date(2030, 3, 1)


def test_a_domain_refusal_shows_on_the_form(deadlines, business, client_for):
    own = deadlines[0]
    client_for(business).post(reverse("core:deadline-action", args=[own.pk, "meet"]), {"reason": ""})
    response = client_for(business).post(reverse("core:deadline-action", args=[own.pk, "pause"]), {"reason": "x"})
    assert "it cannot be paused" in str(form_errors(response)["__all__"])


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "-3"}, "amount", "Enter a number between 1 and 260 working days"),
        ({"amount": "5000"}, "amount", "Enter a number between 1 and 260 working days"),
        ({"amount": "ten"}, "amount", "Enter the number as a whole number, like 15"),
        ({"start_point": "moon"}, "start_point", "Select what the deadline is counted from"),
        ({"reminder_lead_days": "99"}, "reminder_lead_days", "Enter a whole number between 0 and 20"),
        ({"reason": ""}, "reason", "Enter why you are changing the rule"),
    ],
)
def test_rule_form_refuses_bad_values(business, client_for, data, field, message):
    good = {
        "amount": "15",
        "start_point": "notification",
        "reminder_lead_days": "3",
        "escalate_after_days": "1",
        "reason": "x",
    }
    response = client_for(business).post(reverse("core:rule-edit", args=["rapid_review"]), {**good, **data})
    assert form_errors(response)[field] == [message]
    assert clock.rule_for("rapid_review").amount == 15


def test_rule_change_through_the_page_is_in_its_history(business, client_for):
    post_edit(
        client_for(business),
        reverse("core:rule-edit", args=["rapid_review"]),
        {
            "amount": "12",
            "start_point": "awareness",
            "reminder_lead_days": "2",
            "escalate_after_days": "1",
            "reason": "Agreed locally",
        },
    )
    rule = clock.rule_for("rapid_review")
    assert (rule.amount, rule.start_point) == (12, "awareness")
    history = client_for(business).get(reverse("core:rule-history", args=["rapid_review"])).content.decode()
    assert "Agreed locally" in history


def test_unknown_rule_is_not_found(business, client_for):
    assert client_for(business).get(reverse("core:rule-edit", args=["no-such-rule"])).status_code == 404


def test_closure_day_form_refuses_nonsense(business, client_for):
    url = reverse("core:closure-list")
    for data, message in [
        ({"day_0": "1", "day_1": "1", "day_2": "1999", "reason": "x"}, "must be between 2000 and 2100"),
        ({"day_0": "5", "day_1": "1", "day_2": "2099", "reason": "x"}, "no more than 3 years ahead"),
        ({"day_0": "", "day_1": "", "day_2": "", "reason": ""}, "Enter the date of the closure day"),
    ]:
        response = client_for(business).post(url, data)
        assert message in str(form_errors(response)), data
    assert not ClosureDay.objects.exists()


def test_inbox_marks_read_on_opening_and_all_at_once(member, client_for):
    first = Notification.objects.create(recipient=member, kind="deadline_reminder", title="One", url="/deadlines/")
    Notification.objects.create(recipient=member, kind="deadline_reminder", title="Two", url="https://evil.example/")
    client = client_for(member)
    assert "1 unread" not in client.get("/").content.decode()
    # Two reminders of the same day are one group: the menu counts it once.
    assert '1<span class="govuk-visually-hidden"> needing attention' in client.get("/").content.decode()
    response = client.get(reverse("core:notification-detail", args=[first.pk]))
    assert response.context["safe_url"] == "/deadlines/"
    first.refresh_from_db()
    assert first.read_at is not None
    second = Notification.objects.get(title="Two")
    assert client.get(reverse("core:notification-detail", args=[second.pk])).context["safe_url"] == ""
    client.post(reverse("core:notification-read-all"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_someone_elses_notification_is_not_found(member, business, client_for):
    theirs = Notification.objects.create(recipient=business, kind="deadline_reminder", title="Private")
    assert client_for(member).get(reverse("core:notification-detail", args=[theirs.pk])).status_code == 404


def test_notification_preferences_are_saved_and_bad_choices_refused(member, client_for):
    url = reverse("core:notification-preferences")
    response = client_for(member).post(url, {"deadline_reminder": "carrier-pigeon"})
    assert form_errors(response)["deadline_reminder"] == ["Select how to be told about deadline reminders"]
    client_for(member).post(url, {"deadline_reminder": "digest"})
    assert NotificationPreference.objects.get(user=member, kind="deadline_reminder").mode == "digest"
    assert "deadline_escalation" not in client_for(member).get(url).context["form"].fields


def test_calendar_feed_has_safe_titles_and_stops_working_when_reset(deadlines, agency_lead, client, client_for):
    response = client_for(agency_lead).post(reverse("core:calendar-feed-settings"))
    address = response.context["new_address"]
    path = address.split("testserver", 1)[1]
    client.logout()
    feed = client.get(path)
    body = feed.content.decode()
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in body and "SUMMARY:Due: Agency return" in body
    assert "Council return" not in body and "Chair" not in body
    assert CalendarToken.objects.get(user=agency_lead).token_hash != path  # only the hash is kept
    client_for(agency_lead).post(reverse("core:calendar-feed-settings"))
    client.logout()
    assert client.get(path).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_a_deactivated_persons_feed_stops(agency_lead, client):
    raw = CalendarToken.new_token()
    CalendarToken.objects.create(user=agency_lead, token_hash=CalendarToken.hash(raw))
    agency_lead.is_active = False
    agency_lead.save()
    assert client.get(f"/calendar/{raw}.ics").status_code == 404
