"""PDFs: the rapid review report in the shape the Child Safeguarding Practice Review Panel
expects, and the 7-minute briefing."""

from django.utils import timezone

from core.pdf import image_src, render_pdf
from partnership.models import PartnershipDetails
from subgroups.selectors import plans as plan_reads

from .models import Briefing, RapidReview
from .selectors import rapid as selectors
from .services import local_authority


def render_rapid_review(rapid_review: RapidReview) -> bytes:
    incident = rapid_review.incident
    plan = rapid_review.safety_plan
    today = timezone.localdate()
    return render_pdf(
        "reviews/pdf/rapid_review.html",
        {
            "rapid_review": rapid_review,
            "incident": incident,
            "agencies": list(incident.agencies.order_by("name")),
            "panel": selectors.panel_of(rapid_review),
            "meetings": list(rapid_review.meetings.all()),
            "returns": selectors.rapid_review_returns(rapid_review),
            "actions": plan_reads.plan_actions(plan, today) if plan else [],
            "themes": list(rapid_review.themes.all()),
            "partnership": PartnershipDetails.load(),
            "local_authority": local_authority(),
            "generated_at": timezone.now(),
            "footer": f"OFFICIAL-SENSITIVE. Rapid review, case {incident.reference}",
        },
    )


def render_briefing(briefing: Briefing) -> bytes:
    details = PartnershipDetails.load()
    return render_pdf(
        "reviews/pdf/briefing.html",
        {
            "briefing": briefing,
            "themes": list(briefing.themes.all()),
            "partnership": details,
            "logo_src": image_src(details.logo),
            "footer": f"7-minute briefing: {briefing.title}"[:90],
        },
    )
