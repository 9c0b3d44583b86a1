"""What listening holds about a professional (subject access requests, the privacy notice) and
how long its records are kept.

Anonymous answers hold nothing about anyone: no account, address, cookie or time is kept with
them (models/responses.py), so they are not listed here; a survey's answers go with the survey.
What names a professional: the surveys they built, the forum sessions they facilitated, the
comments they moderated, and the "you said, we did" entries they recorded, own or reviewed.
"""

from django.db.models import F, Q

from core import personal_data, retention

from .models import ForumSession, Moderation, Survey, YouSaid

SURVEY_YEARS = 6
YOU_SAID_YEARS = 6


def you_said_rows(user) -> list[list]:
    rows = (
        YouSaid.objects.filter(Q(recorded_by=user) | Q(owner=user) | Q(reviewed_by=user))
        .order_by("heard_on", "pk")
        .values_list("pk", "heard_on", "status", "recorded_by_id", "owner_id", "reviewed_by_id")
    )
    statuses = dict(YouSaid.Status.choices)
    return [
        [
            f"YS-{pk}",
            heard_on,
            ", ".join(
                part
                for part, who in (("recorded it", recorded), ("owns it", owner), ("reviewed it", reviewed))
                if who == user.pk
            ),
            statuses.get(status, status),
        ]
        for pk, heard_on, status, recorded, owner, reviewed in rows
    ]


def register() -> None:
    source = personal_data.Source
    personal_data.register(
        source(
            "surveys_built",
            "Surveys you created",
            "The surveys you created for the partnership: their title and dates (never who answered them)",
            ["Survey", "Opens", "Closes", "Status"],
            lambda user: (
                Survey.objects.filter(created_by=user)
                .order_by("opens_on")
                .values_list("title", "opens_on", "closes_on", "status")
            ),
            order=80,
        )
    )
    personal_data.register(
        source(
            "forum_sessions",
            "Forum sessions you facilitated",
            "The children’s forum sessions whose answers you entered: the forum and the date (not the children)",
            ["Survey", "Forum", "Date"],
            lambda user: (
                ForumSession.objects.filter(facilitator=user)
                .order_by("held_on")
                .values_list("survey__title", "forum", "held_on")
            ),
            order=81,
        )
    )
    personal_data.register(
        source(
            "comments_moderated",
            "Survey comments you moderated",
            "Each decision you made on a survey comment: the survey, approved or withheld, and when",
            ["Survey", "Decision", "When"],
            lambda user: (
                Moderation.objects.filter(moderated_by=user)
                .order_by("moderated_at")
                .values_list("survey__title", "decision", "moderated_at")
            ),
            order=82,
        )
    )
    personal_data.register(
        source(
            "you_said",
            "“You said, we did” entries",
            "The entries of what children and families told us that you recorded, own or reviewed",
            ["Entry", "Heard on", "Your part", "Status"],
            you_said_rows,
            order=83,
        )
    )
    retention.register(
        retention.RecordType(
            key="surveys",
            label="Surveys and their answers",
            holds="The survey, its anonymous answers and moderated comments, the forum sessions and who facilitated "
            "them, and the reminders sent",
            anchor_label="the date the survey closed",
            queryset=lambda: Survey.objects.annotate(retention_anchor=F("closes_on")).filter(
                status=Survey.Status.CLOSED
            ),
            describe=lambda survey: f"Survey {survey.reference} that closed on {survey.closes_on:%d %B %Y}",
            default_years=SURVEY_YEARS,
        )
    )
    retention.register(
        retention.RecordType(
            key="you_said",
            label="“You said, we did” entries",
            holds="What children and families told the partnership (without names) and what was done, with the "
            "owner and the reviewing chair",
            anchor_label="the date it was done",
            queryset=lambda: YouSaid.objects.annotate(retention_anchor=F("done_on")).filter(status=YouSaid.Status.DONE),
            describe=lambda item: f"Entry {item.reference} done on {item.done_on:%d %B %Y}",
            default_years=YOU_SAID_YEARS,
        )
    )
