"""Response-rate reminders for practitioners' surveys, and the daily sweep.

Agencies' leads are told how many of their staff have answered so far: one message per lead
per send, listing every agency of theirs that the survey went to (a lead for two agencies gets
one message). The sweep sends them at two stages, halfway through and a few working days before
the survey closes, each at most once (the RateReminder ledger has a unique row per stage); the
business unit can also send one by hand. The sweep also closes surveys past their closing date.
(Agencies' surveys are on the clock instead: each agency's answer is a deadline.)
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from core import calendar, notifications
from core.services import DomainError, refuse_unless, save_with_history
from partnership.models import User
from partnership.permissions import contacts_for_organisations

from .. import permissions
from ..models import RateReminder, Survey
from ..selectors.surveys import AgencyRate, agency_rates
from . import SURVEYS_KIND
from .surveys import survey_close

Stage = RateReminder.Stage
CLOSING_WORKING_DAYS = 3


def due_stage(survey: Survey, today: date) -> str | None:
    """The latest automatic stage that has come for an open practitioners' survey, if any."""
    if survey.audience != Survey.Audience.PRACTITIONERS or not survey.accepts_answers(today):
        return None
    if calendar.working_days_between(today, survey.closes_on) <= CLOSING_WORKING_DAYS:
        return Stage.CLOSING
    if (today - survey.opens_on).days * 2 >= (survey.closes_on - survey.opens_on).days:
        return Stage.HALFWAY
    return None


@dataclass
class Planned:
    """Who would be told what: each lead with their agencies' rows."""

    by_lead: dict[User, list[AgencyRate]]
    agencies_without_lead: list[AgencyRate]

    @property
    def recipients(self) -> int:
        return len(self.by_lead)


def plan(survey: Survey) -> Planned:
    rates = agency_rates(survey)
    contacts = contacts_for_organisations([r.organisation.pk for r in rates])
    by_lead: dict[User, list[AgencyRate]] = {}
    without = []
    for row in rates:
        leads = contacts.get(row.organisation.pk, [])
        if not leads:
            without.append(row)
        for lead in leads:
            by_lead.setdefault(lead, []).append(row)
    return Planned(by_lead=by_lead, agencies_without_lead=without)


def _line(row: AgencyRate) -> str:
    staff = f" of the {row.staff_invited} staff it went to ({row.rate}%)" if row.staff_invited else ""
    return f"- {row.organisation}: {row.responses} answer{'s' if row.responses != 1 else ''}{staff}"


def _send(survey: Survey, planned: Planned) -> None:
    url = survey.get_absolute_url()
    for lead, rows in planned.by_lead.items():
        notifications.notify(
            [lead],
            kind=SURVEYS_KIND.key,
            title=f"How many of your staff have answered “{survey}”",
            body="So far:\n"
            + "\n".join(_line(row) for row in rows)
            + f"\n\nThe survey closes on {survey.closes_on:%-d %B %Y}. Please remind your staff: the link is on "
            "the survey’s page. Answers are anonymous.",
            url=url,
            subject=survey,
        )


@transaction.atomic
def rate_reminders_send(*, acting_user: User, survey: Survey) -> RateReminder:
    """The business unit sends the leads their agencies' response rates now."""
    refuse_unless(permissions.can_manage_surveys(acting_user))
    if survey.audience != Survey.Audience.PRACTITIONERS or not survey.accepts_answers(calendar.today()):
        raise DomainError("Response-rate reminders are for a practitioners’ survey while it is open")
    planned = plan(survey)
    if not planned.recipients:
        raise DomainError("None of the invited agencies has a lead in the portal to tell")
    _send(survey, planned)
    reminder = RateReminder(survey=survey, stage=Stage.BY_HAND, sent_by=acting_user, recipients=planned.recipients)
    save_with_history(reminder, acting_user=acting_user, reason="Sent by hand", clean=False)
    return reminder


def send_stage(survey: Survey, stage: str) -> RateReminder | None:
    """Send an automatic stage once: the ledger row and the messages commit together, and a
    second sweep (or a second worker) finds the row and sends nothing."""
    try:
        with transaction.atomic():
            reminder = RateReminder.objects.create(survey=survey, stage=stage)
            planned = plan(survey)
            _send(survey, planned)
            reminder.recipients = planned.recipients
            reminder.save(update_fields=["recipients"])
            return reminder
    except IntegrityError:
        return None


def sweep(today: date | None = None) -> dict[str, int]:
    """Close surveys past their closing date; send the response-rate reminders that are due."""
    today = today or calendar.today()
    closed = 0
    for survey in Survey.objects.filter(status=Survey.Status.PUBLISHED, closes_on__lt=today):
        survey_close(acting_user=None, survey=survey, reason="Closed: its closing date had passed")
        closed += 1
    sent = 0
    open_surveys = Survey.objects.filter(
        audience=Survey.Audience.PRACTITIONERS,
        status=Survey.Status.PUBLISHED,
        opens_on__lte=today,
        closes_on__gte=today,
    )
    done = set(
        RateReminder.objects.filter(survey__in=open_surveys).exclude(stage=Stage.BY_HAND).values_list("survey", "stage")
    )
    for survey in open_surveys:
        stage = due_stage(survey, today)
        if stage and (survey.pk, stage) not in done and send_stage(survey, stage) is not None:
            sent += 1
    return {"closed": closed, "reminders_sent": sent}
