"""The audits panel on My work: how many returns wait for the person, each count linking to
the audits page that lists them (returns to sign off, which no page lists, are named)."""

from django.db.models import Exists, F, OuterRef
from django.urls import reverse

from core.mywork import Tally
from partnership.permissions import led_organisation_ids

from . import permissions
from .models import AuditCase, AuditCycle, AuditSubmission, CaseAudit, CaseReturn
from .selectors import mywork as mywork_reads


def my_work(request) -> dict | None:
    user = request.user
    if not permissions.can_view_audits(user):
        # A senior officer invited by email has no role: the one thing audits holds for them
        # is the return they were asked to sign off.
        return _to_sign_off_only(user) if user.is_authenticated else None
    home = reverse("audits:home")
    return {
        "tallies": [
            Tally(
                "audit return your organisation owes",
                "audit returns your organisation owes",
                AuditSubmission.objects.filter(
                    organisation_id__in=led_organisation_ids(user),
                    is_withdrawn=False,
                    cycle__status=AuditCycle.Status.OPEN,
                    status__in=AuditSubmission.EDITABLE,
                ),
                home,
            ),
            _sign_off_tally(user),
            Tally(
                "audit return to moderate",
                "audit returns to moderate",
                mywork_reads.submissions_to_moderate(user),
                home,
            ),
            Tally(
                "case audit return your organisation owes",
                "case audit returns your organisation owes",
                case_returns_owed(user),
                home,
            ),
        ]
    }


def _sign_off_tally(user) -> Tally:
    return Tally(
        "audit return for you to sign off",
        "audit returns for you to sign off",
        mywork_reads.submissions_to_sign_off(user),
        shown=10,
        row_template="audits/_mywork_sign_off.html",
    )


def _to_sign_off_only(user) -> dict:
    return {"tallies": [_sign_off_tally(user)]}


def case_returns_owed(user):
    """A row for each case, and organisation the person leads taking part in its audit, that
    has no submitted return (what mywork_reads.my_case_returns lists). The organisations led are
    the request's list of them (partnership.permissions.led_organisation_ids), as in every count
    on My work."""
    return (
        AuditCase.objects.filter(
            case_audit__status=CaseAudit.Status.AUDITING,
            case_audit__participants__in=led_organisation_ids(user),
        )
        .alias(participant=F("case_audit__participants"))
        .filter(
            ~Exists(
                CaseReturn.objects.filter(
                    case=OuterRef("pk"), organisation=OuterRef("participant"), status=CaseReturn.Status.SUBMITTED
                )
            )
        )
    )
