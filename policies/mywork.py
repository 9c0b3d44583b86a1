"""The home page panel: reviews due on documents I lead, comments to answer and consultations
to close on documents I manage, consultations waiting on my organisation's comments, and
documents my organisation has not yet confirmed adopting."""

from core import calendar

from . import permissions, selectors

SHOWN = 5


def my_work(request) -> dict | None:
    user = request.user
    if not permissions.can_use_policies(user):
        return None
    today = calendar.today()
    context = {
        "reviews_due": [
            {"policy": policy, "overdue": policy.review_date < today}
            for policy in selectors.reviews_due_for(user, today)[:SHOWN]
        ],
        "to_answer": list(selectors.comments_to_answer(user)[:SHOWN]),
        "to_close": list(selectors.consultations_to_close(user, today)[:SHOWN]),
        "awaiting_comments": list(selectors.consultations_awaiting_comments(user)[:SHOWN]),
        "to_adopt": list(selectors.adoptions_awaited(user)[:SHOWN]),
    }
    if not any(context.values()):
        return None
    if len(context["to_adopt"]) == SHOWN:
        context["to_adopt_count"] = selectors.adoptions_awaited(user).count()
    return context
