"""The feedback letter to an organisation after moderation and challenge, as a PDF."""

from django.utils import timezone

from core.pdf import render_pdf
from partnership.models import PartnershipDetails

from . import reports, scoring
from .models import Answer, AuditSubmission


def letter_context(submission: AuditSubmission, *, signed_by) -> dict:
    from .selectors.submissions import weak_answers

    version = submission.cycle.version
    standards = list(version.standards.order_by("position", "pk"))
    scores = reports.standard_scores(Answer.objects.filter(submission=submission), version.scale, basis=reports.AGREED)
    bands = [(standard, scores.get((submission.pk, standard.pk)) or reports.Cell(None)) for standard in standards]
    weak = weak_answers(submission)
    return {
        "submission": submission,
        "cycle": submission.cycle,
        "partnership": PartnershipDetails.load(),
        "bands": bands,
        "strengths": [standard for standard, cell in bands if cell.band == scoring.GOOD],
        "weak": [(a, _rated(a, version.scale)) for a in weak],
        "challenge_events": list(submission.challenge_events.order_by("date")),
        "signed_by": signed_by,
        "today": timezone.localdate(),
        "footer": f"Feedback letter: {submission.organisation}",
    }


def render_feedback_letter(submission: AuditSubmission, *, signed_by) -> bytes:
    return render_pdf("audits/pdf/feedback_letter.html", letter_context(submission, signed_by=signed_by))


def _rated(answer: Answer, scale: str) -> str:
    kind = answer.question.kind
    if answer.is_moderated:
        return f"self-assessed {answer.value_label(kind, scale)}, agreed {answer.agreed_label(kind, scale)}"
    return f"rated {answer.value_label(kind, scale)}"
