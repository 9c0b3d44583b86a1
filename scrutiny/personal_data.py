"""What the scrutiny and assurance app holds about a professional, for subject access requests
and the privacy notice: the challenges and escalations that name them, the scorecard values
they entered and the yearly reports they signed off. Records appear by reference; escalations
are described by their stage, never by their summary (it may speak of a case)."""

from django.db.models import Q

from core import personal_data

from .models import Challenge, EscalationStage, IndicatorValue, ReportSignatory, ReportSignOff


def challenges(user) -> list[list]:
    rows = (
        Challenge.objects.filter(Q(raised_by=user) | Q(responded_by=user) | Q(closed_by=user))
        .order_by("raised_on", "pk")
        .values_list("pk", "raised_on", "raised_by_id", "responded_by_id", "closed_by_id", "status")
    )
    statuses = dict(Challenge.Status.choices)
    return [
        [
            f"C-{pk}",
            raised_on,
            ", ".join(
                role
                for role, who in (("raised it", raised), ("answered it", answered), ("closed it", closed))
                if who == user.pk
            ),
            statuses.get(status, status),
        ]
        for pk, raised_on, raised, answered, closed, status in rows
    ]


def escalation_stages(user) -> list[list]:
    rows = (
        EscalationStage.objects.filter(Q(handled_by=user) | Q(mediator=user) | Q(escalation__raised_by=user))
        .order_by("started_on", "pk")
        .values_list("escalation_id", "stage", "started_on", "resolved_on", "handled_by_id", "mediator_id")
    )
    stages = dict(EscalationStage._meta.get_field("stage").choices)
    return [
        [
            f"E-{escalation}",
            stages.get(stage, stage),
            started,
            resolved,
            "handled it" if handled == user.pk else "mediated it" if mediator == user.pk else "raised the escalation",
        ]
        for escalation, stage, started, resolved, handled, mediator in rows
    ]


def register() -> None:
    source = personal_data.Source
    personal_data.register(
        source(
            "challenges",
            "Challenges",
            "The challenges you raised, answered or closed: their reference, date, your part and their status",
            ["Challenge", "Raised on", "Your part", "Status"],
            challenges,
            order=70,
        )
    )
    personal_data.register(
        source(
            "escalations",
            "Escalations",
            "The stages of escalations you raised, handled or mediated: reference, stage, dates and your part "
            "(not what the escalation was about)",
            ["Escalation", "Stage", "Began", "Concluded", "Your part"],
            escalation_stages,
            order=71,
        )
    )
    personal_data.register(
        source(
            "scorecard_values",
            "Scorecard values you entered",
            "The quarterly scorecard figures you entered or imported, with your comments",
            ["Indicator", "Year", "Quarter", "Value", "Comment", "Entered"],
            lambda user: (
                IndicatorValue.objects.filter(entered_by=user)
                .order_by("year", "quarter", "indicator__position")
                .values_list("indicator__name", "year", "quarter", "value", "comment", "entered_at")
            ),
            order=72,
        )
    )
    personal_data.register(
        source(
            "report_sign_offs",
            "Yearly report sign-offs",
            "The yearly reports you signed off for a safeguarding partner: which version, its content "
            "fingerprint, whether as a delegate, and when",
            ["Report year", "Partner", "Version", "Content fingerprint", "As a delegate", "Signed"],
            lambda user: (
                ReportSignOff.objects.filter(signed_by=user)
                .order_by("signed_at")
                .values_list(
                    "report__year", "organisation__name", "revision", "content_hash", "as_delegate", "signed_at"
                )
            ),
            order=73,
        )
    )
    personal_data.register(
        source(
            "report_signatories",
            "Signing the yearly report",
            "The safeguarding partners you were named to sign the yearly report for, or to sign for as a delegate",
            ["Partner", "Signs", "Delegate", "Named"],
            lambda user: (
                ReportSignatory.objects.filter(Q(signatory=user) | Q(delegate=user))
                .order_by("organisation__name")
                .values_list("organisation__name", "signatory__name", "delegate__name", "named_at")
            ),
            order=74,
        )
    )
