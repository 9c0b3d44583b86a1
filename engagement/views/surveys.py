"""Surveys: the list, building one (details, who it goes to), publishing, closing, the public
link, response-rate reminders, re-running, and history."""

import copy

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page, form_response, post_action
from partnership.models import Organisation
from partnership.permissions import led_organisation_ids

from .. import permissions
from ..forms import FacilitatorsForm, InviteAgenciesForm, RerunForm, StaffNumbersForm, SurveyForm
from ..models import Survey
from ..selectors import surveys as selectors
from ..services import reminders
from ..services import surveys as services


def survey_list(request):
    refuse_unless(permissions.can_use_listening(request.user))
    status = request.GET.get("status", "")
    status = status if status in Survey.Status.values else ""
    audience = request.GET.get("audience", "")
    audience = audience if audience in Survey.Audience.values else ""
    page = paginate(request, selectors.survey_list_for_user(request.user, status=status, audience=audience))
    user = request.user
    return render(
        request,
        "engagement/survey_list.html",
        {
            "page": page,
            "status": status,
            "audience": audience,
            "statuses": Survey.Status.choices if permissions.reads_everything(user) else Survey.Status.choices[1:],
            "audiences": Survey.Audience.choices,
            "today": calendar.today(),
            "can_create": permissions.can_manage_surveys(user),
            "show_evidence": permissions.can_view_evidence(user),
        },
    )


@require_http_methods(["GET", "POST"])
def survey_create(request):
    refuse_unless(permissions.can_manage_surveys(request.user))
    form = SurveyForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Create a survey",
        intro="You add the questions next. Nothing is sent until you publish it.",
        submit="Create the survey",
        back_url=reverse("engagement:survey-list"),
        on_valid=lambda data: services.survey_create(acting_user=request.user, **data),
        success=lambda survey: f"“{survey}” created: add its questions",
        next_url=lambda survey: survey,
    )


def survey_detail(request, pk: int):
    user = request.user
    survey = selectors.survey_get_for_user(user, pk)
    today = calendar.today()
    manages = permissions.can_manage_surveys(user)
    reads_all = permissions.reads_everything(user)
    rates = selectors.agency_rates(survey) if survey.audience != Survey.Audience.CHILDREN else []
    if not (manages or reads_all):
        # An agency's lead sees how many of their own staff have answered, and no one else's.
        led = led_organisation_ids(user)
        rates = [row for row in rates if row.organisation.pk in led]
    leads_agencies = (
        list(permissions.agencies_to_answer_for(user, survey))
        if survey.audience == Survey.Audience.AGENCY_LEADS
        else []
    )
    answered = set()
    if leads_agencies:
        answered = selectors.agencies_answered(survey)
    draft = survey.is_draft
    context = {
        "survey": survey,
        "sections": selectors.structure(survey),
        "today": today,
        "state": survey.state_label(today),
        "response_count": selectors.response_count(survey),
        "rates": rates,
        "rate_totals": selectors.rate_totals(rates) if rates else None,
        "sessions": list(selectors.sessions_of(survey)) if survey.audience == Survey.Audience.CHILDREN else [],
        "facilitators": selectors.facilitators_of(survey) if survey.audience == Survey.Audience.CHILDREN else [],
        "reminders_sent": selectors.reminders_sent(survey) if manages else [],
        "problems": selectors.publish_problems(survey) if manages and draft else [],
        "public_link": request.build_absolute_uri(survey.public_url)
        if survey.public_url and survey.status == Survey.Status.PUBLISHED
        else "",
        "agencies_to_answer": [(o, o.pk in answered) for o in leads_agencies],
        "can_manage": manages,
        "can_edit_questions": permissions.can_edit_questions(user, survey),
        "can_publish": manages and draft,
        "can_close": manages and survey.status == Survey.Status.PUBLISHED,
        "can_new_link": manages and survey.is_public and survey.status == Survey.Status.PUBLISHED,
        "can_remind": manages and survey.is_public and survey.accepts_answers(today),
        "can_rerun": manages and not draft,
        "can_view_results": permissions.can_view_results(user, survey),
        "can_moderate": permissions.can_moderate(user, survey),
        "can_answer": permissions.can_answer_for_agency(user, survey, today),
        "can_enter": permissions.can_enter_for_children(user, survey, today),
        "can_view_history": permissions.can_view_history(user),
        "can_see_rates": bool(rates),
        "waiting": selectors.comments_waiting([survey.pk]).get(survey.pk, 0) if manages else 0,
        "reruns": selectors.reruns_of(survey, with_drafts=manages or reads_all),
    }
    return render(request, "engagement/survey_detail.html", context)


