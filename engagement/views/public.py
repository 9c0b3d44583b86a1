"""The pages anyone may open without signing in: a practitioners' survey through its link,
and the published "you said, we did" log.

The survey link keeps nothing about the person answering (see flood.py and
models/responses.py): no cookie is set (the form is not protected by Django's CSRF cookie: its
signed, single-use form token does that job, and a cross-site post could only add an answer
anyone may add), nothing is written to the session or the messages, and the answers are
stored without a time, an address or an account.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core import calendar
from core.pagination import paginate
from core.public import public_page, render_public
from core.services import DomainError
from partnership.models import PartnershipDetails

from .. import flood
from ..forms import ResponseForm
from ..forms.responses import PRACTITIONER
from ..selectors import surveys as selectors
from ..selectors.voices import priorities_with_published_you_said, published_you_said
from ..services.responses import public_response_record

FLOODED = "Too many answers are arriving at once. Wait a few minutes, then send yours again: nothing you typed is lost."
TOO_SOON = "Take a moment to check your answers, then send them."
STALE = "This page was open for a long time. Check your answers, then send them again."
USED = "These answers were sent already. If you want to send more, check them, then send them again."


@login_not_required
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def public_survey(request, token: str):
    survey = selectors.public_survey(token)
    today = calendar.today()
    if not survey.accepts_answers(today):
        not_yet = survey.status == survey.Status.PUBLISHED and today < survey.opens_on
        response = render_public(
            request,
            "engagement/public_closed.html",
            {"survey": survey, "not_yet": not_yet, "details": PartnershipDetails.load()},
        )
        response.status_code = 200 if not_yet else 410
        return response
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        sections=selectors.structure(survey),
        about=PRACTITIONER,
        organisations=selectors.agency_choices(survey),
    )
    form_token, status = None, 200
    if request.method == "POST":
        if not flood.within_cap(survey.pk):
            form.is_valid()
            form.add_error(None, FLOODED)
            status = 429
        elif request.POST.get(flood.HONEYPOT):
            # Only a machine fills in the box people cannot see: thank it and keep nothing.
            return redirect("engagement:public-survey-thanks", token)
        else:
            checked = flood.check(request.POST.get(flood.SIGNED_FIELD, ""), survey.pk)
            valid = form.is_valid()
            if checked.verdict == flood.Verdict.TOO_SOON:
                form.add_error(None, TOO_SOON)
                form_token = request.POST.get(flood.SIGNED_FIELD)
            elif checked.verdict in (flood.Verdict.EXPIRED, flood.Verdict.INVALID):
                form.add_error(None, STALE)
            elif valid and not flood.claim(checked.nonce):
                form.add_error(None, USED)
            elif valid:
                try:
                    public_response_record(
                        survey=survey,
                        values=form.values(),
                        organisation=form.organisation(),
                        role=form.cleaned_data.get("role") or "",
                    )
                except DomainError as error:
                    form.add_error(None, str(error))
                else:
                    return redirect("engagement:public-survey-thanks", token)
            if status == 200 and form.errors:
                status = 400
    response = render_public(
        request,
        "engagement/public_survey.html",
        {
            "survey": survey,
            "form": form,
            "form_token": form_token or flood.issue(survey.pk),
            "honeypot": flood.HONEYPOT,
            "token_field": flood.SIGNED_FIELD,
            "details": PartnershipDetails.load(),
        },
    )
    response.status_code = status
    return response


@login_not_required
@never_cache
@require_GET
def public_survey_thanks(request, token: str):
    survey = selectors.public_survey(token)
    return render_public(
        request,
        "engagement/public_thanks.html",
        {"survey": survey, "details": PartnershipDetails.load(), "log_url": reverse("engagement:public-you-said")},
    )


@public_page
def public_you_said(request):
    """“You said, we did”: the published entries, newest first, filtered by priority."""
    priorities = priorities_with_published_you_said()
    wanted = request.GET.get("priority", "")
    chosen = next((p for p in priorities if str(p.pk) == wanted), None)
    return render_public(
        request,
        "engagement/public_you_said.html",
        {
            "page": paginate(request, published_you_said(priority=chosen), per_page=20),
            "priorities": priorities,
            "chosen": chosen,
            "details": PartnershipDetails.load(),
        },
    )
