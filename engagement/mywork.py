"""The listening panel on "My work": how many things wait for this person, each count linking
to the list that holds them (counted with every other panel's in one query: core.mywork)."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from core import calendar
from core.mywork import Tally
from partnership.permissions import led_organisation_ids
from subgroups.permissions import chaired_group_ids

from . import permissions
from .models import Answer, Response, Survey, YouSaid


def my_work(request) -> dict | None:
    user = request.user
    if not permissions.can_use_listening(user):
        return None
    today = calendar.today()
    open_surveys = Survey.objects.filter(status=Survey.Status.PUBLISHED, opens_on__lte=today, closes_on__gte=today)
    led = led_organisation_ids(user)
    review = Q(status=YouSaid.Status.REVIEW, group_id__in=chaired_group_ids(user))
    if permissions.manages(user):
        review |= Q(status=YouSaid.Status.REVIEW, group__isnull=True)
    tallies = [
        Tally(
            "survey your agency should answer",
            "surveys your agency should answer",
            open_surveys.filter(audience=Survey.Audience.AGENCY_LEADS, invited__organisation_id__in=led)
            .exclude(pk__in=Response.objects.filter(for_agency=True, organisation_id__in=led).values("survey_id"))
            .distinct(),
            _surveys(status=Survey.Status.PUBLISHED, audience=Survey.Audience.AGENCY_LEADS),
        ),
        Tally(
            "children’s survey you facilitate: enter young people’s answers",
            "children’s surveys you facilitate: enter young people’s answers",
            open_surveys.filter(audience=Survey.Audience.CHILDREN, facilitators=user).distinct(),
            _surveys(status=Survey.Status.PUBLISHED, audience=Survey.Audience.CHILDREN),
        ),
        Tally(
            "thing children or families told us: say what we did",
            "things children or families told us: say what we did",
            YouSaid.objects.filter(owner=user, status=YouSaid.Status.WITH_OWNER),
            _you_said(status=YouSaid.Status.WITH_OWNER, mine="on"),
        ),
        Tally(
            "“we did” answer waiting for your review",
            "“we did” answers waiting for your review",
            YouSaid.objects.filter(review),
            _you_said(status=YouSaid.Status.REVIEW),
        ),
    ]
    if permissions.manages(user):
        tallies += [
            Tally(
                "survey comment waiting for moderation",
                "survey comments waiting for moderation",
                Answer.objects.filter(moderation=Answer.Moderation.AWAITING),
                reverse("engagement:survey-list"),
            ),
            Tally(
                "thing children or families told us with no owner yet",
                "things children or families told us with no owner yet",
                YouSaid.objects.filter(status=YouSaid.Status.RECORDED),
                _you_said(status=YouSaid.Status.RECORDED),
            ),
        ]
    return {"tallies": tallies}


def _surveys(**filters) -> str:
    return f"{reverse('engagement:survey-list')}?{urlencode(filters)}"


def _you_said(**filters) -> str:
    return f"{reverse('engagement:yousaid-list')}?{urlencode(filters)}"
