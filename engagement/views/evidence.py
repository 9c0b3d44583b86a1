"""Evidence of listening, for an agency's Section 11 return (standard 4): what the portal
holds that the agency can cite, from core.evidence's sources."""

from django.shortcuts import render

from core import evidence
from core.services import refuse_unless

from .. import permissions
from ..selectors.surveys import organisations_for_evidence


def evidence_list(request):
    user = request.user
    refuse_unless(permissions.can_view_evidence(user))
    choices = organisations_for_evidence(user)
    wanted = request.GET.get("organisation", "")
    organisation = next((o for o in choices if str(o.pk) == wanted), None)
    if organisation is None and choices and not permissions.reads_everything(user):
        organisation = choices[0]
    items = evidence.items_for(organisation, user, topic=evidence.CHILDRENS_VOICE) if organisation else []
    return render(
        request,
        "engagement/evidence.html",
        {
            "organisation": organisation,
            "choices": choices,
            "can_choose": len(choices) > 1,
            "items": items,
            "topic": evidence.TOPICS[evidence.CHILDRENS_VOICE],
            "show_evidence": True,
        },
    )
