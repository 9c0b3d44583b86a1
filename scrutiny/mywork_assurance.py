"""The home page's "My work" panel for assurance: challenges to answer or close, assurance
reports owed, spotlight questions to answer, recommendations awaiting the Executive, and
escalation stages the person leads or mediates."""

from core import calendar
from core.roles import Role, has_role

from .selectors import assurance, challenges, escalations, scrutiny, spotlights


def my_work(request) -> dict | None:
    user = request.user
    today = calendar.today()
    context = {
        "to_answer": challenges.with_status(challenges.challenges_awaiting_response_from(user), today),
        "to_close": challenges.challenges_to_close(user),
        "reports": assurance.requests_awaiting_report_from(user),
        "spotlights": spotlights.spotlights_to_answer(user),
        "recommendations": (scrutiny.recommendations_awaiting_response() if has_role(user, Role.EXECUTIVE) else []),
        "stages": escalations.stages_led_by(user),
    }
    if not any(context.values()):
        return None
    context["today"] = today
    return context
