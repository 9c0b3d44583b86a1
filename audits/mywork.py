from core import calendar

from . import permissions, selectors


def my_work(request) -> dict | None:
    """My organisations' returns still to do, returns waiting for me to sign off, moderate or accept,
    and case audit returns my organisations owe."""
    user = request.user
    if not permissions.can_view_audits(user):
        return None
    today = calendar.today()
    due = [s for s in selectors.my_submissions(user).filter(cycle__status="open")[:20] if s.is_editable]
    for submission in due:
        submission.late = submission.is_late(today)
    context = {
        "due": due,
        "to_sign_off": list(selectors.submissions_to_sign_off(user)[:10]),
        "to_moderate": list(selectors.submissions_to_moderate(user)[:10]),
        "case_returns": selectors.my_case_returns(user)[:10],
    }
    if not any(context.values()):
        return None
    return context
