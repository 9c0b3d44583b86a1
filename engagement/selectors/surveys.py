"""Permission-scoped reads of surveys, their structure and their response rates."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from core import calendar
from partnership.models import Organisation, User
from partnership.permissions import organisations_led_by

from .. import permissions
from ..models import Answer, Choice, ForumSession, InvitedAgency, Question, RateReminder, Response, Section, Survey
from .results import percent


def survey_list_for_user(user: User, *, status: str = "", audience: str = "") -> QuerySet[Survey]:
    surveys = permissions.surveys_visible_to(user).annotate(response_count=Count("responses", distinct=True))
    if status in Survey.Status.values:
        surveys = surveys.filter(status=status)
    if audience in Survey.Audience.values:
        surveys = surveys.filter(audience=audience)
    return surveys.select_related("previous").order_by("-opens_on", "-pk")


def survey_get_for_user(user: User, pk: int | str) -> Survey:
    """The survey, or 404 if it is missing or not this person's to see."""
    try:
        return permissions.surveys_visible_to(user).select_related("previous", "created_by").get(pk=int(pk))
    except (Survey.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such survey") from None


def public_survey(token: str) -> Survey:
    """A published practitioners' survey by its link (the public page's own selector)."""
    survey = (
        Survey.objects.filter(
            audience=Survey.Audience.PRACTITIONERS, status__in=[Survey.Status.PUBLISHED, Survey.Status.CLOSED]
        )
        .exclude(link_code="")
        .filter(link_code=token or "-")
        .first()
    )
    if survey is None:
        raise Http404("No such survey")
    return survey


def structure(survey: Survey) -> list[Section]:
    """Sections in order, each with `.question_list` (in order, each with `.choice_list`):
    three queries."""
    sections: list[Section] = list(
        survey.sections.order_by("position", "pk").prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"), to_attr="choice_list")
                ),
                to_attr="question_list",
            )
        )
    )
    return sections