@require_http_methods(["GET", "POST"])
def survey_edit(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    refuse_unless(survey.status != Survey.Status.CLOSED)
    form = SurveyForm(request.POST or None, instance=copy.copy(survey))
    return form_page(
        request,
        form,
        title="Change the survey’s details",
        caption=str(survey),
        back_url=survey.get_absolute_url(),
        on_valid=lambda data: services.survey_update(acting_user=request.user, survey=survey, **data),
        success="Survey saved",
        next_url=survey,
    )


@require_http_methods(["GET", "POST"])
def survey_publish(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    refuse_unless(survey.is_draft)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.survey_publish(acting_user=request.user, survey=survey),
            success="Survey published",
            next_url=survey,
        )
    return render(
        request,
        "engagement/survey_publish.html",
        {
            "survey": survey,
            "problems": selectors.publish_problems(survey),
            "invited": survey.invited.count(),
            "facilitators": list(survey.facilitators.order_by("name")),
        },
    )


@require_http_methods(["GET", "POST"])
def survey_close(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    refuse_unless(survey.status == Survey.Status.PUBLISHED)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.survey_close(acting_user=request.user, survey=survey, reason="Closed by hand"),
            success="Survey closed: it takes no more answers",
            next_url=survey,
        )
    return render(
        request,
        "engagement/survey_close.html",
        {"survey": survey, "response_count": selectors.response_count(survey), "today": calendar.today()},
    )


@require_POST
def survey_new_link(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    return post_action(
        request,
        lambda: services.survey_new_link(acting_user=request.user, survey=survey),
        success="New link made: the old one no longer works",
        next_url=survey,
    )


@require_http_methods(["GET", "POST"])
def survey_rerun(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    refuse_unless(not survey.is_draft)
    form = RerunForm(request.POST or None, initial={"title": survey.title})
    return form_page(
        request,
        form,
        title="Run the survey again",
        caption=str(survey),
        intro="The new run starts as a draft with the same sections, questions, agencies and facilitators. Questions "
        "you leave unchanged are compared with this run in the results.",
        submit="Create the new run",
        back_url=survey.get_absolute_url(),
        on_valid=lambda data: services.survey_rerun(acting_user=request.user, survey=survey, **data),
        success=lambda rerun: f"Run {rerun.run_number} created as a draft",
        next_url=lambda rerun: rerun,
    )


def survey_history(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, survey, title=f"History of “{survey}”", back_url=survey.get_absolute_url())


# Who it goes to ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def survey_agencies(request, pk: int):
    """The invited agencies, with how many staff each sent it to (the response rate's base)."""
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    invited = list(survey.invited.select_related("organisation").order_by("organisation__name"))
    form = StaffNumbersForm(request.POST or None, invited=invited)
    return form_response(
        request,
        form,
        template="engagement/survey_agencies.html",
        context={
            "survey": survey,
            "rows": [(row, form[f"staff_{row.pk}"]) for row in invited],
            "can_change": survey.status != Survey.Status.CLOSED,
        },
        on_valid=lambda data: services.staff_numbers_save(
            acting_user=request.user, survey=survey, numbers=form.numbers()
        ),
        success="Numbers of staff saved",
        next_url=reverse("engagement:survey-agencies", args=[survey.pk]),
    )


@require_http_methods(["GET", "POST"])
def survey_agencies_add(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    refuse_unless(survey.status != Survey.Status.CLOSED)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Organisation.Kind.values else ""
    form = InviteAgenciesForm(request.POST or None, queryset=selectors.agencies_to_invite(survey, kind))
    return form_response(
        request,
        form,
        template="engagement/survey_agencies_add.html",
        context={"survey": survey, "kind": kind, "kinds": Organisation.Kind.choices},
        on_valid=lambda data: services.agencies_invite(
            acting_user=request.user, survey=survey, organisations=data["organisations"]
        ),
        success=lambda added: f"{len(added)} agenc{'y' if len(added) == 1 else 'ies'} added",
        next_url=reverse("engagement:survey-agencies", args=[survey.pk]),
    )


@require_POST
def survey_agency_remove(request, pk: int, invited_pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    invited = selectors.invited_agency_of(survey, invited_pk)
    if invited is None:
        return redirect("engagement:survey-agencies", survey.pk)
    return post_action(
        request,
        lambda: services.agency_remove(acting_user=request.user, invited=invited),
        success=f"{invited.organisation} taken off the survey",
        next_url=reverse("engagement:survey-agencies", args=[survey.pk]),
    )


@require_http_methods(["GET", "POST"])
def survey_facilitators(request, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    refuse_unless(survey.audience == Survey.Audience.CHILDREN and survey.status != Survey.Status.CLOSED)
    form = FacilitatorsForm(request.POST or None, initial={"people": list(survey.facilitators.all())})
    return form_page(
        request,
        form,
        title="Facilitators",
        caption=str(survey),
        intro="Facilitators enter each young person’s answers after a forum session. Those you add are told.",
        back_url=survey.get_absolute_url(),
        on_valid=lambda data: services.facilitators_set(acting_user=request.user, survey=survey, people=data["people"]),
        success="Facilitators saved",
        next_url=survey,
    )


@require_http_methods(["GET", "POST"])
def survey_reminders(request, pk: int):
    """Who would be told what, then send: one message per lead, listing their agencies."""
    survey = selectors.survey_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_surveys(request.user))
    refuse_unless(survey.is_public and survey.accepts_answers(calendar.today()))
    if request.method == "POST":
        return post_action(
            request,
            lambda: reminders.rate_reminders_send(acting_user=request.user, survey=survey),
            success="Response rates sent to the agencies’ leads",
            next_url=survey,
        )
    planned = reminders.plan(survey)
    return render(
        request,
        "engagement/survey_reminders.html",
        {
            "survey": survey,
            "leads": sorted(planned.by_lead.items(), key=lambda pair: pair[0].name),
            "without_lead": planned.agencies_without_lead,
        },
    )
