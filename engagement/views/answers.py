"""Answering in the portal: an agency's lead for their agency, and a facilitator entering each
young person's answers after a forum session."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms import ResponseForm, SessionForm
from ..forms.responses import CHILD
from ..selectors import surveys as selectors
from ..services import responses as services


@require_http_methods(["GET", "POST"])
def agency_answer(request, pk: int, organisation_pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_answer_for_agency(request.user, survey, calendar.today()))
    organisation = selectors.agency_to_answer_for(request.user, survey, organisation_pk)
    if selectors.agency_has_answered(survey, organisation):
        messages.info(request, f"{organisation} has already answered this survey")
        return redirect(survey)
    form = ResponseForm(request.POST or None, sections=selectors.structure(survey))
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_answer_record(
                acting_user=request.user, survey=survey, organisation=organisation, values=form.values()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{organisation}’s answers sent. Thank you.")
            return redirect(survey)
    return render(
        request,
        "engagement/answer_form.html",
        {
            "survey": survey,
            "form": form,
            "page_title": f"Answer for {organisation}",
            "intro": "Your answers are recorded as your agency’s (they are not anonymous). You can send them once.",
            "submit": "Send your agency’s answers",
            "back_url": survey.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def session_start(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_enter_for_children(request.user, survey, calendar.today()))
    form = SessionForm(request.POST or None, initial={"held_on": calendar.today()})
    return form_page(
        request,
        form,
        title="Start entering a forum session’s answers",
        caption=str(survey),
        intro="Then enter each young person’s answers in turn. Nothing that identifies them is kept.",
        submit="Start entering answers",
        back_url=survey.get_absolute_url(),
        on_valid=lambda data: services.session_start(acting_user=request.user, survey=survey, **data),
        success="Session started: enter the first young person’s answers",
        next_url=lambda session: session.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def session_enter(request, pk: int, session_pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_enter_for_children(request.user, survey, calendar.today()))
    session = selectors.session_get(survey, session_pk)
    refuse_unless(session.facilitator_id == request.user.pk or permissions.manages(request.user))
    form = ResponseForm(request.POST or None, sections=selectors.structure(survey), about=CHILD)
    if request.method == "POST" and form.is_valid():
        try:
            services.child_response_record(
                acting_user=request.user,
                session=session,
                values=form.values(),
                age_group=form.cleaned_data.get("age_group") or "",
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Answers saved. Enter the next young person’s, or finish.")
            return redirect(session.get_absolute_url())
    return render(
        request,
        "engagement/answer_form.html",
        {
            "survey": survey,
            "form": form,
            "session": session,
            "entered": session.responses.count(),
            "page_title": f"Enter a young person’s answers: {session.forum}",
            "intro": "Write what the young person said in their own words where you can. Never their name.",
            "submit": "Save and enter the next",
            "back_url": reverse("engagement:survey-detail", args=[survey.pk]),
            "finish_url": survey.get_absolute_url(),
        },
    )