def question_get(survey: Survey, pk: int | str) -> Question:
    try:
        return survey.questions.select_related("section").get(pk=int(pk))
    except (Question.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such question") from None


def section_get(survey: Survey, pk: int | str) -> Section:
    try:
        return survey.sections.get(pk=int(pk))
    except (Section.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such section") from None


def session_get(survey: Survey, pk: int | str) -> ForumSession:
    try:
        return survey.sessions.select_related("facilitator").get(pk=int(pk))
    except (ForumSession.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such session") from None


@dataclass
class AgencyRate:
    organisation: Organisation
    invited_id: int
    responses: int
    staff_invited: int | None

    @property
    def rate(self) -> Decimal | None:
        return percent(self.responses, self.staff_invited or 0)


def agency_rates(survey: Survey) -> list[AgencyRate]:
    """Each invited agency with its responses so far and its rate (two queries)."""
    counts = dict(
        Response.objects.filter(survey=survey, organisation__isnull=False)
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    return [
        AgencyRate(invited.organisation, invited.pk, counts.get(invited.organisation_id, 0), invited.staff_invited)
        for invited in survey.invited.select_related("organisation").order_by("organisation__name")
    ]


def rate_totals(rates: list[AgencyRate]) -> dict[str, int | Decimal | None]:
    with_numbers = [r for r in rates if r.staff_invited]
    responses = sum(r.responses for r in with_numbers)
    staff = sum(r.staff_invited or 0 for r in with_numbers)
    return {"responses": responses, "staff": staff, "rate": percent(responses, staff)}


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()


def awaiting_moderation(survey: Survey) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(question__survey=survey, moderation=Answer.Moderation.AWAITING)
        .select_related("question")
        .order_by("question__section__position", "question__position", "id")
    )


def sessions_of(survey: Survey) -> QuerySet[ForumSession]:
    return (
        survey.sessions.select_related("facilitator")
        .annotate(young_people=Count("responses"))
        .order_by("-held_on", "-pk")
    )


def surveys_counts_by_status(user: User) -> dict[str, int]:
    rows = permissions.surveys_visible_to(user).values("status").annotate(n=Count("pk")).values_list("status", "n")
    return defaultdict(int, dict(rows))


def comments_waiting(surveys: Iterable[Survey | int]) -> dict[int, int]:
    return dict(
        Answer.objects.filter(question__survey__in=surveys, moderation=Answer.Moderation.AWAITING)
        .values("question__survey")
        .annotate(n=Count("pk"))
        .values_list("question__survey", "n")
    )


def open_filter(today: date) -> Q:
    return Q(status=Survey.Status.PUBLISHED, opens_on__lte=today, closes_on__gte=today)


def agency_choices(survey: Survey) -> list[Organisation]:
    """The agencies a practitioner can say they work for: those invited, or every active one."""
    invited = list(
        Organisation.objects.filter(pk__in=survey.invited.values("organisation_id")).only("pk", "name").order_by("name")
    )
    return invited or list(Organisation.objects.filter(is_active=True).only("pk", "name").order_by("name"))


def publish_problems(survey: Survey) -> list[str]:
    """What stops the survey being published, in words."""
    problems = []
    questions = list(survey.questions.all())
    if not questions:
        problems.append("Add at least one question")
    choice_counts = dict(
        Choice.objects.filter(question__survey=survey)
        .values("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    for question in questions:
        if question.has_choices and choice_counts.get(question.pk, 0) < 2:
            problems.append(f"Give “{question}” answers to choose from")
    if survey.closes_on < calendar.today():
        problems.append("Set a closing date in the future")
    if survey.audience == Survey.Audience.AGENCY_LEADS and not survey.invited.exists():
        problems.append("Choose the agencies whose leads will answer")
    if survey.audience == Survey.Audience.CHILDREN and not survey.facilitators.exists():
        problems.append("Name at least one facilitator to enter young people’s answers")
    return problems


def agencies_answered(survey: Survey) -> set[int]:
    """The organisations whose lead has answered the survey for the agency."""
    return set(survey.responses.filter(for_agency=True).values_list("organisation_id", flat=True))


def facilitators_of(survey: Survey) -> list[User]:
    return list(survey.facilitators.order_by("name"))


def reminders_sent(survey: Survey, limit: int = 10) -> list[RateReminder]:
    return list(survey.rate_reminders.select_related("sent_by")[:limit])


def reruns_of(survey: Survey, *, with_drafts: bool) -> list[Survey]:
    reruns = survey.reruns.all()
    return list(reruns if with_drafts else reruns.exclude(status=Survey.Status.DRAFT))


def agencies_to_invite(survey: Survey, kind: str = "") -> QuerySet[Organisation]:
    """Active organisations not yet invited to answer the survey, of one kind if given."""
    choices = (
        Organisation.objects.filter(is_active=True)
        .exclude(pk__in=survey.invited.values("organisation_id"))
        .order_by("name")
    )
    return choices.filter(kind=kind) if kind else choices


def invited_agency_of(survey: Survey, pk: int) -> InvitedAgency | None:
    return InvitedAgency.objects.filter(survey=survey, pk=pk).select_related("organisation").first()


def agency_to_answer_for(user: User, survey: Survey, pk: int) -> Organisation:
    """One of the agencies the person answers the survey for (404 for any other)."""
    organisation: Organisation | None = permissions.agencies_to_answer_for(user, survey).filter(pk=pk).first()
    if organisation is None:
        raise Http404("Not one of your agencies")
    return organisation


def agency_has_answered(survey: Survey, organisation: Organisation) -> bool:
    return survey.responses.filter(for_agency=True, organisation=organisation).exists()


def section_for_new_question(survey: Survey, wanted: str) -> int | None:
    """The section a new question goes in: the one asked for, if it is the survey's, else the last."""
    if wanted.isdigit() and survey.sections.filter(pk=int(wanted)).exists():
        return int(wanted)
    return survey.sections.order_by("-position").values_list("pk", flat=True).first()


def survey_is_visible_to(user: User, survey_id: int | None) -> bool:
    return survey_id is not None and permissions.surveys_visible_to(user).filter(pk=survey_id).exists()


def organisations_for_evidence(user: User) -> list[Organisation]:
    """The organisations whose evidence the person may look through: all active ones for those
    who read everything, else the ones they lead."""
    choices = (
        Organisation.objects.filter(is_active=True).order_by("name")
        if permissions.reads_everything(user)
        else organisations_led_by(user).order_by("name")
    )
    return list(choices.only("pk", "name"))
