"""The groups panel on My work: how many actions I own, plans awaiting my approval or sign-off
as chair, actions awaiting my sign-off, papers I owe, and my groups and their meetings coming
up; counts linking to the lists that hold them, and the few rows no list page gathers."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import ics
from core.mywork import Tally

from . import permissions
from .models import Action, ActionPlan, Meeting, Paper


def my_work(request) -> dict | None:
    user = request.user
    today = timezone.localdate()
    can_view = permissions.can_view_groups(user)
    # The groups as id lists, read once for the request (permissions.chaired_group_ids): as
    # subqueries, repeated in each count, they cost the count more to plan than to run.
    chaired = permissions.chaired_group_ids(user)

    def url(name: str, **filters) -> str:
        if not can_view:
            return ""
        return f"{reverse(name)}?{urlencode(filters)}" if filters else reverse(name)

    tallies = [
        Tally(
            "plan awaiting your approval",
            "plans awaiting your approval",
            ActionPlan.objects.filter(owning_group_id__in=chaired, status=ActionPlan.Status.SUBMITTED),
            url("subgroups:plan-list", status=ActionPlan.Status.SUBMITTED),
        ),
        Tally(
            "action awaiting your sign-off",
            "actions awaiting your sign-off",
            Action.objects.filter(
                plan__owning_group_id__in=chaired, status=Action.Status.COMPLETE, signed_off_at__isnull=True
            )
            .select_related("plan")
            .order_by("completed_at", "pk"),
            shown=5,
            row_template="subgroups/_mywork_actions.html",
        ),
        Tally(
            "plan to sign off on impact",
            "plans to sign off on impact",
            ActionPlan.objects.filter(owning_group_id__in=chaired, status=ActionPlan.Status.COMPLETED),
            url("subgroups:plan-list", status=ActionPlan.Status.COMPLETED),
        ),
        Tally(
            "action you own",
            "actions you own",
            Action.objects.filter(owner=user, plan__status=ActionPlan.Status.IN_PROGRESS)
            .exclude(status=Action.Status.COMPLETE)
            .select_related("plan")
            .order_by("due_date", "pk"),
            shown=5,
            row_template="subgroups/_mywork_actions.html",
        ),
        Tally(
            "paper you owe",
            "papers you owe",
            Paper.objects.filter(owner=user, document__isnull=True, item__meeting__date__gte=today)
            .select_related("item__meeting__group")
            .order_by("item__meeting__date", "pk"),
            shown=5,
            row_template="subgroups/_mywork_papers.html",
        ),
        Tally(
            "group you sit on",
            "groups you sit on",
            permissions.groups_visible_to(user).filter(pk__in=permissions.member_group_ids(user)),
            url("subgroups:group-list"),
        ),
        Tally(
            "meeting of your groups coming up",
            "meetings of your groups coming up",
            Meeting.objects.filter(group_id__in=permissions.member_group_ids(user), date__gte=today),
            url("subgroups:meeting-list"),
        ),
    ]
    return {"tallies": tallies, "always": can_view}


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
        start = meeting.starts_at
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
