"""Learning: themes and their counts, 7-minute briefings (written, published as a public
page and a PDF), and where each briefing went."""

import copy

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import learning
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page, post_action
from partnership.models import PartnershipDetails

from .. import permissions, report
from ..forms.learning import BriefingForm, DisseminationForm, ThemeForm
from ..models import Briefing
from ..selectors import learning as selectors
from ..services import learning as services


def theme_list(request):
    refuse_unless(permissions.can_view_themes(request.user))
    years, counts = selectors.theme_counts()
    can_manage = permissions.can_manage_themes(request.user)
    learning.attach([row.theme for row in counts], user=request.user, can_mark=can_manage)
    return render(
        request,
        "reviews/theme_list.html",
        {"years": years, "counts": counts, "can_manage": can_manage},
    )


@require_http_methods(["GET", "POST"])
def theme_create(request):
    refuse_unless(permissions.can_manage_themes(request.user))
    form = ThemeForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a learning theme",
        submit="Add the theme",
        back_url=reverse("reviews:theme-list"),
        on_valid=lambda data: services.theme_save(acting_user=request.user, **data),
        success=lambda theme: f"“{theme}” added to the list",
        next_url=reverse("reviews:theme-list"),
    )


@require_http_methods(["GET", "POST"])
def theme_edit(request, pk: int):
    refuse_unless(permissions.can_manage_themes(request.user))
    theme = selectors.theme_get(pk)
    form = ThemeForm(request.POST or None, instance=copy.copy(theme))
    return form_page(
        request,
        form,
        title="Change the learning theme",
        caption=str(theme),
        back_url=reverse("reviews:theme-list"),
        on_valid=lambda data: services.theme_save(acting_user=request.user, theme=theme, **data),
        success="Theme saved",
        next_url=reverse("reviews:theme-list"),
    )


def briefing_list(request):
    status = request.GET.get("status", "")
    status = status if status in Briefing.Status.values else ""
    return render(
        request,
        "reviews/briefing_list.html",
        {
            "page": paginate(request, selectors.briefing_list_for_user(request.user, status=status)),
            "status": status,
            "can_manage": permissions.can_manage_briefings(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def briefing_create(request):
    refuse_unless(permissions.can_manage_briefings(request.user))
    form = BriefingForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Write a 7-minute briefing",
        intro="Published briefings are public: write them without the child’s pseudonym or any case detail.",
        submit="Save the draft",
        back_url=reverse("reviews:briefing-list"),
        on_valid=lambda data: services.briefing_save(acting_user=request.user, **data),
        success="Draft saved",
        next_url=lambda briefing: briefing,
    )


def briefing_detail(request, pk: int):
    briefing = selectors.briefing_get_for_user(request.user, pk)
    manages = permissions.can_manage_briefings(request.user)
    return render(
        request,
        "reviews/briefing_detail.html",
        {
            "briefing": briefing,
            "themes": list(briefing.themes.all()),
            # Which of its themes training took up, and how many attended since.
            "training": [m for m in learning.marks_for(briefing.themes.all(), user=request.user).values() if m.uptakes],
            "disseminations": list(briefing.disseminations.select_related("group", "recorded_by")),
            "can_manage": manages,
            "missing": briefing.missing_sections(),
        },
    )


@require_http_methods(["GET", "POST"])
def briefing_edit(request, pk: int):
    briefing = selectors.briefing_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_briefings(request.user))
    form = BriefingForm(request.POST or None, instance=copy.copy(briefing))
    return form_page(
        request,
        form,
        title="Change the briefing",
        caption=briefing.title,
        intro="A published briefing changes on its public page as soon as you save.",
        back_url=briefing.get_absolute_url(),
        on_valid=lambda data: services.briefing_save(acting_user=request.user, briefing=briefing, **data),
        success="Briefing saved",
        next_url=briefing,
    )


@require_POST
def briefing_publish(request, pk: int):
    briefing = selectors.briefing_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_briefings(request.user))
    return post_action(
        request,
        lambda: services.briefing_publish(acting_user=request.user, briefing=briefing),
        success="Briefing published: it has a public page and a PDF",
        next_url=briefing,
    )


def briefing_history(request, pk: int):
    briefing = selectors.briefing_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_briefings(request.user))
    return render_history(
        request, briefing, title=f"History of the briefing “{briefing}”", back_url=briefing.get_absolute_url()
    )


@require_http_methods(["GET", "POST"])
def dissemination_add(request, pk: int):
    briefing = selectors.briefing_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_briefings(request.user))
    form = DisseminationForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Record where the briefing went",
        caption=briefing.title,
        submit="Record it",
        back_url=briefing.get_absolute_url(),
        on_valid=lambda data: services.dissemination_record(acting_user=request.user, briefing=briefing, **data),
        success="Dissemination recorded",
        next_url=briefing,
    )


# Public pages: anyone, signed in or not -------------------------------------------------------------------


@login_not_required
def briefing_public_list(request):
    return render(
        request,
        "reviews/briefing_public_list.html",
        {"page": paginate(request, selectors.published_briefings()), "details": PartnershipDetails.load()},
    )


@login_not_required
def briefing_public(request, slug: str):
    briefing = selectors.published_briefing(slug)
    return render(
        request,
        "reviews/briefing_public.html",
        {"briefing": briefing, "themes": list(briefing.themes.all()), "details": PartnershipDetails.load()},
    )


@login_not_required
def briefing_pdf(request, slug: str):
    briefing = selectors.published_briefing(slug)
    response = HttpResponse(report.render_briefing(briefing), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="7-minute-briefing-{briefing.slug}.pdf"'
    return response
