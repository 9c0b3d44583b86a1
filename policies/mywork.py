"""The home page panel: how many reviews are due on documents I lead, comments to answer and
consultations to close on documents I manage, consultations waiting on my organisation's
comments, and documents my organisation has not yet confirmed adopting; each count links to
the register, filtered to show them."""

from urllib.parse import urlencode

from django.urls import reverse

from core import calendar
from core.mywork import Tally
from partnership.permissions import led_organisation_ids

from . import permissions, selectors
from .models import ConsultationInvite, Policy


def my_work(request) -> dict | None:
    user = request.user
    if not permissions.can_use_policies(user):
        return None
    today = calendar.today()
    in_consultation = _register(status=Policy.Status.IN_CONSULTATION)
    return {
        "tallies": [
            Tally(
                "policy or procedure due for review",
                "policies and procedures due for review",
                selectors.reviews_due_for(user, today),
                _register(due=1),
            ),
            Tally(
                "consultation with comments to answer",
                "consultations with comments to answer",
                selectors.comments_to_answer(user),
                in_consultation,
            ),
            Tally(
                "consultation past its closing date",
                "consultations past their closing date",
                selectors.consultations_to_close(user, today),
                in_consultation,
            ),
            Tally(
                "draft waiting for your organisation’s comments",
                "drafts waiting for your organisation’s comments",
                ConsultationInvite.objects.filter(
                    organisation_id__in=led_organisation_ids(user),
                    responded_at__isnull=True,
                    consultation__closed_at__isnull=True,
                ),
                in_consultation,
            ),
            Tally(
                "procedure to confirm your organisation has adopted (each document’s page has the button)",
                "procedures to confirm your organisation has adopted (each document’s page has the button)",
                selectors.adoptions_awaited(user),
                _register(status=Policy.Status.PUBLISHED),
            ),
        ]
    }


def _register(**filters) -> str:
    return f"{reverse('policies:policy-list')}?{urlencode(filters)}"
