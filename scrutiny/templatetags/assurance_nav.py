"""What the Assurance sub-navigation may link to for the person reading it: the decision is
made here, with the permission helpers, so the shared partial shows only links that open."""

from django import template

from .. import permissions_reporting

register = template.Library()


@register.simple_tag(takes_context=True)
def assurance_nav_links(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"reports": user is not None and permissions_reporting.can_view_reports(user)}
