"""The executive dashboard: what needs a decision or the executive's attention, in one page.

Its sections are core.assurance dashboard sections: this app's own (statutory deadlines,
action plans, escalated risks, scorecard exceptions, the yearly report, budget shares) and
those the reviews and audits apps and the challenge log register. Each section template is
rendered with its context's keys (and the whole context as `section`) under the heading the
page gives it.

The sections read from most of the partnership's records, so once rendered for a person they
are kept (core.kept) until any of those records changes, or the day does: an executive reading
the dashboard again, or coming back to it, does not have it worked out again from scratch.
Who may see the page is decided on every request, before anything kept is read.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from core import assurance, kept
from core.services import refuse_unless

from .. import permissions_reporting as permissions


def dashboard(request: HttpRequest) -> HttpResponse:
    refuse_unless(permissions.can_view_dashboard(request.user))
    sections = kept.kept(f"scrutiny:dashboard:{request.user.pk}", [kept.EVERYTHING], lambda: _sections(request))
    return render(request, "scrutiny/dashboard.html", {"sections": sections})


def _sections(request: HttpRequest) -> list[dict[str, Any]]:
    shown = []
    for section in assurance.dashboard_sections_for(request):
        context = section["context"]
        html = render_to_string(
            section["template"], {**context, "section": context, "request": request, "user": request.user}
        )
        shown.append({"key": section["key"], "title": section["title"], "html": html})
    return shown
