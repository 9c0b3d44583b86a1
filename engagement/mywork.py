"""The listening panel on "My work": what is waiting for this person, as counts and a few
links (a fixed number of queries whatever the data)."""

from django.db.models import Q
from django.urls import reverse

from core import calendar
from partnership.permissions import organisations_led_by
from subgroups.permissions import chaired_group_ids

from . import permissions
from .models import Answer, Response, Survey, YouSaid

SHOWN = 5


def my_work(request) -> dict | None:
    user = request.user
    if not permissions.can_use_listening(user):
        return None
    today = calendar.today()
    open_surveys = Survey.objects.filter(status=Survey.Status.PUBLISHED, opens_on__lte=today, closes_on__gte=today)
    led = organisations_led_by(user)
    to_answer = list(
        open_surveys.filter(audience=Survey.Audience.AGENCY_LEADS, invited__organisation__in=led)
        .exclude(pk__in=Response.objects.filter(for_agency=True, organisation__in=led).values("survey_id"))
        .distinct()
        .order_by("closes_on")[:SHOWN]
    )
    to_enter = list(
        open_surveys.filter(audience=Survey.Audience.CHILDREN, facilitators=user).order_by("closes_on")[:SHOWN]
    )
    owned = list(
        YouSaid.objects.filter(owner=user, status=YouSaid.Status.WITH_OWNER).order_by("response_due", "pk")[:SHOWN]
    )
    review = Q(status=YouSaid.Status.REVIEW, group_id__in=chaired_group_ids(user))
    if permissions.manages(user):
        review |= Q(status=YouSaid.Status.REVIEW, group__isnull=True)
    to_review = list(YouSaid.objects.filter(review).order_by("done_on", "pk")[:SHOWN])
    context = {
        "to_answer": to_answer,
        "to_enter": to_enter,
        "owned": owned,
        "to_review": to_review,
        "today": today,
        "waiting_comments": 0,
        "unowned": 0,
    }
    if permissions.manages(user):
        context["waiting_comments"] = Answer.objects.filter(moderation=Answer.Moderation.AWAITING).count()
        context["unowned"] = YouSaid.objects.filter(status=YouSaid.Status.RECORDED).count()
        context["surveys_url"] = reverse("engagement:survey-list")
        context["unowned_url"] = reverse("engagement:yousaid-list") + "?status=recorded"
    if not any(context[k] for k in ("to_answer", "to_enter", "owned", "to_review", "waiting_comments", "unowned")):
        return None
    return context
