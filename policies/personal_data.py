"""What the policies app holds about a person (subject access requests, the privacy notice),
and how long consultations and withdrawn documents are kept."""

from django.db.models import F
from django.db.models.functions import TruncDate

from core import personal_data, retention

from .models import Adoption, Consultation, ConsultationComment, Policy, ProcedureChangeRequest


def register() -> None:
    source = personal_data.Source
    personal_data.register(
        source(
            "policies_led",
            "Policies you lead",
            "The documents that name you as their lead, their status and review date",
            ["Document", "Status", "Review due"],
            lambda user: (
                Policy.objects.filter(lead=user).order_by("title").values_list("title", "status", "review_date")
            ),
            order=60,
        )
    )
    personal_data.register(
        source(
            "consultation_comments",
            "Comments on draft policies",
            "Each comment you sent for your organisation, when, and the answer it was given",
            ["Document", "Organisation", "Part of the draft", "Comment", "Sent", "Answer"],
            lambda user: (
                ConsultationComment.objects.filter(author=user)
                .order_by("created_at")
                .values_list(
                    "consultation__policy__title", "organisation__name", "section", "text", "created_at", "response"
                )
                .iterator()
            ),
            order=61,
        )
    )
    personal_data.register(
        source(
            "consultation_answers",
            "Answers you gave on drafts",
            "Each answer you gave to an organisation’s comment, and when",
            ["Document", "Comment from", "Answer", "When"],
            lambda user: (
                ConsultationComment.objects.filter(responded_by=user)
                .order_by("responded_at")
                .values_list("consultation__policy__title", "organisation__name", "response", "responded_at")
                .iterator()
            ),
            order=62,
        )
    )
    personal_data.register(
        source(
            "adoptions",
            "Adoptions you confirmed",
            "The procedures you confirmed your organisation has adopted, and when",
            ["Document", "Version", "Organisation", "Confirmed", "Note"],
            lambda user: (
                Adoption.objects.filter(confirmed_by=user)
                .order_by("confirmed_on")
                .values_list("version__policy__title", "version__number", "organisation__name", "confirmed_on", "note")
            ),
            order=63,
        )
    )
    personal_data.register(
        source(
            "learning_links",
            "Learning linked to policies",
            "The changes to procedures you asked for from learning, and when",
            ["Document", "What should change", "Raised", "Answered"],
            lambda user: (
                ProcedureChangeRequest.objects.filter(raised_by=user)
                .order_by("raised_at")
                .values_list("policy__title", "what_should_change", "raised_at", "resolved_at")
            ),
            order=64,
        )
    )
    retention.register(
        retention.RecordType(
            key="policy_consultations",
            label="Consultations on draft policies and procedures",
            holds="The comments organisations sent on drafts and the answers given, which name the professionals "
            "who wrote them",
            anchor_label="the date the consultation closed",
            queryset=lambda: Consultation.objects.select_related("policy").annotate(
                retention_anchor=TruncDate("closed_at")
            ),
            describe=lambda c: (
                f"Consultation {c.pk} on version {c.version_id} of a policy, closed {c.closed_at:%d %B %Y}"
            ),
            default_years=6,
        )
    )
    retention.register(
        retention.RecordType(
            key="withdrawn_policies",
            label="Withdrawn policies and procedures",
            holds="Documents no longer in force, with their versions, approvals, consultations and adoptions",
            anchor_label="the date it was withdrawn",
            queryset=lambda: Policy.objects.filter(status=Policy.Status.WITHDRAWN).annotate(
                retention_anchor=F("withdrawn_on")
            ),
            describe=lambda policy: f"Withdrawn document {policy.pk}: {policy.title}",
            default_years=6,
        )
    )
