from core import calendar

from . import permissions, selectors


def my_work(request) -> dict | None:
    """Returns my agency owes, the panels I sit on, the reviews I write, and (for the business
    unit) review deadlines due in the next two weeks. Nothing for someone with none of these."""
    user = request.user
    if not permissions.can_use_reviews(user):
        return None
    context = {
        "returns": selectors.returns_owed(user),
        "rapid_reviews": selectors.my_rapid_reviews(user),
        "practice_reviews": selectors.my_practice_reviews(user),
        "deadlines": selectors.review_deadlines_due(calendar.today()) if permissions.manages_reviews(user) else [],
    }
    if not any(context.values()):
        return None
    return context
