"""Who may see and do what with the scorecard, the executive dashboard and the yearly report.

(The challenge log, escalations, scrutiny, assurance requests, inspections and spotlights
keep theirs in scrutiny.permissions.) Every check is used by the views, for the flags the
templates get, and by the querysets alike.
"""

from django.db.models import Q, QuerySet

from core import kept
from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.models import Organisation
from partnership.permissions import is_organisation_lead, led_organisation_ids

from .models import Indicator, IndicatorValue, ReportSignatory, YearlyReport

# The scorecard -----------------------------------------------------------------------------------


def can_view_scorecard(user) -> bool:
    """Performance figures are not need-to-know: anyone with a role in the partnership."""
    return has_any_role(user)


def can_manage_indicators(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def can_view_indicator_history(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER)


def indicators_visible_to(user) -> QuerySet[Indicator]:
    if not can_view_scorecard(user):
        return Indicator.objects.none()
    indicators = Indicator.objects.all()
    if not can_manage_indicators(user):
        indicators = indicators.filter(is_active=True)
    return indicators


def indicators_enterable_by(user) -> QuerySet[Indicator]:
    """Active, typed (not computed) indicators whose values the person may enter: every one
    for the business unit, their own organisations' for an organisation lead."""
    if not user.is_authenticated or not user.is_active:
        return Indicator.objects.none()
    indicators = Indicator.objects.filter(is_active=True, computed_key="")
    if has_role(user, Role.BUSINESS_UNIT):
        return indicators
    return indicators.filter(organisation_id__in=led_organisation_ids(user))


def values_enterable_by(user) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(indicator__in=indicators_enterable_by(user))


def can_enter_value(user, indicator: Indicator) -> bool:
    if not indicator.is_active or indicator.is_computed or not user.is_authenticated or not user.is_active:
        return False
    return has_role(user, Role.BUSINESS_UNIT) or is_organisation_lead(user, indicator.organisation)


def can_enter_values(user) -> bool:
    """Whether the person has any indicator to enter values for (the "enter" pages)."""
    return indicators_enterable_by(user).exists()


# The executive dashboard -------------------------------------------------------------------------


def can_view_dashboard(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


# The yearly report -------------------------------------------------------------------------------


def partners_led_by(user) -> QuerySet[Organisation]:
    """The safeguarding partners (council, integrated care board, police) the person leads in
    the directory."""
    return Organisation.objects.filter(pk__in=led_organisation_ids(user), is_safeguarding_partner=True, is_active=True)


def _partner_ids() -> frozenset[int]:
    """The active safeguarding partners (three or so), kept until an organisation changes."""
    return kept.kept(
        "scrutiny:partner-ids",
        [Organisation],
        lambda: frozenset(
            Organisation.objects.filter(is_safeguarding_partner=True, is_active=True).values_list("pk", flat=True)
        ),
    )


def is_lead_partner(user) -> bool:
    """Asked by the menu on every page, and by the report's pages: whether the request's list
    of the organisations the person leads holds a partner (no query for someone who leads
    nothing), once per request (kept on the user)."""
    if not hasattr(user, "_reporting_is_lead_partner"):
        led = led_organisation_ids(user)
        user._reporting_is_lead_partner = bool(led) and not led.isdisjoint(_partner_ids())
    return user._reporting_is_lead_partner


def signs_for(user) -> QuerySet[ReportSignatory]:
    """The partners the person signs the yearly report for: as the named lead safeguarding
    partner, or as the delegate they recorded. Never anyone in the business unit."""
    if not user.is_authenticated or not user.is_active or has_role(user, Role.BUSINESS_UNIT):
        return ReportSignatory.objects.none()
    return ReportSignatory.objects.filter(
        Q(signatory=user) | Q(delegate=user),
        organisation__is_safeguarding_partner=True,
        organisation__is_active=True,
    )


def partners_signed_by(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=signs_for(user).values("organisation_id"))


def can_sign_for(user, signatory: ReportSignatory) -> bool:
    return signs_for(user).filter(pk=signatory.pk).exists()


def is_signatory(user) -> bool:
    """Whether the person signs for a partner (signs_for): asked by the menu on every page, so
    answered from the people named as signatories or delegates (kept until a signatory or an
    organisation changes), once per request (kept on the user)."""
    if not hasattr(user, "_reporting_is_signatory"):
        user._reporting_is_signatory = user.pk in _signing_people() and signs_for(user).exists()
    return user._reporting_is_signatory


def _signing_people() -> frozenset[int]:
    """The people who sign for a partner, as its lead or their delegate."""

    def compute() -> frozenset[int]:
        named = ReportSignatory.objects.filter(
            organisation__is_safeguarding_partner=True, organisation__is_active=True
        ).values_list("signatory_id", "delegate_id")
        return frozenset(person for pair in named for person in pair if person is not None)

    return kept.kept("scrutiny:signing-people", [ReportSignatory, Organisation], compute)


def can_view_reports(user) -> bool:
    return has_role(user, *READ_ALL_ROLES) or is_lead_partner(user) or is_signatory(user)


def reports_visible_to(user) -> QuerySet[YearlyReport]:
    return YearlyReport.objects.all() if can_view_reports(user) else YearlyReport.objects.none()


def can_create_report(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def can_prepare_report(user) -> bool:
    """The business unit prepares the report: submits it for sign-off, withdraws it, explains
    gaps."""
    return has_role(user, Role.BUSINESS_UNIT)


def can_edit_report(user, report: YearlyReport) -> bool:
    """The business unit writes it; the signatories may edit it too (the foreword is theirs)."""
    return not report.is_published and (has_role(user, Role.BUSINESS_UNIT) or is_signatory(user))


def can_sign_off_report(user, report: YearlyReport) -> bool:
    return report.is_awaiting_sign_off and is_signatory(user)


def can_publish_report(user, report: YearlyReport) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def can_name_signatories(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def can_view_report_history(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER) or is_lead_partner(user) or is_signatory(user)


def can_download_report(user, report: YearlyReport) -> bool:
    """The published report is public (anyone may download the stored copy, signed in or
    not, from its public page); a report not yet published is for those who read reports."""
    return report.is_published or can_view_reports(user)
