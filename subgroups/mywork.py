from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core import ics

from . import permissions, selectors
from .models import Meeting
from .services.meetings import meeting_start


def my_work(request) -> dict | None:
    """Actions I own, plans awaiting my approval as chair, papers I owe, meetings coming up."""
    user = request.user
    today = timezone.localdate()
    context = {
        "actions": selectors.my_actions(user, today),
        "approvals": selectors.plans_awaiting_approval(user),
        "sign_offs": selectors.actions_awaiting_sign_off(user),
        "plan_sign_offs": selectors.plans_awaiting_sign_off(user),
        "papers": selectors.papers_owed(user),
        "meetings": selectors.upcoming_meetings(user),
        "groups": sorted(
            (g for g in permissions.groups_visible_to(user).filter(pk__in=permissions.member_group_ids(user))),
            key=lambda g: g.name,
        ),
    }
    if not any(context.values()) and not permissions.can_view_groups(user):
        return None
    return context


def meeting_events(user) -> list[ics.Event]:
    """Meetings of the person's groups from a month back, for their calendar feed."""
    since = timezone.localdate() - timedelta(days=31)
    meetings = (
        Meeting.objects.filter(group_id__in=permissions.member_group_ids(user), date__gte=since)
        .select_related("group")
        .order_by("date")
    )
    host = settings.PORTAL_BASE_URL.split("//")[-1]
    events = []
    for meeting in meetings:
        start = meeting_start(meeting)
        end = (
            timezone.make_aware(datetime.combine(meeting.date, meeting.end_time))
            if meeting.end_time
            else (start + timedelta(hours=2))
        )
        events.append(
            ics.Event(
                uid=f"meeting-{meeting.pk}@{host}",
                summary=f"{meeting.group} meeting",
                start=start,
                end=end,
                location=meeting.location or meeting.online_link,
                url=f"{settings.PORTAL_BASE_URL}{meeting.get_absolute_url()}",
                # Goes up each time the meeting moves, so calendars replace the event.
                sequence=meeting.sequence,
            )
        )
    return events
