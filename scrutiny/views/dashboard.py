"""The executive dashboard: what needs a decision or the executive's attention, in one page.

Its sections are core.assurance dashboard sections: this app's own (statutory deadlines,
action plans, escalated risks, scorecard exceptions, the yearly report, budget shares) and
those the reviews and audits apps and the challenge log register. Each section template is
rendered with its context's keys (and the whole context as `section`) under the heading the
page gives it.
"""

from django.shortcuts import render
from django.template.loader import render_to_string

from core import assurance
from core.services import refuse_unless

from .. import permissions_reporting as permissions


def dashboard(request):
    refuse_unless(permissions.can_view_dashboard(request.user))
    sections = assurance.dashboard_sections_for(request)
    for section in sections:
        context = section["context"]
        section["html"] = render_to_string(
            section["template"], {**context, "section": context, "request": request, "user": request.user}
        )
    return render(request, "scrutiny/dashboard.html", {"sections": sections})
