from .models import PartnershipDetails


def partnership(request) -> dict:
    details = PartnershipDetails.load()
    context = {"portal_name": details.name, "partnership": details}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from . import permissions

        context["partnership_nav"] = {
            "budget": permissions.can_view_budget(user),
            "details": permissions.can_manage_partnership_details(user),
            "retention": permissions.can_manage_users(user),
        }
    return context


def error_page_context() -> dict:
    """The partnership's name and contact for the 500 page, from the cache only (the
    database may be what failed)."""
    details = PartnershipDetails.cached()
    return {"portal_name": details.name, "partnership": details} if details is not None else {}
