"""What the sub-groups app holds about a person (subject access requests, the privacy notice),
and how long meeting records are kept."""

from django.db.models import F

from core import personal_data, retention

from .models import Action, ActionUpdate, Attendance, Meeting, Membership, Paper, Risk


def register() -> None:
    source = personal_data.Source
    personal_data.register(
        source(
            "memberships",
            "Group memberships",
            "The groups you belong to, your role in each, your named deputy, and when you joined and left",
            ["Group", "Role in the group", "Named deputy", "Joined", "Left"],
            lambda user: (
                Membership.objects.filter(person=user)
                .order_by("joined_on")
                .values_list("group__name", "role_in_group", "deputy__name", "joined_on", "left_on")
            ),
            order=40,
        )
    )
    personal_data.register(
        source(
            "attendance",
            "Meeting attendance",
            "Whether you attended each meeting, sent apologies or a deputy",
            ["Group", "Meeting date", "Attendance"],
            lambda user: (
                Attendance.objects.filter(person=user)
                .order_by("meeting__date")
                .values_list("meeting__group__name", "meeting__date", "status")
                .iterator()
            ),
            order=41,
        )
    )
    personal_data.register(
        source(
            "papers",
            "Meeting papers you owe or wrote",
            "The papers you are named as owner of: title, meeting, when submitted and whether late",
            ["Paper", "Group", "Meeting date", "Submitted", "Late"],
            lambda user: (
                Paper.objects.filter(owner=user)
                .order_by("item__meeting__date")
                .values_list("title", "item__meeting__group__name", "item__meeting__date", "submitted_at", "is_late")
                .iterator()
            ),
            order=42,
        )
    )
    personal_data.register(
        source(
            "actions",
            "Actions you own",
            "The actions in action plans that name you as owner: what, due, status and impact",
            ["Action", "Plan", "Due", "Status", "Impact"],
            lambda user: (
                Action.objects.filter(owner=user)
                .order_by("due_date")
                .values_list("description", "plan__title", "due_date", "status", "impact_statement")
                .iterator()
            ),
            order=43,
        )
    )
    personal_data.register(
        source(
            "action_updates",
            "Progress updates you wrote",
            "The progress updates you gave on actions",
            ["Action", "Update", "Status after", "When"],
            lambda user: (
                ActionUpdate.objects.filter(author=user)
                .order_by("created_at")
                .values_list("action__description", "text", "status_after", "created_at")
                .iterator()
            ),
            order=44,
        )
    )
    personal_data.register(
        source(
            "risks",
            "Risks you own",
            "The risks on a group's register that name you as owner",
            ["Risk", "Group", "Score", "Status", "Review date"],
            lambda user: (
                Risk.objects.filter(owner=user)
                .order_by("review_date")
                .values_list("title", "group__name", "score", "status", "review_date")
            ),
            order=45,
        )
    )
    retention.register(
        retention.RecordType(
            key="meeting_papers",
            label="Meeting papers",
            holds="The papers presented at meetings, which may name professionals",
            anchor_label="the date of the meeting",
            queryset=lambda: Paper.objects.select_related("item__meeting").annotate(
                retention_anchor=F("item__meeting__date")
            ),
            describe=lambda paper: f"Paper {paper.pk} for a meeting on {paper.item.meeting.date:%d %B %Y}",
            default_years=6,
        )
    )
    retention.register(
        retention.RecordType(
            key="meetings",
            label="Meetings",
            holds="Agendas, attendance, minutes, decisions and challenges recorded at meetings, and their papers",
            anchor_label="the date of the meeting",
            queryset=lambda: Meeting.objects.select_related("group").annotate(retention_anchor=F("date")),
            describe=lambda meeting: f"Meeting {meeting.pk} of {meeting.group.name} on {meeting.date:%d %B %Y}",
            default_years=12,
        )
    )
