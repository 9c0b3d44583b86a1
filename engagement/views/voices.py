"""The "you said, we did" log: recording, giving an owner and a date, "we did", the chair's
review, publishing on the public page, history."""

import copy

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import calendar
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page, form_response, post_action

from .. import permissions
from ..forms import AssignForm, PublishForm, RespondForm, ReviewForm, YouSaidFilterForm, YouSaidForm
from ..selectors import voices as selectors
from ..selectors.surveys import survey_is_visible_to
from ..services import voices as services


def you_said_list(request):
    user = request.user
    refuse_unless(permissions.can_use_listening(user))
    filters = YouSaidFilterForm(request.GET or None)
    chosen = filters.filters()
    counts = selectors.you_said_counts()
    # Unfiltered, the list is everything heard, which the counts have counted already.
    listed = None if any(chosen.values()) else counts["heard"]
    return render(
        request,
        "engagement/yousaid_list.html",
        {
            "page": paginate(request, selectors.you_said_list_for_user(user, **chosen), count=listed),
            "filters": filters,
            "counts": counts,
            "today": calendar.today(),
            "can_record": permissions.can_record_you_said(user),
            "show_evidence": permissions.can_view_evidence(user),
            "public_url": reverse("engagement:public-you-said"),
        },
    )


def _item_data(data: dict) -> dict:
    data = dict(data)
    return {
        "priorities": data.pop("priorities", None),
        "organisations": data.pop("organisations", None),
        "confirmed": bool(data.pop("confirmed", False)),
        **data,
    }


@require_http_methods(["GET", "POST"])
def you_said_create(request):
    refuse_unless(permissions.can_record_you_said(request.user))
    form = YouSaidForm(request.POST or None, initial={"heard_on": calendar.today(), "voice": "children"})
    return form_page(
        request,
        form,
        title="Record what children or families told us",
        intro="Write it as they said it, without names. It stays inside the portal until you publish it.",
        submit="Record it",
        back_url=reverse("engagement:yousaid-list"),
        on_valid=lambda data: services.you_said_save(acting_user=request.user, **_item_data(data)),
        success=lambda item: f"{item.reference} recorded: give it an owner and a date for “we did”",
        next_url=lambda item: item,
    )


def you_said_detail(request, pk: int):
    user = request.user
    item = selectors.you_said_get_for_user(user, pk)
    return render(
        request,
        "engagement/yousaid_detail.html",
        {
            "item": item,
            "priorities": list(item.priorities.all()),
            "organisations": list(item.organisations.all()),
            "today": calendar.today(),
            "can_edit": permissions.can_edit_you_said(user, item),
            "can_assign": permissions.can_assign(user, item),
            "can_respond": permissions.can_respond(user, item),
            "can_review": permissions.can_review(user, item),
            "can_publish": permissions.can_publish(user, item) and not item.is_published,
            "can_unpublish": permissions.can_publish(user, item) and item.is_published,
            "can_view_history": permissions.can_view_history(user),
            "can_open_survey": item.survey is not None and survey_is_visible_to(user, item.survey_id),
            "public_problems": services.public_problems(item) if permissions.can_publish(user, item) else [],
        },
    )


@require_http_methods(["GET", "POST"])
def you_said_edit(request, pk: int):
    item = selectors.you_said_get_for_user(request.user, pk)
    refuse_unless(permissions.can_edit_you_said(request.user, item))
    form = YouSaidForm(request.POST or None, instance=copy.copy(item))
    return form_page(
        request,
        form,
        title="Change what was said",
        caption=item.reference,
        warning="It is on the public page: the change shows there at once." if item.is_published else "",
        back_url=item.get_absolute_url(),
        on_valid=lambda data: services.you_said_save(acting_user=request.user, item=item, **_item_data(data)),
        success="Saved",
        next_url=item,
    )


@require_http_methods(["GET", "POST"])
def you_said_assign(request, pk: int):
    item = selectors.you_said_get_for_user(request.user, pk)
    refuse_unless(permissions.can_assign(request.user, item))
    initial = {"owner": item.owner_id, "response_due": item.response_due, "we_will": item.we_will}
    form = AssignForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title="Give it an owner and a date",
        caption=f"{item.reference}: {item.summary}",
        intro="The owner is told now, reminded before the date, and the group’s chair is told if it becomes overdue.",
        submit="Save and tell the owner",
        back_url=item.get_absolute_url(),
        on_valid=lambda data: services.you_said_assign(acting_user=request.user, item=item, **data),
        success=lambda saved: f"Given to {saved.owner}",
        next_url=item,
    )


@require_http_methods(["GET", "POST"])
def you_said_respond(request, pk: int):
    item = selectors.you_said_get_for_user(request.user, pk)
    refuse_unless(permissions.can_respond(request.user, item))
    form = RespondForm(request.POST or None, initial={"done_on": calendar.today(), "we_did": item.we_did})
    return form_page(
        request,
        form,
        title="Say what we did",
        caption=f"{item.reference}: {item.summary}",
        intro=f"You said: “{item.said}”" + (f" We said we would: {item.we_will}" if item.we_will else ""),
        submit="Send it for review",
        back_url=item.get_absolute_url(),
        on_valid=lambda data: services.you_said_respond(
            acting_user=request.user,
            item=item,
            we_did=data["we_did"],
            done_on=data["done_on"],
            confirmed=data["confirmed"],
        ),
        success="“We did” recorded: the group’s chair is asked to review it",
        next_url=item,
    )


@require_http_methods(["GET", "POST"])
def you_said_review(request, pk: int):
    item = selectors.you_said_get_for_user(request.user, pk)
    refuse_unless(permissions.can_review(request.user, item))
    form = ReviewForm(request.POST or None)
    return form_response(
        request,
        form,
        template="engagement/yousaid_review.html",
        context={"item": item},
        on_valid=lambda data: services.you_said_review(
            acting_user=request.user,
            item=item,
            agree=data["decision"] == "agree",
            note=data.get("note") or "",
            response_due=data.get("response_due"),
        ),
        success=lambda saved: "Agreed as done" if saved.is_done else f"Returned to {saved.owner}",
        next_url=item,
    )


@require_http_methods(["GET", "POST"])
def you_said_publish(request, pk: int):
    item = selectors.you_said_get_for_user(request.user, pk)
    refuse_unless(permissions.can_publish(request.user, item) and not item.is_published)
    form = PublishForm(request.POST or None)
    return form_response(
        request,
        form,
        template="engagement/yousaid_publish.html",
        context={"item": item, "problems": services.public_problems(item)},
        on_valid=lambda data: services.you_said_publish(
            acting_user=request.user, item=item, confirmed=data["confirmed"]
        ),
        success="Published on the public page",
        next_url=item,
    )


@require_POST
def you_said_unpublish(request, pk: int):
    item = selectors.you_said_get_for_user(request.user, pk)
    refuse_unless(permissions.can_publish(request.user, item))
    return post_action(
        request,
        lambda: services.you_said_unpublish(acting_user=request.user, item=item),
        success="Taken off the public page",
        next_url=item,
    )


def you_said_history(request, pk: int):
    item = selectors.you_said_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, item, title=f"History of {item.reference}", back_url=item.get_absolute_url())
